"""Scanned pages: which pages of a PDF are read by OCR, and what the document records of it.

Two kinds of page go to Tesseract (:mod:`pipeline.ingest.ocr`):

- an image without a text layer: no character, and images covering at least
  :data:`SCAN_COVER` of the page (a blank page or a page of drawings is left alone);
- a garbage text layer (:mod:`pipeline.ingest.text_quality`), or a damaged one (at least
  :data:`DAMAGED_CHARS` characters that are no characters: a font without a usable map for a
  table's or a box's text; at most :data:`DAMAGED_PAGES` of them, the most damaged, so that a
  long document with a broken font on every page stays within its time limit — the others keep
  their U+FFFD, which the ``invalid-characters`` issue counts): the page is recognised, and the
  recognition replaces the layer when its own words are better (fewer garbage tokens);
- a scanned page whose own (old) OCR layer is noisy, more than :data:`NOISY_SHARE` of its
  tokens bad: the recognition replaces it when it halves that share. The noisiest page is read
  first; when its recognition is not kept, the document's other noisy pages are not read (one
  scan, one old recognition: ~6 s a page saved where Tesseract does no better).

The language is the document's (file name or sidecar); for a Latin-script document whose text
layer reads as another Latin language (function words), that one; with neither, the script
Tesseract sees. Without Tesseract, an image-only document fails with ``ocr-unavailable``; a
document with some text keeps it, and the pages that needed OCR are an ``ocr-skipped`` issue.
The pages read by OCR and their mean word confidence go to ``source.ocr_pages`` and
``source.ocr_confidence``; a confidence under :data:`LOW_CONFIDENCE` is an issue.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from pipeline.ingest.pdf_chars import FontStyle, Glyph, PageContent, open_pdf
from pipeline.ingest.pdf_lines import Line
from pipeline.ingest.text_quality import MIN_TOKENS, bad_share, is_garbage
from pipeline.models import Issue

if TYPE_CHECKING:
    from pipeline.ingest.ocr import OcrPage

SCAN_COVER = 0.5  # share of the page's area the images of a scanned page cover
LOW_CONFIDENCE = 70.0  # mean word confidence (0-100) under which the reading is doubtful
NOISY_SHARE = 0.03  # bad tokens above which a scan's own OCR layer is read again …
NOISY_GAIN = 0.5  # … and replaced when the new reading has at most this share of its bad tokens
DAMAGED_CHARS = 10  # characters that are no characters (U+FFFD) from which a layer is damaged
DAMAGED_PAGES = 20  # damaged pages read again per document, the most damaged first
_FEW_GLYPHS = 20  # a page with a full-page image and fewer glyphs (a stamped symbol) is a scan


@dataclass
class OcrRecord:
    """What OCR did to one document."""

    pages: list[int] = field(default_factory=list)
    confidences: list[tuple[float, int]] = field(default_factory=list)  # (mean, words) per page
    issues: list[Issue] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        words = sum(n for _, n in self.confidences)
        if not words:
            return None
        return round(sum(c * n for c, n in self.confidences) / words, 1)


def _image_cover(page: PageContent) -> float:
    area = page.width * page.height
    if area <= 0:
        return 0.0
    covered = sum(max(0.0, min(b.x1, page.width) - max(b.x0, 0.0))
                  * max(0.0, min(b.bottom, page.height) - max(b.top, 0.0)) for b in page.images)
    return covered / area


def is_scan(page: PageContent) -> bool:
    """No text layer (or a few stamped characters) over images that cover the page."""
    ink = sum(1 for g in page.glyphs if not g.char.isspace())
    return ink < _FEW_GLYPHS and _image_cover(page) >= SCAN_COVER


def ocr_scans(data: bytes, pages: list[PageContent], lang: str | None) -> OcrRecord:
    """Replace, in ``pages``, every scanned page without a text layer by its OCR reading."""
    record = OcrRecord()
    wanted = [i for i, p in enumerate(pages) if is_scan(p)]
    if not wanted:
        return record
    _recognise(data, pages, wanted, lang, record, keep=lambda _i, _page: True)
    return record


def ocr_garbage(data: bytes, pages: list[PageContent], lines: list[list[Line]],
                lang: str | None, record: OcrRecord,
                rebuild: Callable[[PageContent], list[Line]]) -> None:
    """Recognise the pages whose text layer is garbage; where the recognition reads better,
    it replaces the page in ``pages`` and its lines in ``lines`` (``rebuild`` makes them)."""
    tokens = [[w for ln in page_lines for w in ln.text.split()] for page_lines in lines]
    garbage = {i for i, words in enumerate(tokens) if is_garbage(words)}
    damaged = sorted((i for i in range(len(pages))
                      if i not in garbage and pages[i].invalid_chars >= DAMAGED_CHARS),
                     key=lambda i: -pages[i].invalid_chars)
    garbage.update(damaged[:DAMAGED_PAGES])
    noisy = {i for i, words in enumerate(tokens)
             if i not in garbage and _noisy_scan(pages[i], words)}
    done = set(record.pages)
    garbage = {i for i in garbage if pages[i].number not in done}
    # noisy pages, the noisiest first: the first is a trial for the document (one scan, one old
    # recognition), the others are read only when Tesseract's reading of it was kept
    trial = sorted((i for i in noisy if pages[i].number not in done),
                   key=lambda i: (-bad_share(tokens[i])[0], i))
    if not garbage and not trial:
        return
    lang = _layer_language(lang, tokens)
    replaced: list[int] = []  # pages whose OCR reading replaces the layer
    patched: list[int] = []  # pages whose damaged pieces only were read by OCR

    def keep(i: int, page: OcrPage) -> bool:
        new_lines = rebuild(page.content)
        new_share, _ = bad_share([w for ln in new_lines for w in ln.text.split()])
        old_share, _ = bad_share(tokens[i])
        if new_share >= (old_share * NOISY_GAIN if i in noisy else old_share):
            mended = patch_damaged(pages[i], lines[i], page.content)
            if mended is not None:
                pages[i] = mended
                lines[i] = rebuild(mended)
                patched.append(pages[i].number)
            return False
        lines[i] = new_lines
        replaced.append(pages[i].number)
        return True

    if garbage:
        _recognise(data, pages, sorted(garbage), lang, record, keep)
    if trial:
        _recognise(data, pages, trial[:1], lang, record, keep)
        if pages[trial[0]].number in replaced:
            _recognise(data, pages, sorted(trial[1:]), lang, record, keep)
    if replaced:
        record.issues.append(Issue(
            code="text-layer-replaced", severity="info",
            message=f"the text layer of pages {_pages(replaced)} is garbage or a scan's noisy "
                    "OCR; their OCR reading replaces it"))
    if patched:
        record.issues.append(Issue(
            code="text-layer-replaced", severity="info",
            message=f"the pieces of text of pages {_pages(patched)} that hold characters that "
                    "are no characters are read by OCR, or left out where OCR sees nothing "
                    "printed (the rest of those pages reads better from the text layer)"))


def patch_damaged(page: PageContent, page_lines: list[Line], ocr: PageContent
                  ) -> PageContent | None:
    """``page`` with the glyphs of its damaged pieces of text (a line's segment holding U+FFFD:
    a table set in a font without a usable map) replaced by the words ``ocr`` (the same page
    recognised) has in their place, if any: where the page shows nothing (text clipped away
    inside the page, E/ESCWA/TDD/2018/INF.1-AR p. 10) the damaged piece is simply not read.
    None when no piece is damaged."""
    boxes = [(s.x0 - 1, s.top - 1, s.x1 + 1, s.bottom + 1)
             for ln in page_lines for s in ln.segments if "\ufffd" in s.text]
    if not boxes:
        return None

    def within(g: Glyph) -> bool:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)

    words = [g for g in ocr.glyphs if within(g)]
    styles = list(page.styles)
    remap = {k: _style_index(styles, style) for k, style in enumerate(ocr.styles)}
    glyphs = [g for g in page.glyphs if not within(g)]
    glyphs += [g._replace(style=remap[g.style]) for g in words]
    return replace(page, glyphs=glyphs, styles=styles)


def _style_index(styles: list[FontStyle], style: FontStyle) -> int:
    if style not in styles:
        styles.append(style)
    return styles.index(style)


def _noisy_scan(page: PageContent, words: list[str]) -> bool:
    """A scanned page (images covering it) whose own OCR layer is noisy but not garbage: a
    1980s or 1990s recognition (``d6sariement``, ``llad&ini&ration``) that Tesseract reads
    better."""
    if _image_cover(page) < SCAN_COVER:
        return False
    share, n = bad_share(words)
    return n >= MIN_TOKENS and share > NOISY_SHARE


def _layer_language(lang: str | None, tokens: list[list[str]]) -> str | None:
    """The document's language, or the Latin language its text layer reads as."""
    from pipeline.language import segment_language

    if lang not in ("en", "fr", "es"):
        return lang
    sample = " ".join(w for words in tokens for w in words)[:5000]
    return segment_language(sample, lang) if sample else lang


def _recognise(data: bytes, pages: list[PageContent], wanted: list[int], lang: str | None,
               record: OcrRecord, keep: Callable[[int, OcrPage], bool]) -> None:
    # Tesseract's reader (numpy, Pillow) is imported by the first page that needs it
    from pipeline.ingest.ocr import DPI, OcrUnavailable, ocr_page

    pdf: pdfium.PdfDocument = open_pdf(data)
    failed: list[str] = []
    half_first = False  # the previous page's type was large: this one is read small first
    try:
        for i in wanted:
            try:
                page = ocr_page(pdf, i, lang, half_first)
            except OcrUnavailable as exc:
                record.issues.append(Issue(
                    code="ocr-skipped",
                    message=f"pages {_pages([pages[k].number for k in wanted])} need OCR: {exc}"))
                return
            except (subprocess.SubprocessError, OSError) as exc:
                failed.append(f"page {i + 1}: {exc}")
                continue
            half_first = page.dpi != DPI
            if not page.words or not keep(i, page):
                continue
            # the rules the PDF draws, and a footnote separator found in the page image
            page.content.rules = [*pages[i].rules, *page.content.rules]
            page.content.paths = pages[i].paths
            page.content.images = pages[i].images
            pages[i] = page.content
            record.pages.append(page.content.number)
            if page.confidence is not None:
                record.confidences.append((page.confidence, page.words))
    finally:
        pdf.close()
    if failed:
        record.issues.append(Issue(code="unreadable-page",
                                   message="OCR failed on " + "; ".join(failed)))


def finish(record: OcrRecord) -> list[Issue]:
    """The record's issues, with a low-confidence one when the mean confidence is low."""
    issues = list(record.issues)
    confidence = record.confidence
    if confidence is not None and confidence < LOW_CONFIDENCE:
        issues.append(Issue(
            code="ocr-low-confidence",
            message=f"OCR of pages {_pages(record.pages)}: mean word confidence {confidence:.1f} "
                    f"(under {LOW_CONFIDENCE:.0f}); words may be wrong"))
    return issues


def _pages(numbers: list[int]) -> str:
    """``1-3, 5``: page numbers as ranges."""
    out: list[str] = []
    nums = sorted(set(numbers))
    start = prev = nums[0] if nums else 0
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
