"""The fast character source (pypdfium2) and the reference one (pdfplumber, ``chars="pdfplumber"``)
give the same segmented document on every dev PDF: paragraph ids, numbers, texts and pages,
headings, footnotes, front matter and other blocks, furniture.

The pdfplumber source makes its characters look like pdfium's where the two libraries legitimately
differ (see :mod:`pipeline.ingest.pdf_plumber`: soft hyphen, fake-bold copies, font sizes on
skewed OCR matrices, loose boxes from the fonts' ascent/descent widened to the glyphs' ink boxes
read from the embedded font programs, presentation forms, the text page's order of right-to-left
lines, text objects without ink skipped). No normalization is applied here: the outputs are
compared as they are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.pdf import CharSource, read_pdf
from pipeline.language import detect_language
from pipeline.models import SegmentedDocument
from pipeline.segment import segment

CORPUS = Path(__file__).parent / "data" / "corpus"
ALL_PDFS = sorted(p.name for p in CORPUS.glob("*.pdf"))


@cache
def segmented(name: str, chars: CharSource) -> SegmentedDocument:
    path = CORPUS / name
    doc = ingest(path)
    if chars != "pdfium":
        reading = read_pdf(path.read_bytes(), chars=chars)
        doc = doc.model_copy(update={"blocks": reading.blocks, "furniture": reading.furniture,
                                     "issues": reading.issues})
    return segment(doc, detect_language(doc))


def structure(doc: SegmentedDocument) -> dict[str, Any]:
    return {
        "paragraphs": [(p.id, p.number, p.section_path, p.text, p.pages, p.footnote_refs)
                       for p in doc.paragraphs],
        "headings": [(h.id, h.level, h.label, h.title) for h in doc.headings],
        "footnotes": [(f.id, f.marker, f.text, f.page, f.cited_in) for f in doc.footnotes],
        "front": [(b.id, b.kind, b.text) for b in doc.front],
        "blocks": [(b.id, b.kind, b.text, b.pages) for b in doc.blocks],
        "furniture": [(f.page, f.text) for f in doc.furniture],
        "toc": [(t.label, t.title, t.page) for t in doc.toc],
        "document": doc.document.model_dump(),
    }


@pytest.mark.parametrize("name", ALL_PDFS)
def test_pdfium_and_pdfplumber_sources_segment_alike(name: str) -> None:
    fast = structure(segmented(name, "pdfium"))
    reference = structure(segmented(name, "pdfplumber"))
    assert fast["paragraphs"] or fast["blocks"], "the document has a body"
    for key in fast:
        assert fast[key] == reference[key], key


def test_the_comparison_sees_a_difference() -> None:
    """The comparison is not vacuous: a one-letter change in one paragraph shows."""
    doc = segmented("S_2012_197-EN.pdf", "pdfium")
    changed = doc.model_copy(deep=True)
    changed.paragraphs[3].text = changed.paragraphs[3].text.replace("e", "é", 1)
    assert structure(changed) != structure(doc)
