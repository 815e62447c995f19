"""Meeting records: who speaks. Verbatim records (``S/PV.10011``, ``A/80/PV.5``) become one
``speech`` block per speech; summary records (``A/C.4/SR.985``) keep their numbered paragraphs,
each with its speaker.

In: the body items of a document whose symbol names a record (``/PV.``, ``/SR.``), and its
language. Out: the items with speakers. Holds: a speaker is read only at the start of a block or
paragraph and only as the language prints one (``pipeline/data/speakers/<lang>.yaml``): in a
verbatim record a title and a name, or a role, then bracketed notes (country, ``spoke in …``)
and a colon (``Mr. Fu Cong (China):``, ``The President (spoke in Russian):``); in a summary
record the same without the colon, followed by a speech verb (``Mr. RYAN (Ireland) said``).
The speaker is kept as printed, and stays at the start of the text. A verbatim speech runs
from its speaker to the next speaker or heading; an unnumbered block printed in italics in
between (``The meeting was called to order at 10 a.m.``) is not part of it. In a summary record
a paragraph without a speaker of its own continues the previous speaker's statement.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from pipeline.languages import load_lang_data
from pipeline.segment.body import BodyItem

_PV = re.compile(r"/PV\.\d")
_SR = re.compile(r"/SR\.\d")


def record_kind(symbol: str | None) -> str | None:
    """``verbatim`` (``…/PV.N``), ``summary`` (``…/SR.N``) or None."""
    if not symbol:
        return None
    if _PV.search(symbol):
        return "verbatim"
    if _SR.search(symbol):
        return "summary"
    return None


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_lang_data("speakers", lang or "en")
    titles = _alternatives([str(t) for t in data["titles"]])
    suffixes = _alternatives([str(t) for t in data["title_suffixes"]])
    roles = _alternatives([str(t) for t in data["roles"]])
    verbs = _alternatives([str(t) for t in data["verbs"]])
    name = r"[^\W\d_][\w.’'\-]*(?:\s+[\w.’'\-]+){0,6}?"
    people = [f"(?:{roles})"]
    if titles:
        people.append(rf"(?:{titles})\s*{name}")
    if suffixes:
        people.append(rf"[^\W\d_][^\s:：()（）]{{0,20}}?(?:{suffixes})")
    who = "(?:" + "|".join(people) + ")"
    notes = r"(?:\s*[(（][^()（）:：]{1,80}[)）])*"
    verbatim = re.compile(rf"^(?P<speaker>{who}{notes})\s*[:：]\s*\S", re.IGNORECASE)
    # a summary record's speaker: a speech verb follows, or any verb after a bracketed country
    summary = re.compile(rf"^(?P<speaker>{who}{notes})(?:\s*,[^,]{{1,80}},)?\s+(?:{verbs})\b"
                         rf"|^(?P<named>{who}(?:\s*[(（][^()（）:：]{{1,80}}[)）])+)\s+(?-i:[^\W\d_A-Z])",
                         re.IGNORECASE)
    return verbatim, summary


def speaker_of(text: str, lang: str | None, kind: str) -> str | None:
    """The speaker printed at the start of ``text`` in a record of ``kind`` (``verbatim`` or
    ``summary``), as printed; None when it does not open with one."""
    verbatim, summary = _patterns(lang)
    m = (verbatim if kind == "verbatim" else summary).match(text)
    if not m:
        return None
    return (m["speaker"] if kind == "verbatim" else (m["speaker"] or m["named"])).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?”»\"])\s+(?=\S)")


def _split_at_speakers(items: list[BodyItem], lang: str | None) -> list[BodyItem]:
    """A block in which a new speaker starts after a full stop (paragraphs printed without a
    gap between them) is cut there."""
    out: list[BodyItem] = []
    for item in items:
        if item.kind not in ("paragraph", "block"):
            out.append(item)
            continue
        cuts = [m.end() for m in _SENTENCE_END.finditer(item.text)
                if speaker_of(item.text[m.end():], lang, "verbatim")]
        if not cuts:
            out.append(item)
            continue
        bounds = [0, *cuts, len(item.text)]
        for a, b in pairwise(bounds):
            part = item.text[a:b].strip()
            if part:
                out.append(BodyItem(kind="block", text=part, pages=list(item.pages),
                                    section_path=list(item.section_path),
                                    block_kind=item.block_kind, italic=item.italic))
    return out


def apply_speeches(items: list[BodyItem], lang: str | None, kind: str) -> list[BodyItem]:
    """Speakers on the items of a record (see the module docstring)."""
    if kind == "summary":
        current: str | None = None
        for item in items:
            if item.kind == "heading":
                current = None
                continue
            if item.kind not in ("paragraph", "block"):
                continue
            found = speaker_of(item.text, lang, kind)
            if found:
                current = found
            if item.kind == "paragraph":
                item.speaker = current
        return items
    out: list[BodyItem] = []
    speech: BodyItem | None = None
    for item in _split_at_speakers(items, lang):
        if item.kind == "heading" and not item.bold and speech is not None:
            # a verbatim record's headings are bold (agenda items): a plain one is a paragraph
            # cut by a page or column break
            item.kind = "block"
        if item.kind == "heading":
            speech = None
            out.append(item)
            continue
        if item.kind not in ("paragraph", "block"):
            out.append(item)
            continue
        if speech is not None and item.text[:1].islower():
            speech.text = f"{speech.text} {item.text}"  # the paragraph goes on after a break
            speech.pages = sorted(set(speech.pages) | set(item.pages))
            continue
        found = speaker_of(item.text, lang, kind)
        if found:
            speech = BodyItem(kind="block", text=item.text, pages=list(item.pages),
                              section_path=list(item.section_path), block_kind="speech",
                              speaker=found)
            out.append(speech)
            continue
        if speech is not None and not item.italic:
            speech.text = f"{speech.text}\n{item.text}"
            speech.pages = sorted(set(speech.pages) | set(item.pages))
            continue
        out.append(item)
    return out
