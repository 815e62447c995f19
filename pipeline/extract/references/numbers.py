"""Numbers of references: resolution and decision numbers to canonical symbols, paragraph
lists and ranges, numerals, and the normalized pinpoint strings.

Resolution numbers and their organ (grammar, the same in every language):

- ``1373 (2001)``: Security Council, ``S/RES/1373 (2001)``;
- ``62/47`` (session/number): General Assembly ``A/RES/62/47``, or Human Rights Council
  ``A/HRC/RES/5/1``; ``2008/5`` (year/number): Economic and Social Council ``E/RES/2008/5``;
- ``973 (X)``, ``1874 (S-IV)`` (number and session, before 1976): General Assembly
  ``A/RES/973 (X)`` or Economic and Social Council ``E/RES/1576 (L)``;
- a bare number (``resolution 2118``) has no canonical symbol.

No component of a UN number starts with ``0``: ``11/07`` (an OSCE decision) is not one.
"""

from __future__ import annotations

import re

from pipeline.text.numbers import bounded_int

GA = "General Assembly"
SC = "Security Council"
HRC = "Human Rights Council"
ECOSOC = "Economic and Social Council"

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_SESSION_KIND = {"regular": "", "special": "S-", "emergency": "ES-"}


def to_roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


MAX_NUMERAL = 9999  # chapters, articles and paragraphs written in numeral words stay below


def numeral_value(word: str, numerals: dict[str, int]) -> int | None:
    """``99``, ``九十九`` or ``السابع`` (with the language's numeral words) → int; None when
    the word is not a numeral or exceeds :data:`MAX_NUMERAL`."""
    if word.isdigit():
        return bounded_int(word)
    if word in numerals:
        return numerals[word]
    total, current = 0, 0
    for ch in word:
        if ch not in numerals:
            return None
        value = numerals[ch]
        if value in (10, 100, 1000):
            total += (current or 1) * value
            current = 0
        else:
            current = value
        if total > MAX_NUMERAL:
            return None
    return total + current if total + current <= MAX_NUMERAL else None


def canonical_number(printed: str, prefixes: dict[str, str]) -> str:
    """The number in canonical spacing, Arabic session notation as Roman (``973 (د-10)`` →
    ``973 (X)``)."""
    text = re.sub(r"\s+", " ", printed.strip())
    text = re.sub(r"^([0-9]+)\s?\(", r"\1 (", text)
    for kind, prefix in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        m = re.fullmatch(rf"([0-9]+) \({re.escape(prefix)}\s?-?\s?([0-9]{{1,3}})\)", text)
        if m:
            return f"{m.group(1)} ({_SESSION_KIND.get(kind, '')}{to_roman(int(m.group(2)))})"
    return text


def number_form(number: str) -> str:
    """``session`` (62/47), ``year`` (2008/5), ``sc`` (1373 (2001)), ``roman`` (973 (X)),
    ``plain``."""
    if m := re.fullmatch(r"([0-9]+)/[0-9]+(?: [A-H])?", number):
        return "year" if len(m.group(1)) == 4 else "session"
    if re.fullmatch(r"[0-9]+ \((?:19|20)[0-9]{2}\)", number):
        return "sc"
    if re.fullmatch(r"[0-9]+ \((?:E?S-)?[IVXL]+\)", number):
        return "roman"
    return "plain"


COMPATIBLE = {
    SC: {"sc"},
    GA: {"session", "roman", "plain"},
    HRC: {"session", "plain"},
    ECOSOC: {"year", "roman", "plain"},
}


def default_organ(number: str, body: str | None) -> str | None:
    form = number_form(number)
    if form == "sc":
        return SC
    if form == "year":
        return ECOSOC
    if body in COMPATIBLE and form in COMPATIBLE[body]:
        return body
    return GA if form in ("session", "roman") else None


def resolution_symbol(number: str, organ: str | None) -> str | None:
    """Canonical symbol of resolution ``number`` (canonical spacing) of ``organ``, or None."""
    form = number_form(number)
    if organ is None or form == "plain" or form not in COMPATIBLE.get(organ, set()):
        return None
    if organ == SC:
        return f"S/RES/{number}"
    if organ == HRC:
        return f"A/HRC/RES/{number}"
    if organ == ECOSOC:
        return f"E/RES/{number}"
    return f"A/RES/{number}"


def integer_items(text: str, range_word: re.Pattern[str]) -> list[int]:
    """``8 and 91`` → [8, 91]; ``26 à 30`` → [26 … 30]; ``18–25`` → [18 … 25]."""
    out: list[int] = []
    prev_end = 0
    prev: int | None = None
    for m in re.finditer(r"[0-9]+", text):
        value = bounded_int(m.group())
        if value is None:
            continue  # a run of digits no pinpoint is made of
        n = value
        between = text[prev_end:m.start()]
        if prev is not None and range_word.search(between) and prev < n <= prev + 200:
            out += list(range(prev + 1, n + 1))
        else:
            out.append(n)
        prev, prev_end = n, m.end()
    return out


def integer_pinpoint(name: str, text: str, range_word: re.Pattern[str]) -> str:
    """Normalized pinpoint: ``para. 18``, ``paras. 8, 91``, ``paras. 26-30``."""
    parts: list[str] = []
    prev_end = 0
    for m in re.finditer(r"[0-9]+", text):
        between = text[prev_end:m.start()]
        if parts and range_word.search(between):
            parts[-1] += f"-{m.group()}"
        else:
            parts.append(m.group())
        prev_end = m.end()
    plural = len(parts) > 1 or any("-" in p for p in parts)
    return f"{name}{'s' if plural else ''}. {', '.join(parts)}"
