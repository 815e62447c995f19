"""The batch flow (``docpipe run``, and the scheduled runs of ``docpipe serve``).

In: a corpus folder (searched recursively), an output folder and the
:class:`~pipeline.runs.config.Settings`. Out: one JSON per good document, ``OUT/_run_summary.json``,
``OUT/_state.json``, two Prefect artifacts (the table ``docpipe-run-summary`` and the markdown
report ``docpipe-run-report``), and a flow run that ends Failed when any document failed.
Holds: one Prefect task per document to run (``document[NAME]``), dispatched by the flow's task
runner (:mod:`flows.runners`: parallel worker processes here, or an existing Dask cluster), and
under it one task per stage (``ingest[NAME]``, ``language[NAME]``, ``segment[NAME]``,
``extract[NAME]``, ``emit[NAME]``), so the UI shows which stage of which document failed;
unchanged documents are skipped before any task starts; the bookkeeping (skips, output names
in discovery order, state, summary) is :class:`pipeline.runs.batch.BatchRun`'s, in the flow's
process; only pydantic models cross task boundaries; a failing document is recorded and never
stops the others; results are not persisted (nothing is written outside OUT and the Prefect
home). A document task fails (in the Prefect UI) when its document fails; retries are only
those of file reads and writes, inside the stages.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pebble import ProcessPool
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.futures import PrefectFuture, as_completed
from prefect.states import Cancelled, Completed, Failed

from flows.runners import local_pool, task_runner_for
from pipeline.models import RunError, RunSummary, StageName
from pipeline.runs.batch import BatchObserver, BatchRun, SilentObserver
from pipeline.runs.config import Settings
from pipeline.runs.discover import Refused, scan
from pipeline.runs.lock import output_lock
from pipeline.runs.outcome import TIMEOUT, WORKER_CRASHED
from pipeline.runs.pool import collect, submit
from pipeline.runs.report import summary_markdown
from pipeline.runs.schedule import superseded
from pipeline.runs.worker import StageCall, StageReply, WorkItem, WorkResult, run_stage
from pipeline.stages import DocState, run_stages

ARTIFACT_KEY = "docpipe-run-summary"
REPORT_KEY = "docpipe-run-report"

# Set by run_batch_flow for the duration of one run in this process: the CLI's progress bar.
_observer: BatchObserver = SilentObserver()


class DocumentFailed(Exception):
    """Raised by a document task whose document failed, so that the task run is Failed; it
    carries the :class:`WorkResult` as JSON (picklable across Dask)."""

    def __init__(self, result_json: str) -> None:
        super().__init__(result_json)
        self.result_json = result_json

    def __str__(self) -> str:
        result = WorkResult.model_validate_json(self.result_json)
        return f"{result.error.code}: {result.error.message}" if result.error else "failed"


@task(name="discover", persist_result=False)
def discover_task(corpus: str, patterns: list[str], links: str) -> tuple[list[str],
                                                                       list[tuple[str, str]]]:
    """The documents of ``corpus`` and the entries refused, with the reason (as strings)."""
    found = scan(Path(corpus), patterns, "anywhere" if links == "anywhere" else "inside")
    return ([str(p) for p in found.documents],
            [(str(r.path), r.reason) for r in found.refused])


class StageFailed(Exception):
    """Raised by a stage task whose stage failed, so that the Prefect UI marks that stage; it
    carries the error as JSON (picklable across Dask)."""

    def __init__(self, error_json: str) -> None:
        super().__init__(error_json)
        self.error_json = error_json

    def __str__(self) -> str:
        error = RunError.model_validate_json(self.error_json)
        return f"{error.code}: {error.message}"


def _in_pool(pool: ProcessPool, call: StageCall, deadline: float | None) -> StageReply:
    """The stage in a worker process; tried once more on a fresh worker when its worker died
    (the death may have been another's doing)."""
    for attempt in (1, 2):
        left = None if deadline is None else max(0.001, deadline - time.monotonic())
        got = collect(submit(pool, run_stage, call, left))
        if isinstance(got, RunError) and got.code == WORKER_CRASHED and attempt == 1:
            continue
        break
    return StageReply(error=got) if isinstance(got, RunError) else got


@task(name="stage", task_run_name="{call.stage}[{name}]", persist_result=False,
      cache_policy=NO_CACHE)
def stage_task(call: StageCall, name: str, deadline: float | None = None,
               pool: ProcessPool | None = None) -> StageReply:
    """One stage of one document: in a worker process of the run's local ``pool``, or here (a
    Dask worker)."""
    reply = _in_pool(pool, call, deadline) if pool is not None else run_stage(call)
    if reply.error is not None:
        raise StageFailed(reply.error.model_dump_json())
    return reply


@task(name="document", task_run_name="document[{name}]", persist_result=False,
      cache_policy=NO_CACHE)
def document_task(item: WorkItem, name: str, time_limit: float | None = None,
                  pool: ProcessPool | None = None, stage_tasks: bool = True) -> WorkResult:
    """The stages of one document (:func:`pipeline.stages.run_stages`), each its own task run
    (``ingest[NAME]``, …), so the Prefect UI shows which stage of which document failed and how
    long each took; with ``stage_tasks`` false the stages run in this task run (one per
    document: less bookkeeping on batches of many thousands of documents)."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    timings: dict[str, float] = {}
    stage = stage_task if stage_tasks else stage_task.fn

    def as_task(stage_name: StageName, state: DocState) -> DocState:
        reply = stage(StageCall(stage=stage_name, state=state, options=item.options), name,
                      deadline, pool)
        assert reply.state is not None
        return reply.state

    def lap(stage: StageName, seconds: float) -> None:
        timings[stage] = seconds

    try:
        run = run_stages(item.path, item.options, runner=as_task, on_stage=lap)
    except StageFailed as failed:
        error = RunError.model_validate_json(failed.error_json)
        result = WorkResult(input=item.path, error=error, timings=timings)
        raise DocumentFailed(result.model_dump_json()) from None
    return WorkResult(input=item.path, output=run.output,
                      excluded_language=run.excluded_language, timings=run.timings)


@task(name="report", persist_result=False)
def report_task(summary: RunSummary) -> None:
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=[
            {
                "input": r.input,
                "status": r.status,
                "output": r.output or "",
                "error": r.error.code if r.error else (r.reason or ""),
                "message": r.error.message if r.error else "",
                "seconds": round(sum(r.timings.values()), 3),
            }
            for r in summary.documents
        ],
        description=f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped",
    )
    create_markdown_artifact(
        key=REPORT_KEY, markdown=summary_markdown(summary),
        description=f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped",
    )


def _display_name(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus).as_posix() if corpus.is_dir() else path.name
    except ValueError:
        return path.name


def _result(future: PrefectFuture[WorkResult], item: WorkItem) -> WorkResult:
    got: Any = future.result(raise_on_failure=False)
    if isinstance(got, WorkResult):
        return got
    if isinstance(got, DocumentFailed):
        return WorkResult.model_validate_json(got.result_json)
    if isinstance(got, TimeoutError):  # Prefect's task timeout (Dask runner)
        return WorkResult(input=item.path, error=RunError(code=TIMEOUT, message=str(got)))
    if isinstance(got, BaseException):  # e.g. a Dask worker lost
        message = f"{type(got).__name__}: {got}"
        return WorkResult(input=item.path, error=RunError(code=WORKER_CRASHED, message=message))
    raise TypeError(f"unexpected task result {type(got).__name__}")


@flow(name="docpipe-batch", flow_run_name="batch[{corpus}]", persist_result=False)
def batch_flow(corpus: str, out: str, settings: Settings | None = None) -> State[RunSummary]:
    """Discover the documents of ``corpus``, skip the unchanged ones, run the others as document
    tasks, then write the state and the summary and publish the report."""
    conf = settings or Settings()
    if (missed := _missed_schedule(conf)) is not None:
        return missed
    with output_lock(Path(out)):
        return _batch_locked(corpus, out, conf)


def _missed_schedule(conf: Settings) -> State[Any] | None:
    """A scheduled run of the deployment that a later scheduled time has superseded (it was
    missed while the service was down): it ends Cancelled at once, the newest one runs."""
    from prefect.runtime import deployment, flow_run

    due = flow_run.scheduled_start_time
    if not deployment.id or due is None:
        return None
    if superseded(due, conf.schedule.cron, conf.schedule.timezone, datetime.now(UTC)):
        return Cancelled(message=f"missed at {due.isoformat()} while the service was down; a "
                         "later scheduled run covers it")
    return None


def _batch_locked(corpus: str, out: str, conf: Settings) -> State[RunSummary]:
    found, refused = discover_task(corpus, list(conf.patterns), conf.links)
    paths = [Path(p) for p in found]
    run = BatchRun(paths, Path(out), conf, roots=[Path(corpus)],
                   refused=[Refused(Path(p), reason) for p, reason in refused])
    _observer.started(len(paths) + len(refused))
    for record in run.skipped_records:
        _observer.finished(record)
    document = document_task
    if conf.runner.dask_address and conf.time_limit_seconds is not None:
        document = document_task.with_options(timeout_seconds=conf.time_limit_seconds)
    local_limit = None if conf.runner.dask_address else conf.time_limit_seconds
    # the runner is entered here, not set on the flow, so that the scheduled runs of a
    # deployment (which load this flow from its module) use the configured one too
    paths = [Path(item.path) for _, item in run.jobs]
    with task_runner_for(conf) as runner, local_pool(conf, paths) as pool:
        futures = {
            runner.submit(
                document,
                {"item": item, "name": _display_name(Path(item.path), Path(corpus)),
                 "time_limit": local_limit, "pool": pool,
                 "stage_tasks": conf.runner.stage_tasks},
            ): (i, item)
            for i, item in run.jobs
        }
        for future in as_completed(list(futures)):
            index, item = futures[future]
            _observer.finished(run.record(index, _result(future, item)))
    summary = run.finish()
    report_task(summary)
    _observer.done(summary)
    counts = (
        f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped of "
        f"{len(summary.documents)} documents"
    )
    if summary.failed:
        return Failed(message=counts, data=summary)
    return Completed(message=counts, data=summary)


def run_batch_flow(
    corpus: Path,
    out: Path,
    observer: BatchObserver | None = None,
    settings: Settings | None = None,
) -> State[Any]:
    """Run :func:`batch_flow` in this process with the task runner the settings call for,
    telling ``observer`` of its progress.

    Returns the final state of the flow run (Completed, or Failed when a document failed or the
    flow itself could not run).
    """
    global _observer
    conf = settings or Settings()
    _observer = observer or SilentObserver()
    try:
        return batch_flow(str(corpus), str(out), conf, return_state=True)
    finally:
        _observer = SilentObserver()
