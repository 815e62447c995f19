"""Charts found by their value axis, where their drawing gives no shapes to cluster.

A chart exported with its bars as one compound path (E/ESCWA/SDPD/2017/Technical Paper.9,
figure 5), or drawn as an image under a text layer, shows the chart finder of
:mod:`pipeline.ingest.pdf_tables` nothing; its text then stood as blocks of the running text
(``20.0``, ``18.0`` … ``0.0``, ``Yemen Saudi Arabia Kuwait``). Its value axis still gives it
away: at least :data:`MIN_TICKS` numbers stacked in one column, each printed alone, evenly
spaced, stepping by one value (``120 100 80 … 0``). No column of a table steps so evenly both
in value and in space.

In: a page and its body lines. Out: a ``chart`` region per axis, from the axis across the plot
(to the text column's other side: the page's width less the axis's margin) and from just above
the top tick to the category labels under the last one; the caller keeps prose lines in it
(:mod:`pipeline.ingest.pdf_regions`).
"""

from __future__ import annotations

import itertools
import re

from pipeline.ingest.pdf_chars import PageContent
from pipeline.ingest.pdf_lines import Line, Segment
from pipeline.ingest.pdf_tables import Region

MIN_TICKS = 4
_TICK = re.compile(r"^%?[-–−]?\d{1,3}(?:[,\u00a0 ]\d{3})*(?:\.\d+)?%?$")  # `%60` in Arabic
_ALIGN = 3.0  # pt: the ticks' edge on the axis side is common to within this
_EVEN = 0.15  # the gaps between ticks differ by at most this share of their mean
_ABOVE = 8.0  # pt above the top tick
_BELOW = 24.0  # pt under the last tick: the category labels


def _value(text: str) -> float:
    return float(re.sub(r"[,\u00a0 %]", "", text).replace("−", "-").replace("–", "-"))


def _stepping(ticks: list[Segment]) -> bool:
    """Evenly spaced, and stepping by one nonzero value."""
    values = [_value(s.text) for s in ticks]
    steps = [b - a for a, b in itertools.pairwise(values)]
    if not steps or steps[0] == 0 or any(abs(s - steps[0]) > 1e-6 * max(1.0, abs(steps[0]))
                                         for s in steps):
        return False
    gaps = [b.top - a.top for a, b in itertools.pairwise(ticks)]
    mean = sum(gaps) / len(gaps)
    return mean > 0 and all(abs(g - mean) <= _EVEN * mean for g in gaps)


def _runs(column: list[Segment]) -> list[list[Segment]]:
    """The longest evenly stepping runs of a column of numbers, top-down."""
    out: list[list[Segment]] = []
    start = 0
    while start <= len(column) - MIN_TICKS:
        end = start + MIN_TICKS
        if not _stepping(column[start:end]):
            start += 1
            continue
        while end < len(column) and _stepping(column[start:end + 1]):
            end += 1
        out.append(column[start:end])
        start = end
    return out


def axis_regions(page: PageContent, lines: list[Line], taken: list[Region]) -> list[Region]:
    """The charts whose value axis the body ``lines`` print (see the module docstring), but
    those whose axis lies in a region of ``taken`` (a table, a chart found from its shapes)."""
    # a tick is alone on its printed line (a table's row has other cells beside its numbers)
    ticks = [ln.segments[0] for ln in lines
             if len(ln.segments) == 1 and _TICK.match(ln.segments[0].text)
             and not any(r.holds(ln.segments[0]) for r in taken)]
    columns: list[list[Segment]] = []
    for s in sorted(ticks, key=lambda s: s.top):
        for column in columns:
            last = column[-1]
            if (abs(last.x1 - s.x1) <= _ALIGN or abs(last.x0 - s.x0) <= _ALIGN) \
                    and s.top > last.bottom - 1:
                column.append(s)
                break
        else:
            columns.append([s])
    out: list[Region] = []
    for column in columns:
        for run in _runs(column):
            x0 = min(s.x0 for s in run)
            x1 = max(s.x1 for s in run)
            top, bottom = run[0].top - _ABOVE, run[-1].bottom + _BELOW
            if (x0 + x1) / 2 < page.width / 2:  # an axis on the left: the plot to its right
                region = Region("chart", x0 - _ALIGN, top, max(x1, page.width - x0), bottom)
            else:  # on the right (a right-to-left page): the plot to its left
                region = Region("chart", min(x0, page.width - x1), top, x1 + _ALIGN, bottom)
            out.append(region)
    return out
