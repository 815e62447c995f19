"""docs/library.md: its code blocks run, in order, from the repository's folder, and print what
its ``text`` blocks show (issue 19)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "library.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_the_documented_examples_run_and_print_what_the_page_shows(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    code, shown = _blocks("python"), _blocks("text")
    assert len(code) == len(shown) == 2
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "library_example"}
    for block, expected in zip(code, shown, strict=True):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block, str(PAGE), "exec"), namespace)
        assert printed.getvalue() == expected
