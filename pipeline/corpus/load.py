"""Reading the corpus back: the document JSON files of an output folder.

In: an output folder. Out: every document JSON directly in it (``<slug>.<lang>.json``; names
starting with ``_`` or ``.`` are the pipeline's own files or temporary files and are ignored),
read back as :class:`~pipeline.models.DocumentOutput` one at a time, sorted by file name
(:func:`read_documents`), or reduced to their digests for the corpus views
(:func:`load_documents`); and the files that could not be read, each with its reason.
Holds: never raises for a bad file; nothing is reprocessed; one document in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.corpus.digest import DocumentDigest, digest
from pipeline.corpus.models import SkippedFile
from pipeline.models import DocumentOutput


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One document of an output folder: its JSON file's name and its contents."""

    name: str
    output: DocumentOutput


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        return f"not a docpipe document ({exc.error_count()} errors; {where}: {first['msg']})"
    if isinstance(exc, OSError):
        return f"unreadable: {exc.strerror or type(exc).__name__}"
    return f"unreadable: {exc}"


def document_files(out_dir: Path) -> list[Path]:
    """The document JSON files of ``out_dir``, sorted by name."""
    if not out_dir.is_dir():
        return []
    return [path for path in sorted(out_dir.glob("*.json"), key=lambda p: p.name)
            if not path.name.startswith(("_", ".")) and path.is_file()]


def read_document(path: Path) -> DocumentOutput:
    """One document JSON file (raises ``OSError`` or pydantic's ``ValidationError``)."""
    return DocumentOutput.model_validate_json(path.read_bytes())


def read_documents(out_dir: Path, skipped: list[SkippedFile] | None = None
                   ) -> Iterator[StoredDocument]:
    """The documents of ``out_dir``, one at a time, by file name; a file that cannot be read
    back as a document is left out (and appended to ``skipped`` when given)."""
    for path in document_files(out_dir):
        try:
            output = read_document(path)
        except (OSError, ValueError) as exc:  # ValidationError is a ValueError
            if skipped is not None:
                skipped.append(SkippedFile(path=path.name, reason=_reason(exc)))
            continue
        yield StoredDocument(path.name, output)


def load_documents(out_dir: Path) -> tuple[list[DocumentDigest], list[SkippedFile]]:
    """The digests of the documents of ``out_dir`` and the JSON files skipped (with why)."""
    skipped: list[SkippedFile] = []
    loaded = [digest(doc.output, doc.name) for doc in read_documents(out_dir, skipped)]
    return loaded, skipped
