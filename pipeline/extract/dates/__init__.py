"""Calendar expressions in running text, in six languages, normalized to ISO 8601.

What becomes a mention:

- a single date is one mention: ``6 décembre 2006`` → ``2006-12-06`` (day), ``juillet 2008`` →
  ``2008-07`` (month), ``en 2009`` → ``2009`` (year; the span is ``2009``);
- a range is ONE mention whose value is the ISO interval ``start/end`` and whose precision is the
  coarser end's: ``du 14 au 18 juillet 2008`` → ``2008-07-14/2008-07-18``, ``de juillet 2006 à
  juillet 2008`` → ``2006-07/2008-07``, ``2007-2017`` → ``2007/2017``. Its span runs from the
  range opener when one is printed (``du``, ``from``, ``entre``, ``с``, ``من``) to the end;
- a list gives one mention PER item, each with its full value and a span covering what is
  printed for that item: ``les 10 et 11 décembre 2007`` → ``10`` (``2007-12-10``) and
  ``11 décembre 2007`` (``2007-12-11``);
- spans never include a leading article or preposition (``le``, ``en``, ``on``), a footnote
  marker (``2007⁶``) or trailing punctuation; they do include year words and day suffixes
  (``2006 года``, ``2006年``, ``1er``);
- a date printed without its year gets one from its sentence or the document's reporting
  period when they make it certain, else from the document's own date and the tense of its
  sentence (:mod:`pipeline.extract.dates.values`), with ``year_inferred``; when no year can
  be defended (no document date) its value is None and the document gets a
  ``date-year-unknown`` issue (never a partial ``--MM-DD`` value);
- front matter is also read with the rules of ``front_also_read_as`` (Arabic, Chinese and Russian
  mastheads print their date in English).

Not dates: numbers in symbols (``62/22``, ``S/2008/258``), amounts (``500 500 euros``), numbers
after a word that numbers things (``résolution 1990 (2011)``, ``page``, ``par.``), the year in
``1373 (2001)``, `sept` the number. Words per language: ``pipeline/data/dates/<lang>.yaml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.extract.dates.grammar import Element, parse
from pipeline.extract.dates.lexicon import DateLexicon, date_lexicon
from pipeline.extract.dates.tokens import tokenize
from pipeline.extract.dates.values import (
    Fields,
    Period,
    anchored_year,
    bounds,
    infer_year,
    period_of,
    resolved,
    sentence_of,
    sentence_years,
    value_of,
)
from pipeline.extract.segments import SegmentText
from pipeline.models import DateMention, DatePrecision, Issue, SegmentedDocument
from pipeline.text.folding import fold_for_matching
from pipeline.text.guards import may_contain

__all__ = ["DateContext", "FoundDate", "date_issues", "extract_dates", "find_dates",
           "find_reporting_periods"]


@dataclass(frozen=True)
class DateContext:
    """What the document says beyond one text: the periods it reports on, and its own date (the
    reference a date printed without its year is anchored to)."""

    periods: tuple[Period, ...] = ()
    reference: dt.date | None = None


@dataclass(frozen=True)
class FoundDate:
    """One date in a text: [start, end) code-point offsets, the printed text, value (None when
    its year is not printed and cannot be defended), precision, whether the year is inferred."""

    start: int
    end: int
    text: str
    value: str | None
    precision: DatePrecision
    year_inferred: bool = False


def _elements(text: str, lang: str) -> tuple[list[Element], str]:
    lex = date_lexicon(lang)
    folded = fold_for_matching(text)
    return parse(lex, folded.text, tokenize(lex, folded.text, folded.caseless)), folded.text


def _real(f: Fields) -> bool:
    y, m, d = f
    return y is None or m is None or d is None or d <= calendar.monthrange(y, m)[1]


def find_dates(text: str, lang: str, context: DateContext | None = None) -> list[FoundDate]:
    """Every calendar expression of one text.

    In: any text, an ISO 639-1 language (``en`` rules for one without data), and optionally the
    document's reporting periods. Out: the dates in reading order, one per single date or range,
    one per item of a list (see the module docstring). Holds: ``text[start:end] == found.text``;
    never raises on text.
    """
    ctx = context or DateContext()
    lex = date_lexicon(lang)
    folded = fold_for_matching(text)
    elements = parse(lex, folded.text, tokenize(lex, folded.text, folded.caseless))
    # Year inference looks only inside an element's sentence: hand it that sentence's elements,
    # so a long text costs linear time, not quadratic.
    by_sentence: dict[tuple[int, int], list[Element]] = {}
    for e in elements:
        by_sentence.setdefault(sentence_of(folded.text, e.start), []).append(e)
    evidence = {span: sentence_years(same) for span, same in by_sentence.items()}
    out: list[FoundDate] = []
    for e in elements:
        sentence = sentence_of(folded.text, e.start)
        year = infer_year(e, evidence[sentence], ctx.periods)
        if year is None and _yearless(e) and ctx.reference is not None:
            year = anchored_year(e, ctx.reference, _tense(lex, folded.text, sentence))
        first, last = resolved(e, year)
        if not _real(first) or (last is not None and not _real(last)):
            first, last = e.first, e.last
        value, prec = value_of(first, last)
        start, end = folded.span(e.start, e.end)
        known = first[0] is not None and (last is None or last[0] is not None)
        out.append(FoundDate(start, end, text[start:end], value if known else None,
                             _precision(prec), year_inferred=known and _yearless(e)))
    return out


def _yearless(e: Element) -> bool:
    return e.first[0] is None or (e.last is not None and e.last[0] is None)


def _tense(lex: DateLexicon, text: str, sentence: tuple[int, int]) -> str | None:
    """``future`` when the sentence's words say it speaks of what is to come, else None."""
    if lex.future_re is not None and lex.future_re.search(text, *sentence):
        return "future"
    return None


def _precision(name: str) -> DatePrecision:
    if name == "day":
        return "day"
    return "month" if name == "month" else "year"


def find_reporting_periods(texts: Iterable[str], lang: str) -> tuple[Period, ...]:
    """The periods a document says it covers: every range with its years that follows a
    reporting-period cue (``porte sur la période``, ``covers the period``) in its sentence."""
    lex = date_lexicon(lang)
    cue = lex.period_cue_re
    if cue is None:
        return ()
    out: list[Period] = []
    for text in texts:
        folded_text = fold_for_matching(text)
        if not may_contain(folded_text.caseless, lex.period_cue_needles):
            continue  # no cue's first word: the regex cannot match (and is much slower)
        if cue.search(folded_text.text) is None:
            continue
        elements, folded = _elements(text, lang)
        for e in elements:
            period = period_of(e)
            if period is None:
                continue
            sentence_start = max(folded.rfind(c, 0, e.start) for c in ".!?;。؟")
            if cue.search(folded, sentence_start + 1, e.start) is not None:
                out.append(period)
    return tuple(sorted(set(out)))


def extract_dates(
    doc: SegmentedDocument, segments: Sequence[SegmentText], lang: str
) -> list[DateMention]:
    """Dates of a segmented document.

    In: the document, its text-bearing segments in reading order, its language.
    Out: one :class:`DateMention` per single date, range, or list item, in reading order of the
    segments (see the module docstring for ranges, lists and missing years). Holds: each
    mention's ``text == segment.text[span[0]:span[1]]``; never raises on text.
    """
    context = DateContext(find_reporting_periods((s.text for s in segments), lang),
                          _document_date(doc.document.date))
    also = date_lexicon(lang).front_also_read_as
    out: list[DateMention] = []
    for seg in segments:
        found = find_dates(seg.text, lang, context)
        if seg.kind == "front":
            for other in also:          # ar, ru, zh mastheads print the date in English
                found = _merged(found, find_dates(seg.text, other, context))
        for d in found:
            start, end = bounds(d.value)
            out.append(DateMention(segment=seg.id, span=(d.start, d.end), text=d.text,
                                   value=d.value, precision=d.precision,
                                   year_inferred=d.year_inferred, start=start, end=end))
    return out


def date_issues(dates: Sequence[DateMention]) -> list[Issue]:
    """One ``date-year-unknown`` issue per segment with dates whose year cannot be defended."""
    by_segment: dict[str, list[str]] = {}
    for d in dates:
        if d.value is None:
            by_segment.setdefault(d.segment, []).append(d.text)
    return [Issue(code="date-year-unknown", severity="info", segment=seg,
                  message=f"no year can be defended for {', '.join(map(repr, texts))}: "
                  "no document date, nor a year in the sentence or a reporting period")
            for seg, texts in by_segment.items()]


def _document_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _merged(found: list[FoundDate], extra: list[FoundDate]) -> list[FoundDate]:
    """Non-overlapping dates of both lists, the longer first (``28 May 2018`` over ``2018``),
    ``found`` first on a tie; in reading order."""
    ranked = sorted(enumerate(found + extra), key=lambda x: (x[1].start - x[1].end, x[0]))
    kept: list[FoundDate] = []
    for _, d in ranked:
        if all(d.end <= k.start or k.end <= d.start for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: (d.start, d.end))
