"""Glyph ink boxes read from the TrueType programs embedded in a PDF, as pdfium reads them (for
the pdfplumber reference source, :mod:`pipeline.ingest.pdf_plumber`).

pdfium's box of a character is its advance widened to the box of the glyph's ink
(``CPDF_Font::GetCharBBox``), and a text object whose glyphs have no ink across is skipped;
pdfminer never reads the font program. :func:`ink_boxes` gives, for one font, the ink box of
each character code, the way pdfium computes it:

- the glyph: for a simple TrueType font, through the font's cmap subtables as
  ``CPDF_TrueTypeFont::LoadGlyphMap`` does (a symbolic font without a standard encoding: the
  Windows symbol cmap at ``code``, ``0xF000 + code``, ``0xF100 + code``, ``0xF200 + code``, else the
  Mac Roman cmap at ``code``; otherwise the Unicode cmap at the code's encoded character); for a
  ``CIDFontType2`` font, the CID itself (``CIDToGIDMap /Identity``) or its entry in the
  ``CIDToGIDMap`` stream;
- the box: the glyph's outline box in font units, moved to start at the left side bearing of
  the ``hmtx`` table (of the component marked USE_MY_METRICS in a composite glyph) as FreeType's
  unscaled glyph metrics do, scaled to 1/1000 em (pdfium's
  ``NormalizeFontMetric``: ``(v × 1000 + upem // 2) / upem`` truncated); a CID
  font's top is raised by 1/64 of itself (``CFX_Face::GetCharBBox``); a glyph without outline
  (a space) has the empty box ``(0, 0, 0, 0)``.

Fonts without an embedded TrueType program (standard 14, CFF, Type 3) and glyphs pdfium cannot
load give ``None``: the caller keeps pdfminer's boxes for them.

fontTools is imported here only: the default (pdfium) reader never loads this module.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from typing import Any

Box = tuple[int, int, int, int]  # left, bottom, right, top, in 1/1000 em from the glyph origin
InkBoxes = Callable[[int], Box | None]  # char code (a CID for a CID font) → its glyph's ink box

_NON_SYMBOLIC = 1 << 5  # font descriptor flag
_USE_MY_METRICS = 0x0200  # composite glyph component flag
_MAX_COMPONENT_DEPTH = 8
_SYMBOL_PREFIXES = (0x0000, 0xF000, 0xF100, 0xF200)  # pdfium's kPrefix, for MS symbol cmaps
_STANDARD_ENCODINGS = frozenset(("WinAnsiEncoding", "MacRomanEncoding"))


def ink_boxes(spec: Mapping[str, Any], font: Any) -> InkBoxes | None:
    """The ink box of each char code of the font whose dictionary is ``spec`` (pdfminer's spec
    of a simple font, or of the descendant of a Type0 font) and whose pdfminer font object is
    ``font``; ``None`` when the font embeds no TrueType program pdfium would read."""
    from pdfminer.pdftypes import resolve1

    subtype = _name(spec.get("Subtype"))
    descriptor = resolve1(spec.get("FontDescriptor")) or {}
    program = resolve1(descriptor.get("FontFile2"))
    if subtype not in ("TrueType", "CIDFontType2") or program is None:
        return None
    try:
        reader = _GlyphReader(program.get_data())
    except Exception:  # a damaged font program: pdfium falls back as well
        return None
    if subtype == "CIDFontType2":
        glyph_of = _cid_glyphs(resolve1(spec.get("CIDToGIDMap")))
        if glyph_of is None:
            return None
        return lambda cid: reader.box(glyph_of(cid), raise_top=True)
    flags = int(resolve1(descriptor.get("Flags", 0)) or 0)
    glyphs = _simple_glyphs(reader, spec, flags, getattr(font, "cid2unicode", {}))
    return lambda code: reader.box(glyphs.get(code), raise_top=False)


def _name(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    return str(value.name) if isinstance(value, PSLiteral) else ""


class _GlyphReader:
    """The glyph outlines' boxes of one TrueType program, read on demand."""

    def __init__(self, data: bytes) -> None:
        from fontTools.ttLib import TTFont

        # embedded subsets carry odd dates and truncated tables fontTools warns about: noise here
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        self.font = TTFont(io.BytesIO(data), lazy=True)
        self.glyf = self.font["glyf"]
        self.upem = int(self.font["head"].unitsPerEm)
        self.order = self.font.getGlyphOrder()
        # read by hand: fontTools rejects the truncated hmtx tables subsetters write
        self.hmtx = bytes(self.font.reader["hmtx"]) if "hmtx" in self.font.reader else b""
        self.long_metrics = int(self.font["hhea"].numberOfHMetrics)
        self.cache: dict[tuple[int, bool], Box | None] = {}

    def cmap(self, platform: int, encoding: int) -> dict[int, str] | None:
        table = self.font["cmap"].getcmap(platform, encoding) if "cmap" in self.font else None
        return table.cmap if table is not None else None

    def glyph_id(self, name: str) -> int:
        return int(self.font.getGlyphID(name))

    def box(self, gid: int | None, raise_top: bool) -> Box | None:
        """pdfium's box of glyph ``gid`` in 1/1000 em; None when it cannot be loaded."""
        if gid is None or not 0 <= gid < len(self.order):
            return None
        key = (gid, raise_top)
        if key not in self.cache:
            self.cache[key] = self._box(gid, raise_top)
        return self.cache[key]

    def _box(self, gid: int, raise_top: bool) -> Box | None:
        try:
            glyph = self.glyf[self.order[gid]]
        except Exception:
            return None
        if getattr(glyph, "numberOfContours", 0) == 0 or not hasattr(glyph, "xMin"):
            return (0, 0, 0, 0)  # no outline: FreeType's metrics are all zero
        # FreeType moves the outline so that its phantom origin sits at 0: the outline's left
        # edge becomes the hmtx left side bearing, which may differ from the outline's xMin
        shift = self._phantom_origin(glyph, gid, depth=0)
        left, right = self._scaled(glyph.xMin - shift), self._scaled(glyph.xMax - shift)
        bottom, top = self._scaled(glyph.yMin), self._scaled(glyph.yMax)
        if raise_top:
            top += int(top / 64)  # C's integer division truncates toward zero
        return (left, bottom, right, top)

    def _phantom_origin(self, glyph: Any, gid: int, depth: int) -> int:
        """FreeType's first phantom point (``pp1.x``): the outline's xMin less the hmtx left
        side bearing; a composite glyph takes its component's flagged USE_MY_METRICS."""
        for component in getattr(glyph, "components", None) or ():
            if component.flags & _USE_MY_METRICS and depth < _MAX_COMPONENT_DEPTH:
                inner = self.glyf[component.glyphName]
                return self._phantom_origin(inner, self.glyph_id(component.glyphName),
                                            depth + 1)
        return int(getattr(glyph, "xMin", 0)) - self._left_bearing(gid)

    def _left_bearing(self, gid: int) -> int:
        """The glyph's left side bearing in the hmtx table; 0 past the table's end, as FreeType
        reads it (``tt_face_get_metrics``)."""
        if gid < self.long_metrics:
            at = 4 * gid + 2
        else:
            at = 4 * self.long_metrics + 2 * (gid - self.long_metrics)
        if at + 2 > len(self.hmtx):
            return 0
        return int.from_bytes(self.hmtx[at:at + 2], "big", signed=True)

    def _scaled(self, value: int) -> int:
        # NormalizeFontMetric: a double, then saturated_cast<int> (truncation toward zero)
        return int((value * 1000.0 + self.upem // 2) / self.upem)


def _cid_glyphs(cid_to_gid: Any) -> Callable[[int], int | None] | None:
    """CID → glyph id from a CIDToGIDMap (``/Identity`` or a stream of big-endian 16-bit ids);
    None without a map (pdfium then goes through the font's cmap: not reproduced)."""
    if _name(cid_to_gid) == "Identity":
        return lambda cid: cid
    get_data = getattr(cid_to_gid, "get_data", None)
    if get_data is None:
        return None
    data = bytes(get_data())

    def from_stream(cid: int) -> int | None:
        at = 2 * cid
        return int.from_bytes(data[at:at + 2], "big") if at + 2 <= len(data) else None

    return from_stream


def _simple_glyphs(reader: _GlyphReader, spec: Mapping[str, Any], flags: int,
                   cid2unicode: Mapping[int, str]) -> dict[int, int]:
    """Char code (0–255) → glyph id of a simple TrueType font (``LoadGlyphMap``'s main cases)."""
    from pdfminer.pdftypes import resolve1

    encoding = resolve1(spec.get("Encoding"))
    differences = isinstance(encoding, dict) and bool(resolve1(encoding.get("Differences")))
    base = _name(encoding.get("BaseEncoding")) if isinstance(encoding, dict) else _name(encoding)
    symbol, mac = reader.cmap(3, 0), reader.cmap(1, 0)
    unicode = reader.cmap(3, 1) or reader.cmap(0, 3) or reader.cmap(0, 4) or reader.cmap(3, 10)
    codes = range(256)
    if (base in _STANDARD_ENCODINGS and not differences) or flags & _NON_SYMBOLIC:
        # by the encoded character: the Unicode cmap, else the symbol or Mac Roman cmap
        out: dict[int, int] = {}
        for code in codes:
            char = cid2unicode.get(code)
            gid = 0
            if char and unicode is not None:
                gid = _gid(reader, unicode.get(ord(char[0])))
            elif symbol is not None:
                gid = _symbol_gid(reader, symbol, code)
            elif mac is not None:
                gid = _gid(reader, mac.get(code))
            out[code] = gid
        return out
    if symbol is not None:
        by_symbol = {code: _symbol_gid(reader, symbol, code) for code in codes}
        if any(by_symbol.values()):
            return by_symbol
    if mac is not None:
        return {code: _gid(reader, mac.get(code)) for code in codes}
    if unicode is not None:
        return {code: _gid(reader, unicode.get(code)) for code in codes}
    return {code: code for code in codes}


def _gid(reader: _GlyphReader, name: str | None) -> int:
    return reader.glyph_id(name) if name else 0


def _symbol_gid(reader: _GlyphReader, symbol: Mapping[int, str], code: int) -> int:
    for prefix in _SYMBOL_PREFIXES:
        name = symbol.get(prefix + code)
        if name:
            return reader.glyph_id(name)
    return 0
