"""Heading labels: roman chapters (`IV.`), lettered sections (`A.`), and the word labels a language
prints instead (`أولا-`, `باء-`, `Б.`, `三、`), from ``data/structure/<lang>.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.languages import load_lang_data
from pipeline.segment.sequences import PartKind

# ``IV. Title``; ``V.Evaluation of…`` (a text layer that drops the space before a capitalized
# word). A title never opens with a year or a number in brackets: ``K. (2009). Arab Human…`` is
# an author's initial in a list of references.
ROMAN = re.compile(r"^(?P<label>[IVXL]{1,6})\.(?:\s+(?P<title>(?!\(\d)\S.*)"
                   r"|(?P<glued>[A-Z][a-z]{2}.*))$")
LETTER = re.compile(r"^(?P<label>[A-Z])\.\s+(?P<title>(?!\(\d)\S.*)$")
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
    section_series: tuple[str, ...]  # the sections, in order
    annexes: frozenset[str]
    annex_ordinals: frozenset[str]
    resolutions: frozenset[str]
    decisions: frozenset[str]
    notes: frozenset[str]
    honorifics: frozenset[str]


@cache
def word_labels(lang: str | None) -> WordLabels:
    data = load_lang_data("structure", lang or "en")
    return WordLabels(
        chapters=frozenset(str(x) for x in data["chapter_labels"]),
        sections=frozenset(str(x) for x in data["section_labels"]),
        section_series=tuple(str(x) for x in data["section_labels"]),
        annexes=frozenset(str(x).lower() for x in data["annex_headings"]),
        annex_ordinals=frozenset(str(x) for x in data["annex_ordinals"]),
        resolutions=frozenset(str(x).casefold() for x in data["resolution_headings"]),
        decisions=frozenset(str(x).casefold() for x in data["decision_headings"]),
        notes=frozenset(str(x).lower() for x in data["notes_headings"]),
        honorifics=frozenset(str(x) for x in data["honorifics"]),
    )


_ANNEX = re.compile(r"^(?P<word>\S+)(?:\s+(?P<num>[IVXL]{1,6}|\d{1,2}|[A-Z]|\S+))?\s*[.:]?$")
# A footnote call printed after a heading (``Annex I*``, ``المرفق(*)``, ``Annex¹``).
_TRAILING_CALL = re.compile(r"\s*(?:\(\*{1,3}\)|\)\*{1,3}\(|\*{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$")
# After the word: the number, the session or year in parentheses, then nothing, or a separator
# and the title, or the title right after a session that is not a year (``Resolution 70/1.
# Transforming…``, ``القرار 323 (د-29) اعتماد…``; not ``Resolution 1325 (2000) is clear``).
_PART_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}(?:/\d{1,4})?|[IVXLC]{1,7}/\d{1,4})"
    r"(?:\s*[()](?!\d{4}[()])[^()]{1,12}[()]\s+\S.*"
    r"|(?:\s*[()][^()]{1,12}[()])?\s*(?:[.:–—-]\s*\S.*)?)$", re.S)
# ESCWA prints an adopted resolution's title after its number and the session in parentheses:
# ``330 (XXX). Title``, ``القرار 323 (د-29) Title``.
_SESSION_NUMBERED = re.compile(r"^\d{2,4}\s*[()]\s*[IVXL]{1,7}\s*[()]")


def annex_heading(text: str, lang: str | None) -> str | None:
    """``Annex``, ``Annexe II``, ``Anexo 3``, ``المرفق الثاني``, ``附件一`` alone on a line (a
    footnote call after it allowed) → that text as the annex label."""
    bare = _TRAILING_CALL.sub("", text.strip())
    m = _ANNEX.match(bare)
    if m is None:
        return None
    words = word_labels(lang)
    word, num = m["word"], m["num"]
    if word.lower() not in words.annexes:
        # a script without spaces writes the ordinal on the word (附件一)
        stem = next((a for a in words.annexes if word.lower().startswith(a)), None)
        if stem is None or num or word[len(stem):] not in words.annex_ordinals:
            return None
    elif num and not re.fullmatch(r"[IVXL]{1,6}|\d{1,2}|[A-Z]", num) and (
            num not in words.annex_ordinals):
        return None
    return " ".join(bare.rstrip(".:").split())


def part_heading(text: str, lang: str | None) -> PartKind | None:
    """Does this heading open an annex, or a resolution or decision appended to the document
    (``Resolution 70/1. …``, ``Decision 2/101``, ``330 (XXX). …``)? Its kind, else None."""
    if annex_heading(text, lang):
        return "annex"
    if len(text) > MAX_HEADING_CHARS:
        return None
    words = word_labels(lang)
    first, _, rest = text.strip().partition(" ")
    key = first.casefold()
    if key in words.resolutions or key in words.decisions:
        if _PART_NUMBER.match(rest):
            return "resolution" if key in words.resolutions else "decision"
        return None
    if _SESSION_NUMBERED.match(text.strip()):
        return "resolution"
    return None


def names_a_person(text: str, lang: str | None) -> bool:
    """The line starts with a title before a person's name (``Mr. …``, ``السيد …``): a
    participant, a signatory, never a heading."""
    first = text.strip().split(" ", 1)[0]
    return first in word_labels(lang).honorifics


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
        return 1, annex, " ".join(text.strip().rstrip(".:").split())
    for level, pattern in ((1, ROMAN), (2, LETTER)):
        m = pattern.match(text)
        if m:
            label = m["label"]
            if (level == 1 and len(label) == 1 and after is not None and after[0] == 2
                    and after[1] is not None and len(after[1]) == 1
                    and ord(after[1]) == ord(label) - 1):
                level = 2
            return level, label, (m["title"] or m["glued"]).strip()
    words = word_labels(lang)
    if not (words.chapters or words.sections):
        return None
    m = _WORD_LABEL.match(text)
    if m:
        label = _word_label(_DIACRITICS.sub("", m["label"]).strip(), words)
        if label in words.chapters:
            return 1, label, m["title"].strip()
        if label in words.sections:
            return 2, label, m["title"].strip()
    return _section_without_hyphen(text, words, after)


MAX_UNHYPHENATED_SECTION = 80  # characters of a section heading whose label lost its hyphen


def _section_without_hyphen(text: str, words: WordLabels,
                            after: tuple[int, str | None] | None) -> tuple[int, str, str] | None:
    """A section's word label whose hyphen OCR dropped (``ألف الجلسة الأولى`` for ``ألف-``:
    E/ESCWA/SD/2017/WG.3/REPORT-AR, read by OCR): the label word then the title, in a short
    line, taken only where the series expects that label — the first section right after a
    chapter heading, the next section right after a section (``ألف`` is also "thousand")."""
    if after is None or len(text) > MAX_UNHYPHENATED_SECTION:
        return None
    first, _, title = text.strip().partition(" ")
    label, series = _DIACRITICS.sub("", first), words.section_series
    if label not in series or not title.strip():
        return None
    level, previous = after
    if level == 1:
        expected = series[0]
    elif level == 2 and previous in series and series.index(previous) + 1 < len(series):
        expected = series[series.index(previous) + 1]
    else:
        return None
    return (2, label, title.strip()) if label == expected else None


def _word_label(label: str, words: WordLabels) -> str:
    """The word label as the language's list writes it: some Arabic text layers give the
    tanween over a final alef as a second alef (``ثالثاا`` for ``ثالثاً``)."""
    if label not in words.chapters and label.endswith("اا") and label[:-1] in words.chapters:
        return label[:-1]
    return label
