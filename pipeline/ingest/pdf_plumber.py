"""Reference character source on pdfplumber: the same pages
(:class:`~pipeline.ingest.pdf_chars.PageContent`) as the pypdfium2 reader, built from pdfplumber's
``chars`` and path objects.

Never the default (pdfplumber parses the content stream in Python, ~8 pages/s): it exists to prove
that the fast source gives the same segmentation (``tests/test_pdf_equivalence.py``), selected with
``read_pdf(data, chars="pdfplumber")``.

What each field is built from, so that the two sources agree:

- ``char``: pdfplumber's text (one char object may carry a ligature's letters, as pdfium's split
  letters are merged back into one glyph); control characters are skipped, soft hyphens become
  ``-`` (pdfium reports them as U+FFFE), and a combining mark sitting over the previous glyph
  joins it, as in :mod:`pdf_chars`;
- ``x0``/``x1``: the advance; ``base``: the origin of the char's matrix; ``top``/``bottom``: the
  font size split by the font's ascent and descent (pdfium's loose box), pdfminer's own box when
  the font gives no ascent/descent;
- ``size``: pdfminer's ``size`` (font size times the matrix scale), rounded to 0.01 pt;
- ``style``: the base font name without its subset prefix, bold/italic from the name and the
  font descriptor's flags;
- rules: every rect, line and curve at most 2 pt high and at least 20 pt wide.
"""

from __future__ import annotations

import io
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

    with _soft_hyphen_decoded():
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
_RTL_CLASSES = frozenset({"R", "AL", "EN", "AN"})  # digits count as R for neutrals (UAX 9 N1)


def _mirrored_in_rtl(chars: list[dict[str, Any]]) -> set[int]:
    """Indexes of the bracket chars that stand in a right-to-left run, whose glyph shows the
    mirrored bracket (pdfium's text page maps them back to the logical character; pdfminer gives
    the glyph's own). A bracket is in a right-to-left run when the line has right-to-left
    letters and the nearest strong characters on its baseline on both sides are right-to-left
    (digits count as such: UAX 9 rule N1), or, when they disagree or one is missing, when the
    line has more right-to-left than left-to-right letters (rule N2: embedding direction)."""
    found = [i for i, c in enumerate(chars) if str(c["text"]) in _MIRROR]
    if not found:
        return set()
    out: set[int] = set()
    for i in found:
        base = round(float(chars[i]["matrix"][5]), 1)
        line = sorted((float(c["x0"]), unicodedata.bidirectional(str(c["text"])[:1] or " "))
                      for c in chars if abs(float(c["matrix"][5]) - base) < 1.0
                      and c is not chars[i])
        if not any(b in ("R", "AL") for _, b in line):
            continue  # no right-to-left letter on the line: no right-to-left run
        x = float(chars[i]["x0"])
        left = [b for cx, b in line if cx < x and b in _RTL_CLASSES | {"L"}]
        right = [b for cx, b in line if cx >= x and b in _RTL_CLASSES | {"L"}]
        sides = {left[-1] in _RTL_CLASSES if left else None,
                 right[0] in _RTL_CLASSES if right else None} - {None}
        if sides == {True}:
            out.add(i)
        elif len(sides) != 1:
            n_rtl = sum(1 for _, b in line if b in ("R", "AL"))
            if n_rtl > sum(1 for _, b in line if b == "L"):
                out.add(i)
    return out


def _leads_next(ch: str, x0: float, x1: float, chars: list[dict[str, Any]], i: int) -> bool:
    """An Arabic mark drawn with no advance at (or just before) the left edge of the char drawn
    next belongs to that char: right-to-left text is drawn left to right, and such a mark's ink
    lies to the right of its origin, over the letter that follows in the drawing."""
    if not ("\u064b" <= ch[0] <= "\u065f" or ch[0] == "\u0670") or x1 - x0 > 0.01:
        return False
    if i + 1 >= len(chars):
        return False
    nxt = chars[i + 1]
    text = str(nxt["text"])
    return bool(text.strip()) and not combining(text[0]) \
        and -0.01 <= float(nxt["x0"]) - x0 <= 1.0


def _read_page(page: Any, index: int, rsrcmgr: Any) -> PageContent:
    width, height = float(page.width), float(page.height)
    content = PageContent(index + 1, width, height)
    chars = _drawn_once(page.chars)
    fonts = _font_metrics(page, rsrcmgr)
    style_ids: dict[FontStyle, int] = {}
    glyphs = content.glyphs
    mirror = _mirrored_in_rtl(chars)
    pending_mark = ""  # an Arabic mark drawn at the left edge of the glyph drawn next
    for i, c in enumerate(chars):
        ch = str(c["text"])
        if not ch or ch in _SKIP_CHARS:
            continue
        if ch in _HYPHENS:
            ch = "-"
        elif any(_compatibility(x) for x in ch):
            ch = _decompose(ch)
        elif i in mirror:
            ch = _MIRROR[ch]
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
        if ascent > descent:
            top, bottom = base - exact * ascent / 1000, base - exact * descent / 1000
        else:
            top, bottom = float(c["top"]), float(c["bottom"])
        x0, x1 = float(c["x0"]), float(c["x1"])
        if _leads_next(ch, x0, x1, chars, i):
            pending_mark += ch
            continue
        if pending_mark:
            ch, pending_mark = ch + pending_mark, ""
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
