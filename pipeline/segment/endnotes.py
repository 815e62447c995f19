"""Endnotes: a `Notes` section (at the end of the document, of a chapter or of an annex) whose
numbered entries are the notes that the superscript markers of the text before it point to."""

from __future__ import annotations

import re

from pipeline.segment.footnotes import find_markers
from pipeline.segment.labels import heading_match, is_notes_heading, part_heading
from pipeline.segment.lines import join_texts
from pipeline.segment.units import Flow, FootnoteUnit, Unit
from pipeline.text.markers import to_digits

_ENTRY = re.compile(r"^(?P<marker>\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[.)]?\s+(?P<text>\S.*)$", re.S)


def move_endnotes(flow: Flow, lang: str | None) -> Flow:
    """Turn the entries under each notes heading into notes (marker as digits, ``section`` the
    ordinal of the notes section, ``at`` the heading's place), the heading itself staying in
    the body. A section runs until the next heading (labeled, an annex, another notes heading,
    or a short bold line that is not an entry); a line that is not an entry continues the note
    before it. A notes heading is taken as such only when its first entry follows it at once
    and one of its markers is called in the text before it."""
    body: list[Unit] = []
    notes: list[FootnoteUnit] = []
    called: set[str] = set()
    section = 0
    i = 0
    units = flow.body
    while i < len(units):
        unit = units[i]
        body.append(unit)
        i += 1
        if not is_notes_heading(unit.text, lang):
            called.update(marker for marker, _s, _e in find_markers(unit.text))
            continue
        end = _section_end(units, i, lang)
        entries = units[i:end]
        markers = [m["marker"] for u in entries if (m := _ENTRY.match(u.text))]
        if not entries or not _ENTRY.match(entries[0].text) or not (
                {to_digits(m) for m in markers} & called):
            continue
        section += 1
        at = len(body)
        for entry in entries:
            m = _ENTRY.match(entry.text)
            if m:
                notes.append(FootnoteUnit(to_digits(m["marker"]), m["text"], list(entry.pages),
                                          at=at, section=section))
            else:  # a note running over more than one block
                notes[-1].text = join_texts(notes[-1].text, entry.text, flow.lexicon)
                notes[-1].pages = sorted(set(notes[-1].pages) | set(entry.pages))
        called.clear()
        i = end
    if not notes:
        return flow
    return Flow(body=body, footnotes=[*flow.footnotes, *notes], lexicon=flow.lexicon,
                orphan_footnote_text=flow.orphan_footnote_text)


def _section_end(units: list[Unit], start: int, lang: str | None) -> int:
    """Index of the first unit after the entries of a notes section that starts at ``start``."""
    for j in range(start, len(units)):
        text = units[j].text
        if _ENTRY.match(text):
            continue
        if (heading_match(text, lang) or part_heading(text, lang) or is_notes_heading(text, lang)
                or (units[j].bold and len(text) <= 200 and units[j].is_open())):
            return j
    return len(units)
