"""Structure-health checks: does a document's reading hold together?

In: one :class:`~pipeline.models.DocumentOutput`. Out: coded :class:`~pipeline.models.Issue`\\ s,
one per failed check (``check-numbering``, ``check-notes``, ``check-identity``, ``check-dates``,
``check-text-layer``, ``check-headings``), each naming the first problems it saw.
Holds: the checks read only the output (the emit stage runs them on every document, ``docpipe
check OUT`` runs them again on the JSON of a folder); a numbering sequence is judged per part
(the id prefix before the last ``.p``: ``annex1.p3`` belongs to ``annex1``); a document passes
when no check fails.

The checks:

- **numbering**: each sequence of numbered paragraphs runs 1, 2, 3… without gap, repeat or
  backward step, and no numbered paragraph is a bare number (fewer than four letters);
- **notes**: every footnote is cited, every call (a marker in the text, a ``footnote_refs`` id)
  reaches its note;
- **identity**: symbol, title, issuing organ and language are known, the title reads as one;
- **dates**: the document has a complete, plausible date; no date mention has an impossible year;
- **text-layer**: no replacement or private-use characters, no signs of a visually ordered
  Arabic layer (reversed lam-alef, mirrored brackets, reversed years), words of plausible length
  (no run-together words, no letter-spaced words);
- **headings**: heading titles read as titles (letters, not a sentence, not a list item) and
  labeled headings follow their order (I, II, III; A, B, C).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.check.headings import heading_problems
from pipeline.check.identity import date_problems, identity_problems
from pipeline.check.kinds import is_parliamentary
from pipeline.check.notes import note_problems
from pipeline.check.numbering import numbering_problems
from pipeline.check.problems import Problem
from pipeline.check.text_layer import text_problems
from pipeline.codes import IssueCode
from pipeline.models import DocumentOutput, Issue

__all__ = ["CHECKS", "CHECK_CODES", "check_document", "check_results", "is_parliamentary",
           "with_checks"]

CheckName = str
_CHECKS: dict[CheckName, tuple[IssueCode, Callable[[DocumentOutput], list[Problem]]]] = {
    "numbering": (IssueCode.CHECK_NUMBERING, numbering_problems),
    "notes": (IssueCode.CHECK_NOTES, note_problems),
    "identity": (IssueCode.CHECK_IDENTITY, identity_problems),
    "dates": (IssueCode.CHECK_DATES, date_problems),
    "text-layer": (IssueCode.CHECK_TEXT_LAYER, text_problems),
    "headings": (IssueCode.CHECK_HEADINGS, heading_problems),
}
CHECKS: tuple[CheckName, ...] = tuple(_CHECKS)
CHECK_CODES: frozenset[str] = frozenset(code.value for code, _ in _CHECKS.values())
_SHOWN = 3  # problems named in a failed check's message


def check_document(doc: DocumentOutput) -> list[Issue]:
    """One ``check-<name>`` issue per failed check (see the module docstring), in
    :data:`CHECKS` order; an empty list for a sound document."""
    issues: list[Issue] = []
    for code, run in _CHECKS.values():
        problems = run(doc)
        if not problems:
            continue
        shown = "; ".join(p.message for p in problems[:_SHOWN])
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        issues.append(Issue(code=code.value, severity="warning", segment=problems[0].segment,
                            message=f"{len(problems)} problem(s): {shown}{more}"))
    return issues


def with_checks(doc: DocumentOutput) -> DocumentOutput:
    """``doc`` with its ``check-*`` issues computed afresh (earlier ones replaced)."""
    kept = [i for i in doc.issues if i.code not in CHECK_CODES]
    return doc.model_copy(update={"issues": [*kept, *check_document(doc)]})


def check_results(issues: Iterable[Issue]) -> dict[CheckName, bool]:
    """Check name → passed, from a document's issues."""
    failed = {i.code for i in issues}
    return {name: code.value not in failed for name, (code, _) in _CHECKS.items()}

