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

Speed: this runs on every glyph of every page, so the common case is kept cheap. Glyphs stay
plain tuples (no object per glyph, which also spares the garbage collector); a line of one size
and one style skips the counting; only the text of a right-to-left segment, or of one with
superscripts or stray combining marks, goes through per-glyph :class:`Unit` records.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from unicodedata import bidirectional, combining

from pipeline.ingest.pdf_chars import Glyph, PageContent
from pipeline.text.markers import SUPERSCRIPTS, to_superscript
from pipeline.text.width import is_wide

_BASE_TOLERANCE = 0.3  # × font size: glyphs on baselines this close share a line
_SUP_MAX_RATIO = 0.88  # a superscript is at most this fraction of the line's size
_SUP_MIN_RAISE = 0.12  # … and raised by at least this fraction of the line's size
_SUP_MAX_RAISE = 0.75
_SEGMENT_GAP = 1.2  # × size: a wider horizontal gap starts a new segment
_SPACE_GAP = 0.18  # × size: a gap this wide between glyphs is a word space
# × size: … or this much wider than the line's typical gap where pdfium saw a word break (a
# bold heading's tight letters overlap their boxes, `for transport` read `fortransport` by the
# gap alone; so do the joined letters of Arabic, `بمجموعةمنالتحديات`)
_HINTED_GAP = 0.1
_STRONG_RTL = frozenset({"R", "AL"})
_LTR_RUN = frozenset({"L", "EN", "AN"})
_LTR_JOIN = frozenset({"ES", "ET", "CS"})
_OWN_DIRECTION = 15  # letters a segment needs to be read in its own direction (a column's line)
_COLUMNS = 4  # … or segments of its line at most (columns, not the words of a justified line)
_RUN_PUNCT = frozenset(".,;:،؛")  # punctuation that may share a call's small raised type
_OPENERS = frozenset("([")  # brackets as the text layer gives them (logical, not mirrored)
_CLOSERS = frozenset(")]")
_MARKER_START = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹*")
_PRESENTATION_FORM = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]")
_KASHIDA = "\u0640"
_DROP = frozenset({_KASHIDA, "\ufeff", "\u200b"})  # tatweel (justification), BOM, ZWSP


@dataclass(slots=True)
class Unit:
    """A base glyph with its combining marks, as read for the text of a segment that needs
    more than joining its glyphs (right-to-left order, superscripts, marks)."""

    glyph: Glyph
    marks: str = ""
    sup: bool = False
    space_before: bool = False


@dataclass
class Segment:
    units: list[Glyph]  # the segment's glyphs (spaces excluded), left to right
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    line: Line | None = None
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    rtl: bool = False  # read right to left (its line's direction, or its own: see _glyphs_rtl)


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


@dataclass(slots=True)
class _Draft:
    """A line before it is cut into segments: its glyphs (spaces excluded) left to right by
    centre; ``spaced[i]``, a word space before glyph ``i`` (a space glyph, later also a wide
    gap; never read for the first glyph of a segment); ``sup``, the superscript flags, or None
    when there is none; ``size``/``style``, the size and style of every glyph when they all
    share one (else None); ``marks``, combining marks attached to glyph ``i`` after the fact."""

    line: Line
    glyphs: list[Glyph]
    spaced: list[bool]
    sup: list[bool] | None
    size: float | None
    style: int | None
    unspaced: bool = False  # a line mostly of wide characters: gaps are never word spaces
    hints: set[int] = field(default_factory=set)  # glyphs pdfium put a word break before
    marks: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Page:
    """What build_lines learns once per page, from its distinct characters and styles."""

    number: int
    flags: list[tuple[bool, bool]]  # (bold, italic) per style index
    spaces: frozenset[str]  # whitespace characters
    ltr: frozenset[str]  # characters that start with a strong left-to-right letter
    rtl: frozenset[str]  # … with a strong right-to-left letter (none on most pages)
    rtl_default: bool
    wide: frozenset[str]  # East Asian wide and fullwidth characters (Chinese; none on most pages)


def build_lines(page: PageContent, rtl_default: bool) -> list[Line]:
    """The printed lines of ``page``, top to bottom (segments left to right); ``rtl_default``
    orders a line without strong letters (digits, punctuation) right to left."""
    chars = set(map(_CHAR, page.glyphs))
    # one test per distinct character, not per glyph: is it a combining mark, or dropped?
    odd = {c for c in chars if combining(c[0]) or c in _DROP}
    marks: list[Glyph] = []
    if odd:
        glyphs: list[Glyph] = []
        for g in page.glyphs:
            if g[0] in odd:
                if combining(g[0][0]):
                    marks.append(g)
            elif g[2] > g[1] - 0.01:
                glyphs.append(g)  # spaces included: they share their line's baseline
    else:
        glyphs = [g for g in page.glyphs if g[2] > g[1] - 0.01]
    if _KASHIDA in chars:
        glyphs = _bridge_kashidas(glyphs, [g for g in page.glyphs if g.char == _KASHIDA])
    clusters = _merge_superscript_clusters(_cluster_baselines(glyphs))
    bidi = {c: bidirectional(c[0]) for c in chars}
    facts = _Page(page.number, [(s.bold, s.italic) for s in page.styles],
                  frozenset(c for c in chars if c.isspace()),
                  frozenset(c for c, b in bidi.items() if b == "L"),
                  frozenset(c for c, b in bidi.items() if b in _STRONG_RTL), rtl_default,
                  frozenset(c for c in chars if is_wide(c[0])))
    drafts: list[_Draft] = []
    for c in clusters:
        draft = _make_line(facts, c)
        if draft is not None:
            drafts.append(draft)
    if marks:
        _attach_marks(drafts, marks)
    lines = [_finish_line(d, facts) for d in drafts]
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
    """Glyphs grouped by baseline, top to bottom: a glyph joins the current cluster when its
    baseline is within tolerance (a share of the smaller of its size and the cluster's first
    glyph's) of the cluster's running mean baseline."""
    glyphs = sorted(glyphs, key=_BASE)
    # with positive sizes the tolerance is never negative: a glyph on the very baseline of the
    # cluster's mean joins it and leaves the mean where it is (most glyphs of a line)
    positive = all(s > 0 for s in set(map(_SIZE, glyphs)))
    clusters: list[list[Glyph]] = []
    cur: list[Glyph] = []
    cur_base = first_size = math.nan  # NaN equals nothing
    for g in glyphs:  # hot loop: tuple indexing, the common case first
        base = g[5]
        if base == cur_base and positive:
            cur.append(g)
            continue
        size = g[6]
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
    return _most_common(Counter(map(_SIZE, glyphs)))


def _most_common(sizes: Counter[float]) -> float:
    """The most frequent size; the largest among equally frequent ones."""
    if len(sizes) == 1:  # the usual case
        return next(iter(sizes))
    size: float = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return size


def _merge_superscript_clusters(clusters: list[list[Glyph]]) -> list[list[Glyph]]:
    """Fold short runs of small raised glyphs (note markers) into the line they belong to: the
    run must sit right after (``aspects¹``) or right before (``¹ See``) a larger glyph of a
    line whose baseline is a little lower; of two such lines (two columns whose baselines
    differ a little), the one it is closest to, a word it ends before a text it starts. A run
    of small glyphs that shares the baseline of a line of the other column, far from its
    glyphs, and ends a word of a lower line is that line's call too (``inequality.¹⁰``)."""
    sizes = [_dominant_size(c) for c in clusters]
    bases = [sum(map(_BASE, c)) / len(c) for c in clusters]
    merged: list[list[Glyph]] = [list(c) for c in clusters]
    # the clusters were cut from glyphs sorted by baseline, so their bases ascend (checked, as
    # rounding could break it): the scan for lines within reach below stops at the first line
    # out of reach for any size
    ascending = all(a <= b for a, b in pairwise(bases)) and all(s == s for s in sizes)
    reach = _SUP_MAX_RAISE * max(sizes) if sizes else 0.0
    for i, cluster in enumerate(clusters):
        below: list[int] = []
        for j in range(i + 1, len(clusters)):
            raise_ = bases[j] - bases[i]
            if ascending and raise_ > reach:
                break
            if raise_ <= _SUP_MAX_RAISE * sizes[j]:
                below.append(j)
        if not below:
            continue
        ink = [g for g in cluster if not g.char.isspace()]
        if all(sizes[i] > _SUP_MAX_RATIO * sizes[j] for j in below):
            runs = _stray_runs(ink, sizes[i])
            after_only = True
        else:
            runs = _runs(ink, sizes[i]) if ink else []
            after_only = False
        moved: set[int] = set()
        for run in runs:
            if len(run) > _SUP_MAX_RUN:
                continue
            gaps = [(gap, j) for j in below
                    if (gap := _raised_next_to(run, clusters[j], after_only)) is not None]
            if gaps:
                merged[min(gaps)[1]].extend(run)
                moved.update(id(g) for g in run)
        if moved:
            merged[i] = [g for g in merged[i] if id(g) not in moved]
    return [m for m in merged if m]


def _stray_runs(ink: list[Glyph], size: float) -> list[list[Glyph]]:
    """Runs of small glyphs of a line that stand apart from its other glyphs (more than a size
    away on both sides)."""
    small = [g for g in ink if g.size <= _SUP_MAX_RATIO * size]
    if not small:
        return []
    large = [g for g in ink if g.size > _SUP_MAX_RATIO * size]
    return [run for run in _runs(small, size)
            if not any(run[0].x0 - size < g.x1 and g.x0 < run[-1].x1 + size for g in large)]


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


def _raised_next_to(run: list[Glyph], line: list[Glyph], after_only: bool = False
                    ) -> float | None:
    """How far a raised run is from the glyph of ``line`` it follows (or, unless
    ``after_only``, precedes, then counted half a size farther); None if it is next to none."""
    x0, x1 = run[0].x0, run[-1].x1
    base = min(g.base for g in run)
    size = max(g.size for g in run)
    best: float | None = None
    for h in line:
        if size > _SUP_MAX_RATIO * h.size:
            continue
        raise_ = h.base - base
        if not _SUP_MIN_RAISE * h.size <= raise_ <= _SUP_MAX_RAISE * h.size:
            continue
        reach = (0.3 if after_only else 1.5) * h.size
        gap: float | None = None
        if -1.0 <= x0 - h.x1 <= reach:
            gap = max(0.0, x0 - h.x1)
        elif not after_only and -1.0 <= h.x0 - x1 <= reach:
            gap = max(0.0, h.x0 - x1) + 0.5 * h.size
        if gap is not None and (best is None or gap < best):
            best = gap
    return best


def _make_line(page: _Page, glyphs: list[Glyph]) -> _Draft | None:
    spaces = page.spaces
    ink = [g for g in glyphs if g[0] not in spaces]
    if not ink:
        return None
    sizes: set[float] | Counter[float] = set(map(_SIZE, ink))
    if len(sizes) == 1:  # the usual case: no need to count
        size = next(iter(sizes))
    else:
        sizes = Counter(map(_SIZE, ink))
        size = _most_common(sizes)
    min_size = _SUP_MAX_RATIO * size
    main = ink  # the glyphs of the line's size (superscripts and the like left out)
    if not all(s >= min_size for s in sizes):
        main = [g for g in ink if g[6] >= min_size] or ink
    base = sorted(map(_BASE, main))[len(main) // 2]
    styles = set(map(_STYLE, main))
    if len(styles) == 1:
        bold, italic = page.flags[next(iter(styles))]
        n_bold, n_italic = bold * len(main), italic * len(main)
    else:
        n_bold = n_italic = 0
        for sid, n in Counter(map(_STYLE, main)).items():
            bold, italic = page.flags[sid]
            n_bold += bold * n
            n_italic += italic * n
    if page.rtl:
        n_ltr = sum(map(page.ltr.__contains__, map(_CHAR, main)))
        n_rtl = sum(map(page.rtl.__contains__, map(_CHAR, main)))
        rtl = n_rtl > n_ltr or (n_rtl == n_ltr == 0 and page.rtl_default)
    else:  # no right-to-left letter on the page: only a line without letters can be RTL
        rtl = page.rtl_default and not any(map(page.ltr.__contains__, map(_CHAR, main)))
    # left to right by centre (zero-width spaces sort among their neighbours); sorting indices
    # by a precomputed key is as stable as sorted(glyphs, key=centre), and cheaper
    centres = [g[1] + g[2] for g in glyphs]
    # Chinese is set without word spaces, and a justified line spreads its characters (digits
    # and Latin letters among them): there a gap is never a word space, nor is a space pdfium
    # generated for a gap (it has no width of its own); a space drawn by the document is one
    wide = page.wide
    unspaced = bool(wide) and sum(map(wide.__contains__, map(_CHAR, main))) * 2 > len(main)
    ordered: list[Glyph] = []
    spaced: list[bool] = []  # a space glyph just before, in centre order
    hints: set[int] = set()  # glyphs after a space without width (pdfium's word break)
    after_space = soft_space = False
    for i in sorted(range(len(glyphs)), key=centres.__getitem__):  # hot loop
        g = glyphs[i]
        if g[0] in spaces:
            if g[2] - g[1] < 0.01:
                soft_space = True
            else:
                after_space = True
        else:
            if soft_space and not after_space:
                if wide:
                    after_space = not (unspaced or g[0] in wide or
                                       (bool(ordered) and ordered[-1][0] in wide))
                else:
                    hints.add(len(ordered))
            ordered.append(g)
            spaced.append(after_space)
            after_space = soft_space = False
    if page.rtl and page.rtl_default and not rtl and n_rtl:
        rtl = _opens_right_to_left(page, ordered)
    sup: list[bool] | None = None
    if not all(s > min_size for s in sizes):  # some glyph is small enough to be a superscript
        raise_min = _SUP_MIN_RAISE * size
        sup = [g[6] <= min_size and base - g[5] >= raise_min for g in ordered]
        if not any(sup):
            sup = None
    line = Line(page.number, base, min(map(_TOP, main)), max(map(_BOTTOM, main)),
                ordered[0][1], max(map(_X1, ordered)), size, n_bold * 2 > len(main),
                n_italic * 2 > len(main), rtl)
    one_size = size if len(sizes) == 1 else None  # then main is ink: styles counts every glyph
    one_style = next(iter(styles)) if one_size is not None and len(styles) == 1 else None
    return _Draft(line, ordered, spaced, sup, one_size, one_style, unspaced, hints)


def _opens_right_to_left(page: _Page, ordered: list[Glyph]) -> bool:
    """In a right-to-left document, a line of more Latin than Arabic letters whose rightmost
    letter is Arabic: an Arabic paragraph's line that quotes a web address or an English title
    (``)4( هناك مسودة … متاحة على www.un.org/…``), read from its right edge."""
    for g in reversed(ordered):
        if g[0] in page.rtl:
            return True
        if g[0] in page.ltr:
            return False
    return False


def _attach_marks(drafts: list[_Draft], marks: list[Glyph]) -> None:
    """Give a combining mark the text layer did not put after its base to the nearest base."""
    for m in marks:
        best: _Draft | None = None
        best_d = 1e9
        for draft in drafts:
            ln = draft.line
            if ln.top - 2 <= (m.top + m.bottom) / 2 <= ln.bottom + 2:
                d = abs(ln.base - m.base)
                if d < best_d:
                    best, best_d = draft, d
        if best is None:
            continue
        cx = (m.x0 + m.x1) / 2
        gs = best.glyphs
        host = min(range(len(gs)), key=lambda i: abs((gs[i].x0 + gs[i].x1) / 2 - cx))
        best.marks[host] = best.marks.get(host, "") + m.char


def _finish_line(draft: _Draft, page: _Page) -> Line:
    """Split the line into segments at wide gaps, mark word spaces at narrower ones (never next
    to an East Asian wide character, nor in a line mostly of them), and compute each segment's
    text, size and style."""
    line, glyphs, spaced = draft.line, draft.glyphs, draft.spaced
    flags, wide_chars = page.flags, page.wide
    size = line.size
    wide = _SEGMENT_GAP * size
    n = len(glyphs)
    starts = [0]
    unspaced = draft.unspaced
    hints = draft.hints
    over = _HINTED_GAP
    if line.rtl and hints:
        # right to left, joined letters' boxes overlap about as much as a word's last letter and
        # the next word's first, and pdfium also breaks words at a shadda or a comma: its word
        # breaks count only in a line that draws fewer spaces of its own (a producer that places
        # words without spaces), and then need only a gap wider than the typical
        hints = set() if sum(spaced) >= len(hints) else hints
        over = 0.0
    typical = _typical_gap(glyphs) if hints else 0.0
    prev_x1, prev_size = glyphs[0][2], glyphs[0][6]
    for i in range(1, n):  # hot loop: plain locals and tuple indexing
        g = glyphs[i]
        gap = g[1] - prev_x1
        g_size = g[6]
        if gap > wide:
            starts.append(i)
        else:
            # min(size, max(g_size, prev_size)), without the calls
            bigger = prev_size if prev_size > g_size else g_size
            em = bigger if bigger < size else size
            if (gap > _SPACE_GAP * em and not unspaced and not (
                    wide_chars and (g[0] in wide_chars or glyphs[i - 1][0] in wide_chars))) or (
                    hints and gap > typical + over * em and i in hints):
                spaced[i] = True
        prev_x1, prev_size = g[2], g_size
    starts.append(n)
    if len(starts) > 2 and page.rtl:
        # segments of one baseline may belong to columns of either direction (an English note
        # beside an Arabic one): each is read in its own
        columns = len(starts) - 1 <= _COLUMNS
        line.segments = [_segment(draft, a, b, flags, _glyphs_rtl(page, draft.glyphs[a:b],
                                                                  line.rtl, columns))
                         for a, b in pairwise(starts)]
    else:
        line.segments = [_segment(draft, a, b, flags, line.rtl) for a, b in pairwise(starts)]
    return line


def _typical_gap(glyphs: list[Glyph]) -> float:
    """The median gap between neighbouring glyphs of a line: about zero in Latin text, well
    below in Arabic (joined letters' boxes overlap) or in a bold heading's tight setting."""
    gaps = sorted(b[1] - a[2] for a, b in pairwise(glyphs))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _glyphs_rtl(page: _Page, glyphs: list[Glyph], default: bool, columns: bool) -> bool:
    """Do ``glyphs`` (in visual order) read right to left: more Arabic letters than Latin, or,
    in a right-to-left document, an Arabic letter rightmost. ``default`` (the line's direction)
    without letters, and for fewer than :data:`_OWN_DIRECTION` letters unless the line's
    segments are few enough to be ``columns`` (a justified line sets its words apart)."""
    chars = [g[0] for g in glyphs]
    n_ltr = sum(map(page.ltr.__contains__, chars))
    n_rtl = sum(map(page.rtl.__contains__, chars))
    if n_rtl + n_ltr == 0 or (n_rtl + n_ltr < _OWN_DIRECTION and not columns):
        return default  # a word of a justified line (`،TiVA`) is read in its line's direction
    if n_rtl > n_ltr:
        return True
    return bool(page.rtl_default and n_rtl) and _opens_right_to_left(page, glyphs)


def _segment(draft: _Draft, a: int, b: int, flags: list[tuple[bool, bool]], rtl: bool
             ) -> Segment:
    """Segment of ``draft``'s glyphs ``a`` to ``b`` (exclusive)."""
    line = draft.line
    if a == 0 and b == len(draft.glyphs) and draft.size is not None:
        # the whole line, all of one size (its extent was measured over the same glyphs)
        glyphs = draft.glyphs
        seg = Segment(glyphs, line.x0, line.x1, line.top, line.bottom, line=line)
    else:
        glyphs = draft.glyphs[a:b]
        seg = Segment(glyphs, glyphs[0][1], max(map(_X1, glyphs)), min(map(_TOP, glyphs)),
                      max(map(_BOTTOM, glyphs)), line=line)
    seg.rtl = rtl
    sup = draft.sup[a:b] if draft.sup is not None else None
    if sup is not None and not any(sup):
        sup = None
    marks = {i - a: m for i, m in draft.marks.items() if a <= i < b} if draft.marks else {}
    if rtl or marks or sup is not None:
        units = [Unit(g, marks.get(i, ""), sup is not None and sup[i], draft.spaced[a + i])
                 for i, g in enumerate(glyphs)]
        # a left-to-right segment of a right-to-left line keeps the line's rule for raised text
        # (a date set small and high in an Arabic masthead is no call)
        seg.text = _units_text(units, rtl, calls_checked=line.rtl and not rtl)
    else:
        seg.text = _plain_text(glyphs, draft.spaced[a:b])
    main = glyphs  # size and style are the majority's among the glyphs that are not raised
    if sup is not None:
        main = [g for g, s in zip(glyphs, sup, strict=True) if not s] or glyphs
    seg.size = draft.size if draft.size is not None else _dominant_size(main)
    if draft.style is not None:
        seg.bold, seg.italic = flags[draft.style]
    else:
        n_bold = n_italic = 0
        for sid, n in Counter(map(_STYLE, main)).items():
            bold, italic = flags[sid]
            n_bold += bold * n
            n_italic += italic * n
        seg.bold = n_bold * 2 > len(main)
        seg.italic = n_italic * 2 > len(main)
    return seg


def split_segment(seg: Segment, k: int) -> tuple[Segment, Segment] | None:
    """``seg`` cut before its glyph ``k`` into two segments of the same line and type, or None
    where its text does not map one character to one glyph (a ligature spelled out, a right-to-
    left segment): then the text cannot be cut where the glyphs are."""
    if seg.line is None or seg.rtl or not 0 < k < len(seg.units):
        return None
    if len(seg.text.replace(" ", "")) != len(seg.units):
        return None
    # the text position of glyph k: its k-th character that is not a space
    cut = [i for i, ch in enumerate(seg.text) if ch != " "][k]
    left_glyphs, right_glyphs = seg.units[:k], seg.units[k:]

    def part(glyphs: list[Glyph], text: str) -> Segment:
        return Segment(glyphs, glyphs[0][1], max(map(_X1, glyphs)), min(map(_TOP, glyphs)),
                       max(map(_BOTTOM, glyphs)), text=text, line=seg.line, size=seg.size,
                       bold=seg.bold, italic=seg.italic, rtl=seg.rtl)

    return (part(left_glyphs, seg.text[:cut].rstrip()),
            part(right_glyphs, seg.text[cut:].lstrip()))


def _plain_text(glyphs: list[Glyph], spaced: list[bool]) -> str:
    """Text of left-to-right glyphs without superscripts or marks: the characters, a space
    where ``spaced`` says (never before the first)."""
    text = "".join([" " + g[0] if sp else g[0] for g, sp in zip(glyphs, spaced, strict=True)])
    if spaced[0]:
        text = text[1:]
    return unicodedata.normalize("NFKC", text) if _needs_nfkc(text) else text


def _units_text(units: list[Unit], rtl: bool, calls_checked: bool = False) -> str:
    """Logical-order text of units given in visual (left-to-right) order; with
    ``calls_checked``, left-to-right units whose raised runs must pass as calls the
    right-to-left rule (:func:`_markers_only`)."""
    if rtl:
        units = _visual_to_logical(_markers_only(units))
    elif calls_checked:
        units = _markers_only(units)
    out: list[str] = []
    lead_end = _leading_sup_end(units)
    brackets = _marker_brackets(units)
    for i, u in enumerate(units):
        if i in brackets:
            continue
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
    return nfkc_keeping_markers(text) if rtl or _needs_nfkc(text) else text


_SUPERSCRIPT_RUN = re.compile(f"([{SUPERSCRIPTS}]+)")


def nfkc_keeping_markers(text: str) -> str:
    """NFKC (Arabic presentation forms → base letters, ligatures → letters), superscript digits
    (footnote markers) kept as they are."""
    parts = _SUPERSCRIPT_RUN.split(text)
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


_MARKER_GLYPHS = frozenset("0123456789*()[]")
_RTL_CALL_MIN_RAISE = 0.2  # × the line's size


def _markers_only(units: list[Unit]) -> list[Unit]:
    """In a right-to-left line, a raised run is a note call only when it is one to three digits
    or asterisks (in brackets or not) in the line's own script: a date or a symbol set small
    and high beside a larger line (``24 January 2018``, ``E/ESCWA/2017/EC.4/3``), a raised
    number next to a Latin word, is text; a raised number in raised brackets is a call even
    beside Latin words (``(Hausmann and Klinger)⁽⁶⁾``). So is a number barely raised, less than
    a fifth of the line's size (an item label ``(2)`` set a little smaller and higher in a
    table of indicators): a call is raised about a third of it."""
    out = list(units)
    text_glyphs = [u.glyph for u in units if not u.sup] or [u.glyph for u in units]
    size = max(g.size for g in text_glyphs)
    base = sorted(g.base for g in text_glyphs)[len(text_glyphs) // 2]
    i = 0
    while i < len(out):
        if not out[i].sup:
            i += 1
            continue
        j = i
        while j < len(out) and out[j].sup and not (j > i and out[j].space_before):
            j += 1
        # the sentence's full stop set small with its call (``.(6)`` in visual order) is text
        while i < j and out[i].glyph.char in _RUN_PUNCT:
            out[i] = Unit(out[i].glyph, out[i].marks, False, out[i].space_before)
            i += 1
        while j > i and out[j - 1].glyph.char in _RUN_PUNCT:
            j -= 1
            out[j] = Unit(out[j].glyph, out[j].marks, False, out[j].space_before)
        if i == j:
            continue
        run = [u.glyph.char for u in out[i:j]]
        digits = sum(ch.isdigit() or ch == "*" for ch in run)
        bracketed = len(run) >= 3 and run[0] in "()[]" and run[-1] in "()[]"
        raise_ = base - min(u.glyph.base for u in out[i:j])
        if (any(ch not in _MARKER_GLYPHS for ch in run) or not 1 <= digits <= 3
                or raise_ < _RTL_CALL_MIN_RAISE * size
                or (not bracketed and (_latin(out, i - 1, -1) or _latin(out, j, 1)))):
            for k in range(i, j):
                u = out[k]
                out[k] = Unit(u.glyph, u.marks, False, u.space_before)
        i = j
    return out


def _latin(units: list[Unit], k: int, step: int) -> bool:
    """Is the nearest glyph from ``k`` on (going by ``step``) a Latin letter?"""
    while 0 <= k < len(units):
        ch = units[k].glyph.char[0]
        if not ch.isspace():
            return ch.isalpha() and ch.isascii()
        k += step
    return False


def _marker_brackets(units: list[Unit]) -> set[int]:
    """Raised brackets around a raised number or asterisk (a call printed ``⁽¹⁾``, as Arabic
    documents do): the marker is the number alone."""
    out: set[int] = set()
    for i, u in enumerate(units):
        if u.sup and u.glyph.char in "()[]":
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and units[j].sup and (
                        units[j].glyph.char.isdigit() or units[j].glyph.char == "*"):
                    out.add(i)
    return out


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

    _close_ltr_brackets(units, classes)
    out: list[Unit] = []
    v = n - 1
    while v >= 0:
        if classes[v] in _LTR_RUN:
            # extend the run leftwards over LTR characters and separators between them; a
            # raised note call is a run of its own (``2030`` then ``¹``, not ``¹2030``)
            q = v
            k = v
            raised = units[v].sup
            # other neutrals (``@``, ``_``, ``&``) join the run only between two letters: between
            # numbers they take the paragraph's direction (``2030 – (2019)``)
            neutral = False
            while k - 1 >= 0 and units[k - 1].sup == raised:
                cls = classes[k - 1]
                if cls in _LTR_RUN:
                    if neutral and not (_latin_at(classes, k - 1) and _latin_at(classes, q)):
                        break
                    k -= 1
                    q, neutral = k, False
                elif cls in _LTR_JOIN or cls == "WS" or units[k - 1].glyph.char in "()":
                    k -= 1
                elif cls == "ON":
                    k -= 1
                    neutral = True
                else:
                    break
            r = v
            for w in range(q, r + 1):
                sb = gap_before_visual(r + 1) if w == q else units[w].space_before
                out.append(_with_space(units[w], sb))
            v = q - 1
        else:
            out.append(_with_space(units[v], gap_before_visual(v + 1)))
            v -= 1
    return out


def _latin_at(classes: list[str], i: int) -> bool:
    """Is character ``i`` a letter of a left-to-right script, or a number that follows one
    (``slimbenchikh632`` in an e-mail address: the Unicode algorithm's rule W7)?"""
    while i >= 0 and classes[i] in ("EN", "ES", "CS", "ET"):
        i -= 1
    return i >= 0 and classes[i] == "L"


def _close_ltr_brackets(units: list[Unit], classes: list[str]) -> None:
    """A closing bracket of a bracket opened inside a left-to-right run (``…/4(Part I)``, read
    left to right, with no Arabic letter in between) is that run's last character: classed
    ``L`` in ``classes`` (the pair resolves to its content's direction, as the Unicode
    bidirectional algorithm's bracket pairs do)."""
    depth = 0
    latin = False
    for i, u in enumerate(units):
        cls = classes[i]
        if cls in ("R", "AL"):
            depth, latin = 0, False
        elif cls == "L":
            latin = True
        ch = u.glyph.char
        if ch in _OPENERS and latin:
            depth += 1
        elif ch in _CLOSERS and depth > 0:
            depth -= 1
            classes[i] = "L"


def _with_space(u: Unit, space: bool) -> Unit:
    return u if u.space_before == space else Unit(u.glyph, u.marks, u.sup, space)
