"""What one run did: the row it keeps in the runs table, and the counts and timings its summary shows."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from schemas.tables import RUNS


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RunRecord:
    """One run, as it goes; `row()` is its row of the runs table."""

    run_id: str
    sources: list[str]
    pipeline_version: str
    started_at: datetime = field(default_factory=now)
    finished_at: datetime | None = None
    status: str = "running"
    documents_seen: int = 0
    documents_new: int = 0
    documents_duplicate: int = 0
    documents_replaced: int = 0
    documents_undated: int = 0
    series_joined: int = 0
    documents_skipped: int = 0
    documents_rejected: int = 0
    sentences: int = 0
    entities: int = 0
    claims: int = 0
    message: str | None = None
    table_counts: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # what `make bench` reports

    def row(self) -> dict:
        """The run's row of the runs table."""
        values = {**asdict(self), "sources": json.dumps(self.sources)}
        return {name: values[name] for name in RUNS.schema.names}

    def summary(self) -> dict:
        """Everything the flow returns."""
        return asdict(self)

    def add_seconds(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    @contextmanager
    def timed(self, stage: str):
        """Add the wall time of a stage to `stage_seconds`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add_seconds(stage, time.perf_counter() - started)
