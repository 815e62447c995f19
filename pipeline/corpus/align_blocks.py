"""Alignment of the unnumbered blocks of two language versions: preambular paragraphs of a
resolution, unnumbered paragraphs of letters, statements and meeting records.

In: the digests of two documents, and their paragraph and heading alignments. Out: a
:class:`BlockAlignment`. Holds:
- anchors are the aligned headings and paragraphs. An anchor cuts the blocks when, in both
  versions, every block lies certainly before or after it (by the headings of the block's section
  path, then by pages); the cuts split the two block lists into stretches that lie between the
  same two anchors (the front, masthead included, precedes every block: the first stretch opens
  after it). A block is never paired outside its stretch;
- in a stretch, two blocks pair ``by numbers`` when they carry the same numbers and footnote calls
  (not none), which no other block of the stretch carries in either version, in the same order in
  both, and agree on kind and length;
- the blocks left between these pairs pair ``by order`` only when both versions have as many there
  and each pair, taken in order, agrees on kind, numbers, footnote calls and length; otherwise
  they form a gap that names the signals that refused them. Nothing is paired by position alone;
- length is compared to what the two bodies predict: the left length divided by the ratio of the
  two bodies' lengths, within a factor 3/2 or 12 characters (short blocks vary more);
- the output depends on the digests only (deterministic); pairs are in the left version's order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipeline.corpus.align import longest_common_subsequence
from pipeline.corpus.digest import BlockDigest, DocumentDigest, Place
from pipeline.corpus.models import (
    BlockAlignment,
    BlockGap,
    BlockMatch,
    BlockSignal,
    SegmentAlignment,
    SegmentPair,
)

LENGTH_FACTOR = 1.5
LENGTH_SLACK = 12  # characters
SIGNALS: tuple[BlockSignal, ...] = ("kind", "numbers", "footnotes", "length")

# Where an anchor lies in one version: the index of a heading, or a paragraph's place.
Where = int | Place
Fingerprint = tuple[frozenset[str], frozenset[str]]  # (numbers, footnote calls)


@dataclass(frozen=True, slots=True)
class _Anchor:
    pair: SegmentPair
    order: tuple[int, int, int]  # approximate reading order in the left version
    left: Where
    right: Where


@dataclass(frozen=True, slots=True)
class _Cut:
    at: tuple[int, int]  # blocks before the cut, left and right
    anchors: tuple[_Anchor, ...]

    def last(self) -> SegmentPair | None:
        """The latest anchor of the cut (the tightest bound of the stretch after it)."""
        return max(self.anchors, key=lambda a: a.order).pair if self.anchors else None

    def first(self) -> SegmentPair | None:
        return min(self.anchors, key=lambda a: a.order).pair if self.anchors else None


def _relation(where: Where, block: Place) -> int:
    """-1 when the block lies certainly before the anchor, 1 certainly after, 0 unknown."""
    lo, hi = block.sections
    if isinstance(where, int):  # a heading: the block follows it if its section opens there
        return 1 if where <= lo else -1 if where > hi else 0
    if where.sections[1] < lo:
        return 1
    if where.sections[0] > hi:
        return -1
    if where.pages and block.pages:
        if block.pages[1] < where.pages[0]:
            return -1
        if block.pages[0] > where.pages[1]:
            return 1
    return 0


def _blocks_before(where: Where, blocks: Sequence[BlockDigest]) -> int | None:
    """How many blocks lie before the anchor, when each is certainly on one side of it and those
    before come first; else None."""
    count = 0
    for i, block in enumerate(blocks):
        side = _relation(where, block.place)
        if side == 0 or (side < 0 and count != i):
            return None
        count += side < 0
    return count


def _anchors(left: DocumentDigest, right: DocumentDigest, paragraphs: SegmentAlignment,
             headings: SegmentAlignment) -> list[_Anchor]:
    lheading = {hid: k for k, (hid, _, _) in enumerate(left.headings)}
    rheading = {hid: k for k, (hid, _, _) in enumerate(right.headings)}
    lparagraph = {pid: k for k, pid in enumerate(left.paragraphs)}
    anchors = [_Anchor((lid, rid), (lheading[lid], 0, lheading[lid]), lheading[lid],
                       rheading[rid]) for lid, rid in headings.pairs]
    for lid, rid in paragraphs.pairs:
        place = left.paragraph_places[lid]
        anchors.append(_Anchor((lid, rid), (place.sections[0], 1, lparagraph[lid]), place,
                               right.paragraph_places[rid]))
    return anchors


def _cuts(anchors: list[_Anchor], lblocks: Sequence[BlockDigest],
          rblocks: Sequence[BlockDigest]) -> list[_Cut]:
    """The cuts in order, from (0, 0) to (all, all). Two cuts that cross (more blocks before one
    in the left version, fewer in the right) come from anchors that disagree: both are dropped."""
    found: dict[tuple[int, int], list[_Anchor]] = {(0, 0): [],
                                                   (len(lblocks), len(rblocks)): []}
    if lblocks and rblocks:
        for anchor in anchors:
            i = _blocks_before(anchor.left, lblocks)
            j = _blocks_before(anchor.right, rblocks) if i is not None else None
            if i is not None and j is not None:
                found.setdefault((i, j), []).append(anchor)
    points = sorted(found)
    return [_Cut(p, tuple(found[p])) for p in points
            if not any((p[0] - q[0]) * (p[1] - q[1]) < 0 for q in points)]


def _lengths_agree(left: int, right: int, body_ratio: float) -> bool:
    expected = left / body_ratio  # the right length that the left one predicts
    low, high = sorted((expected, float(right)))
    return high - low <= LENGTH_SLACK or high <= LENGTH_FACTOR * low


def _refusals(left: BlockDigest, right: BlockDigest, body_ratio: float) -> set[BlockSignal]:
    found: set[BlockSignal] = set()
    if left.kind != right.kind:
        found.add("kind")
    if left.numbers != right.numbers:
        found.add("numbers")
    if left.footnotes != right.footnotes:
        found.add("footnotes")
    if not _lengths_agree(left.length, right.length, body_ratio):
        found.add("length")
    return found


def _fingerprint(block: BlockDigest) -> Fingerprint | None:
    return (block.numbers, block.footnotes) if block.numbers or block.footnotes else None


def _unique(blocks: Sequence[BlockDigest]) -> dict[Fingerprint, int]:
    """Fingerprint → index, for the fingerprints that only one block of ``blocks`` has."""
    prints = [_fingerprint(b) for b in blocks]
    seen = Counter(prints)
    return {fp: i for i, fp in enumerate(prints) if fp is not None and seen[fp] == 1}


def _by_numbers(lefts: Sequence[BlockDigest], rights: Sequence[BlockDigest],
                body_ratio: float) -> list[tuple[int, int]]:
    lunique, runique = _unique(lefts), _unique(rights)
    lkeys = [fp for fp in lunique if fp in runique]  # dicts keep the blocks' order
    rkeys = [fp for fp in runique if fp in lunique]
    found = []
    for a, b in longest_common_subsequence(lkeys, rkeys):
        i, j = lunique[lkeys[a]], runique[rkeys[b]]
        if not _refusals(lefts[i], rights[j], body_ratio):
            found.append((i, j))
    return found


@dataclass
class _Result:
    matches: list[tuple[BlockDigest, BlockDigest, bool]]  # (left, right, by order)
    gaps: list[BlockGap]


def _stretch(lefts: Sequence[BlockDigest], rights: Sequence[BlockDigest], after: SegmentPair | None,
             before: SegmentPair | None, body_ratio: float, result: _Result) -> None:
    """Pair the blocks of one stretch (between the anchor pairs ``after`` and ``before``)."""
    anchored = _by_numbers(lefts, rights, body_ratio)
    bounds = [(-1, -1), *anchored, (len(lefts), len(rights))]
    for (li, ri), (lj, rj) in pairwise(bounds):
        if lj < len(lefts):
            result.matches.append((lefts[lj], rights[rj], False))
        ls, rs = lefts[li + 1:lj], rights[ri + 1:rj]
        if not ls or not rs:
            continue  # blocks of one version only: nothing to confront
        refused: set[BlockSignal] = set()
        if len(ls) != len(rs):
            refused.add("count")
        else:
            for lb, rb in zip(ls, rs, strict=True):
                refused |= _refusals(lb, rb, body_ratio)
        if not refused:
            result.matches.extend((lb, rb, True) for lb, rb in zip(ls, rs, strict=True))
            continue
        result.gaps.append(BlockGap(
            after=(lefts[li].id, rights[ri].id) if li >= 0 else after,
            before=(lefts[lj].id, rights[rj].id) if lj < len(lefts) else before,
            left=[b.id for b in ls],
            right=[b.id for b in rs],
            refused=[s for s in ("count", *SIGNALS) if s in refused],
        ))


def _match(left: BlockDigest, right: BlockDigest, by_order: bool, body_ratio: float
           ) -> BlockMatch:
    return BlockMatch(
        left=left.id, right=right.id, by="order" if by_order else "numbers", kind=left.kind,
        numbers=sorted(left.numbers & right.numbers, key=lambda n: (len(n), n)),
        footnotes=sorted(left.footnotes & right.footnotes, key=lambda f: (len(f), f)),
        length_ratio=round(left.length / max(right.length, 1) / body_ratio, 2),
    )


def align_blocks(left: DocumentDigest, right: DocumentDigest, paragraphs: SegmentAlignment,
                 headings: SegmentAlignment) -> BlockAlignment:
    """The unnumbered blocks of ``left`` and ``right`` aligned between the aligned paragraphs and
    headings (see the module's docstring)."""
    lblocks, rblocks = left.blocks, right.blocks
    body_ratio = (left.body_length / right.body_length
                  if left.body_length and right.body_length else 1.0)
    result = _Result(matches=[], gaps=[])
    for start, end in pairwise(_cuts(_anchors(left, right, paragraphs, headings),
                                     lblocks, rblocks)):
        (i0, j0), (i1, j1) = start.at, end.at
        _stretch(lblocks[i0:i1], rblocks[j0:j1], start.last(), end.first(), body_ratio, result)
    rank = {b.id: k for k, b in enumerate(lblocks)}
    matches = sorted(result.matches, key=lambda m: rank[m[0].id])
    paired_left = {lb.id for lb, _, _ in matches}
    paired_right = {rb.id for _, rb, _ in matches}
    return BlockAlignment(
        pairs=[(lb.id, rb.id) for lb, rb, _ in matches],
        by_order=[(lb.id, rb.id) for lb, rb, by_order in matches if by_order],
        evidence=[_match(lb, rb, by_order, body_ratio) for lb, rb, by_order in matches],
        only_left=[b.id for b in lblocks if b.id not in paired_left],
        only_right=[b.id for b in rblocks if b.id not in paired_right],
        gaps=result.gaps,
    )
