"""Is this a United Nations document at all? A file of another kind (an article, a README, a
letter) goes through the same reading, and its output must say that the reading assumed a UN
document.

In: the document's identity as the segmenter settled it, and the masthead fields it read.
Out: a ``not-un-document`` issue, or None. Holds: the issue is raised when the document has no
symbol (from its file name, sidecar, masthead or running header) and either no UN masthead
(neither an issuing organ nor a distribution line) or a language that is not one of the six
official languages; a document with a symbol is never flagged.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.languages import LANGUAGES
from pipeline.models import DocumentInfo, Issue

MASTHEAD_SIGNS = ("body", "distribution")


def not_un_document(info: DocumentInfo, masthead: Mapping[str, object]) -> Issue | None:
    """The ``not-un-document`` issue of a document that shows no sign of being a UN document."""
    if info.symbol or info.symbols:
        return None
    has_masthead = any(masthead.get(sign) for sign in MASTHEAD_SIGNS)
    official = info.language in LANGUAGES
    if has_masthead and official:
        return None
    missing = ["no document symbol (file name, sidecar, masthead or running header)"]
    if not has_masthead:
        missing.append("no UN masthead (issuing organ, distribution)")
    if not official:
        missing.append(f"language {info.language or 'unknown'} is not one of "
                       f"{' '.join(LANGUAGES)}")
    return Issue(code="not-un-document", segment=None,
                 message="; ".join(missing) + ": this does not look like a United Nations "
                 "document, and its structure was read as if it were one")
