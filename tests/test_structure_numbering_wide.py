"""Numbering and headings of real documents never tuned on (issue 16): the paragraph or heading
that went missing (read as a running head, taken into a table, a chart or the footnotes, its
label misread), found again.

Every expectation was read in the PDF itself (pages rendered as text with pypdfium2 and read by
hand, the lines' positions looked at; the page is named with each); none was copied from the
program's output. Only the structure stages run (ingest, language, segment).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.models import SegmentedDocument
from pipeline.segment import segment
from pipeline.segment.sequences import NumberLabel, Sequencer, misread_label, paragraph_label

WIDE = Path(__file__).resolve().parent / "data" / "wide"


@cache
def seg(name: str) -> SegmentedDocument:
    doc = ingest(WIDE / name)
    return segment(doc, detect_language(doc))


def paragraph(name: str, seg_id: str) -> str:
    return next(p.text for p in seg(name).paragraphs if p.id == seg_id)


def labeled(name: str) -> list[tuple[str, str]]:
    return [(h.label, h.title) for h in seg(name).headings if h.label]


# ------------------------------------------- a paragraph above a box at the top of a page

CENTRE_EN = "E_ESCWA_30_9-EN.pdf"
CENTRE_AR = "E_ESCWA_30_9-AR.pdf"


def test_paragraph_above_a_box_is_no_running_head() -> None:
    # p. 5: paragraph 13 opens the page, over the box of expected accomplishment 3 (a rule
    # across the page under it is the box's top, not a running head's rule)
    d = seg(CENTRE_EN)
    assert [p.id for p in d.paragraphs] == [f"p{n}" for n in range(1, 27)]
    assert paragraph(CENTRE_EN, "p13").startswith(
        "The Centre, in partnership with the Misr El Khair Foundation, held a workshop in Cairo "
        "in October 2016 on enabling inclusive development")
    assert not any(i.code == "paragraph-numbering-gap" for i in d.issues)


def test_arabic_chapter_and_paragraph_under_a_table_are_the_body() -> None:
    # p. 7: the table of institutions (continued) ends with row 19; then the chapter heading
    # ثالثاً- مجلس الإدارة (the text layer gives the tanween as a second alef), paragraph 19 and
    # an underlined sub-heading, which is no rule of the table
    d = seg(CENTRE_AR)
    assert [p.number for p in d.paragraphs][17:20] == [18, 19, 20]
    assert paragraph(CENTRE_AR, "p19").startswith("يتضمن المرفق الأوّل")
    assert ("ثالثا", "مجلس الإدارة") in labeled(CENTRE_AR)
    assert [label for label, _ in labeled(CENTRE_AR)][:2] == ["أولا", "ثانيا"]


# ------------------------------------------------- paragraphs under a table, in Arabic

TRANSPORT_AR = "E_ESCWA_EDID_2017_IG.1_5-AR.pdf"


def test_arabic_paragraphs_after_a_table_are_not_rows_of_it() -> None:
    # p. 8: paragraphs 23 and 24 under table 2; p. 9: after table 2 (continued), the numbered
    # sub-heading 2- النقل البحري and paragraphs 25 and 26 (their lines' underlined links are
    # no table's rules)
    d = seg(TRANSPORT_AR)
    assert [p.number for p in d.paragraphs][21:27] == [22, 23, 24, 25, 26, 27]
    assert paragraph(TRANSPORT_AR, "p23").startswith("يربط بين صادرات البلدان من أجزاء ومكونات")
    assert paragraph(TRANSPORT_AR, "p24").startswith("ويتفاوت أداء البلدان العربية")
    assert paragraph(TRANSPORT_AR, "p26").startswith("أما المنطقة العربية فلم تحقق إلا مستوى")
    assert not any(i.code == "paragraph-numbering-gap" for i in d.issues)


# ----------------------------------------------- a chapter heading over shaded lines

WORKSHOP_AR = "E_ESCWA_ECW_2015_WG.4_REPORT-AR.pdf"


def test_shaded_lines_are_no_chart_and_keep_the_first_chapter() -> None:
    # p. 3: paragraph 2 is printed over bands of shading, a line each; under it the chapter
    # heading أولاً- ورشة العمل; p. 3-10: the chapters, their sections and the annex's
    assert [label for label, _ in labeled(WORKSHOP_AR)] == [
        "أولا", "ألف", "باء", "ثانيا", "ألف", "باء", "جيم", "المرفق", "ألف", "باء", "جيم"]
    assert labeled(WORKSHOP_AR)[0] == ("أولا", "ورشة العمل")
    assert "من قطاعات مختلفة، لا سيما وسائل الإعلام في المنطقة العربية" in paragraph(
        WORKSHOP_AR, "p2")


# ------------------------------------------------ a section heading above a table's frame

PROGRAMME_EN = "E_ESCWA_EDID_2017_IG.2_8-EN.pdf"


def test_section_heading_above_a_table_frame_is_kept() -> None:
    # p. 3-6: sections A to E of chapter II; B (p. 4) stands above the frame of the table of
    # expected accomplishments, whose top rule spans the page
    chapters_and_sections = [label for label, _ in labeled(PROGRAMME_EN) if label.isupper()]
    assert chapters_and_sections == ["I", "II", "A", "B", "C", "D", "E"]
    assert ("B", "EXPECTED ACCOMPLISHMENTS AND INDICATORS OF ACHIEVEMENT") in labeled(PROGRAMME_EN)


# --------------------------------------------- a numbered heading over a chart, in Arabic

BULLETIN_AR = "E_ESCWA_SDD_2017_TECHNICAL_PAPER.8-AR.pdf"


def test_numbered_heading_over_a_chart_is_a_heading() -> None:
    # p. 1-4: the bulletin's four numbered headings (3 opens page 3, a chart drawn under it)
    d = seg(BULLETIN_AR)
    titles = {h.label: h.title for h in d.headings if h.label and h.label.isdigit()}
    assert titles["1"] == "القانون الدولي والتنمية المستدامة"
    assert titles["3"] == "أهداف التنمية المستدامة كمحفز قانوني"
    assert [h.label for h in d.headings if h.label and h.label.isdigit()] == ["1", "2", "3", "4"]
    assert not d.paragraphs


# ----------------------------------------------------------------- the sequencer alone


def _decide(seq: Sequencer, text: str, nxt: str | None = None) -> str:
    label = paragraph_label(text)
    assert label is not None
    next_label = paragraph_label(nxt) if nxt else None
    return seq.decide(label, list_host=False, next_label=next_label).verdict


PROSE = "The Committee took note of the report and asked the secretariat to go on with it."


def test_dozens_of_numbers_skipped_are_a_list_not_paragraphs() -> None:
    # E/ESCWA/SDD/2017/Technical Paper.1, p. 16: endnotes 51, 52… after paragraph 3
    seq = Sequencer()
    for n in (1, 2, 3):
        assert _decide(seq, f"{n}. {PROSE}") == "paragraph"
    assert _decide(seq, f"51. {PROSE}", f"52. {PROSE}") == "text"
    assert _decide(seq, f"4. {PROSE}") == "paragraph"


def test_a_few_numbers_skipped_with_the_next_confirming_stay_paragraphs() -> None:
    seq = Sequencer()
    assert _decide(seq, f"1. {PROSE}") == "paragraph"
    assert _decide(seq, f"9. {PROSE}", f"10. {PROSE}") == "paragraph"


def test_a_number_read_with_a_comma_where_the_sequence_expects_it() -> None:
    # E/ESCWA/SDD/2011/WG.5/7/Report (English), p. 6, read by OCR: "24, Ms. Henning also
    # discussed the level of ratification…"
    text = ("Ms. Henning also discussed the level of ratification of international instruments "
            "relating to migration, noting that few countries of the two regions had ratified "
            "the conventions that protect the rights of migrant workers and their families.")
    assert misread_label(f"24, {text}", 24) == NumberLabel(24, text)
    assert misread_label(f"24, {text}", 25) is None  # not where the sequence stands
    assert misread_label("24, 25 and 26 of the report were adopted.", 24) is None


def test_a_number_read_with_a_look_alike_digit_where_the_sequence_expects_it() -> None:
    # E/ESCWA/C.1/19/4(Part I)/Add.5 (English, a scan), p. 3: paragraph 11 ("11. This support
    # on the part of the Council…", checked on the page image) reads "{1." in the OCR text
    text = ("This support on the part of the Council, in addition to the General Assembly's "
            "endorsement of the involvement of ESCWA in the Transport and Communications Decade "
            "for Asia and the Pacific, encouraged ESCWA to continue to work for the Decade.")
    assert misread_label(f"{{1. {text}", 11) == NumberLabel(11, text)
    assert misread_label(f"l2. {text}", 12) == NumberLabel(12, text)
    assert misread_label(f"{{1. {text}", 12) is None  # not where the sequence stands
    assert misread_label(f"11. {text}", 11) is None  # read right: paragraph_label's business
    assert misread_label(f"I. {text}", 1) is None  # a roman numeral: no digit read at all
    assert misread_label("{1. Short text.", 11) is None  # not a long paragraph of prose


# ------------------------------------- paragraphs numbered within a programme's section

def test_paragraphs_numbered_within_a_section_continue_its_numbering() -> None:
    # p. 5-6 print 19.29 to 19.33, and the footnote of p. 5 says "19.29 to 19.33, where 19
    # refers to programme 19": an excerpt of the programme's numbering, which starts at 29
    doc = seg(PROGRAMME_EN)
    part = next(p for p in doc.parts if p.section is not None)
    assert part.section == 19
    numbered = [p for p in doc.paragraphs if p.id.startswith(f"{part.id}.")]
    assert [p.number for p in numbered] == [29, 30, 31, 32, 33]
    assert numbered[0].text.startswith("The Economic Development and Integration Division")
    assert numbered[4].text.startswith("In order to provide an evidence-based advocacy")
    assert not [i for i in doc.issues if i.code == "paragraph-numbering-gap"]
