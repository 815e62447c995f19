"""PDF reader: a PDF's bytes → :class:`~pipeline.ingest.reading.Reading` (blocks in reading order).

Pipeline: ToUnicode maps checked against the embedded fonts (:mod:`pdf_text_maps`) →
characters and rules with pypdfium2 (:mod:`pdf_chars`) → printed lines with
superscripts and logical right-to-left order (:mod:`pdf_lines`) → page furniture by position
and repetition (:mod:`pdf_furniture`) → footnote zone under the separator rule
(:mod:`pdf_footnotes`) → reading order by XY-cut and blocks (:mod:`pdf_layout`) → masthead order
on page 1 (the symbol first) and old-style ``1/`` note markers as superscripts. Scanned pages and
garbage text layers are read by OCR first (:mod:`pdf_scans`), into the same glyphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from pipeline.errors import DocumentError
from pipeline.ingest.pdf_chars import PageContent, read_pages
from pipeline.ingest.pdf_footnotes import (
    marker_last,
    normalize_marker,
    old_style_citations,
    split_zone,
    starts_note,
)
from pipeline.ingest.pdf_furniture import find_furniture
from pipeline.ingest.pdf_layout import (
    LayoutBlock,
    PageLine,
    is_centred,
    reading_order,
    split_blocks,
)
from pipeline.ingest.pdf_lines import Line, build_lines
from pipeline.ingest.pdf_mirrored import unmirror_brackets
from pipeline.ingest.pdf_ocr import noise_issues
from pipeline.ingest.pdf_regions import PageRegions
from pipeline.ingest.pdf_scans import OcrRecord, finish, ocr_garbage, ocr_scans
from pipeline.ingest.pdf_stacked import drop_stacked_letters
from pipeline.ingest.pdf_text_maps import repair_text_maps
from pipeline.ingest.reading import Reading
from pipeline.models import Issue, RawBlock
from pipeline.text.symbol_lines import symbols_in_line
from pipeline.text.width import display_width

MAX_PAGES = 5000
_MASTHEAD_DEPTH = 0.4  # the masthead lies in this top fraction of page 1
_MASTHEAD_LINE = 50  # masthead lines are shorter than this (characters; a Chinese one counts 2)
_LONE_ABBREVIATION = re.compile(r"^[^\W\d_]{2,8}\.$")


def read_pdf(data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int | None = None,
             lang: str | None = None) -> Reading:
    """Read a PDF into blocks.

    In: the bytes of a PDF file, the document's language when known (ISO 639-1, for OCR).
    Out: a Reading whose ``blocks`` are in reading order (per page: body blocks, then that
    page's footnote blocks), ``furniture`` the running headers/footers, page numbers, job
    numbers and barcodes, ``pages`` the physical page count, ``issues`` the partial problems
    (pages without text, noisy or replaced text layer, OCR confidence), ``ocr_pages`` and
    ``ocr_confidence`` the pages read by OCR (:mod:`pdf_scans`).
    Holds: raises DocumentError ``broken-pdf``, ``encrypted-pdf`` (a password is needed),
    ``too-many-pages``, ``ocr-unavailable`` (scanned pages only, and no Tesseract) or
    ``no-text-layer`` (no character on any page, none recognised); never anything else.
    """
    data, repairs = repair_text_maps(data)
    pages, issues = read_pages(data, max_pages, max_chars)
    record = ocr_scans(data, pages, lang)
    if not any(p.glyphs for p in pages):
        unavailable = [i for i in record.issues if i.code == "ocr-skipped"]
        if unavailable:
            raise DocumentError("ocr-unavailable", unavailable[0].message)
    return _layout(data, pages, [*repairs, *issues], lang, record)


def _document_rtl(pages: list[PageContent]) -> bool:
    """More right-to-left than left-to-right letters among every 7th glyph?"""
    sample: Counter[str] = Counter()
    for page in pages:
        sample.update(g.char[0] for g in page.glyphs[::7])
    rtl = ltr = 0
    for char, n in sample.items():  # one bidi look-up per distinct character
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            rtl += n
        elif bidi == "L":
            ltr += n
    return rtl > ltr


def _layout(data: bytes, pages: list[PageContent], issues: list[Issue], lang: str | None,
            record: OcrRecord) -> Reading:
    if not any(p.glyphs for p in pages):
        raise DocumentError("no-text-layer", "the PDF has no text layer (scanned images only?)")
    rtl = _document_rtl(pages)
    issues.extend(_drop_stacked(pages))
    lines = [build_lines(p, rtl) for p in pages]
    issues.extend(unmirror_brackets(lines))  # the text layer's; OCR lines come in order
    ocr_garbage(data, pages, lines, lang, record, lambda page: build_lines(page, rtl))
    issues.extend(finish(record))
    for page, page_lines in zip(pages, lines, strict=True):
        if not page_lines:
            issues.append(Issue(code="page-without-text", severity="info",
                                message=f"page {page.number} has no text layer"))
    furniture = find_furniture(pages, lines)
    text_left = _text_left(lines, furniture.lines)
    text_right = _text_right(lines, furniture.lines) if rtl else None
    blocks: list[RawBlock] = []
    old_markers: set[str] = set()
    regions = PageRegions(data)
    try:
        for page, page_lines in zip(pages, lines, strict=True):
            kept = [ln for ln in page_lines if id(ln) not in furniture.lines]
            body, notes, _separators = split_zone(page, kept, text_left, text_right)
            body, region_blocks = regions.take(page, body)
            placed = _place_regions(_body_blocks(page, body, rtl), region_blocks)
            if page.number == 1:
                page_blocks = _masthead_first(page, placed)
            else:
                page_blocks = [b for b, _top in placed]
            note_blocks = _note_blocks(page, notes, old_markers, rtl)
            page_raw = page_blocks + note_blocks
            if page_raw:
                page_raw[0] = page_raw[0].model_copy(update={"page_break_before": True})
            blocks.extend(page_raw)
    finally:
        regions.close()
    issues.extend(regions.issues())
    if old_markers:
        blocks = [_cite_old_markers(b, old_markers) for b in blocks]
    issues.extend(noise_issues(lines, furniture.lines))
    return Reading(blocks=blocks, pages=len(pages), furniture=furniture.records, issues=issues,
                   ocr_pages=sorted(record.pages), ocr_confidence=record.confidence)


def _drop_stacked(pages: list[PageContent]) -> list[Issue]:
    """Letters stacked down a margin (:mod:`pdf_stacked`) out of every page."""
    dropped = [f"{word!r} (page {page.number})" for page in pages
               for word in drop_stacked_letters(page)]
    if not dropped:
        return []
    return [Issue(code="stacked-text-dropped", severity="info",
                  message="letters printed one under another are left out of the text: "
                          + ", ".join(dropped))]


def _place_regions(placed: list[tuple[RawBlock, float]],
                   regions: list[tuple[RawBlock, float]]) -> list[tuple[RawBlock, float]]:
    """Tables and charts go before the first block of the page that starts below them."""
    out = list(placed)
    for block, top in regions:
        at = next((i for i, (_b, t) in enumerate(out) if t > top), len(out))
        out.insert(at, (block, top))
    return out


def _text_left(lines: list[list[Line]], furniture: set[int]) -> float:
    """The usual left edge of the text (most common x0 of body lines, rounded)."""
    return _usual_edge([ln.x0 for page in lines for ln in page if id(ln) not in furniture])


def _text_right(lines: list[list[Line]], furniture: set[int]) -> float:
    """The usual right edge of the text (most common x1 of body lines, rounded): where the
    lines of a right-to-left document start."""
    return _usual_edge([ln.x1 for page in lines for ln in page if id(ln) not in furniture])


def _usual_edge(edges: list[float]) -> float:
    """The most common of ``edges``, rounded to 4 pt (0 when there is none)."""
    counts = Counter(round(x / 4) for x in edges)
    if not counts:
        return 0.0
    return 4.0 * max(counts.items(), key=lambda kv: kv[1])[0]


def _column(lines: list[Line]) -> tuple[float, float]:
    if not lines:
        return (0.0, 0.0)
    x0s = sorted(ln.x0 for ln in lines)
    x1s = sorted(ln.x1 for ln in lines)
    return x0s[len(x0s) // 10], x1s[(len(x1s) * 9) // 10]


def _body_blocks(page: PageContent, body: list[Line], rtl: bool
                 ) -> list[tuple[RawBlock, float]]:
    """Body blocks of the page in reading order, each with the top of its first line."""
    column = _column(body)
    out: list[tuple[RawBlock, float]] = []
    for leaf in reading_order(body, rtl):
        for lb in split_blocks(leaf, column):
            out.append((_raw_block(lb, page, column, "body"), lb.lines[0].top))
    return _merge_toc(out)


def _is_toc(block: RawBlock) -> bool:
    return any("\t" in t for t in block.lines)


def _merge_toc(placed: list[tuple[RawBlock, float]]) -> list[tuple[RawBlock, float]]:
    """The entries of a table of contents (lines with a tab for their dot leaders), and the
    wrapped title lines between them, make one block, as in the text input."""
    out: list[tuple[RawBlock, float]] = []
    for i, (block, top) in enumerate(placed):
        prev_toc = bool(out) and _is_toc(out[-1][0])
        wrapped = (not _is_toc(block) and len(block.lines) <= 2 and i + 1 < len(placed)
                   and _is_toc(placed[i + 1][0]))
        if prev_toc and (_is_toc(block) or wrapped):
            head, head_top = out[-1]
            out[-1] = (head.model_copy(update={"lines": head.lines + block.lines}), head_top)
        else:
            out.append((block, top))
    return out


def _raw_block(lb: LayoutBlock, page: PageContent, column: tuple[float, float],
               zone: str) -> RawBlock:
    lines = [pl.text for pl in lb.lines if pl.text]
    sizes: dict[float, int] = {}
    for pl in lb.lines:
        sizes[pl.size] = sizes.get(pl.size, 0) + len(pl.text)
    size = max(sizes.items(), key=lambda kv: kv[1])[0] if sizes else None
    n = len(lb.lines)
    first = lb.lines[0]
    first_line_indent = None
    if n >= 2:
        rest = lb.lines[1:]
        if first.line.rtl:
            first_line_indent = round(max(pl.x1 for pl in rest) - first.x1, 1)
        else:
            first_line_indent = round(first.x0 - min(pl.x0 for pl in rest), 1)
    return RawBlock(
        lines=lines,
        pages=[page.number],
        zone="footnote" if zone == "footnote" else "body",
        bold=sum(1 for pl in lb.lines if pl.bold) * 2 > n,
        italic=sum(1 for pl in lb.lines if pl.italic) * 2 > n,
        font_size=round(size, 1) if size else None,
        indent=round(first.x1 if first.line.rtl else first.x0, 1),
        first_line_indent=first_line_indent,
        centered=all(is_centred(pl, column) for pl in lb.lines),
    )


def _note_blocks(page: PageContent, notes: list[Line], old_markers: set[str],
                 rtl: bool = False) -> list[RawBlock]:
    if not notes:
        return []
    column = _column(notes)
    groups: list[LayoutBlock] = []
    for pl in (PageLine(ln, ln.segments) for ln in sorted(notes, key=lambda x: (x.base, x.x0))):
        if not groups or starts_note(pl.text, rtl):
            groups.append(LayoutBlock())
        groups[-1].lines.append(pl)
    out: list[RawBlock] = []
    for group in groups:
        block = _raw_block(group, page, column, "footnote")
        moved = marker_last(block.lines[0]) if rtl and block.lines else None
        if moved is not None:
            block = block.model_copy(update={"lines": [moved, *block.lines[1:]]})
        if block.lines and starts_note(block.lines[0]):
            first, number = normalize_marker(block.lines[0], plain=not rtl)
            if number:
                old_markers.add(number)
            block = block.model_copy(update={"lines": [first, *block.lines[1:]]})
        out.append(block)
    return out


def _cite_old_markers(block: RawBlock, numbers: set[str]) -> RawBlock:
    if block.zone != "body":
        return block
    lines = [old_style_citations(t, numbers) for t in block.lines]
    return block if lines == block.lines else block.model_copy(update={"lines": lines})


def _masthead_lines(lines: list[str]) -> bool:
    """Short lines stacked in the masthead (not a title wrapped over lines)."""
    return max(display_width(t) for t in lines) <= _MASTHEAD_LINE


def _label_values(lines: list[str]) -> list[str]:
    out: list[str] = []
    for t in lines:
        if out and _LONE_ABBREVIATION.match(out[-1]):
            out[-1] = f"{out[-1]} {t}"
        else:
            out.append(t)
    return out


def _masthead_first(page: PageContent, placed: list[tuple[RawBlock, float]]) -> list[RawBlock]:
    """Page 1: the symbol line(s) of the masthead first (``S/2012/197``, ``A/80/500-S/2025/656``),
    so that the masthead reads symbol, organ, distribution, date, languages."""
    symbols: list[str] = []
    out: list[RawBlock] = []
    for block, top in placed:
        if top > _MASTHEAD_DEPTH * page.height or block.zone != "body":
            out.append(block)
            continue
        keep = [t for t in block.lines if not symbols_in_line(t)]
        found = [t.strip() for t in block.lines if symbols_in_line(t)]
        symbols.extend(found)
        if not keep:
            continue
        if len(keep) > 1 and not block.bold and _masthead_lines(keep):
            # each masthead line is a field of its own (`Distr.: General`, the date, …); a lone
            # abbreviation (`Distr.`) keeps the value printed under it (`GENERAL`)
            out.extend(block.model_copy(update={"lines": [t]}) for t in _label_values(keep))
        else:
            out.append(block if not found else block.model_copy(update={"lines": keep}))
    if not symbols:
        return out
    return [RawBlock(lines=symbols, pages=[page.number]), *out]
