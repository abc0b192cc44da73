"""The flow on a real dask.distributed LocalCluster, or with worker processes, gives the same tables as the default runner."""

from __future__ import annotations

import pytest

from tests.test_recovery import articles, tables


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def default_run(prefect_server, tmp_path_factory):
    """Eight articles, and the tables of the default runner in one process, batches of two."""
    from flows.pipeline import newstally

    base = tmp_path_factory.mktemp("default")
    src = articles(base / "src", 8)
    done = newstally(sources=[str(src)], warehouse=str(base / "wh"), batch_size=2)
    assert done["status"] == "completed"
    return src, tables(base / "wh")


def test_dask_runner_matches_default_runner(default_run, cluster, tmp_path):
    from flows.pipeline import flow_with_runner

    src, expected = default_run
    dask = flow_with_runner("dask", cluster.scheduler_address)(
        sources=[str(src)], warehouse=str(tmp_path / "dask"), batch_size=2, full_refresh=True
    )
    assert dask["status"] == "completed" and dask["documents_new"] == 8
    assert tables(tmp_path / "dask") == expected


def test_worker_processes_match_one_process(default_run, tmp_path):
    from flows.pipeline import newstally

    src, expected = default_run
    two = newstally(sources=[str(src)], warehouse=str(tmp_path / "two"), batch_size=2, processes=2, full_refresh=True)
    assert two["status"] == "completed" and two["documents_new"] == 8
    assert tables(tmp_path / "two") == expected
