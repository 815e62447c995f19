"""Paragraph numbers and numbering sequences (parts): what a paragraph number looks like, where
a sequence expects it, the parts and their ids, the notes of each part (issue 16).

The small documents here are written for the test; each one states what it prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.models import SegmentedDocument
from pipeline.segment import segment
from pipeline.segment.sequences import NumberLabel, paragraph_label

MASTHEAD = "United Nations\n\nEconomic and Social Council\n\nDistr.: General\n1 May 2099\n\n"


def run(tmp_path: Path, body: str, name: str = "E_2099_1-EN.txt") -> SegmentedDocument:
    path = tmp_path / name
    path.write_text(MASTHEAD + body, encoding="utf-8")
    doc = ingest(path)
    return segment(doc, detect_language(doc))


def ids(doc: SegmentedDocument) -> list[str]:
    return [p.id for p in doc.paragraphs]


# ------------------------------------------------------------------------ paragraph labels

@pytest.mark.parametrize(("text", "label"), [
    ("14. The Council met.", NumberLabel(14, "The Council met.")),
    ("14.The Council met.", NumberLabel(14, "The Council met.")),
    ("14- عقدت اللجنة اجتماعها", NumberLabel(14, "عقدت اللجنة اجتماعها")),
    ("19.29 ESCWA will support member States", NumberLabel(29, "ESCWA will support member "
                                                              "States", 19)),
    ("1. “Welcomes the report", NumberLabel(1, "“Welcomes the report")),
])
def test_a_paragraph_number_opens_prose(text: str, label: NumberLabel) -> None:
    assert paragraph_label(text) == label


@pytest.mark.parametrize("text", [
    "9.30-10 a.m.",  # a time
    "0.25",  # a chart value
    "2 0.2 0.2 0.2",  # an axis
    "0. Zero is no paragraph",
    "3. 12.5 13.2 14.1 15.0",  # a table row: figures, not words
    "2030 Agenda for Sustainable Development",
    "9. 30 a.m.",  # a time: figures, no words
])
def test_not_a_paragraph_number(text: str) -> None:
    assert paragraph_label(text) is None


# ------------------------------------------------------------------------ sequences

def test_numbers_that_no_sequence_expects_are_text(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met twice.\n\n2. It adopted a statement.\n\n"
              "47. Figure values\n\n3. The work continues.\n")
    assert ids(doc) == ["p1", "p2", "p3"]
    assert [b.text for b in doc.blocks] == ["47. Figure values"]
    assert not [i for i in doc.issues if i.code.startswith("paragraph")]


def test_a_small_gap_and_a_confirmed_jump_are_paragraphs_with_an_issue(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n3. It adopted a statement.\n\n"
              "20. The work continued.\n\n21. It ended.\n")
    assert ids(doc) == ["p1", "p3", "p20", "p21"]
    gaps = [i.segment for i in doc.issues if i.code == "paragraph-numbering-gap"]
    assert gaps == ["p3", "p20"]


def test_a_repeated_number_is_a_duplicate_with_an_issue(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n2. It adopted a statement.\n\n"
              "2. It adopted another one.\n\n3. The work continues.\n")
    assert ids(doc) == ["p1", "p2", "p2-2", "p3"]
    assert [i.segment for i in doc.issues if i.code == "paragraph-duplicate-number"] == ["p2-2"]


def test_a_list_announced_by_a_colon_stays_in_its_paragraph(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n2. The agenda was adopted as follows:\n\n"
              "1. Opening of the session.\n\n2. Adoption of the agenda.\n\n"
              "3. Other matters.\n\n3. The Commission adopted its report.\n")
    assert ids(doc) == ["p1", "p2", "p3"]
    assert doc.paragraphs[1].text == ("The agenda was adopted as follows:\n"
                                      "1. Opening of the session.\n2. Adoption of the agenda.\n"
                                      "3. Other matters.")


def test_a_paragraph_of_prose_ends_a_list_that_expects_its_number(tmp_path: Path) -> None:
    prose = ("The Commission adopted its report at its closing meeting, after a discussion in "
             "which several delegations proposed amendments to the draft recommendations.")
    doc = run(tmp_path, "1. The Commission met.\n\n2. The agenda was adopted as follows:\n\n"
              f"1. Opening of the session.\n\n2. Adoption of the agenda.\n\n3. {prose}\n")
    assert ids(doc) == ["p1", "p2", "p3"]
    assert doc.paragraphs[2].text == prose


def test_a_list_after_which_the_sequence_goes_on_stays_in_its_paragraph(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n2. The agenda, as adopted, is the "
              "following.\n\n1. Opening of the session.\n\n2. Election of officers.\n\n"
              "3. Adoption of the agenda.\n\n3. The Commission adopted its report.\n")
    assert ids(doc) == ["p1", "p2", "p3"]
    assert doc.paragraphs[1].text.endswith("\n3. Adoption of the agenda.")


def test_an_annex_numbered_from_1_is_a_part_with_its_own_notes(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met twice.¹\n\n2. It adopted a statement.\n\n"
              "¹ See E/2098/1.\n\nAnnex I\n\nReport of the working group\n\n"
              "1. The group met once.¹ It discussed paragraph 2 above.\n\n"
              "2. The group adopted its report.\n\n¹ See E/2098/9.\n\n"
              "Annex II\n\nList of participants\n\nMs. A. Person\n")
    assert ids(doc) == ["p1", "p2", "annex1.p1", "annex1.p2"]
    assert [(p.id, p.kind) for p in doc.parts] == [("annex1", "annex")]
    heading = next(h for h in doc.headings if h.id == doc.parts[0].heading)
    assert heading.title == "Annex I"
    notes = {f.id: f for f in doc.footnotes}
    assert notes["fn1"].cited_in == ["p1"] and notes["fn1"].text == "See E/2098/1."
    assert notes["annex1.fn1"].cited_in == ["annex1.p1"]
    assert doc.paragraphs[2].footnote_refs == ["annex1.fn1"]
    assert "Ms. A. Person" not in [h.title for h in doc.headings]  # a participant


def test_an_annex_that_goes_on_numbering_stays_in_the_main_sequence(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n2. It adopted a statement.\n\n"
              "Annex\n\n3. The statement reads as follows.\n")
    assert ids(doc) == ["p1", "p2", "p3"] and doc.parts == []


def test_annexes_directly_one_after_the_other_open_one_part(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission met.\n\n2. It adopted a statement.\n\nANNEXES\n\n"
              "Annex I\n\n1. The group met once.\n\n2. The group adopted its report.\n")
    assert ids(doc)[2:] == ["annex1.p1", "annex1.p2"]


def test_resolutions_appended_to_a_report_are_parts(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Commission adopted two resolutions.\n\n"
              "2. They are reproduced below.\n\n"
              "330 (XXX). Technology for development\n\nThe Commission,\n\n"
              "1. Welcomes the report;\n\n2. Requests the secretariat to report.\n\n"
              "331 (XXX). Water security\n\nThe Commission,\n\n1. Decides to act.\n")
    assert ids(doc) == ["p1", "p2", "res1.p1", "res1.p2", "res2.p1"]
    assert [(p.id, p.kind) for p in doc.parts] == [("res1", "resolution"),
                                                    ("res2", "resolution")]


def test_a_restart_confirmed_by_a_2_opens_a_part_named_by_its_order(tmp_path: Path) -> None:
    doc = run(tmp_path, "I. Round table one\n\n1. Are policies keeping pace?\n\n"
              "2. Who takes part?\n\nII. Round table two\n\n1. What works?\n\n"
              "2. What does not?\n")
    assert ids(doc) == ["p1", "p2", "part1.p1", "part1.p2"]
    part = doc.parts[0]
    assert (part.id, part.kind) == ("part1", "part")
    assert next(h for h in doc.headings if h.id == part.heading).title == "Round table two"


def test_a_restarted_list_of_items_ending_with_semicolons_is_no_part(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Forum met.\n\n2. It has objectives.\n\nObjectives\n\n"
              "1. Discuss public policy issues;\n\n2. Facilitate the exchange of "
              "information;\n\n3. Harmonize points of view.\n\n3. The Forum was founded.\n")
    assert ids(doc) == ["p1", "p2", "p3"]
    items = [b for b in doc.blocks if b.text.startswith(("1. ", "2. "))]
    assert [b.kind for b in items] == ["list-item", "list-item"]


def test_chapter_endnotes_that_restart_are_a_notes_part(tmp_path: Path) -> None:
    doc = run(tmp_path, "I. First chapter\n\n1. The Commission met twice.¹ It adopted one "
              "statement.²\n\nNotes\n\n1 See E/2098/1.\n\n2 See E/2098/2.\n\n"
              "II. Second chapter\n\n2. The Commission considered its methods of work.¹\n\n"
              "Notes\n\n1 See E/2098/3.\n")
    notes = {f.id: f for f in doc.footnotes}
    assert list(notes) == ["fn1", "fn2", "notes2.fn1"]
    assert notes["notes2.fn1"].cited_in == ["p2"] and notes["fn1"].cited_in == ["p1"]
    assert [(p.id, p.kind) for p in doc.parts] == [("notes2", "notes")]
    assert not [i for i in doc.issues if i.code.startswith("footnote")]


def test_bracketed_entries_that_the_text_calls_are_endnotes(tmp_path: Path) -> None:
    doc = run(tmp_path, "The sector is obsolete.¹ Losses were high.²\n\nBibliography\n\n"
              "[1]. Ministry of Energy, annual report.\n\n[2]. National communication to "
              "the UNFCCC.\n\nhttp://example.org/2\n")
    notes = {f.id: f for f in doc.footnotes}
    assert notes["fn1"].text == "Ministry of Energy, annual report."
    assert notes["fn2"].text == "National communication to the UNFCCC. http://example.org/2"
    assert notes["fn2"].cited_in and notes["fn1"].cited_in


def test_lettered_subheadings_are_not_glued_to_the_paragraph_before(tmp_path: Path) -> None:
    prose = ("Civil servants receive a pension when they have reached the age limit and "
             "completed their years of service.")
    doc = run(tmp_path, f"1. The scheme has three benefits described below.\n\n"
              f"(a) Old-age pension\n\n{prose}\n\n(b) Disability pension\n\n{prose}\n")
    assert doc.paragraphs[0].text == "The scheme has three benefits described below."
    assert [(h.label, h.title) for h in doc.headings] == [("a", "Old-age pension"),
                                                           ("b", "Disability pension")]


def test_sub_items_of_a_paragraph_that_announces_them_stay_in_it(tmp_path: Path) -> None:
    doc = run(tmp_path, "1. The Committee recommended the following:\n\n(a) Welcome the "
              "report;\n\n(b) Continue the work.\n\n2. The Committee closed.\n")
    assert doc.paragraphs[0].text == ("The Committee recommended the following:\n"
                                      "(a) Welcome the report;\n(b) Continue the work.")
    assert doc.headings == []


def test_prose_numbered_out_of_order_is_kept_as_a_block_and_reported(tmp_path: Path) -> None:
    prose = ("The Commission took note of the report and requested the secretariat to continue "
             "its work on the regional review, in cooperation with the member States and the "
             "regional organizations concerned, and to report at its next session.")
    doc = run(tmp_path, f"1. The Commission met.\n\n2. It adopted a statement.\n\n"
              f"3. It closed its session.\n\n2. {prose}\n\n4. The report was adopted.\n")
    assert ids(doc) == ["p1", "p2", "p3", "p4"]
    block = next(b for b in doc.blocks if b.text.startswith("2. The Commission took note"))
    assert [(i.code, i.segment) for i in doc.issues if i.code.startswith("paragraph")] == [
        ("paragraph-out-of-order", block.id)]


def test_a_lone_letter_between_numbered_paragraphs_is_no_heading(tmp_path: Path) -> None:
    # OCR reads a page number (`-2-`) as one letter (`ا` in an Arabic typescript, E/ESCWA/C.1/19/4
    # Add.5-AR; here `Q`) between two numbered paragraphs
    prose = ("The Commission took note of the report and requested the secretariat to continue "
             "its work on the regional review, in cooperation with the member States.")
    doc = run(tmp_path, f"1. {prose}\n\nQ\n\n2. {prose}\n\nStaff resources\n\n3. {prose}\n")
    assert [(h.label, h.title) for h in doc.headings] == [(None, "Staff resources")]
    assert [p.number for p in doc.paragraphs] == [1, 2, 3]


def test_arabic_section_labels_whose_hyphen_ocr_dropped(tmp_path: Path) -> None:
    # E/ESCWA/SD/2017/WG.3/REPORT-AR, read by OCR: `ألف- الجلسة الأولى` came out without its
    # hyphen. A section's word label without its hyphen is taken where the series expects it
    # (the first section after a chapter, the next after a section), not elsewhere: `دال` after
    # `باء` skips `جيم`, and `ألف` ("thousand") opening a sentence stays prose.
    prose = ("نظمت اللجنة الاقتصادية والاجتماعية لغربي آسيا الاجتماع الثاني للفريق الإقليمي "
             "حول دورة 2020 لتعدادات السكان والمساكن في بيروت بمشاركة ممثلين عن الدول الأعضاء.")
    doc = run(tmp_path, f"مقدمة\n\n{prose}\n\nأولا- النتائج والتوصيات\n\n1- {prose}\n\n"
              f"ألف الجلسة الأولى\n\n"
              f"2- {prose}\n\nباء الجلسة الثانية\n\n3- {prose}\n\nدال الجلسة الرابعة\n\n"
              f"4- {prose}\n\nألف شخص شاركوا في الاجتماع الثاني للفريق الإقليمي حول دورة 2020 "
              f"لتعدادات السكان والمساكن في بيروت بمشاركة ممثلين عن الدول الأعضاء.\n",
              "E_2099_1-AR.txt")
    labels = [(h.label, h.title) for h in doc.headings]
    assert labels[:3] == [("أولا", "النتائج والتوصيات"), ("ألف", "الجلسة الأولى"),
                          ("باء", "الجلسة الثانية")]
    assert ("دال", "الجلسة الرابعة") not in labels
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4]
