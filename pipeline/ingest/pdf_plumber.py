"""Reference character source on pdfplumber: the same pages
(:class:`~pipeline.ingest.pdf_chars.PageContent`) as the pypdfium2 reader, built from pdfplumber's
``chars`` and path objects.

Never the default (pdfplumber parses the content stream in Python, ~8 pages/s): it exists to prove
that the fast source gives the same segmentation (``tests/test_pdf_equivalence.py``), selected with
``read_pdf(data, chars="pdfplumber")``.

What each field is built from, so that the two sources agree:

- ``char``: pdfplumber's text (one char object may carry a ligature's letters, as pdfium's split
  letters are merged back into one glyph); control characters are skipped, soft hyphens become
  ``-`` (pdfium reports them as U+FFFE), and a combining mark right after a glyph in the text
  page's order (below) joins it when it sits over it, as in :mod:`pdf_chars`;
- ``x0``/``x1``/``top``/``bottom``: pdfium's loose box (``GetLooseBounds``): the advance, between
  the font size split by the font's ascent and descent, widened to the glyph's own box
  (``char_box``: its ink box, read from the TrueType program embedded in the PDF by
  :mod:`pdf_plumber_fonts`, since pdfminer never reads font programs). So a haraka drawn with
  no advance is boxed by its ink, where pdfminer has a point at its origin, and the mark joins
  the letter under its ink. The glyph's box alone when it is empty or the font gives no
  ascent/descent; without an embedded TrueType program, pdfminer's box stands for the glyph's;
  ``base``: the origin of the char's matrix;
- ``size``: pdfminer's ``size`` (font size times the matrix scale), rounded to 0.01 pt;
- ``style``: the base font name without its subset prefix, bold/italic from the name and the
  font descriptor's flags;
- rules: every rect, line and curve at most 2 pt high and at least 20 pt wide.

The glyphs come in the order of pdfium's text page (``CPDF_TextPage``), not in drawing order,
because that order decides which glyph a combining mark joins. Each char is tagged with the
text-showing operator (``Tj``/``TJ``: pdfium's text object) that drew it, and, as pdfium does:

- a text object whose rectangle has no width is skipped: the rectangle spans its glyphs' ink
  boxes, a glyph without ink (a space) counting as a point at its origin, so an object of one
  space is skipped and one of several spaces is not (without the font program, a char other
  than a space is taken to have ink);
- consecutive text objects whose origins lie on one baseline form a line, in which they are
  ordered by the x of their origin; a space right after a space in that order is dropped;
- the line is cut into direction runs (pdfium's ``CFX_BidiString``: L is left-to-right; EN, AN
  and the weak classes NSM, CS, ES, ET, BN are "left weak"; R and AL right-to-left; the rest
  neutral); when right-to-left runs are at least as many as left-to-right ones the runs are taken
  last to first, and a right-to-left run (or a neutral one after it) is reversed into logical
  order with its brackets mirrored (the glyph of a bracket in right-to-left text shows the
  mirrored one), while the others keep their drawing order. So a haraka drawn as its own object
  follows the letter drawn at its right, and one drawn after a comma or a hyphen stays there.
"""

from __future__ import annotations

import io
import itertools
import math
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unicodedata import combining

from pipeline.errors import DocumentError
from pipeline.ingest.pdf_chars import (
    MAX_RULE_THICKNESS,
    MIN_RULE_WIDTH,
    FontStyle,
    Glyph,
    PageContent,
    Rule,
    check_page_count,
    font_style,
)
from pipeline.models import Issue

_SKIP_CHARS = frozenset("\r\n\x00\uffff")
_HYPHENS = frozenset("\ufffe\x02\u00ad")
_MAX_FORM_DEPTH = 3


def read_pages_pdfplumber(data: bytes, max_pages: int) -> tuple[list[PageContent], list[Issue]]:
    """Every page's glyphs and rules read with pdfplumber; raises DocumentError like the pdfium
    source (``broken-pdf``, ``encrypted-pdf``, ``too-many-pages``)."""
    import pdfplumber  # the reference path only: never imported by the default reader

    with _soft_hyphen_decoded(), _text_objects_numbered(), _glyph_boxes_measured():
        return _read_pages(pdfplumber, data, max_pages)


@contextmanager
def _soft_hyphen_decoded() -> Iterator[None]:
    """pdfminer's table decodes WinAnsi code 173 (the soft hyphen, per the PDF specification's
    Annex D) as a space; pdfium reads it as a hyphen. Decode it as U+00AD while reading."""
    from pdfminer.encodingdb import EncodingDB

    table = EncodingDB.encodings["WinAnsiEncoding"]
    EncodingDB.encodings["WinAnsiEncoding"] = {**table, 173: "\u00ad"}
    try:
        yield
    finally:
        EncodingDB.encodings["WinAnsiEncoding"] = table


_TEXT_OBJECT = "text_object"  # the char attribute numbering the text-showing operator


@contextmanager
def _text_objects_numbered() -> Iterator[None]:
    """pdfminer draws each text-showing operator (pdfium's text object) with one
    ``render_string`` call; while reading, number the chars it adds and let pdfplumber copy the
    number into its char dicts."""
    from pdfminer.layout import LTChar
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfplumber import page as plumber_page

    original = PDFTextDevice.render_string
    numbers = itertools.count()

    def render_string(self: Any, *args: Any) -> None:
        item = getattr(self, "cur_item", None)
        start = len(item._objs) if item is not None else 0
        original(self, *args)
        if item is not None:
            number = next(numbers)
            for obj in item._objs[start:]:
                if isinstance(obj, LTChar):
                    setattr(obj, _TEXT_OBJECT, number)

    PDFTextDevice.render_string = render_string  # type: ignore[method-assign,assignment]
    plumber_page.ALL_ATTRS.add(_TEXT_OBJECT)
    try:
        yield
    finally:
        PDFTextDevice.render_string = original  # type: ignore[method-assign]
        plumber_page.ALL_ATTRS.discard(_TEXT_OBJECT)


_CHAR_BOX = "char_box"  # the char attribute: pdfium's box of the glyph (x0, y0, x1, y1), PDF y
_INK_SPAN = "ink_span"  # the char attribute: the x span (x0, x1) of the glyph's ink
_FONT_INK = "_docpipe_ink_boxes"  # the pdfminer font attribute: its InkBoxes, or None
_SIZE_EPSILON = 0.01  # pdfium's kSizeEpsilon


@contextmanager
def _glyph_boxes_measured() -> Iterator[None]:
    """While reading, give each char the box pdfium gives its glyph (``CharInfo::char_box``) and
    the span of its ink, from the font program embedded in the PDF (see
    :mod:`pipeline.ingest.pdf_plumber_fonts`); chars of fonts without one get neither."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfplumber import page as plumber_page

    from pipeline.ingest.pdf_plumber_fonts import ink_boxes

    original_get_font = PDFResourceManager.get_font
    original_render_char = PDFLayoutAnalyzer.render_char

    def get_font(self: Any, objid: Any, spec: Any) -> Any:
        font = original_get_font(self, objid, spec)
        if not hasattr(font, _FONT_INK):  # a Type0 font is its descendant's, read first
            setattr(font, _FONT_INK, ink_boxes(spec, font))
        return font

    def render_char(self: Any, matrix: Any, font: Any, fontsize: float, scaling: float,
                    rise: float, cid: int, *rest: Any) -> float:
        adv = float(original_render_char(self, matrix, font, fontsize, scaling, rise, cid,
                                         *rest))
        boxes = getattr(font, _FONT_INK, None)
        box = boxes(cid) if boxes is not None else None
        if box is not None:
            char = self.cur_item._objs[-1]
            setattr(char, _CHAR_BOX, _char_box(box, matrix, fontsize, scaling, adv))
            setattr(char, _INK_SPAN, _ink_span(box, matrix, fontsize, scaling))
        return adv

    PDFResourceManager.get_font = get_font  # type: ignore[method-assign]
    PDFLayoutAnalyzer.render_char = render_char  # type: ignore[method-assign,assignment]
    plumber_page.ALL_ATTRS.update((_CHAR_BOX, _INK_SPAN))
    try:
        yield
    finally:
        PDFResourceManager.get_font = original_get_font  # type: ignore[method-assign]
        PDFLayoutAnalyzer.render_char = original_render_char  # type: ignore[method-assign]
        plumber_page.ALL_ATTRS.difference_update((_CHAR_BOX, _INK_SPAN))


def _transformed(matrix: Any, points: list[tuple[float, float]]
                 ) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) around ``points`` (text space) mapped by ``matrix``."""
    a, b, c, d, e, f = (float(v) for v in matrix)
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _char_box(box: tuple[int, int, int, int], matrix: Any, fontsize: float, scaling: float,
              adv: float) -> tuple[float, float, float, float]:
    """pdfium's ``char_box`` (``ProcessTextObjectItems``): the ink box at the char's origin; a
    box without height gets 1/1000 of the font size, one without width the advance."""
    scale = fontsize / 1000
    left, bottom, right, top = box
    x0, x1 = left * scale * scaling, right * scale * scaling
    y0, y1 = bottom * scale, top * scale
    if abs(y1 - y0) < _SIZE_EPSILON:
        y1 = y0 + scale
    if abs(x1 - x0) < _SIZE_EPSILON:
        x1 = x0 + adv
    return _transformed(matrix, [(x0, y0), (x1, y0), (x0, y1), (x1, y1)])


def _ink_span(box: tuple[int, int, int, int], matrix: Any, fontsize: float,
              scaling: float) -> tuple[float, float]:
    """The x span of the glyph's ink box (a point at the origin for a glyph without ink), as
    pdfium adds it to its text object's rectangle (``CalcPositionDataInternal``)."""
    scale = fontsize / 1000
    left, bottom, right, top = box
    x0, x1 = left * scale * scaling, right * scale * scaling
    y0, y1 = bottom * scale, top * scale
    span = _transformed(matrix, [(x0, y0), (x1, y0), (x0, y1), (x1, y1)])
    return span[0], span[2]


def _read_pages(pdfplumber: Any, data: bytes, max_pages: int
                ) -> tuple[list[PageContent], list[Issue]]:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise DocumentError("encrypted-pdf", "the PDF is encrypted and needs a password") from exc
    except Exception as exc:
        raise DocumentError("broken-pdf", f"the PDF cannot be parsed ({exc})") from exc
    with pdf:
        check_page_count(len(pdf.pages), max_pages)
        pages: list[PageContent] = []
        issues: list[Issue] = []
        for i, page in enumerate(pdf.pages):
            try:
                pages.append(_read_page(page, i, pdf.rsrcmgr))
            except Exception as exc:  # a damaged page must not sink the document
                issues.append(Issue(code="unreadable-page", message=f"page {i + 1}: {exc}"))
                pages.append(PageContent(i + 1, 612.0, 792.0))
            finally:
                page.close()
    return pages, issues


# pdfium's built-in substitutes for the standard 14 fonts when the PDF gives no descriptor:
# (ascent, descent) in 1/1000 em, as pdfium measures their loose boxes
_PDFIUM_STANDARD_METRICS: dict[str, tuple[float, float]] = {
    "Times-Roman": (879.0, -249.0), "Times-Bold": (890.0, -249.0),
    "Times-Italic": (869.0, -249.0), "Helvetica": (946.0, -224.0),
    "Helvetica-Oblique": (952.0, -224.0), "Helvetica-Bold": (963.0, -227.0),
    "Courier": (803.0, -248.0), "Courier-Bold": (811.0, -248.0),
}


def _font_metrics(page: Any, rsrcmgr: Any) -> dict[str, tuple[int, float, float]]:
    """pdfminer's font name → (descriptor flags, ascent, descent) of the fonts read so far.

    pdfminer takes the AFM metrics of a standard 14 font (and of fonts it maps to one, like
    TrueType ``TimesNewRoman``) even when the PDF gives a descriptor; pdfium takes the PDF's
    descriptor, else its built-in substitute: so do we."""
    from pdfminer.pdffont import PDFType1Font

    described: dict[str, tuple[int, float, float]] = {}
    _font_flags(page.page_obj.resources, 0, described)
    out: dict[str, tuple[int, float, float]] = {}
    for font in getattr(rsrcmgr, "_cached_fonts", {}).values():
        name = str(getattr(font, "fontname", ""))
        record = (int(font.flags), float(font.ascent), float(font.descent))
        basefont = str(getattr(font, "basefont", ""))
        given = described.get(basefont)
        if given and given[1] > given[2]:
            record = given
        elif isinstance(font, PDFType1Font) and basefont in _PDFIUM_STANDARD_METRICS:
            record = (0, *_PDFIUM_STANDARD_METRICS[basefont])
        out.setdefault(name, record)
    return out


def _font_flags(resources: Any, depth: int, out: dict[str, tuple[int, float, float]]) -> None:
    """BaseFont → (descriptor flags, ascent, descent) of the fonts in ``resources`` that have a
    descriptor, and of those in the resources of its form XObjects."""
    from pdfminer.pdftypes import resolve1

    res = resolve1(resources) or {}
    for spec in (resolve1(res.get("Font")) or {}).values():
        font = resolve1(spec) or {}
        desc = resolve1(font.get("FontDescriptor"))
        if desc is None:
            for sub in resolve1(font.get("DescendantFonts")) or []:
                desc = resolve1(resolve1(sub).get("FontDescriptor"))
                if desc is not None:
                    break
        if desc is None:
            continue
        names = {_literal(font.get("BaseFont"))} - {""}
        record = (int(resolve1(desc.get("Flags", 0)) or 0),
                  float(resolve1(desc.get("Ascent", 0)) or 0),
                  float(resolve1(desc.get("Descent", 0)) or 0))
        for name in names:
            out.setdefault(name, record)
    if depth < _MAX_FORM_DEPTH:
        for xobj in (resolve1(res.get("XObject")) or {}).values():
            stream = resolve1(xobj)
            attrs = getattr(stream, "attrs", {})
            if _literal(attrs.get("Subtype")) == "Form" and "Resources" in attrs:
                _font_flags(attrs["Resources"], depth + 1, out)


def _literal(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return value.decode("latin-1", "replace")
    return str(value) if value is not None else ""


def _compatibility(ch: str) -> bool:
    return "\ufb00" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


def _decompose(text: str) -> str:
    """Latin ligatures and Arabic presentation forms to their letters (NFKC), as pdfium's text
    page gives them; an isolated haraka form (U+FC5E…, U+FE70…) becomes its combining marks."""
    return unicodedata.normalize("NFKC", text).lstrip(" ") or text


def _drawn_once(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chars without the copies a PDF draws again over themselves (fake bold: the same text
    redrawn half a point aside), as pdfium's text page drops them: a char equal in text, font,
    size and baseline to an earlier one whose advance it overlaps by more than half."""
    seen: dict[tuple[str, str, float, float], list[tuple[float, float]]] = {}
    out: list[dict[str, Any]] = []
    for c in chars:
        key = (str(c["text"]), str(c["fontname"]), round(float(c["size"]), 1),
               round(float(c["matrix"][5]), 1))
        x0, x1 = float(c["x0"]), float(c["x1"])
        width = x1 - x0
        spans = seen.setdefault(key, [])
        if key[0].strip() and any(min(x1, b) - max(x0, a) > width / 2 for a, b in spans):
            continue
        spans.append((x0, x1))
        out.append(c)
    return out


def _font_size(c: dict[str, Any]) -> float:
    """The font size times the vertical scale of the char's matrix (pdfium's measure): pdfminer's
    ``size`` is the height of the transformed box, which a skewed matrix (OCR layers) enlarges by
    ``|b| × advance``."""
    _a, b, cc, d = (float(v) for v in c["matrix"][:4])
    height = float(c["size"])
    if abs(d) < 1e-6 or not c.get("upright", True):
        return height
    adv = float(c["adv"])
    fontsize = (height - abs(b) * adv) / abs(d)
    return fontsize * math.hypot(cc, d)


# Unicode's Bidi_Mirroring_Glyph pairs of the Bidi_Mirrored characters UN documents use
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«", "‹": "›", "›": "‹"}
# pdfium's direction of each bidi class (fx_bidi.cpp, CFX_BidiChar::AppendChar)
_LEFT, _LEFT_WEAK, _RIGHT, _NEUTRAL = "L", "W", "R", "N"
_DIRECTION = {"L": _LEFT, "R": _RIGHT, "AL": _RIGHT,
              **dict.fromkeys(("EN", "AN", "NSM", "CS", "ES", "ET", "BN"), _LEFT_WEAK)}

Char = dict[str, Any]


def _text_page_order(chars: list[Char]) -> list[tuple[Char, bool]]:
    """The chars in the order of pdfium's text page, each with whether it stands in a run that
    was reversed (right-to-left); see the module docstring."""
    objects: list[list[Char]] = []
    for c in chars:
        if objects and objects[-1][0].get(_TEXT_OBJECT) == c.get(_TEXT_OBJECT):
            objects[-1].append(c)
        else:
            objects.append([c])
    out: list[tuple[Char, bool]] = []
    line: list[list[Char]] = []  # the current line's objects, by the x of their origin
    for obj in objects:
        if not _has_width(obj):
            continue  # pdfium skips a text object whose rectangle has no width
        if line and not _same_line(line[-1], obj):
            out.extend(_logical_order([c for o in line for c in o]))
            line = []
        x = float(obj[0]["matrix"][4])
        at = len(line)
        while at > 0 and float(line[at - 1][0]["matrix"][4]) > x:
            at -= 1
        line.insert(at, obj)
    if line:
        out.extend(_logical_order([c for o in line for c in o]))
    return out


def _has_width(obj: list[Char]) -> bool:
    """Does the text object's rectangle have a width? pdfium's rectangle spans the ink boxes of
    its glyphs, a glyph without ink counting as a point at its origin: so an object of one
    space has none, one of two spaces has one. Without the font program, a space is taken to
    have no ink and any other char to have some."""
    xs: list[float] = []
    for c in obj:
        span = c.get(_INK_SPAN)
        if span is None:
            if str(c["text"]).strip():
                return True
            span = (float(c["matrix"][4]),) * 2
        xs.extend(span)
    return max(xs) - min(xs) >= _SIZE_EPSILON


def _same_line(prev: list[Char], obj: list[Char]) -> bool:
    """pdfium keeps a text object on the line of the previous one when their origins' heights
    differ by at most half the wider of the two facing chars' advances."""
    width = max(abs(float(prev[-1]["adv"])), abs(float(obj[0]["adv"])))
    return abs(float(obj[0]["matrix"][5]) - float(prev[0]["matrix"][5])) <= width / 2


def _logical_order(chars: list[Char]) -> list[tuple[Char, bool]]:
    """One line's chars (objects by x, each in drawing order) in pdfium's logical order: a space
    after a space dropped, then the direction runs as in ``CPDF_TextPage::CloseTempLine``."""
    kept: list[Char] = []
    for c in chars:
        if str(c["text"]) == " " and kept and str(kept[-1]["text"]) == " ":
            continue
        kept.append(c)
    runs: list[tuple[str, list[Char]]] = []
    for c in kept:
        text = str(c["text"])
        direction = _DIRECTION.get(unicodedata.bidirectional(text[0]) if text else "", _NEUTRAL)
        if runs and runs[-1][0] == direction:
            runs[-1][1].append(c)
        else:
            runs.append((direction, [c]))
    n_right = sum(1 for d, _ in runs if d == _RIGHT)
    current = _LEFT
    if n_right and n_right >= sum(1 for d, _ in runs if d == _LEFT):
        runs.reverse()
        current = _RIGHT
    out: list[tuple[Char, bool]] = []
    for direction, run in runs:
        if direction == _RIGHT or (direction == _NEUTRAL and current == _RIGHT):
            current = _RIGHT
            out.extend((c, True) for c in reversed(run))
        else:
            if direction != _LEFT_WEAK:
                current = _LEFT
            out.extend((c, False) for c in run)
    return out


def _loose_box(c: Char, height: float, base: float, size: float, ascent: float,
               descent: float) -> tuple[float, float, float, float]:
    """pdfium's loose box of a char (``GetLooseBounds``) as x0, x1, top, bottom (top-down): the
    advance between the font's ascent and descent, widened to the glyph's box (``char_box``),
    which alone counts when it is empty or the font has no ascent/descent. Without the font
    program, pdfminer's box stands for the glyph's."""
    x0, x1 = float(c["x0"]), float(c["x1"])
    box = c.get(_CHAR_BOX)
    if box is None:
        if ascent > descent:
            return x0, x1, base - size * ascent / 1000, base - size * descent / 1000
        return x0, x1, float(c["top"]), float(c["bottom"])
    bx0, by0, bx1, by1 = box
    if ascent <= descent or bx0 >= bx1 or by0 >= by1:
        return bx0, bx1, height - by1, height - by0
    top, bottom = base - size * ascent / 1000, base - size * descent / 1000
    return min(x0, bx0), max(x1, bx1), min(top, height - by1), max(bottom, height - by0)


def _read_page(page: Any, index: int, rsrcmgr: Any) -> PageContent:
    width, height = float(page.width), float(page.height)
    content = PageContent(index + 1, width, height)
    chars = _drawn_once(page.chars)
    fonts = _font_metrics(page, rsrcmgr)
    style_ids: dict[FontStyle, int] = {}
    glyphs = content.glyphs
    for c, reversed_run in _text_page_order(chars):
        ch = str(c["text"])
        if not ch or ch in _SKIP_CHARS:
            continue
        if ch in _HYPHENS:
            ch = "-"
        elif any(_compatibility(x) for x in ch):
            ch = _decompose(ch)
        elif reversed_run:
            ch = _MIRROR.get(ch, ch)
        name = str(c["fontname"])
        flags, ascent, descent = fonts.get(name, (0, 0.0, 0.0))
        style = font_style(name.split("+", 1)[-1], flags)
        sid = style_ids.get(style)
        if sid is None:
            sid = style_ids[style] = len(content.styles)
            content.styles.append(style)
        exact = _font_size(c)
        size = round(exact, 2)
        base = height - float(c["matrix"][5])
        x0, x1, top, bottom = _loose_box(c, height, base, exact, ascent, descent)
        if glyphs and combining(ch[0]):
            prev = glyphs[-1]
            centre = (x0 + x1) / 2
            if prev.char != " " and prev.x0 - 1 <= centre <= prev.x1 + 1:
                glyphs[-1] = prev._replace(char=prev.char + ch)
                continue
        glyphs.append(Glyph(ch, x0, x1, top, bottom, base, size, sid))
    for obj in (*page.rects, *page.lines, *page.curves):
        x0, x1 = float(obj["x0"]), float(obj["x1"])
        top, bottom = float(obj["top"]), float(obj["bottom"])
        if bottom - top <= MAX_RULE_THICKNESS and x1 - x0 >= MIN_RULE_WIDTH:
            content.rules.append(Rule(x0, x1, top))
    content.rules.sort(key=lambda r: (r.y, r.x0))
    return content
