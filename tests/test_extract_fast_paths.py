"""The extractors' fast paths (issue 10) find what the plain code found: the case-insensitive
guards (:mod:`pipeline.text.caseless`) before the date, period-cue, not-a-year and reference
regexes, the date tokenizer reading only the runs that hold a number or a month, and the
gazetteer matcher jumping to the characters a name can start on. No timing here:
``scripts/bench_extract.py`` measures, the golden outputs compare whole outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pipeline.extract.dates as dates
import pipeline.extract.dates.grammar as date_grammar
import pipeline.extract.dates.tokens as date_tokens
import pipeline.extract.references as references
from pipeline.extract import extract, snippet_document
from pipeline.extract.dates.grammar import parse
from pipeline.extract.dates.lexicon import date_lexicon
from pipeline.extract.entities.gazetteer import gazetteer
from pipeline.extract.entities.trie import Match, NameTrie
from pipeline.extract.references.lexicon import _required
from pipeline.languages import LANGUAGES
from pipeline.text.folding import caseless as ignorecase_fold
from pipeline.text.folding import fold_for_matching as fold_text
from pipeline.text.folding import unify_punctuation as fold
from pipeline.text.guards import literal_prefix, literal_prefixes, may_contain
from tests.test_speed_equivalence import parallel_texts

CORPUS = Path(__file__).parent / "data" / "corpus"

MIXED = [
    "Du 14 au 18 juillet 2008, paragraphes 3 et 4 de la résolution 62/47 (voir par. 26 ci-dessus)",
    "RÉSOLUTION 1373 (2001) OF THE SECURITY COUNCIL, ANNEX II, PARAGRAPH 5, 6 DECEMBER 2006",
    "resolutıon 62/47 and ſection B, on 3 Deceſber",  # letters that IGNORECASE makes equal
    "Article 99 of the Charter; Chapter VIII of the Charter of the United Nations.",
    "В период с 1 по 5 июля 2014 года, пункт 3 резолюции 68/1 Генеральной Ассамблеи",
    "2008年7月14日至18日，第62/47号决议第5段",
    "في 15 آذار/مارس 2012، الفقرة 3 من قرار مجلس الأمن 1990 (2011)",
    "", "no number at all here", "12", "Jan. 2009 – Feb. 2010; 2011/12 budget; 5709th meeting",
]


def _keyword_characters() -> set[str]:
    """Every character of every folded keyword the extractors' guards look for."""
    from pipeline.extract.references.lexicon import lexicon

    found: set[str] = set()
    for lang in LANGUAGES:
        dates = date_lexicon(lang)
        groups = [dates.month_needles, dates.not_year_needles, dates.period_cue_needles,
                  *lexicon(lang).needles.values()]
        for group in groups:
            for needle in group or ():
                found |= set(needle)
    return found


def test_ignorecase_fold_puts_every_case_insensitive_match_together() -> None:
    """Each character the regex engine matches against a keyword's character, ignoring case,
    folds to what that character folds to: so a missing folded keyword proves there is no
    match. Checked against ``re`` itself, over every code point, for every keyword character."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = _keyword_characters()
    assert len(letters) > 100, "the keywords were found"
    letters |= set("abcdefghijklmnopqrstuvwxyzéèàçôûíóúñ") | set("абвгдежзийклмнопрстуфхцчшщыьэюя")
    letters |= {"σ", "μ", "k", "s", "i"}
    for x in sorted(letters):
        hits = {m.group() for m in re.finditer(re.escape(x), everything, re.IGNORECASE)}
        assert x in hits, x
        assert {ignorecase_fold(t) for t in hits} == {ignorecase_fold(x)}, x
    # the odd ones the engine adds: dotless i, long s, Kelvin sign
    assert ignorecase_fold("ı ſ \u212a İ") == ignorecase_fold("i s k i")


def test_literal_prefixes_of_keyword_fragments() -> None:
    assert literal_prefix("resolutions?") == "resolution"
    assert literal_prefix(r"paras?\.") == "para"
    assert literal_prefix(r"Art\.") == "art."
    assert literal_prefix("annex(?:es)?") == "annex"
    assert literal_prefix("resoluci(?:ón|ones)") == "resoluci"
    assert literal_prefix(r"пп?\.") == "п"
    assert literal_prefix("[وفبلك]{0,2}(?:ال)?قرار") == ""  # starts with a class
    assert literal_prefix("a|b") == "" and literal_prefix(r"\d+") == ""
    assert literal_prefix("x+y") == "x"
    assert literal_prefixes(["notes?", "footnotes?"]) == ("note", "footnote")
    assert literal_prefixes(["notes?", "[a-z]+"]) is None  # one unknown: no guard at all
    assert may_contain("the note", ("note",)) and not may_contain("the text", ("note",))
    assert may_contain("the text", None)


def test_a_placeholder_is_required_only_outside_groups_and_quantifiers() -> None:
    assert _required("{keyword} {numbers}", "keyword")
    assert _required("(?:第)?{numbers}号{keyword}", "keyword")
    assert _required("{keyword}{numbers}", "keyword")
    assert not _required("(?:{keyword} )?{numbers}", "keyword")
    assert not _required("{keyword}? {numbers}", "keyword")
    assert not _required("{keyword}{0,1} {numbers}", "keyword")
    assert not _required("{numbers}", "keyword")


def _texts() -> list[str]:
    out = [*parallel_texts(), *MIXED]
    for path in sorted(CORPUS.glob("*.txt")):
        out += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_from_the_runs_with_a_number_or_a_month_equal_dates_from_all_tokens(
        lang: str) -> None:
    lex = date_lexicon(lang)
    texts = [*_texts(), *(e[0] for e in lex.examples), *lex.counterexamples]
    read = every = elements = 0
    for text in texts:
        folded = fold_text(text)
        all_tokens = date_tokens.tokenize(lex, folded.text)
        some = date_tokens.tokenize(lex, folded.text, folded.caseless)
        assert {(t.start, t.end) for t in some} <= {(t.start, t.end) for t in all_tokens}
        found = parse(lex, folded.text, some)
        assert found == parse(lex, folded.text, all_tokens), text
        read, every, elements = read + len(some), every + len(all_tokens), elements + len(found)
    assert elements > 20 and read < every  # dates found, and tokens really left out


def _without_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain code: no text can be ruled out before its regex runs."""
    for module in (dates, date_grammar, references):
        monkeypatch.setattr(module, "may_contain", lambda folded, literals: True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guarded_extraction_equals_the_unguarded_one(
        lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    kinds = ("dates", "references")  # the guarded extractors (entities: no guard, and slow)
    fold_text.cache_clear()
    guarded = [extract(snippet_document(t, lang), lang, kinds=kinds) for t in texts]
    with monkeypatch.context() as patch:
        _without_guards(patch)
        plain = [extract(snippet_document(t, lang), lang, kinds=kinds) for t in texts]
    fold_text.cache_clear()
    assert guarded == plain
    assert sum(len(m.dates) + len(m.references) for m in guarded) > 20


def _find_every_position(trie: NameTrie, text: str) -> list[Match]:
    """The matcher's loop before the fast path: a walk tried at every position."""
    folded = fold(text)
    out: list[Match] = []
    pos = 0
    first = trie._root.children
    while pos < len(folded):
        if folded[pos] not in first and not trie.rules.proclitics:
            pos += 1
            continue
        best: Match | None = None
        for start, node in trie._starts(folded, pos):
            found = trie._walk(folded, start, node)
            if found and found[0] > start and (best is None or found[0] > best.end):
                best = Match(start, found[0], found[1])
        if best is not None:
            out.append(best)
            pos = best.end
        else:
            pos += 1
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gazetteer_jumps_find_the_matches_of_every_position(lang: str) -> None:
    trie = gazetteer(lang).trie
    total = 0
    for text in [*_texts(), "xFrance", "France", "وفرنسا", "(France)", "¹France"]:
        got = trie.find(text)
        assert got == _find_every_position(trie, text), text
        total += len(got)
    assert total > 20

