"""Numbers of references: resolution and decision numbers to canonical symbols, paragraph
lists and ranges, numerals, and the normalized pinpoint strings.

Resolution numbers and their organ (grammar, the same in every language):

- ``1373 (2001)``: Security Council, ``S/RES/1373 (2001)``;
- ``62/47`` (session/number): General Assembly ``A/RES/62/47``, or Human Rights Council
  ``A/HRC/RES/5/1``; ``2008/5`` (year/number): Economic and Social Council ``E/RES/2008/5``;
- ``973 (X)``, ``1874 (S-IV)`` (number and session, before 1976): General Assembly
  ``A/RES/973 (X)`` or Economic and Social Council ``E/RES/1576 (L)``;
- ``ES-10/19``, ``S-26/2``: General Assembly emergency and special sessions ``A/RES/ES-10/19``;
- a bare number (``resolution 2118``) has no canonical symbol, except a Security Council one
  printed with its date (``resolution 2334 of 23 December 2016``: ``2334 (2016)``).

Organs other than these (the regional commissions, the functional commissions, executive
boards) are in :data:`ORGANS`, each with the symbol series of its resolutions, if any.

No component of a UN number starts with ``0``: ``11/07`` (an OSCE decision) is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.numbers import bounded_int

GA = "General Assembly"
SC = "Security Council"
HRC = "Human Rights Council"
ECOSOC = "Economic and Social Council"


@dataclass(frozen=True, slots=True)
class Organ:
    """A body whose resolutions or decisions are cited by number.

    ``name``: canonical English name (the output's ``organ``, like ``document.body``);
    ``forms``: the number forms its resolutions take (:func:`number_form`); ``symbols``: per
    form, the template of the symbol under which the UN Digital Library catalogues its
    resolutions (``{n}`` is the canonical number), none where it has no series of its own;
    ``kind``: what a bare ``the Council`` / ``the Commission`` of a document of this organ names
    (``council``, ``commission``, ``assembly``, ``board``, ``committee``, ``conference``).
    """

    name: str
    forms: frozenset[str]
    symbols: dict[str, str]
    kind: str


_ANY = frozenset({"session", "year", "sc", "roman", "special", "plain"})

# Keys are those of ``organs`` in ``data/references/<lang>.yaml``.
ORGANS: dict[str, Organ] = {
    "general_assembly": Organ(GA, frozenset({"session", "roman", "special", "plain"}), {
        "session": "A/RES/{n}", "roman": "A/RES/{n}", "special": "A/RES/{n}"}, "assembly"),
    "security_council": Organ(SC, frozenset({"sc", "plain"}), {"sc": "S/RES/{n}"}, "council"),
    "economic_and_social_council": Organ(ECOSOC, frozenset({"year", "roman", "plain"}), {
        "year": "E/RES/{n}", "roman": "E/RES/{n}"}, "council"),
    "human_rights_council": Organ(HRC, frozenset({"session", "plain"}), {
        "session": "A/HRC/RES/{n}"}, "council"),
    # E/CN.4/RES/2005/69; its resolutions before 1980 (``1235 (XLII)``) have no such symbol
    "commission_on_human_rights": Organ(
        "Commission on Human Rights", frozenset({"year", "roman", "plain"}),
        {"year": "E/CN.4/RES/{n}"}, "commission"),
    # the regional commissions: ESCAP issues E/ESCAP/RES/73/1; the others' resolutions are
    # printed in their session reports, with no symbol of their own
    "escwa": Organ("Economic and Social Commission for Western Asia",
                   frozenset({"roman", "plain"}), {}, "commission"),
    "eca": Organ("Economic Commission for Africa", frozenset({"roman", "plain"}), {},
                 "commission"),
    "ece": Organ("Economic Commission for Europe", frozenset({"roman", "plain"}), {},
                 "commission"),
    "eclac": Organ("Economic Commission for Latin America and the Caribbean",
                   frozenset({"roman", "plain"}), {}, "commission"),
    "escap": Organ("Economic and Social Commission for Asia and the Pacific",
                   frozenset({"session", "roman", "plain"}), {"session": "E/ESCAP/RES/{n}"},
                   "commission"),
    # subsidiary bodies: numbers of any form, no symbol series of their own
    "statistical_commission": Organ("Statistical Commission", _ANY, {}, "commission"),
    "commission_on_narcotic_drugs": Organ("Commission on Narcotic Drugs", _ANY, {}, "commission"),
    "commission_on_the_status_of_women": Organ("Commission on the Status of Women", _ANY, {},
                                               "commission"),
    "commission_for_social_development": Organ("Commission for Social Development", _ANY, {},
                                               "commission"),
    "commission_on_population_and_development": Organ(
        "Commission on Population and Development", _ANY, {}, "commission"),
    "commission_on_crime_prevention": Organ(
        "Commission on Crime Prevention and Criminal Justice", _ANY, {}, "commission"),
    "executive_board": Organ("Executive Board", _ANY, {}, "board"),
    "governing_council": Organ("Governing Council", _ANY, {}, "council"),
    "executive_committee": Organ("Executive Committee", _ANY, {}, "committee"),
    "conference_of_the_parties": Organ("Conference of the Parties", _ANY, {}, "conference"),
}
BY_NAME: dict[str, Organ] = {o.name: o for o in ORGANS.values()}

# a document's own organ from its symbol, the most specific prefix first
_HOME_PREFIXES = (
    ("E/ESCWA/", "escwa"), ("E/ECA/", "eca"), ("E/ECE/", "ece"), ("ECE/", "ece"),
    ("E/ESCAP/", "escap"), ("E/CEPAL/", "eclac"), ("LC/", "eclac"),
    ("E/CN.4/", "commission_on_human_rights"),
    ("E/CN.3/", "statistical_commission"), ("E/CN.7/", "commission_on_narcotic_drugs"),
    ("E/CN.6/", "commission_on_the_status_of_women"),
    ("E/CN.5/", "commission_for_social_development"),
    ("E/CN.9/", "commission_on_population_and_development"),
    ("E/CN.15/", "commission_on_crime_prevention"),
    ("A/HRC/", "human_rights_council"), ("S/", "security_council"), ("A/", "general_assembly"),
    ("E/", "economic_and_social_council"),
)


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


def home_organ(symbol: str | None, body: str | None) -> str | None:
    """The canonical name of the organ whose document this is: from its symbol's prefix
    (``E/ESCWA/30/L.1`` → ESCWA, more specific than the ``E`` series' Council), else its body."""
    if symbol:
        for prefix, key in _HOME_PREFIXES:
            if symbol.startswith(prefix):
                return ORGANS[key].name
    return body if body in BY_NAME else None


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
    text = re.sub(r"^(E?S)\s?-\s?", r"\1-", text)
    for kind, prefix in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        m = re.fullmatch(rf"([0-9]+) \({re.escape(prefix)}\s?-?\s?([0-9]{{1,3}})\)", text)
        if m:
            return f"{m.group(1)} ({_SESSION_KIND.get(kind, '')}{to_roman(int(m.group(2)))})"
    return text


def number_form(number: str) -> str:
    """``session`` (62/47), ``year`` (2008/5), ``sc`` (1373 (2001)), ``roman`` (973 (X)),
    ``special`` (ES-10/19, S-26/2: General Assembly special sessions), ``plain``."""
    if m := re.fullmatch(r"([0-9]+)/[0-9]+(?: [A-H])?", number):
        return "year" if len(m.group(1)) == 4 else "session"
    if re.fullmatch(r"E?S-[0-9]+/[0-9]+(?: [A-H])?", number):
        return "special"
    if re.fullmatch(r"[0-9]+ \((?:19|20)[0-9]{2}\)", number):
        return "sc"
    if re.fullmatch(r"[0-9]+ \((?:E?S-)?[IVXL]+\)", number):
        return "roman"
    return "plain"


def compatible(organ: str | None, number: str) -> bool:
    """Whether resolutions of ``organ`` (canonical name) take the form of ``number``."""
    return organ in BY_NAME and number_form(number) in BY_NAME[organ].forms


def default_organ(number: str, home: str | None) -> str | None:
    """The organ of a number whose organ no word names: the form decides (``1373 (2001)``:
    Security Council; ``2008/5``: Economic and Social Council; ``ES-10/19``: General Assembly),
    else the document's own organ when its resolutions take that form, else the General
    Assembly for ``62/47`` and ``973 (X)``. A bare number (``Resolution 214`` of a ministry)
    gets an organ only from words."""
    form = number_form(number)
    if form == "sc":
        return SC
    if form == "special":
        return GA
    if home is not None and compatible(home, number) and form != "plain":
        return home
    if form == "year":
        return ECOSOC
    return GA if form in ("session", "roman") else None


def resolution_symbol(number: str, organ: str | None) -> str | None:
    """Canonical symbol of resolution ``number`` (canonical spacing) of ``organ``, or None when
    that organ's resolutions of that form have no symbol (never one of another organ's series)."""
    if organ not in BY_NAME:
        return None
    template = BY_NAME[organ].symbols.get(number_form(number))
    return template.format(n=number) if template else None


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
