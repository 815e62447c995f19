"""The grammar of United Nations document symbols: find them in text and write them canonically.

A symbol is a series from ``data/symbols.yaml`` (``A``, ``S``, ``E``, ``ST``, ``CCPR``…) followed
by ``/``-separated elements, at least one of which carries a digit: subsidiary bodies (``HRC``,
``C.1``, ``CN.4``, ``CONF.192``, ``WG.6``), session or year, number, document types (``RES``,
``PV.5881``, ``SR.985``, ``PRST``, ``L.8``, ``Agenda``) and modifiers (``Add.1``, ``Corr.2``…).
A resolution symbol takes its year or session in parentheses (``S/RES/1373 (2001)``,
``A/RES/1874 (S-IV)``) and its part letter (``A/RES/44/192 B``). Modifiers coordinated after a
symbol with the words of the language (``A/60/88 et Corr.2``, ``A/4081 et Add. l à 4``) become
its ``suffixes``; ranges are expanded. Joint symbols (``A/80/500-S/2025/656``) are two symbols.

OCR noise of older documents is read through: a space after ``/`` (``A/ 4081``), a comma for a
period (``A/C,4/SR.985``), ``l`` for ``1`` or ``L`` (``Add.l``, ``A/C.4/ l.628``).

Canonical form: no space inside, modifiers spelled ``Add``, ``Corr``, ``Rev``, ``Amend``,
``Summary``, one space before a resolution's parenthesized year or session and its part letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pipeline.errors import ConfigError
from pipeline.languages import DATA_DIR, load_lang_data, load_yaml_mapping
from pipeline.text.folding import ascii_digits
from pipeline.text.numbers import bounded_int

_DIGIT = "[0-9]"
# one element after a slash (OCR: "l" read for "1" after a period; "l.628" for "L.628")
_ELEMENT = r"""
    (?:
        [A-Z][A-Za-z]*(?:[.,]\ ?(?:[0-9]+|[lI](?![A-Za-z0-9]))[A-Z]?)?
      | [0-9]+[A-Z]?(?:\(Part\ [IVX]+\))?
      | l\.[0-9]+
    )(?![A-Za-z0-9])
"""
_RES_TAIL = (r"(?P<restail>\ ?\((?:(?:19|20)[0-9]{2}|(?:E?S-)?[IVXL]+)\))?"
             r"(?P<part>\ [A-H](?![A-Za-z0-9]))?")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"»]+")


@dataclass(frozen=True, slots=True)
class FoundSymbol:
    """A symbol found in text: ``[start, end)`` covers the symbol and its coordinated suffixes."""

    start: int
    end: int
    symbol: str
    suffixes: tuple[str, ...]
    series: str


@dataclass(frozen=True, slots=True)
class _Grammar:
    series: frozenset[str]
    modifiers: dict[str, str]  # upper-case → canonical
    mixed_case: frozenset[str]
    candidate: re.Pattern[str]


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return list(value)


def load_symbol_data() -> dict[str, Any]:
    """The mapping of ``data/symbols.yaml`` (raises :class:`ConfigError` when malformed)."""
    return load_yaml_mapping(DATA_DIR / "symbols.yaml")


@cache
def _grammar() -> _Grammar:
    data = load_symbol_data()
    series = _str_list(data, "series", "symbols.yaml")
    modifiers = _str_list(data, "modifiers", "symbols.yaml")
    mixed = _str_list(data, "mixed_case_elements", "symbols.yaml")
    alternation = "|".join(re.escape(s) for s in sorted(series, key=len, reverse=True))
    candidate = re.compile(
        rf"(?<![A-Za-z0-9/.@:_\\])(?P<series>{alternation})"
        rf"(?P<rest>(?:/\ ?{_ELEMENT})+){_RES_TAIL}",
        re.VERBOSE,
    )
    return _Grammar(
        series=frozenset(series),
        modifiers={m.upper(): m for m in modifiers},
        mixed_case=frozenset(mixed),
        candidate=candidate,
    )


def _canonical_element(raw: str, grammar: _Grammar) -> str | None:
    """One element in canonical spelling, or None when it is not a symbol element."""
    elem = re.sub(r"\s+(?![^(]*\))", "", raw).replace(",", ".")
    if re.fullmatch(r"l\.[0-9]+", elem):
        elem = "L" + elem[1:]
    head, dot, tail = elem.partition(".")
    if dot:
        tail = re.sub(r"^[lI]$", "1", tail)
    if head.upper() in grammar.modifiers:
        head = grammar.modifiers[head.upper()]
    elif head[:1].isalpha() and not head.isupper() and head not in grammar.mixed_case:
        return None
    return head + dot + tail


@dataclass(frozen=True, slots=True)
class _Conjunctions:
    suffix_list: re.Pattern[str]
    number_sep: re.Pattern[str]


@cache
def _conjunctions(lang: str) -> _Conjunctions:
    data = load_lang_data("references", lang)
    conj = _str_list(data, "conjunctions", f"references/{lang}.yaml")
    ranges = _str_list(data, "range_words", f"references/{lang}.yaml")
    conj_re = "|".join(conj)
    range_re = "|".join([*ranges, "-", "–"])
    mod_names = "|".join(_grammar().modifiers.values())
    number = r"(?:[0-9]+|l)(?![A-Za-z0-9])"
    sep = rf"\s?(?:,\s?(?:{conj_re})?|{conj_re}|{range_re})\s?"
    group = rf"(?:{mod_names})\.\ ?{number}(?:{sep}{number})*"
    suffix_list = re.compile(rf"(?:\s?,?\s?(?:{conj_re})\s?(?P<group>{group}))+")
    return _Conjunctions(suffix_list=suffix_list, number_sep=re.compile(rf"(?:{range_re})"))


def _expand_modifier_group(group: str, range_words: re.Pattern[str]) -> list[str]:
    """``Add. l à 4`` → ``[Add.1, Add.2, Add.3, Add.4]``; ``Corr.1 and 2`` → both."""
    name = re.match(r"[A-Za-z]+", group)
    if name is None:
        return []
    out: list[str] = []
    prev: int | None = None
    pos = name.end()
    for m in re.finditer(r"[0-9]+|(?<![A-Za-z])l(?![A-Za-z])", group[pos:]):
        value = 1 if m.group() == "l" else bounded_int(m.group())
        if value is None:
            continue  # not a number a suffix has
        n = value
        between = group[pos: pos + m.start()] if prev is not None else ""
        if prev is not None and range_words.search(between) and prev < n <= prev + 50:
            out += [f"{name.group()}.{k}" for k in range(prev + 1, n + 1)]
        else:
            out.append(f"{name.group()}.{n}")
        pos += m.end()
        prev = n
    return out


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


def find_symbols(text: str, lang: str) -> list[FoundSymbol]:
    """Every UN document symbol in ``text``, in order (see the module docstring).

    Offsets index ``text`` as given; never raises on text. The symbol and the reference
    extractors both read every segment: the second reading is a lookup.
    """
    return list(_find_symbols(text, lang))


@lru_cache(maxsize=4096)
def _find_symbols(text: str, lang: str) -> tuple[FoundSymbol, ...]:
    grammar = _grammar()
    conj = _conjunctions(lang)
    norm = ascii_digits(text)
    urls = _url_spans(norm)
    found: list[FoundSymbol] = []
    for m in grammar.candidate.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in urls):
            continue
        elements = [grammar_el for grammar_el in re.split(r"/\ ?", m.group("rest"))[1:]]
        canon = [_canonical_element(e, grammar) for e in elements]
        if any(c is None for c in canon) or not any(re.search(_DIGIT, e) for e in elements):
            continue
        parts = [m.group("series"), *(c for c in canon if c is not None)]
        end = m.end("rest")
        symbol = "/".join(parts)
        if "RES" in parts[1:-1] and m.group("restail"):
            symbol += " " + m.group("restail").strip()
            end = m.end("restail")
            if m.group("part"):
                symbol += " " + m.group("part").strip()
                end = m.end("part")
        elif "RES" in parts[1:-1] and m.group("part") and not m.group("restail"):
            symbol += " " + m.group("part").strip()
            end = m.end("part")
        suffixes = [p for p in parts[1:] if p.split(".")[0] in grammar.modifiers.values()]
        tail = conj.suffix_list.match(norm, end)
        if tail:
            for g in re.finditer(
                rf"(?:{'|'.join(grammar.modifiers.values())})\.\ ?(?:[0-9]+|l)(?:[^A-Z]*)",
                tail.group(),
            ):
                suffixes += _expand_modifier_group(g.group(), conj.number_sep)
            end = tail.end()
        found.append(FoundSymbol(m.start(), end, symbol, tuple(suffixes), m.group("series")))
    return tuple(found)
