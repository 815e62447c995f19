"""The pipeline's output on real documents, byte for byte against the committed golden files.

A difference is either a regression or an intended change of reading: then run ``make golden``
and explain the diff in the commit. This test never writes a golden file.
"""

from __future__ import annotations

import difflib
import re

import pytest

from tests.golden import ROOT, all_names, golden_path, render

MAX_DIFF_LINES = 120


def _readable_diff(expected: str, actual: str, name: str) -> str:
    diff = list(difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"golden/{name}", f"now/{name}",
        lineterm="", n=2,
    ))
    shown = diff[:MAX_DIFF_LINES]
    more = len(diff) - len(shown)
    tail = [f"... {more} more diff lines"] if more > 0 else []
    return "\n".join([*shown, *tail, "", "intended? run `make golden` and explain the diff"])


@pytest.mark.parametrize("name", all_names())
def test_output_equals_the_golden_file(name: str) -> None:
    path = golden_path(name)
    assert path.exists(), f"no golden file for {name}: run `make golden`"
    expected = path.read_text(encoding="utf-8")
    actual = render(name)
    if actual != expected:
        pytest.fail(_readable_diff(expected, actual, name), pytrace=False)


def test_every_golden_file_has_an_input() -> None:
    expected = {golden_path(n) for n in all_names()}
    stale = sorted(p.relative_to(ROOT).as_posix()
                   for p in (ROOT / "tests" / "golden").rglob("*.json*") if p not in expected)
    assert stale == []


def test_ci_and_the_test_targets_never_rewrite_golden_files() -> None:
    """The switch that rewrites them (``make golden``) stays out of CI and ``make test``."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "golden" not in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M))
    for target in ("test", "test-service", "lint"):
        assert "golden" not in recipes[target], target
    assert "tests.golden" in recipes["golden"]
