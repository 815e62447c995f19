"""Compile the reference words of one language (``data/references/<lang>.yaml``) into patterns.

Words are regex fragments matched case-insensitively; templates place them in word order
(``{keyword} {numbers}`` in English, ``第{numbers}号{keyword}`` in Chinese). The grammar of the
numbers (``62/47``, ``1373 (2001)``, ``973 (X)``, ``44/192 B``; paragraph lists and ranges;
chapter labels) is code, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.errors import ConfigError
from pipeline.extract.references.numbers import ORGANS
from pipeline.languages import load_lang_data
from pipeline.text.guards import literal_prefixes

KINDS = ("resolution", "decision", "paragraph", "footnote", "chapter", "section", "annex")
ORGAN_KEYS = {key: organ.name for key, organ in ORGANS.items()}
# what a bare ``the Council`` / ``the Commission`` may name (``home_words`` of the data)
HOME_KINDS = ("council", "commission", "committee", "board")
OTHER = "other"  # group of organizations whose resolutions are no UN references
_INT = r"[1-9][0-9]{0,3}"
# one resolution or decision number (digits already normalized to ASCII)
_RES_CORE = (
    rf"(?:(?:E?S-\ ?)?{_INT}/{_INT}(?:\ [A-H](?![A-Za-z0-9]))?"
    rf"|{_INT}\ ?\((?:19|20)[0-9]{{2}}\)"
    rf"|{_INT}\ ?\((?:E?S-)?[IVXL]+\)"
    rf"{{session}}"
    rf"|{_INT}(?![0-9]|\ ?\())(?![0-9/])"
)
_PARA_NUM = r"[0-9]{1,4}(?:\ ?\(?[a-z]\))?(?![0-9/])"
_LABEL = r"(?:[IVXL]+|[A-Z])(?:\.[A-Z0-9]+)*(?![A-Za-z0-9])"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled patterns of one language."""

    lang: str
    data: dict[str, Any]
    kinds: dict[str, list[re.Pattern[str]]]
    charter: list[re.Pattern[str]]
    organ_any: re.Pattern[str]
    organ_after: re.Pattern[str]
    organ_names: dict[str, str]  # group name → canonical organ
    other_organ: re.Pattern[str] | None
    articles: frozenset[str]  # words that may stand before a home word (``the``, ``this``)
    year_after: re.Pattern[str] | None  # ``резолюции 1995 года``: a year, not a number
    of_after: re.Pattern[str]
    of_before: re.Pattern[str]
    see_before: re.Pattern[str] | None
    marker_before: re.Pattern[str] | None
    marker_after: re.Pattern[str] | None
    range_word: re.Pattern[str]
    date_link: str
    document_noun: re.Pattern[str]
    session_prefixes: dict[str, str]
    numerals: dict[str, int]
    res_number: re.Pattern[str]
    pin_before: list[re.Pattern[str]]
    # per pattern of ``kinds`` and ``charter``: folded literals one of which each of its matches
    # holds (:mod:`pipeline.text.caseless`); None: unknown
    needles: dict[re.Pattern[str], tuple[str, ...] | None]


def _words(data: dict[str, Any], key: str, lang: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"references/{lang}.yaml: `{key}` must be a list of strings")
    return list(value)


def _acronym(word: str) -> str:
    """An acronym (``ECA``, ``ЭКА``) matches in capitals only: ``eca`` is no organ."""
    return f"(?-i:{word})" if len(word) > 1 and word.isalpha() and word.isupper() else word


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" if words else "(?!)"


def _section(data: dict[str, Any], key: str, lang: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"references/{lang}.yaml: `{key}` must be a mapping")
    return value


def _number_list(item: str, sep: str, rng: str, date_tail: str) -> str:
    link = rf"(?:\s*(?:{rng})\s*|{sep})"
    return rf"(?P<numbers>{item}{date_tail}(?:{link}{item}{date_tail})*)"


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of ``lang`` (``en`` rules for a language without data)."""
    data = load_lang_data("references", lang)
    try:
        return _compile(data, lang)
    except re.error as exc:
        raise ConfigError(f"references/{lang}.yaml: bad pattern: {exc}") from exc


def _compile(data: dict[str, Any], lang: str) -> Lexicon:
    wb_before, wb_after = (r"(?<![^\W\d_])", r"(?![^\W\d_])") if data.get(
        "word_boundaries", True) else ("", "")
    conj = _alt(_words(data, "conjunctions", lang))
    rng = _alt([*_words(data, "range_words", lang), "-", "–", "—"])
    sep = rf"(?:\s*[,;、،]\s*(?:{conj}\s*)?|\s*{conj}\s*)"
    date_link = _alt(_words(data, "date_links", lang))
    date_tail = rf"(?:,?\s(?i:{date_link})\s[^,;()\n]{{0,30}}?(?:1[89]|20)[0-9]{{2}}(?![0-9]))?"
    prefixes: dict[str, str] = {str(k): str(v) for k, v in _section(
        data, "session_prefixes", lang).items()}
    session = ""
    if prefixes:
        marks = _alt([re.escape(p) for p in prefixes.values()])
        session = rf"|{_INT}\ ?\((?:{marks})\s?-?\s?[0-9]{{1,2}}\)"
    res_core = _RES_CORE.replace("{session}", session)
    numerals = {str(k): int(v) for k, v in _section(data, "numerals", lang).items()}
    numeral_alt = _alt([re.escape(n) for n in numerals]) if numerals else "(?!)"
    number = rf"(?:[0-9]{{1,3}}|{numeral_alt}+)"

    keywords = _section(data, "keywords", lang)
    templates = _section(data, "templates", lang)
    organs = _section(data, "organs", lang)
    organ_groups: list[str] = []
    organ_names: dict[str, str] = {}
    for key, canonical in ORGAN_KEYS.items():
        words = [_acronym(w) for w in _words(organs, key, lang)]
        organ_groups.append(f"(?P<{key}>{wb_before}{_alt(words)}{wb_after})")
        organ_names[key] = canonical
    others = [_acronym(w) for w in _words(data, "other_organs", lang)]
    home = _section(data, "home_words", lang)
    home_groups = [f"(?P<home_{kind}>{wb_before}{_alt(_words(home, kind, lang))}{wb_after})"
                   for kind in HOME_KINDS]
    # one alternation, tried in this order at each position: a full name first (``Commission
    # on Human Rights`` is not ``Commission``), then another organization, then a home word
    other_group = f"(?P<{OTHER}>{wb_before}{_alt(others)}{wb_after})"
    organ_any = "(?:(?i:" + "|".join([*organ_groups, other_group]) + ")|" \
        + "|".join(home_groups) + ")"
    organ_plain = "(?i:" + _alt([w for k in ORGAN_KEYS for w in _words(organs, k, lang)]) + ")"
    year_words = _words(data, "year_words", lang)
    of_words = _alt(_words(data, "of_words", lang))

    def fill(template: str, kind: str) -> str:
        kw = "(?i:" + _alt(_words(keywords, kind, lang)) + ")" if kind in keywords else ""
        if kind in ("resolution", "decision"):
            numbers = _number_list(res_core, sep, r"(?!)", date_tail)
        elif kind in ("paragraph", "footnote"):
            numbers = _number_list(_PARA_NUM, sep, rng, "")
        else:
            numbers = ""
        out = template.replace(" ", r"\s+")
        out = out.replace("{keyword}", f"(?P<keyword>{wb_before}{kw}{wb_after})")
        # a label is a Roman numeral or capital letter, or a number in the language's numeral
        # words (第三章, الفصل الثالث)
        out = out.replace("{numbers}", numbers).replace(
            "{label}", f"(?P<label>{_LABEL}|(?:{numeral_alt})+)")
        out = out.replace("{organ}", f"(?P<organ>{organ_plain})")
        return out

    kinds: dict[str, list[re.Pattern[str]]] = {}
    needles: dict[re.Pattern[str], tuple[str, ...] | None] = {}
    for kind in KINDS:
        kinds[kind] = []
        for t in _words(templates, kind, lang):
            pattern = re.compile(fill(t, kind))
            kinds[kind].append(pattern)
            required = kind in keywords and _required(t, "keyword")
            needles[pattern] = literal_prefixes(_words(keywords, kind, lang)) if required \
                else None

    charter_data = _section(data, "charter", lang)
    charter: list[re.Pattern[str]] = []
    for t in _words(templates, "charter", lang):
        out = t.replace(" ", r"\s+")
        for key in ("article", "paragraph", "chapter"):
            key_alt = _alt(_words(charter_data, key, lang))
            out = out.replace("{" + key + "}", f"(?i:{wb_before}{key_alt})")
        out = out.replace("{charter}", f"(?P<charter>{_alt(_words(charter_data, 'names', lang))})")
        out = out.replace("{charter_short}", f"(?:{_alt(_words(charter_data, 'short', lang))})")
        out = out.replace("{art_no}", f"(?P<art>{number})")
        out = out.replace("{para_no}", f"(?P<para>{number})")
        out = out.replace("{label}", f"(?P<label>{_LABEL}|{numeral_alt}+)")
        pattern = re.compile(out)
        charter.append(pattern)
        needles[pattern] = None
        for key, words_key in (("article", "article"), ("paragraph", "paragraph"),
                               ("chapter", "chapter"), ("charter", "names"),
                               ("charter_short", "short")):
            if _required(t, key):
                needles[pattern] = literal_prefixes(_words(charter_data, words_key, lang))
                break

    see = _words(data, "see_words", lang)
    mb = _words(data, "markers_before", lang)
    ma = _words(data, "markers_after", lang)
    return Lexicon(
        lang=lang,
        data=data,
        kinds=kinds,
        charter=charter,
        organ_any=re.compile(organ_any),
        organ_after=re.compile(rf"\s*,?\s*(?P<of>(?i:{of_words}))?\s*{organ_any}"),
        organ_names=organ_names,
        other_organ=re.compile(f"(?i:{wb_before}{_alt(others)}{wb_after})") if others else None,
        articles=frozenset(_words(data, "home_articles", lang)),
        year_after=re.compile(rf"\s*(?:{_alt(year_words)})") if year_words else None,
        of_after=re.compile(rf"\s*,?\s*(?i:{of_words}){wb_after}"),
        of_before=re.compile(rf"(?i:{of_words})\s*$"),
        see_before=re.compile(rf"(?i:{_alt(see)})\s*\(?\s*$") if see else None,
        marker_before=re.compile(rf"(?i:{_alt(mb)})\s*$") if mb else None,
        marker_after=re.compile(rf"\s*,?\s*(?i:{_alt(ma)}){wb_after}") if ma else None,
        range_word=re.compile(rf"(?i:{rng})"),
        date_link=date_link,
        document_noun=re.compile(rf"(?i:{_alt(_words(data, 'document_nouns', lang))})"),
        session_prefixes=prefixes,
        numerals=numerals,
        res_number=re.compile(res_core),
        pin_before=[
            re.compile(
                rf"(?P<pin>{p.pattern})\s*,?\s*(?:(?i:{of_words})\s+)?(?:{organ_plain}\s+)?$")
            for p in kinds["paragraph"]
        ],
        needles=needles,
    )


def _required(template: str, name: str) -> bool:
    """Whether every match of ``template`` holds its ``{name}`` placeholder: it is there, outside
    any group (a group may be optional) and without a quantifier."""
    at = template.find("{" + name + "}")
    if at < 0:
        return False
    depth = 0
    i = 0
    while i < at:
        if template[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(template[i], 0)
        i += 1
    after = template[at + len(name) + 2:at + len(name) + 4]
    quantified = after[:1] in ("?", "*", "+") or (after[:1] == "{" and after[1:].isdigit())
    return depth == 0 and not quantified
