"""The exported tables: their fixed schemas, and the rows one document (or one sibling pair, or
one cited symbol) gives.

In: documents read back from an output folder, the corpus views. Out: rows as dictionaries
keyed by column name, and the Arrow schema of each table (:data:`SCHEMAS`).
Holds: every table has the same columns whatever the documents hold (a column a row has no
value for is null, a list column an empty list); no column is named like a reserved word of SQL
(DuckDB's reserved and type-function keywords; a test checks); the document's symbol is
``doc_symbol``, a mention's ``symbol`` is the canonical symbol it names; segments and mentions are
found by walking the output model's lists (every list of segments, every list of mentions), so a
new list needs no change here, and a test fails when a field of the model is neither a column
nor listed in :data:`LEFT_OUT`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from pipeline.corpus.models import (
    BlockAlignment,
    CitationGraph,
    PairAlignment,
    SegmentAlignment,
)
from pipeline.document_lists import mention_lists, segment_lists, segment_text, singular
from pipeline.models import DocumentOutput

Row = dict[str, Any]

_TEXT = pa.string()
_TEXTS = pa.list_(pa.string())


def _field(name: str, kind: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, kind, nullable=nullable,
                    metadata={"description": description})


DOCUMENTS = pa.schema([
    _field("doc_id", _TEXT, "the document's `doc_id` (`A/63/261:fr`, or `sha256:…`)", False),
    _field("file", _TEXT, "its JSON file, relative to the output folder", False),
    _field("doc_symbol", _TEXT, "the document's own symbol (`A/63/261`)"),
    _field("doc_symbols", _TEXTS, "every symbol of its masthead (joint documents)"),
    _field("language", _TEXT, "ISO 639-1 code"),
    _field("language_confidence", pa.float64(), "langdetect's probability on the body"),
    _field("original_language", _TEXT, "ISO 639-1 code of the original"),
    _field("body", _TEXT, "issuing organ, canonical English name"),
    _field("distribution", _TEXT, "`general`, `limited` or `restricted`"),
    _field("doc_date", pa.date32(), "the masthead's date (null when not a full date)"),
    _field("session", pa.int32(), "session number"),
    _field("agenda_items", _TEXTS, 'agenda items (`"91 (e)"`)'),
    _field("title", _TEXT, "the document's title"),
    _field("source_path", _TEXT, "the input file as given to the pipeline"),
    _field("source_sha256", _TEXT, "sha256 of the input file"),
    _field("source_format", _TEXT, "`text` or `pdf`"),
    _field("pages", pa.int32(), "physical page count"),
    _field("schema_version", _TEXT, "version of the JSON schema the file was written with"),
])

SEGMENTS = pa.schema([
    _field("doc_id", _TEXT, "the document", False),
    _field("language", _TEXT, "the document's language"),
    _field("segment_id", _TEXT, "the segment's id (`p14`, `annex1.p3`, `fn6`, `h2`, `b7`)", False),
    _field("segment_type", _TEXT, "`front`, `heading`, `paragraph`, `block`, `footnote`, "
           "`table`, … (the JSON list it is in, singular)", False),
    _field("reading_order", pa.int32(), "1-based position in the document's reading order", False),
    _field("part", _TEXT, "the part whose numbering the id follows (`annex1` in `annex1.p3`); "
           "null for the main body"),
    _field("kind", _TEXT, "front block or body block kind (`title`, `preamble`, `speech`, …)"),
    _field("number", pa.int32(), "a numbered paragraph's number"),
    _field("label", _TEXT, "a heading's label (`IV`, `A`)"),
    _field("level", pa.int32(), "a heading's level (1 chapter, 2 section, 3+ sub-heading)"),
    _field("marker", _TEXT, "a note's marker (`6`, `*`)"),
    _field("speaker", _TEXT, "a speech's speaker as printed (meeting records)"),
    _field("section_path", _TEXTS, "enclosing headings, outermost first"),
    _field("pages", pa.list_(pa.int32()), "1-based physical pages"),
    _field("text", _TEXT, "the segment's text (a heading's title; a table's cells, tab-separated, "
           "one line per row)"),
    _field("footnote_refs", _TEXTS, "ids of the notes whose markers it carries"),
    _field("cited_in", _TEXTS, "a note's callers: ids of the segments carrying its marker"),
    _field("caption", _TEXT, "a table's caption"),
    _field("cells", pa.list_(_TEXTS), "a table's rows of cell texts"),
])

MENTIONS = pa.schema([
    _field("doc_id", _TEXT, "the document", False),
    _field("language", _TEXT, "the document's language"),
    _field("segment_id", _TEXT, "the segment whose text the span points into", False),
    _field("kind", _TEXT, "`symbol`, `reference`, `date` or `entity`", False),
    _field("span_start", pa.int32(), "code-point offset of the first character", False),
    _field("span_end", pa.int32(), "code-point offset after the last character", False),
    _field("text", _TEXT, "the mention as printed (`segment.text[span_start:span_end]`)", False),
    _field("symbol", _TEXT, "the canonical symbol named: a symbol mention's, a reference's "
           "target (`A/RES/62/47`, `S/RES/1373 (2001)`)"),
    _field("suffixes", _TEXTS, "a symbol's modifiers (`Corr.2`)"),
    _field("series", _TEXT, "a symbol's first element (`A`, `S`, `E`, `ST`)"),
    _field("reference_kind", _TEXT, "`paragraph`, `footnote`, `document`, `resolution`, "
           "`decision`, `charter`, `chapter`, `section`, `annex`"),
    _field("targets", _TEXTS, "segment ids an internal reference points to"),
    _field("number", _TEXT, "a resolution's or decision's number as printed (`60/519`)"),
    _field("pinpoint", _TEXT, "normalised pinpoint (`chap. IV, para. 24`)"),
    _field("via", _TEXT, "the note through which the target symbol was found"),
    _field("organ", _TEXT, "the organ a resolution or decision is of"),
    _field("date_value", _TEXT, "ISO 8601 value (`2008-07-14`, `2007-07/2008-07`); null when "
           "the year is unknown"),
    _field("date_precision", _TEXT, "`year`, `month` or `day`"),
    _field("date_year_inferred", pa.bool_(), "the year was not printed with the date but "
           "inferred (its sentence, the reporting period, the document's date)"),
    _field("date_start", pa.date32(), "first day the date covers (null without a value)"),
    _field("date_end", pa.date32(), "last day the date covers (null without a value)"),
    _field("entity_label", _TEXT, "`PER`, `ORG`, `GPE`, `LOC`, `MISC`"),
    _field("entity_source", _TEXT, "`model` or `gazetteer`"),
    _field("entity_key", _TEXT, "canonical key (ISO 3166 alpha-3, UN/LOCODE, a UN body's key)"),
])

ALIGNMENTS = pa.schema([
    _field("doc_symbol", _TEXT, "the symbol both versions share", False),
    _field("segment_type", _TEXT, "`paragraph`, `footnote`, `heading` or `block`", False),
    _field("method", _TEXT, "how the pair was made: `number`, `marker`, `label`, `numbers` "
           "(the numbers a block prints) or `order`", False),
    _field("left_doc_id", _TEXT, "the left version (languages in alphabetical order)", False),
    _field("left_language", _TEXT, "its language"),
    _field("left_segment_id", _TEXT, "the left segment", False),
    _field("left_reading_order", pa.int32(), "its position in the left version's reading order"),
    _field("left_text", _TEXT, "its text"),
    _field("right_doc_id", _TEXT, "the right version", False),
    _field("right_language", _TEXT, "its language"),
    _field("right_segment_id", _TEXT, "the right segment", False),
    _field("right_reading_order", pa.int32(), "its position in the right version's reading "
           "order"),
    _field("right_text", _TEXT, "its text"),
])

CITATIONS = pa.schema([
    _field("doc_id", _TEXT, "the citing document", False),
    _field("language", _TEXT, "its language"),
    _field("segment_id", _TEXT, "the segment that names the cited symbol", False),
    _field("cited_symbol", _TEXT, "the canonical symbol cited", False),
    _field("cited_kind", _TEXT, "`resolution` or `document`", False),
    _field("in_corpus", pa.bool_(), "whether a document of the output folder has that symbol",
           False),
    _field("cited_doc_ids", _TEXTS, "the documents of the folder that have it (every language)"),
    _field("called_from", _TEXTS, "when the segment is a note: the segments calling it"),
])

ISSUES = pa.schema([
    _field("doc_id", _TEXT, "the document", False),
    _field("language", _TEXT, "its language"),
    _field("code", _TEXT, "the issue's code (docs/codes.md)", False),
    _field("severity", _TEXT, "`info`, `warning` or `error`", False),
    _field("segment_id", _TEXT, "the segment concerned, or null"),
    _field("message", _TEXT, "what was found", False),
])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "segments": SEGMENTS,
    "mentions": MENTIONS,
    "alignments": ALIGNMENTS,
    "citations": CITATIONS,
    "issues": ISSUES,
}

# Fields of the output models that are not columns, with why (a test keeps this exhaustive).
LEFT_OUT: dict[str, str] = {
    "DocumentOutput.schema_name": "always `un-docpipe.document`",
    "DocumentOutput.toc": "the printed table of contents (the headings are segments)",
    "DocumentOutput.furniture": "running headers and footers, not the document's text",
    "Heading.title": "the `text` column",
    "Footnote.page": "the `pages` column",
    "Table.rows": "the `cells` column (and the `text` column)",
}

# columns of the segments table that take a field of another name
_SEGMENT_RENAMED = {"title": "text", "page": "pages", "rows": "cells"}
# fields of the mention models that take a column of another name, per kind of mention
_MENTION_RENAMED: dict[str, dict[str, str]] = {
    "reference": {"kind": "reference_kind"},
    "date": {"value": "date_value", "precision": "date_precision", "start": "date_start",
             "end": "date_end", "year_inferred": "date_year_inferred"},
    "entity": {"label": "entity_label", "source": "entity_source", "key": "entity_key"},
}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def document_row(out: DocumentOutput, file: str) -> Row:
    info, source = out.document, out.source
    return {
        "doc_id": out.doc_id, "file": file, "doc_symbol": info.symbol,
        "doc_symbols": info.symbols, "language": info.language,
        "language_confidence": info.language_confidence,
        "original_language": info.original_language, "body": info.body,
        "distribution": info.distribution, "doc_date": _date(info.date),
        "session": info.session, "agenda_items": info.agenda_items, "title": info.title,
        "source_path": source.path, "source_sha256": source.sha256,
        "source_format": source.format, "pages": source.pages,
        "schema_version": out.schema_version,
    }


def _part(seg_id: str) -> str | None:
    part, dot, _ = seg_id.rpartition(".")
    return part if dot else None


def segment_rows(out: DocumentOutput) -> list[Row]:
    """One row per segment of every segment list, in reading order."""
    rows: list[tuple[int, int, Row]] = []
    position = 0
    for list_name, items in segment_lists(out):
        for seg in items:
            position += 1
            row: Row = {name: None for name in SEGMENTS.names}
            for name, value in seg:
                column = _SEGMENT_RENAMED.get(name, name)
                if column in row:
                    row[column] = value
            row.update({
                "doc_id": out.doc_id, "language": out.document.language,
                "segment_id": getattr(seg, "id", ""), "segment_type": singular(list_name),
                "part": getattr(seg, "part", None) or _part(getattr(seg, "id", "")),
            })
            if isinstance(row["pages"], int):
                row["pages"] = [row["pages"]]
            if row["text"] is None:
                row["text"] = segment_text(seg)
            for column in ("section_path", "pages", "footnote_refs", "cited_in", "cells"):
                if row[column] is None:
                    row[column] = []
            if isinstance(row["number"], str):
                row["number"] = int(row["number"]) if row["number"].isdigit() else None
            rows.append((row["reading_order"] or 0, position, row))
    return [row for _, _, row in sorted(rows, key=lambda item: (item[0], item[1]))]


def mention_rows(out: DocumentOutput) -> list[Row]:
    rows: list[Row] = []
    for list_name, mentions in mention_lists(out):
        kind = singular(list_name)
        renamed = _MENTION_RENAMED.get(kind, {})
        for mention in mentions:
            row: Row = {name: None for name in MENTIONS.names}
            for name, value in mention:
                column = renamed.get(name, name)
                if column in row:
                    row[column] = value
            row.update({
                "doc_id": out.doc_id, "language": out.document.language,
                "segment_id": mention.segment, "kind": kind,
                "span_start": mention.span[0], "span_end": mention.span[1],
            })
            for column in ("suffixes", "targets"):
                if row[column] is None:
                    row[column] = []
            rows.append(row)
    return rows


def issue_rows(out: DocumentOutput) -> list[Row]:
    return [{"doc_id": out.doc_id, "language": out.document.language, "code": issue.code,
             "severity": issue.severity, "segment_id": issue.segment, "message": issue.message}
            for issue in out.issues]


_METHOD = {"paragraphs": "number", "footnotes": "marker", "headings": "label"}


def alignment_pairs(pair: PairAlignment) -> Iterator[tuple[str, str, str, str]]:
    """``(segment type, method, left id, right id)`` of every aligned pair of two versions, for
    each alignment the pair holds (paragraphs, footnotes, headings, blocks, …)."""
    for name in type(pair).model_fields:
        value = getattr(pair, name)
        if isinstance(value, BlockAlignment):
            for match in value.evidence:
                yield singular(name), match.by, match.left, match.right
        elif isinstance(value, SegmentAlignment):
            by_order = set(value.by_order)
            for left, right in value.pairs:
                method = "order" if (left, right) in by_order else _METHOD.get(name, "id")
                yield singular(name), method, left, right


def _texts(out: DocumentOutput) -> dict[str, tuple[str | None, int | None]]:
    """Segment id → (text, reading order), for the alignment rows."""
    return {row["segment_id"]: (row["text"], row["reading_order"]) for row in segment_rows(out)}


def alignment_rows(symbol: str, pair: PairAlignment, left: DocumentOutput,
                   right: DocumentOutput) -> list[Row]:
    left_texts, right_texts = _texts(left), _texts(right)
    rows: list[Row] = []
    for seg_type, method, lid, rid in alignment_pairs(pair):
        ltext, lorder = left_texts.get(lid, (None, None))
        rtext, rorder = right_texts.get(rid, (None, None))
        rows.append({
            "doc_symbol": symbol, "segment_type": seg_type, "method": method,
            "left_doc_id": left.doc_id, "left_language": left.document.language,
            "left_segment_id": lid, "left_reading_order": lorder, "left_text": ltext,
            "right_doc_id": right.doc_id, "right_language": right.document.language,
            "right_segment_id": rid, "right_reading_order": rorder, "right_text": rtext,
        })
    return rows


def citation_rows(graph: CitationGraph, doc_ids: dict[str, str], languages: dict[str, str | None],
                  callers: dict[str, dict[str, list[str]]]) -> list[Row]:
    """One row per (citing segment, cited symbol). ``doc_ids``/``languages``: by JSON file name;
    ``callers``: file name → note id → ids of the segments calling it."""
    rows: list[Row] = []
    for cited in graph.symbols:
        holders = [doc_ids[d.path] for d in cited.documents if d.path in doc_ids]
        for citation in cited.cited_by:
            name = citation.document.path
            if name not in doc_ids:
                continue
            for seg in citation.segments:
                rows.append({
                    "doc_id": doc_ids[name], "language": languages.get(name),
                    "segment_id": seg, "cited_symbol": cited.symbol, "cited_kind": cited.kind,
                    "in_corpus": cited.in_corpus, "cited_doc_ids": holders,
                    "called_from": callers.get(name, {}).get(seg, []),
                })
    return rows
