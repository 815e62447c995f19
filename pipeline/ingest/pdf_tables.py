"""Tables and charts of a PDF page: their regions, a table's rows, the text a chart draws.

The fast reader (:mod:`pdf_chars`) gives every path object's bounds; from them, per page:

- **charts**: clusters of drawn shapes (bars, markers, slices, curves: paths thicker than a
  rule in both directions; not the bands of shading behind lines of text), at least
  :data:`CHART_MIN_SHAPES` of them, not on page 1 (a cover's artwork, the masthead's emblem).
  The chart's text (axis labels, legends, data labels: short lines inside the cluster or just
  around it) is kept out of the running text;
- **tables**: only on pages where the fast reader sees ruling lines (a vertical rule, or three
  horizontal ones besides a footnote separator) or dense numeric columns, pdfplumber finds them
  (``find_tables``: ruled both ways, then horizontal rules with columns from the text). Its
  geometry is used, not its text: each cell's text is that of the reader's own line segments
  inside the cell (right-to-left order, superscripts and spacing as everywhere else). A table
  that is a chart's frame or grid, a masthead's frame, or holds fewer than two rows of two
  filled cells is not one.

Why pdfplumber only there: it parses the content stream in Python, ~7 pages/s against the fast
reader's hundreds; most pages have no rules and never reach it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.ingest.pdf_chars import Box, PageContent
from pipeline.ingest.pdf_layout import toc_tabs
from pipeline.ingest.pdf_lines import Line, Segment

MAX_PATHS = 5000  # more path objects on a page: a drawing; pdfplumber would parse it for seconds
CHART_MIN_SHAPES = 6  # drawn shapes in one cluster make a chart
CHART_MIN_AREA = 2500.0  # pt², the cluster's bounds
_GRID = 12.0  # pt: cells of the grid on which shapes are clustered
_CHART_MARGIN = (30.0, 8.0, 30.0, 24.0)  # left, top, right, bottom: labels around the plot
_CHART_TEXT_MAX = 60  # characters: a longer line inside a chart's margin is prose, kept
_LABEL_REACH = 70.0  # pt: a data label with a number this far from a chart's shapes (a pie's)
_LABEL_MAX = 25  # … of at most this many characters
_THIN = 2.0  # pt: a path this thin in one direction is a rule
_SHADING_WIDTH = 0.6  # × page width: a band this wide and at most _SHADING_HEIGHT high shades text
_SHADING_HEIGHT = 30.0  # pt
_NUMERIC = re.compile(r"^[-–−+(]?[\d.,]+%?\)?$")
_TABLE_SETTINGS: tuple[dict[str, Any], ...] = (
    {"vertical_strategy": "lines", "horizontal_strategy": "lines"},
    {"vertical_strategy": "text", "horizontal_strategy": "lines"},
)
_MASTHEAD_DEPTH = 0.3  # page 1: the masthead's frame lies in this top share of the page
_BAND = 0.08  # the header's and the footer's share of the page height: their rules are no table


@dataclass
class Region:
    """A table or a chart on one page (top-down points)."""

    kind: str  # "table" | "chart"
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)
    title: list[str] = field(default_factory=list)  # a table's title lines inside its frame
    text_top: float | None = None  # the top of its first text (where it is read)

    def holds(self, seg: Segment) -> bool:
        cx, cy = (seg.x0 + seg.x1) / 2, (seg.top + seg.bottom) / 2
        return self.x0 <= cx <= self.x1 and self.top <= cy <= self.bottom


def _is_shape(b: Box, page: PageContent) -> bool:
    """A drawn shape of a chart: thicker than a rule both ways, smaller than a page's share, and
    no band of shading behind a line of text (as wide as the text, a line or two high)."""
    w, h = b.x1 - b.x0, b.bottom - b.top
    shading = w >= _SHADING_WIDTH * page.width and h <= _SHADING_HEIGHT
    return w > _THIN and h > _THIN and w * h < 0.4 * page.width * page.height and not shading


def chart_regions(page: PageContent, tables: list[Region]) -> list[Region]:
    """Clusters of drawn shapes outside ``tables`` (see the module docstring), as chart
    regions."""
    if page.number == 1:
        return []
    shapes = [b for b in page.paths if _is_shape(b, page)
              and not any(t.x0 - 2 <= b.x0 and b.x1 <= t.x1 + 2 and t.top - 2 <= b.top
                          and b.bottom <= t.bottom + 2 for t in tables)]
    if len(shapes) < CHART_MIN_SHAPES:
        return []
    cols, rows = int(page.width // _GRID) + 2, int(page.height // _GRID) + 2
    cells: dict[tuple[int, int], list[int]] = {}
    for i, b in enumerate(shapes):
        for cx in range(max(0, int(b.x0 // _GRID)), min(cols, int(b.x1 // _GRID) + 1)):
            for cy in range(max(0, int(b.top // _GRID)), min(rows, int(b.bottom // _GRID) + 1)):
                cells.setdefault((cx, cy), []).append(i)
    seen: set[tuple[int, int]] = set()
    out: list[Region] = []
    for start in cells:
        if start in seen:
            continue
        members: set[int] = set()
        stack = [start]
        seen.add(start)
        while stack:
            cx, cy = stack.pop()
            members.update(cells[(cx, cy)])
            for nx in (cx - 1, cx, cx + 1):
                for ny in (cy - 1, cy, cy + 1):
                    if (nx, ny) in cells and (nx, ny) not in seen:
                        seen.add((nx, ny))
                        stack.append((nx, ny))
        if len(members) < CHART_MIN_SHAPES:
            continue
        x0 = min(shapes[i].x0 for i in members)
        x1 = max(shapes[i].x1 for i in members)
        top = min(shapes[i].top for i in members)
        bottom = max(shapes[i].bottom for i in members)
        if (x1 - x0) * (bottom - top) < CHART_MIN_AREA:
            continue
        ml, mt, mr, mb = _CHART_MARGIN
        out.append(Region("chart", x0 - ml, top - mt, x1 + mr, bottom + mb))
        out.append(Region("chart-labels", x0 - _LABEL_REACH, top - mt, x1 + _LABEL_REACH,
                          bottom + _LABEL_REACH / 2))
    return out


def needs_tables(page: PageContent, lines: list[Line]) -> bool:
    """Does the page show ruling lines or dense numeric columns (worth pdfplumber's time)?
    Rules that underline text (links, titles) or lie in the header and footer bands do not
    count, nor do the two sides of a box around text; horizontal rules count by the heights
    they stand at (a header's rule drawn in two halves and a footnote separator are two, no
    table); the dot-leader lines of a table of contents are no numeric columns."""
    if len(page.paths) > MAX_PATHS:
        return False  # a drawing (a scatter plot's thousands of markers), not a table
    floor = (_MASTHEAD_DEPTH if page.number == 1 else _BAND) * page.height
    ceiling = (1 - _BAND) * page.height
    heights: set[int] = set()  # of horizontal rules: one rule drawn in pieces counts once
    vertical = 0
    for b in page.paths:
        if b.top < floor or b.bottom > ceiling:
            continue
        w, h = b.x1 - b.x0, b.bottom - b.top
        if h <= _THIN and w >= 20 and not _underline(b, lines):
            heights.add(round(b.top))
        elif w <= _THIN and h >= 8:
            vertical += 1
    if vertical >= 3 or len(heights) >= 3:
        return True
    # lines of figures in columns; a table of contents' lines (`Introduction ..... 1-5 3`) are
    # no table's
    numeric = sum(1 for ln in lines if len(ln.segments) >= 3
                  and sum(1 for s in ln.segments if _NUMERIC.match(s.text)) * 2 >= len(ln.segments)
                  and toc_tabs(ln.text) == ln.text)
    return numeric >= 3


def _underline(rule: Box, lines: list[Line]) -> bool:
    """A rule just under a text line it overlaps underlines it."""
    return any(0 <= rule.top - ln.base <= 0.5 * ln.size and ln.x0 - 2 <= rule.x0
               and rule.x1 <= ln.x1 + 2 for ln in lines)


def table_regions(plumber_page: Any, page: PageContent, lines: list[Line], *, ruled: bool,
                  taken: list[Region]) -> list[Region]:
    """The tables pdfplumber finds on the page, with their rows (see the module docstring):
    ``ruled``, those ruled both ways, else those of horizontal rules and text columns; none
    overlapping a region of ``taken`` (tables found before, charts)."""
    settings = _TABLE_SETTINGS[0 if ruled else 1]
    try:
        found = plumber_page.find_tables(settings)
    except Exception:  # pdfplumber on odd geometry: no table rather than no document
        return []
    # pdfplumber measures from the media box's top left, an upright page's content from the
    # crop box's (pdf_chars: a page turned by /Rotate keeps the reader's coordinates)
    ox, oy = (0.0, 0.0) if plumber_page.rotation % 360 else (
        float(plumber_page.cropbox[0]), float(plumber_page.cropbox[1]))
    out: list[Region] = []
    for table in found:
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        x0, top, x1, bottom = x0 - ox, top - oy, x1 - ox, bottom - oy
        if any(_overlap((x0, top, x1, bottom), r) for r in [*taken, *out]):
            continue
        if page.number == 1 and top < _MASTHEAD_DEPTH * page.height:
            continue  # the masthead's ruled frame
        if ruled and not _is_table(_extract(table), ruled=True):
            continue  # a chart's grid or frame: rows of empty cells or numbers only
        region = Region("table", x0, top, x1, bottom)
        if not ruled:
            if not _stop_at_last_rule(region, page, lines) and _holds_prose(region, page, lines):
                continue  # rules that underline words (links, a heading) around prose: no table
            _stop_at_wide_line(region, page, lines)
            _stop_at_paragraph(region, lines)
        _widen(region, lines)
        cells = [[None if c is None else (c[0] - ox, c[1] - oy, c[2] - ox, c[3] - oy)
                  for c in row.cells] for row in table.rows] if ruled else None
        region.rows = _rows(region, lines, cells)
        if _is_table(region.rows, ruled):
            _split_title(region)
            out.append(region)
    return out


# a numbered paragraph of the body: its number (``7.``, ``7-`` in Arabic), then a line of prose
_PARAGRAPH_LINE = re.compile(r"^\d{1,3}[.-]\s+[^\W\d_][^\W\d_]+(?:\s+\S+){6}")


def _stop_at_paragraph(region: Region, lines: list[Line]) -> None:
    """A table found from horizontal rules and text columns ends above the first numbered
    paragraph inside its bounds (`7. When comparing the evolution…` under a table whose last
    rule is the footnotes' separator; ``7- وتكشف مقارنة…``): the paragraph is the body's."""
    for ln in sorted(lines, key=lambda ln: ln.top):
        if region.top < ln.top < region.bottom and _PARAGRAPH_LINE.match(ln.text):
            region.bottom = ln.top - 0.5
            return


def _stop_at_last_rule(region: Region, page: PageContent, lines: list[Line]) -> bool:
    """A table found from horizontal rules ends at its last rule that is not an underline: a
    sub-heading underlined further down the page (``اجتماعات مجلس الإدارة…``) is no rule of the
    table, and what lies between is the body's (a heading, a numbered paragraph). False when
    every rule of the region underlines a word (then the region is a table only if no prose
    lies in it: the labels of a chart drawn without shapes)."""
    flat = [b for b in page.paths if b.bottom - b.top <= _THIN and b.x1 - b.x0 >= 20
            and region.top - 1 <= b.top <= region.bottom + 1
            and b.x0 < region.x1 and b.x1 > region.x0]
    rules = [b.bottom for b in flat if not _underline(b, lines)]
    if not rules:
        return False
    # only an underline that is the region's bottom edge moves it (the bottom may be a frame's
    # edge drawn as a box, which is no rule here)
    underlined = any(abs(b.bottom - region.bottom) <= 2 for b in flat if _underline(b, lines))
    if underlined and max(rules) + 1 < region.bottom:
        region.bottom = max(rules) + 0.5
    return True


def _holds_prose(region: Region, page: PageContent, lines: list[Line]) -> bool:
    """A line of prose lies in the region: eight words or more across half the page's width
    (a line whose underline is the region's bottom edge stays out)."""
    return any(region.top < ln.top and ln.bottom < region.bottom and len(ln.text.split()) >= 8
               and ln.x1 - ln.x0 >= 0.5 * page.width for ln in lines)


WIDER = 20.0  # pt: a line past a table's rules by this much on both sides is no row of it


def _stop_at_wide_line(region: Region, page: PageContent, lines: list[Line]) -> None:
    """A table found from horizontal rules ends above the first line under its first rule that
    runs past the rules above it on both sides (``We design the table in order to highlight…``
    under a narrow table whose region reaches down to the footnotes' separator): the body's."""
    rules = [b for b in page.paths if b.bottom - b.top <= _THIN and b.x1 - b.x0 >= 20
             and region.top - 1 <= b.top <= region.bottom + 1 and not _underline(b, lines)]
    for ln in sorted(lines, key=lambda ln: ln.top):
        if not region.top < ln.top < region.bottom:
            continue
        above = [b for b in rules if b.bottom <= ln.top]
        if not above:
            continue
        if (ln.x0 < min(b.x0 for b in above) - WIDER
                and ln.x1 > max(b.x1 for b in above) + WIDER):
            region.bottom = ln.top - 0.5
            return


def _split_title(region: Region) -> None:
    """Rows of one filled cell above the first row of two (``Contributions as at 31 March``)
    are the table's title, printed inside its frame."""
    while len(region.rows) > 2 and sum(1 for c in region.rows[0] if c.strip()) == 1:
        region.title.append(next(c for c in region.rows[0] if c.strip()))
        region.rows.pop(0)


def _extract(table: Any) -> list[list[str]]:
    try:
        return [[c or "" for c in row] for row in table.extract()]
    except Exception:
        return []


def _overlap(a: tuple[float, float, float, float], r: Region) -> bool:
    x0, top, x1, bottom = a
    w = min(x1, r.x1) - max(x0, r.x0)
    h = min(bottom, r.bottom) - max(top, r.top)
    return w > 0 and h > 0 and w * h > 0.3 * min((x1 - x0) * (bottom - top),
                                                    (r.x1 - r.x0) * (r.bottom - r.top))


def _widen(region: Region, lines: list[Line]) -> None:
    """Take in the segments on a table's rows just outside its rules (a label column drawn
    without a left rule): segments of the lines crossing the region, next to it."""
    for ln in lines:
        if not (region.top <= (ln.top + ln.bottom) / 2 <= region.bottom):
            continue
        inside = [s for s in ln.segments if region.holds(s)]
        if not inside:
            continue
        for s in ln.segments:
            region.x0 = min(region.x0, s.x0 - 0.5)
            region.x1 = max(region.x1, s.x1 + 0.5)


def _rows(region: Region, lines: list[Line], cells: list[list[Any]] | None
          ) -> list[list[str]]:
    """Rows of cell text: with pdfplumber's cells (ruled both ways), each cell holds the
    segments whose centre it contains, joined top-down; otherwise each printed line is a row
    and its segments its cells."""
    segs = [s for ln in lines for s in ln.segments if region.holds(s) and s.text]
    if segs:
        region.text_top = min(s.top for s in segs)
    if cells:
        rows: list[list[str]] = []
        used: set[int] = set()
        for row in cells:
            texts: list[str] = []
            for cell in row:
                if cell is None:
                    continue
                cx0, ctop, cx1, cbottom = cell
                inside = [s for s in segs if id(s) not in used
                          and cx0 <= (s.x0 + s.x1) / 2 <= cx1
                          and ctop <= (s.top + s.bottom) / 2 <= cbottom]
                used.update(id(s) for s in inside)
                inside.sort(key=lambda s: (round(s.top), s.x0))
                texts.append(" ".join(s.text for s in inside))
            if any(texts):
                rows.append(texts)
        leftover = [s for s in segs if id(s) not in used]
        if not leftover:
            return rows
    by_line: dict[int, list[Segment]] = {}
    order: list[int] = []
    for s in sorted(segs, key=lambda s: (s.line.base if s.line else s.top, s.x0)):
        key = id(s.line)
        if key not in by_line:
            by_line[key] = []
            order.append(key)
        by_line[key].append(s)
    out: list[list[str]] = []
    for key in order:
        row = by_line[key]
        rtl = bool(row[0].line and row[0].line.rtl)
        row.sort(key=lambda s: -s.x0 if rtl else s.x0)
        out.append([s.text for s in row])
    return out


_WORDY = re.compile(r"[^\W\d_]{2}")


def _is_table(rows: list[list[str]], ruled: bool = False) -> bool:
    """Words in two rows (a chart's grid holds numbers only) and rows of two filled cells or
    more: two of them, one in five rows; ruled both ways, one is enough."""
    filled = sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 2)
    wordy = sum(1 for r in rows if any(_WORDY.search(c) for c in r))
    if ruled:
        return filled >= 1 and wordy >= 2
    return filled >= 2 and filled * 5 >= len(rows) and wordy >= 2


def open_plumber(data: bytes) -> Any:
    """pdfplumber's document for ``data`` (imported here: most PDFs never need it)."""
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))
