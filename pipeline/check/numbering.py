"""Numbering check: each sequence of numbered paragraphs runs 1, 2, 3…"""

from __future__ import annotations

import re

from pipeline.check.problems import Problem
from pipeline.models import DocumentOutput, Paragraph

MIN_LETTERS = 4  # a numbered paragraph with fewer letters is a number, not a paragraph
_LETTER = re.compile(r"[^\W\d_]")


def part_of(segment_id: str, kind: str = "p") -> str:
    """The part a segment id belongs to: ``annex1.p3`` → ``annex1``, ``p3`` → ``""``."""
    head, sep, _tail = segment_id.rpartition(f".{kind}")
    return head if sep else ""


def sequences(paragraphs: list[Paragraph]) -> dict[str, list[Paragraph]]:
    """Numbered paragraphs grouped by part, each in reading order."""
    out: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        out.setdefault(part_of(p.id), []).append(p)
    return out


def numbering_problems(doc: DocumentOutput) -> list[Problem]:
    problems: list[Problem] = []
    # a part numbered within a printed section (19.29, 19.30 …) continues that section's
    # numbering: it may start at any number, and runs on from there
    sectioned = {p.id for p in doc.parts if p.section is not None}
    for part, paras in sequences(doc.paragraphs).items():
        where = f" in {part}" if part else ""
        expected = paras[0].number if part in sectioned else 1
        for p in paras:
            if p.number != expected:
                if p.number > expected:
                    what = f"paragraph {p.number} follows {expected - 1}{where}"
                else:
                    what = f"paragraph {p.number} comes after {expected - 1}{where}"
                problems.append(Problem(what, p.id))
            expected = max(expected, p.number + 1)
            if len(_LETTER.findall(p.text)) < MIN_LETTERS:
                problems.append(Problem(f"paragraph {p.id} is a bare number ({p.text[:20]!r})",
                                        p.id))
    return problems
