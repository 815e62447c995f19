"""Huge patterns compiled once per machine: the cached pattern is the one ``re`` would build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.extract import compiled_patterns
from pipeline.extract.compiled_patterns import MIN_LENGTH, reusing_compiled_patterns
from pipeline.user_cache import cache_dir


def _big_pattern(tag: str) -> str:
    """A case-insensitive alternation of word patterns with large character classes, longer
    than MIN_LENGTH (like spaCy's French token_match), unique per test."""
    words = [f"^{tag}{i}[-\u00c0-\u024f\u0400-\u04ff]+[a-z\u00e0-\u00ff]*$" for i in range(4000)]
    pattern = "(?iu)" + "|".join(f"(?:{w})" for w in words) + f"|(?P<tail>{tag}z+)"
    assert len(pattern) >= MIN_LENGTH
    return pattern


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCPIPE_CACHE", str(tmp_path))
    return tmp_path


def _forget(pattern: str) -> None:
    re.purge()
    assert (str, pattern, 0) not in re._cache  # type: ignore[attr-defined]


def test_a_pattern_compiled_in_the_block_is_saved_then_reused_equal(cache: Path) -> None:
    pattern = _big_pattern("saved")
    with reusing_compiled_patterns("test-model"):
        first = re.compile(pattern)
    files = list(cache.glob("patterns-test-model-*.json"))
    assert len(files) == 1
    _forget(pattern)
    with reusing_compiled_patterns("test-model"):
        # seeded into re's cache on entering: no compilation happens for this pattern
        assert (str, pattern, 0) in re._cache  # type: ignore[attr-defined]
        again = re.compile(pattern)
    _forget(pattern)
    fresh = re.compile(pattern)
    assert again == fresh == first  # Pattern equality compares pattern, flags and SRE code
    assert again.groupindex == fresh.groupindex == {"tail": 1}
    for text in ("saved12-Ωж", "SAVED7-éa", "savedzzz", "saved3-", "other"):
        assert bool(again.match(text)) == bool(fresh.match(text))
    assert again.match("saved12-Жé") and not again.match("saved12")


def test_short_patterns_are_not_recorded(cache: Path) -> None:
    with reusing_compiled_patterns("test-short"):
        re.compile("(?i)short[a-z]+" + "x" * 10)
    assert not list(cache.glob("patterns-test-short-*.json"))


def test_a_damaged_cache_file_is_ignored_and_rewritten(cache: Path) -> None:
    pattern = _big_pattern("damaged")
    with reusing_compiled_patterns("test-damaged"):
        re.compile(pattern)
    path = next(cache.glob("patterns-test-damaged-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["patterns"][0]["code"][5] += 1  # a changed code no longer matches its checksum
    path.write_text(json.dumps(data), encoding="utf-8")
    _forget(pattern)
    with reusing_compiled_patterns("test-damaged"):
        assert (str, pattern, 0) not in re._cache  # type: ignore[attr-defined]
        compiled = re.compile(pattern)
    _forget(pattern)
    assert compiled == re.compile(pattern)
    path.write_text("{not json", encoding="utf-8")
    _forget(pattern)
    with reusing_compiled_patterns("test-damaged"):
        assert re.compile(pattern) == compiled
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 1  # rewritten whole


def test_no_cache_when_the_variable_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCPIPE_CACHE", "")
    assert cache_dir() is None
    pattern = _big_pattern("nocache")
    with reusing_compiled_patterns("test-none"):
        assert re.compile(pattern).match("nocache1-é")


def test_the_compiler_is_restored_after_the_block(cache: Path) -> None:
    original = re._compiler.compile  # type: ignore[attr-defined]
    with pytest.raises(ValueError), reusing_compiled_patterns("test-raise"):
        raise ValueError("loading failed")
    assert re._compiler.compile is original  # type: ignore[attr-defined]
    assert compiled_patterns._SUPPORTED
