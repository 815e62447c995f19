"""Brackets of right-to-left lines that a text layer gives mirrored.

Some Arabic PDFs map a bracket glyph to the character it shows, others to the logical character
it stands for; pdfium mirrors brackets in right-to-left runs either way, so one of the two kinds
reads with every bracket turned outwards (`)الفقرة 18(`, `»تسترشد«`). Word's PDFs are put right
by their fonts (:mod:`pdf_text_maps`); for the others the evidence is the document's own text:
when its right-to-left lines hold more brackets turned outwards around Arabic words than the
right way round (and at least three), every bracket of those lines is mirrored back.

In: the lines of every page. Out: the same lines, their right-to-left segments' text repaired
in place, and the ``pdf-mirrored-brackets`` issue that says so (or none). Holds: left-to-right
lines and segments are never touched, nor is any line of a document without that evidence.
"""

from __future__ import annotations

from pipeline.ingest.pdf_lines import Line
from pipeline.models import Issue
from pipeline.text.arabic_order import MIRRORED, order_signs


def unmirror_brackets(lines: list[list[Line]]) -> list[Issue]:
    """Mirror the brackets of right-to-left lines back when the document says they are turned
    outwards (see the module docstring)."""
    rtl = [ln for page in lines for ln in page if ln.rtl]
    if not rtl:
        return []
    signs = order_signs("\n".join(ln.text for ln in rtl))
    if not signs.brackets_inverted():
        return []
    for ln in rtl:
        for seg in ln.segments:
            if seg.rtl:  # not a left-to-right column's line on the same baseline
                seg.text = seg.text.translate(MIRRORED)
    return [Issue(code="pdf-mirrored-brackets", severity="info",
                  message=f"brackets of right-to-left lines read mirrored "
                  f"({signs.inverted_brackets} turned outwards, {signs.normal_brackets} the right "
                  "way round); mirrored back")]
