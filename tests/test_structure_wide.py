"""Structure of real documents never tuned on (issue 16): numbered paragraphs and their parts,
notes, headings, on corpus-wide PDFs of several kinds and both scripts.

Every expectation was read in the PDF itself (pages rendered as text with pdfplumber and read
by hand; the page is named with each); none was copied from the program's output. Only the
structure stages run (ingest, language, segment): the mentions do not matter here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.corpus.align import align_footnotes, align_paragraphs
from pipeline.corpus.digest import digest
from pipeline.emit import build_output
from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.models import Mentions, SegmentedDocument
from pipeline.segment import segment

WIDE = Path(__file__).resolve().parent / "data" / "wide"


@cache
def seg(name: str) -> SegmentedDocument:
    doc = ingest(WIDE / name)
    return segment(doc, detect_language(doc))


def ids(name: str) -> list[str]:
    return [p.id for p in seg(name).paragraphs]


def text_of(name: str, seg_id: str) -> str:
    d = seg(name)
    found = {p.id: p.text for p in d.paragraphs} | {f.id: f.text for f in d.footnotes}
    return found[seg_id]


def codes(name: str) -> list[str]:
    return [i.code for i in seg(name).issues]


# ------------------------------------------------------------- report of a meeting, EN and AR

REPORT_EN = "E_ESCWA_2017_EC.4_9_REPORT-EN.pdf"
REPORT_AR = "E_ESCWA_2017_EC.4_9_REPORT-AR.pdf"


def test_report_paragraphs_run_1_to_71_with_the_agenda_inside_69() -> None:
    # p. 3-18: paragraphs 1 to 71; p. 17-18: paragraph 69 ends "The agenda was adopted as
    # follows:" and the agenda's items 1 to 11 follow before paragraph 70
    assert ids(REPORT_EN) == [f"p{n}" for n in range(1, 72)]
    assert text_of(REPORT_EN, "p1").startswith("The Technical Committee was established pursuant")
    p69 = text_of(REPORT_EN, "p69")
    assert p69.startswith("The Executive Committee adopted the agenda of its second meeting")
    assert "as follows:\n1. Opening of the meeting.\n2. Adoption of the agenda" in p69
    assert p69.endswith("11. Adoption of the recommendations made by the Executive Committee at "
                        "its fourth meeting.")
    assert text_of(REPORT_EN, "p70").startswith("The Committee also adopted the proposed "
                                                "organization of work")
    assert seg(REPORT_EN).parts == []
    assert not [c for c in codes(REPORT_EN) if c.startswith("paragraph")]


def test_report_table_of_contents_stays_out_of_the_body() -> None:
    # p. 2: the contents list chapters I-IV (titles in bold over two lines), `ANNEXES`, then
    # `Annex I. List of participants 19`; the body opens with "Introduction" on p. 3
    d = seg(REPORT_EN)
    assert d.headings[0].title == "Introduction" and d.headings[0].pages == [3]
    toc = [(e.label, e.title, e.page) for e in d.toc]
    assert ("I", "RECOMMENDATIONS MADE BY THE EXECUTIVE COMMITTEE AT ITS FOURTH MEETING",
            3) in toc
    assert (None, "Annex I. List of participants", 19) in toc
    assert [h.label for h in d.headings if h.label and h.label.startswith("Annex")] == [
        "Annex I", "Annex II"]


def test_report_arabic_version_pairs_paragraph_by_paragraph() -> None:
    # the Arabic report (E/ESCWA/2017/EC.4/9/Report, Arabic original) numbers the same 71
    # paragraphs; its agenda (p. 21-22) is inside paragraph 69 too
    assert ids(REPORT_AR) == [f"p{n}" for n in range(1, 72)]
    assert "\n1- " in text_of(REPORT_AR, "p69") and "\n11- " in text_of(REPORT_AR, "p69")
    en = digest(build_output(seg(REPORT_EN), Mentions()), "en.json")
    ar = digest(build_output(seg(REPORT_AR), Mentions()), "ar.json")
    got = align_paragraphs(ar, en)
    assert len(got.pairs) == 71 and got.only_left == [] and got.only_right == []


# ------------------------------------------------- provisional agenda and its annotations

AGENDA = "E_ESCWA_2017_EC.4_L.1-EN.pdf"


def test_agenda_items_are_paragraphs_and_annotations_numbered_headings() -> None:
    # p. 1-2: the agenda, items "1. Opening of the meeting." to "11. Adoption of the
    # recommendations…"; p. 2-6: "ANNOTATIONS", each item's number and title (no full stop)
    # over its annotation, "9. Date and venue of the fifth meeting of the Executive Committee"
    # at the top of p. 6
    d = seg(AGENDA)
    assert ids(AGENDA) == [f"p{n}" for n in range(1, 12)]
    assert text_of(AGENDA, "p1") == "Opening of the meeting."
    numbered = [(h.label, h.title) for h in d.headings if h.label and h.label.isdigit()]
    assert [label for label, _ in numbered] == [str(n) for n in range(1, 12)]
    assert numbered[0] == ("1", "Opening of the meeting")
    assert numbered[8] == ("9", "Date and venue of the fifth meeting of the Executive Committee")
    assert not [f for f in d.furniture if "Date and venue" in f.text]  # not a running head
    assert d.parts == []


# ------------------------------------------- a numbering that restarts: three round tables

ROUND_TABLES = "E_ESCWA_30_17_CRP.1-EN.pdf"


def test_round_tables_number_their_questions_in_parts() -> None:
    # p. 2-3: ROUND TABLE 1, 2 and 3, each with "A. OBJECTIVES" and "B. KEY QUESTIONS" 1 to 6
    d = seg(ROUND_TABLES)
    assert ids(ROUND_TABLES) == [*(f"p{n}" for n in range(1, 7)),
                                 *(f"part1.p{n}" for n in range(1, 7)),
                                 *(f"part2.p{n}" for n in range(1, 7))]
    assert text_of(ROUND_TABLES, "p1").startswith("Are technology and innovation properly "
                                                  "mainstreamed")
    assert text_of(ROUND_TABLES, "part1.p1").startswith("What technologies are best suited")
    assert text_of(ROUND_TABLES, "part2.p1").startswith("How can legislation and regulation "
                                                        "keep up")
    heads = {h.id: h for h in d.headings}
    assert [(p.id, p.kind, heads[p.heading].title if p.heading else None) for p in d.parts] == [
        ("part1", "part", "KEY QUESTIONS"), ("part2", "part", "KEY QUESTIONS")]
    # each round table's questions lie under their own round table
    paths = {p.id: p.section_path for p in d.paragraphs}
    assert paths["part1.p1"] == ["THE ROLE OF TECHNOLOGY IN TACKLING THE CHALLENGES OF THE "
                                 "ARAB REGION", "B"]
    assert [h.level for h in d.headings if h.title.startswith("ROUND TABLE")] == [1, 1, 1]


# ------------------------------------------------- a budget fascicle's excerpt: 19.29 …

PROGRAMME = "E_ESCWA_EDID_2017_IG.2_8-EN.pdf"


def test_budget_paragraphs_numbered_by_section_are_a_sequence_of_their_own() -> None:
    # p. 3: paragraphs 1 to 6; p. 5-6 (the programme's strategy): "19.29 The Economic
    # Development and Integration Division is responsible…" to "19.33"
    assert ids(PROGRAMME) == [*(f"p{n}" for n in range(1, 7)),
                              *(f"part1.p{n}" for n in range(29, 34))]
    assert text_of(PROGRAMME, "part1.p29").startswith("The Economic Development and "
                                                      "Integration Division is responsible")
    assert [p.number for p in seg(PROGRAMME).paragraphs][-5:] == [29, 30, 31, 32, 33]


# ---------------------------------------- a note by the secretariat with a numbered box

NOTE = "E_ESCWA_30_7-EN.pdf"


def test_a_numbered_list_in_a_box_is_not_paragraphs() -> None:
    # p. 8: paragraph 34, then a box "Objectives of the Arab IGF" with items 1 to 7 (each
    # ending with a semicolon) and its source, then paragraph 35 on p. 9
    assert ids(NOTE) == [f"p{n}" for n in range(1, 47)]
    assert not any(p.text.startswith("Discuss public policy issues")
                   for p in seg(NOTE).paragraphs)
    assert any("1. Discuss public policy issues related to Internet governance" in b.text
               for b in seg(NOTE).blocks)


def test_note_footnotes_are_all_found_and_called() -> None:
    # p. 3-8: footnotes 1 to 17 under the rule; 1 (General Assembly resolution 70/1) is
    # called in paragraph 1, 17 (E/ESCWA/ICTD/2012/WG.2/Report) in paragraph 34
    notes = seg(NOTE).footnotes
    assert [f.id for f in notes] == [f"fn{n}" for n in range(1, 18)]
    assert all(f.cited_in for f in notes)
    assert notes[0].text.startswith("General Assembly resolution 70")
    assert notes[0].cited_in == ["p1"] and notes[16].cited_in == ["p34"]


# ------------------------------- footnotes of an English and an Arabic version of one paper

PAPER_EN = "E_ESCWA_2017_EC.4_4(PART_I)-EN.pdf"
PAPER_AR = "E_ESCWA_2017_EC.4_4(PART_I)-AR.pdf"


def test_english_paper_footnotes_and_their_calls() -> None:
    # p. 7: note 1 "No data has been reported for the years 2010 to 2012…" (paragraph 20);
    # p. 8: notes 2 and 3 (paragraph 25); p. 10: notes 5-7 (paragraphs 31, 32)
    notes = {f.id: f for f in seg(PAPER_EN).footnotes}
    assert list(notes) == [f"fn{n}" for n in range(1, 8)]
    assert notes["fn1"].text.startswith("No data has been reported for the years 2010 to 2012")
    assert notes["fn1"].cited_in == ["p20"]
    assert notes["fn2"].cited_in == ["p25"] and notes["fn3"].cited_in == ["p25"]
    assert notes["fn6"].cited_in == ["p32"] and notes["fn7"].cited_in == ["p32"]
    assert ids(PAPER_EN) == [f"p{n}" for n in range(1, 34)]


def test_arabic_paper_footnotes_are_found_by_the_rule_on_the_right() -> None:
    # p. 7: under a rule starting at the right edge, "(1) لم تتوفر بيانات عن السنوات من 2010
    # إلى 2012…", called "(1)" raised after "(الشكل 4)" in paragraph 20; p. 9: "(2) تتألف أمانة
    # التنسيق…"; p. 10: note (3) in English, "SEEK Development, Understanding the impact…", its
    # marker at the end of the line as the right-to-left page prints it; p. 11: notes (5)-(7)
    notes = {f.id: f for f in seg(PAPER_AR).footnotes}
    assert list(notes) == [f"fn{n}" for n in range(1, 8)]
    assert notes["fn1"].text.startswith("لم تتوفر بيانات عن السنوات من 2010 إلى 2012")
    assert notes["fn2"].text.startswith("تتألف أمانة التنسيق")
    assert notes["fn3"].text.startswith("SEEK Development, Understanding the impact of the "
                                        "refugee crisis")
    assert notes["fn1"].cited_in == ["p20"] and notes["fn6"].cited_in == ["p32"]
    assert ids(PAPER_AR) == [f"p{n}" for n in range(1, 34)]
    en = digest(build_output(seg(PAPER_EN), Mentions()), "en.json")
    ar = digest(build_output(seg(PAPER_AR), Mentions()), "ar.json")
    assert align_footnotes(ar, en).pairs == [(n, n) for n in notes]


def test_arabic_chart_labels_are_no_headings() -> None:
    # p. 6-8: the figures' axis labels (one or two letters each, set small) are not headings;
    # the figure titles "الشكل 1-", "الشكل 2-"… are kept (as headings, or as a chart's caption)
    titles = [h.title for h in seg(PAPER_AR).headings]
    assert all(len(t) > 3 for t in titles)
    captions = [b.text for b in seg(PAPER_AR).blocks if b.kind == "figure"]
    assert sum(t.startswith("الشكل ") for t in [*titles, *captions]) >= 4


# --------------------------------- an Arabic report: numbered sub-headings, a list without colon

SOCIAL_AR = "E_ESCWA_SDD_2017_IG.1_6_REPORT-AR.pdf"


def test_arabic_numbered_subheadings_and_agenda_list() -> None:
    # p. 5: "ألف- التقدم المحرز…", "(البند 4 من جدول الأعمال)", then "1- تنفيذ الأنشطة المدرجة
    # في برنامج العمل…" over "(البند 4 (أ) من جدول الأعمال)" and paragraph 4; sub-headings 1 to 5
    # under A, 1 to 3 under B (p. 10-14); p. 17: paragraph 44 ends "وفيما يلي جدول الأعمال
    # بالصيغة المعتمدة." and the agenda's items 1- to 9- follow before paragraph 45
    d = seg(SOCIAL_AR)
    assert ids(SOCIAL_AR) == [f"p{n}" for n in range(1, 47)]
    assert [h.label for h in d.headings if h.label and h.label.isdigit()] == [
        "1", "2", "3", "4", "5", "1", "2", "3"]
    first = next(h for h in d.headings if h.label == "1")
    assert first.title.startswith("تنفيذ")
    assert text_of(SOCIAL_AR, "p4").startswith("نظرت لجنة التنمية")
    assert "\n1- " in text_of(SOCIAL_AR, "p44") and "\n9- " in text_of(SOCIAL_AR, "p44")
    assert d.parts == []


# ------------------------------------------------ numbers that are not paragraphs

def test_chart_values_are_not_paragraphs() -> None:
    # E/ESCWA/EDID/2017/IG.3/8, p. 10-11: figures 4 to 8, values 0.25, 0.2, 0.15… on their axes;
    # the paragraphs run 1 to 28
    name = "E_ESCWA_EDID_2017_IG.3_8-EN.pdf"
    assert ids(name) == [f"p{n}" for n in range(1, 29)]
    assert all(sum(ch.isalpha() for ch in p.text) >= 4 for p in seg(name).paragraphs)


def test_programme_times_are_not_paragraphs() -> None:
    # E/ESCWA/2017/EC.4/L.2, p. 1: paragraphs 1-3; p. 2: the programme, "9.30-10 a.m.",
    # "10-10.15 a.m.", "10.15 a.m.-1 p.m." in its first column
    name = "E_ESCWA_2017_EC.4_L.2-EN.pdf"
    assert ids(name) == ["p1", "p2", "p3"]
    assert any(b.text == "9.30-10 a.m." for b in seg(name).blocks)


def test_a_list_announced_by_a_colon_stays_in_its_text() -> None:
    # E/ESCWA/2017/EC.4/3, p. 1: "This agenda item comprises two sub-items for which the
    # executive secretariat will present the following two reports:" then items 1 and 2
    for name in ("E_ESCWA_2017_EC.4_3-EN.pdf", "E_ESCWA_2017_EC.4_3-AR.pdf"):
        assert ids(name) == []
    block = seg("E_ESCWA_2017_EC.4_3-EN.pdf").blocks[0].text
    assert block.startswith("This agenda item comprises two sub-items")
    assert "\n1. Implementation of recommendations made by the Executive Committee" in block
    assert "\n2. Action taken pursuant to the Doha Declaration" in block


def test_arabic_notes_in_latin_script_keep_their_marker() -> None:
    # E/ESCWA/SDD/2017/IG.1/6/Report (Arabic), p. 6 and p. 7: two notes in Latin script under the
    # rule, "E/ESCWA/SDD/2017/2." and the address of the session's page, their markers (1) and
    # (2) printed at the right end of the line
    notes = {f.id: f.text for f in seg(SOCIAL_AR).footnotes}
    assert notes == {"fn1": "E/ESCWA/SDD/2017/2.",
                     "fn2": "https://www.unescwa.org/committee-social-development-11th-session."}
