"""Dates: language data, grammar, values, year inference (issue 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from pipeline.extract import snippet_document
from pipeline.extract.dates import DateContext, extract_dates, find_dates, find_reporting_periods
from pipeline.extract.dates.lexicon import date_lexicon
from pipeline.extract.segments import iter_segments
from pipeline.languages import LANGUAGES, concern_dir
from pipeline.models import Block, FrontBlock


def found(text: str, lang: str,
          context: DateContext | None = None) -> list[tuple[str, str | None]]:
    out = find_dates(text, lang, context)
    for d in out:
        assert text[d.start:d.end] == d.text
    return [(d.text, d.value) for d in out]


def _raw(lang: str) -> dict[str, Any]:
    data = yaml.safe_load((concern_dir("dates") / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# ---------------------------------------------------------------------------- data files


def test_six_files_same_keys() -> None:
    keys = {lang: set(_raw(lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys
    assert {"months", "examples", "counterexamples"} <= keys["en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_month_named(lang: str) -> None:
    assert sorted(set(date_lexicon(lang).month_of.values())) == list(range(1, 13))


@pytest.mark.parametrize("lang", ["en", "es", "fr", "ru"])
def test_months_cover_cldr(lang: str) -> None:
    babel = pytest.importorskip("babel")
    loc = babel.Locale.parse(lang)
    month_of = date_lexicon(lang).month_of
    for context in ("format", "stand-alone"):
        for number, name in loc.months[context]["wide"].items():
            assert month_of[name.casefold()] == number


EXAMPLES = [
    pytest.param(lang, text, list(dates), id=f"{lang}-{i}")
    for lang in LANGUAGES
    for i, (text, dates) in enumerate(date_lexicon(lang).examples)
]
COUNTEREXAMPLES = [
    pytest.param(lang, text, id=f"{lang}-{i}")
    for lang in LANGUAGES
    for i, text in enumerate(date_lexicon(lang).counterexamples)
]


@pytest.mark.parametrize(("lang", "text", "dates"), EXAMPLES)
def test_yaml_examples(lang: str, text: str, dates: list[tuple[str, str]]) -> None:
    assert found(text, lang) == dates


@pytest.mark.parametrize(("lang", "text"), COUNTEREXAMPLES)
def test_yaml_counterexamples(lang: str, text: str) -> None:
    assert found(text, lang) == []


# ---------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "lang", "precision"),
    [
        ("le 6 décembre 2006", "fr", "day"),
        ("en juillet 2008", "fr", "month"),
        ("en 2009", "fr", "year"),
        ("de juillet 2006 à juillet 2008", "fr", "month"),
        ("17 novembre-décembre", "fr", "month"),
        ("2007-2017", "fr", "year"),
        ("с 14 по 18 июля 2008 года", "ru", "day"),
    ],
)
def test_precision(text: str, lang: str, precision: str) -> None:
    (d,) = find_dates(text, lang)
    assert d.precision == precision


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("en 2009", "fr", [("2009", "2009")]),
        ("juillet 2008", "fr", [("juillet 2008", "2008-07")]),
        ("6 de diciembre de 2006", "es", [("6 de diciembre de 2006", "2006-12-06")]),
        ("del 14 al 18 de julio de 2008", "es", [("del 14 al 18 de julio de 2008",
                                                   "2008-07-14/2008-07-18")]),
        ("с 14 по 18 июля 2008 года", "ru", [("с 14 по 18 июля 2008 года",
                                                "2008-07-14/2008-07-18")]),
        ("from 14 to 18 July 2008", "en", [("from 14 to 18 July 2008", "2008-07-14/2008-07-18")]),
        ("25-28 حزيران/يونيو 2018", "ar", [("25-28 حزيران/يونيو 2018",
                                             "2018-06-25/2018-06-28")]),
        # a wrap-around range takes the year before for its start
        ("du 28 décembre au 3 janvier 2008", "fr", [("du 28 décembre au 3 janvier 2008",
                                                      "2007-12-28/2008-01-03")]),
        # two-digit end year of a biennium
        ("l'exercice biennal 2014-15", "fr", [("2014-15", "2014/2015")]),
        # Arabic-Indic and full-width digits
        ("٦ كانون الأول/ديسمبر ٢٠٠٦", "ar", [("٦ كانون الأول/ديسمبر ٢٠٠٦", "2006-12-06")]),
        ("２００６年１２月６日", "zh", [("２００６年１２月６日", "2006-12-06")]),
        # a list whose comma is closed by `et`
        ("les 3, 4 et 5 juillet 2008", "fr", [("3", "2008-07-03"), ("4", "2008-07-04"),
                                              ("5 juillet 2008", "2008-07-05")]),
        # 30 February is no date; 29 February of a leap year is
        ("le 30 février 2008", "fr", []),
        ("le 29 février 2008", "fr", [("29 février 2008", "2008-02-29")]),
        # US order, with a list
        ("statements of September 20 and 27, 2025", "en", [("September 20", "2025-09-20"),
                                                             ("27, 2025", "2025-09-27")]),
    ],
)
def test_values(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, lang) == expected


def test_markup_and_footnote_markers() -> None:
    assert found("le 1^{er} et le 2 juillet 2008", "fr") == [
        ("1^{er}", "2008-07-01"), ("2 juillet 2008", "2008-07-02")]
    assert found("en date du 29 juin 2007⁶, le Conseil", "fr") == [("29 juin 2007", "2007-06-29")]
    assert found("adopté en 2007¹².", "fr") == [("2007", "2007")]


def test_arabic_presentation_forms_and_bidi_controls() -> None:
    # as a PDF text layer may give it: presentation forms, a bidi embedding around the slash
    text = "ﺑﻴﺮﻭﺕ، 25-28 ﺣﺰﻳﺮﺍﻥ\u202a/\u202cﻳﻮﻧﻴﻮ 2018"
    assert found(text, "ar") == [("25-28 ﺣﺰﻳﺮﺍﻥ\u202a/\u202cﻳﻮﻧﻴﻮ 2018", "2018-06-25/2018-06-28")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("résolution 62/22", "fr"),
        ("S/2008/258", "fr"),
        ("un montant de 500 500 euros", "fr"),
        ("1 100 fonctionnaires", "fr"),
        ("sept nouveaux États", "fr"),
        ("page 2008", "fr"),
        ("(7200 долл. США) и (2000 долл. США)", "ru"),
        ("resolution 1990 (2011)", "en"),
        ("To be held at 10.15 a.m.", "en"),
        ("They march on Monday", "en"),
        ("2 000 personnes et 12 États", "fr"),
        ("29 - في 15", "ar"),
    ],
)
def test_not_dates(text: str, lang: str) -> None:
    assert found(text, lang) == []


def test_unknown_language_uses_english() -> None:
    assert found("on 6 December 2006", "de") == [("6 December 2006", "2006-12-06")]


def test_never_raises_on_odd_text() -> None:
    odd = ["", " ", "du au", "entre et", "2008-", "-2008", "31", "juillet/août", "٫٬", "年月日",
           "du 14 au", "1er", "May", "и с по", "29 février", "(2002", "2002)", "--", "،،"]
    for lang in LANGUAGES:
        for text in odd:
            for d in find_dates(text, lang):
                assert text[d.start:d.end] == d.text


# ---------------------------------------------------------------------------- missing years


PERIOD = DateContext(((dt.date(2007, 7, 1), dt.date(2008, 7, 31)),))


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # the reporting period makes the year certain…
        ("Le 25 février, le Groupe s'est réuni.", PERIOD, [("25 février", "2008-02-25")]),
        ("En septembre, le Groupe s'est réuni.", PERIOD, [("septembre", "2007-09")]),
        # …or does not: July is in 2007 and in 2008
        ("Le 10 juillet, le Groupe s'est réuni.", PERIOD, [("10 juillet", None)]),
        ("Le 25 février, le Groupe s'est réuni.", None, [("25 février", None)]),
        # same sentence: one year, months in order
        ("réunions du 3 au 5 février et du 28 au 30 avril 2015.", None,
         [("du 3 au 5 février", "2015-02-03/2015-02-05"),
          ("du 28 au 30 avril 2015", "2015-04-28/2015-04-30")]),
        # same sentence, but December after January 2015: not certain
        ("Le 28 décembre, puis en janvier 2015, le Conseil a siégé.", None,
         [("28 décembre", None), ("janvier 2015", "2015-01")]),
        # two years in the sentence: not certain
        ("En mars 2007 et en mai 2008, puis le 3 juin, il a siégé.", None,
         [("mars 2007", "2007-03"), ("mai 2008", "2008-05"), ("3 juin", None)]),
        # a year without its month is no evidence
        ("On 29 January, the Council approved the 2015 budget.", None,
         [("29 January", None), ("2015", "2015")]),
        # the year of the previous sentence does not count
        ("Il a siégé en mars 2008. Le 5 avril, il a conclu.", None,
         [("mars 2008", "2008-03"), ("5 avril", None)]),
    ],
)
def test_missing_year(
    text: str, context: DateContext | None, expected: list[tuple[str, str]]
) -> None:
    lang = "en" if text.startswith("On ") else "fr"
    assert found(text, lang, context) == expected


def _ref(y: int, m: int, d: int) -> DateContext:
    return DateContext(reference=dt.date(y, m, d))


@pytest.mark.parametrize(
    ("text", "lang", "context", "expected"),
    [
        # the document's date anchors a date printed without its year (issue 18): the nearest
        # such day, after the document's date when the sentence speaks of the future, before
        # it when of the past (checked by hand against a calendar)
        ("On 3 October, the Council held consultations.", "en", _ref(2016, 11, 15),
         [("3 October", "2016-10-03")]),
        ("On 20 December, the Council met.", "en", _ref(2017, 1, 10),
         [("20 December", "2016-12-20")]),
        ("The meeting will be held on 3 February.", "en", _ref(2016, 8, 10),
         [("3 February", "2017-02-03")]),
        ("The meeting was held on 3 September.", "en", _ref(2016, 8, 10),
         [("3 September", "2015-09-03")]),
        ("Le 10 juillet, le Groupe s'est réuni.", "fr",
         DateContext(PERIOD.periods, dt.date(2008, 9, 1)), [("10 juillet", "2008-07-10")]),
        ("La réunion se tiendra du 3 au 5 février.", "fr", _ref(2015, 11, 20),
         [("du 3 au 5 février", "2016-02-03/2016-02-05")]),
        ("12月24日部长理事会核可了2015年联邦预算法案。", "zh", _ref(2015, 3, 1),
         [("12月24日", "2014-12-24"), ("2015年", "2015")]),
        ("27 сентября состоится заседание.", "ru", _ref(2017, 8, 1),
         [("27 сентября", "2017-09-27")]),
        ("El 27 de septiembre se celebrará la reunión.", "es", _ref(2017, 10, 1),
         [("27 de septiembre", "2018-09-27")]),
        ("وفي 27 أيلول/سبتمبر، عقدت اللجنة اجتماعا.", "ar", _ref(2017, 10, 1),
         [("27 أيلول/سبتمبر", "2017-09-27")]),
    ],
)
def test_year_from_document_date(
    text: str, lang: str, context: DateContext, expected: list[tuple[str, str]]
) -> None:
    assert found(text, lang, context) == expected
    assert all(d.year_inferred == (d.text != "2015年") for d in find_dates(text, lang, context))


def test_reporting_periods_from_text() -> None:
    texts = [
        "Il porte sur la période allant de juillet 2007 à juillet 2008, à l'exception de sa "
        "section relative à la consolidation de la paix, qui porte sur la période allant de "
        "juillet 2006 à juillet 2008.",
        "Les deux projets couvrent respectivement les périodes de 2003 à 2008.",
    ]
    assert find_reporting_periods(texts, "fr") == (
        (dt.date(2006, 7, 1), dt.date(2008, 7, 31)),
        (dt.date(2007, 7, 1), dt.date(2008, 7, 31)),
    )


def test_extract_dates_on_a_document() -> None:
    doc = snippet_document("Le 25 février, le Groupe s'est réuni; le 10 juillet aussi.", "fr")
    doc.front.append(FrontBlock(id="front1", kind="summary",
                                text="Il porte sur la période allant de juillet 2007 à "
                                     "juillet 2008."))
    doc.blocks.append(Block(id="b2", kind="paragraph", text="Vienne, 18-22 mai 2015", pages=[]))
    segments = iter_segments(doc)
    mentions = extract_dates(doc, segments, "fr")
    texts = {s.id: s.text for s in segments}
    assert [(m.segment, m.text, m.value, m.precision) for m in mentions] == [
        ("front1", "de juillet 2007 à juillet 2008", "2007-07/2008-07", "month"),
        ("b1", "25 février", "2008-02-25", "day"),
        ("b1", "10 juillet", None, "day"),
        ("b2", "18-22 mai 2015", "2015-05-18/2015-05-22", "day"),
    ]
    for m in mentions:
        assert texts[m.segment][m.span[0]:m.span[1]] == m.text


@pytest.mark.parametrize("lang", ["ar", "ru", "zh"])
def test_masthead_date_in_english(lang: str) -> None:
    # E/ESCWA/30/8 (Arabic): the masthead reads `28 May 2018 ARABIC ORIGINAL: ENGLISH`
    doc = snippet_document("28 May", lang)
    doc.front.append(FrontBlock(id="front1", kind="date",
                                text="28 May 2018 ARABIC ORIGINAL: ENGLISH"))
    mentions = extract_dates(doc, iter_segments(doc), lang)
    assert [(m.segment, m.text, m.value) for m in mentions] == [
        ("front1", "28 May 2018", "2018-05-28")]     # the body is not read as English
