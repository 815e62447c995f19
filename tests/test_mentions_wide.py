"""Mentions on real paragraphs of ../shared/corpus-wide (issue 18), expectations read by hand from
the documents: whose resolution a number is, years of dates printed without one, persons.

Each case is one paragraph as the pipeline emits it (segment id and document fields as read from
the PDF's masthead), run through the extract stage.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract, snippet_document
from pipeline.models import Mentions


def run(text: str, lang: str, symbol: str | None, body: str | None,
        date: str | None) -> Mentions:
    doc = snippet_document(text, lang)
    doc = doc.model_copy(update={"document": doc.document.model_copy(
        update={"symbol": symbol, "body": body, "date": date})})
    return extract(doc, lang, kinds=("references", "dates", "entities"))


ESCWA = "Economic and Social Commission for Western Asia"


def test_escwa_survey_resolutions() -> None:
    # E/ESCWA/30/L.1 (EN), p. 1: the Survey's mandate; ESCWA's own resolutions have no symbol
    text = ("The Survey is published annually by ESCWA pursuant to General Assembly resolution "
            "35/56, and ESCWA resolutions 270 (XXIV) and 303 (XXVII).")
    refs = run(text, "en", "E/ESCWA/30/L.1", "Economic and Social Council", "2018-05-24").references
    assert [(r.number, r.organ, r.symbol) for r in refs] == [
        ("35/56", "General Assembly", "A/RES/35/56"),
        ("270 (XXIV)", ESCWA, None),
        ("303 (XXVII)", ESCWA, None),
    ]


def test_escwa_committee_report_resolutions() -> None:
    # E/ESCWA/EDID/2017/IG.1/9/REPORT (EN), para. 1
    text = ("The Committee on Transport and Logistics of the Economic and Social Commission for "
            "Western Asia (ESCWA) held its eighteenth session pursuant to ESCWA resolution 213 "
            "(XIX) of 7 May 1997 on the establishment of a Committee on Transport within the "
            "Commission, which was endorsed by the United Nations Economic and Social Council in "
            "its resolution 1997/11 of 18 July 1997; and in accordance with ESCWA resolution 229 "
            "(XXI) of 11 May 2001 on the frequency of the sessions of the Committee.")
    refs = run(text, "en", "E/ESCWA/EDID/2017/IG.1/9/REPORT", "Economic and Social Council",
               "2018-01-11").references
    assert [(r.number, r.organ, r.symbol) for r in refs] == [
        ("213 (XIX)", ESCWA, None),
        ("1997/11", "Economic and Social Council", "E/RES/1997/11"),
        ("229 (XXI)", ESCWA, None),
    ]


def test_security_council_its_resolution() -> None:
    # S/2013/220, para. 103: "its" is the Council's, the document's own organ
    text = ("In its resolution 2044 (2012), in which it renewed the mandate of MINURSO until 30 "
            "April 2013, the Security Council requested that, in my next report, I should examine "
            "the existing challenges to the Mission’s operations.")
    m = run(text, "en", "S/2013/220", "Security Council", "2013-04-08")
    assert [(r.organ, r.symbol) for r in m.references] == [
        ("Security Council", "S/RES/2044 (2012)")]
    assert [(d.text, d.value, d.year_inferred) for d in m.dates] == [
        ("30 April 2013", "2013-04-30", False)]


def test_months_without_year_in_a_report_and_function_names() -> None:
    # S/2013/220 (dated 8 April 2013), para. 5: the visits of September, October, November 2012
    # and March 2013; the persons named after their functions
    text = ("Demonstrations on a somewhat larger scale, involving between 50 and 100 "
            "participants, occurred in Laayoune on the occasion of the visits to Western Sahara of "
            "the Special Rapporteur on torture and other cruel, inhuman or degrading treatment or "
            "punishment, Juan Méndez, in September, the Under-Secretary-General for Peacekeeping "
            "Operations, Hervé Ladsous, in October, and my Personal Envoy to Western Sahara, "
            "Christopher Ross, in November and March.")
    m = run(text, "en", "S/2013/220", "Security Council", "2013-04-08")
    # (`March` alone is not read: the verb; only next to a day or a year, dates/en.yaml)
    assert [(d.text, d.value, d.year_inferred) for d in m.dates] == [
        ("September", "2012-09", True), ("October", "2012-10", True),
        ("November", "2012-11", True)]
    assert [e.text for e in m.entities if e.label == "PER"] == [
        "Juan Méndez", "Hervé Ladsous", "Christopher Ross"]
    assert not m.issues


def test_day_without_year_before_the_document_date() -> None:
    # E/ESCWA/30/9 (dated 11 May 2018), para. 21: the Board's meeting for 2017, on 28 November
    text = "The Board of Governors held its meeting for 2017 in Beirut on 28 November."
    m = run(text, "en", "E/ESCWA/30/9", "Economic and Social Council", "2018-05-11")
    assert [(d.text, d.value, d.year_inferred) for d in m.dates] == [
        ("2017", "2017", False), ("28 November", "2017-11-28", True)]


def test_no_document_date_gives_an_issue_not_a_partial_value() -> None:
    # A/45/189 (annex, list of names): "13 May:"; the masthead gives no date we read
    m = run("47) 13 May: Hassan Ali Salah Odeh, Thilth (Kalkilya)", "en", "A/45/189",
            "General Assembly", None)
    assert [(d.text, d.value) for d in m.dates] == [("13 May", None)]
    assert [(i.code, i.segment) for i in m.issues] == [("date-year-unknown", "b1")]


@pytest.mark.parametrize(("text", "names"), [
    # S/PV.10011: a speaker, and the President's invitations
    ("Mr. Prabowo (Indonesia): I thank you, Mr. President, for convening this open debate.",
     ["Prabowo"]),
    ("I also invite the following to participate in this meeting: Her Excellency Mrs. Hedda "
     "Samson, Deputy Head of the Delegation of the European Union to the United Nations; His "
     "Excellency Mr. Maged Abdelfattah Abdelaziz, Permanent Observer of the League of Arab States "
     "to the United Nations; Ms. Elyse Nicole Mosquini, Permanent Observer",
     ["Hedda Samson", "Maged Abdelfattah Abdelaziz", "Elyse Nicole Mosquini"]),
])
def test_persons_in_a_meeting_record(text: str, names: list[str]) -> None:
    m = run(text, "en", "S/PV.10011", "Security Council", None)
    assert [e.text for e in m.entities if e.label == "PER"] == names


def test_persons_in_an_arabic_report() -> None:
    # E/ESCWA/30/6 (AR), para. 80 (text layer as read: "ع مان" is the PDF's)
    text = ("تحدث في هذه الجلسة كل من السيدة هدى السيابي، مدير إدارة المبادرات المجتمعية في وزارة "
            "الصحة في ع مان، والسيد أديب نعمة، خبير في شؤون الفقر والتنمية البشرية المستدامة، "
            "والسيدة منى فواز، أستاذ مساعد في التخطيط العمراني والتصميم في الجامعة األميركية في "
            "بيروت، والسيد صهيب يحيى الدرزي أستاذ في كلية الهندسة في جامعة الموصل. ويسر الجلسة "
            "السيد عمر عبد العزيز حالج، منسق أول لمبادرة المساحة المشتركة.")
    m = run(text, "ar", "E/ESCWA/30/6", None, "2018-06-05")
    assert [e.text for e in m.entities if e.label == "PER"] == [
        "هدى السيابي", "أديب نعمة", "منى فواز", "صهيب يحيى الدرزي", "عمر عبد العزيز حالج"]
