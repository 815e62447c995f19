"""The masthead language files: same keys everywhere, examples and counterexamples executed."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.languages import LANGUAGES, available_languages, load_lang_data
from pipeline.segment.masthead import parse_masthead_line


def test_every_language_has_a_file_with_the_same_keys() -> None:
    assert available_languages("masthead") == sorted(LANGUAGES)
    keys = {lang: set(load_lang_data("masthead", lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys


def _cases(kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [(lang, case) for lang in LANGUAGES
            for case in load_lang_data("masthead", lang)[kind]]


@pytest.mark.parametrize(("lang", "case"), _cases("examples"))
def test_examples(lang: str, case: dict[str, Any]) -> None:
    assert parse_masthead_line(case["line"], lang) == (case["field"], case["value"])


@pytest.mark.parametrize(("lang", "case"), _cases("counterexamples"))
def test_counterexamples(lang: str, case: dict[str, Any]) -> None:
    found = parse_masthead_line(case["line"], lang)
    assert found is None or found[0] != case["field"]


def _organ_cases() -> list[dict[str, Any]]:
    from pipeline.languages import DATA_DIR, load_yaml_mapping

    cases: list[dict[str, Any]] = load_yaml_mapping(DATA_DIR / "symbols.yaml")["organ_examples"]
    return cases


@pytest.mark.parametrize("case", _organ_cases())
def test_organ_of_a_symbol_series(case: dict[str, Any]) -> None:
    from pipeline.segment.masthead import organ_of_symbol

    assert organ_of_symbol(case["symbol"]) == case["organ"]
