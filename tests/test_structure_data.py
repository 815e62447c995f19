"""The heading-label language files: same keys everywhere, examples and counterexamples run."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.languages import LANGUAGES, available_languages, load_lang_data
from pipeline.segment.labels import heading_match, names_a_person, part_heading


def test_every_language_has_a_file_with_the_same_keys() -> None:
    assert available_languages("structure") == sorted(LANGUAGES)
    keys = {lang: set(load_lang_data("structure", lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys


@pytest.mark.parametrize(("lang", "case"), [
    (lang, case) for lang in LANGUAGES for case in load_lang_data("structure", lang)["examples"]])
def test_examples(lang: str, case: dict[str, Any]) -> None:
    assert heading_match(case["text"], lang) == (case["level"], case["label"], case["title"])


@pytest.mark.parametrize(("lang", "text"), [
    (lang, text) for lang in LANGUAGES
    for text in load_lang_data("structure", lang)["counterexamples"]])
def test_counterexamples(lang: str, text: str) -> None:
    assert heading_match(text, lang) is None


def test_letter_i_after_h_is_a_section_not_chapter_one() -> None:
    assert heading_match("I. Human rights", "en", after=(2, "H")) == (2, "I", "Human rights")
    assert heading_match("I. Introduction", "en", after=None) == (1, "I", "Introduction")


@pytest.mark.parametrize(("lang", "case"), [
    (lang, case) for lang in LANGUAGES
    for case in load_lang_data("structure", lang)["part_examples"]])
def test_part_examples(lang: str, case: dict[str, Any]) -> None:
    assert part_heading(case["text"], lang) == case["kind"]


@pytest.mark.parametrize(("lang", "text"), [
    (lang, text) for lang in LANGUAGES
    for text in load_lang_data("structure", lang)["part_counterexamples"]])
def test_part_counterexamples(lang: str, text: str) -> None:
    assert part_heading(text, lang) is None


@pytest.mark.parametrize(("lang", "text"), [
    (lang, text) for lang in LANGUAGES
    for text in load_lang_data("structure", lang)["person_examples"]])
def test_person_examples(lang: str, text: str) -> None:
    assert names_a_person(text, lang)
    assert not names_a_person(text.split(" ", 1)[1], lang)
