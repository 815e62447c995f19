"""``--dask-address``: the document tasks run on an existing Dask cluster (started here)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.models import RunSummary
from pipeline.runs.config import Settings
from pipeline.runs.summary import SUMMARY_NAME

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_flow_runs_its_documents_on_a_dask_cluster(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from flows.batch import run_batch_flow

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("S_PRST_2007_24-EN.txt", "A_63_261-FR.txt"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        workers = {w["id"] for w in client.scheduler_info()["workers"].values()}
        settings = Settings(corpus=corpus, out=out,
                            runner={"dask_address": cluster.scheduler_address})
        state = run_batch_flow(corpus, out, settings=settings)
        ran_on = client.run(
            lambda: __import__("sys").modules.get("pipeline.runs.worker") is not None)
    assert state.is_failed()  # empty.txt
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    status = {Path(r.input).name: r for r in summary.documents}
    assert status["empty.txt"].error is not None
    assert status["empty.txt"].error.code == "empty-input"
    assert status["S_PRST_2007_24-EN.txt"].status == "ok"
    assert status["A_63_261-FR.txt"].status == "ok"
    doc = json.loads((out / "A_63_261.fr.json").read_text(encoding="utf-8"))
    assert doc["document"]["symbol"] == "A/63/261" and doc["document"]["language"] == "fr"
    assert len(workers) == 2 and any(ran_on.values())  # the stages ran in the Dask workers
