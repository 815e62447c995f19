"""A PDF's ToUnicode maps checked against its fonts' own glyph tables, and repaired.

Word, saving an Arabic document as PDF, writes each font's ToUnicode map (glyph → characters)
from the text it met in *logical* order while it draws the glyphs in *visual* order. Three
things follow, all in the map, none in the glyphs (E/ESCWA/30/6, Arabic, page 1):

- digits: a glyph gets the character met first at its place in a reversed run, so glyph `2`
  reads `8`, `0` reads `1`, `4` `6` and `8` all read `2` (`2018` → `8102`, `24` → `82`); no
  reading of the text alone can undo it (three glyphs give the same character);
- brackets: glyph `(` maps to `)`, the logical character; pdfium mirrors brackets in
  right-to-left runs again, so the text reads `)الإسكوا(`;
- lam-alef: the ligature glyph maps to two letters (`لأ`), which pdfium emits reversed in a
  right-to-left run (`األمم` for `الأمم`).

The embedded font program says which glyph is which: its ``cmap`` table (or its glyph names)
maps the glyph to its own character. Where the ToUnicode map and the font program agree that a
glyph is a digit (or a bracket) and disagree on which one, the font program is right: the
glyph's drawing is that digit. A multi-character entry whose font-program character is the
same text under NFKC (the presentation form ``ﻷ`` for ``لأ``) is given that one character,
which pdfium does not reorder and the line reader normalizes. An Arabic letter whose glyph is
another letter (its forms normalized: a bold Arial's initial heh mapped to alef, so that
`الاتجاهات` reads `الاتجااات` and the heading `هاء` reads `ااء`) is given the glyph's letter.
Every other entry is kept.

In: a PDF's bytes. Out: the bytes pdfium should read (a rewritten copy when a map was repaired,
else the same bytes) and one ``pdf-text-map-repaired`` issue per repaired font. Holds: a font
whose map agrees with its glyphs is never touched, nor is a font whose program is not embedded,
has no usable character table, or is not a two-byte Identity font (the kind Word embeds); a PDF
that pikepdf cannot open or write is handed back as it was, without an issue.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pikepdf
from fontTools.agl import toUnicode
from fontTools.ttLib import TTFont
from pdfminer.cmapdb import CMapParser, FileUnicodeMap

from pipeline.models import Issue

_MIRRORED = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
             "«": "»", "»": "«"}
_MAX_FORM_DEPTH = 3


def _kind(text: str) -> str | None:
    """``digit`` or ``bracket`` for the one-character texts whose glyph says which it is."""
    if len(text) == 1 and text in "0123456789":
        return "digit"
    if text in _MIRRORED:
        return "bracket"
    return None


def corrections(to_unicode: Mapping[int, str], glyph_chars: Mapping[int, str]
                ) -> dict[int, str]:
    """The entries of ``to_unicode`` (code → text) to replace, given what the font program says
    each code's glyph is (``glyph_chars``: code → the characters of its glyph, any order).

    A digit or bracket entry whose glyph is another digit or bracket gets the glyph's; a
    multi-character entry gets the glyph's single character when NFKC makes them equal; an
    Arabic letter whose glyph is one other Arabic letter (NFKC) gets that letter.
    Holds: an entry that agrees with its glyph is never in the result.
    """
    out: dict[int, str] = {}
    for code, text in to_unicode.items():
        chars = glyph_chars.get(code, "")
        if not chars or text in chars:
            continue
        kind = _kind(text)
        if kind is not None:
            same = [c for c in chars if _kind(c) == kind]
            if len(same) == 1:
                out[code] = same[0]
        elif len(text) > 1:
            single = [c for c in chars if unicodedata.normalize("NFKC", c) == text]
            if single:
                out[code] = single[0]
        elif _arabic_letter(text):
            letters = {n for c in chars if _arabic_letter(n := unicodedata.normalize("NFKC", c))}
            if text not in letters and len(letters) == 1:
                out[code] = letters.pop()
    return out


def _arabic_letter(text: str) -> bool:
    """One of the Arabic letters hamza to yeh (U+0621-U+064A), not a mark or a form."""
    return len(text) == 1 and "\u0621" <= text <= "\u064a"


def cmap_text(mapping: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap (two-byte codes) with ``mapping`` as ``bfchar`` entries."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):  # at most 100 entries per bfchar block
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>"
                  for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def parse_cmap(data: bytes) -> dict[int, str]:
    """Code → text of a ToUnicode CMap (pdfminer's parser)."""
    cmap = FileUnicodeMap()
    CMapParser(cmap, io.BytesIO(data)).run()
    return {int(k): str(v) for k, v in cmap.cid2unichr.items()}


@dataclass
class _Font:
    name: str
    font: pikepdf.Dictionary
    program: bytes
    cid_to_gid: bytes | None  # None: Identity


def _identity_fonts(pdf: pikepdf.Pdf) -> Iterator[_Font]:
    """Each Type0 font with an Identity encoding, a ToUnicode map and an embedded TrueType
    program, once."""
    seen: set[tuple[int, int]] = set()

    def fonts_of(resources: pikepdf.Object, depth: int) -> Iterator[_Font]:
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for key in sorted(fonts.keys()):  # in name order (pikepdf keys are a set)
                font = fonts[key]
                if not isinstance(font, pikepdf.Dictionary):
                    continue
                og = font.objgen
                if og != (0, 0):
                    if og in seen:
                        continue
                    seen.add(og)
                found = _candidate(font)
                if found is not None:
                    yield found
        xobjects = resources.get("/XObject")
        if depth < _MAX_FORM_DEPTH and isinstance(xobjects, pikepdf.Dictionary):
            for key in sorted(xobjects.keys()):
                xobj = xobjects[key]
                if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form":
                    inner = xobj.get("/Resources")
                    if isinstance(inner, pikepdf.Dictionary):
                        yield from fonts_of(inner, depth + 1)

    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            yield from fonts_of(resources, 0)


def _candidate(font: pikepdf.Dictionary) -> _Font | None:
    if font.get("/Subtype") != "/Type0" or not isinstance(font.get("/ToUnicode"), pikepdf.Stream):
        return None
    if str(font.get("/Encoding")) not in ("/Identity-H", "/Identity-V"):
        return None
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return None
    cid_font = descendants[0]
    if not isinstance(cid_font, pikepdf.Dictionary):
        return None
    descriptor = cid_font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return None
    program = descriptor.get("/FontFile2")
    if not isinstance(program, pikepdf.Stream) or not _small(program):
        return None
    gid_map = cid_font.get("/CIDToGIDMap")
    cid_to_gid: bytes | None = None
    if isinstance(gid_map, pikepdf.Stream):
        cid_to_gid = gid_map.read_bytes()
    elif gid_map is not None and gid_map != "/Identity":
        return None
    return _Font(str(font.get("/BaseFont", "")).lstrip("/"), font, program.read_bytes(),
                 cid_to_gid)


MAX_PROGRAM_BYTES = 32 * 1024 * 1024  # a font program larger than this is not read


def _small(stream: pikepdf.Stream) -> bool:
    """A font program whose declared sizes (`/Length1` decoded, `/Length` stored) are those of
    a font, not of a decompression bomb."""
    for key in ("/Length1", "/Length"):
        size = stream.get(key)
        if isinstance(size, int) and size > MAX_PROGRAM_BYTES:
            return False
    return isinstance(stream.get("/Length1"), int) or isinstance(stream.get("/Length"), int)


def glyph_characters(program: bytes, codes: list[int], cid_to_gid: bytes | None
                     ) -> dict[int, str]:
    """For each code, the characters the font program gives its glyph: those its ``cmap`` maps
    to the glyph, else the glyph name's (Adobe Glyph List), else none."""
    font = TTFont(io.BytesIO(program), lazy=True)
    order = font.getGlyphOrder()
    best = font["cmap"].getBestCmap() if "cmap" in font else None
    by_glyph: dict[str, str] = {}
    for cp, glyph in sorted((best or {}).items()):
        by_glyph[glyph] = by_glyph.get(glyph, "") + chr(cp)
    out: dict[int, str] = {}
    for code in codes:
        gid = code
        if cid_to_gid is not None:
            if 2 * code + 2 > len(cid_to_gid):
                continue
            gid = int.from_bytes(cid_to_gid[2 * code:2 * code + 2], "big")
        if not 0 < gid < len(order):
            continue
        name = order[gid]
        chars = by_glyph.get(name) or toUnicode(name)
        if chars:
            out[code] = chars
    return out


def _describe(name: str, old: Mapping[int, str], fixes: Mapping[int, str]) -> str:
    pairs = sorted({(old[c], new) for c, new in fixes.items()})
    shown = ", ".join(f"{a}→{b}" for a, b in pairs[:12]) + (" …" if len(pairs) > 12 else "")
    return (f"font {name}: the ToUnicode map contradicts the font's glyphs for {len(fixes)} "
            f"code(s), now read by the glyphs (map → glyph: {shown})")


def repair_text_maps(data: bytes) -> tuple[bytes, list[Issue]]:
    """The PDF with its contradicted ToUnicode entries replaced (see the module docstring), and
    one ``pdf-text-map-repaired`` issue per repaired font."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception:  # pdfium decides whether the PDF is readable, and says why not
        return data, []
    try:
        issues: list[Issue] = []
        for found in _identity_fonts(pdf):
            try:
                old = parse_cmap(found.font["/ToUnicode"].read_bytes())
                glyphs = glyph_characters(found.program, sorted(old), found.cid_to_gid)
            except Exception:  # a damaged map or program: leave the font as it is
                continue
            fixes = corrections(old, glyphs)
            if not fixes:
                continue
            found.font["/ToUnicode"] = pdf.make_stream(cmap_text({**old, **fixes}))
            issues.append(Issue(code="pdf-text-map-repaired", severity="info",
                                message=_describe(found.name, old, fixes)))
        if not issues:
            return data, []
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), issues
    except Exception:
        return data, []
    finally:
        pdf.close()
