"""The cover page of a meeting record: meeting, date, president, members, agenda.

In: the front result of a verbatim or summary record and its language. Out: the same, its
blocks re-kinded: ``meeting`` (``10011th meeting``), ``date`` (the meeting's date, which becomes
the document's), ``president``, ``members`` (the heading and the list of members printed under
it), ``agenda-heading`` and ``agenda-title``; the document's title is the agenda's title (the
meeting's line when no agenda is printed), never the whole cover.
Holds: words per language in ``pipeline/data/speakers/<lang>.yaml``; a block is re-kinded only
from the kinds the masthead reader gave as guesses (``title``, ``other``, ``place-date``).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.dates import find_dates
from pipeline.languages import load_lang_data
from pipeline.segment.front import FrontResult

_GUESSES = frozenset({"title", "other", "place-date", "agenda-title"})


@cache
def _words(lang: str | None) -> dict[str, re.Pattern[str]]:
    data = load_lang_data("speakers", lang or "en")

    def alt(key: str) -> str:
        return "|".join(re.escape(str(w)) for w in data[key])

    return {
        "meeting": re.compile(rf"\d.{{0,12}}(?:{alt('meeting_words')})|(?:{alt('meeting_words')})"
                              r"\s*\d", re.IGNORECASE),
        "president": re.compile(rf"^(?:{alt('president_words')})\s*[:：]", re.IGNORECASE),
        "members": re.compile(rf"^(?:{alt('members_words')})\s*[:：]?$", re.IGNORECASE),
        "agenda": re.compile(rf"^(?:{alt('agenda_words')})\s*[:：]?$", re.IGNORECASE),
    }


def settle_record_front(front: FrontResult, lang: str | None) -> None:
    """Re-kind the cover's blocks and set its date and title (see the module docstring)."""
    words = _words(lang)
    blocks = front.blocks
    meeting = next((i for i, b in enumerate(blocks) if b.kind in _GUESSES
                    and len(b.text) <= 60 and words["meeting"].search(b.text)), None)
    if meeting is None:
        return
    blocks[meeting].kind = "meeting"
    for b in blocks[meeting:meeting + 4]:
        days = [d.value for d in find_dates(b.text, lang or "en")
                if d.precision == "day" and d.value]
        if days and b.kind in _GUESSES:
            b.kind = "date"
            front.fields["date"] = days[0]
            break
    mode = ""
    agenda: list[int] = []
    for i, b in enumerate(blocks):
        if i > meeting and b.kind == "agenda-heading":  # the masthead reader knew the word
            mode = "agenda"
            continue
        if i <= meeting or b.kind not in _GUESSES:
            continue
        text = b.text.strip()
        if words["president"].match(text):
            b.kind = "president"
        elif words["members"].match(text):
            b.kind, mode = "members", "members"
        elif words["agenda"].match(text):
            b.kind = "agenda-heading"
            mode = "agenda"
        elif mode in ("members", "agenda"):
            b.kind = "members"
            if mode == "agenda":
                agenda.append(i)
        else:
            b.kind = "other"
    if agenda:
        # the members' list may be read after the agenda's heading (two columns): the agenda's
        # title is the last block of the cover
        last = agenda[-1]
        blocks[last].kind = "agenda-title"
        front.title = blocks[last].text
    else:
        front.title = blocks[meeting].text
