"""Resource limits per document: beyond them a document fails with a clear error instead of
exhausting memory or stalling a run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """``max_bytes`` of the input file, ``max_pages`` of a PDF, ``max_chars`` of text read from
    either. Defaults fit the largest UN documents (reports of a few hundred pages) with room."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 5000
    max_chars: int = 20_000_000


DEFAULT_LIMITS = Limits()
