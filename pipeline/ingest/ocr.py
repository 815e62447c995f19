"""Tesseract OCR of one PDF page: the page rendered by pypdfium2, its words and their boxes.

The page is rendered in grey at :data:`DPI`, handed to the ``tesseract`` command (Tesseract 5,
Debian package ``tesseract-ocr`` and its language packs) on its standard input as a PGM image
(a page of large type, whose words are :data:`TALL_WORD_PX` or more, is read again at half that
resolution: Tesseract drops whole lines of type that large), and its hOCR output (lines with
their baseline and type size, words with their box and confidence) is turned into a
:class:`~pipeline.ingest.pdf_chars.PageContent` of the same page: one glyph per word, with a
zero-width space between the words of a line, every word of a printed line on that line's
baseline, and one font size for the page's body lines. The line and paragraph builder then read
it like a text layer (:func:`pipeline.ingest.pdf_lines.build_lines`).

Why the command and not a binding: the hOCR is all we need, the command takes the image on its
standard input (no temporary file), runs under a time limit, and its threads are capped
(``OMP_THREAD_LIMIT=1``: the worker processes already use every core). Nothing is downloaded:
the language packs are those installed (``tesseract --list-langs``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from statistics import median

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
from PIL import Image

from pipeline.ingest.ocr_digits import INK, Shape, number_piece, number_shape, read_numbers
from pipeline.ingest.pdf_chars import FontStyle, Glyph, PageContent, Rule

DPI = 300
RULE_MIN_PT = 40.0  # a dark horizontal run this long is a rule (underline, separator) …
RULE_MAX_PT = 2.5  # … when it is no thicker than this
PAGE_SECONDS = 180  # one page's recognition is stopped after this
_PT = 72.0 / DPI  # points per pixel
# ISO 639-1 → Tesseract packs; the symbols and Latin names of non-Latin documents need English
TESSERACT_LANGS = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus+eng", "ar": "ara",
                   "zh": "chi_sim+eng"}
_SCRIPT_LANGS = {"Latin": "eng+fra+spa", "Cyrillic": "rus+eng", "Arabic": "ara+eng",
                 "Han": "chi_sim+eng", "HanS": "chi_sim+eng"}
_SIZE_SNAP = 0.4  # a line whose height is within this share of the page's usual one has its size
_OCR_STYLE = FontStyle("ocr", False, False)


class OcrUnavailable(Exception):
    """Tesseract (or the language pack a page needs) is not installed."""


@dataclass
class OcrPage:
    """A page read by OCR: its content as glyphs, the mean word confidence (0-100), the
    number of words recognised and the resolution of the reading kept."""

    content: PageContent
    confidence: float | None
    words: int
    dpi: int = DPI


@cache
def tesseract_languages() -> frozenset[str]:
    """The installed Tesseract language packs; empty when the command is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = done.stdout.splitlines()
    return frozenset(ln.strip() for ln in lines[1:] if ln.strip())


def _usable(spec: str) -> str | None:
    """``spec`` (``ara+eng``) without the packs that are not installed; None if none is."""
    installed = tesseract_languages()
    kept = [p for p in spec.split("+") if p in installed]
    return "+".join(kept) if kept else None


def ocr_language(lang: str | None, image: bytes | None = None) -> str:
    """The Tesseract languages for a document in ``lang`` (ISO 639-1); when it is unknown, the
    script Tesseract's orientation and script detection sees on ``image`` (a PGM page).
    Raises :class:`OcrUnavailable` when Tesseract or every pack it would need is missing."""
    if not tesseract_languages():
        raise OcrUnavailable("the tesseract command is not installed (Debian: apt-get install "
                             "tesseract-ocr tesseract-ocr-eng …; see scripts/system_packages.sh)")
    spec = TESSERACT_LANGS.get(lang or "")
    if spec is None and image is not None:
        spec = _SCRIPT_LANGS.get(_script(image) or "")
    usable = _usable(spec or "eng")
    if usable is None:
        raise OcrUnavailable(f"no Tesseract language pack for {spec or 'eng'} is installed")
    return usable


def _script(image: bytes) -> str | None:
    """The script Tesseract's OSD sees (``Latin``, ``Arabic``, ``Cyrillic``, ``Han``)."""
    if "osd" not in tesseract_languages():
        return None
    try:
        done = _run(image, ["--psm", "0"], "")
    except (OcrUnavailable, subprocess.SubprocessError):
        return None
    for line in done.splitlines():
        if line.startswith("Script:"):
            return line.split(":", 1)[1].strip()
    return None


def _run(image: bytes, args: list[str], config: str) -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable("the tesseract command is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", *args, *([config] if config else [])]
    done = subprocess.run(cmd, input=image, capture_output=True, timeout=PAGE_SECONDS, env=env,
                          check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise subprocess.SubprocessError(message[-1] if message else f"exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def render_page(pdf: pdfium.PdfDocument, index: int, dpi: int = DPI
                ) -> tuple[bytes, float, float, list[Rule]]:
    """Page ``index`` rendered in grey at ``dpi`` as a PGM image with its long horizontal
    rules whitened (underlines cut Tesseract's reading of the words they underline), the
    page's size in points, and those rules (in points: a footnote separator among them)."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        pixels = np.array(bitmap.to_pil().convert("L"))
    finally:
        page.close()
    rules = _erase_rules(pixels, 72.0 / dpi)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PPM")
    return out.getvalue(), width, height, rules


def _erase_rules(pixels: npt.NDArray[np.uint8], pt: float = _PT) -> list[Rule]:
    """Whiten, in place, the dark horizontal runs at least :data:`RULE_MIN_PT` long and at most
    :data:`RULE_MAX_PT` thick; return them as rules (one per run of adjacent rows; ``pt``:
    points per pixel)."""
    length = round(RULE_MIN_PT / pt)
    dark = pixels < 128
    if dark.shape[1] <= length:
        return []
    candidates = np.flatnonzero(dark.sum(axis=1) >= length)  # rows dark enough to hold one
    if not len(candidates):
        return []
    sums = np.cumsum(np.pad(dark[candidates].astype(np.int32), ((0, 0), (1, 0))), axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length  # a run of `length` starts here
    starts = np.cumsum(np.pad(full.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    # a pixel is covered when a full run starts within `length` pixels before it
    ends = np.arange(dark.shape[1])
    lo = np.clip(ends - length + 1, 0, full.shape[1])
    hi = np.clip(ends + 1, 0, full.shape[1])
    covered_rows = (starts[:, hi] - starts[:, lo]) > 0
    keep = covered_rows.any(axis=1)
    covered = np.zeros(dark.shape, dtype=bool)
    covered[candidates[keep]] = covered_rows[keep]
    rows = np.flatnonzero(covered.any(axis=1))
    rules: list[Rule] = []
    thick = max(1, round(RULE_MAX_PT / pt))
    group: list[int] = []
    for row in [*rows.tolist(), -10]:
        if group and row != group[-1] + 1:
            if len(group) <= thick:
                cols = np.flatnonzero(covered[group].any(axis=0))
                pixels[group[0]:group[-1] + 1, cols] = 255
                y = (group[0] + group[-1]) / 2 * pt
                rules.append(Rule(float(cols[0]) * pt, float(cols[-1] + 1) * pt, y))
            group = []
        if row >= 0:
            group.append(row)
    return rules


@dataclass
class _Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    conf: float


@dataclass
class _Line:
    """A recognised line: its words, the baseline's height at its left edge and its slope, and
    Tesseract's estimate of its type size (``x_size``), all in pixels."""

    words: list[_Word]
    base: float
    slope: float
    left: float
    size: float


_HOCR_CLASSES = ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat")


def _title(elem: ET.Element) -> dict[str, list[float]]:
    """An hOCR ``title``: ``bbox 1 2 3 4; x_size 40`` → ``{"bbox": [1, 2, 3, 4], …}``."""
    out: dict[str, list[float]] = {}
    for part in (elem.get("title") or "").split(";"):
        name, *values = part.split()
        try:
            out[name] = [float(v) for v in values]
        except ValueError:
            continue
    return out


def read_hocr(hocr: str) -> list[_Line]:
    """Tesseract's hOCR → the recognised lines and their words (pixels)."""
    try:
        root = ET.fromstring(hocr)
    except ET.ParseError:
        return []
    return _lines_in(root)


def read_hocr_pages(hocr: str) -> list[list[_Line]]:
    """The lines of each page of an hOCR of several images (a multi-page TIFF), in order."""
    try:
        root = ET.fromstring(hocr)
    except ET.ParseError:
        return []
    return [_lines_in(page) for page in root.iter() if page.get("class") == "ocr_page"]


def _lines_in(root: ET.Element) -> list[_Line]:
    lines: list[_Line] = []
    for elem in root.iter():
        if elem.get("class") not in _HOCR_CLASSES:
            continue
        title = _title(elem)
        bbox = title.get("bbox")
        if not bbox or len(bbox) != 4:
            continue
        slope, offset = (title.get("baseline") or [0.0, 0.0])[:2]
        size = (title.get("x_size") or [bbox[3] - bbox[1]])[0]
        words: list[_Word] = []
        for w in elem.iter():
            if w.get("class") != "ocrx_word":
                continue
            text = "".join(w.itertext()).strip()
            wt = _title(w)
            box = wt.get("bbox")
            if not text or not box or len(box) != 4:
                continue
            conf = (wt.get("x_wconf") or [-1.0])[0]
            words.append(_Word(text, box[0], box[1], box[2], box[3], conf))
        if words:
            lines.append(_Line(words, bbox[3] + offset, slope, bbox[0], size))
    return lines


def ocr_page(pdf: pdfium.PdfDocument, index: int, lang: str | None,
             half_first: bool = False) -> OcrPage:
    """Recognise page ``index`` (0-based) in ``lang`` (ISO 639-1, or None: script detection);
    a page of large type is read at :data:`DPI` and at half of it, and the reading with more
    characters read with confidence kept. ``half_first`` (the document's previous page kept its
    half-resolution reading): the page is read at half resolution first, and that reading is
    kept without another when its type is large too.

    Raises :class:`OcrUnavailable` without Tesseract, ``subprocess.SubprocessError`` (or
    ``TimeoutExpired``) when the recognition fails on this page.
    """
    image, width, height, rules = render_page(pdf, index)
    langs = ocr_language(lang, image)
    if index == 0 and "eng" not in langs.split("+"):
        # page 1's masthead prints the symbol, the date and the distribution in English
        # whatever the document's language (`E/ESCWA/C.1/19/4`, `1 April 1997`)
        langs = _usable(f"{langs}+eng") or langs
    half: list[_Line] | None = None
    if half_first:
        half = _read_half(pdf, index, langs)
    if half is not None and _word_height(half) >= TALL_WORD_PX:
        lines, dpi = half, DPI // 2
    else:
        lines, dpi = _read(image, index, langs), DPI
        if _word_height(lines) >= TALL_WORD_PX:
            # type this large is read worse at this resolution: whole lines go missing
            # (C.1/19/4 Add.5 AR, 64-pixel words: a table page's 1,143 characters read with
            # confidence at 150 dpi, 165 at 300); the page is read again at half the
            # resolution, and the reading with more characters read with confidence kept
            again = half if half is not None else _read_half(pdf, index, langs)
            if _sure_letters([w for ln in again for w in ln.words]) > _sure_letters(
                    [w for ln in lines for w in ln.words]):
                lines, dpi = again, DPI // 2
    if langs.split("+")[0] not in _latin_packs():
        lines = _reread_numbers(image, lines)  # on the full-resolution image
    page = page_from_lines(index + 1, width, height, lines)
    page.content.rules = separator_rules(rules, page.content, _rtl_page(lines))
    page.dpi = dpi
    return page


SEPARATOR_LOW = 0.55  # × the page's height: a typescript's footnote rule lies below this …
SEPARATOR_SHORT = 0.3  # … is no wider than this share of the page …
SEPARATOR_MIN_PT = 25.0  # … nor narrower than this
_EDGE_PT = 40.0  # … and starts this close to where the text's lines start


def separator_rules(rules: list[Rule], content: PageContent, rtl: bool) -> list[Rule]:
    """The rules found in a page image that may be its footnote separator: a short rule low on
    the page, at the side where the text's lines start (the right in Arabic), with no word on
    its row or just above it (a word it underlines, a box's edge among text). A typescript's
    separator is found only in the image (A/47/843: a 61-point rule over `1/ A/47/829-S/24997.`);
    the other rules of an image (underlines, the frames of a designed page) are not kept: as
    separators they cut the running text into false notes (E/ESCWA/TDD/2018/INF.1-AR)."""
    ink = [g for g in content.glyphs if g.char.strip()]
    if not ink:
        return []
    size = median(g.size for g in ink)
    start = max(g.x1 for g in ink) if rtl else min(g.x0 for g in ink)
    kept: list[Rule] = []
    for rule in rules:
        if not (rule.y >= SEPARATOR_LOW * content.height
                and SEPARATOR_MIN_PT <= rule.x1 - rule.x0 <= SEPARATOR_SHORT * content.width
                and abs((rule.x1 if rtl else rule.x0) - start) <= _EDGE_PT):
            continue
        if any(g.x1 >= rule.x0 and g.x0 <= rule.x1
               and rule.y - 1.2 * size <= g.base <= rule.y + 0.6 * size for g in ink):
            continue  # a word on the rule's row or right above it: an underline, a frame
        kept.append(rule)
    return kept


def _read_half(pdf: pdfium.PdfDocument, index: int, langs: str) -> list[_Line]:
    """The page read at half of :data:`DPI`, in the pixels of a :data:`DPI` reading."""
    return _scaled(_read(render_page(pdf, index, DPI // 2)[0], index, langs), 2.0)


def _read(image: bytes, index: int, langs: str) -> list[_Line]:
    """The lines Tesseract reads on ``image`` (page ``index``, 0-based) in ``langs``, page 1's
    English lines read again (:func:`_reread_latin_lines`)."""
    lines = read_hocr(_run(image, ["-l", langs, "--psm", "3"], "hocr"))
    if index == 0 and langs.split("+")[0] not in _latin_packs():
        lines = _reread_latin_lines(image, lines)
    return lines


_DIGIT = re.compile("[0-9\u0660-\u0669]")
_INDIC_DIGIT = re.compile("[\u0660-\u0669]")
_EUROPEAN_DIGIT = re.compile("[0-9]")
_NUMBER_FORM = re.compile("^(?:-[1-9][0-9]{0,2}|[1-9][0-9]{0,2}-)$")
NUMBER_WORD_MAX = 6  # characters of a line's first word read again as a paragraph number
INDIC_SHARE = 0.05  # a page with this share of Arabic-Indic digits prints its numbers so
_MARGIN_PX = 20


def _reread_numbers(image: bytes, lines: list[_Line]) -> list[_Line]:
    """Tesseract's Arabic model misreads the European digits of paragraph numbers (``-10``,
    ``9-`` in reading order): ``2-0``, ``2-9``, ``3-`` for ``-13`` (E/ESCWA/SD/2017/WG.3/
    REPORT-AR, a 2017 report set with European digits). The first word of an Arabic line (its
    right-most), or a number alone at the page's right margin, that is short and holds a
    European digit is read again alone in English, digits and hyphen only (its crop, as one
    line); that reading replaces it when it has a paragraph number's form (one to three
    digits, a hyphen on one side) and keeps one of its digits. A page that prints Arabic-Indic
    digits (:data:`INDIC_SHARE` of the digits of its numbers or more), which English cannot
    read, has its numbers read by :func:`_reread_indic_numbers` instead."""
    # the numbers of the running text (years, amounts): a lone digit may be a misread bullet
    # (``•`` comes out ``٠``)
    digits = [ch for ln in lines for w in ln.words if len(_DIGIT.findall(w.text)) > 1
              for ch in _DIGIT.findall(w.text)]
    if not digits:
        return lines
    if sum(1 for ch in digits if _INDIC_DIGIT.match(ch)) >= INDIC_SHARE * len(digits):
        return _reread_indic_numbers(image, lines)
    if _usable("eng") is None:
        return lines
    rtl = _rtl_page(lines)
    margin = _right_margin(lines) or 0.0
    picture = Image.open(io.BytesIO(image))
    wanted: list[tuple[int, _Word, str, Image.Image]] = []
    for k, line in enumerate(lines):
        first = max(line.words, key=lambda w: w.right)
        text = _BIDI_MARKS.sub("", first.text)
        arabic = any(_ARABIC.search(w.text) for w in line.words)
        # an Arabic line, or a number alone at the right margin of an Arabic page (Tesseract
        # may take a paragraph number, far from its text, for a line of its own)
        height = first.bottom - first.top
        alone = rtl and len(line.words) == 1 and abs(first.right - margin) <= 2 * height
        # (a European digit in it: a bullet comes out ``٠``)
        if (len(text) > NUMBER_WORD_MAX or not _EUROPEAN_DIGIT.search(text)
                or not ((arabic and len(line.words) >= 3) or alone)):
            continue
        # the word's box, a little higher (not the line's: a piece of the next line in the crop
        # reads as a stroke), wider (a digit the first reading left outside it)
        pad, wide = 0.35 * height, 1.5 * height
        box = (max(0, int(first.left - wide)), max(0, int(first.top - pad)),
               min(picture.width, int(first.right + wide)),
               min(picture.height, int(first.bottom + pad)))
        wanted.append((k, first, text, picture.crop(box)))
    out = list(lines)
    for (k, first, text, crop), again in zip(wanted, _read_column([c for *_, c in wanted]),
                                             strict=True):
        reading = "".join(w.text for w in again)
        if not _NUMBER_FORM.match(reading):
            # read alone, what the column did not read as a number may be one
            again = _read_column([crop], "7")[0]
            reading = "".join(w.text for w in again)
        # the number keeps a digit of the first reading (``2-0`` → ``-10``): a crop that took
        # in something else reads as other digits
        if (_NUMBER_FORM.match(reading) and reading != text
                and set(reading) & set(text) - {"-"}):
            number = _Word(reading, first.left, first.top, first.right, first.bottom,
                           min(w.conf for w in again))
            line = lines[k]
            out[k] = _Line([number if w is first else w for w in line.words], line.base,
                           line.slope, line.left, line.size)
    return out


def _right_margin(lines: list[_Line]) -> float | None:
    """Where the page's text lines end on the right (the median end of lines of three words or
    more; pixels), or None without such lines."""
    ends = [max(w.right for w in ln.words) for ln in lines if len(ln.words) >= 3]
    return median(ends) if ends else None


ARABIC_SCRIPT = "Arabic"  # Tesseract's Arabic script model (Debian: tesseract-ocr-script-arab)
_BAND_PAD = 0.1  # × the text's height: the band of a line's first word, a little higher


def _reread_indic_numbers(image: bytes, lines: list[_Line]) -> list[_Line]:
    """Paragraph numbers in Arabic-Indic digits on an Arabic page, which Tesseract's Arabic
    model misreads (``2-4``, ``0-0``, ``34`` for ``٤-``, ``٥-``, ``٧-``: E/ESCWA/C.1/19/4(Part I)/
    Add.5-AR, a 1997 typescript): at the right end of a line that reaches the text's right
    margin, the piece of ink a tab's white sets apart from the rest of the line
    (:func:`pipeline.ingest.ocr_digits.number_piece`) is read glyph by glyph with the Arabic
    script model (:func:`pipeline.ingest.ocr_digits.read_numbers`, all of the page's numbers
    together); a number read there replaces the words Tesseract read on that piece (or is
    added, when it read none). Lines unchanged without the script model."""
    if _usable(ARABIC_SCRIPT) is None or not _rtl_page(lines):
        return lines
    heights = [w.bottom - w.top for ln in lines for w in ln.words if _ARABIC.search(w.text)]
    margin = _right_margin(lines)
    if not heights or margin is None:
        return lines
    height = median(heights)
    picture = Image.open(io.BytesIO(image)).convert("L")
    ink = np.asarray(picture) < INK
    found: list[tuple[int, _Word, int, int]] = []  # line, its first word, the number's columns
    shapes: list[Shape] = []
    for k, line in enumerate(lines):
        first = max(line.words, key=lambda w: w.right)
        if abs(first.right - margin) > 2 * height:
            continue
        top = max(0, int(first.top - _BAND_PAD * height))
        bottom = min(ink.shape[0], int(first.bottom + _BAND_PAD * height) + 1)
        piece = number_piece(ink[top:bottom, :min(ink.shape[1], int(margin + 1.5 * height))])
        shape = None if piece is None else number_shape(picture.crop((piece[0], top, piece[1],
                                                                      bottom)))
        if piece is not None and shape is not None:
            found.append((k, first, *piece))
            shapes.append(shape)
    out = list(lines)
    for (k, first, left, right), number in zip(found, read_numbers(shapes, _read_glyphs),
                                               strict=True):
        if number is None:
            continue
        word = _Word(number[0], left, first.top, right, first.bottom, number[1])
        line = lines[k]
        kept = [w for w in line.words if not left <= (w.left + w.right) / 2 <= right]
        out[k] = _Line([*kept, word], line.base, line.slope, line.left, line.size)
    return out


def _read_glyphs(glyphs: list[Image.Image], psm: str) -> list[tuple[str, float]]:
    """Each of ``glyphs`` (framed images) read by the Arabic script model with page segmentation
    ``psm`` (``10``: one character, ``8``: one word), all in one recognition (the images as the
    pages of one TIFF): per image the text read and its lowest word confidence (``("", -1)``
    for nothing read, and for every image when the recognition fails)."""
    data = io.BytesIO()
    glyphs[0].save(data, format="TIFF", save_all=True, append_images=glyphs[1:])
    try:
        pages = read_hocr_pages(_run(data.getvalue(), ["-l", ARABIC_SCRIPT, "--psm", psm],
                                     "hocr"))
    except (OcrUnavailable, subprocess.SubprocessError, OSError):
        pages = []
    if len(pages) != len(glyphs):
        return [("", -1.0)] * len(glyphs)
    out: list[tuple[str, float]] = []
    for page in pages:
        words = [w for ln in page for w in ln.words]
        out.append(("".join(w.text for w in words), min((w.conf for w in words), default=-1.0)))
    return out


def _read_picture(picture: Image.Image, args: list[str]) -> list[_Line]:
    """The lines Tesseract reads (``args``) on a piece of a page (a crop, a column of crops);
    none when the recognition fails: a second reading is only a chance to read better."""
    data = io.BytesIO()
    picture.save(data, format="PPM")
    try:
        return read_hocr(_run(data.getvalue(), args, "hocr"))
    except (OcrUnavailable, subprocess.SubprocessError, OSError):
        return []


def _read_column(crops: list[Image.Image], psm: str = "6") -> list[list[_Word]]:
    """The words read in each of ``crops`` (English, digits and hyphen only), all stacked in
    one white column, one under the other with a margin: one recognition per page (``psm``:
    Tesseract's page segmentation, ``7`` for one crop read as one line)."""
    if not crops:
        return []
    width = max(c.width for c in crops) + 2 * _MARGIN_PX
    height = sum(c.height + 2 * _MARGIN_PX for c in crops)
    column = Image.new("L", (width, height), 255)
    bands: list[tuple[int, int]] = []
    y = 0
    for crop in crops:
        column.paste(crop, (_MARGIN_PX, y + _MARGIN_PX))
        bands.append((y, y + crop.height + 2 * _MARGIN_PX))
        y = bands[-1][1]
    words = [w for ln in _read_picture(column, ["-l", "eng", "--psm", psm, "-c",
                                                "tessedit_char_whitelist=0123456789-"])
             for w in ln.words]
    return [sorted((w for w in words if top <= (w.top + w.bottom) / 2 < bottom),
                   key=lambda w: w.left) for top, bottom in bands]


TALL_WORD_PX = 40  # a median word this tall (pixels at DPI: 9.6 pt) is read again at DPI / 2


def _word_height(lines: list[_Line]) -> float:
    """The median height of the recognised words (pixels); 0 without words."""
    heights = [w.bottom - w.top for ln in lines for w in ln.words]
    return median(heights) if heights else 0.0


def _scaled(lines: list[_Line], factor: float) -> list[_Line]:
    """``lines`` read on an image ``1 / factor`` the size, in the pixels of the full-size one."""
    return [_Line([_Word(w.text, w.left * factor, w.top * factor, w.right * factor,
                         w.bottom * factor, w.conf) for w in ln.words],
                  ln.base * factor, ln.slope, ln.left * factor, ln.size * factor)
            for ln in lines]


@cache
def _latin_packs() -> frozenset[str]:
    """The Tesseract packs of the languages written in Latin script (``eng``, ``fra``…)."""
    from pipeline.language import script_of

    return frozenset(spec.split("+")[0] for lang, spec in TESSERACT_LANGS.items()
                     if script_of(lang) == "latin")


_LATIN_WORD = re.compile(r"[A-Za-z]{2}")
_LINE_PAD = 0.35  # a line's crop reaches this share of its height above and below it …
_LINE_REACH = 4.0  # … and this many times its height right of its last word
SURE = 60.0  # a word's confidence from which it counts as read


def _latin_only(line: _Line) -> bool:
    """Every letter of the line is a Latin one, and one word has two of them (`1 April 7`)."""
    text = "".join(w.text for w in line.words)
    return bool(_LATIN_WORD.search(text)) and all(
        unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def _reread_latin_lines(image: bytes, lines: list[_Line]) -> list[_Line]:
    """Page 1 of a document in a non-Latin script is read with its language and English; the
    masthead's English lines come out worse so than in English alone (C.1/19/4 Add.5 AR:
    ``1 April 7`` for ``1 April 1997``). Each line whose letters are all Latin is read again
    alone in English (its crop); that reading replaces it when it has
    more characters read with confidence (:data:`SURE`)."""
    picture: Image.Image | None = None
    out: list[_Line] = []
    for line in lines:
        if not _latin_only(line):
            out.append(line)
            continue
        if picture is None:
            picture = Image.open(io.BytesIO(image))
        top = min(w.top for w in line.words)
        bottom = max(w.bottom for w in line.words)
        pad = _LINE_PAD * (bottom - top)
        x0 = max(0, int(min(w.left for w in line.words) - 2 * pad))
        y0 = max(0, int(top - pad))
        # a word the first reading lost at the line's end (`1997`) is taken in
        reach = _LINE_REACH * (bottom - top)
        x1 = min(picture.width, int(max(w.right for w in line.words) + reach))
        y1 = min(picture.height, int(bottom + pad))
        again = _read_picture(picture.crop((x0, y0, x1, y1)), ["-l", "eng", "--psm", "6"])
        # the line's own words: those centred within its height (not the edge of the next)
        mine = [ln for ln in again if ln.words and top <= y0 + sum(
            (w.top + w.bottom) / 2 for w in ln.words) / len(ln.words) <= bottom]
        words = [_Word(w.text, w.left + x0, w.top + y0, w.right + x0, w.bottom + y0, w.conf)
                 for ln in mine for w in ln.words]
        if _sure_letters(words) > _sure_letters(line.words):
            out.append(_Line(words, mine[0].base + y0, mine[0].slope, mine[0].left + x0,
                             mine[0].size))
        else:
            out.append(line)
    return out


def _sure_letters(words: list[_Word]) -> int:
    """The characters of the words recognised with a confidence of at least :data:`SURE`."""
    return sum(len(w.text) for w in words if w.conf >= SURE)


_SYMBOL_DOLLAR = re.compile(r"^\$(?=/)")
_NOTE_ONE = frozenset({"i/", "l/", "I/", "]/", "|/", "!/"})


_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")
_RTL_NUMBER = re.compile(r"^([-–])([0-9\u0660-\u0669]{1,3})$")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _fix_word(text: str, rtl: bool) -> str:
    """Known misreadings of UN documents: ``$/25016`` is ``S/25016`` (a dollar sign never
    precedes a slash; the Security Council's symbols do); a lone ``i/``, ``]/`` is the note
    marker ``1/`` (no word is a letter and a slash). In a right-to-left line, Tesseract's
    directional marks go and a paragraph number it gives in visual order (``-١``) is put in
    logical order (``١-``), as the text layer of an Arabic document has it."""
    if text in _NOTE_ONE:
        return "1/"
    if rtl:
        text = _BIDI_MARKS.sub("", text)
        text = _RTL_NUMBER.sub(r"\2\1", text)
    return _SYMBOL_DOLLAR.sub("S", text)


def _rtl_page(lines: list[_Line]) -> bool:
    """Most of the page's words with letters are Arabic ones."""
    lettered = [w.text for ln in lines for w in ln.words if any(ch.isalpha() for ch in w.text)]
    return sum(1 for t in lettered if _ARABIC.search(t)) * 2 > len(lettered)


def page_from_lines(number: int, width: float, height: float, lines: list[_Line]) -> OcrPage:
    """The glyphs of recognised ``lines`` (pixel boxes at :data:`DPI`) as a page's content."""
    content = PageContent(number, width, height, styles=[_OCR_STYLE])
    usual = median(ln.size for ln in lines) if lines else 0.0
    confs: list[float] = []
    page_rtl = _rtl_page(lines)
    for line in lines:
        line_size = line.size
        if usual and abs(line_size - usual) <= _SIZE_SNAP * usual:
            line_size = usual  # body lines share one size: no block cut at every line
        size = round(line_size * _PT, 1)
        words = sorted(line.words, key=lambda w: w.left)
        # a line without letters (a paragraph number alone) goes the page's way
        rtl = any(_ARABIC.search(w.text) for w in words) or (page_rtl and not any(
            ch.isalpha() for w in words for ch in w.text))
        mid = (words[0].left + words[-1].right) / 2
        base = (line.base + line.slope * (mid - line.left)) * _PT
        top, bottom = base - 0.75 * size, base + 0.25 * size
        prev: Glyph | None = None
        for w in words:
            x0, x1 = w.left * _PT, w.right * _PT
            if prev is not None:  # a zero-width word space between two words of a line
                gap = (prev.x1 + x0) / 2
                content.glyphs.append(Glyph(" ", gap, gap, top, bottom, base, size, 0))
            prev = Glyph(_fix_word(w.text, rtl), x0, x1, top, bottom, base, size, 0)
            content.glyphs.append(prev)
            if w.conf >= 0:
                confs.append(w.conf)
    confidence = round(sum(confs) / len(confs), 1) if confs else None
    return OcrPage(content, confidence, len(confs))
