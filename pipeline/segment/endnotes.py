"""Endnotes: a `Notes` section (at the end of the document, of a chapter or of an annex) whose
numbered entries are the notes that the superscript markers of the text before it point to;
also a run of entries numbered in brackets from ``[1]`` under any heading (``Bibliography``,
``References``) when the text before it calls them."""

from __future__ import annotations

import re

from pipeline.segment.footnotes import find_markers
from pipeline.segment.labels import heading_match, is_notes_heading, part_heading
from pipeline.segment.lines import join_texts
from pipeline.segment.units import Flow, FootnoteUnit, Unit
from pipeline.text.markers import to_digits

_ENTRY = re.compile(r"^(?:\[(?P<bracketed>\d{1,3})\]\.?|(?P<marker>\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[.)]?)"
                    r"\s+(?P<text>\S.*)$", re.S)


_INITIAL = re.compile(r"^[A-Z]\.\s+[A-Z][a-z]+,")  # `L. Meyer,`: an author's initial and name


def _marker(m: re.Match[str]) -> str:
    return to_digits(m["bracketed"] or m["marker"])


def _number(m: re.Match[str]) -> int:
    """The number of an entry (an asterisk or other marker counts as 0)."""
    marker = _marker(m)
    return int(marker) if marker.isdigit() else 0


def move_endnotes(flow: Flow, lang: str | None) -> Flow:
    """Turn the entries under each notes heading into notes (marker as digits, ``section`` the
    ordinal of the notes section, ``at`` the heading's place), the heading itself staying in
    the body. A section runs until the next heading (labeled, an annex, another notes heading,
    or a short bold line that is not an entry and follows a finished note); a line that is not
    an entry continues the note before it (so does a bold one after an unfinished note:
    ``namely`` then ``(1) Access sub-index``), and so does an entry whose number does not
    follow the last one's (``2014 http…``
    after note 10) or whose style differs (``293 pp.`` among ``[n]`` entries). A notes heading
    is taken as such only when its first entry follows it at once
    and one of its markers is called in the text before it; so is a run of entries in brackets
    from ``[1]`` without a notes heading."""
    body: list[Unit] = []
    notes: list[FootnoteUnit] = []
    called: set[str] = set()
    section = 0
    i = 0
    units = flow.body
    while i < len(units):
        unit = units[i]
        first = _ENTRY.match(unit.text)
        bracketed = bool(first and first["bracketed"] == "1" and called)
        if bracketed:
            start = i  # entries in brackets from [1], under whatever heading
        elif is_notes_heading(unit.text, lang):
            body.append(unit)
            start = i = i + 1
        else:
            body.append(unit)
            i += 1
            called.update(marker for marker, _s, _e in find_markers(unit.text))
            continue
        end = _section_end(units, start, lang)
        entries = units[start:end]
        markers = {_marker(m) for u in entries if (m := _ENTRY.match(u.text))}
        head = _ENTRY.match(entries[0].text) if entries else None
        if head is None or not markers & called:
            if bracketed:  # the bracketed entry opened nothing: it is text
                body.append(unit)
                i += 1
            continue
        section += 1
        at = len(body)
        style = bool(head["bracketed"])
        last = 0
        for entry in entries:
            m = _ENTRY.match(entry.text)
            if m and bool(m["bracketed"]) == style and 0 < _number(m) - last <= 3:
                last = _number(m)
                notes.append(FootnoteUnit(_marker(m), m["text"], list(entry.pages),
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
        if j > start and units[j - 1].is_open() and _INITIAL.match(text):
            continue  # `Andrew T. Guzman and Timothy` / `L. Meyer, …`: a name's initial
        if (heading_match(text, lang) or part_heading(text, lang) or is_notes_heading(text, lang)
                or (units[j].bold and len(text) <= 200 and units[j].is_open()
                    and (j == start or not units[j - 1].is_open()))):
            return j  # a short bold line after an unfinished note is a run of its text
    return len(units)
