"""Masthead lines → ``document`` fields, with the words of ``data/masthead/<lang>.yaml``.

Arabic, Chinese and Russian mastheads print `Distr.: General`, the date and `Original: English` in
English, so every line is read with the document's language first and English second.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from babel import Locale

from pipeline.languages import DATA_DIR, LANGUAGES, load_lang_data, load_yaml_mapping
from pipeline.text.folding import without_accents
from pipeline.text.numbers import bounded_int

MastheadValue = str | int | list[str]

_ORDINAL_SUFFIX = r"(?:er|re|st|nd|rd|th|º|°)?"


def _data(lang: str) -> dict[str, Any]:
    return load_lang_data("masthead", lang)


def _organ_key(name: str) -> str:
    """Organ names compared folded (:func:`~pipeline.text.folding.without_accents`) and without a
    trailing acronym (`Economic and Social Commission for Western Asia (ESCWA)`)."""
    return without_accents(re.sub(r"\s*\([^()]{2,12}\)$", "", name.strip()))


@cache
def _organs(lang: str) -> dict[str, str]:
    return {_organ_key(str(k)): str(v) for k, v in _data(lang)["organs"].items()}


@cache
def _numbers(lang: str) -> tuple[dict[str, int], list[str], list[str]]:
    """Number words of ``lang`` with their values, the words longest first, the connectors."""
    data = _data(lang)
    numbers = {without_accents(str(k)): int(v) for k, v in data["numbers"].items()}
    words = sorted(numbers, key=len, reverse=True)
    connectors = sorted((str(c) for c in data["number_connectors"]), key=len, reverse=True)
    return numbers, words, connectors


def reading_languages(lang: str | None) -> list[str]:
    """The languages a masthead line is tried in: the document's, then English."""
    first = lang if lang in LANGUAGES else "en"
    return [first] if first == "en" else [first, "en"]


@cache
def _month_names(lang: str) -> dict[str, int]:
    loc = Locale.parse(lang)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in loc.months[context][width].items():
                names[name.lower().rstrip(".")] = int(number)
    return names


# the hour after a meeting's date: `, 10 a.m.`, `, à 10 heures`, `, a las 10.00 horas`, `, 15 h`
_HOUR = re.compile(
    r"(?<=\d{4}),?\s+(?:\D{1,8}\s)?\d{1,2}(?:[.:h]\d{2})?\s*(?:[ap]\.\s?m\.?|\w{0,6}\.?)$")


@cache
def _day_names(lang: str) -> frozenset[str]:
    """The weekday names of ``lang`` (CLDR, through babel), lowercased."""
    loc = Locale.parse(lang)
    return frozenset(name.lower() for context in ("format", "stand-alone")
                     for name in loc.days[context]["wide"].values())


@cache
def _language_names(lang: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name in Locale.parse(lang).languages.items():
        if len(code) == 2:
            names.setdefault(name.lower(), code)
    return names


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date_line(line: str, lang: str) -> str | None:
    """``11 août 2008`` / ``June 29, 2007`` / ``5 de agosto de 2008`` / ``2008年8月11日`` → ISO."""
    text = " ".join(line.split()).strip(" .")
    # a meeting record's `Monday, 6 October 2025, 10 a.m.`: the weekday and the hour go
    head = re.match(r"(\w+),?\s+(?=\d)", text)
    if head and head[1].lower() in _day_names(lang):
        text = _HOUR.sub("", text[head.end():])
    m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if m:
        return _valid_date(int(m[1]), int(m[2]), int(m[3]))
    months = _month_names(lang)
    m = re.fullmatch(rf"(\d{{1,2}}){_ORDINAL_SUFFIX}\s+(?:de\s+)?(\w+)\.?\s+(?:de\s+)?(\d{{4}})"
                     r"(?:\s*(?:года|г))?", text)
    if m and (month := _month(m[2], months)):
        return _valid_date(int(m[3]), month, int(m[1]))
    m = re.fullmatch(rf"(\w+)\.?\s+(\d{{1,2}}){_ORDINAL_SUFFIX},?\s+(\d{{4}})", text)
    if m and (month := _month(m[1], months)):
        return _valid_date(int(m[3]), month, int(m[2]))
    return None


# letters an OCR layer confuses (`Aprii` for `April`, `Ju1y`, `0ctober`, `Novernber`)
_OCR_CONFUSIONS = (("ii", "il"), ("1", "l"), ("0", "o"), ("rn", "m"), ("vv", "w"), ("l", "i"),
                   ("i", "l"))


def _month(word: str, months: dict[str, int]) -> int | None:
    """The month a word names, also through one of the confusions of an OCR layer (a word
    that only such a confusion makes a month: a scanned masthead's date)."""
    low = word.lower()
    if low in months:
        return months[low]
    for wrong, right in _OCR_CONFUSIONS:
        if wrong in low and low.replace(wrong, right) in months:
            return months[low.replace(wrong, right)]
    return None


def parse_number_words(phrase: str, lang: str) -> int | None:
    """A spelled-out (ordinal) number: ``Soixante-troisième`` → 63, ``الثالثة والستون`` → 63,
    ``六十三`` → 63. None unless the whole phrase is number words."""
    numbers, keys, connectors = _numbers(lang)
    text = without_accents(phrase.strip())
    if text.isdigit():
        return bounded_int(text)
    m = re.fullmatch(rf"(\d+){_ORDINAL_SUFFIX}", text)
    if m:
        return bounded_int(m[1])
    if lang == "zh":
        return _chinese_number(text, numbers)
    total, found, rest = 0, False, text
    while rest:
        for conn in connectors:
            if conn.strip() and rest.startswith(conn):
                rest = rest[len(conn):]
                break
            if not conn.strip() and rest[:1] == conn:
                rest = rest[1:]
                break
        else:
            for key in keys:
                if rest.startswith(key):
                    tail = rest[len(key):]
                    if not tail or tail[0] in " -" or any(tail.startswith(c) for c in connectors):
                        total += numbers[key]
                        found = True
                        rest = tail
                        break
            else:
                return None
    return total if found else None


def _chinese_number(text: str, numbers: dict[str, int]) -> int | None:
    if not text or any(ch not in numbers for ch in text):
        return None
    total, digit = 0, 0
    for ch in text:
        value = numbers[ch]
        if value >= 10:
            total += (digit or 1) * value
            digit = 0
        else:
            digit = value
    return total + digit


def parse_agenda_items(items: str, lang: str) -> list[str]:
    """``91 e), j) et z)`` → ``["91 (e)", "91 (j)", "91 (z)"]``;
    ``34 and 35`` → ``["34", "35"]``."""
    conj = "|".join(re.escape(str(c)) for c in _data(lang)["agenda_conjunctions"])
    out: list[str] = []
    number: str | None = None
    for token in re.split(rf"\s*(?:,|;|\b(?:{conj})\b|(?<=\))(?={conj}))\s*", items.strip()):
        tok = token.strip().strip("*").strip()
        if not tok:
            continue
        m = re.fullmatch(r"(\d+)\s*(?:\(?([a-z]{1,2})\))?", tok)
        if m:
            number = m[1]
            out.append(f"{number} ({m[2]})" if m[2] else number)
            continue
        m = re.fullmatch(r"\(?([a-z]{1,2})\)", tok)
        if m and number:
            out.append(f"{number} ({m[1]})")
            continue
        return []
    return out


def parse_masthead_line(line: str, lang: str | None) -> tuple[str, MastheadValue] | None:
    """Which ``document`` field one masthead line gives, and its value: ``body``,
    ``distribution``, ``date``, ``original_language``, ``language``, ``session``,
    ``agenda_items``; None for any other line."""
    text = " ".join(line.split()).strip().rstrip("*").strip()
    if not text:
        return None
    for code in reading_languages(lang):
        data = _data(code)
        organs = _organs(code)
        if _organ_key(text) in organs:
            return "body", organs[_organ_key(text)]
        dist = data["distribution"]
        m = re.match(dist["pattern"], text, re.I)
        if m and m["value"].lower() in dist["values"]:
            return "distribution", str(dist["values"][m["value"].lower()])
        m = re.match(data["original"], text, re.I)
        if m:
            value = m["value"].strip().lower().rstrip(".")
            for names_lang in dict.fromkeys([code, "en"]):
                if value in _language_names(names_lang):
                    return "original_language", _language_names(names_lang)[value]
        iso = parse_date_line(text, code)
        if iso:
            return "date", iso
        m = re.match(data["session"], text, re.I)
        if m:
            number = parse_number_words(m["ordinal"], code)
            if number:
                return "session", number
        m = re.match(data["agenda"], text)
        if m:
            items = parse_agenda_items(m["items"], code)
            if items:
                return "agenda_items", items
        for names_lang in dict.fromkeys([code, "en"]):
            if text.lower() in _language_names(names_lang):
                return "language", _language_names(names_lang)[text.lower()]
    return None


@cache
def _series_organs() -> dict[tuple[str, ...], str]:
    data = load_yaml_mapping(DATA_DIR / "symbols.yaml")
    return {tuple(str(k).split("/")): str(v) for k, v in data["issuing_organs"].items()}


def organ_of_symbol(symbol: str | None) -> str | None:
    """The organ that issues ``symbol``'s series (``data/symbols.yaml``: ``issuing_organs``),
    the longest matching prefix of its elements first; None for a series without one."""
    if not symbol:
        return None
    elements = tuple(e.strip() for e in symbol.split("/"))
    organs = _series_organs()
    for n in range(len(elements), 0, -1):
        if elements[:n] in organs:
            return organs[elements[:n]]
    return None
