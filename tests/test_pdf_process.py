"""End to end through ``process_file`` on the dev PDFs: masthead fields, paragraph numbering,
chosen paragraphs' first and last words, footnotes and where they are cited, no furniture in
paragraphs. Expectations read from the documents themselves."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.models import DocumentOutput
from pipeline.process import process_file

CORPUS = Path(__file__).parent / "data" / "corpus"


@cache
def out(name: str) -> DocumentOutput:
    return process_file(CORPUS / name).output


def para(name: str, number: int) -> str:
    found = [p.text for p in out(name).paragraphs if p.number == number]
    assert len(found) == 1, (name, number, len(found))
    return found[0]


DOCS = ["S_2012_197-EN.pdf", "A_RES_70_10-EN.pdf", "A_RES_48_246-ES.pdf", "A_80_500-EN.pdf",
        "A_HRC_WG.6_7_ITA_1-FR.pdf", "E_ESCWA_30_8-AR.pdf", "E_ESCWA_30_8-EN.pdf"]


@pytest.mark.parametrize(("name", "symbols", "date", "body", "distribution"), [
    ("S_2012_197-EN.pdf", ["S/2012/197"], "2012-04-05", "Security Council", "general"),
    ("A_RES_70_10-EN.pdf", ["A/RES/70/10"], "2015-12-02", "General Assembly", "general"),
    ("A_RES_48_246-ES.pdf", ["A/RES/48/246"], "1994-05-11", "General Assembly", "general"),
    ("A_80_500-EN.pdf", ["A/80/500", "S/2025/656"], "2025-10-17", None, "general"),
    ("A_HRC_WG.6_7_ITA_1-FR.pdf", ["A/HRC/WG.6/7/ITA/1"], "2009-11-16", "General Assembly",
     "general"),
    ("E_ESCWA_30_8-AR.pdf", ["E/ESCWA/30/8"], "2018-05-28", "Economic and Social Council",
     "limited"),
])
def test_masthead_fields(name: str, symbols: list[str], date: str, body: str | None,
                         distribution: str) -> None:
    doc = out(name).document
    assert doc.symbol == symbols[0]
    assert doc.symbols == symbols
    assert doc.date == date
    if body:
        assert doc.body == body
    assert doc.distribution == distribution
    assert out(name).source.format == "pdf"


@pytest.mark.parametrize(("name", "last"), [
    ("S_2012_197-EN.pdf", 114), ("A_RES_70_10-EN.pdf", 5), ("A_RES_48_246-ES.pdf", 12),
    ("E_ESCWA_30_8-EN.pdf", 39),
])
def test_paragraph_numbers_complete_and_in_order(name: str, last: int) -> None:
    assert [p.number for p in out(name).paragraphs] == list(range(1, last + 1))


def test_s_2012_197_paragraphs_across_pages() -> None:
    p3 = para("S_2012_197-EN.pdf", 3)
    assert p3.startswith("Deadly violence, however, erupted in the coastal city of Dakhla")
    assert "Frente Polisario leader Mohamed Abdelaziz called for the protection" in p3
    assert p3.endswith("arrested by Moroccan security forces after the incident.")
    assert [p.pages for p in out("S_2012_197-EN.pdf").paragraphs if p.number == 3] == [[1, 2]]
    p114 = para("S_2012_197-EN.pdf", 114)
    assert p114.startswith("In conclusion, I wish to thank Christopher Ross")
    assert p114.endswith("to fulfil the Mission’s mandate.")


def test_s_2012_197_reissue_footnote_cited_by_the_symbol() -> None:
    fns = out("S_2012_197-EN.pdf").footnotes
    assert [(f.marker, f.text, f.page) for f in fns] == [
        ("***", "Third reissue for technical reasons (17 April 2012).", 1)]


def test_a_res_70_10_footnote_and_citing_paragraphs() -> None:
    o = out("A_RES_70_10-EN.pdf")
    assert [(f.id, f.text, f.page) for f in o.footnotes] == [("fn1", "See A/70/219.", 1)]
    assert "p1" in o.footnotes[0].cited_in
    assert para("A_RES_70_10-EN.pdf", 1) == (
        "Takes note with appreciation of the report of the International Atomic Energy Agency;¹")
    preamble = [b for b in o.blocks if b.text.startswith("Having received the report")]
    assert preamble and preamble[0].text.endswith("for 2014,¹")
    assert preamble[0].id in o.footnotes[0].cited_in


def test_a_res_48_246_es_old_style_footnotes() -> None:
    o = out("A_RES_48_246-ES.pdf")
    assert [(f.id, f.text) for f in o.footnotes] == [("fn1", "A/48/803."),
                                                     ("fn2", "Véase A/C.5/48/SR.59.")]
    assert {"p2", "p6"} <= set(o.footnotes[1].cited_in)
    assert para("A_RES_48_246-ES.pdf", 2).endswith("formuladas en su informe oral²;")
    assert para("A_RES_48_246-ES.pdf", 12).startswith(
        "Decide incluir en el programa provisional de su cuadragésimo noveno período")


def test_hrc_fr_footnote_and_paragraphs() -> None:
    o = out("A_HRC_WG.6_7_ITA_1-FR.pdf")
    assert [(f.marker, f.page) for f in o.footnotes] == [("*", 1)]
    assert o.footnotes[0].text.startswith("Le présent document n’a pas été revu")
    assert o.footnotes[0].cited_in  # the title's asterisk
    assert para("A_HRC_WG.6_7_ITA_1-FR.pdf", 41).startswith(
        "Les autorités italiennes réexaminent régulièrement les réserves")
    assert para("A_HRC_WG.6_7_ITA_1-FR.pdf", 138).endswith(
        "l’état de droit dans l’application des mesures répressives.")


def test_hrc_fr_paragraph_numbers_complete() -> None:
    assert [p.number for p in out("A_HRC_WG.6_7_ITA_1-FR.pdf").paragraphs] == list(
        range(1, 139))


def test_escwa_ar_paragraph_numbers_complete() -> None:
    assert [p.number for p in out("E_ESCWA_30_8-AR.pdf").paragraphs] == list(range(1, 40))


@pytest.mark.parametrize("name", DOCS)
def test_no_furniture_inside_segments(name: str) -> None:
    o = out(name)
    texts = [p.text for p in o.paragraphs] + [b.text for b in o.blocks] + [
        f.text for f in o.footnotes]
    assert o.furniture  # running heads at least
    for text in texts:
        assert not re.search(r"\*\d{6,}\*|\b\d{2}-\d{5}\b|Please recycle", text), text
        for f in o.furniture:
            if f.page and f.page > 1 and len(f.text) > 3:
                assert f.text not in text, (f.text, text[:80])


def test_a_res_48_246_es_preambular_paragraph_at_a_page_top_is_not_joined() -> None:
    # page 1 ends "… que figuran en el Pacto de Nueva York," (an open end) and page 2 starts
    # "Teniendo presente además …" with the first-line indent of every preambular paragraph:
    # a new paragraph, as in the English version (printed on one page there)
    blocks = [b.text for b in out("A_RES_48_246-ES.pdf").blocks]
    asimismo = next(i for i, t in enumerate(blocks) if t.startswith("Teniendo presente asimismo"))
    assert blocks[asimismo].endswith("que figuran en el Pacto de Nueva York,")
    assert blocks[asimismo + 1].startswith("Teniendo presente además la resolución 905 (1994)")
    english = [b.text for b in out("A_RES_48_246-EN.pdf").blocks]
    assert sum(t.startswith("Bearing in mind") for t in english) == \
        sum(t.startswith("Teniendo presente") for t in blocks) == 4
