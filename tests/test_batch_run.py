"""The batch without Prefect: failure isolation, unique output names, summary, atomic files.

The pipeline itself is replaced by a small stand-in (``fake_process``) so that these tests
are about the batch, whatever the stages do today.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import pipeline.runs.worker
from pipeline.errors import DocumentError
from pipeline.models import (
    DocumentInfo,
    DocumentOutput,
    RunRecord,
    RunSummary,
    Source,
)
from pipeline.process import Processed
from pipeline.runs.batch import run_batch
from pipeline.runs.config import Settings
from pipeline.runs.state import STATE_NAME
from pipeline.runs.summary import SUMMARY_NAME
from pipeline.stages import DocumentRun, StageOptions


def fake_output(path: Path, symbol: str | None, lang: str | None) -> DocumentOutput:
    return DocumentOutput(
        source=Source(path=str(path), sha256=hashlib.sha256(path.read_bytes()).hexdigest()
                      if path.is_file() else "0" * 64, format="text", pages=None),
        document=DocumentInfo(
            symbol=symbol, symbols=[symbol] if symbol else [], language=lang,
            language_confidence=None, original_language=None, body=None, distribution=None,
            date=None, session=None, agenda_items=[], title=None,
        ),
        toc=[], front=[], headings=[], paragraphs=[], blocks=[], footnotes=[], tables=[],
        parts=[], furniture=[],
        symbols=[], references=[], dates=[], entities=[], issues=[],
    )


def fake_process(path: Path) -> Processed:
    """First line ``SYMBOL LANG``; an empty file is unreadable; ``BOOM`` is a bug."""
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise DocumentError("empty-input", f"{path.name} is empty or whitespace only")
    if "BOOM" in text:
        raise KeyError("boom")
    symbol, lang = text.split()[:2]
    return Processed(fake_output(path, symbol, lang), {"ingest": 0.001, "emit": 0.001})


class Recorder:
    def __init__(self) -> None:
        self.total: int | None = None
        self.records: list[RunRecord] = []
        self.summary: RunSummary | None = None

    def started(self, total: int) -> None:
        self.total = total

    def finished(self, record: RunRecord) -> None:
        self.records.append(record)

    def done(self, summary: RunSummary) -> None:
        self.summary = summary


def fake_run_stages(path: str, options: StageOptions, **_: object) -> DocumentRun:
    """The stage loop's stand-in: ``fake_process`` of the file."""
    processed = fake_process(Path(path))
    return DocumentRun(output=processed.output, timings=processed.timings)


INLINE = Settings(concurrency=1, time_limit_seconds=None)


@pytest.fixture(autouse=True)
def _fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.runs.worker, "run_stages", fake_run_stages)


def _corpus(root: Path, files: dict[str, str]) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return [root / name for name in sorted(files)]


def test_a_failing_document_never_stops_the_others(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", {
        "a.txt": "A/63/261 fr", "b.txt": "", "c.txt": "BOOM", "d.txt": "S/PRST/2007/24 en",
    })
    out = tmp_path / "out"
    rec = Recorder()
    summary = run_batch(paths, out, rec, INLINE)
    assert (summary.ok, summary.failed, summary.skipped) == (2, 2, 0)
    by_input = {Path(r.input).name: r for r in summary.documents}
    assert by_input["a.txt"].output == str(out / "A_63_261.fr.json")
    assert by_input["d.txt"].output == str(out / "S_PRST_2007_24.en.json")
    assert by_input["b.txt"].error is not None
    assert by_input["b.txt"].error.code == "empty-input"
    assert by_input["b.txt"].output is None
    assert by_input["c.txt"].error is not None
    assert by_input["c.txt"].error.code == "internal-error"
    assert "KeyError" in by_input["c.txt"].error.message
    assert rec.total == 4 and len(rec.records) == 4 and rec.summary == summary
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(("_", "."))) == [
        "A_63_261.fr.json", "S_PRST_2007_24.en.json",
    ]
    assert (out / SUMMARY_NAME).is_file() and (out / STATE_NAME).is_file()


def test_summary_file_is_the_summary_sorted_by_input(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", {"z.txt": "A/1 en", "m.txt": "", "a.txt": "A/2 en"})
    out = tmp_path / "out"
    summary = run_batch(list(reversed(paths)), out, settings=INLINE)
    on_disk = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert on_disk == summary
    assert [Path(r.input).name for r in on_disk.documents] == ["a.txt", "m.txt", "z.txt"]
    raw = json.loads((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert set(raw["documents"][0]) >= {"input", "status", "output", "error"}


def test_same_output_name_twice_fails_the_later_input(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", {
        "first.txt": "A/63/261 fr", "second.pdf": "A/63/261 fr", "third.txt": "A/63/261 en",
    })
    out = tmp_path / "out"
    summary = run_batch(paths, out, settings=INLINE)
    status = {Path(r.input).name: r for r in summary.documents}
    assert status["first.txt"].status == "ok"
    assert status["third.txt"].status == "ok"  # another language is another file
    dup = status["second.pdf"]
    assert dup.status == "failed" and dup.output is None and dup.error is not None
    assert dup.error.code == "duplicate-output"
    assert "first.txt" in dup.error.message and "A_63_261.fr.json" in dup.error.message
    written = json.loads((out / "A_63_261.fr.json").read_text(encoding="utf-8"))
    assert written["source"]["path"].endswith("first.txt")


def test_rerun_gives_identical_bytes_and_no_temporary_files(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", {"a.txt": "A/63/261 fr", "b.txt": "S/PRST/2007/24 en"})
    out = tmp_path / "out"
    run_batch(paths, out, settings=INLINE)
    first = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}
    full = INLINE.model_copy(update={"incremental": False})
    run_batch(paths, out, settings=full)  # an earlier run's file is not a duplicate: replaced
    second = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}
    assert first == second and len(first) == 2
    # no temporary file left; the lock file (empty once released) is the only hidden file
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".docpipe.lock"]
    assert (out / ".docpipe.lock").read_bytes() == b""


def test_empty_batch_writes_an_empty_summary(tmp_path: Path) -> None:
    summary = run_batch([], tmp_path / "out", settings=INLINE)
    assert (summary.documents, summary.ok, summary.failed, summary.skipped) == ([], 0, 0, 0)
    assert (tmp_path / "out" / SUMMARY_NAME).is_file()


def test_a_new_run_removes_what_a_killed_run_left_half_written(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", {"a.txt": "A/63/261 fr"})
    out = tmp_path / "out"
    out.mkdir()
    (out / ".A_63_261.fr.json.x7k2a9.tmp").write_text('{"half": ', encoding="utf-8")
    run_batch(paths, out, Recorder(), INLINE)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
