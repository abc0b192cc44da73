"""The flow on a real dask.distributed LocalCluster, or with worker processes, gives the same tables as the default runner."""

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
        sources=[str(src)], warehouse=str(tmp_path / "dask"), batch_size=2, full_refresh=True
    )
    assert default["status"] == dask["status"] == "completed"
    assert dask["documents_new"] == 8
    assert tables(tmp_path / "dask") == tables(tmp_path / "default")


def test_worker_processes_match_one_process(prefect_server, tmp_path):
    from flows.pipeline import newstally

    src = articles(tmp_path / "src", 8)
    one = newstally(sources=[str(src)], warehouse=str(tmp_path / "one"), batch_size=2)
    two = newstally(sources=[str(src)], warehouse=str(tmp_path / "two"), batch_size=2, processes=2, full_refresh=True)
    assert one["status"] == two["status"] == "completed"
    assert two["documents_new"] == 8
    assert tables(tmp_path / "two") == tables(tmp_path / "one")
