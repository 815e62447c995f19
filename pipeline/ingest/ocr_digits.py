"""Arabic-Indic paragraph numbers read glyph by glyph (the numbers of Arabic typescripts).

Tesseract's Arabic language model reads the paragraph numbers of an Arabic typescript as
anything but digits: E/ESCWA/C.1/19/4(Part I)/Add.5 (1997) came out ``2-4``, ``0-0``, ``34``,
``ع-`` for ``٤-``, ``٥-``, ``٧-``, ``٤-``. Its Arabic *script* model reads a digit alone, but not
the typewriter's wide-set pairs (``١ ٠`` comes out ``°``, ``١ ١`` as ``-1``). Read one glyph at a
time, it gets them: the number's crop is cut at its white columns into glyphs; the hyphen (long
and flat) and the zero (a dot, ``٠``) are told by their shape, and every other glyph is
recognised alone and taken when two readings of it agree on a digit (:func:`read_digits`). The
script model gives the Persian forms of some digits (``۴۵۶``), the European ``0`` for the ring
of ``٥`` and ``1`` or an alef for the stroke of ``١``: folded to the Arabic-Indic digits.

In: a line's band (:func:`number_piece` finds the number), grey crops each holding one number
and its hyphen (:func:`number_shape` cuts it into glyphs), and a function that recognises
glyph images (Tesseract with the Arabic script model, all of a page's glyphs in one call). Out:
each number in visual order, the hyphen on its left (``-١٠``; :mod:`pipeline.ingest.ocr` puts
it in logical order), or None: no hyphen on the left, a glyph that is no digit, no digit or
more than three, a leading zero.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from PIL import Image

INK = 128  # a grey level below this is ink
MIN_GLYPH_PX = 6  # ink areas smaller than this (pixels) are specks of the scan
_HYPHEN_FLAT = 1.5  # a hyphen is this many times wider than high …
_HYPHEN_LOW = 0.3  # … and lower than this share of the tallest glyph
_DOT = 0.45  # a zero: narrower and lower than this share of the tallest glyph
MAX_DIGITS = 3
NUMBER_GAP = 1.5  # × a digit's height: the white between a paragraph number and its text (a
# tab; wider than the space between a typewriter's digits, ``١ ٠``, about one digit's height)
NUMBER_WIDTH = 4.0  # × a digit's height: a number and its hyphen are no wider
_GLYPH_GAP = 2  # pixels: columns of ink this close are one glyph
_ZERO = "\u0660"
_DIGITS = frozenset(chr(0x0660 + i) for i in range(10))
# what the script model gives for an Arabic-Indic digit read alone
_FOLD = {**{chr(0x06F0 + i): chr(0x0660 + i) for i in range(10)},  # Persian forms
         "0": "\u0665", "o": "\u0665", "O": "\u0665",  # the ring of five
         "1": "\u0661", "l": "\u0661", "I": "\u0661", "|": "\u0661", "!": "\u0661",
         "\u0627": "\u0661"}  # the stroke of one (an alef)

Box = tuple[int, int, int, int]  # left, top, right, bottom (exclusive), pixels


def glyph_boxes(ink: npt.NDArray[np.bool_]) -> list[Box]:
    """The glyphs of a crop's ink mask, left to right: runs of columns with ink, each with its
    main run of rows (:func:`_main_rows`); specks (fewer than :data:`MIN_GLYPH_PX` pixels of
    box) left out."""
    boxes: list[Box] = []
    for run in _runs(np.flatnonzero(ink.any(axis=0))):
        start, end = int(run[0]), int(run[-1]) + 1
        top, bottom = _main_rows(ink[:, start:end])
        if (end - start) * (bottom - top) >= MIN_GLYPH_PX:
            boxes.append((start, top, end, bottom))
    return boxes


def number_piece(ink: npt.NDArray[np.bool_]) -> tuple[int, int] | None:
    """The columns (left, right exclusive) of the piece of ink at the right end of a line's band
    (its ink mask) that white :data:`NUMBER_GAP` × the height of its right-most glyphs wide sets
    apart from the rest of the line, when it is no wider than :data:`NUMBER_WIDTH` × that
    height: where an Arabic line's paragraph number stands; None otherwise."""
    xs = np.flatnonzero(ink.any(axis=0))
    if len(xs) < 2:
        return None
    # the tallest of the right-most glyphs a number may have (the last may be a zero's dot)
    glyphs = _runs(xs, _GLYPH_GAP)[-(MAX_DIGITS + 1):]
    height = max(bottom - top for top, bottom in (
        _main_rows(ink[:, int(g[0]):int(g[-1]) + 1]) for g in glyphs))
    gaps = np.flatnonzero(np.diff(xs) > NUMBER_GAP * height)
    if not len(gaps):
        return None  # nothing set apart: no number before a tab
    left, right = int(xs[gaps[-1] + 1]), int(xs[-1]) + 1
    if right - left > NUMBER_WIDTH * height:
        return None
    return left, right


def _runs(indices: npt.NDArray[np.intp], gap: int = 1) -> list[npt.NDArray[np.intp]]:
    """Sorted ``indices`` (columns or rows with ink) cut where two lie more than ``gap`` apart;
    none for none."""
    if not len(indices):
        return []
    return np.split(indices, np.flatnonzero(np.diff(indices) > gap) + 1)


def _main_rows(ink: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """The rows (top, bottom exclusive) of the run of rows with the most ink in a glyph's
    columns: a piece of the line above or below that reaches into the crop is left out."""
    counts = ink.sum(axis=1)
    best = max(_runs(np.flatnonzero(counts)), key=lambda run: int(counts[run].sum()))
    return int(best[0]), int(best[-1]) + 1


def _is_hyphen(box: Box, tallest: int) -> bool:
    width, height = box[2] - box[0], box[3] - box[1]
    return width >= _HYPHEN_FLAT * height and height < _HYPHEN_LOW * tallest


def _is_dot(box: Box, tallest: int) -> bool:
    return box[2] - box[0] < _DOT * tallest and box[3] - box[1] < _DOT * tallest


Shape = list["Image.Image | None"]  # a number's glyphs after its hyphen; None: a zero's dot
# framed glyph images, Tesseract's page segmentation → per image: the text read, its confidence
Recognise = Callable[[list[Image.Image], str], list[tuple[str, float]]]


def number_shape(crop: Image.Image) -> Shape | None:
    """The glyphs after the hyphen of the number in ``crop``, left to right (each its ink only;
    None for a zero's dot), or None when the crop's shapes are no number's: no hyphen on the
    left, another hyphen, no glyph or more than :data:`MAX_DIGITS`."""
    grey = np.asarray(crop.convert("L"))
    ink = grey < INK
    boxes = glyph_boxes(ink)
    if not 2 <= len(boxes) <= MAX_DIGITS + 1:
        return None
    tallest = max(b[3] - b[1] for b in boxes)
    if not _is_hyphen(boxes[0], tallest) or any(_is_hyphen(b, tallest) for b in boxes[1:]):
        return None
    shape: Shape = []
    for left, top, right, bottom in boxes[1:]:
        if _is_dot((left, top, right, bottom), tallest):
            shape.append(None)
        else:
            shape.append(Image.fromarray(np.where(ink[top:bottom, left:right],
                                                  grey[top:bottom, left:right],
                                                  255).astype(np.uint8)))
    return shape


def read_numbers(shapes: list[Shape], recognise: Recognise) -> list[tuple[str, float] | None]:
    """The numbers of ``shapes`` in visual order (``-١٠``) with the lowest confidence of their
    glyphs' readings, or None for a shape with a glyph that is no digit or a leading zero. Every
    glyph of every shape is read together (:func:`read_digits`: two or three recognitions in
    all, however many glyphs)."""
    glyphs = [g for shape in shapes for g in shape if g is not None]
    digits = iter(read_digits(glyphs, recognise))
    out: list[tuple[str, float] | None] = []
    for shape in shapes:
        read = [(_ZERO, 100.0) if g is None else next(digits) for g in shape]
        sure = [r for r in read if r is not None]
        if len(sure) < len(read) or sure[0][0] == _ZERO:  # a glyph no digit, a leading zero
            out.append(None)
            continue
        out.append(("-" + "".join(d for d, _ in sure), min(c for _, c in sure)))
    return out


def read_digits(glyphs: list[Image.Image], recognise: Recognise
                ) -> list[tuple[str, float] | None]:
    """Each glyph as an Arabic-Indic digit (with the confidence of its first reading), or None.
    Read alone as one character, and again at twice the size; when the two differ, a third
    reading as a word (its first character) decides, and a digit two of the three readings give
    is taken. A lone reading is not enough: the script model reads the ``٩`` of C.1/19/4
    Add.5-AR as ``۵`` at its size, ``۹`` at twice it and as a word; a ``٣`` at twice its size as
    ``۲``."""
    if not glyphs:
        return []
    first = recognise([_framed(g) for g in glyphs], "10")
    second = recognise([_framed(g.resize((g.width * 2, g.height * 2))) for g in glyphs], "10")
    votes = [[_digit_of(a[0]), _digit_of(b[0])] for a, b in zip(first, second, strict=True)]
    unsure = [i for i, (a, b) in enumerate(votes) if a is None or a != b]
    if unsure:
        third = recognise([_framed(glyphs[i]) for i in unsure], "8")
        for i, (text, _conf) in zip(unsure, third, strict=True):
            votes[i].append(_digit_of(text[:1]))
    out: list[tuple[str, float] | None] = []
    for (_text, conf), vote in zip(first, votes, strict=True):
        agreed = next((d for d in vote if d is not None and vote.count(d) >= 2), None)
        out.append(None if agreed is None else (agreed, conf))
    return out


def _digit_of(text: str) -> str | None:
    """The Arabic-Indic digit ``text`` reads as (folded, :data:`_FOLD`; ``٩٩`` for one glyph
    is one digit), or None."""
    folded = {_FOLD.get(ch, ch) for ch in text.strip()}
    if len(folded) != 1 or not folded <= _DIGITS:
        return None
    return folded.pop()


FRAME_PX = 20  # white around a glyph given to Tesseract


def _framed(glyph: Image.Image) -> Image.Image:
    framed = Image.new("L", (glyph.width + 2 * FRAME_PX, glyph.height + 2 * FRAME_PX), 255)
    framed.paste(glyph, (FRAME_PX, FRAME_PX))
    return framed
