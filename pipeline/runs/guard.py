"""Guard rails of unattended runs: a run that did nothing says so.

In: a run's :class:`~pipeline.models.RunSummary` and the settings it ran with. Out: a message
when the run did nothing useful (:func:`empty_run`): no input file matched, or every document
was skipped for its language (``languages``); or a note when every document was unchanged since
the last run (:func:`nothing_changed`), which is not an error: their outputs are there.
Holds: a run with a failed document is never "empty" (its failure is the news); the command
line turns an empty run into exit status 3 unless ``allow_empty`` (``--allow-empty``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.codes import SkipReason
from pipeline.models import RunSummary
from pipeline.runs.config import Settings

EXIT_EMPTY = 3


def _language(reason: str | None) -> str | None:
    prefix = f"{SkipReason.LANGUAGE_NOT_SELECTED.value}: "
    return reason[len(prefix):] if reason and reason.startswith(prefix) else None


def empty_run(summary: RunSummary, settings: Settings, corpus: Path | None) -> str | None:
    """Why the run produced nothing, or None when it did something (or failed)."""
    if summary.failed:
        return None
    if not summary.documents:
        where = f" under {corpus}" if corpus is not None else ""
        return (f"no input file matched the patterns ({', '.join(settings.patterns)}){where}: "
                f"nothing was processed")
    languages = [_language(r.reason) for r in summary.documents]
    if all(lang is not None for lang in languages):
        found = Counter(lang for lang in languages if lang is not None)
        return (f"every document was skipped for its language: "
                f"{', '.join(f'{n} in {lang}' for lang, n in sorted(found.items()))}; "
                f"`languages` selects {', '.join(settings.languages or [])}")
    return None


def nothing_changed(summary: RunSummary) -> str | None:
    """A note when every document was skipped as unchanged (their outputs are up to date)."""
    if summary.documents and all(
        r.status == "skipped" and r.reason == SkipReason.UNCHANGED.value
        for r in summary.documents
    ):
        n = len(summary.documents)
        return (f"nothing to do: {n} document{'s' if n > 1 else ''} unchanged since the last run "
                f"(--force processes {'them' if n > 1 else 'it'} again)")
    return None
