"""Report of a batch: a progress bar while it runs, a summary table at the end, and the markdown
of the run's Prefect artifact.

In: the batch's progress (as a :class:`~pipeline.runs.batch.BatchObserver`) and its
:class:`~pipeline.models.RunSummary`. Out: text on a rich console; markdown text.
Holds: every failed document is listed with its error code and message; ok documents are
listed only while the batch is small (``MAX_OK_ROWS``), the summary file has them all.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from pipeline.check.table import markdown_table, rows_from_summary, totals, totals_line
from pipeline.models import MENTION_KINDS, STAGES, RunRecord, RunSummary
from pipeline.runs.summary import SUMMARY_NAME

MAX_OK_ROWS = 50
SLOWEST = 5


class ProgressReport:
    """A progress bar over a batch (a context manager and a batch observer).

    Keeps the summary it is told of in :attr:`summary`.
    """

    def __init__(
        self, console: Console, label: str = "documents", waiting: str | None = None
    ) -> None:
        self.console = console
        self.summary: RunSummary | None = None
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            transient=False,
            disable=not console.is_terminal,  # a log or a pipe gets the summary, not frames
        )
        self._label = label
        self._waiting = waiting
        self._wait_task: TaskID | None = None
        self._task: TaskID | None = None
        self._failed = 0
        self._skipped = 0

    def __enter__(self) -> ProgressReport:
        self._progress.start()
        if self._waiting:
            self._wait_task = self._progress.add_task(
                self._waiting, total=None, note="", current=""
            )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def started(self, total: int) -> None:
        if self._wait_task is not None:
            self._progress.remove_task(self._wait_task)
            self._wait_task = None
        self._task = self._progress.add_task(
            self._label, total=total, note="[green]0 failed", current=""
        )

    def finished(self, record: RunRecord) -> None:
        if self._task is None:
            return
        self._failed += record.status == "failed"
        self._skipped += record.status == "skipped"
        self._progress.update(
            self._task,
            advance=1,
            note=f"[{'red' if self._failed else 'green'}]{self._failed} failed[/]"
            + (f", {self._skipped} skipped" if self._skipped else ""),
            current=Path(record.input).name,
        )

    def done(self, summary: RunSummary) -> None:
        self.summary = summary
        if self._task is not None:
            self._progress.update(self._task, current="")


def summary_table(summary: RunSummary, out_dir: Path | None = None) -> Table:
    """The table printed at the end of ``docpipe run`` and ``docpipe process --out``."""
    total = len(summary.documents)
    caption = f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped of {total}"
    if out_dir is not None:
        caption += f" — details in {out_dir / SUMMARY_NAME}"
    table = Table(title="docpipe run summary", caption=caption, show_lines=False)
    table.add_column("input", overflow="fold")
    table.add_column("status")
    table.add_column("output or error", overflow="fold")
    table.add_column("seconds", justify="right")
    list_ok = summary.ok + summary.skipped <= MAX_OK_ROWS
    for r in summary.documents:
        if r.status != "failed" and not list_ok:
            continue
        style = {"ok": "green", "failed": "red", "skipped": "yellow"}[r.status]
        detail = r.output or ""
        if r.reason is not None:
            detail = f"{r.reason}: {detail}" if detail else r.reason
        if r.error is not None:
            detail = f"{r.error.code}: {r.error.message}"
        table.add_row(
            r.input, f"[{style}]{r.status}[/]", detail, f"{sum(r.timings.values()):.2f}"
        )
    if not list_ok:
        table.add_row(
            f"… {summary.ok} ok and {summary.skipped} skipped documents not listed", "", "", ""
        )
    per_stage = {s: sum(r.timings.get(s, 0.0) for r in summary.documents) for s in STAGES}
    table.add_section()
    table.add_row(
        "time per stage", "",
        ", ".join(f"{s} {t:.2f}" for s, t in per_stage.items()),
        f"{sum(per_stage.values()):.2f}",
    )
    if summary.wall_seconds is not None:
        table.add_row("elapsed", "", "", f"{summary.wall_seconds:.2f}")
    rows = rows_from_summary(summary)
    if rows:
        table.add_row("structure checks", "", totals_line(totals(rows)), "")
    return table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(summary: RunSummary) -> str:
    """The markdown artifact of one run: counts, pages, mentions by kind, seconds per stage,
    the slowest documents, the structure checks of the documents processed (per document, pass
    or fail per check) and every failed document."""
    docs = summary.documents
    ok = [r for r in docs if r.status == "ok"]
    pages = sum(r.pages or 0 for r in ok)
    mentions = {k: sum(r.mentions.get(k, 0) for r in ok) for k in MENTION_KINDS}
    lines = [
        "# docpipe run",
        "",
        "| documents | ok | failed | skipped | pages (ok) | seconds |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {len(docs)} | {summary.ok} | {summary.failed} | {summary.skipped} | {pages} | "
        + (f"{summary.wall_seconds:.1f} |" if summary.wall_seconds is not None else "|"),
        "",
        "## Mentions by kind",
        "",
        "| " + " | ".join(MENTION_KINDS) + " |",
        "|" + "---:|" * len(MENTION_KINDS),
        "| " + " | ".join(str(mentions[k]) for k in MENTION_KINDS) + " |",
        "",
        "## Seconds per stage",
        "",
        "| " + " | ".join(STAGES) + " |",
        "|" + "---:|" * len(STAGES),
        "| " + " | ".join(f"{summary.stage_seconds.get(s, 0.0):.2f}" for s in STAGES) + " |",
    ]
    timed = sorted(
        (r for r in docs if r.status != "skipped"),
        key=lambda r: (-sum(r.timings.values()), r.input),
    )[:SLOWEST]
    if timed:
        lines += ["", "## Slowest documents", "", "| input | status | seconds |", "|---|---|---:|"]
        lines += [
            f"| {_cell(r.input)} | {r.status} | {sum(r.timings.values()):.2f} |" for r in timed
        ]
    rows = rows_from_summary(summary)
    if rows:
        lines += ["", "## Structure checks", "", markdown_table(rows).rstrip("\n")]
    failed = [r for r in docs if r.status == "failed"]
    if failed:
        lines += ["", "## Failed documents", "", "| input | code | message |", "|---|---|---|"]
        lines += [
            f"| {_cell(r.input)} | {r.error.code if r.error else ''} | "
            f"{_cell(r.error.message if r.error else '')} |"
            for r in failed
        ]
    return "\n".join(lines) + "\n"
