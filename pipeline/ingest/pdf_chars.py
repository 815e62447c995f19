"""Characters and rules of a PDF page, read with pypdfium2 (fast path of the PDF reader).

One :class:`PageContent` per page: every glyph with its loose box, baseline, font size and font
style, plus the thin horizontal rules (footnote separators) drawn as paths. Coordinates are in
points, top-down (``y`` grows downwards from the top of the page), like pdfplumber's.

Why pypdfium2 and not pdfplumber: pdfplumber (pdfminer) parses the content stream in Python,
about 7 pages/s on the dev corpus; pdfium parses it in C and we only pay a handful of ctypes
calls per character. Its path objects give the footnote rules that pdfplumber exposes as
``rects``/``horizontal_edges``; the bounds of every path and image object tell which pages hold
tables, charts or scans, and only those pages go to pdfplumber (:mod:`pdf_tables`) or to OCR
(:mod:`ocr`).
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple
from unicodedata import combining

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pypdfium2_raw.bindings as pdfium_bindings

from pipeline.errors import DocumentError
from pipeline.models import Issue, Severity

_FONT_FLAG_ITALIC = 1 << 6
_FONT_FLAG_FORCE_BOLD = 1 << 18
MAX_RULE_THICKNESS = 2.0
MIN_RULE_WIDTH = 20.0
_MAX_FORM_DEPTH = 3
_SKIP_CHARS = frozenset("\r\n\x00\uffff")
# pdfium reports a hyphen at a line end as U+FFFE (or 0x02); Word writes optional hyphens as U+00AD
_HYPHENS = frozenset("\ufffe\x02\u00ad")
# what no text holds: halves of a surrogate pair left alone, control codes (pdfium's answer for
# a glyph some broken maps give no character); read as U+FFFD and counted
# A ligature's letters in the order of a right-to-left run read backwards (a map written for
# visually ordered glyphs, which pdfium reverses once more): alef then lam is no ligature (alef
# never joins the letter after it), nor is heh-lam-lam-alef; they are lam-alef and Allah.
REVERSED_LIGATURES = {"ال": "لا", "أل": "لأ", "إل": "لإ", "آل": "لآ", "هللا": "الله"}
# symbol fonts (Symbol, Wingdings) give their glyphs private-use code points U+F000 + the font's
# code: the bullets, checks and the asterisk of a footnote call, read as what they print
SYMBOL_FONT_CHARS = {
    0xF0B7: "•", 0xF09F: "•", 0xF06C: "●", 0xF0A7: "▪", 0xF06E: "■", 0xF0A8: "□", 0xF071: "❑",
    0xF076: "❖", 0xF0D8: "➢", 0xF0E8: "➔", 0xF0FC: "✓", 0xF0FB: "✗", 0xF02A: "*", 0xF02D: "-",
}
_SYMBOL_FONT = re.compile("[\uf000-\uf0ff]")
_INVALID = re.compile(r"[\ud800-\udfff\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Glyph(NamedTuple):
    """One character as drawn. ``x0``/``x1`` span its advance, ``top``/``bottom`` the font's
    ascent/descent, ``base`` is the baseline; all top-down, in points."""

    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    style: int  # index into PageContent.styles


class FontStyle(NamedTuple):
    name: str
    bold: bool
    italic: bool


class Rule(NamedTuple):
    """A thin horizontal line (path object) drawn on the page."""

    x0: float
    x1: float
    y: float


class Box(NamedTuple):
    """The bounds of a path or image object drawn on the page (top-down, in points)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageContent:
    number: int  # 1-based physical page number
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    styles: list[FontStyle] = field(default_factory=list)
    paths: list[Box] = field(default_factory=list)  # every path object (rules, frames, charts)
    images: list[Box] = field(default_factory=list)  # image objects (scans, logos, pictures)
    invalid_chars: int = 0  # characters of the text layer read as U+FFFD (see _INVALID)
    outside_chars: int = 0  # characters drawn outside the page's crop box, left out
    sideways_chars: int = 0  # characters printed sideways (a quarter turn), left out
    sideways_page: bool = False  # most of the page's text is printed sideways, read as it lies


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open ``data`` with pdfium; raises DocumentError ``encrypted-pdf`` or ``broken-pdf``.

    A PDF encrypted with an empty user password opens normally (it is not an error).
    """
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD,
                                              pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentError("encrypted-pdf", "the PDF is encrypted and needs a password") \
                from exc
        raise DocumentError("broken-pdf", f"the PDF cannot be parsed ({exc})") from exc
    except Exception as exc:  # pdfium's loader should only raise PdfiumError; be safe
        raise DocumentError("broken-pdf", f"the PDF cannot be parsed ({exc})") from exc


def font_style(name: str, flags: int) -> FontStyle:
    """Bold and italic from the base font name and the font descriptor's flags."""
    low = name.lower()
    bold = bool(flags & _FONT_FLAG_FORCE_BOLD) or any(
        k in low for k in ("bold", "black", "heavy", "semibold", "demi"))
    italic = bool(flags & _FONT_FLAG_ITALIC) or "italic" in low or "oblique" in low
    return FontStyle(name, bold, italic)


def _font_style(font: Any, name_buf: ctypes.Array[ctypes.c_char]) -> FontStyle:
    if not font:
        return FontStyle("", False, False)
    n = _get_base_name(font, name_buf, len(name_buf))
    name = name_buf.raw[: max(0, n - 1)].decode("latin-1", "replace") if n else ""
    return font_style(name, _get_flags(font))


def _collect_graphics(page: pdfium.PdfPage, height: float, content: PageContent) -> None:
    """The page's thin horizontal rules, the bounds of all its path objects and of its images
    (into ``content``), looking into form XObjects a few levels deep."""
    rules = content.rules
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def visit(count: int, get: object, parent: object, depth: int) -> None:
        for i in range(count):
            obj = get(parent, i)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    continue
                w = right.value - left.value
                h = top.value - bottom.value
                if h <= MAX_RULE_THICKNESS and w >= MIN_RULE_WIDTH:
                    rules.append(Rule(left.value, right.value, height - top.value))
                content.paths.append(Box(left.value, height - top.value, right.value,
                                         height - bottom.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    content.images.append(Box(left.value, height - top.value, right.value,
                                              height - bottom.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                visit(pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject,
                      obj, depth + 1)

    visit(pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, page, 0)
    rules.sort(key=lambda r: (r.y, r.x0))


# A page of a real document draws thousands of objects; a content stream that expands to
# millions (a decompression bomb, a garbage stream) would cost gigabytes in pdfium's text page.
MAX_PAGE_OBJECTS = 500_000


class PageTooComplex(Exception):
    """A page drawing more than :data:`MAX_PAGE_OBJECTS` objects: skipped, with an issue."""


def check_page_count(n_pages: int, max_pages: int) -> int:
    """``n_pages``, when a PDF has at least one page and no more than ``max_pages``; else the
    document error (``broken-pdf``, ``too-many-pages``)."""
    if n_pages > max_pages:
        raise DocumentError("too-many-pages", f"{n_pages} pages exceed the limit of {max_pages}")
    if n_pages == 0:
        raise DocumentError("broken-pdf", "the PDF has no pages")
    return n_pages


def read_pages(data: bytes, max_pages: int, max_chars: int | None = None
               ) -> tuple[list[PageContent], list[Issue]]:
    """Every page's glyphs and rules; a page that fails to read is an ``unreadable-page`` issue
    (and an empty page). Raises DocumentError ``broken-pdf``, ``encrypted-pdf``,
    ``too-many-pages``, or ``too-large`` as soon as the pages' characters (counted by pdfium
    before any is read) exceed ``max_chars``: a page of millions of characters, or a
    compressed content stream that expands to them, is refused before it costs memory."""
    pdf = open_pdf(data)
    budget = [max_chars if max_chars is not None else -1]
    try:
        n_pages = check_page_count(len(pdf), max_pages)
        pages: list[PageContent] = []
        issues: list[Issue] = []
        for i in range(n_pages):
            try:
                pages.append(read_page(pdf, i, budget))
            except PageTooComplex as exc:
                issues.append(Issue(code="page-too-complex", segment=None, message=str(exc)))
                pages.append(PageContent(i + 1, 612.0, 792.0))
            except DocumentError:
                raise
            except Exception as exc:  # a damaged page must not sink the document
                issues.append(Issue(code="unreadable-page", message=f"page {i + 1}: {exc}"))
                pages.append(PageContent(i + 1, 612.0, 792.0))
    finally:
        pdf.close()
    issues += _counted(pages, lambda p: p.invalid_chars, "invalid-characters", "warning",
                       "{n} character(s) of the text layer are no characters (lone surrogate "
                       "halves, control codes); read as U+FFFD (pages {pages})")
    issues += _counted(pages, lambda p: p.sideways_chars, "sideways-text-dropped", "info",
                       "{n} character(s) printed sideways (axis titles, column heads set "
                       "upright) are left out of the text (pages {pages})")
    issues += _counted(pages, lambda p: int(p.sideways_page), "sideways-page", "warning",
                       "most of the text of pages {pages} is printed sideways (a landscape "
                       "table or diagram); it is read as it lies, letter columns across lines: "
                       "likely wrong")
    issues += _counted(pages, lambda p: p.outside_chars, "text-outside-page", "info",
                       "{n} character(s) drawn outside the pages' visible area (crop box) are "
                       "not read (pages {pages})")
    return pages, issues


def _counted(pages: list[PageContent], count: Callable[[PageContent], int], code: str,
             severity: Severity, message: str) -> list[Issue]:
    """One issue for what ``count`` finds on the pages (``{n}`` in ``message``: the total,
    ``{pages}``: the pages, the first ten), or none."""
    hit = [p for p in pages if count(p)]
    if not hit:
        return []
    shown = ", ".join(str(p.number) for p in hit[:10]) + (" …" if len(hit) > 10 else "")
    total = sum(count(p) for p in hit)
    return [Issue(code=code, severity=severity, message=message.format(n=total, pages=shown))]


def pair_surrogates(chars: list[str]) -> list[str]:
    """pdfium's characters one by one, a character beyond U+FFFF given as its two UTF-16
    halves: each pair becomes the character, at the first half's place (the second half's place
    gets NUL, which the reader skips). Lone halves are left for :func:`repair_invalid`."""
    out = list(chars)
    for k in range(len(out) - 1):
        high, low = out[k], out[k + 1]
        if "\ud800" <= high <= "\udbff" and "\udc00" <= low <= "\udfff":
            out[k] = chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))
            out[k + 1] = "\x00"
    return out


def repair_invalid(text: str) -> tuple[str, int]:
    """``text`` with what no text holds (lone surrogate halves, control codes other than tab
    and line breaks) replaced by U+FFFD, and how many were."""
    if _INVALID.search(text) is None:
        return text, 0
    return _INVALID.subn("\ufffd", text)


def read_page(pdf: pdfium.PdfDocument, index: int, budget: list[int] | None = None
              ) -> PageContent:
    """The glyphs and rules of page ``index`` (0-based). ``budget``: ``[characters left]``
    for the whole document (negative: no limit), decreased by this page's count before its
    characters are read."""
    page = pdf[index]
    try:
        objects = pdfium_c.FPDFPage_CountObjects(page)
        if objects > MAX_PAGE_OBJECTS:
            raise PageTooComplex(f"page {index + 1} draws {objects} objects (more than "
                                 f"{MAX_PAGE_OBJECTS}): not read")
        width, height = page.get_size()
        content = PageContent(index + 1, width, height)
        textpage = page.get_textpage()
        try:
            if budget is not None and budget[0] >= 0:
                count = max(0, pdfium_c.FPDFText_CountChars(textpage))
                if count > budget[0]:
                    raise DocumentError("too-large", f"the characters of the PDF exceed the "
                                        f"limit (page {index + 1} alone has {count})")
                budget[0] -= count
            turned = _read_glyphs(textpage, height, content)
        finally:
            textpage.close()
        _collect_graphics(page, height, content)
        kept = _to_crop_frame(content, page.get_cropbox(), page.get_rotation())
        if turned:  # judged among the glyphs printed on the page only
            _set_aside_sideways(content, {new for new, old in enumerate(kept) if old in turned})
        return content
    finally:
        page.close()


_VISIBLE_MARGIN = 2.0  # pt beyond the crop box still counted on the page
_X0, _X1, _TOP, _BOTTOM = (itemgetter(i) for i in (1, 2, 3, 4))  # Glyph fields


def _to_crop_frame(content: PageContent, cropbox: tuple[float, float, float, float],
                   rotation: int) -> list[int]:
    """Take out what is drawn outside the page's visible area, its crop box: characters whose
    centre lies outside, paths, rules and images wholly outside; then, on an upright page, put
    the content in the crop box's frame (origin at its top left, as the rendered page and its
    OCR have it). A layout program's export may draw a whole spread, or its neighbouring pages,
    on every page and let the crop box cut them away (E/ESCWA/TDD/2018/INF.1: 2,134 of page
    8's 3,019 characters), or set a photo credit in the pasteboard; and its crop box may start
    away from the media box's origin (30 pt in, there). None of what lies outside is printed.
    A page turned by ``/Rotate`` keeps the coordinates the reader gave it. Returns the former
    indices of the glyphs kept."""
    left, bottom, right, top = cropbox
    m = _VISIBLE_MARGIN
    height = content.height  # the reader made pdfium's user-space y top-down from it

    def inside(x: float, y: float) -> bool:
        return left - m <= x <= right + m and bottom - m <= height - y <= top + m

    def meets(b: Box) -> bool:
        return (b.x1 >= left - m and b.x0 <= right + m
                and height - b.bottom <= top + m and height - b.top >= bottom - m)

    glyphs = content.glyphs
    xs = [f(map(g, glyphs)) for g in (_X0, _X1) for f in (min, max)] if glyphs else []
    ys = [height - f(map(g, glyphs)) for g in (_TOP, _BOTTOM) for f in (min, max)] if glyphs \
        else []
    if xs and left - m <= min(xs) and max(xs) <= right + m and bottom - m <= min(ys) \
            and max(ys) <= top + m:
        kept_at = list(range(len(glyphs)))  # every glyph's box, so its centre, is inside
    else:
        kept_at = [i for i, g in enumerate(glyphs)
                   if inside((g.x0 + g.x1) / 2, (g.top + g.bottom) / 2)]
    if len(kept_at) != len(content.glyphs):
        kept = [content.glyphs[i] for i in kept_at]
        content.outside_chars = sum(1 for g in content.glyphs if not g.char.isspace()) - sum(
            1 for g in kept if not g.char.isspace())
        content.glyphs = kept
        if content.invalid_chars:  # those left on the page
            content.invalid_chars = sum(g.char.count("\ufffd") for g in kept)
    content.paths = [b for b in content.paths if meets(b)]
    content.images = [b for b in content.images if meets(b)]
    content.rules = [r for r in content.rules
                     if meets(Box(r.x0, r.y, r.x1, r.y))]
    dx, dy = -left, top - height
    if rotation % 360 or (abs(dx) <= 0.01 and abs(dy) <= 0.01):
        return kept_at
    content.glyphs = [g._replace(x0=g.x0 + dx, x1=g.x1 + dx, top=g.top + dy,
                                 bottom=g.bottom + dy, base=g.base + dy)
                      for g in content.glyphs]

    def moved(b: Box) -> Box:
        return Box(b.x0 + dx, b.top + dy, b.x1 + dx, b.bottom + dy)

    content.paths = [moved(b) for b in content.paths]
    content.images = [moved(b) for b in content.images]
    content.rules = [Rule(r.x0 + dx, r.x1 + dx, r.y + dy) for r in content.rules]
    return kept_at


def _raw(name: str, restype: Any, *argtypes: Any) -> Any:
    """A private ctypes prototype of a pdfium function taking plain ints for handles (faster
    than pypdfium2's typed bindings in the per-character loop, and without touching them)."""
    fn = _PDFIUM_LIB[name]
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


def _bare(name: str, restype: Any) -> Any:
    """A private prototype without argument conversion, for the hottest calls: the caller
    passes a ``c_void_p`` handle, a Python int index (a C int) and ``byref`` pointers."""
    fn = _PDFIUM_LIB[name]
    fn.restype = restype
    return fn


_PDFIUM_LIB = next(iter(pdfium_bindings._libs.values()))
_VP, _INT, _DBL = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_get_unicode = _raw("FPDFText_GetUnicode", ctypes.c_uint, _VP, _INT)
_get_textobj = _bare("FPDFText_GetTextObject", _VP)
_get_loose_box = _bare("FPDFText_GetLooseCharBox", _INT)
_get_origin = _raw("FPDFText_GetCharOrigin", _INT, _VP, _INT, ctypes.POINTER(_DBL),
                   ctypes.POINTER(_DBL))
_get_font_size = _raw("FPDFText_GetFontSize", _DBL, _VP, _INT)
_get_font = _raw("FPDFTextObj_GetFont", _VP, _VP)
_get_base_name = _raw("FPDFFont_GetBaseFontName", ctypes.c_size_t, _VP,
                      ctypes.POINTER(ctypes.c_char), ctypes.c_size_t)
_get_flags = _raw("FPDFFont_GetFlags", _INT, _VP)
_get_angle = _raw("FPDFText_GetCharAngle", ctypes.c_float, _VP, _INT)
_get_matrix = _raw("FPDFText_GetMatrix", _INT, _VP, _INT, ctypes.POINTER(pdfium_c.FS_MATRIX))
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_new_glyph = tuple.__new__


def _read_glyphs(textpage: pdfium.PdfTextPage, height: float, content: PageContent
                 ) -> set[int]:
    """The page's characters into ``content.glyphs``; the indices of those printed sideways."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return set()
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # not one str character per pdfium character: read them one by one
        text = "".join(pair_surrogates([chr(_get_unicode(tp, k)) for k in range(count)]))
    for hyphen in _HYPHENS:
        if hyphen in text:
            text = text.replace(hyphen, "-")
    if _SYMBOL_FONT.search(text):
        text = text.translate(SYMBOL_FONT_CHARS)
    text, content.invalid_chars = repair_invalid(text)
    marks = {ch for ch in set(text) if combining(ch)}  # none on most pages
    tp_arg = ctypes.c_void_p(tp)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    unpack = _RECT.unpack_from
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_p, oy_p = ctypes.byref(ox), ctypes.byref(oy)
    styles = _ObjectStyles(tp, content.styles)
    glyphs = content.glyphs
    append = glyphs.append
    get_textobj, get_box, get_origin = _get_textobj, _get_loose_box, _get_origin
    skip = _SKIP_CHARS
    last_key: int | None = -1
    ligatures: list[int] = []  # glyphs made of several characters
    turned: list[int] = []  # glyphs printed sideways
    sideways = False
    cur_style, cur_size = 0, 0.0
    last_left = last_right = last_top = float("nan")  # of the last glyph; NaN equals nothing
    origin_key: int | None = None
    descent = 0.0
    # hot loop (every character of every page): two C calls per character, bound locals,
    # style lookups and origin calls only when the text object changes
    for k in range(count):
        ch = text[k]
        if ch in skip:
            continue
        key = get_textobj(tp_arg, k)
        if not key:
            # generated by pdfium (spaces, line breaks): gaps are measured from geometry; a
            # space pdfium generated is kept as a zero-width glyph after the glyph it follows,
            # a hint that the line reader weighs against the gap (pdf_lines)
            last_key = key
            if ch == " " and glyphs:
                get_box(tp_arg, k, rect_p)
                x = unpack(rect)[0]
                prev = glyphs[-1]
                append(_new_glyph(Glyph, (" ", x, x, prev[3], prev[4], prev[5], prev[6],
                                          prev[7])))
            continue
        if key != last_key:
            last_key = key
            cur_style, cur_size = styles.of(key, k)
            sideways = _sideways(_get_angle(tp, k))
        get_box(tp_arg, k, rect_p)
        left, top, right, rbottom = unpack(rect)
        if left == last_left and right == last_right and top == last_top:
            # pdfium splits a ligature (Arabic lam-alef, ﬁ) into its letters, in logical order,
            # all with the ligature's box: keep them together as one glyph
            prev = glyphs[-1]
            if prev.char != " " and ch != " ":
                glyphs[-1] = prev._replace(char=prev.char + ch)
                ligatures.append(len(glyphs) - 1)
                continue
        if ch in marks and glyphs:
            # a combining mark (Arabic harakat, a decomposed accent) follows its base in the
            # text layer: keep it with the base when it sits over it
            prev = glyphs[-1]
            centre = (left + right) / 2
            if prev.char != " " and prev.x0 - 1 <= centre <= prev.x1 + 1:
                glyphs[-1] = prev._replace(char=prev.char + ch)
                continue
        last_left, last_right, last_top = left, right, top
        if key != origin_key:
            # the baseline sits at a fixed offset above the loose box's bottom within a text
            # object: one origin call per object instead of one per character
            get_origin(tp, k, ox_p, oy_p)
            descent = oy.value - rbottom
            origin_key = key
        bottom = height - rbottom
        if sideways:
            turned.append(len(glyphs))
        append(_new_glyph(Glyph, (ch, left, right, height - top, bottom, bottom - descent,
                                  cur_size, cur_style)))
    for i in ligatures:
        letters = glyphs[i].char
        if letters in REVERSED_LIGATURES:
            glyphs[i] = glyphs[i]._replace(char=REVERSED_LIGATURES[letters])
    return set(turned)


_SIDEWAYS_TOLERANCE = 0.09  # radians (~5°) around a quarter turn


_QUARTER, _THREE_QUARTERS = math.pi / 2, 3 * math.pi / 2


def _sideways(angle: float) -> bool:
    """Text turned a quarter (90° or 270°: an axis title, a column head set upright, a page
    printed landscape); a slant or a skewed italic is not."""
    return (abs(angle - _QUARTER) <= _SIDEWAYS_TOLERANCE
            or abs(angle - _THREE_QUARTERS) <= _SIDEWAYS_TOLERANCE)


def _set_aside_sideways(content: PageContent, turned: set[int]) -> None:
    """The glyphs printed sideways (indices ``turned``) are no running text: read letter by
    letter into the page's lines they make columns of one or two letters (``J``, ``mi``,
    ``Ba`` for ``Jordan``, ``Bahrain`` set upright over a table). A minority of the page's ink
    is left out (counted); where most of the page is sideways (a landscape table or diagram),
    it is read as it lies and the page is marked."""
    ink = sum(1 for g in content.glyphs if not g.char.isspace())
    aside = sum(1 for i in turned if not content.glyphs[i].char.isspace())
    if aside * 2 >= ink:
        content.sideways_page = aside >= _SIDEWAYS_PAGE_MIN
        return
    content.glyphs = [g for i, g in enumerate(content.glyphs) if i not in turned]
    content.sideways_chars = aside


_SIDEWAYS_PAGE_MIN = 40  # sideways characters from which a mostly sideways page is marked


class _ObjectStyles:
    """Style index and font size of the text objects of a page, each read once (at the first
    character met), with one style lookup per font rather than per text object; new styles are
    appended to ``styles``."""

    def __init__(self, tp: int | None, styles: list[FontStyle]) -> None:
        self.tp = tp
        self.styles = styles
        self.by_object: dict[int, tuple[int, float]] = {}
        self.by_style = {style: i for i, style in enumerate(styles)}
        self.by_font: dict[int | None, int] = {}
        self.name_buf = ctypes.create_string_buffer(256)
        self.matrix = pdfium_c.FS_MATRIX()

    def of(self, key: int, k: int) -> tuple[int, float]:
        """(style index, size) of text object ``key``, whose character ``k`` is drawn."""
        cached = self.by_object.get(key)
        if cached is not None:
            return cached
        font = _get_font(key)
        sid = self.by_font.get(font)
        if sid is None:
            style = _font_style(font, self.name_buf)
            sid = self.by_style.get(style)
            if sid is None:
                sid = self.by_style[style] = len(self.styles)
                self.styles.append(style)
            self.by_font[font] = sid
        size = _get_font_size(self.tp, k)
        if _get_matrix(self.tp, k, ctypes.byref(self.matrix)):
            size *= math.hypot(self.matrix.c, self.matrix.d) or 1.0
        cached = self.by_object[key] = (sid, round(size, 2))
        return cached
