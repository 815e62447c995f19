"""PDF reader (placeholder until layout analysis lands)."""

from __future__ import annotations

from pipeline.errors import DocumentError
from pipeline.ingest.reading import Reading


def read_pdf(data: bytes) -> Reading:
    raise DocumentError("unsupported-format", "PDF input is not supported yet")
