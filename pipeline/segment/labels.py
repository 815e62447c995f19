"""Heading labels: roman chapters (`IV.`), lettered sections (`A.`), and the word labels a language
prints instead (`أولا-`, `باء-`, `Б.`, `三、`), from ``data/structure/<lang>.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.languages import load_lang_data

ROMAN = re.compile(r"^(?P<label>[IVXL]{1,6})\.\s+(?P<title>\S.*)$")
LETTER = re.compile(r"^(?P<label>[A-Z])\.\s+(?P<title>\S.*)$")
# A word label, its separator (diacritics such as a tanween may stand on either side) and title.
_WORD_LABEL = re.compile(
    r"^(?P<label>[^-.、．–\s][^-.、．–]{0,15}?)\s*[\u064b-\u0652]*\s*[-.、．–]"
    r"[\u064b-\u0652\s]*(?P<title>\S.*)$"
)
_DIACRITICS = re.compile(r"[\u064b-\u0652\u0640]")
MAX_HEADING_CHARS = 260


@dataclass(frozen=True)
class WordLabels:
    chapters: frozenset[str]
    sections: frozenset[str]
    annexes: frozenset[str]
    notes: frozenset[str]


@cache
def word_labels(lang: str | None) -> WordLabels:
    data = load_lang_data("structure", lang or "en")
    return WordLabels(
        chapters=frozenset(str(x) for x in data["chapter_labels"]),
        sections=frozenset(str(x) for x in data["section_labels"]),
        annexes=frozenset(str(x).lower() for x in data["annex_headings"]),
        notes=frozenset(str(x).lower() for x in data["notes_headings"]),
    )


_ANNEX = re.compile(r"^(?P<word>\S+)(?:\s+(?P<num>[IVXL]{1,6}|\d{1,2}|[A-Z]))?\s*[.:]?$")


def annex_heading(text: str, lang: str | None) -> str | None:
    """``Annex``, ``Annexe II``, ``Anexo 3`` alone on a line → that text as the annex label."""
    m = _ANNEX.match(text.strip())
    if m and m["word"].lower() in word_labels(lang).annexes:
        return " ".join(text.strip().rstrip(".:").split())
    return None


def is_notes_heading(text: str, lang: str | None) -> bool:
    """``Notes``, ``Notas``, ``Примечания``… alone on a line: the endnotes follow."""
    return text.strip().rstrip(".:").lower() in word_labels(lang).notes


def heading_match(text: str, lang: str | None = None,
                  after: tuple[int, str | None] | None = None) -> tuple[int, str, str] | None:
    """Level, label and title of a labeled heading (chapter level 1, section level 2), or None.

    ``after`` is the (level, label) of the innermost heading already open: a label that is both a
    letter and a roman numeral (`I`, `V`, `X`, `L`, `C`) is the letter when it follows its
    predecessor letter (`H.` then `I.`).
    """
    if len(text) > MAX_HEADING_CHARS:
        return None
    annex = annex_heading(text, lang)
    if annex:
        return 1, annex, annex
    for level, pattern in ((1, ROMAN), (2, LETTER)):
        m = pattern.match(text)
        if m:
            label = m["label"]
            if (level == 1 and len(label) == 1 and after is not None and after[0] == 2
                    and after[1] is not None and len(after[1]) == 1
                    and ord(after[1]) == ord(label) - 1):
                level = 2
            return level, label, m["title"].strip()
    words = word_labels(lang)
    if not (words.chapters or words.sections):
        return None
    m = _WORD_LABEL.match(text)
    if not m:
        return None
    label = _DIACRITICS.sub("", m["label"]).strip()
    if label in words.chapters:
        return 1, label, m["title"].strip()
    if label in words.sections:
        return 2, label, m["title"].strip()
    return None
