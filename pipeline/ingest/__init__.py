"""Ingest stage: a file on disk → :class:`~pipeline.models.IngestedDocument`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.ingest.identity import document_hints
from pipeline.ingest.limits import DEFAULT_LIMITS, Limits
from pipeline.ingest.reading import Reading
from pipeline.models import IngestedDocument, Source


def detect_format(path: Path, head: bytes) -> str:
    """``pdf`` when the bytes say so (``%PDF`` near the start) or the name ends in .pdf, else
    ``text``."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return "pdf" if path.suffix.lower() == ".pdf" else "text"


def ingest(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> IngestedDocument:
    """Read one input file.

    In: a path to a PDF or a text file (optional sidecar ``FILE.meta.yaml`` beside it).
    Out: blocks in reading order (body and footnote zones), page furniture set aside, identity
    hints from the file name and sidecar, the source record (path, sha256, format, pages).
    Holds: raises :class:`DocumentError` only when the file cannot be read at all (missing,
    empty, beyond ``limits``, not decodable, encrypted or broken PDF); anything else is an issue.
    """
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentError("too-large",
                                f"{size} bytes exceeds the limit of {limits.max_bytes}")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError("missing-input", f"{path} disappeared before it was read") from exc
    except IsADirectoryError as exc:
        raise DocumentError("not-a-file", f"{path} is a directory") from exc
    except OSError as exc:
        raise DocumentError("unreadable-input", f"{path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise DocumentError("empty-input", f"{path.name} is empty or whitespace only")
    fmt = detect_format(path, data[:1024])
    hints = document_hints(path)
    reading: Reading
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf

        reading = read_pdf(data, max_pages=limits.max_pages, max_chars=limits.max_chars,
                           lang=hints.language)
    else:
        from pipeline.ingest.text import read_text

        reading = read_text(data)
    chars = sum(len(line) for block in reading.blocks for line in block.lines)
    if chars > limits.max_chars:
        raise DocumentError("too-large", f"{chars} characters of text exceed the limit of "
                            f"{limits.max_chars}")
    source = Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf" if fmt == "pdf" else "text",
        pages=reading.pages,
        ocr_pages=reading.ocr_pages,
        ocr_confidence=reading.ocr_confidence,
    )
    return IngestedDocument(
        source=source,
        hints=hints,
        blocks=reading.blocks,
        furniture=reading.furniture,
        issues=reading.issues,
    )
