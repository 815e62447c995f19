"""The examples and counterexamples of data/references/<lang>.yaml and data/symbols.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.extract import snippet_document
from pipeline.extract.references import extract_references
from pipeline.extract.segments import iter_segments
from pipeline.extract.symbols import extract_symbols
from pipeline.extract.symbols.grammar import load_symbol_data
from pipeline.languages import LANGUAGES, available_languages, load_lang_data
from pipeline.models import Mentions


def extract_text(text: str, lang: str) -> Mentions:
    """Symbols and references of one snippet (segment ``b1``), without the other extractors."""
    doc = snippet_document(text, lang)
    segments = iter_segments(doc)
    return Mentions(symbols=extract_symbols(segments, lang),
                    references=extract_references(doc, segments, lang))


def _check_mentions(mentions: Mentions, expected: dict[str, Any], where: str) -> None:
    for kind in ("symbols", "references"):
        if kind not in expected:
            continue
        got = [m.model_dump() for m in getattr(mentions, kind)]
        want: list[dict[str, Any]] = expected[kind]
        assert len(got) == len(want), f"{where}: {kind} {got}"
        for g, w in zip(got, want, strict=True):
            for key, value in w.items():
                if isinstance(g[key], list | tuple) and isinstance(value, list):
                    g[key] = list(g[key])
                assert g[key] == value, f"{where}: {kind}.{key}: {g[key]!r} != {value!r} in {g}"
    for m in [*mentions.symbols, *mentions.references]:
        assert m.text == expected["text"][m.span[0]:m.span[1]]


def test_six_languages_same_keys() -> None:
    assert available_languages("references") == sorted(LANGUAGES)
    keys = {lang: set(load_lang_data("references", lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys


def _cases(kind: str) -> list[tuple[str, Any]]:
    return [(lang, case) for lang in LANGUAGES
            for case in load_lang_data("references", lang)[kind]]


@pytest.mark.parametrize(("lang", "case"), _cases("examples"))
def test_language_examples(lang: str, case: dict[str, Any]) -> None:
    assert "symbols" in case or "references" in case
    _check_mentions(extract_text(case["text"], lang), case, f"{lang}: {case['text']}")


@pytest.mark.parametrize(("lang", "text"), _cases("counterexamples"))
def test_language_counterexamples(lang: str, text: str) -> None:
    mentions = extract_text(text, lang)
    assert mentions.symbols == [] and mentions.references == [], mentions


@pytest.mark.parametrize("case", load_symbol_data()["examples"])
def test_symbol_examples(case: dict[str, Any]) -> None:
    _check_mentions(extract_text(case["text"], "en"), case, case["text"])


@pytest.mark.parametrize("text", load_symbol_data()["counterexamples"])
def test_symbol_counterexamples(text: str) -> None:
    assert extract_text(text, "en").symbols == []
