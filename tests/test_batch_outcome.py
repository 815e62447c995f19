"""Run records of single documents and the summary's counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, DocumentError
from pipeline.models import RunRecord
from pipeline.runs.outcome import outcome, run_error
from pipeline.runs.summary import summarize


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


def test_markdown_report_counts_pages_mentions_and_slowest() -> None:
    from pipeline.models import RunError
    from pipeline.runs.report import summary_markdown
    from pipeline.runs.summary import summarize

    records = [
        RunRecord(input="a.pdf", status="ok", output="A.json", error=None, pages=3,
                  timings={"ingest": 1.0, "extract": 2.0},
                  mentions={"symbols": 4, "references": 1, "dates": 2, "entities": 5}),
        RunRecord(input="b.pdf", status="ok", output="B.json", error=None, pages=2,
                  timings={"ingest": 0.5}, mentions={"symbols": 1, "references": 0,
                                                     "dates": 0, "entities": 1}),
        RunRecord(input="c|d.txt", status="failed", output=None, timings={"ingest": 9.0},
                  error=RunError(code="timeout", message="stopped after 9 s")),
        RunRecord(input="e.txt", status="skipped", output="E.json", error=None,
                  reason="unchanged"),
    ]
    text = summary_markdown(summarize(records, 12.0))
    lines = text.splitlines()
    assert "| 4 | 2 | 1 | 1 | 5 | 12.0 |" in lines  # documents ok failed skipped pages seconds
    assert "| 5 | 1 | 2 | 6 |" in lines  # symbols references dates entities
    slowest = lines[lines.index("## Slowest documents") + 4:][:3]
    assert [row.split(" | ")[0] for row in slowest] == ["| c\\|d.txt", "| a.pdf", "| b.pdf"]
    assert "| c\\|d.txt | timeout | stopped after 9 s |" in lines
    assert "e.txt" not in text  # skipped documents took no time
