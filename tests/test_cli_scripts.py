"""The command line in scripts (issue 19): data on stdout, messages on stderr and never wrapped,
quiet when the reader goes away, ``-`` for stdin, ``--version``, ``docpipe config``, and the guard
rails of unattended runs (empty runs, bad language codes, missing inputs, variables named in
errors, files that are no UN document)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.runs.worker
from pipeline.cli import main
from pipeline.errors import ConfigError
from pipeline.process import process_file
from pipeline.runs.config import load_settings, resolve_settings
from pipeline.stages import DocumentRun, StageOptions
from tests.test_batch_run import fake_process

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def _fake_run_stages(path: str, options: StageOptions, **_: object) -> DocumentRun:
    """The stage loop without the pipeline: first line ``SYMBOL LANG``; a language the
    configuration does not select is excluded, as the real loop does."""
    processed = fake_process(Path(path))
    lang = processed.output.document.language
    if options.languages is not None and (lang or "und") not in options.languages:
        return DocumentRun(excluded_language=lang, timings=processed.timings)
    return DocumentRun(output=processed.output, timings=processed.timings)


@pytest.fixture
def fake_batch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Batches run the fake runner in this process; the current folder has no docpipe.yaml."""
    monkeypatch.setattr(pipeline.runs.worker, "run_stages", _fake_run_stages)
    monkeypatch.setenv("DOCPIPE_TIME_LIMIT", "0")
    monkeypatch.setenv("DOCPIPE_CONCURRENCY", "1")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _corpus(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _docpipe(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120,
                          env={**os.environ, **(env or {})}, check=False)


# ---------------------------------------------------------------------------- stdout / stderr


def test_process_prints_the_json_on_stdout_and_nothing_on_stderr(
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["process", str(CORPUS / "S_PRST_2007_24-EN.txt")]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["doc_id"] == "S/PRST/2007/24:en"
    assert captured.err == ""


def test_batch_report_goes_to_stderr_unwrapped(
    fake_batch: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")  # a narrow "terminal": nothing may be folded anyway
    deep = fake_batch / ("a-rather-long-folder-name-" * 4) / "corpus"
    _corpus(deep, {"good.txt": "S/PRST/2007/24 en", "bad.txt": ""})
    out = fake_batch / ("another-long-output-folder-" * 3)
    assert main(["process", str(deep), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    # every path and message on one line, whole
    assert any(str(deep / "bad.txt") in line and "empty-input" in line for line in lines)
    assert any(str(out / "S_PRST_2007_24.en.json") in line for line in lines)


def test_error_messages_are_plain_lines_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    missing = tmp_path / ("a-folder-with-a-long-name-" * 5) / "document.txt"
    assert main(["process", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"docpipe: error: no such file or folder: {missing}\n"


# ---------------------------------------------------------------------------- pipes


@pytest.mark.parametrize("args", [["schema"], ["extract", "--lang", "en"]])
def test_no_traceback_when_the_reader_goes_away(args: list[str]) -> None:
    """Like ``docpipe schema | head -c 0``: the pipe's reading end is closed before docpipe
    writes, so its first write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT,
                              input=b"See resolution 1373 (2001) of 28 September 2001.\n" * 50,
                              stdout=write_end, stderr=subprocess.PIPE, timeout=120,
                              check=False)
    finally:
        os.close(write_end)
    assert proc.stderr.decode() == ""  # no traceback, no "Exception ignored" at exit
    assert proc.returncode == 141


# ---------------------------------------------------------------------------- stdin


def test_process_reads_a_document_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = (CORPUS / "S_PRST_2007_24-EN.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["process", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["source"]["path"] == "-"
    assert doc["document"]["symbol"] == "S/PRST/2007/24"  # from its masthead
    assert doc["paragraphs"] or doc["blocks"]


def test_process_stdin_takes_symbol_and_language_from_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(
        b"Some text of a statement without any masthead at all, long enough to read.\n")))
    assert main(["process", "-", "--name", "S_PRST_2007_24-EN.txt"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["document"]["symbol"] == "S/PRST/2007/24"
    assert doc["document"]["language"] == "en"


def test_stdin_is_alone_and_without_out(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["process", "-", "--out", str(tmp_path)]) == 2
    assert main(["process", "-", str(CORPUS / "S_PRST_2007_24-EN.txt")]) == 2
    assert "standard input" in capsys.readouterr().err


def test_extract_reads_files_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "lines.txt"
    text.write_text("résolution 62/47\nle 11 août 2008\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("A/63/261\n"))
    assert main(["extract", "--lang", "fr", str(text), "-"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["résolution 62/47", "le 11 août 2008", "A/63/261"]
    assert records[1]["dates"][0]["start"] == "2008-08-11"
    assert main(["extract", "--lang", "fr", str(tmp_path / "nope.txt")]) == 2


# ---------------------------------------------------------------------------- version, config


def test_version_names_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline import __version__
    from pipeline.models import SCHEMA_VERSION

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"docpipe {__version__} (output schema {SCHEMA_VERSION})\n"


def test_config_prints_each_value_and_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    config = tmp_path / "docpipe.yaml"
    config.write_text("corpus: docs\nconcurrency: 3\nschedule:\n  cron: '5 4 * * *'\n",
                      encoding="utf-8")
    monkeypatch.setenv("DOCPIPE_TIME_LIMIT", "30")
    monkeypatch.delenv("DOCPIPE_CONCURRENCY", raising=False)
    assert main(["config", "--config", str(config), "--out", "elsewhere", "--allow-empty"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"# configuration file: {config}"
    found = {line.split(":")[0]: line for line in lines[1:]}
    assert found["corpus"].endswith(f"# {config}") and str(tmp_path / "docs") in found["corpus"]
    assert found["concurrency"].startswith("concurrency: 3") and str(config) in found["concurrency"]
    assert found["schedule.cron"].endswith(f"# {config}")
    assert found["time_limit_seconds"].endswith("# DOCPIPE_TIME_LIMIT=30")
    assert found["out"].endswith("# --out") and '"elsewhere"' in found["out"]
    assert found["allow_empty"].endswith("# --allow-empty")
    assert found["schedule.timezone"] == found["schedule.timezone"].split("#")[0] + "# default"
    assert main(["config", "--config", str(config), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["settings"]["concurrency"] == {"value": 3, "source": str(config)}
    assert body["settings"]["incremental"] == {"value": True, "source": "default"}


# ---------------------------------------------------------------------------- guard rails


def test_a_run_that_matched_no_file_says_so_and_exits_3(
    fake_batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = _corpus(fake_batch / "empty", {"notes.md": "not a document"})
    out = fake_batch / "out"
    assert main(["process", str(empty), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert f"no input file matched the patterns (*.txt, *.pdf) under {empty}" in err
    assert main(["process", str(empty), "--out", str(out), "--allow-empty"]) == 0
    assert "allowed: --allow-empty" in capsys.readouterr().err
    assert main(["process", str(empty)]) == 3  # no --out either


def test_a_run_that_skipped_every_document_for_its_language_exits_3(
    fake_batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(fake_batch / "corpus", {"a.txt": "A/63/261 fr", "b.txt": "A/63/262 fr"})
    (fake_batch / "docpipe.yaml").write_text("languages: [en]\n", encoding="utf-8")
    assert main(["process", str(corpus), "--out", str(fake_batch / "out")]) == 3
    err = capsys.readouterr().err
    assert "every document was skipped for its language: 2 in fr; `languages` selects en" in err
    os.environ["DOCPIPE_ALLOW_EMPTY"] = "true"
    try:
        assert main(["process", str(corpus), "--out", str(fake_batch / "out2")]) == 0
    finally:
        del os.environ["DOCPIPE_ALLOW_EMPTY"]


def test_an_unchanged_run_is_not_empty(fake_batch: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(fake_batch / "corpus", {"a.txt": "A/63/261 fr"})
    assert main(["process", str(corpus), "--out", str(fake_batch / "out")]) == 0
    capsys.readouterr()
    assert main(["process", str(corpus), "--out", str(fake_batch / "out")]) == 0
    assert "nothing to do: 1 document unchanged since the last run" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "words"), [
    ("languages: [eng]\n", ["languages", "'eng'", "ar, en, es, fr, ru, zh", "'en'"]),
    ("languages: [en, de]\n", ["'de'"]),
    ("languages: [EN]\n", ["'EN'", "write 'en'"]),
    ("models: {deu: de_core_news_sm}\n", ["models", "'deu'"]),
])
def test_language_codes_other_than_the_six_are_configuration_errors(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    config = tmp_path / "docpipe.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(config, env={}, require_corpus=False)
    for word in words:
        assert word in str(exc.value)


def test_und_selects_documents_of_unknown_language(tmp_path: Path) -> None:
    config = tmp_path / "docpipe.yaml"
    config.write_text("languages: [und, fr]\n", encoding="utf-8")
    assert load_settings(config, env={}, require_corpus=False).languages == ["fr", "und"]


def test_a_missing_input_file_is_a_usage_error(fake_batch: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    good = _corpus(fake_batch / "corpus", {"a.txt": "A/63/261 fr"}) / "a.txt"
    assert main(["process", str(good), "missing.txt", "--out", "out"]) == 2
    assert capsys.readouterr().err == "docpipe: error: no such file or folder: missing.txt\n"
    assert not (fake_batch / "out").exists()  # nothing was run


def test_an_environment_error_names_the_variable(tmp_path: Path) -> None:
    config = tmp_path / "docpipe.yaml"
    config.write_text("concurrency: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        resolve_settings(config, env={"DOCPIPE_CONCURRENCY": "lots"}, require_corpus=False)
    assert str(exc.value).startswith("DOCPIPE_CONCURRENCY=lots: concurrency: ")
    assert "docpipe.yaml" not in str(exc.value)
    with pytest.raises(ConfigError, match=r"^DOCPIPE_CONFIG=nowhere.yaml: configuration file"):
        resolve_settings(None, env={"DOCPIPE_CONFIG": "nowhere.yaml"})
    with pytest.raises(ConfigError, match=r"^--concurrency: concurrency: "):
        resolve_settings(config, env={}, overrides={"concurrency": 0},
                         option_names={"concurrency": "--concurrency"}, require_corpus=False)
    with pytest.raises(ConfigError, match=r"docpipe.yaml: concurrency: "):
        config.write_text("concurrency: many\n", encoding="utf-8")
        resolve_settings(config, env={}, require_corpus=False)


def test_environment_error_through_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCPIPE_INCREMENTAL", "sometimes")
    assert main(["config"]) == 2
    assert capsys.readouterr().err.startswith(
        "docpipe: configuration error: DOCPIPE_INCREMENTAL=sometimes: incremental: ")


# ---------------------------------------------------------------------------- not a UN document


def _issue_codes(path: Path) -> list[str]:
    return [i.code for i in process_file(path).output.issues]


def test_a_file_that_is_no_un_document_says_so(tmp_path: Path) -> None:
    readme = tmp_path / "notes.txt"
    readme.write_text("# Release notes\n\nThis version adds an export of tables and a review "
                      "page. Install it with pip and run the command on a folder of files.\n",
                      encoding="utf-8")
    assert "not-un-document" in _issue_codes(readme)
    german = tmp_path / "brief.txt"
    german.write_text("Sehr geehrte Damen und Herren,\n\nwir danken Ihnen für Ihr Schreiben vom "
                      "3. März und möchten Ihnen mitteilen, dass die Sitzung verschoben wird. "
                      "Die neue Tagesordnung folgt in den nächsten Tagen.\n", encoding="utf-8")
    issues = process_file(german).output.issues
    flagged = [i for i in issues if i.code == "not-un-document"]
    assert flagged and "is not one of ar en es fr ru zh" in flagged[0].message


def test_a_un_document_without_a_symbol_in_its_name_is_not_flagged(tmp_path: Path) -> None:
    # S/PRST/2007/24 prints its symbol and organ in its masthead
    renamed = tmp_path / "statement.txt"
    renamed.write_bytes((CORPUS / "S_PRST_2007_24-EN.txt").read_bytes())
    assert "not-un-document" not in _issue_codes(renamed)
