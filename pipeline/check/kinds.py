"""Parliamentary document or publication: the two kinds the checks' totals keep apart."""

from __future__ import annotations

from pipeline.models import DocumentOutput


def is_parliamentary(doc: DocumentOutput) -> bool:
    """A document with a UN masthead (a distribution, or `United Nations` and a symbol printed
    in its front matter), as opposed to a publication (cover, title page, copyright page)."""
    kinds = {b.kind for b in doc.front}
    return doc.document.distribution is not None or ("un" in kinds and "symbol" in kinds)
