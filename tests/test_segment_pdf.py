"""Segmentation of PDF layouts the text path does not have: bold numbered sub-headings, headings
printed over two blocks, Arabic labels (`أولا-`, `1-`), masthead blocks of several fields.

Expectations read from the PDFs (pdftotext -layout and the rendered pages).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.models import DocumentOutput
from pipeline.process import process_file

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


@cache
def out(name: str) -> DocumentOutput:
    return process_file(CORPUS / name).output


def test_hrc_numbered_subheadings_sit_under_their_section() -> None:
    o = out("A_HRC_WG.6_7_ITA_1-FR.pdf")
    paras = {p.id: p for p in o.paragraphs}
    # p. 7: "I. Le cadre institutionnel…" (section I of chapter II), then "1. Les comités
    # parlementaires des droits de l'homme" over paragraphs 19-22, "2. Autres organes…" from 23.
    assert paras["p19"].section_path == ["II", "I", "1"]
    assert paras["p22"].section_path == ["II", "I", "1"]
    assert paras["p23"].section_path == ["II", "I", "2"]
    subs = [(h.level, h.label, h.title) for h in o.headings if h.label == "1"]
    assert (3, "1", "Les comités parlementaires des droits de l’homme") in subs
    assert (3, "1", "Politique en matière d’asile et d’immigration; traite des personnes; "
            "politique d’intégration") in subs


def test_hrc_heading_over_two_blocks_is_one_heading() -> None:
    titles = {h.label: h.title for h in out("A_HRC_WG.6_7_ITA_1-FR.pdf").headings
              if h.level == 2 and h.label in ("F", "I")}
    assert titles["F"] == ("Le pouvoir judiciaire, l’indépendance des magistrats, le Conseil "
                           "supérieur de la magistrature")
    assert titles["I"] == ("Le cadre institutionnel: organes chargés de la protection des droits "
                           "de l’homme")


def test_hrc_masthead_lines_of_one_block() -> None:
    o = out("A_HRC_WG.6_7_ITA_1-FR.pdf")
    kinds = {f.text: f.kind for f in o.front}
    assert kinds["Septième session"] == "session"
    assert kinds["Genève, 8-19 février 2010"] == "place-date"
    assert o.document.session == 7
    assert o.document.title is not None and o.document.title.startswith(
        "Rapport national présenté conformément au paragraphe 15 a)")
    assert o.document.title.endswith("Italie")


def test_arabic_paragraphs_and_chapters() -> None:
    ar, en = out("E_ESCWA_30_8-AR.pdf"), out("E_ESCWA_30_8-EN.pdf")
    assert [p.number for p in ar.paragraphs] == list(range(1, 40))
    chapters_ar = [h.label for h in ar.headings if h.level == 1 and h.label]
    chapters_en = [h.label for h in en.headings if h.level == 1 and h.label]
    assert chapters_ar == ["أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا"]
    assert chapters_en == ["I", "II", "III", "IV", "V", "VI", "VII"]
    ar_paras = {p.id: p for p in ar.paragraphs}
    en_paras = {p.id: p for p in en.paragraphs}
    assert ar_paras["p4"].section_path == ["أولا"]
    assert en_paras["p4"].section_path == ["I"]
    assert ar_paras["p1"].text.startswith("عقدت اللجنة التنفيذية")
    assert en_paras["p1"].text.startswith("The fourth meeting of the Executive Committee")


def test_escwa_masthead() -> None:
    for name in ("E_ESCWA_30_8-AR.pdf", "E_ESCWA_30_8-EN.pdf"):
        doc = out(name).document
        assert (doc.body, doc.distribution, doc.date, doc.session, doc.agenda_items) == (
            "Economic and Social Council", "limited", "2018-05-28", 30, ["10"]), name
    assert out("E_ESCWA_30_8-EN.pdf").document.title == (
        "Proposal for the establishment of an Arab centre for climate change policies at ESCWA")


def test_joint_letter_pdf_masthead() -> None:
    doc = out("A_80_500-EN.pdf").document
    assert doc.symbols == ["A/80/500", "S/2025/656"]
    assert doc.body == "General Assembly"  # first of the two organs printed in one bold block
    kinds = [f.kind for f in out("A_80_500-EN.pdf").front]
    assert kinds.count("organ") >= 2


def test_1959_masthead_without_accents() -> None:
    doc = out("A_C.4_SR.985-FR.pdf").document
    assert doc.body == "General Assembly"  # printed "ASSEMBLEE GENERALE"
    assert doc.session == 14  # "QUATORZIEME SESSION"


# The table of contents of A/HRC/WG.6/7/ITA/1, read on pages 2-3 (fr) and 2-4 (en): chapters I-V,
# sections A-K, numbered sub-headings 1-4 and 1-10, lettered items a-d; titles wrapped over two
# lines and pages continued under "CONTENTS (continued)" are one entry each.
ITA_TOC_LABELS = ["I", "II", "A", "B", "C", "D", "E", "F", "G", "H", "I", "1", "2", "3", "4",
                  "J", "K", "III", "A", "B", "1", "a", "b", "c", "d", "2", "3", "a", "4", "5",
                  "6", "7", "8", "9", "10", "IV", "A", "B", "C", "D", "V", "A", "B", "C", "D"]


def test_hrc_table_of_contents_in_both_languages() -> None:
    fr, en = out("A_HRC_WG.6_7_ITA_1-FR.pdf"), out("A_HRC_WG.6_7_ITA_1-EN.pdf")
    assert [t.label for t in fr.toc] == ITA_TOC_LABELS
    assert [t.label for t in en.toc] == ITA_TOC_LABELS
    assert (fr.toc[0].title, fr.toc[0].page) == ("Méthodologie et procédures de consultation", 4)
    assert (en.toc[0].title, en.toc[0].page) == ("METHODOLOGY AND CONSULTATION PROCESS", 5)
    assert fr.toc[7].title == ("Le pouvoir judiciaire, l’indépendance des magistrats, le Conseil "
                               "supérieur de la magistrature")
    assert (en.toc[40].title, en.toc[40].page) == ("NATIONAL PRIORITIES", 23)
    assert (en.toc[-1].title, en.toc[-1].page) == ("Promotion of international initiatives", 24)


def test_arabic_table_of_contents_labels() -> None:
    toc = out("E_ESCWA_30_8-AR.pdf").toc
    assert [t.label for t in toc] == [None, "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا",
                                      "سابعا"]
    assert toc[0].title == "مقدمة"
