"""Run summary: the records of one batch → ``OUT/_run_summary.json``.

In: one :class:`~pipeline.models.RunRecord` per input file, in any order, and the run's elapsed
time. Out: the :class:`~pipeline.models.RunSummary` (records sorted by input, counts per
status, seconds per stage summed over the documents), written atomically. Holds: the same
records give the same bytes (only the timings vary between runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.emit import write_atomic
from pipeline.models import STAGES, RunRecord, RunSummary
from pipeline.out_files import SUMMARY_NAME as SUMMARY_NAME


def summarize(records: Iterable[RunRecord], wall_seconds: float | None = None) -> RunSummary:
    """Sort the records by input, count them per status, add up the stages' seconds."""
    docs = sorted(records, key=lambda r: r.input)
    stages = {s: round(sum(r.timings.get(s, 0.0) for r in docs), 4) for s in STAGES}
    return RunSummary(
        documents=docs,
        ok=sum(r.status == "ok" for r in docs),
        failed=sum(r.status == "failed" for r in docs),
        skipped=sum(r.status == "skipped" for r in docs),
        checks_passed=sum(r.status == "ok" and bool(r.checks) and all(r.checks.values())
                          for r in docs),
        stage_seconds=stages if docs else {},
        wall_seconds=round(wall_seconds, 3) if wall_seconds is not None else None,
    )


def write_summary(summary: RunSummary, out_dir: Path) -> Path:
    """Write ``out_dir/_run_summary.json`` atomically; returns its path."""
    path = out_dir / SUMMARY_NAME
    write_atomic(path, summary.model_dump_json(indent=2) + "\n")
    return path


def read_summary(out_dir: Path) -> RunSummary | None:
    """The summary of the last run in ``out_dir``, or None when there is none readable."""
    try:
        return RunSummary.model_validate_json((out_dir / SUMMARY_NAME).read_bytes())
    except (OSError, ValueError):
        return None
