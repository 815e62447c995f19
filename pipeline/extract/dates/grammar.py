"""Calendar tokens → dated elements: single dates and ranges, each with its span and fields.

Grammar (the same for every language; the words come from :mod:`date_lexicon`):

- an *atom* is one printed date: ``D M Y``, ``D M``, ``M Y``, ``M``, ``Y`` (day-first languages),
  ``M D, Y`` and ``M D`` when the language has ``month_first``, ``Y M D``, ``Y M``, ``M D`` when
  it has ``year_first``; fillers (es ``de``) may stand between the parts, year words (ru ``года``,
  zh ``年``) and day suffixes (fr ``er``, zh ``日``) belong to the atom; a bare day (``10`` in
  ``les 10 et 11 décembre``) is an atom that must get its month from its group;
- a *group* is atoms joined by connectors: ``list_and`` or a comma (a list), ``range_to`` or a
  dash (a range); after a ``between`` word the next ``list_and`` closes a range;
- a bare day takes its month, and an atom without a year its year, from the nearest atom of its
  group that prints them: to the right (``14 au 18 juillet 2008``), or to the left when the
  language is ``year_first`` (``2008年7月14日至18日``). A comma joins a list only when a
  ``list_and`` follows in the group (``3, 4 et 5 juillet``); else it ends the group.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from pipeline.extract.dates.lexicon import DateLexicon
from pipeline.extract.dates.tokens import Token
from pipeline.text.folding import caseless
from pipeline.text.guards import may_contain

BARE_YEARS = range(1900, 2100)    # a year printed alone
DATED_YEARS = range(1000, 3000)   # a year printed with its month
_PAREN_YEAR_AFTER = re.compile(r"^\s*\(\s*\d{4}\s*\)")
_NUMBER_PAREN_BEFORE = re.compile(r"\d\s*\(\s*$")
_PAREN_CLOSE_AFTER = re.compile(r"^\s*\)")


@dataclass
class Atom:
    start: int                 # folded offsets, the printed date only
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    bare_day_digits: int = 0   # digits of a bare day (a 2-digit year after `2014-`)
    month_first: bool = False  # printed month before day (`September 20`)

    @property
    def printed(self) -> tuple[int | None, int | None, int | None]:
        return self.year, self.month, self.day


@dataclass
class Element:
    """A single date or a range, with the fields it gets from its group."""

    start: int
    end: int
    first: tuple[int | None, int | None, int | None]          # year, month, day
    last: tuple[int | None, int | None, int | None] | None     # end of a range


class _Parser:
    def __init__(self, lex: DateLexicon, text: str, toks: list[Token]) -> None:
        self.lex, self.text, self.toks = lex, text, toks
        self.index = {t.start: i for i, t in enumerate(toks)}

    # ------------------------------------------------------------------ helpers
    def tok(self, i: int, after: int | None = None) -> Token | None:
        """Token i, if it exists and only spaces separate it from offset ``after``."""
        if i >= len(self.toks):
            return None
        t = self.toks[i]
        if after is not None and self.text[after:t.start].strip():
            return None
        return t

    def is_word(self, t: Token | None, role: str) -> bool:
        return t is not None and t.kind == "word" and role in t.roles

    def day_ok(self, t: Token | None) -> bool:
        return t is not None and t.kind == "num" and t.digits <= 2 and 1 <= t.value <= 31

    def year_ok(self, t: Token | None, bare: bool) -> bool:
        if t is None or t.kind != "num" or t.digits != 4 or t.suffix:
            return False
        if not bare:
            return t.value in DATED_YEARS
        if t.value not in BARE_YEARS:
            return False
        before, after = self.text[max(0, t.start - 60):t.start], self.text[t.end:t.end + 12]
        if _PAREN_YEAR_AFTER.match(after):
            return False      # resolution 1990 (2011)
        if _NUMBER_PAREN_BEFORE.search(before) and _PAREN_CLOSE_AFTER.match(after):
            return False      # the (2011) of resolution 1990 (2011)
        if self.before_unit(t):
            return False      # 2000 долл. США, 2000 dollars
        nxt = self.tok(self.index[t.start] + 1, t.end)
        return self.is_word(nxt, "year_words") or not self.after_noun(t)

    def before_unit(self, t: Token) -> bool:
        rx = self.lex.not_year_before_re
        return rx is not None and rx.match(self.text, t.end) is not None

    def after_noun(self, t: Token) -> bool:
        """The number follows a word that numbers things (résolution, page, par.)."""
        rx = self.lex.not_year_re
        if rx is None:
            return False
        before = self.text[max(0, t.start - 40):t.start]
        if not may_contain(caseless(before), self.lex.not_year_needles):
            return False  # none of the words: the regex cannot match (and is much slower)
        return rx.search(before) is not None

    def year_words(self, i: int, end: int) -> tuple[int, int]:
        t = self.tok(i, end)
        while self.is_word(t, "year_words") and t is not None:
            i, end = i + 1, t.end
            t = self.tok(i, end)
        return i, end

    def fillers(self, i: int, end: int) -> int:
        t = self.tok(i, end)
        while self.is_word(t, "fillers") and t is not None:
            i, end = i + 1, t.end
            t = self.tok(i, end)
        return i

    # ------------------------------------------------------------------ atoms
    def atom(self, i: int) -> tuple[Atom, int] | None:
        t = self.tok(i)
        if t is None:
            return None
        if t.kind == "month":
            return self.month_atom(i)
        if t.kind != "num":
            return None
        if self.lex.year_first and self.year_ok(t, bare=False):
            j, end = self.year_words(i + 1, t.end)
            if j > i + 1:   # 2008年…
                m = self.tok(j, end)
                is_month = m is not None and m.kind == "month"
                found = self.month_atom(j, allow_day=True) if is_month else None
                if found is not None:
                    found[0].start, found[0].year = t.start, t.value
                    return found
        if self.day_ok(t) and not self.after_noun(t):
            j = self.fillers(i + 1, t.end)
            m = self.tok(j, self.toks[j - 1].end if j > i + 1 else t.end)
            if m is not None and m.kind == "month" and not self.lex.year_first:
                atom = Atom(t.start, m.end, month=m.value, day=t.value)
                k = j + 1
                y, k2 = self.year_after(k, m.end, allow_comma=True)
                if y is not None:
                    atom.year, atom.end = y
                    return atom, k2
                return atom, k
            atom = Atom(t.start, t.end, day=t.value, bare_day_digits=t.digits)
            c = self.tok(i + 1, t.end)
            if self.lex.month_first and c is not None and c.kind == "comma":
                y, k2 = self.year_after(i + 1, t.end, allow_comma=True)
                if y is not None:              # the `27, 2025` of `September 20 and 27, 2025`
                    atom.year, atom.end = y
                    return atom, k2
            return atom, i + 1
        if self.year_ok(t, bare=True):
            j, end = self.year_words(i + 1, t.end)
            return Atom(t.start, end, year=t.value), j
        return None

    def year_after(
        self, k: int, end: int, allow_comma: bool
    ) -> tuple[tuple[int, int] | None, int]:
        """A year after a month (with fillers, a comma and year words): ((year, end), next)."""
        c = self.tok(k, end)
        if allow_comma and c is not None and c.kind == "comma":
            k, end = k + 1, c.end
        k = self.fillers(k, end)
        y = self.tok(k, self.toks[k - 1].end)
        if self.year_ok(y, bare=False) and y is not None:
            k2, yend = self.year_words(k + 1, y.end)
            return (y.value, yend), k2
        return None, k

    def month_atom(self, i: int, allow_day: bool = False) -> tuple[Atom, int] | None:
        m = self.toks[i]
        atom = Atom(m.start, m.end, month=m.value)
        k = i + 1
        nxt = self.tok(k, m.end)
        if (allow_day or self.lex.year_first) and self.day_ok(nxt) and nxt is not None:
            atom.day, atom.end = nxt.value, nxt.end   # 7月14日
            return atom, k + 1
        if self.lex.month_first:
            c = nxt
            j = k + 1 if c is not None and c.kind == "comma" else k
            d = self.tok(j, self.toks[j - 1].end)
            if self.day_ok(d) and d is not None:
                y, k2 = self.year_after(j + 1, d.end, allow_comma=True)
                atom.day, atom.month_first = d.value, True
                if y is not None:          # December 6, 2006 / July, 21st 2009
                    atom.year, atom.end = y
                    return atom, k2
                if c is None or c.kind != "comma":
                    atom.end = d.end           # October 18
                    return atom, j + 1
                atom.day, atom.month_first = None, False
        y, k2 = self.year_after(k, m.end, allow_comma=True)
        if y is not None:
            atom.year, atom.end = y
            return atom, k2
        if m.context_only:
            return None
        return atom, k

    # ------------------------------------------------------------------ groups
    def leading(self, i: int) -> tuple[int, int | None, bool]:
        """Skip openers before an atom: (index of the atom, start of a range opener, between)."""
        j, open_start, between = i, None, False
        while True:
            t = self.tok(j)
            if t is None or t.kind != "word" or not (
                t.roles & {"openers", "range_open", "between", "fillers"}
            ):
                return j, open_start, between
            nxt = self.tok(j + 1, t.end)
            if nxt is None:
                return j, open_start, between
            if "range_open" in t.roles and open_start is None:
                open_start = t.start
            between = between or "between" in t.roles
            j += 1

    def group(self, i: int) -> tuple[list[Atom], list[str], list[int | None], int] | None:
        """Atoms joined by connectors from token i: (atoms, connectors, the start of the range
        opener before each atom, index after the group)."""
        j, open_start, between = self.leading(i)
        first = self.atom(j)
        if first is None:
            return None
        atoms, conns, opens = [first[0]], [], [open_start]
        k = first[1]
        while True:
            end = atoms[-1].end
            t = self.tok(k, end)
            comma = t is not None and t.kind == "comma"
            if comma and t is not None:
                k, end = k + 1, t.end
                t = self.tok(k, end)
            if t is not None and (t.kind == "dash" or self.is_word(t, "range_to")):
                conn = "to"
            elif self.is_word(t, "list_and") or (t is not None and t.kind == "glued"):
                conn = "and"
            elif comma:
                conn, t = "comma", None
            else:
                break
            if t is not None:
                k, end = k + 1, t.end
            if self.tok(k, end) is None:
                break
            j2, open2, between2 = self.leading(k)
            if j2 > k and t is not None and t.kind == "dash":
                break             # `29 - في 15 آذار/مارس`: a paragraph number, not a range
            nxt = self.atom(j2)
            if nxt is None:
                break
            if conn == "and" and between:
                conn, between = "to", False
            between = between or between2
            atoms.append(nxt[0])
            conns.append(conn)
            opens.append(open2)
            k = nxt[1]
        return atoms, conns, opens, k


def _split_commas(atoms: list[Atom], conns: list[str]) -> list[tuple[list[Atom], list[str]]]:
    """A comma joins a list only when a `list_and` follows it in the group."""
    out: list[tuple[list[Atom], list[str]]] = []
    cur_a: list[Atom] = [atoms[0]]
    cur_c: list[str] = []
    for idx, conn in enumerate(conns):
        if conn == "comma" and "and" not in conns[idx + 1:]:
            out.append((cur_a, cur_c))
            cur_a, cur_c = [atoms[idx + 1]], []
        else:
            cur_a.append(atoms[idx + 1])
            cur_c.append("and" if conn == "comma" else conn)
    out.append((cur_a, cur_c))
    return out


def _nearest(atoms: list[Atom], idx: int, field: str, left_first: bool) -> int | None:
    order = range(idx - 1, -1, -1) if left_first else range(idx + 1, len(atoms))
    for k in order:
        value: int | None = getattr(atoms[k], field)
        if value is not None:
            return value
    return None


def _left_month_first(atoms: list[Atom], idx: int) -> bool:
    for k in range(idx - 1, -1, -1):
        if atoms[k].month is not None:
            return atoms[k].month_first
    return False


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if d is None:
        return True
    if m is None:
        return False
    return d <= calendar.monthrange(y if y is not None else 2000, m)[1]


def _complete(
    atoms: list[Atom], left_first: bool
) -> list[tuple[int | None, int | None, int | None]]:
    out = []
    for idx, a in enumerate(atoms):
        y, m, d = a.printed
        if d is not None and m is None:
            m = _nearest(atoms, idx, "month", left_first)
            if m is None and not left_first and _left_month_first(atoms, idx):
                m = _nearest(atoms, idx, "month", True)    # September 20 and 27, 2025
        if m is not None and y is None:
            y = _nearest(atoms, idx, "year", left_first)
        out.append((y, m, d))
    return out


def _key(f: tuple[int | None, int | None, int | None]) -> tuple[int, int, int]:
    return (f[0] or 0, f[1] or 0, f[2] or 0)


def _range(
    a: tuple[int | None, int | None, int | None], b: tuple[int | None, int | None, int | None],
    a_atom: Atom, b_atom: Atom,
) -> tuple[tuple[int | None, int | None, int | None],
           tuple[int | None, int | None, int | None]] | None:
    if a[1] is None and a[0] is not None and b_atom.bare_day_digits == 2 and b[1] is None:
        century = a[0] // 100 * 100        # 2014-15
        if b[2] is not None and b[2] > a[0] % 100:
            return a, (century + b[2], None, None)
        return None
    if (a[0] is None) != (b[0] is None) or (a[1] is None and a[0] is None):
        return None
    if (a[0] is not None and b[0] is not None and a_atom.year is None
            and a_atom.month is not None and _key(a) > _key(b)):
        a = (a[0] - 1, a[1], a[2])          # du 28 décembre au 3 janvier 2008
    if a[0] is not None and _key(a) > _key(b):
        return None
    return a, b


def parse(lex: DateLexicon, text: str, toks: list[Token]) -> list[Element]:
    """The dated elements of a folded text, in reading order."""
    p = _Parser(lex, text, toks)
    out: list[Element] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "split_year" and t.value is not None:
            if not p.after_noun(t):  # not a resolution number: ECOSOC's `2009/10`
                out.append(Element(t.start, t.end, (t.value, None, None),
                                   (t.value + 1, None, None)))
            i += 1
            continue
        g = p.group(i)
        if g is None:
            i += 1
            continue
        atoms, conns, opens, nxt = g
        open_of = {id(a): o for a, o in zip(atoms, opens, strict=True)}
        for part_atoms, part_conns in _split_commas(atoms, conns):
            fields = _complete(part_atoms, lex.year_first)
            k = 0
            while k < len(part_atoms):
                is_range = k < len(part_conns) and part_conns[k] == "to"
                a, fa = part_atoms[k], fields[k]
                opened = open_of[id(a)]
                start = opened if is_range and opened is not None else a.start
                if is_range:
                    b, fb = part_atoms[k + 1], fields[k + 1]
                    r = _range(fa, fb, a, b)
                    if r is not None and _valid(*r[0]) and _valid(*r[1]):
                        out.append(Element(start, b.end, r[0], r[1]))
                        k += 2
                        continue
                    # not a range: the first part stands alone only on what it prints itself
                    if a.month is None and a.day is not None:
                        k += 1
                        continue
                if _valid(*fa) and (fa[1] is not None or fa[0] is not None):
                    out.append(Element(a.start, a.end, fa, None))
                k += 1
        i = max(nxt, i + 1)
    return out
