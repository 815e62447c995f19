"""Named entities (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import EntityMention
from pipeline.segments import SegmentText


def extract_entities(segments: Sequence[SegmentText], lang: str) -> list[EntityMention]:
    return []
