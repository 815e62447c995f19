"""What a format reader (text, PDF) hands back to :func:`pipeline.ingest.ingest`."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.models import Furniture, Issue, RawBlock


@dataclass
class Reading:
    blocks: list[RawBlock]
    pages: int | None
    furniture: list[Furniture] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (PDF)
    ocr_confidence: float | None = None  # their mean word confidence, 0-100
