"""Notes check: every footnote is cited, every call reaches its note."""

from __future__ import annotations

from pipeline.check.problems import Problem
from pipeline.models import DocumentOutput
from pipeline.segment.footnotes import find_markers


def _texts(doc: DocumentOutput) -> list[tuple[str, str]]:
    return [*((f.id, f.text) for f in doc.front), *((h.id, h.title) for h in doc.headings),
            *((p.id, p.text) for p in doc.paragraphs), *((b.id, b.text) for b in doc.blocks)]


def note_problems(doc: DocumentOutput) -> list[Problem]:
    problems: list[Problem] = []
    notes = {f.id: f for f in doc.footnotes}
    for note in doc.footnotes:
        if not note.cited_in:
            problems.append(Problem(f"note {note.id} is cited nowhere", note.id))
    refs = [*((p.id, p.footnote_refs) for p in doc.paragraphs),
            *((b.id, b.footnote_refs) for b in doc.blocks)]
    for seg_id, seg_refs in refs:
        for ref in seg_refs:
            if ref not in notes:
                problems.append(Problem(f"{seg_id} calls {ref}, which does not exist", seg_id))
    cited = {(seg, note.marker) for note in doc.footnotes for seg in note.cited_in}
    for seg_id, text in _texts(doc):
        for marker, _start, _end in find_markers(text):
            if (seg_id, marker) not in cited:
                problems.append(Problem(f"call {marker} in {seg_id} reaches no note", seg_id))
    return problems
