"""Endnotes: a `Notes` section at the end of the body whose numbered entries are the notes that
the superscript markers of the text point to."""

from __future__ import annotations

import re

from pipeline.segment.labels import is_notes_heading
from pipeline.segment.lines import join_texts
from pipeline.segment.units import Flow, FootnoteUnit
from pipeline.text.markers import to_digits

_ENTRY = re.compile(r"^(?P<marker>\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[.)]?\s+(?P<text>\S.*)$", re.S)


def move_endnotes(flow: Flow, lang: str | None) -> Flow:
    """Turn the entries under the last notes heading into footnotes (marker as digits), the
    heading itself staying in the body. A notes heading followed by no numbered entry is left
    as it is."""
    starts = [i for i, u in enumerate(flow.body) if is_notes_heading(u.text, lang)]
    if not starts:
        return flow
    start = starts[-1]
    tail = flow.body[start + 1:]
    if not tail or not _ENTRY.match(tail[0].text):
        return flow
    notes: list[FootnoteUnit] = []
    for unit in tail:
        m = _ENTRY.match(unit.text)
        if m:
            notes.append(FootnoteUnit(to_digits(m["marker"]), m["text"], list(unit.pages)))
        else:  # a note running over more than one block
            notes[-1].text = join_texts(notes[-1].text, unit.text, flow.lexicon)
            notes[-1].pages = sorted(set(notes[-1].pages) | set(unit.pages))
    return Flow(body=flow.body[: start + 1], footnotes=[*flow.footnotes, *notes],
                lexicon=flow.lexicon, orphan_footnote_text=flow.orphan_footnote_text)
