"""Cross-checks: aligned segments of two language versions should carry the same mentions.

In: the digests of two documents and their paragraph, footnote and block alignments. Out: one
:class:`Disagreement` per aligned pair and check whose values differ, in the left version's
reading order (paragraphs, then footnotes, then unnumbered blocks). Holds: the checks compare
language-independent values only: canonical symbols (``symbols``), the symbols of resolution
references (``resolutions``; a reference whose symbol is unknown is left out), date values
(``dates``), and, for paragraphs, the footnotes they call (``footnotes``; blocks pair only when
they call the same footnotes). A disagreement is a likely extraction error in one version, or a
real difference between the texts: it is listed, never corrected.
"""

from __future__ import annotations

from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.models import BlockAlignment, CheckKind, Disagreement, SegmentAlignment

PARAGRAPH_CHECKS: tuple[CheckKind, ...] = ("symbols", "resolutions", "dates", "footnotes")
FOOTNOTE_CHECKS: tuple[CheckKind, ...] = ("symbols", "resolutions", "dates")
BLOCK_CHECKS: tuple[CheckKind, ...] = ("symbols", "resolutions", "dates")


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
    blocks: BlockAlignment | None = None,
) -> list[Disagreement]:
    """Disagreements between the aligned paragraphs, then the aligned footnotes, then the aligned
    unnumbered blocks (when given)."""
    return [
        *_compare(paragraphs.pairs, PARAGRAPH_CHECKS, left, right),
        *_compare(footnotes.pairs, FOOTNOTE_CHECKS, left, right),
        *_compare(blocks.pairs if blocks else [], BLOCK_CHECKS, left, right),
    ]
