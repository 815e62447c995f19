"""Batch without Prefect: run the whole pipeline on a list of files (``docpipe process --out``).

In: input paths (in discovery order), an output folder, the :class:`~pipeline.runs.config.Settings`
and the folders the inputs were discovered in (the scope of deletions). Out: one JSON per good
document, ``OUT/_run_summary.json``, ``OUT/_state.json`` and the
:class:`~pipeline.models.RunSummary`.
Holds: a document that fails (any exception, a time-out, a dead worker) is recorded with its
error code and the others go on; documents run in parallel in worker processes
(``concurrency``), each stopped past ``time_limit_seconds``; output names are unique within the
run and decided by discovery order whatever order results arrive in
(:class:`pipeline.runs.placement.OutputPlacer`); unchanged inputs are ``skipped``, and the
outputs of deleted inputs removed when the pruning rule allows (:mod:`pipeline.runs.prune`);
every file is written atomically; one run at a time writes to an output folder
(:mod:`pipeline.runs.lock`); the state is saved as documents finish.
:class:`BatchRun` holds the bookkeeping; the Prefect flow (``flows/batch.py``) uses it too and
only changes how the documents are dispatched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.codes import ErrorCode
from pipeline.corpus import INDEX_NAME, update_corpus_views
from pipeline.emit import remove_stale_temporaries
from pipeline.models import RunError, RunRecord, RunSummary
from pipeline.runs.config import Settings, stage_options
from pipeline.runs.deadline import DocumentTimeout, deadline
from pipeline.runs.discover import Refused
from pipeline.runs.dispatch import run_in_workers
from pipeline.runs.lock import OutputUnwritable, output_lock
from pipeline.runs.outcome import (
    LANGUAGE_NOT_SELECTED,
    UNCHANGED,
    outcome,
    run_error,
    skipped,
)
from pipeline.runs.placement import OutputPlacer, duplicate_error
from pipeline.runs.preload import uses_workers
from pipeline.runs.prune import PruneMode, decide
from pipeline.runs.state import (
    NextState,
    StateEntry,
    in_scope,
    input_key,
    input_print,
    next_state,
    read_state,
    remove_outputs,
    unchanged,
    write_state,
)
from pipeline.runs.summary import read_summary, summarize, write_summary
from pipeline.runs.worker import WorkItem, WorkResult, work

INPUT_CHANGED = ErrorCode.INPUT_CHANGED.value
OUTPUT_WRITE_FAILED = ErrorCode.OUTPUT_WRITE_FAILED.value


class BatchObserver(Protocol):
    """Told of a batch's progress (the CLI's progress bar)."""

    def started(self, total: int) -> None: ...

    def finished(self, record: RunRecord) -> None: ...

    def done(self, summary: RunSummary) -> None: ...


class SilentObserver:
    """An observer that shows nothing."""

    def started(self, total: int) -> None:
        pass

    def finished(self, record: RunRecord) -> None:
        pass

    def done(self, summary: RunSummary) -> None:
        pass


PROGRESS_EVERY_DOCUMENTS = 20
PROGRESS_EVERY_SECONDS = 10.0
PROGRESS_SHARE = 0.02  # of a run's time, at most, spent saving its state every 20 documents


def progress_due(unsaved: int, since_save: float, saving: float, running: float) -> bool:
    """Whether to save the state now: ``unsaved`` documents finished since the last save,
    ``since_save`` seconds ago; ``saving``: the seconds spent saving so far in a run of
    ``running`` seconds. At least every :data:`PROGRESS_EVERY_SECONDS` (a killed run loses no
    more), and every :data:`PROGRESS_EVERY_DOCUMENTS` documents while the saving has taken at
    most :data:`PROGRESS_SHARE` of the run: the state is written whole, so saving every 20 of
    10,000 small documents took 19.5 s of the parent's 44 s of CPU."""
    return unsaved > 0 and (since_save >= PROGRESS_EVERY_SECONDS or (
        unsaved >= PROGRESS_EVERY_DOCUMENTS and saving <= PROGRESS_SHARE * running))


class BatchRun:
    """One run's bookkeeping: the plan (what to skip), the records, placement, the new state.

    ``jobs`` lists ``(index, WorkItem)`` for the documents to run; feed each result to
    :meth:`record` (any order, one thread), then call :meth:`finish`. Inputs that discovery
    refused (``refused``: links leaving the corpus, FIFOs) are recorded as skipped with their
    reason. Raises :class:`OutputUnwritable` at once when the output folder cannot be written.
    The state is saved as documents finish (:func:`progress_due`: every 10 seconds at least,
    every 20 documents while that is cheap), so a killed run keeps its progress.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        out_dir: Path,
        settings: Settings,
        roots: Sequence[Path] | None = None,
        refused: Sequence[Refused] = (),
        prune: PruneMode | None = None,
    ) -> None:
        self.paths = list(paths)
        self.out_dir = out_dir
        self.settings = settings
        self.roots = list(roots) if roots is not None else list(paths)
        self.refused = list(refused)
        self.prune_mode: PruneMode = prune or settings.prune.mode
        self.options = stage_options(settings)
        self.fingerprint = settings.output_fingerprint()
        self._start = time.perf_counter()
        self._placer = OutputPlacer(
            out_dir, io_attempts=settings.retries.attempts, io_delay=settings.retries.delay_seconds
        )
        check_writable(out_dir)
        self._old = read_state(out_dir)
        # a run killed during an atomic write left its temporary file: this run owns OUT now
        remove_stale_temporaries(out_dir)
        self._records: dict[int, RunRecord] = {}
        self._entries: dict[int, StateEntry] = {}
        self._prints: dict[int, tuple[str, str | None]] = {}
        # the state's key of each input, made once: a large batch saves its state often
        self._keys = [input_key(path) for path in self.paths]
        self._unsaved = 0
        self._saved_at = time.monotonic()
        self._saving = 0.0  # seconds spent saving the state so far
        self.jobs: list[tuple[int, WorkItem]] = []
        self.refused_records = [skipped(r.path, r.reason) for r in self.refused]
        self.skipped_records: list[RunRecord] = list(self.refused_records)
        self._plan()

    def _plan(self) -> None:
        for index, path in enumerate(self.paths):
            try:
                prints = input_print(
                    path, attempts=self.settings.retries.attempts,
                    delay=self.settings.retries.delay_seconds,
                )
            except OSError:  # the worker's read records what is wrong with it
                self.jobs.append((index, WorkItem(path=str(path), options=self.options)))
                continue
            self._prints[index] = prints
            entry = self._old.entries.get(self._keys[index])
            if self.settings.incremental and entry is not None and unchanged(
                entry, prints, self.fingerprint, self.out_dir
            ):
                self._skip(index, path, entry)
            else:
                self.jobs.append((index, WorkItem(path=str(path), options=self.options)))

    def _skip(self, index: int, path: Path, entry: StateEntry) -> None:
        if entry.output is None:
            record = skipped(path, f"{LANGUAGE_NOT_SELECTED}: {entry.excluded_language}")
        else:
            self._placer.claim_existing(index, str(path), entry.output)
            record = skipped(path, UNCHANGED, output=self.out_dir / entry.output)
        self._records[index] = record
        self._entries[index] = entry
        self.skipped_records.append(record)

    def record(self, index: int, result: WorkResult | RunError) -> RunRecord:
        """Place one document's result (or the error that ended its worker) and return its
        record."""
        record = self._record(index, result)
        self._unsaved += 1
        if progress_due(self._unsaved, time.monotonic() - self._saved_at, self._saving,
                        time.perf_counter() - self._start):
            self.save_progress()
        return record

    def _record(self, index: int, result: WorkResult | RunError) -> RunRecord:
        path = self.paths[index]
        if isinstance(result, RunError):
            return self._set(index, outcome(path, error=result))
        if result.error is not None:
            return self._set(index, outcome(path, error=result.error, timings=result.timings))
        if result.output is None:
            lang = result.excluded_language or "und"
            self._entry(index, None, lang)
            return self._set(index, skipped(
                path, f"{LANGUAGE_NOT_SELECTED}: {lang}", timings=result.timings
            ))
        changed = self._changed_while_read(index, result.output.source.sha256)
        if changed is not None:
            return self._set(index, outcome(path, error=changed, timings=result.timings))
        start = time.perf_counter()
        try:
            written, displaced = self._placer.place(index, str(path), result.output)
        except OSError as exc:
            error = RunError(code=OUTPUT_WRITE_FAILED, message=f"{type(exc).__name__}: {exc}")
            return self._set(index, outcome(path, error=error, timings=result.timings))
        except Exception as exc:
            return self._set(index, outcome(path, error=exc, timings=result.timings))
        timings = dict(result.timings)
        timings["emit"] = round(timings.get("emit", 0.0) + time.perf_counter() - start, 4)
        if displaced is not None:
            err = duplicate_error(written.name, str(path))
            self._set(displaced.index, outcome(self.paths[displaced.index], error=err))
            self._entries.pop(displaced.index, None)
        self._entry(index, written.name, None, read_sha256=result.output.source.sha256)
        return self._set(
            index, outcome(path, output=written, timings=timings, document=result.output)
        )

    def _changed_while_read(self, index: int, read_sha256: str) -> RunError | None:
        """An error when the file's bytes now are not the bytes the pipeline read (it was being
        rewritten): the output would not be the document's."""
        path = self.paths[index]
        try:
            now = input_print(path, attempts=self.settings.retries.attempts,
                              delay=self.settings.retries.delay_seconds)[0]
        except OSError:
            now = None
        if now == read_sha256:
            return None
        return RunError(code=INPUT_CHANGED, message=f"{path} changed while it was read; it "
                        "will be read again at the next run")

    def _entry(self, index: int, output: str | None, excluded: str | None,
               read_sha256: str | None = None) -> None:
        prints = self._prints.get(index)
        if prints is None:
            return
        self._entries[index] = StateEntry(
            sha256=read_sha256 or prints[0], sidecar_sha256=prints[1],
            fingerprint=self.fingerprint, output=output, excluded_language=excluded,
        )

    def _set(self, index: int, record: RunRecord) -> RunRecord:
        self._records[index] = record
        return record

    def _next(self) -> NextState:
        current = {self._keys[i]: e for i, e in self._entries.items()}
        failed = [self._keys[i] for i, r in self._records.items() if r.status == "failed"]
        return next_state(self._old, current, failed, self.roots)

    def save_progress(self) -> None:
        """Write the state of the documents done so far (nothing is pruned), so that a run
        killed now is continued, not repeated, by the next one."""
        start = time.perf_counter()
        write_state(self._next().keeping_vanished(), self.out_dir)
        self._saving += time.perf_counter() - start
        self._unsaved = 0
        self._saved_at = time.monotonic()

    def finish(self) -> RunSummary:
        """Remove superseded outputs and, when the pruning rule allows
        (:mod:`pipeline.runs.prune`), those of inputs that are gone; write the state, rebuild
        the corpus views (:mod:`pipeline.corpus`) and write the run summary."""
        after = self._next()
        recorded = sum(1 for k, e in self._old.entries.items()
                       if e.output and in_scope(k, self.roots))
        decision = decide(found=len(self.paths) + len(self.refused), recorded=recorded,
                          vanished=len(after.vanished), mode=self.prune_mode,
                          max_share=self.settings.prune.max_share,
                          min_count=self.settings.prune.min_count)
        superseded = remove_outputs(after.superseded, self.out_dir)
        if decision.prune:
            pruned = remove_outputs((e.output for e in after.vanished.values() if e.output),
                                    self.out_dir)
            state = after.state
        else:
            pruned = []
            state = after.keeping_vanished()
        write_state(state, self.out_dir)
        records = [self._records[i] for i in sorted(self._records)] + self.refused_records
        summary = summarize(records, time.perf_counter() - self._start)
        summary.pruned = len(pruned)
        summary.prune_refused = decision.reason
        changed = bool(pruned or superseded or any(
            r.status == "ok" for r in self._records.values()))
        previous = read_summary(self.out_dir)
        if changed or previous is None or not (self.out_dir / INDEX_NAME).is_file():
            summary.crosscheck_disagreements = update_corpus_views(self.out_dir).disagreements
        else:  # no output written or removed: the views are those of the last run
            summary.crosscheck_disagreements = previous.crosscheck_disagreements
        write_summary(summary, self.out_dir)
        return summary


def check_writable(out_dir: Path) -> None:
    """Raise :class:`OutputUnwritable` unless ``out_dir`` can be created and written now."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".docpipe-write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise OutputUnwritable(f"the output folder {out_dir} cannot be written: "
                               f"{exc.strerror or exc}") from exc


def _in_workers(run: BatchRun, conf: Settings, seen: BatchObserver) -> None:
    """The documents in worker processes (:mod:`pipeline.runs.dispatch`)."""
    def done(index: int, result: WorkResult | RunError) -> None:
        seen.finished(run.record(index, result))

    run_in_workers(run.jobs, conf, done)


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    observer: BatchObserver | None = None,
    settings: Settings | None = None,
    roots: Sequence[Path] | None = None,
    refused: Sequence[Refused] = (),
    prune: PruneMode | None = None,
) -> RunSummary:
    """Process ``paths`` into ``out_dir`` (in parallel when ``settings.concurrency`` > 1);
    write and return the summary. ``roots``: the folders searched (default: ``paths``)."""
    seen = observer or SilentObserver()
    conf = settings or Settings()
    with output_lock(out_dir):
        return _run_locked(paths, out_dir, seen, conf, roots, refused, prune)


def _run_locked(paths: Sequence[Path], out_dir: Path, seen: BatchObserver, conf: Settings,
                roots: Sequence[Path] | None, refused: Sequence[Refused],
                prune: PruneMode | None) -> RunSummary:
    run = BatchRun(paths, out_dir, conf, roots, refused, prune)
    seen.started(len(run.paths) + len(run.refused))
    for record in run.skipped_records:
        seen.finished(record)
    if not uses_workers(len(run.jobs), conf.concurrency, conf.time_limit_seconds):
        # in this process (a time limit is then a timer signal, pipeline.runs.deadline)
        for index, item in run.jobs:
            try:
                with deadline(conf.time_limit_seconds):
                    result = work(item)
            except DocumentTimeout as exc:  # the timer fired as the document ended
                result = WorkResult(input=item.path, error=run_error(exc))
            seen.finished(run.record(index, result))
    else:
        _in_workers(run, conf, seen)
    summary = run.finish()
    seen.done(summary)
    return summary
