"""Captions of tables and charts: the units printed just above them.

In: the body units in reading order, tables and charts among them (units with ``table`` rows or
``figure`` set), and the document's language. Out: the same units, each table or chart holding
its caption (``Table 2. …`` and a bracketed subtitle under it, ``(Percentage)``, then the title
lines printed inside the table's frame), the caption units removed from the flow.
Holds: only a unit that reads as a caption (the language's word for table or figure, a number
or letter label, then punctuation, a capital or the end; ``pipeline/data/captions/<lang>.yaml``)
within the few units before a table or chart (with a bracketed subtitle or the caption's second
line between them) becomes its caption; a sentence that mentions a table (``Table 2 shows …``)
stays text.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.languages import load_lang_data
from pipeline.segment.units import Unit

_SUBTITLE = re.compile(r"^[()].{1,60}[()]$")  # either way round: `)بالنسبة المئوية(`
_LOOK_BACK = 4
_CONTINUATION_MAX = 120  # characters: a caption's line under its first one


@cache
def _pattern(lang: str | None, kind: str) -> re.Pattern[str]:
    data = load_lang_data("captions", lang or "en")
    words = sorted((str(w) for w in data[f"{kind}_words"]), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    label = r"(?:(?:[A-Z]\.?)?\d+(?:\.\d+)*[a-z]?|[A-Z]|[IVXL]+|[\u0660-\u0669]+)"
    return re.compile(rf"^(?:{alternatives})(?![^\W\d_])\s*{label}(?![\w.]*\d)", re.IGNORECASE)


def caption_kind(text: str, lang: str | None) -> str | None:
    """``table`` or ``figure`` when ``text`` opens like a caption of that kind, else None."""
    for kind in ("table", "figure"):
        m = _pattern(lang, kind).match(text.strip())
        if m is None:
            continue
        rest = text.strip()[m.end():].lstrip()
        if not rest or rest[0] in ".:-–—":
            return kind
        first = rest[:1]
        # a capital, or a letter of a script without case … but not for Arabic, where only
        # punctuation after the number marks a caption (`الجدول 2 يبين` is a sentence)
        caseless = not (first.islower() or first.isupper())
        if (first.isupper() or caseless) and not "\u0600" <= first <= "\u06ff":
            return kind
    return None


def _continues_caption(unit: Unit) -> bool:
    """A short unit without a full stop (``OVER THE PERIOD 2016-2017``): the second line of a
    caption printed as a block of its own."""
    text = unit.text.strip()
    return len(text) <= _CONTINUATION_MAX and unit.is_open() and not text[:1].isdigit()


def attach_captions(units: list[Unit], lang: str | None) -> list[Unit]:
    """Move each table's and chart's caption units into it (see the module docstring)."""
    out: list[Unit] = []
    for unit in units:
        if unit.table is None and not unit.figure:
            out.append(unit)
            continue
        want = "table" if unit.table is not None else "figure"
        taken: list[Unit] = []
        for back in range(1, _LOOK_BACK + 1):
            if len(out) < back:
                break
            cand = out[-back]
            if cand.table is not None or cand.figure:
                break
            if caption_kind(cand.text, lang) == want:
                taken = out[-back:]
                break
            if not (_SUBTITLE.match(cand.text.strip()) or _continues_caption(cand)):
                break
        if taken:
            del out[-len(taken):]
            printed = " ".join(t.text for t in taken)
            unit.caption = f"{printed} {unit.caption}" if unit.caption else printed
            unit.pages = sorted({*unit.pages, *(p for t in taken for p in t.pages)})
        out.append(unit)
    return out
