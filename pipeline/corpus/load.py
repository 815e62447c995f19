"""Reading the corpus back: the document JSON files of an output folder.

In: an output folder. Out: the digest of every document JSON directly in it
(``<slug>.<lang>.json``; names starting with ``_`` or ``.`` are the pipeline's own files or
temporary files and are ignored), read back as :class:`~pipeline.models.DocumentOutput` one at a
time, sorted by file name; and the files that could not be read, each with its reason.
Holds: never raises for a bad file; nothing is reprocessed; one document in memory at a time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from pipeline.corpus.digest import DocumentDigest, digest
from pipeline.corpus.models import SkippedFile
from pipeline.models import DocumentOutput


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        return f"not a docpipe document ({exc.error_count()} errors; {where}: {first['msg']})"
    if isinstance(exc, OSError):
        return f"unreadable: {exc.strerror or type(exc).__name__}"
    return f"unreadable: {exc}"


def load_documents(out_dir: Path) -> tuple[list[DocumentDigest], list[SkippedFile]]:
    """The documents of ``out_dir`` and the JSON files skipped (with why)."""
    loaded: list[DocumentDigest] = []
    skipped: list[SkippedFile] = []
    if not out_dir.is_dir():
        return loaded, skipped
    for path in sorted(out_dir.glob("*.json"), key=lambda p: p.name):
        if path.name.startswith(("_", ".")) or not path.is_file():
            continue
        try:
            output = DocumentOutput.model_validate_json(path.read_bytes())
        except (OSError, ValueError) as exc:  # ValidationError is a ValueError
            skipped.append(SkippedFile(path=path.name, reason=_reason(exc)))
            continue
        loaded.append(digest(output, path.name))
    return loaded, skipped
