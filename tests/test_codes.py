"""The catalogue of codes (pipeline/codes.py): complete, used, documented, enforced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.codes import MEANINGS, ErrorCode, IssueCode, SkipReason, catalogue_markdown
from pipeline.errors import DocumentError
from pipeline.models import Issue, RunError

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "codes.py"]
ALL = [*IssueCode, *ErrorCode, *SkipReason]


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)


def test_docs_page_is_the_catalogue() -> None:
    page = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run `python -m pipeline.codes > docs/codes.md`"


def test_every_code_has_a_meaning_and_codes_are_unique() -> None:
    assert set(MEANINGS) == set(ALL)
    values = [c.value for c in ALL]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) for v in values)


def test_every_code_written_in_the_code_is_catalogued() -> None:
    source = _source()
    written = set(re.findall(r'\bcode="([a-z0-9-]+)"', source))
    written |= set(re.findall(r'DocumentError\(\s*"([a-z0-9-]+)"', source))
    assert written, "the scan found no code at all"
    known = {c.value for c in ALL}
    assert written - known == set()


def test_every_catalogued_code_is_used() -> None:
    source = _source()
    unused = [c.value for c in ALL
              if f'"{c.value}"' not in source and f".{c.name}" not in source]
    assert unused == []


def test_an_uncatalogued_code_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError):
        Issue(code="made-up-code", message="x")
    with pytest.raises(ValidationError):
        RunError(code="made-up-code", message="x")
    with pytest.raises(ValueError):
        DocumentError("made-up-code", "x")
    assert Issue(code="footnote-missing", message="x").code == "footnote-missing"
