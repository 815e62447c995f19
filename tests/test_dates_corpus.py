"""Dates in real UN text: A/63/261 (French report) read by hand, and UN Parallel Corpus sentences
in the six languages (the same values in each)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.dates import (
    DateContext,
    extract_dates,
    find_dates,
    find_reporting_periods,
)
from pipeline.extract.segments import iter_segments
from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.segment import segment

DATA = Path(__file__).parent / "data"
A_63_261 = DATA / "corpus" / "A_63_261-FR.txt"

# Every dated expression of A/63/261, in reading order, as read in the file (paragraph or
# footnote in the comment). `de … à …`, `entre … et …`, `du … au …` are ranges (one mention);
# `les 10 et 11 décembre 2007` is a list (one mention per item).
A_63_261_DATES: list[tuple[str, str | None]] = [
    ("11 août 2008", "2008-08-11"),                               # masthead
    ("de juillet 2007 à juillet 2008", "2007-07/2008-07"),        # summary: reporting period
    ("de juillet 2006 à juillet 2008", "2006-07/2008-07"),        # summary: section II period
    ("6 décembre 2006", "2006-12-06"),                            # 1
    ("5 décembre 2007", "2007-12-05"),                            # 2 (after « 62/22 du »)
    ("9-20 juillet 2001", "2001-07-09/2001-07-20"),               # fn 1
    ("de juillet 2006 à juillet 2008", "2006-07/2008-07"),        # 5
    ("13 juillet 2006", "2006-07-13"),                            # 5
    ("16 octobre 2007", "2007-10-16"),                            # 5
    ("26 mars 2008", "2008-03-26"),                               # 5
    ("2006", "2006"),                                             # 5 « réunion de 2006 »
    ("2007", "2007"),                                             # 6 « réunion de 2007 »
    ("1998", "1998"),                                             # 7
    ("mars 2008", "2008-03"),                                     # 8
    ("de 2003 à 2008", "2003/2008"),                              # 11
    ("de 2007 à 2010", "2007/2010"),                              # 11
    ("2007", "2007"),                                             # 12
    ("novembre", "2007-11"),                                      # 13
    ("décembre 2007", "2007-12"),                                 # 13
    ("mai 2008", "2008-05"),                                      # 13
    ("29 juin 2007", "2007-06-29"),                               # 14 (« 2007⁶ »)
    ("30 avril 2008", "2008-04-30"),                              # 14
    ("du 14 au 18 juillet 2008", "2008-07-14/2008-07-18"),        # 18
    ("10", "2007-12-10"),                                         # 28
    ("11 décembre 2007", "2007-12-11"),
    ("17", "2008-04-17"),
    ("18 avril 2008", "2008-04-18"),
    ("27", "2008-05-27"),
    ("28 mai 2008", "2008-05-28"),
    ("11", "2008-06-11"),
    ("12 juin 2008", "2008-06-12"),
    ("2005", "2005"),                                             # 31
    ("du 19 au 30 novembre 2007", "2007-11-19/2007-11-30"),       # 32
    ("du 16 au 27 juin 2008", "2008-06-16/2008-06-27"),
    ("du 7 au 11 avril 2008", "2008-04-07/2008-04-11"),
    ("du 28 au 30 avril 2008", "2008-04-28/2008-04-30"),          # 33
    ("2006", "2006"),
    ("2008", "2008"),
    ("novembre 2007", "2007-11"),
    ("entre décembre 2007 et juin 2008", "2007-12/2008-06"),
    ("20", "2007-09-20"),                                         # 35
    ("21 septembre 2007", "2007-09-21"),
    ("24 septembre 2007", "2007-09-24"),
    ("juillet 2008", "2008-07"),
    ("31 octobre 2007", "2007-10-31"),
    ("2009", "2009"),                                             # 36
    ("2007-2017", "2007/2017"),                                   # 36: plan period
    ("décembre 2007", "2007-12"),
    ("du 29 au 31 octobre 2007", "2007-10-29/2007-10-31"),        # 38
    ("1^{er} octobre 2007", "2007-10-01"),                        # 39
    ("février 2007", "2007-02"),
    ("mars 2008", "2008-03"),
    ("décembre 2006", "2006-12"),                                 # 41
    ("juin 2006", "2006-06"),                                     # 44
    ("avril 2007", "2007-04"),
    ("octobre 2007", "2007-10"),
    ("mai 2008", "2008-05"),
    ("2002", "2002"),                                             # 46: English title, « from
    ("2008", "2008"),                                             #   2002 to 2008 »: two years
    ("mai 2008", "2008-05"),                                      # 47
    ("du 22 au 24 avril 2008", "2008-04-22/2008-04-24"),          # 49
    ("14 juin 2006", "2006-06-14"),                               # 50
    ("3", "2008-07-03"),
    ("4 juillet 2008", "2008-07-04"),
    ("du 16 au 18 juin 2008", "2008-06-16/2008-06-18"),           # 51
    ("décembre 2007", "2007-12"),                                 # 52
    ("31 mars au 4 avril 2008", "2008-03-31/2008-04-04"),         # 52 (« du » before the break)
    ("1^{er}", "2008-07-01"),
    ("2 juillet 2008", "2008-07-02"),
    ("20", "2008-02-20"),                                         # 53
    ("21 février 2008", "2008-02-21"),
    ("17 mars 2008", "2008-03-17"),                               # 54
    ("avril 2008", "2008-04"),
    ("10 mars 2008", "2008-03-10"),
    ("23 juin 2003", "2003-06-23"),                               # 55
    ("mai 2008", "2008-05"),
    ("février 2008", "2008-02"),
    ("octobre 2007", "2007-10"),                                  # 56
    ("25 janvier 2008", "2008-01-25"),
    ("2007", "2007"),                                             # 57 « fin de 2007 »
    ("septembre 2000", "2000-09"),                                # 59
    ("avril 2008", "2008-04"),                                    # 60
    ("du 28 au 30 mai 2008", "2008-05-28/2008-05-30"),            # 61
    ("2007", "2007"),                                             # 62
    ("Du 4 au 6 décembre 2007", "2007-12-04/2007-12-06"),
    ("2002", "2002"),                                             # 62 « (2002) »
    ("juillet 2007", "2007-07"),                                  # 63
    ("10 juillet 2007", "2007-07-10"),
    ("1994", "1994"),                                             # fn 13
    ("septembre 2004", "2004-09"),
]


def _paragraphs() -> list[str]:
    text = A_63_261.read_text(encoding="utf-8")
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_a_63_261_reporting_periods() -> None:
    periods = find_reporting_periods(_paragraphs(), "fr")
    assert [(str(a), str(b)) for a, b in periods] == [
        ("2006-07-01", "2008-07-31"), ("2007-07-01", "2008-07-31")]


def test_a_63_261_every_date() -> None:
    paragraphs = _paragraphs()
    context = DateContext(find_reporting_periods(paragraphs, "fr"))
    got: list[tuple[str, str | None]] = []
    for p in paragraphs:
        for d in find_dates(p, "fr", context):
            assert p[d.start:d.end] == d.text
            got.append((d.text, d.value))
    assert got == A_63_261_DATES


def test_a_63_261_not_dates() -> None:
    texts = [d.text for p in _paragraphs() for d in find_dates(p, "fr")]
    for wrong in ("62/22", "22", "258", "500", "1 100", "100", "1373", "2001", "06.20", "11/07"):
        assert wrong not in texts


def _parallel() -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / "dates_unpc_parallel.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


PARALLEL = [
    pytest.param(lang, item["text"][lang], item["values"], id=f"{item['line']}-{lang}")
    for item in _parallel()
    for lang in ("ar", "en", "es", "fr", "ru", "zh")
]


@pytest.mark.parametrize(("lang", "text", "values"), PARALLEL)
def test_unpc_parallel_sentences(lang: str, text: str, values: list[str]) -> None:
    dates = find_dates(text, lang)
    for d in dates:
        assert text[d.start:d.end] == d.text
    assert [d.value for d in dates] == values


def test_a_63_261_through_the_pipeline() -> None:
    """ingest → language → segment → dates: the same dates, with the segmenter's text (markup
    resolved, the paragraph split by a page break joined again)."""
    ingested = ingest(A_63_261)
    doc = segment(ingested, detect_language(ingested))
    segments = iter_segments(doc)
    texts = {s.id: s.text for s in segments}
    mentions = extract_dates(doc, segments, "fr")
    for m in mentions:
        assert texts[m.segment][m.span[0]:m.span[1]] == m.text
    as_segmented = {"1^{er} octobre 2007": "1er octobre 2007", "1^{er}": "1er",
                    "31 mars au 4 avril 2008": "du 31 mars au 4 avril 2008"}
    expected = Counter((as_segmented.get(t, t), v) for t, v in A_63_261_DATES)
    assert Counter((m.text, m.value) for m in mentions) == expected
