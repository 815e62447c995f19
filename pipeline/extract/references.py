"""Resolution, decision, document, Charter and internal references (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import ReferenceMention, SegmentedDocument
from pipeline.segments import SegmentText


def extract_references(
    doc: SegmentedDocument, segments: Sequence[SegmentText], lang: str
) -> list[ReferenceMention]:
    return []
