"""Reading order: one position for every segment of a document, across its segment lists.

In: a segmented document and the ids of its segments in the order they are read. Out: the same
document, each segment's ``reading_order`` set (1-based). Holds: the positions are 1..N, one per
segment; a segment whose id is not in the sequence (a list the segmenter adds later) follows
the others, in the order of the document's lists; every list of the model whose items carry a
``reading_order`` is covered, so a new kind of segment needs no change here.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from pipeline.document_lists import segment_lists


def assign_reading_order(doc: BaseModel, sequence: Sequence[str]) -> None:
    """Set ``reading_order`` on every segment of ``doc`` from ``sequence`` (ids as read)."""
    rank = {seg_id: i for i, seg_id in enumerate(dict.fromkeys(sequence))}
    segments = [seg for _, items in segment_lists(doc) for seg in items]
    last = len(rank)
    keyed = sorted(
        enumerate(segments),
        key=lambda item: (rank.get(getattr(item[1], "id", ""), last), item[0]),
    )
    for position, (_, seg) in enumerate(keyed, 1):
        seg.reading_order = position
