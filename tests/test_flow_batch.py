"""One end-to-end run of the Prefect batch flow (on Prefect's temporary test server).

Everything else of the batch is tested through plain functions (tests/test_batch_*.py).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.models import RunSummary
from pipeline.runs.state import STATE_NAME
from pipeline.runs.summary import SUMMARY_NAME
from pipeline.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "corpus" / "S_PRST_2007_24-EN.txt"


def _task_runs(flow_run_id: Any) -> dict[str, str]:
    """name → state of the flow run's task runs (reported through events: allow them to land)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    runs: dict[str, str] = {}
    with get_client(sync_client=True) as client:
        for _ in range(120):  # up to 30 s on a loaded machine; usually a second
            found = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
            runs = {r.name: r.state.type.value if r.state else "" for r in found}
            if runs.get("emit[good/S_PRST_2007_24-EN.txt]") == "COMPLETED" and runs.get(
                "document[empty.txt]"
            ) == "FAILED" and runs.get("ingest[empty.txt]") == "FAILED":
                break
            time.sleep(0.25)
    return runs


@pytest.mark.usefixtures("prefect_harness")
def test_batch_flow_isolates_a_failing_document(tmp_path: Path) -> None:
    from flows.batch import run_batch_flow

    corpus = tmp_path / "corpus"
    (corpus / "good").mkdir(parents=True)
    shutil.copy(GOOD, corpus / "good" / GOOD.name)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"

    state = run_batch_flow(corpus, out)

    assert state.is_failed(), "a failed document fails the flow run"
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert (summary.ok, summary.failed, summary.skipped) == (1, 1, 0)
    bad, good = summary.documents  # sorted by input
    assert bad.input == str(corpus / "empty.txt") and bad.status == "failed"
    assert bad.error is not None and bad.error.code == "empty-input"
    assert bad.output is None
    assert good.status == "ok" and good.error is None
    assert good.output == str(out / "S_PRST_2007_24.en.json")
    assert set(good.timings) == {"ingest", "language", "segment", "extract", "emit"}

    doc = json.loads(Path(good.output).read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(schema_text()))
    assert doc["document"]["symbol"] == "S/PRST/2007/24"
    assert doc["document"]["language"] == "en"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(("_", "."))) == [
        "S_PRST_2007_24.en.json"
    ]
    assert (out / STATE_NAME).is_file()

    runs = _task_runs(state.state_details.flow_run_id)
    assert runs["document[good/S_PRST_2007_24-EN.txt]"] == "COMPLETED"
    for stage in ("ingest", "language", "segment", "extract", "emit"):
        assert runs[f"{stage}[good/S_PRST_2007_24-EN.txt]"] == "COMPLETED", stage
    # the UI shows which stage of which document failed, and that nothing ran after it
    assert runs["document[empty.txt]"] == "FAILED"
    assert runs["ingest[empty.txt]"] == "FAILED"
    assert "language[empty.txt]" not in runs
    assert any(n.startswith("report") and s == "COMPLETED" for n, s in runs.items())

    # a second run: nothing changed, nothing runs again
    again = run_batch_flow(corpus, out)
    second = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert again.is_failed()  # empty.txt is still broken, and is tried again
    assert (second.ok, second.failed, second.skipped) == (0, 1, 1)
    assert second.documents[1].reason == "unchanged"
    assert second.documents[1].output == good.output


@pytest.mark.usefixtures("prefect_harness")
def test_docpipe_run_exit_status_and_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import QUIET_PREFECT_ENV, main

    for key in QUIET_PREFECT_ENV:  # restored after the test, whatever `docpipe run` sets
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("COLUMNS", "400")  # table rows on one line each
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD, corpus / GOOD.name)
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out)]) == 0
    assert "1 ok, 0 failed" in capsys.readouterr().err

    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    assert main(["run", str(corpus), "--out", str(out)]) == 1
    printed = capsys.readouterr().err
    assert "0 ok, 1 failed, 1 skipped" in printed and "broken.pdf" in printed  # incremental
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    broken = next(r for r in summary.documents if r.input.endswith("broken.pdf"))
    assert broken.status == "failed" and broken.error is not None
    assert broken.error.code != "internal-error", broken.error


@pytest.mark.usefixtures("prefect_harness")
def test_one_task_run_per_document_when_stage_tasks_are_off(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.batch import run_batch_flow
    from pipeline.runs.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD, corpus / GOOD.name)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"

    state = run_batch_flow(corpus, out, settings=Settings(runner={"stage_tasks": False}))

    assert state.is_failed()
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    good, bad = summary.documents  # sorted by input: "S_…" before "empty.txt"
    assert bad.error is not None and bad.error.code == "empty-input"
    assert good.status == "ok" and good.output == str(out / "S_PRST_2007_24.en.json")
    assert set(good.timings) == {"ingest", "language", "segment", "extract", "emit"}
    runs: dict[str, str] = {}
    with get_client(sync_client=True) as client:
        for _ in range(120):
            found = client.read_task_runs(flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
            runs = {r.name: r.state.type.value if r.state else "" for r in found}
            if runs.get("document[empty.txt]") == "FAILED" and runs.get(
                    "document[S_PRST_2007_24-EN.txt]") == "COMPLETED":
                break
            time.sleep(0.25)
    assert runs["document[S_PRST_2007_24-EN.txt]"] == "COMPLETED"
    assert runs["document[empty.txt]"] == "FAILED"
    assert not [name for name in runs if name.startswith(("ingest", "extract", "emit"))]
