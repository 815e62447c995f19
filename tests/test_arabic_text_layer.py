"""Arabic text layers written for visually ordered glyphs: the ToUnicode repair, the ligature and
bracket repairs, the signs of a visual-order reading; on real ESCWA PDFs and as properties
(repairing a correct text changes nothing)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.emit import to_json
from pipeline.ingest.pdf_chars import REVERSED_LIGATURES, read_pages
from pipeline.ingest.pdf_layout import latin_in_rtl
from pipeline.ingest.pdf_text_maps import cmap_text, corrections, parse_cmap, repair_text_maps
from pipeline.models import DocumentOutput
from pipeline.process import process_file
from pipeline.text.arabic_order import MIRRORED, order_signs

ROOT = Path(__file__).resolve().parents[1]
WIDE = ROOT / "tests" / "data" / "wide"
CORPUS = ROOT / "tests" / "data" / "corpus"
UNPC_AR = ROOT / "tests" / "data" / "unpc" / "ar.txt"  # 200 lines of the UN Parallel Corpus


@cache
def out(path: Path) -> DocumentOutput:
    return process_file(path).output


def page_text(data: bytes, page: int) -> str:
    pages, _ = read_pages(data, 10)
    return "".join(g.char for g in pages[page].glyphs)


# ------------------------------------------------------------------ real documents


def test_word_arabic_pdf_reads_its_digits_brackets_and_lam_alef() -> None:
    # E/ESCWA/30/11 (Arabic), page 1 as printed: the symbol, date `15 May 2018`, item 13,
    # `(الإسكوا)`, `الأمم المتحدة`, paragraphs `1-` and `2-`; its Arial's ToUnicode map reads
    # glyph `2` as `8`, `0` as `1` (`8102`), brackets turned outwards and lam-alef backwards
    doc = out(WIDE / "E_ESCWA_30_11-AR.pdf")
    assert doc.document.symbol == "E/ESCWA/30/11"
    assert doc.document.date == "2018-05-15"
    assert doc.document.agenda_items == ["13"]
    assert doc.document.title == "تقارير اللجنة التنفيذية"
    assert [p.id for p in doc.paragraphs] == ["p1", "p2"]
    assert doc.paragraphs[0].text.startswith("يُعرض على اللجنة في إطار البند 13 تقريران")
    front = [b.text for b in doc.front]
    assert "الأمم المتحدة" in front
    assert "اللجنة الاقتصادية والاجتماعية لغربي آسيا (الإسكوا)" in front
    assert "بيروت، 25-28 حزيران/يونيو 2018" in front
    # the second report the first paragraph lists (the first's symbol reads `؛)E/…/Report)`:
    # pdfium mirrors the bracket before a left-to-right run in one way only, still to mend)
    symbols = {m.symbol for m in doc.symbols}
    assert "E/ESCWA/2017/EC.4/9/Report" in symbols
    # (the first report's `الثالث، الرباط، 6-7 أيار/مايو` is not in pdfium's text layer at all:
    # only `، ، 6-7 2017` is; the second's dates are)
    values = {m.value for m in doc.dates}
    assert {"2018-05-15", "2018-06-25/2018-06-28", "2017-12-13/2017-12-14"} <= values
    repaired = [i for i in doc.issues if i.code == "pdf-text-map-repaired"]
    assert any("0→1" in i.message and "2→8" in i.message for i in repaired)
    assert not [i for i in doc.issues if i.code == "check-text-layer"]


def test_latin_runs_inside_arabic_lines() -> None:
    # E/ESCWA/ECW/2015/WG.4/Report (Arabic), page 8, list of participants (read on the page):
    # `بريد إلكتروني: slimbenchikh632@gmail.com` — the address one run, its `@` between a
    # number that follows letters and a letter
    wg4 = " ".join(b.text for b in out(WIDE / "E_ESCWA_ECW_2015_WG.4_REPORT-AR.pdf").blocks)
    assert "بريد إلكتروني: slimbenchikh632@gmail.com" in wg4
    assert "gmail.com@" not in wg4 and ":ينورتكلإ ديرب" not in wg4
    # E/ESCWA/2017/EC.4/9/Report (Arabic): symbols printed in Arabic lines keep their brackets
    report = out(WIDE / "E_ESCWA_2017_EC.4_9_REPORT-AR.pdf")
    text = to_json(report)
    assert "E/ESCWA/2017/EC.4/4(Part I)" in text and ")E/ESCWA/2017/EC.4/4(Part I" not in text
    # E/ESCWA/EDID/2017/IG.2/8 (Arabic), page 7: `حتى عام 2030 – (2019)؛` (numbers either side
    # of a dash stay apart, in the paragraph's direction)
    ig28 = to_json(out(WIDE / "E_ESCWA_EDID_2017_IG.2_8-AR.pdf"))
    assert "2019(–2030)" not in ig28


def test_an_arabic_line_that_quotes_more_latin_than_arabic() -> None:
    # E/ESCWA/2017/EC.4/4(Part II) (Arabic), page 6, note 4 (read on the page): `(4) هناك مسودة
    # غير محررة مسبقة متاحة على www.un.org/esa/ffd/publications/advance-unedited-draft-of-2017-
    # iatf-report.html.`: more Latin letters than Arabic, but an Arabic line (it opens, at its
    # right edge, with Arabic); before, its Arabic read backwards (`ىلع ةحاتم`)
    doc = out(WIDE / "E_ESCWA_2017_EC.4_4(PART_II)-AR.pdf")
    note = {f.marker: f for f in doc.footnotes}["4"]
    assert note.text.startswith("هناك مسودة غير محررة مسبقة متاحة على")
    assert "www.un.org/esa/ffd/publications/advance-unedited-draft-of-2017-iatf" in note.text
    assert note.cited_in == ["p14"]


@pytest.mark.parametrize(("shown", "read"), [
    ("Bryan A. Garner, ed., Black’s Law .1", "1. Bryan A. Garner, ed., Black’s Law"),
    (".WSIS-03/GENEVA/9(Rev.1)-A (3)", "(3) WSIS-03/GENEVA/9(Rev.1)-A."),
    (".list-indicators", "list-indicators."),
    (".)Thomson Reuters Pvt. Ltd., 2014", "Thomson Reuters Pvt. Ltd., 2014)."),
    # counterexamples: an Arabic line, a line with nothing to move, a decimal
    ("تتضمن الشرعة الدولية .5", "تتضمن الشرعة الدولية .5"),
    ("Michigan Journal of International Law,", "Michigan Journal of International Law,"),
    ("vol. 37, No. 4 (2016), p. 599", "vol. 37, No. 4 (2016), p. 599"),
])
def test_latin_lines_of_a_right_to_left_page(shown: str, read: str) -> None:
    # lines of E/ESCWA/SDD/2017/Technical Paper.8 (Arabic), page 4, and of WSIS notes, as the
    # right-to-left paragraph displays them and as they are written
    assert latin_in_rtl(shown) == read


def test_an_arabic_letter_mapped_to_another_is_read_by_its_glyph() -> None:
    # E/ESCWA/SDD/2011/WG.5/7/Report and E/ESCWA/EDID/2017/IG.2/5(Part IV) (Arabic): in their
    # bold Arial, code 1003's glyph is the initial heh (its cmap: ھ ﮪ ﮬ ﻫ) but its ToUnicode
    # entry says alef, so `الاتجاهات` read `الاتجااات`
    assert corrections({1003: "ا"}, {1003: "ھﮪﮬﻫ"}) == {1003: "ه"}
    assert corrections({1003: "ه"}, {1003: "ھﮪﮬﻫ"}) == {}  # the map agrees (its form's letter)
    assert corrections({7: "َ"}, {7: "ﱠ"}) == {}  # a mark, not a letter: kept
    assert corrections({9: "ا"}, {9: "بت"}) == {}  # two letters: which one is not known
    doc = out(WIDE / "E_ESCWA_EDID_2017_IG.2_5(PART_IV)-AR.pdf")
    # page 3, chapter I (read on the page): `أولاً- التعاون الإنمائي الدولي: الاتجاهات العالمية`
    assert "التعاون الإنمائي الدولي: الاتجاهات العالمية" in [h.title for h in doc.headings]


def test_arabic_and_english_siblings_number_the_same_paragraphs() -> None:
    ar = out(WIDE / "E_ESCWA_30_11-AR.pdf")
    en = out(WIDE / "E_ESCWA_30_11-EN.pdf")
    assert [p.id for p in ar.paragraphs] == [p.id for p in en.paragraphs] == ["p1", "p2"]
    assert ar.document.date == en.document.date == "2018-05-15"


def test_a_right_text_map_is_left_as_it_is() -> None:
    # E/ESCWA/30/8 (Arabic) reads right already: the same bytes, no issue
    data = (CORPUS / "E_ESCWA_30_8-AR.pdf").read_bytes()
    assert repair_text_maps(data) == (data, [])


def test_repaired_bytes_read_the_printed_year() -> None:
    data = (WIDE / "E_ESCWA_30_11-AR.pdf").read_bytes()
    fixed, issues = repair_text_maps(data)
    assert issues and fixed != data
    assert "8102" in page_text(data, 0) and "8102" not in page_text(fixed, 0)
    assert "2018" in page_text(fixed, 0)


def test_ligatures_and_brackets_of_an_indesign_bulletin() -> None:
    # Social Development Bulletin, vol. 6 No. 1 (Arabic), page 1 as printed: `«تسترشد`,
    # `(الفقرة 18)`, `«برونتلاند»`, `الأفراد(1)` (a raised note call, written `الأفراد¹` as every
    # note marker is); its fonts carry no usable glyph table, so the lam-alef ligature groups and
    # the brackets are set right from the text's own evidence
    doc = out(WIDE / "E_ESCWA_SDD_2017_TECHNICAL_PAPER.8-AR.pdf")
    text = to_json(doc)
    for printed in ("«تسترشد", "(الفقرة 18)", "«برونتلاند»", "الأفراد¹",
                    "القانون الدولي لحقوق الإنسان"):
        assert printed in text, printed
    assert "األ" not in text and ")الفقرة" not in text
    assert {i.code for i in doc.issues} >= {"pdf-mirrored-brackets"}
    assert doc.document.body == "Economic and Social Commission for Western Asia"
    assert doc.document.date == "2017"  # no date printed: the symbol's year, said so
    assert any(i.code == "date-inferred" for i in doc.issues)


def test_words_placed_without_spaces_are_read_apart() -> None:
    # E/ESCWA/2017/EC.4/4(Part II) (Arabic), page 7: `بمجموعة من التحديات والأولويات`, words
    # placed without a space glyph; pdfium's word breaks are the evidence
    doc = out(WIDE / "E_ESCWA_2017_EC.4_4(PART_II)-AR.pdf")
    text = to_json(doc)
    assert "بمجموعة من التحديات والأولويات" in text
    assert "بمجموعةمن" not in text
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert not [i for i in doc.issues if i.code == "check-text-layer"]


# ------------------------------------------------------------------ properties

_DIGITS = "0123456789"
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


@given(st.dictionaries(st.integers(1, 5000), st.sampled_from(list(_DIGITS + "()[]" + _ARABIC)),
                       max_size=60))
def test_a_map_that_agrees_with_its_glyphs_is_never_corrected(mapping: dict[int, str]) -> None:
    glyphs = dict(mapping)
    assert corrections(mapping, glyphs) == {}


@given(st.dictionaries(st.integers(1, 5000), st.sampled_from(list(_ARABIC)), max_size=40))
def test_presentation_forms_agree_with_their_letters(mapping: dict[int, str]) -> None:
    # the font program names a glyph by its presentation form (ﺎ for ا): no contradiction
    forms = {chr(cp) for cp in range(0xFE70, 0xFF00)}
    glyphs = {code: "".join(f for f in forms if unicodedata.normalize("NFKC", f) == ch) or ch
              for code, ch in mapping.items()}
    assert corrections(mapping, glyphs) == {}


@given(st.permutations(list(_DIGITS)), st.lists(st.integers(0, 9), min_size=10, max_size=10))
def test_digits_are_read_by_their_glyphs(shuffled: list[str], reads: list[int]) -> None:
    # glyph i draws digit i; the map gives it any digit (several glyphs may share one, as in
    # Word's maps): the repair reads every glyph as its own digit again
    glyphs = {20 + i: d for i, d in enumerate(_DIGITS)}
    mapping = {20 + i: shuffled[r] for i, r in enumerate(reads)}
    fixed = {**mapping, **corrections(mapping, glyphs)}
    assert fixed == glyphs


@given(st.dictionaries(
    st.integers(0, 0xFFFF),
    st.text(st.characters(blacklist_categories=("Cs", "Cn"), max_codepoint=0xFFFF), min_size=1,
            max_size=4),
    max_size=250))
@settings(max_examples=60)
def test_a_written_cmap_reads_back(mapping: dict[int, str]) -> None:
    assert parse_cmap(cmap_text(mapping)) == mapping


def _correct_words() -> list[str]:
    text = UNPC_AR.read_text(encoding="utf-8")
    return sorted({w for w in text.split() if w.isalpha()})


@given(st.lists(st.sampled_from(_correct_words()), min_size=1, max_size=30),
       st.lists(st.booleans(), min_size=30, max_size=30))
def test_correct_arabic_shows_no_sign_of_visual_order(words: list[str],
                                                      bracketed: list[bool]) -> None:
    # the right way round: some words in brackets, some in quotes, a year
    text = " ".join(f"({w})" if b else w for w, b in zip(words, bracketed, strict=False))
    signs = order_signs(f"{text} «{words[0]}» 2018")
    assert signs.visual() == []
    assert not signs.brackets_inverted()


def test_the_parallel_corpus_shows_no_sign_of_visual_order() -> None:
    assert order_signs(UNPC_AR.read_text(encoding="utf-8")).visual() == []


@given(st.sampled_from(["لا", "لأ", "لإ", "لآ", "الله", "ﬁ", "fi", "ffl"]))
def test_a_ligature_read_in_order_is_kept(letters: str) -> None:
    assert REVERSED_LIGATURES.get(letters, letters) == letters


def test_a_ligature_read_backwards_is_turned() -> None:
    for letters, right in REVERSED_LIGATURES.items():
        assert letters[::-1] == right


def test_the_signs_of_a_visual_order_reading() -> None:
    # E/ESCWA/30/6 (Arabic) as main read it before the repair: `اللجنة االقتصادية ... )اإلسكوا(`
    broken = ("اللجنة االقتصادية واالجتماعية لغربي آسيا )اإلسكوا( األمم المتحدة )اإلسكوا( "
              "لعام 8102 في 8102 و8102 )اإلسكوا(")
    signs = order_signs(broken)
    assert signs.reversed_lam_alef >= 3 and signs.brackets_inverted()
    assert len(signs.visual()) == 3
    fixed = broken.translate(MIRRORED)
    assert not order_signs(fixed).brackets_inverted()
