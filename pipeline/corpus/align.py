"""Alignment of two language versions of one document, segment kind by segment kind.

In: the digests of two documents (left, right). Out: a :class:`SegmentAlignment` for
paragraphs, footnotes and headings. Holds:
- paragraphs pair by part and number: the same id (``p14`` ↔ ``p14``, ``annex1.p3`` ↔
  ``annex1.p3``, never a part's paragraph with the main body's; a repeated number ``p14-2``
  pairs with the other version's second ``14``); footnotes pair by part and marker the same way
  (``fn6`` ↔ ``fn6``, ``annex1.fn2`` ↔ ``annex1.fn2``); never by position;
- headings pair by (level, label) along the longest common subsequence of the two heading lists;
  then, between two aligned neighbours, headings left over on both sides pair by order only when
  both sides have as many, with the same levels (listed in ``by_order``);
- whatever stays unpaired is listed (``only_left``/``only_right``); unpaired segments of both
  versions between the same two aligned neighbours are reported as a gap, where the versions
  disagree (a paragraph numbered differently, a footnote missing in one).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.models import AlignmentGap, SegmentAlignment

IndexPair = tuple[int, int]


def _pair_equal_keys(left: Sequence[Hashable], right: Sequence[Hashable]) -> list[IndexPair]:
    """Each key of ``left`` with the same key in ``right`` (keys are unique ids)."""
    where = {key: j for j, key in enumerate(right)}
    return [(i, where[key]) for i, key in enumerate(left) if key in where]


def longest_common_subsequence(
    left: Sequence[Hashable], right: Sequence[Hashable]
) -> list[IndexPair]:
    """Index pairs of a longest common subsequence (ties: the earliest pairs on the left)."""
    n, m = len(left), len(right)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if left[i] == right[j] else max(below[j], row[j + 1])
    pairs: list[IndexPair] = []
    i = j = 0
    while i < n and j < m:
        if left[i] == right[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _runs(pairs: list[IndexPair], n: int, m: int) -> list[tuple[int, int, list[int], list[int]]]:
    """For each stretch between consecutive pairs (in left order, and ordered on the right too):
    (index of the pair before or -1, index of the pair after or -1, unpaired left indexes,
    unpaired right indexes)."""
    ordered = sorted(pairs)
    paired_left = {i for i, _ in ordered}
    paired_right = {j for _, j in ordered}
    out: list[tuple[int, int, list[int], list[int]]] = []
    for k in range(len(ordered) + 1):
        li, ri = ordered[k - 1] if k else (-1, -1)
        lj, rj = ordered[k] if k < len(ordered) else (n, m)
        lefts = [i for i in range(li + 1, lj) if i not in paired_left]
        rights = [j for j in range(ri + 1, rj) if j not in paired_right] if ri < rj else []
        out.append((k - 1, k if k < len(ordered) else -1, lefts, rights))
    return out


def _alignment(
    left_ids: list[str], right_ids: list[str], pairs: list[IndexPair],
    by_order: list[IndexPair] | None = None,
) -> SegmentAlignment:
    pairs = sorted(pairs)
    ordered = [(left_ids[i], right_ids[j]) for i, j in pairs]
    gaps = [
        AlignmentGap(
            after=ordered[before] if before >= 0 else None,
            before=ordered[after] if after >= 0 else None,
            left=[left_ids[i] for i in lefts],
            right=[right_ids[j] for j in rights],
        )
        for before, after, lefts, rights in _runs(pairs, len(left_ids), len(right_ids))
        if lefts and rights
    ]
    paired_left = {i for i, _ in pairs}
    paired_right = {j for _, j in pairs}
    return SegmentAlignment(
        pairs=ordered,
        by_order=[(left_ids[i], right_ids[j]) for i, j in sorted(by_order or [])],
        only_left=[x for i, x in enumerate(left_ids) if i not in paired_left],
        only_right=[x for j, x in enumerate(right_ids) if j not in paired_right],
        gaps=gaps,
    )


def align_paragraphs(left: DocumentDigest, right: DocumentDigest) -> SegmentAlignment:
    lids, rids = list(left.paragraphs), list(right.paragraphs)
    return _alignment(lids, rids, _pair_equal_keys(lids, rids))


def align_footnotes(left: DocumentDigest, right: DocumentDigest) -> SegmentAlignment:
    # the id is fn<marker as digits>, with -<k> for the k-th footnote of a repeated marker
    lids, rids = list(left.footnotes), list(right.footnotes)
    return _alignment(lids, rids, _pair_equal_keys(lids, rids))


def align_headings(left: DocumentDigest, right: DocumentDigest) -> SegmentAlignment:
    lkeys = [(level, label) for _, level, label in left.headings]
    rkeys = [(level, label) for _, level, label in right.headings]
    pairs = longest_common_subsequence(lkeys, rkeys)
    by_order: list[IndexPair] = []
    for _, _, lefts, rights in _runs(pairs, len(lkeys), len(rkeys)):
        levels_agree = [lkeys[i][0] for i in lefts] == [rkeys[j][0] for j in rights]
        if lefts and len(lefts) == len(rights) and levels_agree:
            by_order.extend(zip(lefts, rights, strict=True))
    lids = [hid for hid, _, _ in left.headings]
    rids = [hid for hid, _, _ in right.headings]
    return _alignment(lids, rids, pairs + by_order, by_order)
