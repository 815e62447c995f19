"""Reading order and blocks of one page: recursive XY-cut over line segments, then blocks.

The page's body segments are cut recursively: first at wide horizontal white bands (between the
masthead and the text, around headings), then at a vertical gutter (columns, the left and right
halves of a masthead, ``General Assembly … Security Council``), then at narrower horizontal bands
(paragraph spacing). Each leaf is read top to bottom; its lines are cut into blocks where the
layout says a new block starts: a vertical gap, a paragraph label followed by a tab (``12.``,
``(a)``, ``1-``), a first-line indent, a change of type (bold heading, other size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest.pdf_columns import spanned_columns
from pipeline.ingest.pdf_footnotes import full_stop_last, marker_last, mostly_latin
from pipeline.ingest.pdf_label_columns import label_columns
from pipeline.ingest.pdf_lines import Line, Segment

_BIG_GAP = 1.15  # × size: horizontal white band cut before looking for columns
_SMALL_GAP = 0.55  # × size: paragraph spacing
_GUTTER = 1.2  # × size: minimum width of a column gutter
_LONE_GUTTER = 8.0  # × size: a single line is cut only at a gap this wide (masthead)
_INDENT = 0.8  # × size: a first line indented by this much starts a block
_LABEL = re.compile(
    r"^(?:\(?\d{1,3}[.)]?|\(?[a-zA-Z]{1,2}\)|\(?[ivxlcIVXLC]{1,6}[.)]|[A-Z]\.|\d{1,3}-|-\d{1,3}"
    r"|[•·▪–—-]|\*{1,3})$"
)
_LETTER = re.compile(r"[^\W\d_]")
_NUMBERED_START = re.compile(r"^\d{1,3}\.\s+[^\W\d_]")
_LEADER = re.compile(r"\s*(?:(?:\.\s?){4,}|…{2,})\s*(?=[\d\s\-–−]*$)")


@dataclass
class PageLine:
    """A line as read in one leaf (the segments of a printed line on one side of a gutter)."""

    line: Line
    segments: list[Segment]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    text: str = ""
    size: float = 0.0
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        # This runs for every line of every page, and nine lines in ten are one segment: that
        # case is read directly (the same values as the general case below, much faster).
        if len(self.segments) == 1:
            seg = self.segments[0]
            self.segments = [seg]
            self.x0, self.x1, self.top, self.bottom = seg.x0, seg.x1, seg.top, seg.bottom
            self.text = toc_tabs(seg.text)
            self.size = seg.size
            self.bold = seg.bold and len(seg.units) > 0
            self.italic = seg.italic and len(seg.units) > 0
            return
        segs = sorted(self.segments, key=lambda s: -s.x0 if self.line.rtl else s.x0)
        self.segments = segs
        self.x0 = min(s.x0 for s in segs)
        self.x1 = max(s.x1 for s in segs)
        self.top = min(s.top for s in segs)
        self.bottom = max(s.bottom for s in segs)
        self.text = toc_tabs(" ".join(s.text for s in segs if s.text))
        weights: dict[float, int] = {}
        for s in segs:
            weights[s.size] = weights.get(s.size, 0) + len(s.units)
        self.size = max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0]
        total = sum(len(s.units) for s in segs)
        self.bold = sum(len(s.units) for s in segs if s.bold) * 2 > total
        self.italic = sum(len(s.units) for s in segs if s.italic) * 2 > total


@dataclass
class LayoutBlock:
    lines: list[PageLine] = field(default_factory=list)


def reading_order(lines: list[Line], rtl: bool) -> list[list[PageLine]]:
    """The leaves of the XY-cut of ``lines``, in reading order; each leaf's lines top-down."""
    segments = [s for ln in lines for s in ln.segments]
    if not segments:
        return []
    size = _median([ln.size for ln in lines])
    leaves: list[list[Segment]] = []
    _cut(segments, size, rtl, leaves)
    out = [_leaf_lines(leaf) for leaf in leaves]
    if rtl:
        for leaf_lines in out:
            for pl in leaf_lines:
                pl.text = latin_in_rtl(pl.text)
    return out


def latin_in_rtl(text: str) -> str:
    """A line of Latin text in a right-to-left document, as its right-to-left paragraph shows
    it: an entry's label printed at its right (``… Black’s Law .1``) put first, and the full
    stop shown at its left (``.list-indicators``) put back at its end. Any other line as it is."""
    if text[:1] not in ".;:" and not text[-1:].isdigit() and not text.endswith(")"):
        return text  # neither sign: most lines, tested cheaply
    moved = marker_last(text)
    if moved is not None:
        return moved
    return full_stop_last(text) if mostly_latin(text) else text


def _median(values: list[float]) -> float:
    vals = sorted(values)
    return vals[len(vals) // 2] if vals else 10.0


def _cut(segs: list[Segment], size: float, rtl: bool, out: list[list[Segment]]) -> None:
    if len(segs) <= 1:
        out.append(segs)
        return
    parts = _horizontal(segs, _BIG_GAP * size)
    if len(parts) == 1:
        parts = _vertical(segs, size, rtl)
    if len(parts) == 1 and len(segs) >= 12:
        parts = label_columns(segs, rtl)  # columns of numbered notes, labels in the gutters
    if len(parts) == 1 and len(segs) >= 12:
        parts = spanned_columns(segs, size)  # two columns under a line across them
    if len(parts) == 1:
        parts = _horizontal(segs, _SMALL_GAP * size)
    if len(parts) == 1:
        out.append(segs)
        return
    for part in parts:
        _cut(part, size, rtl, out)


def _horizontal(segs: list[Segment], gap: float) -> list[list[Segment]]:
    ordered = sorted(segs, key=lambda s: s.top)
    parts: list[list[Segment]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for s in ordered[1:]:
        if s.top - bottom > gap:
            parts.append([s])
        else:
            parts[-1].append(s)
        bottom = max(bottom, s.bottom)
    return parts


def _vertical(segs: list[Segment], size: float, rtl: bool) -> list[list[Segment]]:
    """Split at the widest vertical gutter whose both sides hold real text lines."""
    ordered = sorted(segs, key=lambda s: s.x0)
    gaps: list[tuple[float, float]] = []  # (width, x) of white columns
    right = ordered[0].x1
    for s in ordered[1:]:
        if s.x0 - right >= _GUTTER * size:
            gaps.append((s.x0 - right, (s.x0 + right) / 2))
        right = max(right, s.x1)
    for width, x in sorted(gaps, reverse=True):
        left = [s for s in segs if s.x1 <= x]
        rite = [s for s in segs if s.x0 >= x]
        enough = _lines_count(segs) >= 2 or width >= _LONE_GUTTER * size
        if enough and _text_side(left, size) and _text_side(rite, size):
            return [rite, left] if rtl else [left, rite]
    return [segs]


def _lines_count(segs: list[Segment]) -> int:
    return len({id(s.line) for s in segs})


def _text_side(segs: list[Segment], size: float) -> bool:
    """A column side: some segment at least three ems wide, most segments with letters."""
    if not segs:
        return False
    wide = any(s.x1 - s.x0 >= 3 * size for s in segs)
    lettered = sum(1 for s in segs if _LETTER.search(s.text))
    return wide and lettered * 2 >= len(segs)


def _leaf_lines(segs: list[Segment]) -> list[PageLine]:
    by_line: dict[int, list[Segment]] = {}
    owners: dict[int, Line] = {}
    for s in segs:
        assert s.line is not None
        by_line.setdefault(id(s.line), []).append(s)
        owners[id(s.line)] = s.line
    out = [PageLine(owners[k], v) for k, v in by_line.items()]
    out.sort(key=lambda pl: (pl.line.base, pl.x0))
    return out


def toc_tabs(text: str) -> str:
    """``I. Introduction ........ 1−2 4`` → ``I. Introduction\t1−2\t4`` (dot leaders of a table
    of contents become a tab, as in the text input)."""
    if text.count(".") < 4 and text.count("…") < 2:
        return text  # no leader possible: skip the regex search (run on every line of a page)
    m = _LEADER.search(text)
    if not m:
        return text
    head, tail = text[: m.start()].rstrip(), text[m.end():].strip()
    return head + "\t" + "\t".join(tail.split()) if tail else head


def split_blocks(leaf: list[PageLine], column: tuple[float, float]) -> list[LayoutBlock]:
    """Cut a leaf's lines into printed blocks. ``column``: the x extent of the text column."""
    blocks: list[LayoutBlock] = []
    cur: LayoutBlock | None = None
    for pl in leaf:
        if cur is None or _starts_block(cur, pl, column):
            cur = LayoutBlock()
            blocks.append(cur)
        cur.lines.append(pl)
    return blocks


def _starts_block(block: LayoutBlock, pl: PageLine, column: tuple[float, float]) -> bool:
    prev = block.lines[-1]
    line = pl.line
    size = max(pl.size, prev.size)
    if pl.top - prev.bottom > _SMALL_GAP * size:
        return True
    if pl.bold != prev.bold or abs(pl.size - prev.size) > 1.0:
        return True
    if len(pl.segments) > 1 and _LABEL.match(pl.segments[0].text.strip()):
        return True
    if _NUMBERED_START.match(pl.text) and prev.text.rstrip().endswith((".", ":", ";")):
        return True  # `6. La délégation …` after a full stop: tight paragraph spacing
    if "\t" in pl.text or "\t" in prev.text:
        return False  # table of contents: entries and their wrapped titles stay together
    head = block.lines[0]
    if len(head.segments) > 1 and abs(pl.x0 - head.segments[1].x0) < 2.0 and not line.rtl:
        return False  # hanging indent: the text of a labelled item continues under its text
    hang = _hanging_text_x(head)
    if hang is not None and not line.rtl:
        if abs(pl.x0 - hang) < 2.0:
            return False  # … also when a space, not a tab, follows the label
        if pl.x0 < hang - 2.0 and _next_item(head, prev, pl):
            return True  # the next labelled item of a hanging list
    elif (not line.rtl and len(block.lines) > 1 and _hanging_text_x(pl) is not None
          and prev.x0 - pl.x0 > _INDENT * pl.size and _next_item(head, prev, pl)):
        return True  # a labelled item outdented against the lines before it
    centred = _centred(pl, column) and _centred(prev, column)
    if centred:
        return False
    if line.rtl:
        edge = max(p.x1 for p in block.lines)
        return edge - pl.x1 > _INDENT * pl.size
    edge = min(p.x0 for p in block.lines)
    return pl.x0 - edge > _INDENT * pl.size and pl.x0 - prev.x0 > 0.5


_NUMBERED_LINE = re.compile(r"^(?:\d{1,3}[.)]|\(?[a-z]\))\s+\S")


_ITEM_END = re.compile(r"[.;:!?)\]”\"’]\s*[*⁰¹²³⁴⁵⁶⁷⁸⁹]*$")


def _next_item(head: PageLine, prev: PageLine, pl: PageLine) -> bool:
    """Does the labelled line ``pl`` start the next item rather than go on with a sentence
    (``… up to the age of`` / ``17. Violations were…``)? The line before it ends a sentence or an
    item, or its number follows the block's own."""
    if not _NUMBERED_LINE.match(pl.text):
        return False
    if _ITEM_END.search(prev.text):
        return True
    mine, theirs = head.text.split(" ", 1)[0], pl.text.split(" ", 1)[0]
    return (mine[:-1].isdigit() and theirs[:-1].isdigit()
            and int(theirs[:-1]) == int(mine[:-1]) + 1)


def _hanging_text_x(pl: PageLine) -> float | None:
    """Where the text after the label of a labelled line (``7. Dabla-Norris…``) starts, when the
    label is followed by a space in one segment; None for any other line."""
    if not _NUMBERED_LINE.match(pl.text) or not pl.segments:
        return None
    glyphs = pl.segments[0].units
    label = len(pl.text.split(" ", 1)[0])
    if len(glyphs) <= label:
        return None
    return glyphs[label].x0


def _centred(pl: PageLine, column: tuple[float, float]) -> bool:
    left, right = column
    if right - left <= 0:
        return False
    margin_l = pl.x0 - left
    margin_r = right - pl.x1
    return margin_l > 2 * pl.size and abs(margin_l - margin_r) < 1.5 * pl.size


def is_centred(pl: PageLine, column: tuple[float, float]) -> bool:
    return _centred(pl, column)
