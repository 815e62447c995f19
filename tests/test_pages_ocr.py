"""Scanned pages (issue 17): garbage text layers are told from words, image-only pages are read
by Tesseract into the same line builder, and without Tesseract they fail with a clear code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.errors import DocumentError
from pipeline.ingest import ocr
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.pdf_chars import Glyph, PageContent, Rule
from pipeline.ingest.text_quality import bad_share, is_garbage
from tests.pdf_factory import image_only_pdf, placed_pdf, text_pdf

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or "eng" not in ocr.tesseract_languages(),
    reason="tesseract (with the eng pack) is not installed")

# Lines of a 1992 letter (A/47/843, page 1), typed again by hand.
LETTER = [
    "I am instructed by the Executive Committee of the Palestine Liberation",
    "Organization to bring the following to your immediate attention.",
    "",
    "1. The situation in the occupied Palestinian territory continues to",
    "deteriorate at a very alarming pace.",
]


def test_a_garbage_layer_is_told_from_words() -> None:
    # A/35/789-EN page 1 as its old OCR layer reads (the masthead, by hand from the file)
    garbage_text = ("‘BeJ.,” ! ” q : .,’ NA 1î 1, -, .‘ ,’ :j Distr. GENXRALE FRANCELIS ASSEMBLEE "
               "GE,l\\TERALE P3F?\"lBREDS E LA SiSge .*,~.~..~~... *,*,..*a.. *e ,..*...a.. "
                    "a,,.* .,,... ..-....... m......O..I")
    garbage = garbage_text.split()
    words_text = ("The situation in the occupied Palestinian territory, including Jerusalem, "
             "continues to deteriorate at a very alarming pace as a result of increasingly "
             "repressive measures by Israel, the occupying Power, against the Palestinian "
                  "people there (A/47/829-S/24997, paras. 12-14). NGOs and d'Ankara, 1950.")
    words = words_text.split()
    assert bad_share(garbage)[0] > 0.5
    assert bad_share(words)[0] == 0.0
    assert is_garbage(garbage * 3)
    assert not is_garbage(words * 3)
    # an Arabic layer whose font has no usable map (E/ESCWA/SD/2017/WG.3/Report, page 4)
    broken_text = "ا, +*\x18ع W 80*s \x15\x14\x18ت ر6\x1a\x14\x1a\x08 اW++*C آ 9B r\x18"
    broken = broken_text.split()
    assert bad_share(broken)[0] > 0.5


def test_a_typescripts_hyphenations_and_broken_symbols_are_no_noise() -> None:
    # A/C.4/SR.985-FR (1958), page 1, lines of its own OCR layer: a line ends in a hyphenated
    # word (`commu-`, `délé-`, `réso-`) and symbols are broken after their slash (`(A/ 4081`).
    # Counted as bad, they made the page look noisy (6.6 %) and sent it to Tesseract for 6 s.
    lines = ["gJ Questions générales relatives à la commu-",
             "autonomes qu'aux territoires sous tutelle. La délé-",
             "gation des Philippines a voté pour le projet de réso-",
             "Président: M. L. N. PALAR (Indonésie). lution (A/C.4/L,624 et Add.1) et pour",
             "(A/ 4081 et Add. l à 4, A/ 4082 et Add. l à 5, A/ 4083 et"]
    tokens = " ".join(lines).split()
    share, n = bad_share(tokens)
    assert share == 0.0 and n == 37
    # still bad: case changing inside a word, digits inside letters, a doubled hyphen
    assert bad_share(["lvAssemblée", "Comit6", "d9experts", "word--", "l.628)"]) == (1.0, 5)


@needs_tesseract
def test_an_image_only_page_is_read_by_ocr() -> None:
    scan = image_only_pdf(text_pdf([LETTER], size=12))
    reading = read_pdf(scan, lang="en")
    text = "\n".join(line for b in reading.blocks for line in b.lines)
    assert reading.ocr_pages == [1]
    assert reading.ocr_confidence is not None and reading.ocr_confidence > 80
    assert "Palestine Liberation" in text
    assert "deteriorate at a very alarming pace." in text
    # the numbered paragraph starts a block of its own, as in a text layer
    assert any(b.lines[0].startswith("1. The situation") for b in reading.blocks)


def test_without_tesseract_a_scan_fails_with_ocr_unavailable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scan = image_only_pdf(text_pdf([LETTER[:2]]), dpi=72)
    monkeypatch.setattr(ocr, "tesseract_languages", lambda: frozenset())
    with pytest.raises(DocumentError) as err:
        read_pdf(scan, lang="en")
    assert err.value.code == "ocr-unavailable"


@pytest.mark.slow
@needs_tesseract
def test_a_scanned_letter_comes_out_with_its_symbol_and_date() -> None:
    from pipeline.process import process_file

    out = process_file(ROOT / "tests/data/wide/A_47_843-EN.pdf").output
    # page 1 of the scan: A/47/843 S/25016, 24 December 1992, original English
    assert out.source.ocr_pages == [1, 2]
    assert out.document.symbols == ["A/47/843", "S/25016"]
    assert out.document.date == "1992-12-24"
    assert out.document.title is not None and out.document.title.startswith(
        "Letter dated 24 December 1992 from the Permanent Observer of Palestine")
    # under a short rule at the foot of page 1: `1/ A/47/829-S/24997.`, the note of the call
    # `my letter dated 21 December 1992, 1/` in the paragraph "The situation in the occupied
    # Palestinian territory…" (read on the page image). The rule is found in the image only:
    # it was dropped, and the note read as a paragraph.
    assert [(f.marker, f.text) for f in out.footnotes] == [("1", "A/47/829-S/24997.")]
    cited = next(b for b in out.blocks if b.id in out.footnotes[0].cited_in)
    assert cited.text.startswith("The situation in the occupied Palestinian territory")


def _line(content: PageContent, x0: float, x1: float, base: float, text: str = "word") -> None:
    step = (x1 - x0) / len(text)
    content.glyphs += [Glyph(ch, x0 + k * step, x0 + (k + 1) * step, base - 7, base + 2, base,
                             10.0, 0) for k, ch in enumerate(text)]


def test_a_typescripts_footnote_rule_is_kept_from_the_image_not_its_underlines() -> None:
    page = PageContent(1, 600.0, 840.0)
    for base in range(100, 640, 14):  # the body, lines from x 60 to 540
        _line(page, 60, 540, base)
    _line(page, 90, 300, 700, "1/ A/47/829-S/24997.")  # the note
    separator = Rule(60.0, 120.0, 670.0)  # low, short, at the lines' start, alone on its row
    underline = Rule(60.0, 110.0, 628.0)  # under the words of the body's line at 626
    high = Rule(60.0, 120.0, 300.0)  # in the upper half: a rule under a heading
    wide = Rule(60.0, 540.0, 680.0)  # across the text: a frame, a table's edge
    inward = Rule(200.0, 260.0, 670.0)  # away from where lines start
    rules = [separator, underline, high, wide, inward]
    assert ocr.separator_rules(rules, page, rtl=False) == [separator]
    # right to left, the separator starts at the right, where the lines start
    right = Rule(480.0, 540.0, 670.0)
    assert ocr.separator_rules([separator, right], page, rtl=True) == [right]


@pytest.mark.skipif(shutil.which("tesseract") is None or "fra" not in ocr.tesseract_languages(),
                    reason="tesseract (with the fra pack) is not installed")
def test_a_scans_noisy_ocr_layer_is_read_again() -> None:
    # A/35/789 (French, 1980), page 3: a typescript whose own OCR layer reads `IL est menibre du
    # Groupe turc des droits de l'hoïme`, `Bilse`, `llad&ini&ration` (about 6 % of its words
    # bad, not garbage): Tesseract reads it again and its reading replaces the layer. The
    # expected sentences were typed from the page image (Tesseract too reads the damaged
    # `membre` and `l'homme` of that line as `menbre`, `l'hoïme`: not asserted).
    reading = read_pdf((ROOT / "tests/data/wide/A_35_789-FR.pdf").read_bytes(), lang="fr")
    assert [i.code for i in reading.issues if i.code == "text-layer-replaced"]
    assert reading.ocr_pages == [1]
    text = " ".join(line for b in reading.blocks for line in b.lines)
    assert "Né à Istanbul, en 1921." in text
    assert "Il entra dans la carrière académique comme Assistant à la Faculté des Sciences" in text
    assert "Ministère des affaires étrangères en 1957" in text
    assert "Faculté de droit de Genève, en 1950." in text


@pytest.mark.skipif(shutil.which("tesseract") is None
                    or not {"ara", "eng"} <= ocr.tesseract_languages(),
                    reason="tesseract (with the ara and eng packs) is not installed")
def test_the_english_masthead_of_an_arabic_scan_is_read_in_english() -> None:
    # E/ESCWA/C.1/19/4(Part I)/Add.5-AR (1997), page 1, an image without text layer: its
    # masthead prints, in English, `1 April 1997` and `ORIGINAL: ARABIC` (read on the page
    # image). Read with Arabic and English together, the date line came out `1 April 7`.
    from pipeline.process import process_file

    out = process_file(ROOT / "tests/data/wide/E_ESCWA_C.1_19_4(PARTI)_ADD.5-AR.pdf").output
    assert out.source.ocr_pages == [1, 2]  # the excerpt: the document's pages 1 and 3
    assert out.document.date == "1997-04-01"
    assert out.document.original_language == "ar"
    assert "1 April 1997" in [f.text for f in out.front]


@pytest.mark.skipif(shutil.which("tesseract") is None or "ara" not in ocr.tesseract_languages(),
                    reason="tesseract (with the ara pack) is not installed")
def test_large_type_is_read_again_at_half_the_resolution() -> None:
    # E/ESCWA/C.1/19/4(Part I)/Add.5-AR, page 3 (printed 2; the excerpt's page 2): its words are
    # ~64 pixels tall at 300 dpi, and Tesseract dropped whole lines there: the first line of
    # paragraph 3 and lines 2-5 of paragraph 5. Words of those lines, read on the page image
    # (3: "وأيدت الجمعية العامة", 5: "العقد وتم الاتفاق", "في برمجة عقد النقل", "بتمويل من
    # برنامج الأمم المتحدة"), and of paragraph 7's second line ("خصصها برنامج الأمم"):
    pdf = pdfium.PdfDocument(ROOT / "tests/data/wide/E_ESCWA_C.1_19_4(PARTI)_ADD.5-AR.pdf")
    page = ocr.ocr_page(pdf, 1, "ar")
    words = {g.char for g in page.content.glyphs}
    assert {"وأيدت", "الاتفاق", "برمجة", "بتمويل", "خصصها"} <= words
    # the words sit on the page in points, as a 300-dpi reading puts them (595 × 842 pt)
    assert 30 < min(g.x0 for g in page.content.glyphs) < max(g.x1 for g in page.content.glyphs
                                                               ) < 580
    assert page.confidence is not None and page.confidence > 75


@pytest.mark.skipif(shutil.which("tesseract") is None or "ara" not in ocr.tesseract_languages(),
                    reason="tesseract (with the ara pack) is not installed")
def test_after_a_page_of_large_type_the_next_is_read_small_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the same page, as if the document's previous page had kept its half-resolution reading:
    # one recognition only (its type is large at that resolution too), the same words found
    reads: list[int] = []
    real = ocr._read

    def counting(image: bytes, index: int, langs: str) -> list[ocr._Line]:
        reads.append(len(image))
        return real(image, index, langs)

    monkeypatch.setattr(ocr, "_read", counting)
    pdf = pdfium.PdfDocument(ROOT / "tests/data/wide/E_ESCWA_C.1_19_4(PARTI)_ADD.5-AR.pdf")
    page = ocr.ocr_page(pdf, 1, "ar", half_first=True)
    assert page.dpi == ocr.DPI // 2 and len(reads) == 1
    assert {"وأيدت", "الاتفاق", "برمجة", "بتمويل", "خصصها"} <= {g.char for g in
                                                                page.content.glyphs}


@needs_tesseract
def test_a_page_of_usual_type_read_small_first_is_read_again_in_full() -> None:
    # the letter of A/47/843 (12-point typescript: words ~30 pixels tall at 300 dpi)
    pdf = pdfium.PdfDocument(ROOT / "tests/data/wide/A_47_843-EN.pdf")
    page = ocr.ocr_page(pdf, 0, "en", half_first=True)
    assert page.dpi == ocr.DPI
    text = " ".join(g.char for g in page.content.glyphs if g.char.strip())
    assert "Palestine Liberation" in text


@pytest.mark.skipif(shutil.which("tesseract") is None
                    or not {"ara", "eng"} <= ocr.tesseract_languages(),
                    reason="tesseract (with the ara and eng packs) is not installed")
def test_european_paragraph_numbers_of_an_arabic_scan_are_read_again() -> None:
    # E/ESCWA/SD/2017/WG.3/REPORT-AR, page 5 (its text layer is damaged: read by OCR). Read on
    # the page image: paragraphs 8-11 open "-8 وقدم ممثل مصر", "-9 واستعرض ممثل فلسطين",
    # "-10 وقدم ممثل السودان", "-11 وقدمت ممثلة الجزائر" (European digits, the hyphen on the
    # left). Read with its words, Tesseract's Arabic model gave `2-9`, `2-0`, `1` for the
    # last three.
    from pipeline.process import process_file

    out = process_file(ROOT / "tests/data/wide/E_ESCWA_SD_2017_WG.3_REPORT-AR.pdf").output
    assert out.source.ocr_pages == [1]
    opening = {p.number: " ".join(p.text.split()[:3]) for p in out.paragraphs}
    assert opening == {8: "وقدم ممثل مصر", 9: "واستعرض ممثل فلسطين", 10: "وقدم ممثل السودان",
                       11: "وقدمت ممثلة الجزائر"}


def test_a_page_of_arabic_indic_digits_is_not_read_again_in_english(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A page whose numbers are Arabic-Indic (5 % of its digits or more) is not read again in
    # English, which has no such digits: its numbers are read glyph by glyph instead.
    line = ocr._Line([ocr._Word("وفي", 100, 10, 160, 40, 90), ocr._Word("١٩٨٤", 170, 10, 230, 40,
                                                                      90),
                      ocr._Word("1", 240, 10, 260, 40, 50)], 40, 0, 100, 30)
    seen: list[list[ocr._Line]] = []

    def glyph_by_glyph(image: bytes, lines: list[ocr._Line]) -> list[ocr._Line]:
        seen.append(lines)
        return lines

    monkeypatch.setattr(ocr, "_read_column", lambda *a: pytest.fail("read in English"))
    monkeypatch.setattr(ocr, "_reread_indic_numbers", glyph_by_glyph)
    assert ocr._reread_numbers(b"", [line]) == [line]
    assert seen == [[line]]


@pytest.mark.skipif(shutil.which("tesseract") is None
                    or not {"ara", "eng", ocr.ARABIC_SCRIPT} <= ocr.tesseract_languages(),
                    reason="tesseract (with the ara, eng and Arabic script packs) is not installed")
def test_arabic_indic_paragraph_numbers_of_a_typescript_are_read() -> None:
    # E/ESCWA/C.1/19/4(Part I)/Add.5-AR (1997 typescript, no text layer), the excerpt's pages:
    # the document's page 1 and page 3 (printed 2). Read on the page images, its paragraphs
    # open "١- نشأت فكرة", "٢- ووافق المجلس", "٣- وأيدت الجمعية", "٤- وفي نيسان/ابريل",
    # "٥- بدأت الإسكوا", "٦- وفي عام", "٧- كان من المتوقع". Tesseract's Arabic model read
    # those numbers as `--١`, `*--`, `“--`, `2-4`, `0-0`, `0-5`, `34`: two were numbered.
    from pipeline.process import process_file

    out = process_file(ROOT / "tests/data/wide/E_ESCWA_C.1_19_4(PARTI)_ADD.5-AR.pdf").output
    printed = {1: "نشأت", 2: "ووافق", 3: "وأيدت", 4: "وفي", 5: "بدأت", 6: "وفي", 7: "كان"}
    assert [p.number for p in out.paragraphs] == list(printed)
    for paragraph in out.paragraphs:  # (OCR glues some words: `بدأتالإسكوا`)
        assert paragraph.text.startswith(printed[paragraph.number]), paragraph.text[:30]


def test_text_outside_the_page_is_not_read() -> None:
    # E/ESCWA/TDD/2018/INF.1-EN, pages 7-9 (printed 6-8): every page of this export also draws
    # its neighbouring pages' text outside the crop box (2,134 of page 8's 3,019 characters).
    # Read on the page images: page 8 prints Table 1 (Norway 1 0.87 1 0.88) and "Moving
    # towards open government in the Arab region"; "1. E-government" and Table 2 are page 9's.
    reading = read_pdf((ROOT / "tests/data/wide/E_ESCWA_TDD_2018_INF.1-EN.pdf").read_bytes(),
                       lang="en")
    by_page: dict[int, str] = {}
    for block in reading.blocks:
        for page in block.pages:
            by_page[page] = by_page.get(page, "") + " " + " ".join(block.lines)
    # the excerpt's pages 2 and 3 are the document's 8 and 9
    assert "Moving towards open government in the Arab region" in by_page[2]
    assert "1. E-government" not in by_page[2] and "Table 2." not in by_page[2]
    assert "1. E-government" in by_page[3]
    assert "Table 2. E-Government Development Index in selected Arab countries" in by_page[3]
    assert "Norway" not in by_page[3]
    assert [i for i in reading.issues if i.code == "text-outside-page"]


@pytest.mark.skipif(shutil.which("tesseract") is None or "ara" not in ocr.tesseract_languages(),
                    reason="tesseract (with the ara pack) is not installed")
def test_a_damaged_text_layer_is_read_again() -> None:
    # E/ESCWA/TDD/2018/INF.1-AR, page 9: the prose reads, but Table 2's cells are set in a font
    # without a usable map (`א��\x90�\x9b�` for البحرين): 71 characters that are no
    # characters, too few for the page to count as garbage. Tesseract reads the page again;
    # its reading has none of them and keeps the heading `1. الحكومة الإلكترونية` (read on the
    # page image).
    reading = read_pdf((ROOT / "tests/data/wide/E_ESCWA_TDD_2018_INF.1-AR.pdf").read_bytes(),
                       lang="ar")
    assert reading.ocr_pages == [1]
    text = " ".join(line for b in reading.blocks for line in b.lines)
    assert "\ufffd" not in text
    assert "الحكومة الإلكترونية" in text


def test_damaged_pieces_are_read_by_ocr_or_left_out() -> None:
    from pipeline.ingest.pdf_chars import FontStyle, Glyph, PageContent
    from pipeline.ingest.pdf_lines import build_lines
    from pipeline.ingest.pdf_scans import patch_damaged

    def word(text: str, x: float, base: float, style: int = 0) -> list[Glyph]:
        return [Glyph(ch, x + 6 * k, x + 6 * (k + 1), base - 9, base + 3, base, 10.0, style)
                for k, ch in enumerate(text)]

    layer = PageContent(1, 400.0, 400.0, styles=[FontStyle("Body", False, False)])
    # a good line, a cell in a font without a map (`א\ufffd\ufffd`) far right of a good one,
    # and a damaged piece where nothing is printed (clipped away)
    layer.glyphs = (word("Bahrain", 50, 100) + word("24", 200, 100)
                    + word("א\ufffd\ufffd", 300, 100) + word("\ufffd\ufffdא", 300, 200))
    # OCR gives one glyph per word, over the word's box
    ocr = PageContent(1, 400.0, 400.0, styles=[FontStyle("ocr", False, False)])
    ocr.glyphs = [Glyph("Bahrain", 50, 92, 91, 103, 100, 10.0, 0),
                  Glyph("0.7734", 300, 318, 91, 103, 100, 10.0, 0)]
    mended = patch_damaged(layer, build_lines(layer, False), ocr)
    assert mended is not None
    texts = [ln.text for ln in build_lines(mended, False)]
    assert texts == ["Bahrain 24 0.7734"]
    assert mended.styles[-1] == FontStyle("ocr", False, False)
    assert patch_damaged(mended, build_lines(mended, False), ocr) is None  # nothing damaged


def test_a_table_on_a_page_whose_crop_box_is_moved_in() -> None:
    from pipeline.process import process_file

    # E/ESCWA/TDD/2018/INF.1-EN page 8 (the excerpt's page 2): its crop box starts 30 pt in
    # from the media box's origin; pdfplumber measures from the media box, the page's text from
    # the crop box. Read on the page: Table 1, 13 countries from `Norway 1 0.87 1 0.88` to
    # `Egypt 113 0.23 112 0.25`
    out = process_file(ROOT / "tests/data/wide/E_ESCWA_TDD_2018_INF.1-EN.pdf").output
    table = out.tables[0]
    assert table.caption is not None and table.caption.startswith(
        "Table 1. Rankings of selected developed, developing and Arab countries")
    assert table.rows[0] == ["Norway", "1", "0.87", "1", "0.88"]
    assert [c for c in table.rows[-1] if c] == ["Egypt", "113", "0.23", "112", "0.25"]
    assert len(table.rows) == 13


def test_a_page_turned_by_rotate_keeps_all_its_text() -> None:
    from pipeline.ingest.pdf_chars import read_pages

    # a landscape page (/Rotate 90): its size is given turned (792 × 612) while its text stays
    # in the unturned media box; the crop box test must not cut its lower part
    upright = placed_pdf([(72, 100, "Top line of the page"), (72, 700, "Bottom line of it")])
    turned = upright.replace(b"/MediaBox [0 0 612 792]", b"/MediaBox [0 0 612 792] /Rotate 90")
    pages, issues = read_pages(turned, 5)
    text = "".join(g.char for g in pages[0].glyphs)
    assert "Top line of the page" in text and "Bottom line of it" in text
    assert not [i for i in issues if i.code == "text-outside-page"]


def test_at_most_twenty_damaged_pages_are_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ingest import pdf_scans
    from pipeline.ingest.pdf_chars import PageContent

    # 25 pages whose layer holds 10 to 34 characters that are no characters: the 20 most
    # damaged go to OCR (a long document with a broken font on every page stays in its time)
    pages = [PageContent(i + 1, 612.0, 792.0, invalid_chars=10 + i) for i in range(25)]
    asked: list[int] = []

    def recognise(_data: bytes, _pages: list[PageContent], wanted: list[int], *_args: object
                  ) -> None:
        asked.extend(wanted)

    monkeypatch.setattr(pdf_scans, "_recognise", recognise)
    pdf_scans.ocr_garbage(b"", pages, [[] for _ in pages], "en", pdf_scans.OcrRecord(),
                          lambda _page: [])
    assert sorted(asked) == list(range(5, 25))
