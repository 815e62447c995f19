"""Columns of numbered entries whose labels hang in the gutters (endnotes set in three columns).

Endnotes are often set in small type in two or three columns, each entry's number hanging to
the left of its text. The gutter then holds the next column's numbers: the white space between
two columns' text is no wider than the space between a column's last word and the next
column's label, and the XY-cut finds no gutter (sometimes a label even joins the segment of the
line beside it: ``(Oxford, 5.``). Here the columns are found by their labels: bare numbers
(``4.``) standing at two or more x positions, a column's width apart, several at each. Every
segment is cut at those positions (its glyphs left and right of them), and each column is a
part of its own.

In: the segments of one page region. Out: the columns left to right, or the region as one part
when it has no such labels (or a segment cannot be cut where the glyphs are).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from pipeline.ingest.pdf_lines import Segment, split_segment

_LABEL = re.compile(r"^\d{1,3}\.$")
MIN_LABELS = 2  # bare labels at one x make a column's left edge …
_SAME_X = 3.0  # pt: … when they start within this of each other
_MIN_WIDTH = 12.0  # × the labels' size: columns are at least this far apart
_MIN_LINES = 3  # segments of each column
_TEXT_AFTER = 4.0  # × size: a column's text starts within this of its labels' left edge


def label_columns(segs: list[Segment], rtl: bool) -> list[list[Segment]]:
    """The columns of ``segs`` (see the module docstring), left to right."""
    if rtl:
        return [segs]
    labels = sorted((s for s in segs if _LABEL.match(s.text.strip())), key=lambda s: s.x0)
    if len(labels) < 2 * MIN_LABELS:
        return [segs]
    clusters: list[list[Segment]] = []
    for s in labels:
        if clusters and s.x0 - clusters[-1][-1].x0 <= _SAME_X:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    edges = [min(s.x0 for s in c) for c in clusters if len(c) >= MIN_LABELS]
    size = sorted(s.size for s in labels)[len(labels) // 2]
    if len(edges) < 2 or any(b - a < _MIN_WIDTH * size for a, b in pairwise(edges)):
        return [segs]
    bounds = [x - 0.5 for x in edges[1:]]
    pieces: list[Segment] = []
    for seg in segs:
        for bound in bounds:
            if not seg.x0 < bound < seg.x1:
                continue
            k = next((i for i, g in enumerate(seg.units) if g.x0 >= bound), len(seg.units))
            cut = split_segment(seg, k)
            if cut is None:
                return [segs]
            pieces.append(cut[0])
            seg = cut[1]
        pieces.append(seg)
    columns: list[list[Segment]] = [[] for _ in range(len(bounds) + 1)]
    for piece in pieces:
        columns[bisect_right(bounds, piece.x0)].append(piece)
    if any(len(col) < _MIN_LINES for col in columns):
        return [segs]
    # each column's text starts just right of its labels: where a column's lines start left of
    # its labels (numbers indented, lines flush left: two columns of numbered paragraphs), the
    # labels do not mark the columns' edges
    for edge, col in zip(edges, columns, strict=True):
        if any(s.x0 > edge + _TEXT_AFTER * size for s in col):
            return [segs]
    return columns
