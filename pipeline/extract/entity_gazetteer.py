"""The UN gazetteer: States, UN bodies and other organizations, with their names in six languages.

Data: ``pipeline/data/entities/gazetteer/states.yaml`` (ISO 3166 alpha-3 key → alpha-2 and the
UN's own forms), ``bodies.yaml`` (UN system) and ``organizations.yaml`` (regional and
intergovernmental organizations); the CLDR territory names come from babel (shipped with the
package, nothing is downloaded). How names are matched in one language (word boundaries,
clitics, inflection) is in ``pipeline/data/entities/<lang>.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import babel

from pipeline.errors import ConfigError
from pipeline.extract.entity_trie import INFLECT, SPACE, BoundaryRules, Entry, Match, NameTrie, fold
from pipeline.langdata import DATA_DIR, LANGUAGES, load_lang_data, load_yaml_mapping

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


@cache
def gazetteer_names(lang: str) -> tuple[NameRecord, ...]:
    """Every name of the gazetteer in ``lang``, explicit UN forms first, then CLDR names.

    A name listed twice keeps its first key (so a UN form wins over a CLDR name)."""
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
    return tuple(explicit + cldr)


def _units(name: str, endings: tuple[str, ...], strip: tuple[str, ...], min_stem: int) -> list[str]:
    """A name as trie units: characters, ``SPACE`` between words and, in an inflecting language,
    each word's stem followed by ``INFLECT``."""
    units: list[str] = []
    for i, word in enumerate(fold(name).split()):
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
class Gazetteer:
    """The matcher of one language and its filters."""

    lang: str
    trie: NameTrie
    sentence_initial_exclusions: frozenset[str]

    def find(self, text: str) -> list[Match]:
        """Gazetteer matches in ``text``, leftmost-longest, in reading order."""
        out: list[Match] = []
        for m in self.trie.find(text):
            if text[m.start:m.end] in self.sentence_initial_exclusions:
                before = text[:m.start].rstrip()
                if not before or before[-1] in _SENTENCE_END:
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
    for rec in gazetteer_names(lang):
        entry = Entry(rec.key, rec.label, rec.name)
        ends = () if rec.acronym else rules.endings
        trie.add(_units(rec.name, ends, strip, min_stem), entry)
        upper = rec.name.upper()
        if capitals and not rec.acronym and upper != rec.name and sum(map(str.isalpha, upper)) >= 4:
            trie.add(_units(upper, (), strip, min_stem), entry)
    exclusions = frozenset(_strings(conf.get("sentence_initial_exclusions"), "exclusions"))
    return Gazetteer(lang, trie, exclusions)
