"""Cross-checks: aligned segments of two language versions should carry the same mentions.

In: the digests of two documents and their paragraph and footnote alignments. Out: one
:class:`Disagreement` per aligned pair and check whose values differ, in the left version's
reading order (paragraphs, then footnotes). Holds: the checks compare language-independent
values only: canonical symbols (``symbols``), the symbols of resolution references
(``resolutions``; a reference whose symbol is unknown is left out), date values (``dates``), and,
for paragraphs, the footnotes they call (``footnotes``). A disagreement is a likely extraction
error in one version, or a real difference between the texts: it is listed, never corrected.
"""

from __future__ import annotations

from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.models import CheckKind, Disagreement, SegmentAlignment

PARAGRAPH_CHECKS: tuple[CheckKind, ...] = ("symbols", "resolutions", "dates", "footnotes")
FOOTNOTE_CHECKS: tuple[CheckKind, ...] = ("symbols", "resolutions", "dates")


def _compare(
    pairs: list[tuple[str, str]],
    checks: tuple[CheckKind, ...],
    left: DocumentDigest,
    right: DocumentDigest,
) -> list[Disagreement]:
    found: list[Disagreement] = []
    empty: frozenset[str] = frozenset()
    for lid, rid in pairs:
        for kind in checks:
            lset = left.values[kind].get(lid, empty)
            rset = right.values[kind].get(rid, empty)
            if lset != rset:
                found.append(Disagreement(left=lid, right=rid, check=kind,
                                          only_left=sorted(lset - rset),
                                          only_right=sorted(rset - lset)))
    return found


def cross_check(
    left: DocumentDigest,
    right: DocumentDigest,
    paragraphs: SegmentAlignment,
    footnotes: SegmentAlignment,
) -> list[Disagreement]:
    """Disagreements between the aligned paragraphs, then between the aligned footnotes."""
    return [
        *_compare(paragraphs.pairs, PARAGRAPH_CHECKS, left, right),
        *_compare(footnotes.pairs, FOOTNOTE_CHECKS, left, right),
    ]
