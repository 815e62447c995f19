"""Footnotes of a PDF page: the zone under the separator rule, one block per footnote.

The separator is a short thin rule (a path, seen by pdfium as a path object; pdfplumber shows it
in ``rects``/``horizontal_edges``) or a line of underscores (typewriter-era documents), starting
near the left edge of the text (the right edge in a right-to-left document), in the lower part of
the page, with text under it, and no border of a table's cell (a rule that another one continues
at its height, or that a vertical rule meets). The lines under it, furniture excepted, are the
footnote zone. A rule as wide as the text separates notes too when the zone under it opens with
a note continued from the page before and another starts further down. A footnote starts with
its marker, printed as a raised small number (turned into superscript digits by the line
reader), ``*``, ``1/`` in 1990s documents, or a number or asterisk in brackets, ``(1)``,
``(*)`` (Arabic documents; brackets as the text layer gives them); lines before the first marker
continue a footnote of the previous page.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.ingest.pdf_chars import PageContent, Rule
from pipeline.ingest.pdf_lines import Line
from pipeline.text.markers import to_superscript

_UNDERSCORES = re.compile(r"^_{5,}$")
_MARKER = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,4}|\d{1,3}/|\d{1,3}(?=\s)"
                     r"|[(（)]\s?(?:\d{1,3}|\*{1,3})\s?[)）(])")
_OLD_MARKER = re.compile(r"^(\d{1,3})/(?=\s|$)")
# ``(1)`` or, as a right-to-left text layer may give it, ``)1(``
_BRACKETED = re.compile(r"^[(（)]\s?(\d{1,3}|\*{1,3})\s?[)）(]\s*")
_SEPARATOR_MAX_WIDTH = 0.45  # × page width
_CONTINUED_MAX_WIDTH = 0.9  # × page width: a rule over a continued note may span the text …
_CONTINUED_TOP = 0.6  # … when it lies below this fraction of the page height
_SEPARATOR_MIN_WIDTH = 25.0
_SEPARATOR_TOP = 0.3  # the rule lies below this fraction of the page height
_THIN = 2.0  # pt: a path this narrow is a vertical rule


def split_zone(page: PageContent, lines: list[Line], text_left: float,
               text_right: float | None = None
               ) -> tuple[list[Line], list[Line], list[Line]]:
    """(body lines, footnote lines, separator lines) of a page; ``lines`` exclude furniture.
    ``text_right``: the right edge of the text of a right-to-left document, where its separator
    starts."""

    def at_start(x0: float, x1: float) -> bool:
        return abs(x0 - text_left) <= 40 or (text_right is not None and abs(x1 - text_right) <= 40)

    if not lines:
        return lines, [], []
    candidates: list[tuple[float, Line | None, bool]] = []  # (y, underscores, wide)
    for rule in page.rules:
        width = rule.x1 - rule.x0
        if (_SEPARATOR_MIN_WIDTH <= width <= _CONTINUED_MAX_WIDTH * page.width
                and at_start(rule.x0, rule.x1) and rule.y >= _SEPARATOR_TOP * page.height
                and not _underlines(rule.x0, rule.x1, rule.y, lines)
                and (run := _run_width(rule, page.rules)) <= _CONTINUED_MAX_WIDTH * page.width
                and not _in_grid(rule, page)):
            candidates.append((rule.y, None, run > _SEPARATOR_MAX_WIDTH * page.width))
    for ln in lines:
        # position first: ``Line.text`` is built anew on each call
        if (at_start(ln.x0, ln.x1) and ln.top >= _SEPARATOR_TOP * page.height
                and ln.x1 - ln.x0 <= _SEPARATOR_MAX_WIDTH * page.width
                and _UNDERSCORES.match(ln.text.replace(" ", ""))):
            candidates.append((ln.bottom, ln, False))
    rtl = text_right is not None
    for y, sep_line, wide in sorted(candidates, key=lambda c: -c[0]):
        below = [ln for ln in lines if ln.top >= y - 1 and ln is not sep_line]
        above = [ln for ln in lines if ln.bottom <= y + 1 and ln is not sep_line]
        if below and above and (_continued_notes(y, page, below, above, rtl) if wide
                                else _looks_like_notes(below, above, rtl)):
            return above, below, [sep_line] if sep_line else []
    return lines, [], []


def _continued_notes(y: float, page: PageContent, below: list[Line], above: list[Line],
                     rtl: bool) -> bool:
    """Under a rule as wide as the text (the rule over a note continued from the page before,
    as LaTeX draws it): low on the page, the zone opens with that continuation, a note marked
    by a raised number or an asterisk starts further down, and all of it is set smaller than
    the body (a rule across the page over smaller two-column text is no separator)."""
    if y < _CONTINUED_TOP * page.height:
        return False
    ordered = sorted(below, key=lambda ln: ln.base)
    return (not starts_note(ordered[0].text, rtl)
            and any(_RAISED_MARKER.match(ln.text) for ln in ordered[1:])
            and _looks_like_notes(below, above, rtl))


_RAISED_MARKER = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,4})\s*\S")


def _run_width(rule: Rule, rules: list[Rule]) -> float:
    """Width of the run of rules on the baseline of ``rule`` that touch one another: a table's
    border drawn cell by cell is one long rule, whose first or last piece is no separator."""
    x0, x1 = rule.x0, rule.x1
    level = sorted((r for r in rules if abs(r.y - rule.y) <= 1.0), key=lambda r: r.x0)
    grown = True
    while grown:
        grown = False
        for r in level:
            if r.x0 <= x1 + 3.0 and r.x1 >= x0 - 3.0 and (r.x0 < x0 or r.x1 > x1):
                x0, x1 = min(x0, r.x0), max(x1, r.x1)
                grown = True
    return x1 - x0


def _in_grid(rule: Rule, page: PageContent) -> bool:
    """A border of a table's cell, not a separator: another rule at its height goes on from
    one of its ends (a row's border drawn cell by cell), or a vertical rule meets it."""
    for other in page.rules:
        if other is not rule and abs(other.y - rule.y) <= 1.5 and (
                abs(other.x0 - rule.x1) <= 3 or abs(other.x1 - rule.x0) <= 3):
            return True
    return any(b.x1 - b.x0 <= _THIN and b.bottom - b.top >= 8
               and rule.x0 - 2 <= b.x0 <= rule.x1 + 2
               and b.top - 2 <= rule.y <= b.bottom + 2 for b in page.paths)


def _underlines(x0: float, x1: float, y: float, lines: list[Line]) -> bool:
    """A rule just under the baseline of a text line it overlaps is an underline."""
    return any(0 <= y - ln.base <= 0.4 * ln.size and ln.x0 < x1 and x0 < ln.x1 for ln in lines)


def _looks_like_notes(below: list[Line], above: list[Line], rtl: bool) -> bool:
    """Notes are no larger than the body text and the first one starts with a marker, or the
    zone continues a note (then its type is smaller than the body's). The body's size is the
    larger of most of the text's and the size of the line just above the rule (on a page with
    a chart, the chart's labels may outnumber the prose)."""
    body_size = max(_text_size(above), max(above, key=lambda ln: ln.bottom).size)
    first = min(below, key=lambda ln: ln.base)
    if starts_note(first.text, rtl):
        return max(ln.size for ln in below) <= body_size + 0.5
    return max(ln.size for ln in below) < body_size - 0.5


def _text_size(lines: list[Line]) -> float:
    """The size of most of the text (the median over characters, so that the short lines of a
    chart or a table do not outvote the prose)."""
    weighted = sorted((ln.size, max(1, ln.x1 - ln.x0)) for ln in lines)
    half = sum(w for _, w in weighted) / 2
    seen = 0.0
    for size, w in weighted:
        seen += w
        if seen >= half:
            return size
    return weighted[-1][0]


# a note whose text runs left to right in a right-to-left document: its marker, printed where
# the right-to-left paragraph starts, ends the line as the text layer gives it
_TRAILING = re.compile(r"\s*(?P<marker>[(（)]\s?(?:\d{1,3}|\*{1,3})\s?[)）(]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
                       r"|(?<=\s)\.\d{1,3})$")


def starts_note(text: str, rtl: bool = False) -> bool:
    """Does a footnote-zone line open a note (its marker first; in a right-to-left document
    also last, on a line of left-to-right text)?"""
    return bool(_MARKER.match(text)) or (rtl and marker_last(text) is not None)


def marker_last(text: str) -> str | None:
    """``.WSIS-03/GENEVA/9(Rev.1)-A (3)`` → ``(3) WSIS-03/GENEVA/9(Rev.1)-A.``, ``Bryan A.
    Garner, ed., Black’s Law .1`` → ``1. Bryan A. Garner, ed., Black’s Law``: a line of Latin
    text (a few right-to-left letters aside: ``.95 ص ،www.wto.org/… )7(``, the page cited)
    ending with a note's marker, the marker put first and the full stop that the
    right-to-left paragraph displayed before the text put back at its end; None for any other
    line."""
    m = _TRAILING.search(text)
    if m is None or _MARKER.match(text) or not re.search(r"[A-Za-z]", text[:m.start()]):
        return None
    if not mostly_latin(text):
        return None  # a right-to-left line: its marker is where the reader put it
    marker = m["marker"]
    if marker.startswith("."):
        marker = marker[1:] + "."  # `.4`: the label `4.` printed right to left
    return f"{marker} {full_stop_last(text[:m.start()].strip())}"


def mostly_latin(text: str) -> bool:
    """More than twice as many Latin letters as right-to-left ones."""
    rtl = sum(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
    return sum(ch.isascii() and ch.isalpha() for ch in text) > 2 * rtl


def full_stop_last(text: str) -> str:
    """``.list-indicators`` → ``list-indicators.``: the full stop (or the bracket and full stop,
    ``.)Thomson Reuters Pvt. Ltd., 2014``) that ends a left-to-right sentence in a right-to-left
    paragraph, displayed at the line's left, put back at its end."""
    m = re.match(r"^([.;:])(\)?)\s*(?=\S)", text)
    if m is None or text[-1:] in ".;:":
        return text
    return text[m.end():] + (")" if m[2] else "") + m[1]


def normalize_marker(text: str, plain: bool = True) -> tuple[str, str | None]:
    """``1/ A/48/803.`` → (``¹ A/48/803.``, ``1``); a superscript or ``*`` marker is kept and
    made to be followed by a space; with ``plain``, a number at the text's size (``21 ENOC``)
    becomes one (not in a right-to-left document, whose markers are in brackets and whose
    note lines may start with a number: ``75 في المائة.``). Returns the text and the
    old-style number, if any."""
    m = _OLD_MARKER.match(text)
    if m:
        rest = text[m.end():].lstrip()
        return f"{to_superscript(m.group(1))} {rest}", m.group(1)
    m = _BRACKETED.match(text)
    if m:
        return f"{to_superscript(m.group(1))} {text[m.end():]}", None
    m = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,4})(?=[^\s*⁰¹²³⁴⁵⁶⁷⁸⁹])", text)
    if m:
        return f"{m.group(1)} {text[m.end():]}", None
    m = _PLAIN_MARKER.match(text) if plain else None
    if m:  # a number printed at the size of the note's text: ``21 ENOC (2016): …``
        return f"{to_superscript(m.group(1))} {text[m.end():]}", None
    return text, None


_PLAIN_MARKER = re.compile(r"^([1-9]\d{0,2})\s+(?=\S)")


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
