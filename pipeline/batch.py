"""Batch without Prefect: run the whole pipeline on a list of files (``docpipe process --out``).

In: input paths (in the order to process them) and an output folder. Out: one JSON per good
document, ``OUT/_run_summary.json``, and the :class:`~pipeline.models.RunSummary`.
Holds: a document that fails (any exception) is recorded with its error code and message and
the others are still processed; output names are unique within the run
(:func:`pipeline.placement.place_output`); every file is written atomically.
The Prefect flow (``flows/batch.py``) does the same with one task per stage.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.models import RunRecord, RunSummary
from pipeline.outcome import outcome
from pipeline.placement import place_output
from pipeline.process import process_file
from pipeline.summary import summarize, write_summary


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


def _run_one(path: Path, out_dir: Path, taken: dict[str, str]) -> RunRecord:
    timings: dict[str, float] = {}
    try:
        processed = process_file(path)
        timings.update(processed.timings)
        start = time.perf_counter()
        written = place_output(processed.output, out_dir, taken)
        timings["emit"] = round(timings.get("emit", 0.0) + time.perf_counter() - start, 4)
    except Exception as exc:
        return outcome(path, error=exc, timings=timings)
    taken[written.name] = str(path)
    return outcome(path, output=written, timings=timings)


def run_batch(
    paths: Sequence[Path], out_dir: Path, observer: BatchObserver | None = None
) -> RunSummary:
    """Process ``paths`` one after the other into ``out_dir``; write and return the summary."""
    seen = observer or SilentObserver()
    seen.started(len(paths))
    taken: dict[str, str] = {}
    records: list[RunRecord] = []
    for path in paths:
        record = _run_one(path, out_dir, taken)
        records.append(record)
        seen.finished(record)
    summary = summarize(records)
    write_summary(summary, out_dir)
    seen.done(summary)
    return summary
