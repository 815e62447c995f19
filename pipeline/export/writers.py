"""Writing one table, batch by batch, as Parquet, CSV or JSON lines.

In: a table's Arrow schema, a destination path, rows (dictionaries by column name) in batches.
Out: the file, written to a temporary name and renamed into place on :meth:`TableWriter.close`.
Holds: the file has the table's columns even with no row (Parquet: its schema; CSV: its header
line; JSON lines: an empty file, the columns are in the manifest); Parquet keeps every type
(lists, dates); CSV writes list columns as JSON arrays and dates as ISO text; JSON lines write
dates as ISO text; one batch in memory at a time.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TextIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

Format = Literal["parquet", "csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("parquet", "csv", "jsonl")


def _is_list(kind: pa.DataType) -> bool:
    return bool(pa.types.is_list(kind))


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """The schema of the CSV file: list columns become text (JSON arrays)."""
    return pa.schema([
        pa.field(f.name, pa.string(), nullable=f.nullable, metadata=f.metadata)
        if _is_list(f.type) else f
        for f in schema
    ])


def _json_default(value: object) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class TableWriter:
    """Writes one table to ``path`` in ``fmt``; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: Format) -> None:
        self.path = path
        self.schema = schema
        self.fmt = fmt
        self.rows = 0
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        self._list_columns = [f.name for f in schema if _is_list(f.type)]
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pa_csv.CSVWriter | None = None
        self._text: TextIO | None = None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self._tmp, schema, compression="zstd")
        elif fmt == "csv":
            self._csv = pa_csv.CSVWriter(self._tmp, csv_schema(schema))
        else:
            self._text = self._tmp.open("w", encoding="utf-8", newline="\n")

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        batch = list(rows)
        if not batch:
            return
        self.rows += len(batch)
        if self._text is not None:
            for row in batch:
                self._text.write(json.dumps({name: row.get(name) for name in self.schema.names},
                                            ensure_ascii=False, default=_json_default) + "\n")
            return
        table = pa.Table.from_pylist(batch, schema=self.schema)
        if self._parquet is not None:
            self._parquet.write_table(table)
        elif self._csv is not None:
            for name in self._list_columns:
                texts = [json.dumps(v, ensure_ascii=False) for v in table[name].to_pylist()]
                table = table.set_column(table.schema.get_field_index(name),
                                         csv_schema(self.schema).field(name),
                                         pa.array(texts, pa.string()))
            self._csv.write_table(table)

    def close(self) -> None:
        """Finish the file and rename it into place."""
        if self._parquet is not None:
            self._parquet.close()
        if self._csv is not None:
            self._csv.close()
        if self._text is not None:
            self._text.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the temporary file (after an error)."""
        for closer in (self._parquet, self._csv, self._text):
            try:
                if closer is not None:
                    closer.close()
            except Exception:  # the file is being thrown away
                pass
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
