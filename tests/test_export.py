"""``docpipe export``: typed tables of an output folder, their fixed schema (also when empty),
and the example queries of docs/export.md run as printed (issue 19)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.document_lists import mention_lists, segment_lists
from pipeline.emit import output_name
from pipeline.export import MANIFEST_NAME, SCHEMAS, export_tables
from pipeline.export.tables import LEFT_OUT, MENTIONS, SEGMENTS
from pipeline.export.writers import csv_schema
from pipeline.models import DocumentOutput, Mention
from tests.golden import GOLDEN

duckdb = pytest.importorskip("duckdb")

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export.md"


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development corpus's outputs (tests/data/corpus through the pipeline: the golden
    JSON) under their output names."""
    out = tmp_path_factory.mktemp("export-out")
    for path in sorted((GOLDEN / "corpus").glob("*.json")):
        doc = DocumentOutput.model_validate_json(path.read_bytes())
        (out / output_name(doc)).write_bytes(path.read_bytes())
    return out


@pytest.fixture(scope="module")
def parquet(corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("export-parquet")
    export_tables(corpus_out, "parquet", dest)
    return dest


@pytest.fixture(scope="module")
def empty_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export-empty-out")
    dest = out / "_export"
    export_tables(out, "parquet")
    return dest


def _docs(out: Path) -> Iterator[DocumentOutput]:
    for path in sorted(out.glob("*.json")):
        yield DocumentOutput.model_validate_json(path.read_bytes())


# ---------------------------------------------------------------------------- schema


def test_tables_have_their_fixed_schema_with_and_without_rows(parquet: Path,
                                                              empty_parquet: Path) -> None:
    for name, schema in SCHEMAS.items():
        for folder in (parquet, empty_parquet):
            written = pq.read_schema(folder / f"{name}.parquet")
            assert written.names == schema.names
            assert [f.type for f in written] == [f.type for f in schema], name
        assert pq.read_metadata(empty_parquet / f"{name}.parquet").num_rows == 0


def test_no_column_is_an_sql_reserved_word() -> None:
    reserved = {row[0] for row in duckdb.sql(
        "SELECT keyword_name FROM duckdb_keywords() "
        "WHERE keyword_category IN ('reserved', 'type_function')").fetchall()}
    assert "references" in reserved and "end" in reserved and "left" in reserved
    for name, schema in SCHEMAS.items():
        assert not set(schema.names) & reserved, name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in schema.names)
    # the document's symbol and a mention's symbol never share a name
    assert "symbol" not in SCHEMAS["documents"].names and "doc_symbol" in SCHEMAS["documents"].names


def test_every_field_of_the_output_model_is_a_column_or_left_out_on_purpose() -> None:
    """A field added to the model (a new list, a new mention field) must reach the tables."""
    fields = DocumentOutput.model_fields
    segment_models = {name: info.annotation.__args__[0] for name, info in fields.items()  # type: ignore[union-attr]
                      if name in {n for n, _ in segment_lists(_blank())}}
    mention_models = {name: info.annotation.__args__[0] for name, info in fields.items()  # type: ignore[union-attr]
                      if name in {n for n, _ in mention_lists(_blank())}}
    renamed_segment = {"title": "text", "page": "pages", "rows": "cells", "id": "segment_id"}
    for model in segment_models.values():
        for field in model.model_fields:
            column = renamed_segment.get(field, field)
            assert column in SEGMENTS.names or f"{model.__name__}.{field}" in LEFT_OUT, (
                model.__name__, field)
    renamed_mention = {"segment": "segment_id", "span": "span_start", "kind": "reference_kind",
                       "value": "date_value", "precision": "date_precision",
                       "start": "date_start", "end": "date_end",
                       "year_inferred": "date_year_inferred", "label": "entity_label",
                       "source": "entity_source", "key": "entity_key"}
    for model in mention_models.values():
        assert issubclass(model, Mention)
        for field in model.model_fields:
            assert renamed_mention.get(field, field) in MENTIONS.names, (model.__name__, field)


def _blank() -> DocumentOutput:
    return DocumentOutput.model_validate_json(
        (GOLDEN / "corpus" / "S_PRST_2007_24-EN.txt.json").read_bytes())


# ---------------------------------------------------------------------------- contents


def test_rows_match_the_json(corpus_out: Path, parquet: Path) -> None:
    docs = list(_docs(corpus_out))
    documents = pq.read_table(parquet / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in documents] == [d.doc_id for d in docs]
    a63 = next(d for d in documents if d["doc_id"] == "A/63/261:fr")
    # the masthead of A/63/261 (tests/data/corpus/A_63_261-FR.txt): "11 août 2008", session 63
    assert a63["doc_date"] == dt.date(2008, 8, 11) and a63["session"] == 63
    assert a63["doc_symbol"] == "A/63/261" and a63["body"] == "General Assembly"

    segments = pq.read_table(parquet / "segments.parquet").to_pylist()
    assert len(segments) == sum(len(items) for d in docs for _, items in segment_lists(d))
    for doc in docs:
        rows = [s for s in segments if s["doc_id"] == doc.doc_id]
        assert [s["reading_order"] for s in rows] == list(range(1, len(rows) + 1))
        assert all(s["language"] == doc.document.language for s in rows)
    # A/63/261 paragraph 14 (line 104 of the text) calls notes 6 and 7
    p14 = next(s for s in segments if s["doc_id"] == "A/63/261:fr" and s["segment_id"] == "p14")
    assert p14["segment_type"] == "paragraph" and p14["number"] == 14
    assert p14["footnote_refs"] == ["fn6", "fn7"] and p14["part"] is None

    mentions = pq.read_table(parquet / "mentions.parquet").to_pylist()
    assert len(mentions) == sum(len(items) for d in docs for _, items in mention_lists(d))
    texts = {(s["doc_id"], s["segment_id"]): s["text"] for s in segments}
    for m in mentions:  # every span points into the segment's text in the table
        assert texts[(m["doc_id"], m["segment_id"])][m["span_start"]:m["span_end"]] == m["text"]
    # A/63/261 front17: "de juillet 2007 à juillet 2008" is one date, 2007-07-01 to 2008-07-31
    period = next(m for m in mentions if m["doc_id"] == "A/63/261:fr" and m["kind"] == "date"
                  and m["text"] == "de juillet 2007 à juillet 2008")
    assert (period["date_value"], period["date_start"], period["date_end"]) == (
        "2007-07/2008-07", dt.date(2007, 7, 1), dt.date(2008, 7, 31))


def test_csv_and_jsonl_hold_the_same_rows(corpus_out: Path, parquet: Path,
                                          tmp_path: Path) -> None:
    export_tables(corpus_out, "csv", tmp_path / "csv")
    export_tables(corpus_out, "jsonl", tmp_path / "jsonl")
    for name in SCHEMAS:
        expected = pq.read_table(parquet / f"{name}.parquet").to_pylist()
        read = pa_csv.read_csv(
            tmp_path / "csv" / f"{name}.csv",
            convert_options=pa_csv.ConvertOptions(column_types=csv_schema(SCHEMAS[name]),
                                                  strings_can_be_null=True))
        assert read.num_rows == len(expected)
        lines = (tmp_path / "jsonl" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(expected)
        if expected:
            first = json.loads(lines[0])
            assert list(first) == SCHEMAS[name].names
            assert first["doc_id" if "doc_id" in first else "left_doc_id"] == expected[0][
                "doc_id" if "doc_id" in first else "left_doc_id"]
    csv_text = (tmp_path / "csv" / "segments.csv").read_text(encoding="utf-8")
    assert '"[""fn6"", ""fn7""]"' in csv_text  # a list column: a JSON array (A/63/261 p14)


def test_manifest_lists_tables_columns_and_skipped_files(corpus_out: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for path in list(corpus_out.glob("S_PRST*.json")):
        (out / path.name).write_bytes(path.read_bytes())
    (out / "broken.en.json").write_text("{not json", encoding="utf-8")
    report = export_tables(out, "parquet")
    manifest = json.loads((out / "_export" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["format"] == "parquet"
    assert set(manifest["tables"]) == set(SCHEMAS)
    assert manifest["tables"]["documents"]["rows"] == 1 == report.rows["documents"]
    assert [s["path"] for s in manifest["skipped"]] == ["broken.en.json"]
    columns = manifest["tables"]["mentions"]["columns"]
    assert [c["name"] for c in columns] == MENTIONS.names
    assert all(c["description"] for c in columns)


def test_export_command(corpus_out: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(corpus_out), "--to", "csv", "--dest", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(tmp_path / f"{n}.csv") for n in SCHEMAS]
    assert "exported 12 documents" in captured.err
    assert main(["export", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


# ---------------------------------------------------------------------------- documented queries


def documented_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def _run(folder: Path, sql: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    monkeypatch.chdir(folder)
    rows: list[tuple[Any, ...]] = duckdb.sql(sql).fetchall()
    return rows


def test_three_documented_queries_of_three_lines_at_most() -> None:
    queries = documented_queries()
    assert len(queries) == 3
    assert all(len(q.strip().splitlines()) <= 3 for q in queries)


def test_paragraphs_citing_a_resolution_across_languages(
    parquet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _run(parquet, documented_queries()[0], monkeypatch)
    # A/RES/48/246, paragraph 8 of both versions (PDF page 2): "Decides that, in accordance with
    # the provisions of its resolution 973 (X) of 15 December 1955" / "Decide que, de
    # conformidad con lo dispuesto en su resolución 973 (X), de 15 de diciembre de 1955"
    assert [(doc, seg) for doc, seg, _ in rows] == [
        ("A/RES/48/246:en", "p8"), ("A/RES/48/246:es", "p8")]
    assert "resolution 973 (X)" in rows[0][2] and "resolución 973 (X)" in rows[1][2]


def test_dates_of_a_year_by_document(parquet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = dict(_run(parquet, documented_queries()[1], monkeypatch))
    # A/RES/48/246 (English), every date touching 1994, read from the PDF: 11 May 1994
    # (masthead), 23 September 1993 to 22 March 1994, "23 March to 30 June 1994" three times,
    # 23 March 1994 and 30 June 1994 (preamble), "the years 1992, 1993 and 1994", "beyond 30 June
    # 1994", "ending 30 June 1994", 31 August 1994, 5 April 1994 (the plenary meeting)
    assert rows["A/RES/48/246:en"] == sorted([
        "1994-05-11", "1993-09-23/1994-03-22", "1994-03-23/1994-06-30", "1994-03-23/1994-06-30",
        "1994-03-23/1994-06-30", "1994-03-23", "1994-06-30", "1994", "1994-06-30",
        "1994-06-30", "1994-08-31", "1994-04-05"], key=_date_key)
    assert sorted(rows["A/RES/48/246:es"]) == sorted(rows["A/RES/48/246:en"])
    assert "S/PRST/2007/24:en" not in rows


def _date_key(value: str) -> tuple[str, str]:
    first = value.split("/")[0]
    start = first + ("-01-01" if len(first) == 4 else "-01" if len(first) == 7 else "")
    return start, value


def test_english_french_paragraph_pairs(corpus_out: Path, parquet: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _run(parquet, documented_queries()[2], monkeypatch)
    # A/HRC/WG.6/7/ITA/1 is the only document of the corpus in English and French; both
    # versions number their paragraphs 1 to 138
    assert {r[0] for r in rows} == {"A/HRC/WG.6/7/ITA/1"}
    assert [r[1] for r in rows] == [f"p{n}" for n in range(1, 139)]
    # paragraph 1 (page 3 of each PDF)
    assert rows[0][2].startswith("The preparation of the Italian State Report")
    assert rows[0][3].startswith("L’établissement du rapport de l’État italien")


def test_the_documented_queries_run_on_an_empty_batch(
    empty_parquet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for sql in documented_queries():
        assert _run(empty_parquet, sql, monkeypatch) == []
