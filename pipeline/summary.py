"""Run summary: the records of one batch → ``OUT/_run_summary.json``.

In: one :class:`~pipeline.models.RunRecord` per input file, in any order. Out: the
:class:`~pipeline.models.RunSummary` (records sorted by input, counts per status), written
atomically. Holds: the same records give the same bytes (only the per-stage timings vary
between runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.emit import write_atomic
from pipeline.models import RunRecord, RunSummary

SUMMARY_NAME = "_run_summary.json"


def summarize(records: Iterable[RunRecord]) -> RunSummary:
    """Sort the records by input and count them per status."""
    docs = sorted(records, key=lambda r: r.input)
    return RunSummary(
        documents=docs,
        ok=sum(r.status == "ok" for r in docs),
        failed=sum(r.status == "failed" for r in docs),
        skipped=sum(r.status == "skipped" for r in docs),
    )


def write_summary(summary: RunSummary, out_dir: Path) -> Path:
    """Write ``out_dir/_run_summary.json`` atomically; returns its path."""
    path = out_dir / SUMMARY_NAME
    write_atomic(path, summary.model_dump_json(indent=2) + "\n")
    return path
