"""Speakers of meeting records as entities: the person (``PER``) and the country printed in
brackets after the name (``GPE``, with its gazetteer key).

In: the segments with a speaker (a speech block, a summary record's paragraph whose text opens
with it) and the entities found by the other means. Out: the entities with the speakers' added;
an entity overlapping a speaker's name or country gives way. Holds: only a speaker printed at
the start of its segment's text is read; a role (``The President``) is no person's name; a
bracket is a country only when the gazetteer knows it (``(spoke in Russian)`` is not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.entities.gazetteer import gazetteer
from pipeline.languages import LANGUAGES, load_lang_data
from pipeline.models import Block, EntityMention, Paragraph

_BRACKET = re.compile(r"[(（]([^()（）]+)[)）]")


def _titles(lang: str) -> list[str]:
    data = load_lang_data("speakers", lang)
    return sorted((str(t) for t in data["titles"]), key=len, reverse=True)


def _roles(lang: str) -> list[str]:
    return [str(r).casefold() for r in load_lang_data("speakers", lang)["roles"]]


def speaker_entities(segments: Sequence[Block | Paragraph], lang: str) -> list[EntityMention]:
    """The person and country mentions of the segments' speakers."""
    if lang not in LANGUAGES:
        return []
    out: list[EntityMention] = []
    roles = _roles(lang)
    suffixes = [str(s) for s in load_lang_data("speakers", lang)["title_suffixes"]]
    for seg in segments:
        speaker = seg.speaker
        if not speaker or not seg.text.startswith(speaker):
            continue
        bracket = _BRACKET.search(speaker)
        head_end = bracket.start() if bracket else len(speaker)
        head = speaker[:head_end].rstrip()
        if head.casefold() not in roles:
            start = 0
            for title in _titles(lang):
                if head.startswith(title):
                    start = len(title)
                    break
            while start < len(head) and head[start].isspace():
                start += 1
            end = len(head)
            for suffix in suffixes:
                if head.endswith(suffix):
                    end -= len(suffix)
                    break
            if end > start:
                out.append(EntityMention(segment=seg.id, span=(start, end),
                                         text=seg.text[start:end], label="PER",
                                         source="gazetteer", key=None))
        for m in _BRACKET.finditer(speaker):
            country = m.group(1).strip()
            found = [g for g in gazetteer(lang).find(country)
                     if g.start == 0 and g.end == len(country) and g.entry.label == "GPE"]
            if found:
                start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
                out.append(EntityMention(segment=seg.id, span=(start, start + len(country)),
                                         text=country, label="GPE", source="gazetteer",
                                         key=found[0].entry.key))
    return out


def with_speakers(found: Sequence[EntityMention], speakers: list[EntityMention]
                  ) -> list[EntityMention]:
    """``found`` without the mentions overlapping a speaker's, and the speakers' added."""
    if not speakers:
        return list(found)
    taken: dict[str, list[tuple[int, int]]] = {}
    for s in speakers:
        taken.setdefault(s.segment, []).append(s.span)
    kept = [m for m in found if not any(a < m.span[1] and m.span[0] < b
                                        for a, b in taken.get(m.segment, []))]
    return [*kept, *speakers]
