"""Tabular export of an output folder: ``docpipe export OUT_DIR --to parquet|csv|jsonl``.

Entry point :func:`export_tables`. In: an output folder of document JSON files, a format, a
destination folder (default ``OUT_DIR/_export``). Out, in the destination: ``documents``,
``segments``, ``mentions``, ``alignments``, ``citations`` and ``issues`` (``.parquet``,
``.csv`` or ``.jsonl``), and ``_tables.json``, the manifest (format, every table's columns with
their types and meanings, row counts, the files skipped); an :class:`ExportReport`.
Holds: the tables' columns are fixed (:mod:`pipeline.export.tables`), the same for an empty
folder; rows in a fixed order (documents by file name; segments in reading order; mentions in
the order of the JSON lists); alignments and citations are those of the corpus views
(:func:`pipeline.corpus.build_corpus_views`, computed from the same files); one document in
memory at a time (and the two versions of one sibling pair); every file is written to a
temporary name and renamed into place; a JSON file that cannot be read back is skipped and
listed, never a crash; nothing in OUT_DIR is changed outside the destination.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.corpus import CorpusViews, build_corpus_views
from pipeline.corpus.load import read_document, read_documents
from pipeline.corpus.models import SkippedFile
from pipeline.emit import write_atomic
from pipeline.export.tables import (
    SCHEMAS,
    alignment_rows,
    citation_rows,
    document_row,
    issue_rows,
    mention_rows,
    segment_rows,
)
from pipeline.export.writers import FORMATS, Format, TableWriter
from pipeline.out_files import MANIFEST_NAME as MANIFEST_NAME

DEFAULT_DEST = "_export"

__all__ = ["DEFAULT_DEST", "FORMATS", "MANIFEST_NAME", "SCHEMAS", "ExportReport", "Format",
           "export_tables"]


@dataclass
class ExportReport:
    """What :func:`export_tables` wrote: ``files`` by table name, ``rows`` by table name."""

    dest: Path
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)


def _manifest(fmt: Format, report: ExportReport) -> str:
    tables = {
        name: {
            "file": report.files[name].name,
            "rows": report.rows[name],
            "columns": [
                {"name": f.name, "type": str(f.type), "nullable": f.nullable,
                 "description": (f.metadata or {}).get(b"description", b"").decode()}
                for f in schema
            ],
        }
        for name, schema in SCHEMAS.items()
    }
    body = {"format": fmt, "tables": tables,
            "skipped": [s.model_dump() for s in report.skipped]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _pairs(out_dir: Path, views: CorpusViews) -> Iterator[list[dict[str, object]]]:
    """Alignment rows of every sibling pair, a pair at a time."""
    for group in views.groups:
        for pair in group.pairs:
            try:
                left = read_document(out_dir / pair.left.path)
                right = read_document(out_dir / pair.right.path)
            except (OSError, ValueError):  # changed since the views were computed: left out
                continue
            yield alignment_rows(group.symbol, pair, left, right)


def export_tables(out_dir: Path, fmt: Format, dest: Path | None = None) -> ExportReport:
    """Write the tables of ``out_dir`` into ``dest`` (see the module docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    target = dest if dest is not None else out_dir / DEFAULT_DEST
    target.mkdir(parents=True, exist_ok=True)
    report = ExportReport(dest=target)
    views = build_corpus_views(out_dir)
    doc_ids: dict[str, str] = {}
    languages: dict[str, str | None] = {}
    callers: dict[str, dict[str, list[str]]] = {}
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(TableWriter(target / f"{name}.{fmt}", schema, fmt))
            for name, schema in SCHEMAS.items()
        }
        for doc in read_documents(out_dir, report.skipped):
            out = doc.output
            doc_ids[doc.name] = out.doc_id
            languages[doc.name] = out.document.language
            callers[doc.name] = {f.id: f.cited_in for f in out.footnotes if f.cited_in}
            writers["documents"].write([document_row(out, doc.name)])
            writers["segments"].write(segment_rows(out))
            writers["mentions"].write(mention_rows(out))
            writers["issues"].write(issue_rows(out))
        for rows in _pairs(out_dir, views):
            writers["alignments"].write(rows)
        writers["citations"].write(citation_rows(views.citations, doc_ids, languages, callers))
        for name, writer in writers.items():
            report.files[name] = writer.path
            report.rows[name] = writer.rows
    write_atomic(target / MANIFEST_NAME, _manifest(fmt, report))
    return report
