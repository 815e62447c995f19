"""Two columns under a line that spans them: where the XY-cut finds no clean gutter.

A page printed in two columns often has lines that cross the gutter: a running title, a
heading or a table across the page, a one-column title over two-column text. The XY-cut then
finds neither a white column (something crosses it) nor a white band (the columns' lines are
offset, so every band holds a line of one column or the other) and would read the page line by
line across both columns. Here the gutter is found where few segments cross it, the crossing
segments cut the page into bands, and each band is cut again (its columns now clean).

In: the segments of one page region and the type size. Out: the parts in reading order (bands
top-down, each band's parts and then the crossing segments below it), or one part when the
region has no such gutter.
"""

from __future__ import annotations

from pipeline.ingest.pdf_lines import Segment

_MIN_SIDE = 6  # segments on each side of a gutter
_MAX_CROSSING = 0.15  # share of the region's segments that may cross its gutter
_GUTTER = 1.0  # × size: narrowest gutter
_SHARE = 0.7  # of a side's segments: flush with its left edge, and wide
_MIN_WIDTH = 10.0  # × size: a column's line is at least this wide


def _column(side: list[Segment], size: float) -> bool:
    """A column: enough segments, most of them starting at its left edge (within an em: a
    first-line indent aside) and most of them wide (whole lines, not words spread by a wide
    gap of a one-column page)."""
    if len(side) < _MIN_SIDE:
        return False
    edge = min(s.x0 for s in side)
    flush = sum(1 for s in side if s.x0 - edge <= 2.5 * size)
    wide = sum(1 for s in side if s.x1 - s.x0 >= _MIN_WIDTH * size)
    return flush >= _SHARE * len(side) and wide >= _SHARE * len(side)


def spanned_columns(segs: list[Segment], size: float) -> list[list[Segment]]:
    """Bands of a two-column region cut at the segments crossing its gutter (see above)."""
    x0 = min(s.x0 for s in segs)
    x1 = max(s.x1 for s in segs)
    width = x1 - x0
    if width <= 0:
        return [segs]
    best: tuple[int, float, float] | None = None  # (crossing count, gutter left, right)
    # candidate gutters: the gaps between the right edges and left edges of segments that lie
    # in the middle half of the region
    lefts = sorted({round(s.x0, 1) for s in segs if x0 + 0.25 * width < s.x0 < x0 + 0.75 * width})
    for left in lefts:
        # the gutter's left side: the widest right edge of segments ending before `left`
        before = [s.x1 for s in segs if s.x1 <= left]
        if not before:
            continue
        g0 = max(e for e in before if e <= left)
        if left - g0 < _GUTTER * size:
            continue
        count = sum(1 for s in segs if s.x0 < g0 and s.x1 > left)
        if best is None or count < best[0]:
            best = (count, g0, left)
    if best is None:
        return [segs]
    crossing_n, g0, g1 = best
    crossing = [s for s in segs if s.x0 < g0 and s.x1 > g1]
    left_side = [s for s in segs if s.x1 <= g0]
    right_side = [s for s in segs if s.x0 >= g1]
    if (not crossing or crossing_n > _MAX_CROSSING * len(segs)
            or not _column(left_side, size) or not _column(right_side, size)):
        return [segs]
    crossing.sort(key=lambda s: s.top)
    parts: list[list[Segment]] = []
    rest = [s for s in segs if not (s.x0 < g0 and s.x1 > g1)]
    upper = -1e9
    for span in [*crossing, None]:
        lower = span.top if span is not None else 1e9
        band = [s for s in rest if upper <= (s.top + s.bottom) / 2 < lower]
        if band:
            parts.append(band)
        if span is not None:
            # crossing segments of one printed line go together
            if parts and parts[-1] and all(p in crossing for p in parts[-1]) \
                    and abs(parts[-1][0].top - span.top) < 0.5 * size:
                parts[-1].append(span)
            else:
                parts.append([span])
            upper = span.top
    return parts if len(parts) > 1 else [segs]
