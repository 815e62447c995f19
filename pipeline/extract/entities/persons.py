"""Persons from what UN documents print around a name, in six languages.

Words are data (``persons`` in ``pipeline/data/entities/<lang>.yaml``); the grammar is here:

- an honorific before the name (``Mr.``, ``Ms.``, ``H.E.``, ``M.``, ``Mme``, ``Sr.``, ``Sra.``,
  ``г-н``, ``г-жа``, ``السيد``, ``السيدة``), or after it (``先生``, ``女士``, ``阁下``), or a
  function followed by a colon or a comma (``Chair-Rapporteur: X``, ``Special Rapporteur on …,
  X`` where a name follows the comma);
- in scripts with capitals, the name is the run of capitalized words (``Jean-Pierre``,
  ``O'Brien``, initials ``J.``) and lower-case particles (``de``, ``van``, ``al-``) that
  follows, ending on a capitalized word, at most ``max_words`` long: it stops at a bracket
  (``Mr. Ryan (Ireland)``), a comma, a lower-case word;
- in Arabic, the words after the honorific up to a punctuation mark, a stop word, or
  ``max_words``;
- in Chinese, the characters before ``先生``/``女士`` back to a punctuation mark, a function
  title (``秘书长``) or a word that is no part of a name (``的``), 2 to ``max_chars`` long;
- a word of ``not_names`` (``President``, ``Chair``: ``Mr. President`` is an address) is no name.

The span is the name only (the honorific is not in it). Pattern matching over the text is the
whole method: no tokenizer runs for it, so languages without a statistical model stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.errors import ConfigError
from pipeline.languages import load_lang_data


@dataclass(frozen=True, slots=True)
class PersonSpan:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Rules:
    before: re.Pattern[str] | None   # honorific or function, the name follows
    honorific: re.Pattern[str] | None  # an honorific alone (``the Secretary-General, Mr. X``)
    after: re.Pattern[str] | None    # honorific after the name (Chinese)
    caps: bool                       # the script has capitals
    particles: frozenset[str]
    not_names: frozenset[str]
    stop_words: frozenset[str]
    max_words: int
    max_chars: int


def _strs(conf: dict[str, Any], key: str, lang: str) -> list[str]:
    value = conf.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"entities/{lang}.yaml: persons.{key} must be a list of strings")
    return [str(v) for v in value]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _rules(lang: str) -> _Rules:
    conf = load_lang_data("entities", lang).get("persons") or {}
    before_words = _strs(conf, "honorifics_before", lang)
    functions = _strs(conf, "functions", lang)
    after_words = _strs(conf, "honorifics_after", lang)
    parts: list[str] = []
    honorific = None
    if before_words:
        # an honorific: not inside a word; the name follows after a space (or none after `.`)
        honorific = rf"(?<![^\W\d_])(?:{_alt(before_words)})(?:\s+|(?<=\.)(?=[^\W\d_]))"
        parts.append(honorific)
    if functions:
        # the function's own words (``on the right to food``) stay in one sentence
        parts.append(rf"(?<![^\W\d_])(?:{_alt(functions)})(?:\s[^,:;.\n]{{0,80}}?)?[,:]\s*")
    return _Rules(
        before=re.compile("|".join(parts)) if parts else None,
        honorific=re.compile(honorific) if honorific else None,
        after=re.compile(_alt(after_words)) if after_words else None,
        caps=bool(conf.get("capitals", True)),
        particles=frozenset(_strs(conf, "particles", lang)),
        not_names=frozenset(_strs(conf, "not_names", lang)),
        stop_words=frozenset(_strs(conf, "stop_words", lang)),
        max_words=int(conf.get("max_words", 5)),
        max_chars=int(conf.get("max_chars", 12)),
    )


_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['’.-])*[^\W\d_])?\.?|\S")
_CJK_STOP = re.compile(r"[\s，。、；：:,;.()（）《》“”\"'！？!?0-9]")


def _capitalized(word: str) -> bool:
    """``Guterres``, ``GUTERRES``, ``al-Thani``, ``d'Alembert``: a part starts with a capital."""
    return any(part[:1].isupper() for part in re.split(r"['’-]", word))


def _name_after(text: str, pos: int, rules: _Rules, min_words: int = 1) -> tuple[int, int] | None:
    """The name that starts at ``pos`` (after an honorific), or None; a name after a function
    has ``min_words`` (2: a given name and a surname, not ``Tindouf, Algeria``)."""
    end_line = text.find("\n", pos)
    limit = min(len(text), pos + 120, end_line if end_line >= 0 else len(text))
    words: list[tuple[int, int, str]] = []
    i = pos
    while i < limit and len(words) < rules.max_words:
        gap = re.compile(r"[ \t\u00a0]*").match(text, i)
        j = gap.end() if gap else i
        if words and j == i:
            break  # no space after the previous word: a comma, a bracket
        m = _WORD.match(text, j, limit)
        if m is None or not m.group()[:1].isalpha():
            break
        w = m.group()
        if rules.caps:
            if w.rstrip(".") in rules.not_names:
                break
            if not _capitalized(w) and w not in rules.particles and not any(
                    w.startswith(p) for p in rules.particles if p.endswith(("-", "'", "’"))):
                break
        elif w.rstrip(".") in rules.stop_words or w.rstrip(".") in rules.not_names:
            break
        if words and rules.honorific is not None and rules.honorific.match(text, j):
            break  # "… والسيد هانت": the next person's honorific
        words.append((m.start(), m.end(), w))
        i = m.end()
    while words and (not _capitalized(words[-1][2]) if rules.caps
                     else words[-1][2] in rules.particles):
        words.pop()  # a name ends on a capitalized word, not on a particle (آل, بن)
    if len(words) < max(1, min_words):
        return None
    if min_words > 1 and rules.caps and not _capitalized(words[0][2]):
        return None  # after a function: "Secretario General, la Comisión" is no name
    start, end = words[0][0], words[-1][1]
    if text[end - 1] == "." and len(words[-1][2]) > 2:
        end -= 1  # a sentence's full stop, not an initial
    if rules.caps and all(len(w.rstrip(".")) <= 1 for _, _, w in words):
        return None  # initials alone
    return start, end


def _name_before(text: str, pos: int, rules: _Rules) -> tuple[int, int] | None:
    """The Chinese name that ends at ``pos`` (before ``先生``), or None; a name in Latin letters
    (``Abel Adelakun Ayoko先生``) is the run of capitalized words before it."""
    latin = re.search(r"(?:[A-Z][\w'’.-]*\s)*[A-Z][\w'’.-]*\s?$", text[max(0, pos - 60):pos])
    if latin and latin.group().strip():
        end = pos - (len(latin.group()) - len(latin.group().rstrip()))
        return pos - len(latin.group()), end
    start = pos
    while start > 0 and pos - start < rules.max_chars and not _CJK_STOP.match(text[start - 1]):
        start -= 1
    piece = text[start:pos]
    for stop in sorted(rules.stop_words | rules.not_names, key=len, reverse=True):
        at = piece.rfind(stop)
        if at >= 0:
            start += at + len(stop)
            piece = text[start:pos]
    while piece[:1] in ("·", "-"):
        start += 1
        piece = text[start:pos]
    if len(piece) < 2 or pos - start > rules.max_chars:
        return None
    return start, pos


def find_persons(text: str, lang: str) -> list[PersonSpan]:
    """Person names in one text, in reading order, not overlapping (see the module docstring).

    Holds: every span is inside ``text`` and holds at least one letter; never raises on text.
    """
    rules = _rules(lang)
    found: list[tuple[int, int]] = []
    if rules.before is not None:
        for m in rules.before.finditer(text):
            pos = m.end()
            while rules.honorific is not None and (h := rules.honorific.match(text, pos)):
                pos = h.end()  # H.E. Sheikh X; the Secretary-General, Mr. X
            function = pos == m.end() and m.group().rstrip()[-1:] in (",", ":")
            span = _name_after(text, pos, rules, 2 if function else 1)
            later = span is None and m.group().rstrip().endswith(",")  # a function's comma
            for comma in re.finditer(r",\s*", text[pos:pos + 80]) if later else ():
                # "Special Rapporteur on torture and other cruel, inhuman …, Juan Méndez": the
                # name follows a later comma of the same clause
                if "." in text[pos:pos + comma.start()]:
                    break
                span = _name_after(text, pos + comma.end(), rules, 2)
                if span:
                    break
            if span:
                found.append(span)
    if rules.after is not None:
        for m in rules.after.finditer(text):
            span = _name_before(text, m.start(), rules)
            if span:
                found.append(span)
    out: list[PersonSpan] = []
    for start, end in sorted(set(found)):
        if out and start < out[-1].end:
            continue
        out.append(PersonSpan(start, end))
    return out
