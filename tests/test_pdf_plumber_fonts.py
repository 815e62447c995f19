"""The glyph boxes the pdfplumber reference source reads from embedded TrueType programs
(:mod:`pipeline.ingest.pdf_plumber_fonts`) are pdfium's own: each char's box is compared with
``FPDFText_GetCharBox`` (pdfium's ``char_box``), char by char, on dev PDFs with simple TrueType
fonts (Arabic, symbolic, no encoding) and with Type0/CIDFontType2 fonts (Identity CIDToGIDMap).
"""

from __future__ import annotations

import ctypes
import io
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.ingest import pdf_plumber

CORPUS = Path(__file__).parent / "data" / "corpus"
TOLERANCE = 0.05  # points: pdfium computes in single precision


@cache
def plumber_chars(name: str) -> list[list[dict[str, Any]]]:
    """Per page: pdfplumber's chars of a dev PDF, with the boxes read from its fonts."""
    data = (CORPUS / name).read_bytes()
    with (pdf_plumber._text_objects_numbered(), pdf_plumber._glyph_boxes_measured(),
          pdfplumber.open(io.BytesIO(data)) as pdf):
        return [list(page.chars) for page in pdf.pages]


def pdfium_boxes(data: bytes) -> list[dict[tuple[float, float], list[tuple[float, ...]]]]:
    """Per page: the origin (x, y) of pdfium's chars → their boxes (x0, y0, x1, y1). Keyed by
    origin alone: pdfium's text is in logical order with presentation forms decomposed."""
    pages = []
    pdf = pdfium.PdfDocument(data)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    for page in pdf:
        textpage = page.get_textpage()
        boxes: dict[tuple[float, float], list[tuple[float, ...]]] = defaultdict(list)
        for k in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, k):
                continue
            pdfium_c.FPDFText_GetCharBox(textpage.raw, k, left, right, bottom, top)
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, k, x, y)
            boxes[(round(x.value, 1), round(y.value, 1))].append(
                (left.value, bottom.value, right.value, top.value))
        pages.append(boxes)
        textpage.close()
    pdf.close()
    return pages


@pytest.mark.parametrize("name", ["E_ESCWA_30_8-AR.pdf", "A_80_500-EN.pdf"])
def test_glyph_boxes_are_pdfiums(name: str) -> None:
    compared = visible = 0
    boxes_by_page = pdfium_boxes((CORPUS / name).read_bytes())
    for chars, boxes in zip(plumber_chars(name), boxes_by_page, strict=True):
        for c in chars:
            box = c.get("char_box")
            assert box is not None, (c["fontname"], c["text"])  # every font is embedded
            if not c["text"].strip():
                continue  # spaces: pdfium's text page drops or regenerates many
            visible += 1
            key = (round(float(c["matrix"][4]), 1), round(float(c["matrix"][5]), 1))
            if key not in boxes:
                continue  # a copy drawn over itself, which pdfium's text page leaves out
            assert min(max(abs(a - b) for a, b in zip(box, theirs, strict=True))
                       for theirs in boxes[key]) < TOLERANCE, (c["text"], box, boxes[key])
            compared += 1
    assert compared > 0.95 * visible


def test_a_zero_advance_haraka_is_boxed_by_its_ink() -> None:
    """A damma drawn with no advance (Arabic ESCWA report): pdfminer's box is a point, the box
    read from the font covers the mark's ink."""
    dammas = [c for page in plumber_chars("E_ESCWA_30_8-AR.pdf") for c in page
              if c["text"] == "\u064f" and float(c["adv"]) == 0]
    assert dammas
    for c in dammas:
        x0, y0, x1, y1 = c["char_box"]
        assert float(c["x1"]) - float(c["x0"]) == 0
        assert x1 - x0 > 1.0 and y1 - y0 > 1.0  # a mark's ink: a few points across
        assert y0 > float(c["matrix"][5])  # above the baseline


def test_fonts_without_a_program_keep_pdfminer_boxes() -> None:
    """The Security Council letter uses non-embedded Times New Roman: no char gets a box."""
    first = plumber_chars("S_2012_197-EN.pdf")[0]
    assert first and all(c.get("char_box") is None for c in first if "Times" in c["fontname"])
