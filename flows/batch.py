"""The staged batch flow (``docpipe run CORPUS --out OUT``).

In: a corpus folder (searched recursively) and an output folder.
Out: one JSON per good document, ``OUT/_run_summary.json``, a Prefect table artifact
``docpipe-run-summary``, and a flow run that ends Failed when any document failed.
Holds: one Prefect task per stage and document (``ingest[NAME]``, ``language[NAME]``,
``segment[NAME]``, ``extract[NAME]``, ``emit[NAME]``), so the Prefect UI shows which stage of which
document failed and how long it took; only pydantic models (and str/dict) cross task
boundaries; a failing document is recorded and never stops the others; results are not
persisted (nothing is written outside OUT and the Prefect home). Documents run one after the
other, in discovery order, which is what makes duplicate-output detection deterministic.
The timings of the run summary are measured around each task call, so they include Prefect's
per-task overhead (a few milliseconds).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.objects import State
from prefect.states import Completed, Failed

from pipeline.batch import BatchObserver, SilentObserver
from pipeline.discover import discover
from pipeline.emit import build_output
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.models import (
    IngestedDocument,
    LanguageResult,
    Mentions,
    RunRecord,
    RunSummary,
    SegmentedDocument,
)
from pipeline.outcome import outcome
from pipeline.placement import place_output
from pipeline.segment import segment
from pipeline.summary import summarize, write_summary

ARTIFACT_KEY = "docpipe-run-summary"

# The CLI's progress bar: set by run_batch_flow for the duration of one flow run in this process.
_observer: BatchObserver = SilentObserver()


@task(name="discover", persist_result=False)
def discover_task(corpus: str) -> list[str]:
    return [str(p) for p in discover(Path(corpus))]


@task(name="ingest", task_run_name="ingest[{name}]", persist_result=False)
def ingest_task(path: str, name: str) -> IngestedDocument:
    return ingest(Path(path))


@task(name="language", task_run_name="language[{name}]", persist_result=False)
def language_task(doc: IngestedDocument, name: str) -> LanguageResult:
    return detect_language(doc)


@task(name="segment", task_run_name="segment[{name}]", persist_result=False)
def segment_task(doc: IngestedDocument, language: LanguageResult, name: str) -> SegmentedDocument:
    return segment(doc, language)


@task(name="extract", task_run_name="extract[{name}]", persist_result=False)
def extract_task(doc: SegmentedDocument, name: str) -> Mentions:
    return extract(doc, doc.document.language)


@task(name="emit", task_run_name="emit[{name}]", persist_result=False)
def emit_task(
    doc: SegmentedDocument, mentions: Mentions, out_dir: str, taken: dict[str, str], name: str
) -> str:
    return str(place_output(build_output(doc, mentions), Path(out_dir), taken))


@task(name="summary", persist_result=False)
def summary_task(records: list[RunRecord], out_dir: str) -> RunSummary:
    summary = summarize(records)
    write_summary(summary, Path(out_dir))
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=[
            {
                "input": r.input,
                "status": r.status,
                "output": r.output or "",
                "error": r.error.code if r.error else "",
                "message": r.error.message if r.error else "",
                "seconds": round(sum(r.timings.values()), 3),
            }
            for r in summary.documents
        ],
        description=f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped",
    )
    return summary


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(time.perf_counter() - start, 4)


def _display_name(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus).as_posix() if corpus.is_dir() else path.name
    except ValueError:
        return path.name


def _run_document(path: str, corpus: Path, out: str, taken: dict[str, str]) -> RunRecord:
    name = _display_name(Path(path), corpus)
    timings: dict[str, float] = {}
    try:
        with _timed(timings, "ingest"):
            ingested = ingest_task(path, name)
        with _timed(timings, "language"):
            lang = language_task(ingested, name)
        with _timed(timings, "segment"):
            seg = segment_task(ingested, lang, name)
        with _timed(timings, "extract"):
            mentions = extract_task(seg, name)
        with _timed(timings, "emit"):
            written = emit_task(seg, mentions, out, dict(taken), name)
    except Exception as exc:  # the task run is Failed in Prefect; the batch goes on
        return outcome(Path(path), error=exc, timings=timings)
    taken[Path(written).name] = path
    return outcome(Path(path), output=Path(written), timings=timings)


@flow(name="docpipe-batch", flow_run_name="batch[{corpus}]", persist_result=False)
def batch_flow(corpus: str, out: str) -> State[RunSummary]:
    """Discover the documents of ``corpus``, run each through its stage tasks, then summarize."""
    paths = discover_task(corpus)
    _observer.started(len(paths))
    taken: dict[str, str] = {}
    records: list[RunRecord] = []
    for path in paths:
        record = _run_document(path, Path(corpus), out, taken)
        records.append(record)
        _observer.finished(record)
    summary = summary_task(records, out)
    _observer.done(summary)
    counts = f"{summary.ok} ok, {summary.failed} failed of {len(summary.documents)} documents"
    if summary.failed:
        return Failed(message=counts, data=summary)
    return Completed(message=counts, data=summary)


def run_batch_flow(
    corpus: Path, out: Path, observer: BatchObserver | None = None
) -> State[Any]:
    """Run :func:`batch_flow` in this process, telling ``observer`` of its progress.

    Returns the final state of the flow run (Completed, or Failed when a document failed or the
    flow itself could not run).
    """
    global _observer
    _observer = observer or SilentObserver()
    try:
        return batch_flow(str(corpus), str(out), return_state=True)
    finally:
        _observer = SilentObserver()
