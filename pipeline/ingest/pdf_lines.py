"""Glyphs → printed lines: baseline clustering, superscripts, word gaps, segments, bidi order.

A :class:`Line` is every glyph on one baseline of a page; it is cut into :class:`Segment`s where
the horizontal gap is wider than an em or so (columns, tab after a paragraph number), so that
column detection can work on segments. Small glyphs on a raised baseline are superscripts: digits
become Unicode superscript digits attached to the preceding word (``aspects¹``), other raised
characters (``1er``, ``*``) are kept as plain characters.

Right-to-left lines (Arabic, Hebrew) are drawn in visual order; they are turned into logical order
(runs of Latin letters and digits keep their left-to-right order; the text layer already maps
mirrored brackets to their logical characters)
and NFKC-normalized, which maps Arabic presentation forms to base letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from unicodedata import bidirectional, combining

from pipeline.ingest.pdf_chars import FontStyle, Glyph, PageContent
from pipeline.markers import to_superscript

_BASE_TOLERANCE = 0.3  # × font size: glyphs on baselines this close share a line
_SUP_MAX_RATIO = 0.88  # a superscript is at most this fraction of the line's size
_SUP_MIN_RAISE = 0.12  # … and raised by at least this fraction of the line's size
_SUP_MAX_RAISE = 0.75
_SEGMENT_GAP = 1.2  # × size: a wider horizontal gap starts a new segment
_SPACE_GAP = 0.18  # × size: a gap this wide between glyphs is a word space
_STRONG_RTL = frozenset({"R", "AL"})
_LTR_RUN = frozenset({"L", "EN", "AN"})
_LTR_JOIN = frozenset({"ES", "ET", "CS"})
_MARKER_START = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹*")
_PRESENTATION_FORM = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]")
_KASHIDA = "\u0640"
_DROP = frozenset({_KASHIDA, "\ufeff", "\u200b"})  # tatweel (justification), BOM, ZWSP


@dataclass(slots=True)
class Unit:
    """A base glyph with its combining marks."""

    glyph: Glyph
    marks: str = ""
    sup: bool = False
    space_before: bool = False
    bold: bool = False
    italic: bool = False


@dataclass
class Segment:
    units: list[Unit]
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    line: Line | None = None
    size: float = 0.0
    bold: bool = False
    italic: bool = False


@dataclass
class Line:
    page: int
    base: float
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    italic: bool
    rtl: bool
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        segs = sorted(self.segments, key=lambda s: -s.x0 if self.rtl else s.x0)
        return " ".join(s.text for s in segs if s.text)


def build_lines(page: PageContent, rtl_default: bool) -> list[Line]:
    """The printed lines of ``page``, top to bottom (segments left to right)."""
    glyphs: list[Glyph] = []
    marks: list[Glyph] = []
    for g in page.glyphs:
        if combining(g.char[0]):
            marks.append(g)
        elif g.char not in _DROP and g.x1 > g.x0 - 0.01:
            glyphs.append(g)  # spaces included: they share their line's baseline
    kashidas = [g for g in page.glyphs if g.char == _KASHIDA]
    if kashidas:
        glyphs = _bridge_kashidas(glyphs, kashidas)
    clusters = _merge_superscript_clusters(_cluster_baselines(glyphs))
    lines: list[Line] = []
    for c in clusters:
        line = _make_line(page, c, page.styles, rtl_default)
        if line is not None:
            lines.append(line)
    if marks:
        _attach_marks(lines, marks)
    for line in lines:
        _finish_line(line)
    lines.sort(key=lambda ln: (ln.base, ln.x0))
    return lines


def _bridge_kashidas(glyphs: list[Glyph], kashidas: list[Glyph]) -> list[Glyph]:
    """A kashida (tatweel, dropped from the text) stretches a word: the letter before it reaches
    over it, so that the stretch never reads as a word space."""
    out = list(glyphs)
    for k in kashidas:
        best, best_d = -1, 0.25 * k.size
        for i, g in enumerate(out):
            if abs(g.base - k.base) <= _BASE_TOLERANCE * k.size and not g.char.isspace():
                d = abs(g.x1 - k.x0)
                if d <= best_d:
                    best, best_d = i, d
        if best >= 0:
            out[best] = out[best]._replace(x1=max(out[best].x1, k.x1))
    return out


def _cluster_baselines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    glyphs = sorted(glyphs, key=_BASE)
    clusters: list[list[Glyph]] = []
    cur: list[Glyph] = []
    cur_base = first_size = 0.0
    for g in glyphs:
        base, size = g[5], g[6]
        if cur and base - cur_base <= _BASE_TOLERANCE * (size if size < first_size
                                                        else first_size):
            cur.append(g)
            cur_base += (base - cur_base) / len(cur)
        else:
            if cur:
                clusters.append(cur)
            cur, cur_base, first_size = [g], base, size
    if cur:
        clusters.append(cur)
    return clusters


_CHAR = itemgetter(0)  # Glyph.char
_X1 = itemgetter(2)  # Glyph.x1
_TOP = itemgetter(3)  # Glyph.top
_BOTTOM = itemgetter(4)  # Glyph.bottom
_BASE = itemgetter(5)  # Glyph.base
_SIZE = itemgetter(6)  # Glyph.size
_STYLE = itemgetter(7)  # Glyph.style


def _dominant_size(glyphs: list[Glyph]) -> float:
    counts: Counter[float] = Counter(map(_SIZE, glyphs))
    size: float = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return size


def _merge_superscript_clusters(clusters: list[list[Glyph]]) -> list[list[Glyph]]:
    """Fold short runs of small raised glyphs (note markers) into the line they belong to: the
    run must sit right after (``aspects¹``) or right before (``¹ See``) a larger glyph of a
    line whose baseline is a little lower."""
    sizes = [_dominant_size(c) for c in clusters]
    bases = [sum(g.base for g in c) / len(c) for c in clusters]
    merged: list[list[Glyph]] = [list(c) for c in clusters]
    for i, cluster in enumerate(clusters):
        below = [j for j in range(i + 1, len(clusters))
                 if bases[j] - bases[i] <= _SUP_MAX_RAISE * sizes[j]]
        if not below or all(sizes[i] > _SUP_MAX_RATIO * sizes[j] for j in below):
            continue
        moved: set[int] = set()
        ink = [g for g in cluster if not g.char.isspace()]
        for run in _runs(ink, sizes[i]) if ink else []:
            if len(run) > _SUP_MAX_RUN:
                continue
            for j in below:
                if _raised_next_to(run, clusters[j]):
                    merged[j].extend(run)
                    moved.update(id(g) for g in run)
                    break
        if moved:
            merged[i] = [g for g in cluster if id(g) not in moved]
    return [m for m in merged if m]


_SUP_MAX_RUN = 5


def _runs(glyphs: list[Glyph], size: float) -> list[list[Glyph]]:
    ordered = sorted(glyphs, key=lambda g: g.x0)
    runs: list[list[Glyph]] = [[ordered[0]]]
    for prev, g in pairwise(ordered):
        if g.x0 - prev.x1 > 0.5 * size:
            runs.append([g])
        else:
            runs[-1].append(g)
    return runs


def _raised_next_to(run: list[Glyph], line: list[Glyph]) -> bool:
    x0, x1 = run[0].x0, run[-1].x1
    base = min(g.base for g in run)
    size = max(g.size for g in run)
    for h in line:
        if size > _SUP_MAX_RATIO * h.size:
            continue
        raise_ = h.base - base
        if not _SUP_MIN_RAISE * h.size <= raise_ <= _SUP_MAX_RAISE * h.size:
            continue
        reach = 1.5 * h.size
        if (-1.0 <= x0 - h.x1 <= reach) or (-1.0 <= h.x0 - x1 <= reach):
            return True
    return False


def _make_line(page: PageContent, glyphs: list[Glyph], styles: list[FontStyle],
               rtl_default: bool) -> Line | None:
    ink = [g for g in glyphs if not g.char.isspace()]
    if not ink:
        return None
    size = _dominant_size(ink)
    min_size = _SUP_MAX_RATIO * size
    main = [g for g in ink if g.size >= min_size] or ink
    base = sorted(map(_BASE, main))[len(main) // 2]
    n_bold = n_italic = n_rtl = n_ltr = 0
    for sid, n in Counter(map(_STYLE, main)).items():
        style = styles[sid]
        n_bold += style.bold * n
        n_italic += style.italic * n
    for chars, n in Counter(map(_CHAR, main)).items():
        bidi = bidirectional(chars[0])
        if bidi == "L":
            n_ltr += n
        elif bidi in _STRONG_RTL:
            n_rtl += n
    rtl = n_rtl > n_ltr or (n_rtl == n_ltr == 0 and rtl_default)
    units: list[Unit] = []
    pending_space = False
    raise_min = _SUP_MIN_RAISE * size
    flags = [(s.bold, s.italic) for s in styles]
    for g in sorted(glyphs, key=_centre):  # by centre: zero-width spaces
        if g.char.isspace():
            pending_space = True
            continue
        bold, italic = flags[g.style]
        sup = g.size <= min_size and base - g.base >= raise_min
        units.append(Unit(g, "", sup, pending_space and bool(units), bold, italic))
        pending_space = False
    top = min(map(_TOP, main))
    bottom = max(map(_BOTTOM, main))
    x1 = max(u.glyph.x1 for u in units)
    line = Line(page.number, base, top, bottom, units[0].glyph.x0, x1, size,
                n_bold * 2 > len(main), n_italic * 2 > len(main), rtl)
    line.segments = [Segment(units, line.x0, line.x1, line.top, line.bottom, line=line)]
    return line


def _centre(g: Glyph) -> float:
    return g.x0 + g.x1


def _attach_marks(lines: list[Line], marks: list[Glyph]) -> None:
    """Give a combining mark the text layer did not put after its base to the nearest base."""
    for m in marks:
        best: Line | None = None
        best_d = 1e9
        for ln in lines:
            if ln.top - 2 <= (m.top + m.bottom) / 2 <= ln.bottom + 2:
                d = abs(ln.base - m.base)
                if d < best_d:
                    best, best_d = ln, d
        if best is None:
            continue
        cx = (m.x0 + m.x1) / 2
        host = min(best.segments[0].units, key=lambda u: abs((u.glyph.x0 + u.glyph.x1) / 2 - cx))
        host.marks += m.char


def _finish_line(line: Line) -> None:
    """Split the line into segments at wide gaps and compute each segment's text."""
    units = line.segments[0].units
    segments: list[Segment] = []
    cur: list[Unit] = [units[0]]
    size = line.size
    wide = _SEGMENT_GAP * size
    prev_x1, prev_size = units[0].glyph[2], units[0].glyph[6]
    for u in units[1:]:
        g = u.glyph
        gap = g[1] - prev_x1
        g_size = g[6]
        if gap > wide:
            segments.append(_segment(line, cur))
            cur = [u]
        else:
            # min(size, max(g_size, prev_size)), without the calls
            bigger = prev_size if prev_size > g_size else g_size
            if gap > _SPACE_GAP * (bigger if bigger < size else size):
                u.space_before = True
            cur.append(u)
        prev_x1, prev_size = g[2], g_size
    segments.append(_segment(line, cur))
    line.segments = segments


def _segment(line: Line, units: list[Unit]) -> Segment:
    glyphs = [u.glyph for u in units]
    seg = Segment(units, glyphs[0].x0, max(map(_X1, glyphs)), min(map(_TOP, glyphs)),
                  max(map(_BOTTOM, glyphs)), line=line)
    seg.text = segment_text(units, line.rtl)
    main = [u for u in units if not u.sup] or units
    seg.size = _dominant_size([u.glyph for u in main])
    seg.bold = sum(1 for u in main if u.bold) * 2 > len(main)
    seg.italic = sum(1 for u in main if u.italic) * 2 > len(main)
    return seg


def segment_text(units: list[Unit], rtl: bool) -> str:
    """Logical-order text of units given in visual (left-to-right) order."""
    if rtl:
        units = _visual_to_logical(units)
    out: list[str] = []
    lead_end = _leading_sup_end(units)
    for i, u in enumerate(units):
        ch = u.glyph.char + u.marks
        space = u.space_before
        if u.sup:
            if ch.isdigit():
                ch = to_superscript(ch)
            if i > 0 and not units[i - 1].sup and ch[0] in _MARKER_START:
                space = False  # marker attaches to the preceding word
        elif i > 0 and i - 1 == lead_end and ch[0] not in _MARKER_START:
            space = True  # a footnote marker at the start is followed by a space
        if space and out:
            out.append(" ")
        out.append(ch)
    text = "".join(out)
    return unicodedata.normalize("NFKC", text) if rtl or _needs_nfkc(text) else text


def _leading_sup_end(units: list[Unit]) -> int:
    i = -1
    for k, u in enumerate(units):
        if not u.sup:
            break
        i = k
    return i


def _needs_nfkc(text: str) -> bool:
    # presentation forms and compatibility ligatures (ﬁ, ﬂ) only; NFKC would also rewrite
    # superscript digits, which we keep
    return _PRESENTATION_FORM.search(text) is not None


def _visual_to_logical(units: list[Unit]) -> list[Unit]:
    """Reverse a right-to-left run, then restore the order of embedded left-to-right runs
    (Latin words, numbers). Word spaces are recomputed for the logical neighbours. The text
    layer maps glyphs to logical characters, so brackets are not mirrored."""
    n = len(units)
    classes = [unicodedata.bidirectional(u.glyph.char[0]) for u in units]

    def gap_before_visual(v: int) -> bool:  # a space between visual v-1 and v
        return 0 < v < n and units[v].space_before

    out: list[Unit] = []
    v = n - 1
    while v >= 0:
        if classes[v] in _LTR_RUN:
            # extend the run leftwards over LTR characters and separators between them
            q = v
            k = v
            while k - 1 >= 0 and (classes[k - 1] in _LTR_RUN or classes[k - 1] in _LTR_JOIN
                                  or classes[k - 1] == "WS" or units[k - 1].glyph.char in "()"):
                k -= 1
                if classes[k] in _LTR_RUN:
                    q = k
            r = v
            for w in range(q, r + 1):
                sb = gap_before_visual(r + 1) if w == q else units[w].space_before
                out.append(_with_space(units[w], sb))
            v = q - 1
        else:
            out.append(_with_space(units[v], gap_before_visual(v + 1)))
            v -= 1
    return out


def _with_space(u: Unit, space: bool) -> Unit:
    return u if u.space_before == space else Unit(u.glyph, u.marks, u.sup, space, u.bold,
                                                   u.italic)
