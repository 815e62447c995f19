"""Pages as printed (issue 17): two columns under a title across them, tables and charts,
meeting records. Hand-made PDFs for the units, real documents for the acceptance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.ingest.pdf import read_pdf
from pipeline.languages import LANGUAGES, available_languages, load_lang_data
from pipeline.segment.captions import caption_kind
from pipeline.segment.speeches import record_kind, speaker_of
from tests.pdf_factory import placed_pdf

ROOT = Path(__file__).resolve().parents[1]
WIDE = ROOT / "tests" / "data" / "wide"

LEFT = ["1. The Committee met in Geneva and the", "members of the Committee heard the",
        "statements of the delegations on the", "items of its agenda, which it had",
        "adopted at its first meeting.", "2. The Committee elected its officers",
        "by acclamation and thanked the", "outgoing Chair for his work during"]
RIGHT = ["the previous session, which had been", "a productive one for all members.",
         "3. The Committee decided to hold its", "next session in New York, in the",
         "first week of May, and asked the", "secretariat to prepare the documents",
         "for that session in good time for", "the delegations to read them."]


def _two_columns() -> bytes:
    # below the top of page 1, where a masthead would be read line by line
    top = 340
    items: list[tuple[float, float, str]] = [(150, top, "Report of the Committee on its work")]
    # the columns' lines are offset by half a line, as in a 1959 summary record
    items += [(60, top + 40 + 12 * i, t) for i, t in enumerate(LEFT)]
    items += [(320, top + 46 + 12 * i, t) for i, t in enumerate(RIGHT)]
    items += [(150, top + 160, "Annex: list of the members of the Committee")]
    items += [(60, top + 180 + 12 * i, t) for i, t in enumerate(LEFT[:4])]
    items += [(320, top + 186 + 12 * i, t) for i, t in enumerate(RIGHT[:4])]
    return placed_pdf(items)


def test_two_columns_under_a_spanning_title_are_read_column_by_column() -> None:
    reading = read_pdf(_two_columns())
    texts = [" ".join(b.lines) for b in reading.blocks]
    # read by hand from the layout above: the title, the left column's paragraphs 1 and 2,
    # paragraph 2 going on at the top of the right column, paragraph 3, then the second title
    assert texts[0] == "Report of the Committee on its work"
    assert texts[1].startswith("1. The Committee met in Geneva")
    assert texts[1].endswith("adopted at its first meeting.")
    assert texts[2].startswith("2. The Committee elected its officers")
    assert texts[3].startswith("the previous session, which had been")
    assert texts[4].startswith("3. The Committee decided")
    assert texts[5] == "Annex: list of the members of the Committee"


def test_a_paragraph_continued_in_the_next_column_is_one_paragraph() -> None:
    from pipeline.models import DocumentHints, IngestedDocument, LanguageResult, Source
    from pipeline.segment import segment

    reading = read_pdf(_two_columns())
    doc = IngestedDocument(source=Source(path="x.pdf", sha256="", format="pdf", pages=1),
                           hints=DocumentHints(), blocks=reading.blocks)
    seg = segment(doc, LanguageResult(language="en", confidence=1.0, declared=None,
                                      detected="en"))
    p2 = next(p for p in seg.paragraphs if p.number == 2)
    assert p2.text == ("The Committee elected its officers by acclamation and thanked the "
                       "outgoing Chair for his work during the previous session, which had been "
                       "a productive one for all members.")


@pytest.mark.parametrize("concern", ["captions", "speakers"])
def test_language_files_have_the_same_keys(concern: str) -> None:
    assert available_languages(concern) == sorted(LANGUAGES)
    keys = {lang: set(load_lang_data(concern, lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys


@pytest.mark.parametrize(("lang", "case"), [
    (lang, case) for lang in LANGUAGES for case in load_lang_data("captions", lang)["examples"]])
def test_caption_examples(lang: str, case: dict[str, Any]) -> None:
    assert caption_kind(case["text"], lang) == case["kind"]


@pytest.mark.parametrize(("lang", "text"), [
    (lang, t) for lang in LANGUAGES for t in load_lang_data("captions", lang)["counterexamples"]])
def test_caption_counterexamples(lang: str, text: str) -> None:
    assert caption_kind(text, lang) is None


@pytest.mark.parametrize(("lang", "case"), [
    (lang, case) for lang in LANGUAGES for case in load_lang_data("speakers", lang)["examples"]])
def test_speaker_examples(lang: str, case: dict[str, Any]) -> None:
    kind = "summary" if case.get("summary") else "verbatim"
    assert speaker_of(case["text"], lang, kind) == case["speaker"]


@pytest.mark.parametrize(("lang", "text"), [
    (lang, t) for lang in LANGUAGES for t in load_lang_data("speakers", lang)["counterexamples"]])
def test_speaker_counterexamples(lang: str, text: str) -> None:
    assert speaker_of(text, lang, "verbatim") is None
    assert speaker_of(text, lang, "summary") is None


def test_record_kinds_come_from_the_symbol() -> None:
    assert record_kind("S/PV.10011") == "verbatim"
    assert record_kind("A/80/PV.5") == "verbatim"
    assert record_kind("A/C.4/SR.985") == "summary"
    assert record_kind("E/2025/SR.12") == "summary"
    assert record_kind("S/2025/257") is None


def test_a_verbatim_record_has_one_speech_per_speaker() -> None:
    from pipeline.process import process_file

    out = process_file(WIDE / "S_PV.10011-EN.pdf").output
    # cover page: 10011th meeting, Monday, 6 October 2025, agenda: Women and peace and security
    assert out.document.date == "2025-10-06"
    assert out.document.title == "Women and peace and security"
    kinds = {f.kind for f in out.front}
    assert {"meeting", "president", "members", "agenda-title"} <= kinds
    speeches = [b for b in out.blocks if b.kind == "speech"]
    speakers = [b.speaker for b in speeches]
    # pages 2-3 by hand: the President opens, the Secretary-General, the President, Ms. Bahous
    assert speakers[:4] == ["The President (spoke in Russian)", "The Secretary-General",
                            "The President (spoke in Russian)", "Ms. Bahous"]
    assert "Mr. Fu Cong (China) (spoke in Chinese)" in speakers
    assert all(b.text.startswith(f"{b.speaker}:") for b in speeches)
    fu = next(b for b in speeches if b.speaker and b.speaker.startswith("Mr. Fu Cong"))
    ents = {(e.text, e.label, e.key) for e in out.entities if e.segment == fu.id}
    assert ("Fu Cong", "PER", None) in ents and ("China", "GPE", "CHN") in ents


def test_a_summary_record_keeps_its_numbers_and_gets_speakers() -> None:
    from pipeline.process import process_file

    out = process_file(ROOT / "tests/data/corpus/A_C.4_SR.985-FR.pdf").output
    by_id = {p.id: p for p in out.paragraphs}
    # page 2 by hand: 7. M. PLANGPRAYOON (Thaïlande) dit que …; 8. continues his statement
    assert by_id["p7"].speaker == "M. PLANGPRAYOON (Thailande)"
    assert by_id["p8"].speaker == "M. PLANGPRAYOON (Thailande)"
    assert by_id["p11"].speaker == "M. RASGOTRA (Inde)"


def test_tables_and_charts_of_a_report() -> None:
    from pipeline.process import process_file

    out = process_file(WIDE / "E_ESCWA_EDID_2017_IG.3_8-EN.pdf").output
    # page 4: TABLE 1. EVOLUTION OF EXPORTS BY TYPE OF GOODS AND MARKETS (Percentage),
    # row "World 56.7 38.4 4.9"
    t1 = out.tables[0]
    assert t1.caption is not None and t1.caption.startswith("TABLE 1. EVOLUTION OF EXPORTS")
    assert ["World", "56.7", "38.4", "4.9"] in t1.rows
    assert t1.pages == [4]
    # page 9: table 3, row "Between 0 and 5% 10.11 16.08"
    assert any(["Between 0 and 5%", "10.11", "16.08"] in t.rows for t in out.tables)
    cells = {(t.pages[0], c) for t in out.tables for r in t.rows for c in r}
    texts = [(p.pages[0], p.text) for p in out.paragraphs if p.pages]
    texts += [(b.pages[0], b.text) for b in out.blocks if b.pages]
    # page 12 prints "Source: ESCWA calculations based on the MIRAGE model results." twice,
    # under table 4 and under table 5: the one table read there holds the first
    twice = (12, "Source: ESCWA calculations based on the MIRAGE model results.")
    assert not any(t in cells for t in texts if t != twice)
    assert texts.count(twice) == 1
    # the charts of pages 10-11 (axis ticks 0.25, 0.2 …) are in no paragraph
    assert not any(p.text in ("25", "2 0.2 0.2 0.2", "15") for p in out.paragraphs)
    assert any(i.code == "chart-text-dropped" for i in out.issues)


def test_a_list_item_under_a_chart_with_a_note_call_is_text() -> None:
    # E/ESCWA/SDPD/2017/CP.13 (English), page 13: under figure 1 (a flowchart), the right column
    # lists `Zero profit⁷;`, `Market clearance⁸;`, `Income balance.` (read on the page): a
    # raised call is no chart value, the first item is no label of the chart
    reading = read_pdf((WIDE / "E_ESCWA_SDPD_2017_CP.13-EN.pdf").read_bytes())
    text = " ".join(line for b in reading.blocks for line in b.lines)
    assert "Zero profit⁷" in text and "Market clearance⁸" in text


def _segments(items: list[tuple[float, float, str]]) -> list[Any]:
    from pipeline.ingest.pdf_chars import read_pages
    from pipeline.ingest.pdf_lines import build_lines

    pages, _ = read_pages(placed_pdf(items, size=8), 5)
    return [s for ln in build_lines(pages[0], False) for s in ln.segments]


def test_columns_found_by_the_labels_hanging_in_their_gutters() -> None:
    from pipeline.ingest.pdf_label_columns import label_columns

    # three columns of notes, each number at 40/220/400 hanging left of its text (58/238/418),
    # the columns' text 4 pt from the next column's numbers: no white gutter to cut at
    items: list[tuple[float, float, str]] = []
    for c, x in enumerate((40.0, 220.0, 400.0)):
        for k in range(3):
            y = 100.0 + 24 * k
            items += [(x, y, f"{3 * c + k + 1}."), (x + 18, y, "A note set small in a column,"),
                      (x + 18, y + 10, "its second line ends here.")]
    columns = label_columns(_segments(items), rtl=False)
    assert len(columns) == 3
    assert [s.text for s in columns[1] if s.text.endswith(".") and len(s.text) <= 3] == [
        "4.", "5.", "6."]
    # two columns of numbered paragraphs: numbers indented (58, 338) after a tab, the lines
    # under them flush left (40, 320): the numbers are no column edges
    items = []
    for x in (40.0, 320.0):
        for k in range(3):
            y = 100.0 + 24 * k
            items += [(x + 18, y, f"{k + 1}."), (x + 40, y, "The Council decides to act on"),
                      (x, y + 10, "the matter before it at once.")]
    segs = _segments(items)
    assert label_columns(segs, rtl=False) == [segs]


@pytest.mark.parametrize(("path", "page", "tables"), [
    # prose under a running head whose rule is drawn in two halves, over the short rule that
    # ends the letter (read on the page): two heights of rules, no table
    ("tests/data/corpus/A_80_500-EN.pdf", 3, False),
    # a table of contents: `I. METHODOLOGY AND CONSULTATION PROCESS ..... 1-4 3` lines
    ("tests/data/corpus/A_HRC_WG.6_7_ITA_1-EN.pdf", 2, False),
    # TABLE 1. EVOLUTION OF EXPORTS BY TYPE OF GOODS AND MARKETS, ruled
    ("tests/data/wide/E_ESCWA_EDID_2017_IG.3_8-EN.pdf", 4, True),
])
def test_which_pages_go_to_pdfplumber_for_tables(path: str, page: int, tables: bool) -> None:
    from pipeline.ingest.pdf_chars import read_pages
    from pipeline.ingest.pdf_lines import build_lines
    from pipeline.ingest.pdf_tables import needs_tables

    pages, _ = read_pages((ROOT / path).read_bytes(), 2000)
    assert needs_tables(pages[page - 1], build_lines(pages[page - 1], False)) is tables


def test_text_printed_sideways_is_no_running_text() -> None:
    from pipeline.ingest.pdf_chars import read_pages
    from pipeline.ingest.pdf_lines import build_lines

    # a matrix whose column heads are set upright (E/ESCWA/TDD/2018/INF.1-EN, figure 4, read
    # `J`, `mi`, `Ba` … into its rows): the heads are left out and counted, the rows stay
    heads = [(300.0 + 20 * k, 300.0, name) for k, name in enumerate(
        ["Jordan", "Bahrain", "Tunisia", "Kuwait"])]
    rows = [(60.0, 320.0 + 14 * k, text) for k, text in enumerate(
        ["Transparency", "Open government data", "Budget transparency"])]
    pages, issues = read_pages(placed_pdf(rows, turned=heads), 5)
    texts = [ln.text for ln in build_lines(pages[0], False)]
    assert texts == ["Transparency", "Open government data", "Budget transparency"]
    assert [i.message.split()[0] for i in issues if i.code == "sideways-text-dropped"] == [
        str(len("JordanBahrainTunisiaKuwait"))]
    # a page printed landscape: most of its text sideways, read as it lies and marked
    lines = [(100.0 + 14 * k, 700.0, "A table row printed sideways on a landscape page")
             for k in range(6)]
    pages, issues = read_pages(placed_pdf(rows[:1], turned=lines), 5)
    assert any(i.code == "sideways-page" for i in issues)
    assert sum(1 for g in pages[0].glyphs if not g.char.isspace()) > 6 * 40


def test_a_chart_found_by_its_value_axis() -> None:
    # a bar chart whose bars are one compound path (E/ESCWA/SDPD/2017/Technical Paper.9,
    # figure 5): the chart finder sees no shapes, but its axis prints 20.0 … 0.0, one tick a
    # line, evenly spaced; its category labels sit under it
    ticks = [(60.0, 300.0 + 14 * k, f"{20 - 5 * k}.0") for k in range(5)]
    labels = [(90.0, 374.0, "Yemen"), (150.0, 374.0, "Saudi Arabia"), (230.0, 374.0, "Kuwait")]
    prose = [(60.0, 420.0, "In the first Arab Sustainable Development report, the Commission "),
             (60.0, 432.0, "highlights that the reduction of food loss and waste is an issue.")]
    reading = read_pdf(placed_pdf(ticks + labels + prose))
    text = [line for b in reading.blocks for line in b.lines]
    assert not [t for t in text if t in ("20.0", "15.0", "0.0") or "Kuwait" in t]
    assert any(t.startswith("In the first Arab Sustainable Development report") for t in text)
    assert any(i.code == "chart-text-dropped" for i in reading.issues)
    # a column of numbers that does not step evenly is no axis (ranks in a list): kept
    ranks = [(60.0, 300.0 + 14 * k, n) for k, n in enumerate(["7", "12", "35", "37", "60"])]
    reading = read_pdf(placed_pdf(ranks + prose))
    text = [line for b in reading.blocks for line in b.lines]
    assert [t for t in text if t in ("7", "12", "35", "37", "60")]
