"""Headings check: titles that read as titles, labels in order."""

from __future__ import annotations

import re
from functools import cache

from pipeline.check.problems import Problem
from pipeline.languages import load_lang_data
from pipeline.models import DocumentOutput, Heading

MAX_HEADING_CHARS = 260
_LETTER = re.compile(r"[^\W\d_]")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(label: str) -> int | None:
    if not label or any(ch not in _ROMAN for ch in label):
        return None
    total = 0
    for i, ch in enumerate(label):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(label) and _ROMAN[label[i + 1]] > value else value
    return total


@cache
def _series(lang: str | None) -> tuple[list[str], list[str]]:
    """The chapter and section word labels of ``lang``, in order (``data/structure``)."""
    data = load_lang_data("structure", lang or "en")
    return [str(x) for x in data["chapter_labels"]], [str(x) for x in data["section_labels"]]


def label_rank(label: str, level: int, lang: str | None) -> int | None:
    """The place of a chapter (level 1) or section (level 2) label in its series: ``IV`` → 4,
    ``C`` → 3, ``ثالثا`` → 3, ``Б`` → 2; None for a label outside the series."""
    chapters, sections = _series(lang)
    if level == 1:
        if label in chapters:
            return chapters.index(label) + 1
        return _roman(label)
    if level == 2:
        if label in sections:
            return sections.index(label) + 1
        if len(label) == 1 and "A" <= label <= "Z":
            return ord(label) - ord("A") + 1
    return None


def _title_problem(h: Heading) -> str | None:
    title = h.title.strip()
    if len(_LETTER.findall(title)) < 2:
        return f"heading {h.id} {title[:30]!r} has no words"
    if len(title) > MAX_HEADING_CHARS:
        return f"heading {h.id} runs to {len(title)} characters"
    if title.endswith((",", ";")):
        return f"heading {h.id} {title[:40]!r} ends like a list item"
    if title[:1].isalpha() and title[:1].islower() and title[:1].isascii():
        return f"heading {h.id} {title[:40]!r} starts in lowercase"
    return None


def heading_problems(doc: DocumentOutput) -> list[Problem]:
    problems: list[Problem] = []
    lang = doc.document.language
    last: dict[int, int] = {}  # level → rank of the last labeled heading of that level
    for h in doc.headings:
        what = _title_problem(h)
        if what:
            problems.append(Problem(what, h.id))
        rank = label_rank(h.label, h.level, lang) if h.label else None
        if rank is None:
            continue
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]  # a new chapter restarts its sections
        before = last.get(h.level)
        if rank != 1 and (before is None or rank != before + 1):
            problems.append(Problem(f"heading {h.label} follows {before or 'nothing'} at level "
                                    f"{h.level}", h.id))
        last[h.level] = rank
    return problems
