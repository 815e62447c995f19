"""Per-language word lists and patterns: ``pipeline/data/<concern>/<lang>.yaml``.

Words are data, grammar is code. Every file of one concern carries the same top-level keys
(a test checks it), including ``examples`` and ``counterexamples`` that the tests execute.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def concern_dir(concern: str) -> Path:
    return DATA_DIR / concern


# PyYAML's safe loader on libyaml's C parser when it is installed (it is with PyYAML's wheels):
# the same data, ~7× faster; every process (the command, each worker) parses ~30 of these files,
# 0.3-0.4 s with the pure-Python parser. tests/test_languages_yaml.py checks that both loaders
# give every data file the same value.
DATA_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_mapping(path: Path) -> dict[str, Any]:
    """The top-level mapping of one of the project's YAML data files (PyYAML's safe loader, on
    libyaml when installed: :data:`DATA_LOADER`). Raises :class:`ConfigError` for a missing,
    unreadable or malformed file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=DATA_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level is not a mapping")
    return data


@cache
def load_lang_data(concern: str, lang: str) -> dict[str, Any]:
    """The mapping of ``data/<concern>/<lang>.yaml``; falls back to ``en`` for a language that has
    no file. Raises :class:`ConfigError` for a missing concern or a malformed file."""
    path = concern_dir(concern) / f"{lang}.yaml"
    if not path.is_file():
        path = concern_dir(concern) / "en.yaml"
    if not path.is_file():
        raise ConfigError(f"no language data for {concern!r} ({path})")
    return load_yaml_mapping(path)


def available_languages(concern: str) -> list[str]:
    return sorted(p.stem for p in concern_dir(concern).glob("*.yaml"))
