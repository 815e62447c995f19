"""The fast paths compute what the plain code computes: language detection (langdetect itself), the
date folding (copied spans), the date tokenizer (with its start guard), and the statistical model
on a text beyond spaCy's length limit (in pieces). No timing here: speed is measured by
``docpipe bench`` and the golden outputs check whole outputs."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.extract.dates.lexicon import date_lexicon
from pipeline.extract.entities import _chunks, extract_entities
from pipeline.extract.segments import SegmentText
from pipeline.language import detect_text_language
from pipeline.languages import LANGUAGES
from pipeline.text.folding import DROPPED as _DROP
from pipeline.text.folding import compatibility_folded as _folds
from pipeline.text.folding import fold_for_matching as fold_text

DATA = Path(__file__).parent / "data"


@cache
def parallel_texts() -> tuple[str, ...]:
    """Sentences of the UN Parallel Corpus in the six languages, and the paragraphs of the two
    text documents of the dev corpus."""
    out: list[str] = []
    for name in ("dates_unpc_parallel.yaml", "entities_unpc.yaml"):
        for item in yaml.safe_load((DATA / name).read_text(encoding="utf-8")):
            out += [str(t) for t in item["text"].values()]
    for path in sorted((DATA / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [p for p in text.split("\n\n") if p.strip()][:60]
        out.append(text[:20_000])
    return tuple(out)


def langdetect_best(text: str) -> tuple[str, float] | None:
    DetectorFactory.seed = 0
    try:
        found = detect_langs(text)
    except LangDetectException:
        return None
    return (found[0].lang, found[0].prob) if found else None


EDGE_TEXTS = ["", "   ", "1234 5678 -- 9", "ÉTATS-UNIS D'AMÉRIQUE ET ROYAUME-UNI",
              "see http://www.un.org/x?y=1 or write to info@un.org  now", "a", "x" * 3000,
              "Việt Nam và Liên hợp quốc", "安全理事会 S/2012/197 第 5 段", "مجلس الأمن  ABC"]


def test_detection_is_langdetects_own_verdict_and_needs_no_global_seed() -> None:
    """The stage calls langdetect itself; its seed travels with the call, so the module-global
    ``DetectorFactory.seed`` stays as it was and the verdicts are langdetect's seeded ones."""
    before = DetectorFactory.seed
    texts = [t for t in parallel_texts() if len(t) >= 60][:40]
    ours = [detect_text_language(t) for t in texts]
    assert DetectorFactory.seed == before
    DetectorFactory.seed = 0
    try:
        for text, got in zip(texts, ours, strict=True):
            try:
                best = detect_langs(text[:10_000])[0]
            except LangDetectException:
                assert got is None
                continue
            lang = {"zh-cn": "zh", "zh-tw": "zh"}.get(best.lang, best.lang)
            assert got == (lang, round(best.prob, 4))
    finally:
        DetectorFactory.seed = before
    assert {g[0] for g in ours if g} >= {"ar", "en", "es", "fr", "ru", "zh"}


def reference_fold(text: str) -> tuple[str, tuple[int, ...]]:
    """The character-by-character folding the fast path replaced."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        o = ord(ch)
        if o in _DROP:
            continue
        for c in unicodedata.normalize("NFKC", ch) if _folds(o) else ch:
            chars.append(c)
            origin.append(i)
    return "".join(chars), tuple(origin)


def test_fold_text_equals_the_character_loop() -> None:
    special = "".join(chr(o) for o in sorted(_DROP)) + "ﻻﷲ＄１２ﺍ\ufeffﬁ"
    texts = [*parallel_texts(), special, "a" + special + "b" * 3, "", "plain text"]
    for text in texts:
        folded = fold_text(text)
        assert (folded.text, folded.origin) == reference_fold(text)
    assert fold_text("١٢\u064b ﷲ").text != "١٢\u064b ﷲ"  # the fixture does fold something


def unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The token pattern without its start guard: ``GUARD(?:BODY)``."""
    at = pattern.pattern.index("(?:(?P<month>")
    return re.compile(pattern.pattern[at + 3:-1], pattern.flags)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_date_token_guard_changes_no_match(lang: str) -> None:
    lex = date_lexicon(lang)
    plain = unguarded(lex.token_re)
    assert plain.pattern.startswith("(?P<month>")
    texts = [*parallel_texts(), *(e[0] for e in lex.examples), *lex.counterexamples,
             "Jean-Paul, 3D G8 1er-15 mai 2008—et 12月3日，وحزيران ٢٠١٥"]
    total = 0
    for text in texts:
        folded = fold_text(text).text
        got = [(m.span(), m.lastgroup) for m in lex.token_re.finditer(folded)]
        assert got == [(m.span(), m.lastgroup) for m in plain.finditer(folded)]
        total += len(got)
    assert total > 100


def test_chunks_cover_the_text_and_cut_after_sentences() -> None:
    text = "Le Conseil s'est réuni. " * 10 + "motsansespace" * 10
    pieces = _chunks(text, 50)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 50 for _, p in pieces)
    assert [off for off, _ in pieces] == [sum(len(p) for _, p in pieces[:i])
                                          for i in range(len(pieces))]
    assert pieces[0][1].endswith(". ")  # a sentence end when there is one
    assert _chunks("short", 50) == [(0, "short")]


@pytest.mark.slow
def test_a_segment_beyond_spacys_length_limit_gets_its_entities() -> None:
    """spaCy refuses a text over ``nlp.max_length`` (1,000,000) characters: the model runs on
    pieces and the mentions land at their place in the whole text."""
    unit = "Le Conseil de sécurité s'est réuni à Genève avec M. Jean Dupont le 14 juillet 2008. "
    text = unit * (1_000_000 // len(unit) + 2)
    assert len(text) > 1_000_000
    found = extract_entities([SegmentText("p1", "paragraph", text)], "fr")
    first = [m for m in found if m.span[1] <= len(unit)]
    last = [m for m in found if m.span[0] >= len(text) - len(unit)]
    assert [m.text for m in first] == [m.text for m in last]
    assert {"Genève", "Jean Dupont"} <= {m.text for m in first}
    assert all(text[m.span[0]:m.span[1]] == m.text for m in found)
