"""A flat, read-only view of a segmented document's text-bearing segments, for extractors."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import SegmentedDocument


@dataclass(frozen=True, slots=True)
class SegmentText:
    """One segment's id, kind and emitted text (mention spans index into ``text``)."""

    id: str
    kind: str  # "front", "heading", "paragraph", "block", "footnote"
    text: str


def iter_segments(doc: SegmentedDocument) -> list[SegmentText]:
    """All segments that carry text, in reading order of each list: front, headings, paragraphs,
    blocks, footnotes. Heading text is the printed title (label excluded)."""
    out: list[SegmentText] = [SegmentText(f.id, "front", f.text) for f in doc.front]
    out += [SegmentText(h.id, "heading", h.title) for h in doc.headings]
    out += [SegmentText(p.id, "paragraph", p.text) for p in doc.paragraphs]
    out += [SegmentText(b.id, "block", b.text) for b in doc.blocks]
    out += [SegmentText(f.id, "footnote", f.text) for f in doc.footnotes]
    return out
