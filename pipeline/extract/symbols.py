"""UN document symbols (placeholder: filled by the symbols work)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import SymbolMention
from pipeline.segments import SegmentText


def extract_symbols(segments: Sequence[SegmentText], lang: str) -> list[SymbolMention]:
    return []
