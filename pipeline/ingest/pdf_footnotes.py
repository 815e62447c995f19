"""Footnotes of a PDF page: the zone under the separator rule, one block per footnote.

The separator is a short thin rule (a path, seen by pdfium as a path object; pdfplumber shows it
in ``rects``/``horizontal_edges``) or a line of underscores (typewriter-era documents), starting
near the left edge of the text, in the lower part of the page, with text under it. The lines under
it, furniture excepted, are the footnote zone. A footnote starts with its marker, printed as a
raised small number (turned into superscript digits by the line reader), ``*``, or ``1/`` in
1990s documents; lines before the first marker continue a footnote of the previous page.
"""

from __future__ import annotations

import re

from pipeline.ingest.pdf_chars import PageContent
from pipeline.ingest.pdf_lines import Line
from pipeline.text.markers import to_superscript

_UNDERSCORES = re.compile(r"^_{5,}$")
_MARKER = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,4}|\d{1,3}/|\d{1,3}(?=\s))")
_OLD_MARKER = re.compile(r"^(\d{1,3})/(?=\s|$)")
_SEPARATOR_MAX_WIDTH = 0.45  # × page width
_SEPARATOR_MIN_WIDTH = 25.0
_SEPARATOR_TOP = 0.3  # the rule lies below this fraction of the page height


def split_zone(page: PageContent, lines: list[Line], text_left: float
               ) -> tuple[list[Line], list[Line], list[Line]]:
    """(body lines, footnote lines, separator lines) of a page; ``lines`` exclude furniture."""
    if not lines:
        return lines, [], []
    candidates: list[tuple[float, Line | None]] = []
    for rule in page.rules:
        width = rule.x1 - rule.x0
        if (_SEPARATOR_MIN_WIDTH <= width <= _SEPARATOR_MAX_WIDTH * page.width
                and abs(rule.x0 - text_left) <= 40 and rule.y >= _SEPARATOR_TOP * page.height
                and not _underlines(rule.x0, rule.x1, rule.y, lines)):
            candidates.append((rule.y, None))
    for ln in lines:
        # position first: ``Line.text`` is built anew on each call
        if (abs(ln.x0 - text_left) <= 40 and ln.top >= _SEPARATOR_TOP * page.height
                and ln.x1 - ln.x0 <= _SEPARATOR_MAX_WIDTH * page.width
                and _UNDERSCORES.match(ln.text.replace(" ", ""))):
            candidates.append((ln.bottom, ln))
    for y, sep_line in sorted(candidates, key=lambda c: -c[0]):
        below = [ln for ln in lines if ln.top >= y - 1 and ln is not sep_line]
        above = [ln for ln in lines if ln.bottom <= y + 1 and ln is not sep_line]
        if below and above and _looks_like_notes(below, above):
            return above, below, [sep_line] if sep_line else []
    return lines, [], []


def _underlines(x0: float, x1: float, y: float, lines: list[Line]) -> bool:
    """A rule just under the baseline of a text line it overlaps is an underline."""
    return any(0 <= y - ln.base <= 0.4 * ln.size and ln.x0 < x1 and x0 < ln.x1 for ln in lines)


def _looks_like_notes(below: list[Line], above: list[Line]) -> bool:
    """Notes are no larger than the body text and the first one starts with a marker, or the
    zone continues a note (then its type is smaller than the body's)."""
    sizes = sorted(ln.size for ln in above)
    body_size = sizes[len(sizes) // 2]
    first = min(below, key=lambda ln: ln.base)
    if _MARKER.match(first.text):
        return max(ln.size for ln in below) <= body_size + 0.5
    return max(ln.size for ln in below) < body_size - 0.5


def starts_note(text: str) -> bool:
    return bool(_MARKER.match(text))


def normalize_marker(text: str) -> tuple[str, str | None]:
    """``1/ A/48/803.`` → (``¹ A/48/803.``, ``1``); a superscript or ``*`` marker is kept and
    made to be followed by a space. Returns the text and the old-style number, if any."""
    m = _OLD_MARKER.match(text)
    if m:
        rest = text[m.end():].lstrip()
        return f"{to_superscript(m.group(1))} {rest}", m.group(1)
    m = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,4})(?=[^\s*⁰¹²³⁴⁵⁶⁷⁸⁹])", text)
    if m:
        return f"{m.group(1)} {text[m.end():]}", None
    return text, None


def old_style_citations(text: str, numbers: set[str]) -> str:
    """In body text of a document whose notes are ``1/``, ``2/``: ``Haití 1/ y`` →
    ``Haití¹ y`` for the numbers that have a note."""
    if not numbers or "/" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        if m.group(2) not in numbers:
            return m.group(0)
        return m.group(1) + to_superscript(m.group(2))

    return re.sub(r"(\S) (\d{1,3})/(?=[\s,.;:)]|$)", repl, text)
