"""Words printed letter under letter (a margin's ``U`` / ``NI`` / ``TE`` / ``D`` … spelling UNITED
NATIONS down the page): not text of the lines they happen to share a baseline with.

Such letters sit one or two per printed line, in a narrow band of the page, line after line, far
from any other glyph of their baseline; left in, they end the masthead lines they cross
(``Distr. LIMITED U``, ``1 November 2017 TE``) and stand as lines of their own. A run of at least
:data:`MIN_RUN` such pieces (one or two capital letters) stacked at one x, in one size, a line's
height or so apart, is taken out of the page's glyphs before lines are built.

In: one page. Out: the words the pieces spelled, read top-down (for the issue that says they were
left out); the page's glyphs without them.
"""

from __future__ import annotations

from operator import itemgetter

from pipeline.ingest.pdf_chars import Glyph, PageContent

MIN_RUN = 5  # stacked pieces
_BAND = 6.0  # pt: the pieces' centres lie within this of the run's first
_MAX_STEP = 2.0  # × size: from one piece's top to the next
_MIN_STEP = 0.6
_SIZE = 0.2  # the pieces of a run are printed alike (its size within this share)
_JOIN = 0.3  # × size: glyphs closer than this are one piece
_ALONE = 1.0  # × size: a piece this far from its baseline's other glyphs stands alone
_BASE = 1.0  # pt: glyphs whose baselines differ by less share a printed line


_BY_LINE = itemgetter(5, 1)  # a glyph's baseline, then x0 (Glyph fields)
_BY_X = itemgetter(1)


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The page's visible glyphs grouped by baseline, each row left to right; only the rows
    that hold a capital letter (no other row has a piece)."""
    ink = [g for g in glyphs if not g.char.isspace()]
    ink.sort(key=_BY_LINE)
    rows: list[list[Glyph]] = []
    capitals: list[bool] = []
    row: list[Glyph] = []
    first = float("nan")  # the baseline of the row's first glyph; NaN: no row yet
    for g in ink:
        if g.base - first <= _BASE:
            row.append(g)
        else:
            row = [g]
            rows.append(row)
            capitals.append(False)
            first = g.base
        if not capitals[-1] and g.char.isupper():
            capitals[-1] = True
    out = [row for row, capital in zip(rows, capitals, strict=True) if capital]
    for row in out:
        row.sort(key=_BY_X)
    return out


def _lone_pieces(row: list[Glyph]) -> list[list[Glyph]]:
    """The pieces of one or two capital letters of a row that stand apart from its other glyphs."""
    pieces: list[list[Glyph]] = []
    for g in row:
        if pieces and g.x0 - pieces[-1][-1].x1 <= _JOIN * g.size and g.size == pieces[-1][-1].size:
            pieces[-1].append(g)
        else:
            pieces.append([g])
    out: list[list[Glyph]] = []
    for k, piece in enumerate(pieces):
        text = "".join(g.char for g in piece)
        if not (len(piece) <= 2 and text.isalpha() and text.isupper()):
            continue
        size = piece[0].size
        before = k == 0 or piece[0].x0 - pieces[k - 1][-1].x1 >= _ALONE * size
        after = k == len(pieces) - 1 or pieces[k + 1][0].x0 - piece[-1].x1 >= _ALONE * size
        if before and after:
            out.append(piece)
    return out


def drop_stacked_letters(page: PageContent) -> list[str]:
    """Take the stacked letters (see the module docstring) out of ``page.glyphs``; what they
    spelled, one word per run."""
    if sum(1 for g in page.glyphs if g.char.isupper()) < MIN_RUN:
        return []
    pieces = sorted((p for row in _rows(page.glyphs) for p in _lone_pieces(row)),
                    key=lambda p: p[0].top)
    if len(pieces) < MIN_RUN:
        return []
    runs: list[list[list[Glyph]]] = []
    for piece in pieces:
        centre = (piece[0].x0 + piece[-1].x1) / 2
        for run in runs:
            first, last = run[0], run[-1]
            step = piece[0].top - last[0].top
            size = last[0].size
            if (abs(centre - (first[0].x0 + first[-1].x1) / 2) <= _BAND
                    and abs(piece[0].size - size) <= _SIZE * size
                    and _MIN_STEP * size <= step <= _MAX_STEP * size):
                run.append(piece)
                break
        else:
            runs.append([piece])
    stacked = [run for run in runs if len(run) >= MIN_RUN]
    if not stacked:
        return []
    gone = {id(g) for run in stacked for piece in run for g in piece}
    page.glyphs = [g for g in page.glyphs if id(g) not in gone]
    return ["".join(g.char for piece in run for g in piece) for run in stacked]
