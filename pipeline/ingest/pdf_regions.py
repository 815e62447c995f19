"""Tables and charts taken out of a page's body lines, as blocks of their own.

In: a page and its body lines (furniture and footnotes set aside). Out: the body lines without
the text of its tables and charts, and one block per table (zone ``table``, its rows) and per
chart (zone ``figure``), each with the top of its region so that it takes its place in the
page's reading order. Regions come from :mod:`pdf_tables`; pdfplumber's document is opened once
per PDF, at the first page that needs it, and closed by :meth:`PageRegions.close`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pipeline.ingest.pdf_axes import axis_regions
from pipeline.ingest.pdf_chars import PageContent
from pipeline.ingest.pdf_lines import Line
from pipeline.ingest.pdf_tables import (
    _CHART_TEXT_MAX,
    _LABEL_MAX,
    Region,
    chart_regions,
    needs_tables,
    open_plumber,
    table_regions,
)
from pipeline.models import Issue, RawBlock

# a chapter heading (``III. CAPACITY-BUILDING``) printed just under a chart is no label of it
_CHAPTER = re.compile(r"^[IVXL]{1,6}\.\s+[^\W\d_]")


def _chart_text(chart: Region, text: str) -> bool:
    """Inside the chart, any short text but a chapter heading; around it, a short one with a
    number (``Oman 13%``; a raised note call is no number: ``Zero profit⁷;`` is a list item
    under the chart)."""
    if _CHAPTER.match(text):
        return False
    if chart.kind == "chart":
        return len(text) <= _CHART_TEXT_MAX
    return len(text) <= _LABEL_MAX and any(ch.isdecimal() for ch in text)


_PROSE_LINES = 5  # a region of drawn shapes holding this many lines of prose, most of its
# lines, is a shaded box of text (or a page's frame), not a chart


def _drawn_charts(charts: list[Region], body: list[Line]) -> list[Region]:
    """The chart regions (each with the labels region that follows it) that do not hold mostly
    lines of prose: in such a region the short lines are the ends of paragraphs (``and other
    private investors.³⁸``), not labels."""
    out: list[Region] = []
    text_box = False
    for region in charts:
        if region.kind == "chart":
            inside = [ln for ln in body if any(region.holds(s) for s in ln.segments)]
            prose = sum(1 for ln in inside
                        if any(len(s.text) > _CHART_TEXT_MAX for s in ln.segments))
            text_box = prose >= _PROSE_LINES and 2 * prose > len(inside)
        if not text_box:
            out.append(region)
    return out


class PageRegions:
    """Finds the regions of each page in turn (see the module docstring)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._plumber: Any = None
        self.chart_pages: list[int] = []
        self.dropped = 0
        self.failed: list[str] = []

    def take(self, page: PageContent, body: list[Line]
             ) -> tuple[list[Line], list[tuple[RawBlock, float]]]:
        tables: list[Region] = []
        charts: list[Region] = []
        if needs_tables(page, body):
            try:
                if self._plumber is None:
                    self._plumber = open_plumber(self._data)
                plumber_page = self._plumber.pages[page.number - 1]
                # ruled tables first; then charts (their grids are no tables); then tables of
                # horizontal rules and text columns where no chart is
                tables = table_regions(plumber_page, page, body, ruled=True, taken=[])
                charts = chart_regions(page, tables)
                tables += table_regions(plumber_page, page, body, ruled=False,
                                        taken=[*tables, *charts])
            except Exception as exc:  # pdfplumber failing on a page costs its tables only
                self.failed.append(f"page {page.number}: {type(exc).__name__}: {exc}")
                charts = chart_regions(page, tables)
        else:
            charts = chart_regions(page, [])
        charts += axis_regions(page, body, [*tables, *charts])
        charts = _drawn_charts(charts, body)
        if not charts and not tables:
            return body, []
        kept: list[Line] = []
        dropped = 0
        for ln in body:
            segs = []
            # a line that holds prose is body text, all of it: a paragraph's number printed at
            # the start of its first line (``7-`` beside a chart) stays with its paragraph
            prose = any(len(s.text) > _CHART_TEXT_MAX for s in ln.segments)
            for s in ln.segments:
                if any(t.holds(s) for t in tables):
                    continue
                if not prose and any(c.holds(s) and _chart_text(c, s.text) for c in charts):
                    dropped += 1
                    continue
                segs.append(s)
            if len(segs) == len(ln.segments):
                kept.append(ln)
            elif segs:
                kept.append(replace(ln, segments=segs, x0=min(s.x0 for s in segs),
                                    x1=max(s.x1 for s in segs)))
        blocks: list[tuple[RawBlock, float]] = [
            (RawBlock(lines=t.title, pages=[page.number], zone="table", table=t.rows),
             t.text_top if t.text_top is not None else t.top)
            for t in tables]
        if dropped:
            self.dropped += dropped
            self.chart_pages.append(page.number)
            for c in charts:
                if c.kind != "chart":
                    continue
                blocks.append((RawBlock(lines=[], pages=[page.number], zone="figure"), c.top))
        return kept, blocks

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None

    def issues(self) -> list[Issue]:
        out: list[Issue] = []
        if self.dropped:
            pages = ", ".join(str(p) for p in self.chart_pages)
            out.append(Issue(code="chart-text-dropped", severity="info",
                             message=f"{self.dropped} pieces of text drawn inside charts "
                                     f"(axis labels, legends, data labels) on pages {pages} are "
                                     "left out of the text"))
        if self.failed:
            out.append(Issue(code="table-unreadable",
                             message="tables could not be read on " + "; ".join(self.failed)))
        return out
