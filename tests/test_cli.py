"""The ``docpipe`` command, driven through ``main(argv)`` (no subprocess, no Prefect)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import pipeline.cli
import pipeline.process
import pipeline.runs.worker
from pipeline.cli import main
from pipeline.emit import to_json
from pipeline.models import RunSummary
from pipeline.runs.summary import SUMMARY_NAME
from pipeline.schema import COMMITTED_SCHEMA
from tests.test_batch_run import fake_process, fake_run_stages


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == COMMITTED_SCHEMA.read_text(encoding="utf-8")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("docpipe ")


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_process_one_file_prints_its_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pipeline.process, "process_file", fake_process)  # imported when used
    doc = tmp_path / "x.txt"
    doc.write_text("A/63/261 fr", encoding="utf-8")
    assert main(["process", str(doc)]) == 0
    out = capsys.readouterr().out
    assert out == to_json(fake_process(doc).output)
    assert json.loads(out)["document"]["symbol"] == "A/63/261"


def test_process_one_unreadable_file_exits_1_with_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["process", str(empty)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "empty-input" in captured.err


def test_process_several_files_needs_out(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    assert main(["process", str(a), str(b)]) == 2


def test_process_with_out_writes_summary_and_prints_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pipeline.runs.worker, "run_stages", fake_run_stages)
    monkeypatch.setenv("DOCPIPE_TIME_LIMIT", "0")  # with one worker: in this process
    monkeypatch.setenv("COLUMNS", "400")  # table rows on one line each
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("S/PRST/2007/24 en", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["process", str(corpus), "--out", str(out), "--concurrency", "1"]) == 1
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert [(Path(r.input).name, r.status) for r in summary.documents] == [
        ("empty.txt", "failed"), ("good.txt", "ok"),
    ]
    printed = capsys.readouterr()
    assert printed.out == ""  # the table is a report: standard error
    assert "empty-input" in printed.err and "1 ok, 1 failed" in printed.err

    (corpus / "empty.txt").unlink()
    assert main(["process", str(corpus), "--out", str(out), "--concurrency", "1"]) == 0
    err = capsys.readouterr().err
    assert "0 ok, 0 failed, 1 skipped" in err  # good.txt is unchanged
    assert "nothing to do: 1 document unchanged since the last run" in err


def test_extract_writes_one_json_object_per_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        "See resolution 1373 (2001) and document A/60/88/Corr.2.",
        "",
        "Nothing to see here.",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["extract", "--lang", "en"]) == 0
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == lines
    for r in records:
        assert set(r) >= {"text", "symbols", "references", "dates", "entities"}
        for kind in ("symbols", "references", "dates", "entities"):
            for m in r[kind]:
                assert r["text"][m["span"][0]:m["span"][1]] == m["text"]
    assert records[1]["symbols"] == [] and records[2]["symbols"] == []
    assert [m["symbol"] for m in records[0]["symbols"]] == ["A/60/88/Corr.2"]


def test_extract_rejects_an_unknown_language() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--lang", "de"])
    assert exc.value.code == 2


def test_run_on_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the real pipeline, no fakes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_process_real_document_to_stdout_validates(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    from pipeline.schema import schema_text

    assert main(["process", str(CORPUS / "S_PRST_2007_24-EN.txt")]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, json.loads(schema_text()))
    assert doc["document"]["symbol"] == "S/PRST/2007/24"
    assert doc["document"]["body"] == "Security Council"
    assert doc["source"]["format"] == "text"


def test_process_corpus_twice_gives_identical_bytes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["process", str(CORPUS), "--out", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name[0] not in "_."}
    assert sorted(first) == ["A_63_261.fr.json", "S_PRST_2007_24.en.json"]
    assert main(["process", str(CORPUS), "--out", str(out), "--force"]) == 0
    second = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name[0] not in "_."}
    assert first == second
    summary = RunSummary.model_validate_json((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert summary.ok == 2 and set(summary.stage_seconds) == {
        "ingest", "language", "segment", "extract", "emit",
    }
