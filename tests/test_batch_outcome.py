"""Run records of single documents and the summary's counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, DocumentError
from pipeline.models import RunRecord
from pipeline.outcome import outcome, run_error
from pipeline.summary import summarize


def test_document_error_keeps_its_code_and_message() -> None:
    err = run_error(DocumentError("encrypted-pdf", "x.pdf is encrypted"))
    assert (err.code, err.message) == ("encrypted-pdf", "x.pdf is encrypted")


def test_other_exceptions_are_internal_errors_with_their_text() -> None:
    err = run_error(ValueError("bad offset 12"))
    assert (err.code, err.message) == ("internal-error", "ValueError: bad offset 12")
    assert run_error(NotImplementedError()).message == "NotImplementedError"
    assert run_error(ConfigError("no months for xx")).code == "config-error"


def test_outcome_ok_and_failed() -> None:
    ok = outcome(Path("c/a.txt"), output=Path("o/A_1.en.json"), timings={"ingest": 0.5})
    assert ok == RunRecord(
        input="c/a.txt", status="ok", output="o/A_1.en.json", error=None,
        timings={"ingest": 0.5},
    )
    bad = outcome(Path("c/b.txt"), error=DocumentError("empty-input", "b.txt is empty"))
    assert bad.status == "failed" and bad.output is None
    assert bad.error is not None and bad.error.code == "empty-input"
    with pytest.raises(ValueError):
        outcome(Path("c/a.txt"))


def test_summarize_sorts_and_counts() -> None:
    records = [
        RunRecord(input="b", status="failed", output=None, error=None),
        RunRecord(input="c", status="skipped", output=None, error=None),
        RunRecord(input="a", status="ok", output="x", error=None),
        RunRecord(input="d", status="ok", output="y", error=None),
    ]
    summary = summarize(records)
    assert [r.input for r in summary.documents] == ["a", "b", "c", "d"]
    assert (summary.ok, summary.failed, summary.skipped) == (2, 1, 1)
