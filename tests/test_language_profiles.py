"""langdetect's profiles with the n-gram table filled on demand (pipeline.language.profiles),
against langdetect's own factory: the reference."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from pipeline.language.profiles import NgramTable, load_factory

UNPC = Path(__file__).resolve().parent / "data" / "unpc"  # 200 UNPC sentences per language


@cache
def _reference() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def test_every_ngram_has_langdetects_probabilities() -> None:
    reference, lazy = _reference(), load_factory()
    assert lazy.langlist == reference.langlist  # the same languages, in the same order
    table = lazy.word_lang_prob_map
    assert isinstance(table, NgramTable) and len(table) == 0  # nothing computed yet
    grams = reference.word_lang_prob_map
    assert all(gram in table for gram in grams)
    assert all(table[gram] == probs for gram, probs in grams.items())
    assert "zzzz" not in table and "\u2603" not in table
    with pytest.raises(KeyError):
        table["\u2603"]


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_detections_are_langdetects(lang: str) -> None:
    path = UNPC / f"{lang}.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()[:120] if ln.strip()]
    assert len(lines) >= 100
    reference, lazy = _reference(), load_factory()
    for seed, line in enumerate(lines):
        got = []
        for factory in (reference, lazy):
            factory.seed = seed
            detector = factory.create()
            detector.append(line)
            got.append([(p.lang, p.prob) for p in detector.get_probabilities()])
        assert got[0] == got[1], line
