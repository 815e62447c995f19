"""Parliamentary document or publication: the two kinds the checks' totals keep apart."""

from __future__ import annotations

import re

from pipeline.models import DocumentOutput

# `Distr.` opens a line of a UN masthead only; a scan's text layer may garble the value after it
# (`Distr. 3’ > 8 ao`), the label alone still says whose masthead it is
_DISTR_LINE = re.compile(r"^\s*Distr\b")


def is_parliamentary(doc: DocumentOutput) -> bool:
    """A document with a UN masthead (a distribution, or `United Nations` and a symbol printed
    in its front matter, or a `Distr.` line whose value is unreadable), as opposed to a
    publication (cover, title page, copyright page)."""
    kinds = {b.kind for b in doc.front}
    return (doc.document.distribution is not None or ("un" in kinds and "symbol" in kinds)
            or any(_DISTR_LINE.match(b.text) for b in doc.front))
