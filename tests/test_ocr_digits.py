"""Arabic-Indic paragraph numbers read glyph by glyph (pipeline.ingest.ocr_digits), on drawn
bands and crops: the shapes of a typescript's ``١٠-`` (a hyphen, a stroke, a dot, set wide)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from PIL import Image

from pipeline.ingest.ocr_digits import (
    Recognise,
    glyph_boxes,
    number_piece,
    number_shape,
    read_digits,
    read_numbers,
)

HYPHEN = (2, 18, 16, 22)  # left, top, right, bottom (exclusive) in a 40-pixel band
STROKE = (22, 5, 28, 36)  # ١: tall and thin
DOT = (52, 28, 60, 36)  # ٠: a dot at the foot, a digit's height from the stroke (wide-set)


def _mask(width: int, *boxes: tuple[int, int, int, int], height: int = 40
          ) -> npt.NDArray[np.bool_]:
    ink = np.zeros((height, width), dtype=bool)
    for left, top, right, bottom in boxes:
        ink[top:bottom, left:right] = True
    return ink


def _picture(ink: npt.NDArray[np.bool_]) -> Image.Image:
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))


def _shift(box: tuple[int, int, int, int], dx: int) -> tuple[int, int, int, int]:
    return box[0] + dx, box[1], box[2] + dx, box[3]


def test_the_number_before_a_tab_is_the_piece_at_the_lines_right_end() -> None:
    words = [(x, 8, x + 40, 34) for x in range(0, 240, 50)]  # words 10 pixels apart
    number = [_shift(b, 320) for b in (HYPHEN, STROKE, DOT)]  # 80 pixels of white before it
    assert number_piece(_mask(400, *words, *number)) == (322, 380)
    # the same line without the tab: the last word's letters, no number set apart
    close = [_shift(b, 250) for b in (HYPHEN, STROKE, DOT)]
    assert number_piece(_mask(400, *words, *close)) is None
    # a piece set apart but wider than a number and its hyphen (a word after a tab)
    assert number_piece(_mask(600, *words, (320, 8, 500, 34))) is None


def test_a_glyph_keeps_its_own_rows_not_a_piece_of_the_next_line() -> None:
    ink = _mask(70, HYPHEN, STROKE, DOT, (23, 38, 27, 40), height=40)  # a stroke's tip below
    ink[37, :] = False  # white between the digit and what reaches in from the next line
    assert glyph_boxes(ink) == [HYPHEN, STROKE, DOT]
    assert glyph_boxes(_mask(70, HYPHEN, (40, 10, 42, 12))) == [HYPHEN]  # a speck goes


def _each(read: Callable[[Image.Image, str], str]) -> Recognise:
    """A recogniser of a batch of glyph images from one that reads one (confidence 90)."""
    def recognise(images: list[Image.Image], psm: str) -> list[tuple[str, float]]:
        return [(read(image, psm), 90.0) for image in images]

    return recognise


def test_a_number_is_read_glyph_by_glyph() -> None:
    calls: list[tuple[int, str]] = []

    def stroke_is_one(images: list[Image.Image], psm: str) -> list[tuple[str, float]]:
        calls.append((len(images), psm))
        return [("1", 90.0)] * len(images)  # the script model's European one for ١'s stroke

    shape = number_shape(_picture(_mask(70, HYPHEN, STROKE, DOT)))
    assert shape is not None and [g is None for g in shape] == [False, True]  # ١, then ٠'s dot
    assert read_numbers([shape, shape], stroke_is_one) == [("-١٠", 90.0)] * 2  # -١٠
    # the two strokes read together, at their size and at twice it: they agree, no third
    assert calls == [(2, "10"), (2, "10")]
    letter = _each(lambda image, psm: "ب")  # ب
    assert read_numbers([shape], letter) == [None]  # a glyph that is no digit: no number


def test_what_has_no_numbers_shape_is_not_read() -> None:
    assert number_shape(_picture(_mask(70, STROKE, DOT))) is None  # no hyphen
    assert number_shape(_picture(_mask(70, STROKE, _shift(HYPHEN, 40)))) is None  # on the right
    assert number_shape(_picture(_mask(70, HYPHEN))) is None  # a hyphen alone
    leading_zero = number_shape(_picture(_mask(70, HYPHEN, (20, 28, 28, 36),
                                               _shift(STROKE, 18))))  # -٠١
    assert leading_zero is not None
    assert read_numbers([leading_zero], _each(lambda image, psm: "1")) == [None]
    # a zero the script model reads (not told by its dot) leads no number either
    stroke_first = number_shape(_picture(_mask(70, HYPHEN, STROKE, _shift(STROKE, 30))))
    assert stroke_first is not None and None not in stroke_first
    assert read_numbers([stroke_first], _each(lambda image, psm: "\u06f0")) == [None]  # ۰۰
    assert read_numbers([stroke_first], _each(lambda image, psm: "\u06f2")) == [
        ("-\u0662\u0662", 90.0)]  # ٢٢


def test_a_digit_needs_two_readings_that_agree() -> None:
    glyph = _picture(_mask(30, (4, 4, 26, 36)))

    def nine(image: Image.Image, psm: str) -> str:
        # C.1/19/4 Add.5-AR's ٩ of paragraph 9: ``۵`` at its size, ``۹`` at twice it and as a
        # word (``۹4``, its first character counts)
        if psm == "8":
            return "\u06f94"
        return "\u06f9" if image.height > 80 else "\u06f5"

    assert read_digits([glyph], _each(nine)) == [("\u0669", 90.0)]  # ٩

    def unsure(image: Image.Image, psm: str) -> str:
        return {"8": "\u06f3"}.get(psm, "\u06f9" if image.height > 80 else "\u06f5")

    assert read_digits([glyph], _each(unsure)) == [None]  # three readings, three digits
