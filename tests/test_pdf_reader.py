"""The PDF reader's blocks, checked against what the documents print (read with pdftotext -layout
and on the rendered pages): masthead lines, furniture, footnotes, markers, pages, reading order."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.reading import Reading

CORPUS = Path(__file__).parent / "data" / "corpus"
ALL_PDFS = sorted(p.name for p in CORPUS.glob("*.pdf"))


@cache
def reading(name: str) -> Reading:
    return read_pdf((CORPUS / name).read_bytes())


def body(name: str) -> list[list[str]]:
    return [b.lines for b in reading(name).blocks if b.zone == "body"]


def notes(name: str) -> list[tuple[int, str]]:
    return [(b.pages[0], " ".join(b.lines)) for b in reading(name).blocks if b.zone == "footnote"]


def block_starting(name: str, start: str) -> list[str]:
    found = [b.lines for b in reading(name).blocks if b.lines and b.lines[0].startswith(start)]
    assert len(found) == 1, (start, len(found))
    return found[0]


def numbered(name: str) -> list[int]:
    """Numbers of the body blocks that open with a paragraph number (``12.``, ``12-``)."""
    out = []
    for lines in body(name):
        m = re.match(r"^(\d{1,3})[.-] ", lines[0])
        if m:
            out.append(int(m.group(1)))
    return out


# ------------------------------------------------------------------ every PDF of the corpus


@pytest.mark.parametrize("name", ALL_PDFS)
def test_every_block_has_its_page_and_pages_start_with_a_break(name: str) -> None:
    r = reading(name)
    assert r.blocks
    pages_seen = []
    for b in r.blocks:
        assert len(b.pages) == 1 and 1 <= b.pages[0] <= (r.pages or 0)
        assert all(line.strip() for line in b.lines)
        if b.page_break_before:
            pages_seen.append(b.pages[0])
    assert pages_seen == sorted(set(pages_seen))
    assert [b.pages[0] for b in r.blocks] == sorted(b.pages[0] for b in r.blocks)


@pytest.mark.parametrize("name", ALL_PDFS)
def test_job_numbers_barcodes_and_running_heads_stay_out_of_blocks(name: str) -> None:
    r = reading(name)
    text = "\n".join(line for b in r.blocks for line in b.lines)
    for f in r.furniture:
        same_page = {line for b in r.blocks if b.pages == [f.page] for line in b.lines}
        assert f.text not in same_page, f
    assert not re.search(r"^\*\d{6,}\*$", text, re.M)  # barcodes
    assert not re.search(r"^(?:GE\.)?\d{2}-\d{5}\b", text, re.M)  # job numbers


# ------------------------------------------------------------------ S/2012/197 (modern report)


def test_s_2012_197_masthead_lines_in_order_symbol_first() -> None:
    blocks = body("S_2012_197-EN.pdf")
    assert blocks[:6] == [["S/2012/197***"], ["United Nations"], ["Security Council"],
                          ["Distr.: General"], ["5 April 2012"], ["Original: English"]]
    assert blocks[6] == ["Report of the Secretary-General on the situation concerning",
                         "Western Sahara"]


def test_s_2012_197_furniture() -> None:
    furniture = [(f.page, f.text) for f in reading("S_2012_197-EN.pdf").furniture]
    assert (1, "12-27711*** (E) 170412") in furniture
    assert (1, "*1227711*") in furniture
    assert (2, "S/2012/197") in furniture
    assert (2, "2 12-27711") in furniture
    assert (3, "12-27711 3") in furniture
    assert reading("S_2012_197-EN.pdf").pages == 25


def test_s_2012_197_reissue_note_is_the_page_1_footnote() -> None:
    assert notes("S_2012_197-EN.pdf")[0] == (
        1, "*** Third reissue for technical reasons (17 April 2012).")


def test_s_2012_197_paragraphs() -> None:
    assert numbered("S_2012_197-EN.pdf") == list(range(1, 115))
    p1 = block_starting("S_2012_197-EN.pdf", "1. The present report")
    assert p1[-1] == "requested by the Council in its resolution 1979 (2011)."
    p3 = block_starting("S_2012_197-EN.pdf", "3. Deadly violence")
    assert p3[-1].endswith("Frente Polisario leader")  # continues on page 2
    page2 = [b for b in reading("S_2012_197-EN.pdf").blocks if b.pages == [2]]
    assert page2[0].page_break_before
    assert page2[0].lines[0].startswith("Mohamed Abdelaziz called for the protection")


# ------------------------------------------------------------------ A/RES/70/10 (resolution)


def test_a_res_70_10_markers_and_footnote() -> None:
    name = "A_RES_70_10-EN.pdf"
    assert block_starting(name, "Having received the report") == [
        "Having received the report of the International Atomic Energy Agency", "for 2014,¹"]
    assert block_starting(name, "1. Takes note with appreciation")[-1] == "Energy Agency;¹"
    assert notes(name) == [(1, "¹ See A/70/219.")]


def test_a_res_70_10_preamble_and_operative_paragraphs() -> None:
    name = "A_RES_70_10-EN.pdf"
    assert numbered(name) == [1, 2, 3, 4, 5]
    assert ["Recognizing the importance of the work of the Agency,"] in body(name)
    assert block_starting(name, "5. Requests the Secretary-General")[-1] == (
        "activities of the Agency.")
    assert body(name)[:3] == [["A/RES/70/10"], ["United Nations"], ["General Assembly"]]


def test_a_res_70_10_page_1_footer_and_page_2_header_are_furniture() -> None:
    furniture = {(f.page, f.text) for f in reading("A_RES_70_10-EN.pdf").furniture}
    assert {(1, "15-16764 (E)"), (1, "*1516764*"), (1, "Please recycle"), (2, "2/2"),
            (2, "A/RES/70/10 Report of the International Atomic Energy Agency")} <= furniture
    text = " ".join(line for b in reading("A_RES_70_10-EN.pdf").blocks for line in b.lines)
    assert "Please recycle" not in text and "2/2" not in text


# ------------------------------------------------------------------ A/RES/48/246 (1990s layout)


def test_a_res_48_246_es_old_style_notes_become_superscripts() -> None:
    name = "A_RES_48_246-ES.pdf"
    assert notes(name) == [(1, "¹ A/48/803."), (1, "² Véase A/C.5/48/SR.59.")]
    first = block_starting(name, "Habiendo examinado el informe")
    assert "financiación de la Misión de las Naciones Unidas en Haití¹ y el informe" in first
    assert first[-1] == "Presupuesto²,"
    assert numbered(name) == list(range(1, 13))
    furniture = {(f.page, f.text) for f in reading(name).furniture}
    assert {(1, "/..."), (2, "A/RES/48/246"), (2, "Página 2"), (3, "Página 3")} <= furniture


def test_a_res_48_246_en_and_es_have_the_same_operative_paragraphs() -> None:
    assert numbered("A_RES_48_246-EN.pdf") == numbered("A_RES_48_246-ES.pdf")
    assert block_starting("A_RES_48_246-EN.pdf", "12. Decides to include")[-1] == (
        'session the item entitled "Financing of the United Nations Mission in Haiti".')


# ------------------------------------------------------------------ A/80/500 (joint letter)


def test_a_80_500_joint_symbol_and_organs() -> None:
    name = "A_80_500-EN.pdf"
    blocks = body(name)
    assert blocks[0] == ["A/80/500-S/2025/656"]
    assert ["General Assembly", "Security Council"] in blocks
    assert ["17 October 2025"] in blocks and ["Original: English"] in blocks
    furniture = {(f.page, f.text) for f in reading(name).furniture}
    assert {(2, "A/80/500"), (2, "S/2025/656"), (1, "*2517062*")} <= furniture
    assert ["(Signed) Dmitry Polyanskiy"] in blocks


# ------------------------------------------------------------------ UPR report, EN and FR


def test_hrc_fr_masthead_and_unedited_note() -> None:
    name = "A_HRC_WG.6_7_ITA_1-FR.pdf"
    assert body(name)[:8] == [["A/HRC/WG.6/7/ITA/1"], ["Nations Unies"], ["Assemblée générale"],
                              ["Distr. générale"], ["16 novembre 2009"], ["Français"],
                              ["Original: anglais"], ["Conseil des droits de l’homme"]]
    assert notes(name) == [(1, "* Le présent document n’a pas été revu par les services "
                               "d’édition avant d’être envoyé aux services de traduction.")]


def test_hrc_fr_paragraph_at_the_top_of_a_page_is_not_furniture() -> None:
    name = "A_HRC_WG.6_7_ITA_1-FR.pdf"
    p41 = block_starting(name, "41. Les autorités italiennes réexaminent")
    assert p41[-1] == "l’homme afin d’évaluer s’il y a lieu de les retirer ou de les modifier."
    assert [n for n in numbered(name) if n > 10] == list(range(11, 139))


def test_hrc_fr_table_of_contents_is_one_block_with_tabs() -> None:
    first = "I. Méthodologie et procédures de consultation\t"
    toc = block_starting("A_HRC_WG.6_7_ITA_1-FR.pdf", first)
    assert toc[0] == "I. Méthodologie et procédures de consultation\t1−2\t4"
    assert "de la magistrature\t13−14\t6" in toc


def test_hrc_en_and_fr_have_the_same_paragraph_numbers() -> None:
    en = [n for n in numbered("A_HRC_WG.6_7_ITA_1-EN.pdf") if n > 10]
    fr = [n for n in numbered("A_HRC_WG.6_7_ITA_1-FR.pdf") if n > 10]
    assert en == fr


# ------------------------------------------------------------------ Arabic


def test_arabic_is_normalized_and_in_logical_order() -> None:
    name = "E_ESCWA_30_8-AR.pdf"
    lines = [line for b in reading(name).blocks for line in b.lines]
    presentation = [c for line in lines for c in line
                    if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"]
    assert presentation == []
    assert all(unicodedata.is_normalized("NFKC", line.replace("\t", " ")) for line in lines)
    # read on the rendered page, right to left: "United Nations", the session's place and date
    assert ["الأمم المتحدة"] in body(name)
    assert "بيروت، 25-28 حزيران/يونيو 2018" in lines
    assert "مقترح إنشاء المركز العربي لسياسات تغيُّر المناخ في الإسكوا" in lines
    p1 = block_starting(name, "1- عقدت اللجنة التنفيذية")
    assert p1[0].endswith("اجتماعها الرابع في")
    assert block_starting(name, "2- ويتضمن المقترح")[0].startswith(
        "2- ويتضمن المقترح، الوارد في الوثيقة (E/ESCWA/2017/EC.4/4(Part III")


def test_arabic_and_english_versions_have_the_same_paragraph_numbers() -> None:
    assert numbered("E_ESCWA_30_8-AR.pdf") == numbered("E_ESCWA_30_8-EN.pdf") == list(
        range(1, 40))


def test_arabic_masthead_symbol_first_and_running_heads() -> None:
    name = "E_ESCWA_30_8-AR.pdf"
    assert body(name)[0] == ["E/ESCWA/30/8"]
    furniture = {(f.page, f.text) for f in reading(name).furniture}
    assert {(1, "18-00230"), (2, "E/ESCWA/30/8"), (2, "-2-"), (3, "-3-")} <= furniture


# ------------------------------------------------------------------ 1959 scan, OCR layer


def test_ocr_scan_is_read_in_column_order_and_flagged() -> None:
    name = "A_C.4_SR.985-FR.pdf"
    r = reading(name)
    assert [i.code for i in r.issues] == ["ocr-noise"]
    lines = [line for b in r.blocks for line in b.lines]
    # the left column of page 1 comes before the right one
    assert lines.index("1. Sir Andrew COHEN (Royaume-Uni) explique le") < lines.index(
        "3. Les paragraphes 1 et 2 du dispositif du projet de")
    assert block_starting(name, "3. Les paragraphes 1 et 2 du dispositif")[1] == (
        "résolution correspondent à la politique du Gouverne-")
    heads = [(f.page, f.kind) for f in r.furniture]
    assert heads[:5] == [(1, "page-number"), (2, "header"), (3, "header"), (4, "header"),
                         (5, "header")]
