"""Notes of real documents never tuned on (issue 16, item 4): every note whole, every call
linked, on corpus-wide PDFs where calls or notes were missed (an endnote running over a bold
line, raised calls beside the other column's line, calls in tables, Arabic calls after vowel
marks or in raised brackets beside Latin words, notes under a chart) or where an item label
was taken for a note.

Every expectation was read in the PDF itself (page text and glyph sizes and positions read
with pypdfium2; the page is named with each); none was copied from the program's output. Only
the structure stages run (ingest, language, segment).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.models import Footnote, SegmentedDocument
from pipeline.segment import segment
from pipeline.segment.footnotes import find_markers

WIDE = Path(__file__).resolve().parent / "data" / "wide"


@cache
def seg(name: str) -> SegmentedDocument:
    doc = ingest(WIDE / name)
    return segment(doc, detect_language(doc))


def notes(name: str) -> dict[str, Footnote]:
    return {f.id: f for f in seg(name).footnotes}


def citing(name: str, words: str) -> list[str]:
    """Ids of the body segments whose text holds ``words``."""
    d = seg(name)
    texts = [*((p.id, p.text) for p in d.paragraphs), *((b.id, b.text) for b in d.blocks)]
    return [i for i, text in texts if words in text]


def uncited(name: str) -> list[str]:
    return [i.segment or "" for i in seg(name).issues if i.code == "footnote-uncited"]


def missing(name: str) -> list[str]:
    return [i.message for i in seg(name).issues if i.code == "footnote-missing"]


# --------------------------------------------- endnotes of a technical paper in two columns

PAPER = "E_ESCWA_SDD_2017_TECHNICAL_PAPER.1-EN.pdf"


def test_paper_has_its_62_endnotes_and_note_50_keeps_its_list() -> None:
    # p. 15-16, "Endnotes": 1. United Nations (2015) Transforming our world … to 62. Sachs J.
    # (2015) Why the Sustainable Development Goals Matter?; note 50 runs on over a bold line:
    # "…is comprised of 3 sub-indices, namely (1) Access sub-index, related to fixed …"
    found = notes(PAPER)
    assert list(found) == [f"fn{n}" for n in range(1, 63)]
    assert found["fn1"].text.startswith("United Nations (2015) Transforming our world")
    assert found["fn50"].text.startswith("The ICT Development Index (IDI) is comprised of 3 "
                                         "sub-indices, namely (1) Access sub-index")
    assert "(2) Use sub-index" in found["fn50"].text
    assert found["fn62"].text.startswith("Sachs J. (2015) Why the Sustainable Development")
    assert uncited(PAPER) == [] and missing(PAPER) == []


def test_paper_raised_calls_stay_in_their_column_and_paragraph() -> None:
    # p. 5, left column: "…hinder serious attempts to reduce poverty⁹. In addition, unequal
    # societies tend to grow more slowly than those with lower levels of inequality.¹⁰
    # Concurrently, …"; the box "Box 2. The Different Levels of Equality" on the right has its
    # lines a little higher (the calls 9 and 10 were read into its lines)
    [para] = citing(PAPER, "serious attempts to reduce poverty⁹. In addition")
    assert citing(PAPER, "than those with lower levels of inequality.¹⁰ Concurrently") == [para]
    assert notes(PAPER)["fn9"].cited_in == [para]
    assert notes(PAPER)["fn10"].cited_in == [para]
    assert not citing(PAPER, "⁹ equality in what individuals achieve")


def test_paper_calls_glued_to_the_next_sentence() -> None:
    # p. 2 "…the lives of all people on the planet.¹The SDGs…" and p. 11 "(the second
    # divide).⁴⁸For example": no space after the raised number in the text layer
    [p2] = citing(PAPER, "all people on the planet.¹")
    assert notes(PAPER)["fn1"].cited_in == [p2]
    [p11] = citing(PAPER, "second divide).⁴⁸")
    assert notes(PAPER)["fn48"].cited_in == [p11]


# ------------------------------------------------------------------ calls in a table (EN)

COUNTRY = "E_ESCWA_SDD_2016_CP.2-EN.pdf"


def test_country_paper_table_calls_reach_their_notes() -> None:
    # p. 12: the table of social insurance branches prints "Yes*" for the students' employment
    # injury benefits, and under it "* With the exception of daily allowances in case of
    # temporary disability."; p. 23: "TABLE 4. HEALTH INSURANCE BENEFITS OF CNAM¹¹⁶", note
    # "116 Mauritania, 2014, Decree No. 2014-106."
    d = seg(COUNTRY)
    star = notes(COUNTRY)["fn*"]
    assert star.text == ("With the exception of daily allowances in case of temporary "
                         "disability.")
    [t1] = star.cited_in
    assert t1.startswith("t") and 12 in next(t for t in d.tables if t.id == t1).pages
    [t4] = notes(COUNTRY)["fn116"].cited_in
    table4 = next(t for t in d.tables if t.id == t4)
    assert "HEALTH INSURANCE BENEFITS OF CNAM¹¹⁶" in (table4.caption or "")
    assert notes(COUNTRY)["fn116"].text.startswith("Mauritania, 2014, Decree No. 2014-106")
    assert uncited(COUNTRY) == []


def test_table_marks_that_are_no_calls() -> None:
    # significance stars and numbers set small in tables, units
    assert find_markers("\n²⁶\n2.26") == []  # a count printed small in an Arabic table
    assert find_markers("Renewables\n⁰.⁹\n⁰.⁹") == []
    assert find_markers("22.3 Mm³ of biogas") == []
    text = "from stronger policy support¹⁵,¹⁶."
    assert [m for m, _s, _e in find_markers(text)] == ["15", "16"]  # two calls, not a number


# ----------------------------------------------------------------------- Arabic documents

AR_TRADE = "E_ESCWA_EDID_2017_IG.3_8-AR.pdf"


def test_arabic_calls_in_raised_brackets_after_latin_names() -> None:
    # p. 6-7: "… المرجع (Hausmann and Klinger)⁽⁶⁾، …", "… في مرجع (Hausmann and Hidalgo)⁽⁷⁾ …",
    # "… طوره (Rosvall and Bergstrom)⁽⁸⁾ في عام 2008"; the notes, in Latin script, are
    # "(6) Ricardo Hausmann and Bailey Klinger, …", "(7) Ricardo Hausmann and César A.
    # Hidalgo, …", "(8) Martin Rosvall and Carl T. Bergstrom, …"
    found = notes(AR_TRADE)
    assert list(found) == [f"fn{n}" for n in range(1, 9)]
    for n, names, author in ((6, "Hausmann and Klinger⁶", "Ricardo Hausmann and Bailey"),
                             (7, "Hausmann and Hidalgo⁷", "Ricardo Hausmann and César"),
                             (8, "Rosvall and Bergstrom⁸", "Martin Rosvall and Carl")):
        assert found[f"fn{n}"].text.startswith(author)
        assert found[f"fn{n}"].cited_in == citing(AR_TRADE, names) != []
    assert uncited(AR_TRADE) == []


def test_arabic_table_counts_printed_small_call_nothing() -> None:
    # p. 8: the table of product groups gives each group's number of products in small type
    # (¹⁴, ¹¹, ³², …): none of them calls a note
    d = seg(AR_TRADE)
    p8_tables = {t.id for t in d.tables if t.pages == [8]}
    assert p8_tables
    assert not any(set(f.cited_in) & p8_tables for f in d.footnotes)


AR_AID = "E_ESCWA_EDID_2017_IG.2_5(PART_IV)-AR.pdf"


def test_arabic_notes_under_a_chart_are_found() -> None:
    # p. 6 has a chart above the text and, under the separator, note 9 "(9) المساعدة الإنسانية
    # هي قطاع من قطاعات المساعدة الإنمائية الرسمية …" (11 pt) and note 10 "(10)
    # http://reliefweb.int/report/world/global-humanitarian-assistance-report-2016." (9 pt),
    # called in paragraph 9: "الإنسانية الدولية⁹" and "… لجنة المساعدة الإنمائية)¹⁰"
    found = notes(AR_AID)
    assert found["fn9"].text.startswith("المساعدة الإنسانية هي قطاع من قطاعات")
    assert found["fn10"].text.startswith("http://reliefweb.int/report/world/global-humanitarian")
    assert found["fn9"].cited_in == found["fn10"].cited_in == ["p9"]


def test_arabic_calls_after_a_vowel_mark_or_before_a_word() -> None:
    # p. 8 "… لإنقاذ أرواح النازحين قسراً²⁰، تبقى فجوة"; p. 10 "… وأقل البلدان نمواً²⁴.";
    # p. 11 "جاء في تقرير للأمين العام لعام 2016²⁵ أنّ …" (no space in the text layer)
    found = notes(AR_AID)
    assert found["fn20"].cited_in == citing(AR_AID, "النازحين قسراً²⁰") != []
    assert found["fn24"].cited_in == citing(AR_AID, "البلدان نمواً²⁴") != []
    assert found["fn25"].cited_in == citing(AR_AID, "لعام 2016²⁵") != []
    assert found["fn24"].text == "المرجع نفسه."
    assert uncited(AR_AID) == [] and missing(AR_AID) == []


AR_PROGRAMME = "E_ESCWA_EDID_2017_IG.2_8-AR.pdf"


def test_arabic_indicator_labels_are_no_notes() -> None:
    # p. 4-5: the table of expected accomplishments numbers its indicators "(1)", "(2)", set a
    # little smaller and higher than the text, under a header row whose bottom border is drawn
    # cell by cell; the document's one note is on p. 5, under a real separator:
    # "(*) تحمل الفقرات الواردة تحت عنوان الاستراتيجية الترقيم 29-19 إلى 33-19 …"
    assert [(f.id, f.page) for f in seg(AR_PROGRAMME).footnotes] == [("fn*", 5)]
    assert notes(AR_PROGRAMME)["fn*"].text.startswith("تحمل الفقرات الواردة تحت عنوان")
    assert notes(AR_PROGRAMME)["fn*"].cited_in != []
    assert citing(AR_PROGRAMME, "ازدياد عدد الدول الأعضاء التي تعتمد سياسات")


AR_DOCUMENTS = "E_ESCWA_30_INF.2-AR.pdf"


def test_arabic_list_of_documents_has_no_notes() -> None:
    # p. 1-2: a list of documents (title, agenda item, symbol) and no note at all; the item
    # numbers "13" beside "E/ESCWA/30/11" are set a little smaller and higher
    assert seg(AR_DOCUMENTS).footnotes == []
    assert missing(AR_DOCUMENTS) == []


AR_FINANCE = "E_ESCWA_2017_EC.4_4(PART_II)-AR.pdf"


def test_short_lines_of_a_shaded_box_of_prose_are_kept() -> None:
    # p. 15: "الجدول جيم- رسائل رئيسية لتمويل التنمية …", a shaded box of prose whose short
    # lines are its sub-headings: "القضايا النُظمية" then "يخلص التقرير إلى أن البيئة العالمية
    # الصعبة …", "التمويل الخاص" (they were dropped as the labels of a chart)
    d = seg(AR_FINANCE)
    texts = [b.text for b in d.blocks if 15 in b.pages]
    at = texts.index("القضايا النُظمية")
    assert texts[at + 1].startswith("يخلص التقرير إلى أن البيئة العالمية الصعبة")
    assert "التمويل الخاص" in texts


LETTER = "S_14938-EN.pdf"


def test_asterisks_printed_apart_from_their_note() -> None:
    # p. 1 (a typewritten letter of 1982, no separator rule): the symbol "S/14938**" and at the
    # foot of the page "** Second reissue for technical reasons.", the asterisks a little
    # higher than the text
    found = notes(LETTER)
    assert list(found) == ["fn**"]
    assert found["fn**"].text == "Second reissue for technical reasons."
    assert found["fn**"].page == 1
    assert found["fn**"].cited_in and missing(LETTER) == []


def test_note_continued_under_a_rule_as_wide_as_the_text() -> None:
    # E/ESCWA/OES/2015/WP.2 (English), pages 12-16 of the 27-page paper: page 16 (the excerpt's
    # 5th) draws a rule across the text width over `the MENA area, see the provided by ESCWA …
    # 2014a).`, the end of note 23 begun on page 15, then `²⁴ See Burchardt and Vizard (2007)
    # … useful definitions.`, called at `UN-ESCWA (2014b)²⁴` above; each page ends with its
    # number (`12` … `16`) printed 130 pt above the bottom edge, above the footer band
    doc = seg("E_ESCWA_OES_2015_WP.2-EN.pdf")
    notes = {f.marker: f for f in doc.footnotes}
    assert notes["23"].text.endswith("Report on Arab Integration (UN-ESCWA, 2014a).")
    assert notes["24"].text == ("See Burchardt and Vizard (2007), Goodland (1995) and Walster "
                                "and Walster (1975) for some useful definitions.")
    assert notes["24"].page == 5 and notes["24"].cited_in
    assert notes["18"].text.endswith("except for Grassroots")  # not `… Grassroots 12`
    assert [f.text for f in doc.furniture] == ["12", "13", "14", "15", "16"]


def test_call_after_a_quote_closed_with_an_opening_mark_and_a_call_printed_apart() -> None:
    # E/ESCWA/SDD/2016/Technical Paper.4 (English), its pages 9 and 23: page 9 closes a quote
    # with an opening mark and a raised 11 (`… real estate markets.“¹¹ He sees …`); page 23
    # prints a raised `64` alone at the right under figure 2 (`Source: UN-Habitat`), the call
    # of note 64 (`In UN Habitat III (2015), Issue Paper 9: Urban Land, p.1`)
    doc = seg("E_ESCWA_SDD_2016_TECHNICAL_PAPER.4-EN.pdf")
    notes = {f.marker: f for f in doc.footnotes}
    blocks = {b.id: b for b in doc.blocks}
    (eleven,) = notes["11"].cited_in
    assert "real estate markets.“¹¹ He sees" in blocks[eleven].text
    (call,) = notes["64"].cited_in
    assert blocks[call].text == "⁶⁴" and blocks[call].footnote_refs == [notes["64"].id]
    assert all(f.cited_in for f in doc.footnotes)


def test_endnotes_in_three_columns_with_their_numbers_in_the_gutters() -> None:
    # Social Development Bulletin, E/ESCWA/SDD/2017/Technical Paper.8 (English), page 4:
    # `Endnotes` in three columns of 8-pt type, each note's number hanging left of its text in
    # the gutter (`4.` at x 215, the first column's text ending at 206; `5.` even joins the
    # line `of Public International Law, eighth edition (Oxford,` in the text layer). Notes
    # read from the page text, column by column.
    doc = seg("E_ESCWA_SDD_2017_TECHNICAL_PAPER.8-EN.pdf")
    notes = {f.marker: f.text for f in doc.footnotes}
    assert sorted(notes, key=int) == [str(n) for n in range(1, 10)]
    assert notes["2"] == ("See James Crawford, ed., Brownlie’s Principles of Public International "
                          "Law, eighth edition (Oxford, Oxford University Press, 2012), pp. 3-19.")
    assert notes["5"].startswith("The International Bill of Human Rights also includes the "
                                 "Universal Declaration of Human Rights")
    assert notes["8"] == "A/CN.4/663."
    assert notes["9"].startswith("North Sea Continental Shelf Cases (Federal Republic of "
                                 "Germany/Denmark;")
    assert all(f.cited_in for f in doc.footnotes)


def test_arabic_endnotes_in_three_columns_some_in_english() -> None:
    # Social Development Bulletin, E/ESCWA/SDD/2017/Technical Paper.8 (Arabic), page 4:
    # `الحواشي` over three right-to-left columns in which notes 1, 2, 4, 6-9 are English lines
    # whose number stands at their right (the text layer reads `… Black’s Law .1`) and whose
    # full stop shows at their left (`.list-indicators`), beside Arabic notes 3 and 5 on the
    # same baselines; call 6 is raised with the sentence's full stop (`قانونياً(6).`, page 3).
    # Read on the page image.
    doc = seg("E_ESCWA_SDD_2017_TECHNICAL_PAPER.8-AR.pdf")
    notes = {f.marker: f for f in doc.footnotes}
    assert sorted(notes, key=int) == [str(n) for n in range(1, 10)]
    assert notes["1"].text == ("Bryan A. Garner, ed., Black’s Law Dictionary, tenth edition "
                               "(New York, Thomson Reuters Pvt. Ltd., 2014).")
    assert notes["4"].text.startswith("https://unstats.un.org/sdgs/indicators/")
    assert notes["5"].text.startswith("تتضمن الشرعة الدولية لحقوق الإنسان أيضاً")
    assert notes["6"].text.startswith("Andrew T. Guzman and Timothy L. Meyer, “International "
                                      "soft law“, Journal of Legal Analysis, vol. 2, No. 1 "
                                      "(Spring 2010).")
    assert notes["8"].text == "A/CN.4/663."
    assert all(f.cited_in for f in doc.footnotes)
