"""The corpus views written into an output folder: index, sibling files, citation graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.corpus import (
    CITATIONS_NAME,
    INDEX_LINES_NAME,
    INDEX_NAME,
    update_corpus_views,
)
from pipeline.corpus.models import CitationGraph, CorpusIndex, SiblingGroup
from pipeline.models import RunSummary
from pipeline.runs.batch import run_batch
from tests.corpus_docs import make_doc, write_doc


def _corpus(out: Path) -> None:
    write_doc(make_doc(
        "A/63/261", "fr",
        paragraphs=[("p14", "Déclaration⁶"), ("p15", "Voir A/63/261 et A/RES/62/47.")],
        footnotes=[("6", "S/PRST/2007/24.", ["p14"])],
        symbols=[("fn6", "S/PRST/2007/24"), ("p15", "A/63/261")],
        resolutions=[("p15", "A/RES/62/47")],
    ), out)
    write_doc(make_doc("A/63/261", "en", paragraphs=[("p14", "Statement⁶"), ("p15", "See.")],
                       footnotes=[("6", "S/PRST/2007/24.", ["p14"])],
                       symbols=[("fn6", "S/PRST/2007/24")]), out)
    write_doc(make_doc("S/PRST/2007/24", "en", paragraphs=[("p1", "x")]), out)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_index_lists_every_document_with_its_siblings(tmp_path: Path) -> None:
    _corpus(tmp_path)
    report = update_corpus_views(tmp_path)
    index = CorpusIndex.model_validate_json(_read(tmp_path / INDEX_NAME))
    assert [e.path for e in index.documents] == [
        "A_63_261.en.json", "A_63_261.fr.json", "S_PRST_2007_24.en.json"
    ]
    fr = index.documents[1]
    assert (fr.symbol, fr.language, fr.title) == ("A/63/261", "fr", "title fr")
    assert (fr.segments.paragraphs, fr.segments.footnotes, fr.segments.total) == (2, 1, 3)
    assert (fr.mentions.symbols, fr.mentions.references, fr.mentions.total) == (2, 1, 3)
    assert [s.path for s in fr.siblings] == ["A_63_261.en.json"]
    assert fr.sibling_file == "_siblings/A_63_261.json"
    assert index.documents[2].siblings == [] and index.documents[2].sibling_file is None
    lines = _read(tmp_path / INDEX_LINES_NAME).splitlines()
    assert [json.loads(line)["path"] for line in lines] == [e.path for e in index.documents]
    assert (report.documents, report.groups, report.pairs) == (3, 1, 1)


def test_sibling_file_aligns_the_pair(tmp_path: Path) -> None:
    _corpus(tmp_path)
    update_corpus_views(tmp_path)
    group = SiblingGroup.model_validate_json(_read(tmp_path / "_siblings" / "A_63_261.json"))
    assert [m.language for m in group.members] == ["en", "fr"]
    (pair,) = group.pairs
    assert (pair.left.language, pair.right.language) == ("en", "fr")
    assert pair.paragraphs.pairs == [("p14", "p14"), ("p15", "p15")]
    assert pair.footnotes.pairs == [("fn6", "fn6")]
    # p15 of the French version names A/63/261 and resolution 62/47; the English one does not
    assert [(d.left, d.check, d.only_right) for d in pair.disagreements] == [
        ("p15", "symbols", ["A/63/261"]), ("p15", "resolutions", ["A/RES/62/47"])
    ]


def test_citation_graph_links_a_footnote_to_the_cited_document(tmp_path: Path) -> None:
    _corpus(tmp_path)
    report = update_corpus_views(tmp_path)
    graph = CitationGraph.model_validate_json(_read(tmp_path / CITATIONS_NAME))
    by_symbol = {s.symbol: s for s in graph.symbols}
    assert sorted(by_symbol) == ["A/RES/62/47", "S/PRST/2007/24"]  # own symbol not a citation
    prst = by_symbol["S/PRST/2007/24"]
    assert prst.in_corpus and [d.path for d in prst.documents] == ["S_PRST_2007_24.en.json"]
    assert [(c.document.path, c.segments, c.called_from) for c in prst.cited_by] == [
        ("A_63_261.en.json", ["fn6"], ["p14"]), ("A_63_261.fr.json", ["fn6"], ["p14"]),
    ]
    res = by_symbol["A/RES/62/47"]
    assert (res.kind, res.in_corpus, res.documents) == ("resolution", False, [])
    links = {d.document.path: d for d in graph.documents}
    assert [d.path for d in links["S_PRST_2007_24.en.json"].cited_by] == [
        "A_63_261.en.json", "A_63_261.fr.json"
    ]
    assert links["A_63_261.fr.json"].cites == ["A/RES/62/47", "S/PRST/2007/24"]
    assert (report.cited_symbols, report.cited_in_corpus) == (2, 1)


def test_a_joint_document_is_in_the_corpus_under_each_of_its_symbols(tmp_path: Path) -> None:
    write_doc(make_doc("A/80/500", "en", joint=["S/2025/656"]), tmp_path)
    write_doc(make_doc("S/2025/700", "en", paragraphs=[("p1", "S/2025/656")],
                       symbols=[("p1", "S/2025/656")]), tmp_path)
    update_corpus_views(tmp_path)
    graph = CitationGraph.model_validate_json(_read(tmp_path / CITATIONS_NAME))
    (cited,) = graph.symbols
    assert cited.symbol == "S/2025/656" and cited.in_corpus
    assert [d.path for d in cited.documents] == ["A_80_500.en.json"]


def test_same_documents_give_the_same_bytes(tmp_path: Path) -> None:
    _corpus(tmp_path)
    update_corpus_views(tmp_path)
    names = [INDEX_NAME, INDEX_LINES_NAME, CITATIONS_NAME, "_siblings/A_63_261.json"]
    first = [_read(tmp_path / n) for n in names]
    update_corpus_views(tmp_path)
    assert [_read(tmp_path / n) for n in names] == first


def test_adding_a_document_updates_the_views_and_a_lost_group_loses_its_file(
    tmp_path: Path,
) -> None:
    _corpus(tmp_path)
    update_corpus_views(tmp_path)
    prst = tmp_path / "S_PRST_2007_24.en.json"
    before = prst.stat().st_mtime_ns
    write_doc(make_doc("S/PRST/2007/24", "fr", paragraphs=[("p1", "x")]), tmp_path)
    report = update_corpus_views(tmp_path)
    assert prst.stat().st_mtime_ns == before  # documents are read, never rewritten
    assert (tmp_path / "_siblings" / "S_PRST_2007_24.json").is_file()
    assert report.groups == 2
    (tmp_path / "A_63_261.en.json").unlink()
    report = update_corpus_views(tmp_path)
    assert report.removed == ["_siblings/A_63_261.json"]
    assert sorted(p.name for p in (tmp_path / "_siblings").iterdir()) == ["S_PRST_2007_24.json"]
    index = CorpusIndex.model_validate_json(_read(tmp_path / INDEX_NAME))
    assert "A_63_261.en.json" not in [e.path for e in index.documents]


def test_invalid_or_foreign_json_is_skipped_with_a_note(tmp_path: Path) -> None:
    _corpus(tmp_path)
    (tmp_path / "broken.en.json").write_text('{"schema_name": ', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "_run_summary.json").write_text("{}", encoding="utf-8")  # the pipeline's own
    report = update_corpus_views(tmp_path)
    assert report.documents == 3
    assert [s.path for s in report.skipped] == ["broken.en.json", "other.json"]
    index = CorpusIndex.model_validate_json(_read(tmp_path / INDEX_NAME))
    assert index.skipped == report.skipped
    assert "not a docpipe document" in index.skipped[0].reason


def test_an_empty_or_missing_folder_gives_empty_views(tmp_path: Path) -> None:
    report = update_corpus_views(tmp_path / "new")
    assert (report.documents, report.groups, report.disagreements) == (0, 0, 0)
    index = CorpusIndex.model_validate_json(_read(tmp_path / "new" / INDEX_NAME))
    assert index.documents == [] and _read(tmp_path / "new" / INDEX_LINES_NAME) == ""


def test_docpipe_index_rebuilds_the_views(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _corpus(tmp_path)
    assert main(["index", str(tmp_path)]) == 0
    assert "3 documents, 1 sibling groups (1 pairs)" in capsys.readouterr().err
    assert (tmp_path / INDEX_NAME).is_file() and (tmp_path / CITATIONS_NAME).is_file()
    assert main(["index", str(tmp_path / "missing")]) == 2


def test_a_batch_rebuilds_the_views_and_counts_disagreements(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "A_1_2-EN.txt").write_text(
        "1. The meeting was held on 12 March 2008.\n\n"
        "2. The Council adopted resolution 1373 (2001).\n", encoding="utf-8")
    (corpus / "A_1_2-FR.txt").write_text(
        "1. La réunion s'est tenue le 12 mars 2008.\n\n"
        "2. Le Conseil a adopté la résolution 1373 (2001) le 5 mai 2009.\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(sorted(corpus.iterdir()), out)
    group = SiblingGroup.model_validate_json(_read(out / "_siblings" / "A_1_2.json"))
    (pair,) = group.pairs
    assert pair.paragraphs.pairs == [("p1", "p1"), ("p2", "p2")]
    assert [(d.left, d.check, d.only_right) for d in pair.disagreements] == [
        ("p2", "dates", ["2009-05-05"])
    ]
    assert summary.crosscheck_disagreements == 1
    on_disk = RunSummary.model_validate_json(_read(out / "_run_summary.json"))
    assert on_disk.crosscheck_disagreements == 1
