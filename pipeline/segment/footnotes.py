"""Footnote markers and bodies.

Markers are printed as Unicode superscript digits glued to the preceding word (``aspects¹``,
``Biennale¹⁰``) or as asterisks (``provisoire*``, ``général**``, in brackets ``المرفق(*)``). A
footnote body starts with its marker: ``¹⁰ Voir A/CONF.192/BMS/2005/1.``, ``* A/63/150 et
Corr.1.`` or ``(*) …``.
"""

from __future__ import annotations

import re

from pipeline.text.markers import SUPERSCRIPTS, to_digits

_BODY_START = re.compile(
    rf"^\s*(?:(?P<marker>[{SUPERSCRIPTS}]+|\*{{1,4}})|\((?P<bracketed>\*{{1,4}})\))\s*"
    r"(?P<text>\S.*)$", re.S)
_ARABIC_MARKS = "\u064b-\u065f\u0670"  # vowel marks (harakat), which \w does not match
# A marker in running text: superscript digits after a letter (an Arabic one with its vowel
# marks: ``قسراً²⁰``), digit, closing punctuation (or a bracket that a right-to-left text layer
# gives mirrored, or a quote closed with an opening mark: ``markets.“¹¹``) or another mark;
# asterisks glued to the end of a word (not a multiplication or a bullet); superscript digits
# glued to the next sentence's first word after the punctuation that ends a sentence
# (``planet.¹The``, ``divide).⁴⁸For``), or to an Arabic word, which no unit or formula is
# (``لعام 2016²⁵أنّ``). Never after a superscript digit, nor after one and a decimal point:
# ``²⁶``, ``⁰.⁹`` are numbers printed small.
_REF = re.compile(rf"(?<=[\w.,;:()\]»”“\"’'%{_ARABIC_MARKS}])(?<![{SUPERSCRIPTS}])"
                  rf"(?<![{SUPERSCRIPTS}][.])"
                  rf"(?:(?P<marker>[{SUPERSCRIPTS}]+|\*{{1,4}})(?![\w*])"
                  r"|\((?P<bracketed>\*{1,4})\))"
                  rf"|(?<=[.,;:)\]»”\"’])(?<![{SUPERSCRIPTS}])(?P<glued>[{SUPERSCRIPTS}]+)"
                  r"(?=[^\W\d_])"
                  rf"|(?<=[\w{_ARABIC_MARKS}])(?<![{SUPERSCRIPTS}])(?P<arabic>[{SUPERSCRIPTS}]+)"
                  r"(?=[\u0621-\u064a])")
_UNIT_BEFORE = re.compile(r"(?:^|\W)(?:[kM]?m|cm|mm|ft|in)$")
_MARKER_CHAR = re.compile(rf"[{SUPERSCRIPTS}*]")


def footnote_id(marker: str) -> str:
    """``fn10``, ``fn*``, ``fn**``."""
    return f"fn{to_digits(marker)}"


def split_body(text: str) -> tuple[str, str] | None:
    """``(marker, text)`` of a footnote body, marker as digits or asterisks; None if ``text`` does
    not start with a marker."""
    m = _BODY_START.match(text)
    if not m:
        return None
    return to_digits(m.group("marker") or m.group("bracketed")), m.group("text").strip()


def find_markers(text: str) -> list[tuple[str, int, int]]:
    """Footnote markers cited in ``text``: ``(marker as digits or asterisks, start, end)``."""
    found: list[tuple[str, int, int]] = []
    if not _MARKER_CHAR.search(text):
        return found  # most texts cite nothing: skip _REF, whose look-behind runs at every position
    for m in _REF.finditer(text):
        marker = m.group("marker") or m.group("bracketed") or m.group("glued") or m["arabic"]
        # a unit is at most three characters before the marker: look there only (slicing the
        # whole text before each marker was quadratic); ``^`` still means the start of ``text``
        if marker[0] != "*" and _UNIT_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            continue  # m², km²
        found.append((to_digits(marker), m.start(), m.end()))
    return found


def table_text(caption: str | None, rows: list[list[str]]) -> str:
    """The text of a table in which its calls are looked for: the caption and the cells, one a
    line (a marker alone at the start of a cell is no call: it follows no word)."""
    return "\n".join([caption or "", *(cell for row in rows for cell in row)])
