"""The corpus-wide table of the structure checks: per document, pass or fail per check.

In: the documents' outputs (a folder of JSON, or the records of a run summary). Out: rows, the
totals (documents passing every check, parliamentary documents and publications apart; failures
per check), and the table as markdown (the Prefect report) or as a rich table (the console).
Holds: a folder's JSON is checked afresh (:func:`pipeline.check.check_document`), so ``docpipe
check`` judges outputs written by older versions by today's checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from rich.table import Table

from pipeline.check import CHECKS, check_document, check_results, is_parliamentary
from pipeline.models import DocumentOutput, RunSummary


@dataclass
class CheckRow:
    document: str
    parliamentary: bool
    results: dict[str, bool]
    messages: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(self.results.values())


@dataclass
class Unreadable:
    path: str
    reason: str


def rows_from_folder(out_dir: Path) -> tuple[list[CheckRow], list[Unreadable]]:
    """Every ``*.json`` document of ``out_dir`` (not the ``_``-prefixed views), checked."""
    rows: list[CheckRow] = []
    bad: list[Unreadable] = []
    for path in sorted(out_dir.glob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            doc = DocumentOutput.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            bad.append(Unreadable(path.name, str(exc).splitlines()[0]))
            continue
        issues = check_document(doc)
        rows.append(CheckRow(path.name, is_parliamentary(doc), check_results(issues),
                             [f"{i.code}: {i.message}" for i in issues]))
    return rows, bad


def rows_from_summary(summary: RunSummary) -> list[CheckRow]:
    """The rows of the ok documents of a run (their records carry the checks' results)."""
    return [CheckRow(Path(r.output or r.input).name, bool(r.parliamentary), dict(r.checks))
            for r in summary.documents if r.status == "ok" and r.checks]


@dataclass
class Totals:
    documents: int
    passed: int
    parliamentary: tuple[int, int]  # passed, of
    publications: tuple[int, int]
    failures: dict[str, int]  # check → documents failing it


def totals(rows: list[CheckRow]) -> Totals:
    parl = [r for r in rows if r.parliamentary]
    pubs = [r for r in rows if not r.parliamentary]
    return Totals(
        documents=len(rows), passed=sum(r.passed for r in rows),
        parliamentary=(sum(r.passed for r in parl), len(parl)),
        publications=(sum(r.passed for r in pubs), len(pubs)),
        failures={c: sum(not r.results.get(c, True) for r in rows) for c in CHECKS},
    )


def _share(passed: int, of: int) -> str:
    return f"{passed}/{of} ({100 * passed / of:.0f} %)" if of else "0/0"


def totals_line(t: Totals) -> str:
    """One line: documents passing every check, by kind, and the checks failed most."""
    worst = sorted(((n, c) for c, n in t.failures.items() if n), reverse=True)
    failing = ", ".join(f"{c} {n}" for n, c in worst) or "none"
    return (f"structure checks: {_share(t.passed, t.documents)} documents pass every check; "
            f"parliamentary {_share(*t.parliamentary)}, publications {_share(*t.publications)}; "
            f"failures by check: {failing}")


def markdown_table(rows: list[CheckRow]) -> str:
    """The totals and one table row per document (✓ passed, ✗ failed)."""
    t = totals(rows)
    lines = [totals_line(t), "",
             "| document | kind | " + " | ".join(CHECKS) + " | all |",
             "|---|---|" + ":---:|" * (len(CHECKS) + 1)]
    for r in rows:
        cells = ["✓" if r.results.get(c, True) else "✗" for c in CHECKS]
        kind = "parliamentary" if r.parliamentary else "publication"
        lines.append(f"| {r.document} | {kind} | " + " | ".join(cells)
                     + f" | {'✓' if r.passed else '✗'} |")
    return "\n".join(lines) + "\n"


_SHORT = {"numbering": "num.", "identity": "ident.", "text-layer": "text", "headings": "head."}


def rich_table(rows: list[CheckRow]) -> Table:
    """The same table for the console."""
    table = Table(title="docpipe structure checks", caption=totals_line(totals(rows)))
    table.add_column("document", overflow="fold", min_width=24)
    table.add_column("kind", no_wrap=True)
    for c in CHECKS:
        table.add_column(_SHORT.get(c, c), justify="center", no_wrap=True)
    table.add_column("all", justify="center", no_wrap=True)
    for r in rows:
        cells = ["[green]✓[/]" if r.results.get(c, True) else "[red]✗[/]" for c in CHECKS]
        table.add_row(r.document, "parl." if r.parliamentary else "pub.", *cells,
                      "[green]pass[/]" if r.passed else "[red]fail[/]")
    return table
