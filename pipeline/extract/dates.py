"""Calendar expressions (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import DateMention, SegmentedDocument
from pipeline.segments import SegmentText


def extract_dates(
    doc: SegmentedDocument, segments: Sequence[SegmentText], lang: str
) -> list[DateMention]:
    return []
