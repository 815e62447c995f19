"""The calendar words of one language (``pipeline/data/dates/<lang>.yaml``), compiled for matching.

Words are data: month names, connectors (`et`, `au`, `entre`…), year words (`года`, `年`), day
suffixes (`er`, `日`). The grammar that strings them together is in :mod:`date_grammar`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.errors import ConfigError
from pipeline.languages import load_lang_data
from pipeline.text.folding import word_key
from pipeline.text.guards import literal_prefixes

CONCERN = "dates"
WORD_KEYS = (
    "day_suffixes", "year_words", "fillers", "list_and", "range_to", "range_open", "between",
    "openers", "glued", "not_year_after", "not_year_before", "reporting_period_cues",
    "context_only", "front_also_read_as", "future_cues",
)
# roles of connector words in the token stream
ROLE_KEYS = ("year_words", "fillers", "list_and", "range_to", "range_open", "between", "openers")

_LETTER = r"[^\W\d_\u00b2\u00b3\u00b9\u2070-\u209f]"


def is_cjk(ch: str) -> bool:
    """True for ideographs, kana and full-width forms: scripts written without spaces."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


def word_pattern(word: str, glued: tuple[str, ...] = ()) -> str:
    """Regex of a word with the boundaries its edge characters need.

    A letter edge must not touch another letter (``au`` is not in ``autres``), unless a glued
    connector (Arabic ``و``) stands right before it; a digit edge must not touch a digit; CJK and
    punctuation edges need nothing.
    """
    body = r"\s+".join(re.escape(part) for part in word.split())
    first, last = word[0], word[-1]
    left = right = ""
    if first.isalpha() and not is_cjk(first):
        alts = [f"(?<!{_LETTER})"] + [f"(?<=(?<!{_LETTER}){re.escape(g)})" for g in glued]
        left = "(?:" + "|".join(alts) + ")"
    elif first.isdigit():
        left = r"(?<!\d)"
    if last.isalpha() and not is_cjk(last):
        right = f"(?!{_LETTER})"
    elif last.isdigit():
        right = r"(?!\d)"
    return left + body + right


_DASHES = "-‐‑‒–—―−"
_COMMAS = ",،、，"
_PUNCT = _DASHES + _COMMAS  # first characters of the dash and comma tokens
_CJK_CLASS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # is_cjk's ranges


def _start_guard(words: list[str], glued: tuple[str, ...]) -> str:
    """A zero-width test every token's start passes, put in front of the token pattern so that
    the regex engine leaves the inside of a word after a few checks instead of trying every
    alternative there (it finds the same matches: each alternative implies the test).

    A token starts after a non-letter (the word boundary of :func:`word_pattern`), or on a
    non-letter (numbers, dashes, commas, words starting with a digit or punctuation), or right
    after a glued connector, or on a CJK character (no boundary needed), or on the first
    character of a word that :func:`word_pattern` gives no left boundary.
    """
    # word_pattern decides the boundary on word[0] but its pattern starts at the first
    # non-space character
    heads = {w: w.split()[0][0] for w in words}
    loose = sorted({h for w, h in heads.items()
                    if not (w[0].isalpha() and not is_cjk(w[0])) and re.fullmatch(_LETTER, h)})
    ahead = _CJK_CLASS + "".join(re.escape(c) for c in loose)
    alts = [f"(?<!{_LETTER})", f"(?!{_LETTER})", f"(?=[{ahead}])"]
    if glued:
        alts.append("(?<=[" + "".join(sorted({re.escape(g[-1]) for g in glued})) + "])")
    # and a token starts with one of these characters (compared ignoring case, as the words)
    firsts = "".join(sorted({re.escape(h) for h in heads.values()}
                            | {re.escape(g[0]) for g in glued} | {re.escape(c) for c in _PUNCT}))
    return f"(?=[{firsts}\\d])(?:" + "|".join(alts) + ")"


def _longest_word(phrase: str) -> str:
    """The longest word of a phrase, escaped: every match of its :func:`word_pattern` has it."""
    return re.escape(max(phrase.split(), key=len))


def _alternation(words: list[str], glued: tuple[str, ...] = ()) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(word_pattern(w, glued) for w in ordered)


@dataclass(frozen=True)
class DateLexicon:
    """One language's calendar words, compiled."""

    lang: str
    year_first: bool
    month_first: bool
    month_of: dict[str, int]          # folded form -> month number
    context_only: dict[str, str]      # folded -> printed form valid only next to a day or a year
    roles: dict[str, frozenset[str]]  # folded word -> roles (ROLE_KEYS)
    token_re: re.Pattern[str]
    # a run of characters that tokens can consume (letters of the words, digits, spaces, `/`,
    # dashes, commas), case-insensitive: any other character is outside every token
    token_run_re: re.Pattern[str]
    # folded literals (ignorecase.fold) one of which every month token contains; None: unknown
    month_needles: tuple[str, ...] | None
    not_year_re: re.Pattern[str] | None   # matches at the end of the text before a number
    not_year_needles: tuple[str, ...] | None   # as month_needles, for not_year_re
    not_year_before_re: re.Pattern[str] | None   # matches (with .match) right after a number
    period_cue_re: re.Pattern[str] | None
    period_cue_needles: tuple[str, ...] | None   # as month_needles, for period_cue_re
    future_re: re.Pattern[str] | None  # the sentence speaks of what is to come (``will``)
    front_also_read_as: tuple[str, ...]   # languages whose rules also read the front matter
    examples: tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...]
    counterexamples: tuple[str, ...]


def _str_list(data: dict[str, Any], key: str, lang: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        # (YAML 1.1 reads a bare `no` or `on` as a boolean: quote such words)
        raise ConfigError(f"dates/{lang}.yaml: `{key}` must be a list of non-empty strings")
    return list(value)


def _month_map(data: dict[str, Any], key: str, lang: str) -> dict[int, list[str]]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"dates/{lang}.yaml: `{key}` must be a mapping month -> forms")
    out: dict[int, list[str]] = {}
    for month, forms in value.items():
        if not isinstance(month, int) or not 1 <= month <= 12:
            raise ConfigError(f"dates/{lang}.yaml: `{key}` has a bad month {month!r}")
        if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            raise ConfigError(f"dates/{lang}.yaml: `{key}.{month}` must be a list of strings")
        out[month] = list(forms)
    return out


def _examples(
    data: dict[str, Any], lang: str
) -> tuple[tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...], tuple[str, ...]]:
    examples = data.get("examples")
    counter = data.get("counterexamples")
    if not isinstance(examples, list) or not isinstance(counter, list):
        raise ConfigError(f"dates/{lang}.yaml: `examples` and `counterexamples` must be lists")
    out: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
    for ex in examples:
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            raise ConfigError(f"dates/{lang}.yaml: example without `text`: {ex!r}")
        pairs = ex.get("dates")
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
            and (p[1] is None or isinstance(p[1], str))  # null: no year can be defended
            for p in pairs
        ):
            raise ConfigError(f"dates/{lang}.yaml: `dates` of {ex['text']!r} must be pairs")
        out.append((ex["text"], tuple((p[0], p[1]) for p in pairs)))
    if not all(isinstance(c, str) for c in counter):
        raise ConfigError(f"dates/{lang}.yaml: `counterexamples` must be strings")
    return tuple(out), tuple(counter)


def _cue_re(cues: list[str]) -> re.Pattern[str] | None:
    """Whole words or phrases, in any case (:func:`word_pattern` boundaries)."""
    if not cues:
        return None
    ordered = sorted(set(cues), key=lambda w: (-len(w), w))
    return re.compile("|".join(word_pattern(c) for c in ordered), re.IGNORECASE)


@cache
def date_lexicon(lang: str) -> DateLexicon:
    """The compiled calendar words of ``lang`` (``en`` for a language without a file).

    Raises :class:`ConfigError` for a malformed file.
    """
    data = load_lang_data(CONCERN, lang)
    name = str(data.get("language", lang))
    words = {key: _str_list(data, key, name) for key in WORD_KEYS}
    months = _month_map(data, "months", name)
    abbreviations = _month_map(data, "abbreviations", name)
    year_first, month_first = data.get("year_first"), data.get("month_first")
    if not isinstance(year_first, bool) or not isinstance(month_first, bool):
        raise ConfigError(f"dates/{name}.yaml: `year_first` and `month_first` must be booleans")

    month_of: dict[str, int] = {}
    for table in (months, abbreviations):
        for month, forms in table.items():
            for form in forms:
                if month_of.setdefault(word_key(form), month) != month:
                    raise ConfigError(f"dates/{name}.yaml: {form!r} names two months")
    context_only = {
        word_key(f): f
        for f in [*words["context_only"], *(f for fs in abbreviations.values() for f in fs)]
    }
    roles: dict[str, set[str]] = {}
    for key in ROLE_KEYS:
        for word in words[key]:
            roles.setdefault(word_key(word), set()).add(key)

    glued = tuple(words["glued"])
    forms = [f for table in (months, abbreviations) for fs in table.values() for f in fs]
    month_alt = _alternation(forms, glued)
    month_alt_plain = _alternation(forms)
    suffix_alt = _alternation(words["day_suffixes"]) if words["day_suffixes"] else None
    connectors = [w for key in ROLE_KEYS for w in words[key]]
    glued_alt = "|".join(f"(?<!{_LETTER}){re.escape(g)}(?=\\w)" for g in glued)
    parts = [
        f"(?P<month>(?:{month_alt})(?:\\s*/\\s*(?:{month_alt_plain}))?)",
        r"(?P<num>(?<!\d)\d+(?!\d))" + (f"(?P<dsuf>{suffix_alt})?" if suffix_alt else ""),
    ]
    if glued_alt:
        parts.append(f"(?P<glued>{glued_alt})")
    if connectors:
        parts.append(f"(?P<word>{_alternation(connectors, glued)})")
    parts += [f"(?P<dash>--|[{_DASHES}])", f"(?P<comma>[{_COMMAS}])"]
    guard = _start_guard([*forms, *connectors], glued)
    token_re = re.compile(guard + "(?:" + "|".join(parts) + ")", re.IGNORECASE)

    token_chars = sorted({c for w in [*forms, *connectors, *glued, *words["day_suffixes"]]
                          for c in w if not c.isspace()})
    run_chars = "".join(re.escape(c) for c in [*token_chars, "/", *_PUNCT])
    token_run_re = re.compile(f"[{run_chars}\\d\\s]+", re.IGNORECASE)
    month_needles = literal_prefixes(_longest_word(f) for f in forms)

    not_year = words["not_year_after"]
    not_year_re = (
        re.compile(f"(?:{_alternation(not_year)})\\s*$", re.IGNORECASE) if not_year else None
    )
    not_year_needles = literal_prefixes(_longest_word(w) for w in not_year)
    units = words["not_year_before"]
    not_year_before_re = (
        re.compile(f"\\s*(?:{_alternation(units)})", re.IGNORECASE) if units else None
    )
    cues = words["reporting_period_cues"]
    period_cue_re = re.compile(_alternation(cues), re.IGNORECASE) if cues else None
    period_cue_needles = literal_prefixes(_longest_word(c) for c in cues)
    examples, counter = _examples(data, name)
    return DateLexicon(
        lang=name, year_first=year_first, month_first=month_first, month_of=month_of,
        context_only=context_only, roles={k: frozenset(v) for k, v in roles.items()},
        token_re=token_re, token_run_re=token_run_re, month_needles=month_needles,
        not_year_re=not_year_re, not_year_needles=not_year_needles,
        not_year_before_re=not_year_before_re,
        period_cue_re=period_cue_re, period_cue_needles=period_cue_needles,
        future_re=_cue_re(words["future_cues"]),
        front_also_read_as=tuple(words["front_also_read_as"]),
        examples=examples, counterexamples=counter,
    )
