"""Dated elements → ISO 8601 values, and the rules that give a year to a date printed without one.

A date printed without its year gets one only when it is certain:

- *same sentence*: every year printed in the sentence is the same year Y, at least one of them
  comes with its month, and the months run in order around the date (a date before
  ``30 avril 2015`` is not later than April, one after it not earlier) — ``du 3 au 5 février,
  et du 28 au 30 avril 2015`` gives 2015-02-03/2015-02-05;
- *reporting period*: exactly one year puts the date inside the periods the document says it
  covers (``Il porte sur la période allant de juillet 2007 à juillet 2008``): ``le 25 février``
  → 2008-02-25, but ``le 10 juillet`` stays ``--07-10``. A date printed with its month only needs
  to overlap a period, a day to lie in one.

When both rules give a year and they differ, neither is used. Otherwise the value says only what
is printed: ``--MM-DD``, ``--MM`` (ISO 8601:2000 truncated forms).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.dates.grammar import Element

Fields = tuple[int | None, int | None, int | None]
Period = tuple[dt.date, dt.date]

_SENTENCE_END = re.compile(r"[.!?؟;؛](?=\s)|[。！？；\n]")


def iso(f: Fields) -> str:
    y, m, d = f
    if y is None:
        return f"--{m:02d}" + (f"-{d:02d}" if d is not None else "")
    if m is None:
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")


def precision(f: Fields) -> str:
    return "day" if f[2] is not None else "month" if f[1] is not None else "year"


def value_of(first: Fields, last: Fields | None) -> tuple[str, str]:
    """ISO value and precision (the coarser end of a range)."""
    if last is None:
        return iso(first), precision(first)
    order = ["year", "month", "day"]
    prec = min(precision(first), precision(last), key=order.index)
    return f"{iso(first)}/{iso(last)}", prec


def first_day(f: Fields) -> dt.date:
    y, m, d = f
    assert y is not None
    return dt.date(y, m or 1, d or 1)


def last_day(f: Fields) -> dt.date:
    y, m, d = f
    assert y is not None
    if m is None:
        return dt.date(y, 12, 31)
    return dt.date(y, m, d or calendar.monthrange(y, m)[1])


def _fields(iso_value: str) -> Fields | None:
    """``2008``, ``2008-07``, ``2008-07-14`` → fields; a value without its year → None."""
    parts = iso_value.split("-")
    if iso_value.startswith("--") or not parts[0].isdigit():
        return None
    numbers = [int(p) for p in parts]
    return (numbers[0], numbers[1] if len(numbers) > 1 else None,
            numbers[2] if len(numbers) > 2 else None)


def bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day an ISO value covers: ``2008-07`` → (2008-07-01, 2008-07-31); an
    interval ``a/b`` → (first day of a, last day of b); no value, or a part without its year
    → None."""
    if not value:
        return None, None
    first, _, last = value.partition("/")
    start, end = _fields(first), _fields(last or first)
    try:
        return (first_day(start) if start else None, last_day(end) if end else None)
    except ValueError:  # not a calendar date (the extractor keeps only real ones)
        return None, None


def _with_year(e: Element, year: int) -> tuple[Fields, Fields | None]:
    first: Fields = (year, e.first[1], e.first[2])
    if e.last is None:
        return first, None
    wraps = (e.last[1] or 0, e.last[2] or 0) < (e.first[1] or 0, e.first[2] or 0)
    return first, (year + 1 if wraps else year, e.last[1], e.last[2])


def _months(e: Element) -> tuple[int, int]:
    lo = e.first[1] or 1
    hi = (e.last[1] if e.last is not None else None) or e.first[1] or 12
    return lo, hi


@lru_cache(maxsize=4)
def _sentence_ends(text: str) -> tuple[int, ...]:
    return tuple(m.end() for m in _SENTENCE_END.finditer(text))


def sentence_of(text: str, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the sentence of ``text`` that holds position ``pos``."""
    ends = _sentence_ends(text)
    i = bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(text))


@dataclass(frozen=True)
class SentenceYears:
    """What the dated elements of one sentence say about the year of its year-less ones,
    computed once per sentence (a sentence of 40,000 month names costs linear time):
    ``years`` printed in it, whether one of them comes with a month (``evidence``), and, for the
    elements with a year and a month, the latest month ending before a position and the earliest
    starting after it."""

    years: frozenset[int]
    evidence: bool
    ends: tuple[int, ...]  # ends of the evidence elements, sorted
    max_hi_before: tuple[int, ...]  # [i]: the highest last month of the first i by end
    starts: tuple[int, ...]  # starts of the evidence elements, sorted
    min_lo_after: tuple[int, ...]  # [i]: the lowest first month of those from the i-th start


def sentence_years(elements: Sequence[Element]) -> SentenceYears:
    """The :class:`SentenceYears` of one sentence's elements."""
    years: set[int] = set()
    dated: list[Element] = []
    for q in elements:
        if q.first[0] is None:
            continue
        years.add(q.first[0])
        if q.last is not None and q.last[0] is not None:
            years.add(q.last[0])
        if q.first[1] is not None:
            dated.append(q)
    by_end = sorted(dated, key=lambda q: q.end)
    prefix = [0]
    for q in by_end:
        prefix.append(max(prefix[-1], _months(q)[1]))
    by_start = sorted(dated, key=lambda q: q.start)
    suffix = [13] * (len(by_start) + 1)
    for i in range(len(by_start) - 1, -1, -1):
        suffix[i] = min(suffix[i + 1], _months(by_start[i])[0])
    return SentenceYears(frozenset(years), bool(dated), tuple(q.end for q in by_end),
                         tuple(prefix), tuple(q.start for q in by_start), tuple(suffix))


def _sentence_year(e: Element, sentence: SentenceYears) -> int | None:
    if e.last is not None and _months(e)[1] < _months(e)[0]:
        return None
    lo, hi = _months(e)
    # a dated month before it that ends later, or after it that starts earlier: the sentence
    # spans more than one year, whatever single year it prints
    if sentence.max_hi_before[bisect_right(sentence.ends, e.start)] > lo:
        return None
    if sentence.min_lo_after[bisect_left(sentence.starts, e.end)] < hi:
        return None
    if sentence.evidence and len(sentence.years) == 1:
        return next(iter(sentence.years))
    return None


def _period_year(e: Element, periods: Sequence[Period]) -> int | None:
    if not periods:
        return None
    span = range(min(p[0].year for p in periods) - 1, max(p[1].year for p in periods) + 1)
    fits: set[int] = set()
    for year in span:
        first, last = _with_year(e, year)
        end = last or first
        try:
            lo, hi = first_day(first), last_day(end)
        except ValueError:            # 29 February of a common year
            continue
        day = (last or first)[2] is not None and first[2] is not None
        for p0, p1 in periods:
            inside = p0 <= lo and hi <= p1 if day else lo <= p1 and p0 <= hi
            if inside:
                fits.add(year)
    return fits.pop() if len(fits) == 1 else None


def infer_year(e: Element, sentence: SentenceYears, periods: Sequence[Period]) -> int | None:
    """The year of an element printed without one, when its sentence (``sentence``:
    :func:`sentence_years` of the sentence's elements) or the periods make it certain (see the
    module docstring), else None."""
    if e.first[0] is not None or e.first[1] is None:
        return None
    by_sentence = _sentence_year(e, sentence)
    by_period = _period_year(e, periods)
    if by_sentence is not None and by_period is not None and by_sentence != by_period:
        return None
    return by_sentence if by_sentence is not None else by_period


def resolved(e: Element, year: int | None) -> tuple[Fields, Fields | None]:
    if year is None:
        return e.first, e.last
    return _with_year(e, year)


def period_of(e: Element) -> Period | None:
    """The period a range with its years spans, or None."""
    if e.last is None or e.first[0] is None or e.last[0] is None:
        return None
    return first_day(e.first), last_day(e.last)


def anchored_year(e: Element, reference: dt.date, tense: str | None) -> int | None:
    """The year of an element printed without one, from the document's date ``reference``, as
    temporal taggers anchor to a reference date: with ``tense`` ``future`` the first such day
    (or month) not ending before the reference, else the last one not starting after it (a UN
    document reports on what happened before its date: ``In September`` in a report dated
    April 2013 is September 2012). None for a date that exists in no candidate year
    (29 February in three common years)."""
    fits: list[tuple[int, dt.date, dt.date]] = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        first, last = _with_year(e, year)
        try:
            lo, hi = first_day(first), last_day(last or first)
        except ValueError:
            continue
        fits.append((year, lo, hi))
    if not fits:
        return None
    if tense == "future":
        later = [f for f in fits if f[2] >= reference]
        return later[0][0] if later else None
    earlier = [f for f in fits if f[1] <= reference]
    return earlier[-1][0] if earlier else None
