"""Corpus views of the dev corpus: the three sibling pairs, aligned and cross-checked, and the
citation from A/63/261 (footnote 6) to S/PRST/2007/24.

The expectations come from reading both language versions (pdftotext -layout) side by side.
The documents are processed once for the module (about 10 s: the PDFs take seconds each).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.corpus import CITATIONS_NAME, INDEX_NAME, update_corpus_views
from pipeline.corpus.models import (
    CitationGraph,
    CorpusIndex,
    CorpusReport,
    PairAlignment,
    SiblingGroup,
)
from pipeline.emit import write_output
from pipeline.models import DocumentOutput
from pipeline.process import process_file

CORPUS = Path(__file__).parent / "data" / "corpus"
FILES = [
    "A_63_261-FR.txt", "S_PRST_2007_24-EN.txt",
    "A_HRC_WG.6_7_ITA_1-EN.pdf", "A_HRC_WG.6_7_ITA_1-FR.pdf",
    "E_ESCWA_30_8-AR.pdf", "E_ESCWA_30_8-EN.pdf",
    "A_RES_48_246-EN.pdf", "A_RES_48_246-ES.pdf",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus_views")
    for name in FILES:
        write_output(process_file(CORPUS / name).output, folder)
    return folder


@pytest.fixture(scope="module")
def report(out: Path) -> CorpusReport:
    return update_corpus_views(out)


def _group(out: Path, slug: str) -> SiblingGroup:
    return SiblingGroup.model_validate_json(
        (out / "_siblings" / f"{slug}.json").read_text(encoding="utf-8")
    )


def _pair(out: Path, slug: str) -> PairAlignment:
    (pair,) = _group(out, slug).pairs
    return pair


def _doc(out: Path, name: str) -> DocumentOutput:
    return DocumentOutput.model_validate_json((out / name).read_text(encoding="utf-8"))


def _heading_id(doc: DocumentOutput, title: str) -> str:
    (found,) = [h.id for h in doc.headings if h.title.casefold() == title.casefold()]
    return found


def test_the_three_pairs_are_grouped(out: Path, report: CorpusReport) -> None:
    assert (report.documents, report.groups, report.pairs, report.skipped) == (8, 3, 3, [])
    assert sorted(p.name for p in (out / "_siblings").iterdir()) == [
        "A_HRC_WG.6_7_ITA_1.json", "A_RES_48_246.json", "E_ESCWA_30_8.json"
    ]
    members = {
        slug: [(m.symbol, m.language) for m in _group(out, slug).members]
        for slug in ("A_HRC_WG.6_7_ITA_1", "A_RES_48_246", "E_ESCWA_30_8")
    }
    assert members == {
        "A_HRC_WG.6_7_ITA_1": [("A/HRC/WG.6/7/ITA/1", "en"), ("A/HRC/WG.6/7/ITA/1", "fr")],
        "A_RES_48_246": [("A/RES/48/246", "en"), ("A/RES/48/246", "es")],
        "E_ESCWA_30_8": [("E/ESCWA/30/8", "ar"), ("E/ESCWA/30/8", "en")],
    }
    index = CorpusIndex.model_validate_json((out / INDEX_NAME).read_text(encoding="utf-8"))
    entries = {e.path: e for e in index.documents}
    assert [s.path for s in entries["E_ESCWA_30_8.ar.json"].siblings] == ["E_ESCWA_30_8.en.json"]
    assert entries["A_63_261.fr.json"].siblings == []  # only the French version is here


def test_resolution_48_246_en_es(out: Path) -> None:
    pair = _pair(out, "A_RES_48_246")
    # twelve operative paragraphs in both versions, "1. Reaffirms" / "1. Reafirma" … "12. Decides
    # to include" / "12. Decide incluir"
    assert pair.paragraphs.pairs == [(f"p{n}", f"p{n}") for n in range(1, 13)]
    assert pair.paragraphs.only_left == pair.paragraphs.only_right == []
    # footnotes 1 (A/48/803.) and 2 (See / Véase A/C.5/48/SR.59.)
    assert pair.footnotes.pairs == [("fn1", "fn1"), ("fn2", "fn2")]
    # para. 6 of the Spanish text calls footnote 2 ("su informe oral 2/"); the English one,
    # "in its oral report, a total amount", does not: the versions really differ there
    footnote_checks = [(d.left, d.right, d.only_left, d.only_right)
                       for d in pair.disagreements if d.check == "footnotes"]
    assert ("p6", "p6", [], ["fn2"]) in footnote_checks
    # para. 8 of both cites resolution 973 (X) of 15 December 1955: nothing to report there
    assert not [d for d in pair.disagreements if d.left == "p8" and d.check == "resolutions"]


def test_italy_national_report_en_fr(out: Path) -> None:
    pair = _pair(out, "A_HRC_WG.6_7_ITA_1")
    # "1. The preparation of the Italian State Report" / "1. L'établissement du rapport de
    # l'État italien"; "90. With regard to the right to education of Roma and Sinti" / "90. En ce
    # qui concerne le droit à l'éducation de la communauté rom"; "137. As to the rights of women"
    # / "137. En ce qui concerne les droits des femmes"; "138." ends both
    for n in (1, 19, 90, 137, 138):
        assert (f"p{n}", f"p{n}") in pair.paragraphs.pairs
    assert {(f"p{n}", f"p{n}") for n in range(1, 139)} <= set(pair.paragraphs.pairs)
    assert pair.paragraphs.only_left == pair.paragraphs.only_right == []
    # the only footnote, on the masthead: "not edited before being sent to … translation"
    assert pair.footnotes.pairs == [("fn*", "fn*")]
    en = _doc(out, "A_HRC_WG.6_7_ITA_1.en.json")
    fr = _doc(out, "A_HRC_WG.6_7_ITA_1.fr.json")
    for en_title, fr_title in [
        ("METHODOLOGY AND CONSULTATION PROCESS", "Méthodologie et procédures de consultation"),
        ("NATIONAL PRIORITIES", "Les priorités nationales"),
        ("Dialogue with religious communities", "Le dialogue avec les communautés religieuses"),
    ]:
        assert (_heading_id(en, en_title), _heading_id(fr, fr_title)) in pair.headings.pairs
    # para. 137: "Security Council Resolution 1820" and "resolution 1325" without their years in
    # English; "résolution 1820 (2008)" and "résolution 1325 (2000)" in French
    (res137,) = [d for d in pair.disagreements if d.left == "p137" and d.check == "resolutions"]
    assert {"S/RES/1820 (2008)", "S/RES/1325 (2000)"} <= set(res137.only_right)


def test_escwa_ar_en(out: Path) -> None:
    pair = _pair(out, "E_ESCWA_30_8")
    assert (pair.left.language, pair.right.language) == ("ar", "en")
    # paragraphs "-1" … "-39" of the Arabic text, "1." … "39." of the English one
    assert pair.paragraphs.pairs == [(f"p{n}", f"p{n}") for n in range(1, 40)]
    assert pair.paragraphs.only_left == pair.paragraphs.only_right == []
    # "مقدمة" / "Introduction", then seven chapters, أولا … سابعا / I … VII:
    # "التفويضات من الدول الأعضاء" is "MANDATES FROM MEMBER STATES", "الخطوات المقبلة" "NEXT STEPS"
    ar = _doc(out, "E_ESCWA_30_8.ar.json")
    en = _doc(out, "E_ESCWA_30_8.en.json")
    assert len(pair.headings.pairs) == 8
    assert (_heading_id(ar, "مقدمة"), _heading_id(en, "Introduction")) in pair.headings.pairs
    assert (_heading_id(ar, "التفويضات من الدول الأعضاء"),
            _heading_id(en, "MANDATES FROM MEMBER STATES")) in pair.headings.pairs
    assert (_heading_id(ar, "الخطوات المقبلة"), _heading_id(en, "NEXT STEPS")) in (
        pair.headings.pairs
    )


def test_disagreements_are_counted_over_every_pair(out: Path, report: CorpusReport) -> None:
    listed = sum(
        len(_pair(out, slug).disagreements)
        for slug in ("A_HRC_WG.6_7_ITA_1", "A_RES_48_246", "E_ESCWA_30_8")
    )
    assert report.disagreements == listed >= 2  # at least the two read above


def test_graph_links_the_presidential_statement_to_footnote_6_of_a_63_261(
    out: Path, report: CorpusReport
) -> None:
    graph = CitationGraph.model_validate_json((out / CITATIONS_NAME).read_text(encoding="utf-8"))
    (prst,) = [s for s in graph.symbols if s.symbol == "S/PRST/2007/24"]
    assert prst.in_corpus
    assert [d.path for d in prst.documents] == ["S_PRST_2007_24.en.json"]
    # footnote 6 of A/63/261 reads "S/PRST/2007/24."; its marker is in paragraph 14
    assert [(c.document.path, c.segments, c.called_from) for c in prst.cited_by] == [
        ("A_63_261.fr.json", ["fn6"], ["p14"])
    ]
    links = {d.document.path: d for d in graph.documents}
    assert [d.symbol for d in links["S_PRST_2007_24.en.json"].cited_by] == ["A/63/261"]
    assert "S/PRST/2007/24" in links["A_63_261.fr.json"].cites
    # footnote 4 of A/63/261 reads "Voir A/63/163.": cited, not in this corpus
    (a63163,) = [s for s in graph.symbols if s.symbol == "A/63/163"]
    assert not a63163.in_corpus and a63163.documents == []
    assert [c.segments for c in a63163.cited_by] == [["fn4"]]
