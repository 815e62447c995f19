"""Segment stage (being written)."""

from __future__ import annotations

from pipeline.models import IngestedDocument, LanguageResult, SegmentedDocument


def segment(doc: IngestedDocument, language: LanguageResult) -> SegmentedDocument:
    raise NotImplementedError
