"""The UN gazetteer: States, UN bodies, other organizations and cities, with their names in six
languages.

Data: ``pipeline/data/entities/gazetteer/states.yaml`` (ISO 3166 alpha-3 key → alpha-2 and the
UN's own forms), ``bodies.yaml`` (UN system), ``organizations.yaml`` (regional and
intergovernmental organizations) and ``cities.yaml`` (duty stations and conference cities, keyed
by UN/LOCODE); the CLDR territory names and time-zone exemplar cities come from babel (shipped
with the package, nothing is downloaded). How names are matched in one language (word
boundaries, clitics, inflection, a city inside a longer name) is in
``pipeline/data/entities/<lang>.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import babel

from pipeline.errors import ConfigError
from pipeline.extract.entities.trie import (
    INFLECT,
    SPACE,
    BoundaryRules,
    Entry,
    Match,
    NameTrie,
)
from pipeline.languages import DATA_DIR, LANGUAGES, load_lang_data, load_yaml_mapping
from pipeline.text.folding import unify_punctuation

GAZETTEER_DIR = DATA_DIR / "entities" / "gazetteer"
_PARENTHETICAL = re.compile(r"\s*[(（][^)）]*[)）]")
_SENTENCE_END = ".!?:;"


@dataclass(frozen=True, slots=True)
class NameRecord:
    key: str
    label: str
    name: str
    acronym: bool


def _strings(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"gazetteer {where}: expected a list of strings")
    return list(value)


@cache
def _gazetteer_file(name: str) -> dict[str, Any]:
    """One gazetteer file, parsed once per process (every language reads the three files; the
    mapping is only read, never changed)."""
    return load_yaml_mapping(GAZETTEER_DIR / name)


def _cldr_city(zones: Mapping[str, Any], tz: str) -> str:
    """CLDR's exemplar city of time zone ``tz`` in a locale: the locale's own, else (CLDR's
    fallback, where the locale has nothing to add) the zone id's last part, underscores as
    spaces."""
    city = (zones.get(tz) or {}).get("city")
    return str(city) if city else tz.rsplit("/", 1)[-1].replace("_", " ")


def _city_names(lang: str) -> list[NameRecord]:
    """The cities' names in ``lang``: every explicit form first, then CLDR's exemplar cities."""
    data = _gazetteer_file("cities.yaml")
    label = str(data.get("label", "LOC"))
    dropped = set(_strings((data.get("drop_cldr") or {}).get(lang), f"cities drop_cldr.{lang}"))
    zones = babel.Locale(lang).time_zones
    explicit: list[NameRecord] = []
    cldr: list[NameRecord] = []
    for key, spec in (data.get("cities") or {}).items():
        if not isinstance(spec, dict):
            raise ConfigError(f"cities.yaml: {key} is not a mapping")
        names = (spec.get("names") or {}).get(lang)
        explicit += [NameRecord(key, label, n, False) for n in _strings(names, f"{key}.{lang}")]
        if spec.get("tz"):
            name = _cldr_city(zones, str(spec["tz"]))
            if name not in dropped:
                cldr.append(NameRecord(key, label, name, False))
    return explicit + cldr


def city_keys() -> frozenset[str]:
    """The keys of ``cities.yaml`` (UN/LOCODEs)."""
    return frozenset((_gazetteer_file("cities.yaml").get("cities") or {}).keys())


@cache
def gazetteer_names(lang: str) -> tuple[NameRecord, ...]:
    """Every name of the gazetteer in ``lang``: explicit UN forms, then CLDR's State names, then
    the cities (explicit forms, then CLDR's).

    A name listed twice keeps its first key (so a UN form wins over a CLDR name, and a State or a
    body over a city)."""
    states = _gazetteer_file("states.yaml")
    explicit: list[NameRecord] = []
    cldr: list[NameRecord] = []
    state_label = str(states.get("label", "GPE"))
    dropped = set(_strings((states.get("drop_cldr") or {}).get(lang), f"drop_cldr.{lang}"))
    try:
        territories = babel.Locale(lang).territories
    except (ValueError, babel.UnknownLocaleError) as exc:
        raise ConfigError(f"babel has no locale {lang!r}: {exc}") from exc
    for key, spec in (states.get("states") or {}).items():
        if not isinstance(spec, dict) or "alpha2" not in spec:
            raise ConfigError(f"states.yaml: {key} has no alpha2")
        names = (spec.get("names") or {}).get(lang)
        explicit += [NameRecord(key, state_label, n, False)
                     for n in _strings(names, f"{key}.{lang}")]
        name = territories.get(spec["alpha2"])
        if name is None:
            raise ConfigError(f"babel has no {lang} name for {spec['alpha2']} ({key})")
        if name in dropped or " - " in name:
            continue
        cldr.append(NameRecord(key, state_label, name, False))
        short = _PARENTHETICAL.sub("", name).strip()
        if short != name:
            cldr.append(NameRecord(key, state_label, short, False))
    for file in ("bodies.yaml", "organizations.yaml"):
        data = _gazetteer_file(file)
        label = str(data.get("label", "ORG"))
        for key, spec in (data.get("bodies") or {}).items():
            names = (spec.get("names") or {}).get(lang)
            acronyms = (spec.get("acronyms") or {}).get(lang)
            explicit += [NameRecord(key, label, n, False) for n in _strings(names, f"{key}")]
            explicit += [NameRecord(key, label, a, True) for a in _strings(acronyms, f"{key}")]
    return tuple(explicit + cldr + _city_names(lang))


def _units(name: str, endings: tuple[str, ...], strip: tuple[str, ...], min_stem: int) -> list[str]:
    """A name as trie units: characters, ``SPACE`` between words and, in an inflecting language,
    each word's stem followed by ``INFLECT``."""
    units: list[str] = []
    for i, word in enumerate(unify_punctuation(name).split()):
        if i:
            units.append(SPACE)
        if endings and word.isalpha() and not word.isupper():
            for suffix in strip:
                if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
                    word = word[: -len(suffix)]
                    break
            if len(word) >= min_stem:
                units.extend(word)
                units.append(INFLECT)
                continue
        units.extend(word)
    return units


@dataclass(frozen=True, slots=True)
class CityInName:
    """When a city's name is part of a longer name (the Paris Agreement, the Geneva Conventions,
    the Statut de Rome): the text right before it (``before``, searched up to the city's start)
    or right after it (``after``, matched at the city's end) says so; ``capitalized_after``: a
    capitalized word right after the city does (English); ``hyphen_before``: a word glued to it
    by a hyphen does (Rif-Damas)."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    capitalized_after: bool
    hyphen_before: bool

    def holds(self, text: str, start: int, end: int) -> bool:
        """Whether the city at ``text[start:end]`` (folded text) is inside a longer name."""
        if (self.hyphen_before and start >= 2 and text[start - 1] == "-"
                and text[start - 2].isalnum()):
            return True
        if self.before is not None and self.before.search(text, max(0, start - 80), start):
            return True
        if self.after is not None and self.after.match(text, end):
            return True
        if self.capitalized_after:
            word = _NEXT_WORD.match(text, end)
            if word is not None and word.group(1).isupper():
                return True
        return False


# the first character of the next word on the same line
_NEXT_WORD = re.compile(r"[^\S\n]+(\w)")
_LETTER_OR_DIGIT = r"[^\W_]"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(unify_punctuation(w)) for w in sorted(words, key=len, reverse=True))


def _city_in_name(conf: dict[str, Any], word_boundaries: bool,
                  proclitics: tuple[str, ...]) -> CityInName:
    """The language's rules (``city_in_name`` in its entities file) as regexes on folded text."""
    where = "city_in_name"
    spec = conf.get(where) or {}
    if not isinstance(spec, dict):
        raise ConfigError(f"entities {where}: expected a mapping")
    heads = _strings(spec.get("words_before"), f"{where}.words_before")
    linkers = _strings(spec.get("linkers"), f"{where}.linkers")
    follows = _strings(spec.get("words_after"), f"{where}.words_after")
    before = after = None
    if heads:
        # a head word (after a glued proclitic in Arabic), then a linker ("de ", "d'") if any
        clitic = f"(?:{_alternatives(list(proclitics))})?" if proclitics else ""
        link = ""
        if linkers:
            link = "(?:" + "|".join(
                re.escape(unify_punctuation(w)) if w.endswith("'")
                else re.escape(unify_punctuation(w)) + r"\s+" for w in linkers) + ")"
        start = f"(?<!{_LETTER_OR_DIGIT})" if word_boundaries else ""
        before = re.compile(f"{start}{clitic}(?:{_alternatives(heads)})\\s+{link}$")
    if follows:
        space, end = (r"\s+", f"(?!{_LETTER_OR_DIGIT})") if word_boundaries else (r"\s*", "")
        after = re.compile(f"{space}(?:{_alternatives(follows)}){end}")
    return CityInName(before, after, bool(spec.get("capitalized_after", False)),
                      hyphen_before=word_boundaries)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The matcher of one language and its filters."""

    lang: str
    trie: NameTrie
    sentence_initial_exclusions: frozenset[str]
    cities: frozenset[str]
    city_in_name: CityInName

    def find(self, text: str) -> list[Match]:
        """Gazetteer matches in ``text``, leftmost-longest, in reading order; a city's name
        inside a longer name (the Paris Agreement) is not a match."""
        out: list[Match] = []
        folded: str | None = None
        for m in self.trie.find(text):
            if text[m.start:m.end] in self.sentence_initial_exclusions:
                before = text[:m.start].rstrip()
                if not before or before[-1] in _SENTENCE_END:
                    continue
            if m.entry.key in self.cities:
                folded = unify_punctuation(text) if folded is None else folded
                if self.city_in_name.holds(folded, m.start, m.end):
                    continue
            out.append(m)
        return out


@cache
def gazetteer(lang: str) -> Gazetteer:
    """The gazetteer matcher of ``lang`` (one of the six; built once per process)."""
    if lang not in LANGUAGES:
        raise ConfigError(f"no gazetteer for language {lang!r}")
    conf = load_lang_data("entities", lang)
    match = conf.get("matching") or {}
    inflection = match.get("inflection") or {}
    endings = tuple(_strings(inflection.get("endings"), "inflection.endings"))
    strip = tuple(sorted(_strings(inflection.get("strip"), "inflection.strip"),
                         key=len, reverse=True))
    min_stem = int(inflection.get("min_stem", 4))
    elisions = tuple((str(e["after"]), str(e["restore"])) for e in match.get("elisions") or [])
    rules = BoundaryRules(
        word=bool(match.get("word_boundaries", True)),
        proclitics=tuple(sorted(_strings(match.get("proclitics"), "proclitics"),
                                key=len, reverse=True)),
        elisions=elisions,
        endings=tuple(e for e in endings if e),
    )
    trie = NameTrie(rules)
    capitals = bool(match.get("names_in_capitals", False))
    records = gazetteer_names(lang)
    units = [_units(r.name, () if r.acronym else rules.endings, strip, min_stem) for r in records]
    # Two places whose stems collide (Нигерия → Нигер, the stem of Нигер) keep a longer stem:
    # only a one-letter ending is stripped from them, so each name finds its own place.
    keys_by_units: dict[tuple[str, ...], set[str]] = {}
    for rec, u in zip(records, units, strict=True):
        keys_by_units.setdefault(tuple(u), set()).add(rec.key)
    short_strip = tuple(x for x in strip if len(x) == 1)
    for i, rec in enumerate(records):
        if len(keys_by_units[tuple(units[i])]) > 1 and not rec.acronym:
            units[i] = _units(rec.name, rules.endings, short_strip, min_stem)
    for rec, name_units in zip(records, units, strict=True):
        entry = Entry(rec.key, rec.label, rec.name)
        trie.add(name_units, entry)
        upper = rec.name.upper()
        if capitals and not rec.acronym and upper != rec.name and sum(map(str.isalpha, upper)) >= 4:
            trie.add(_units(upper, (), strip, min_stem), entry)
    exclusions = frozenset(_strings(conf.get("sentence_initial_exclusions"), "exclusions"))
    in_name = _city_in_name(conf, rules.word, rules.proclitics)
    return Gazetteer(lang, trie, exclusions, city_keys(), in_name)
