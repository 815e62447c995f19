"""Issue 15: real operations. One document never breaks a folder, a missing share never wipes
outputs, nothing outside the corpus is read, a file rewritten during a run is not recorded as
done, any file name works, faults mid-run are reported and never lose work.

The batch here runs the real pipeline, in this process (``concurrency: 1``, no time limit), on
small text documents made from the dev corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pipeline.runs.batch
import pipeline.runs.worker
from pipeline.cli import main
from pipeline.corpus import update_corpus_views
from pipeline.emit import write_atomic
from pipeline.extract import extract_text
from pipeline.process import process_file
from pipeline.runs.batch import run_batch
from pipeline.runs.config import Settings
from pipeline.runs.discover import scan
from pipeline.runs.lock import OutputBusy
from pipeline.runs.state import STATE_NAME
from pipeline.stages import DocumentRun, StageOptions, run_stages

ROOT = Path(__file__).resolve().parents[1]
PRST = (ROOT / "corpus" / "S_PRST_2007_24-EN.txt").read_text(encoding="utf-8")
INLINE = Settings(concurrency=1, time_limit_seconds=None)


def _doc(symbol: str) -> str:
    """A small real document under another symbol."""
    return PRST.replace("S/PRST/2007/24", symbol)


def _corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, count + 1):
        path = folder / f"S_PRST_2007_{i}-EN.txt"
        path.write_text(_doc(f"S/PRST/2007/{i}"), encoding="utf-8")
        paths.append(path)
    return paths


def _outputs(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.json") if not p.name.startswith("_"))


def _summary(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "_run_summary.json").read_text(encoding="utf-8"))
    return data


def _run(corpus: Path, out: Path, settings: Settings = INLINE,
         prune: bool = False) -> dict[str, Any]:
    found = scan(corpus, settings.patterns, settings.links)
    run_batch(found.documents, out, settings=settings, roots=[corpus], refused=found.refused,
              prune="always" if prune else None)
    return _summary(out)


# ---------------------------------------------------------------- 1. numbers beyond int's limit

BIG_GROUPED = "The total is 1" + " 000" * 1500 + " dollars, as of 12 July 2008."
BIG_RUN = "Paragraph 1" + "0" * 5000 + " of resolution 62/4" + "7" * 5000 + ", 3 March 2009."


def test_a_number_of_thousands_of_digits_breaks_nothing(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "S_PRST_2007_24-EN.txt").write_text(f"{PRST}\n\n{BIG_GROUPED}\n\n{BIG_RUN}\n",
                                                   "utf-8")
    (corpus / "S_PRST_2007_2-EN.txt").write_text(_doc("S/PRST/2007/2"), "utf-8")
    summary = _run(corpus, out)
    assert [r["status"] for r in summary["documents"]] == ["ok", "ok"]
    doc = json.loads((out / "S_PRST_2007_24.en.json").read_text("utf-8"))
    assert any(d["value"] == "2008-07-12" for d in doc["dates"])  # the readable parts are read
    assert update_corpus_views(out).documents == 2  # the views that crashed on it
    assert main(["index", str(out)]) == 0
    assert _run(corpus, out)["skipped"] == 2  # and every later run works


def test_extract_reads_every_line_and_reports_one_that_fails(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "fr", "ar", "zh", "ru", "es"):
        extract_text(BIG_RUN, lang)  # no exception in any language
    real = extract_text

    def flaky(text: str, lang: str) -> Any:
        if text == "boom":
            raise RuntimeError("a bug on one line")
        return real(text, lang)

    monkeypatch.setattr("pipeline.extract.extract_text", flaky)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("see resolution 62/47\nboom\n"
                                                               "see resolution 63/1\n"))
    assert main(["extract", "--lang", "en"]) == 1  # one line failed
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["text"] for x in lines] == ["see resolution 62/47", "boom", "see resolution 63/1"]
    assert lines[1]["error"]["code"] == "internal-error"
    assert lines[2]["references"][0]["symbol"] == "A/RES/63/1"  # the line after it is read


# ---------------------------------------------------------------- 2. pruning


def test_an_empty_or_unmounted_corpus_never_wipes_the_outputs(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 3)
    _run(corpus, out)
    assert len(_outputs(out)) == 3
    shutil.rmtree(corpus)
    corpus.mkdir()  # the share is not mounted: an empty folder
    summary = _run(corpus, out, prune=True)  # not even when told to prune
    assert len(_outputs(out)) == 3
    assert summary["pruned"] == 0 and "no document" in summary["prune_refused"]
    _corpus(corpus, 3)  # the share is back: nothing to redo
    assert _run(corpus, out)["skipped"] == 3


def test_many_inputs_gone_at_once_keep_their_outputs_unless_told(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    paths = _corpus(corpus, 10)
    _run(corpus, out)
    paths[0].unlink()  # one deleted: an ordinary change, its output goes
    summary = _run(corpus, out)
    assert summary["pruned"] == 1 and summary["prune_refused"] is None
    assert len(_outputs(out)) == 9
    for path in paths[1:9]:  # eight of the nine left vanish at once: suspicious
        path.unlink()
    summary = _run(corpus, out)
    assert summary["pruned"] == 0 and "--prune" in summary["prune_refused"]
    assert len(_outputs(out)) == 9
    summary = _run(corpus, out, prune=True)
    assert summary["pruned"] == 8
    assert _outputs(out) == ["S_PRST_2007_10.en.json"]


# ---------------------------------------------------------------- 3. links leaving the corpus


def test_a_link_to_the_process_environment_puts_nothing_in_the_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCPIPE_TEST_SECRET", "s3cr3t-token-value")
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 1)
    os.symlink("/proc/self/environ", corpus / "environ.txt")
    os.symlink("/", corpus / "everything")
    summary = _run(corpus, out)
    reasons = {Path(r["input"]).name: r["reason"] for r in summary["documents"]}
    assert reasons["environ.txt"] == "link-outside-corpus"
    assert reasons["everything"] == "link-outside-corpus"
    assert len(summary["documents"]) == 3  # nothing walked under /
    for path in out.rglob("*"):
        if path.is_file():
            assert b"s3cr3t-token-value" not in path.read_bytes(), path


# ---------------------------------------------------------------- 4. a file rewritten mid-run


def test_a_file_rewritten_while_read_is_not_recorded_as_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    (path,) = _corpus(corpus, 1)
    full = path.read_text("utf-8")
    path.write_text(full[: len(full) // 3], "utf-8")  # the reader sees a third of it
    real = run_stages

    def read_then_finish_writing(p: str, options: StageOptions, **kw: Any) -> DocumentRun:
        run = real(p, options, **kw)
        path.write_text(full, "utf-8")  # the writer finishes after the read
        return run

    monkeypatch.setattr(pipeline.runs.worker, "run_stages", read_then_finish_writing)
    summary = _run(corpus, out)
    (record,) = summary["documents"]
    assert record["status"] == "failed" and record["error"]["code"] == "input-changed"
    assert _outputs(out) == []  # no truncated output
    monkeypatch.setattr(pipeline.runs.worker, "run_stages", real)
    summary = _run(corpus, out)  # the next run reads it again, whole
    assert summary["documents"][0]["status"] == "ok"
    doc = json.loads((out / "S_PRST_2007_1.en.json").read_text("utf-8"))
    assert doc["source"]["sha256"] == json.loads((out / STATE_NAME).read_text("utf-8"))[
        "entries"][os.path.abspath(path)]["sha256"]


# ---------------------------------------------------------------- 5. file names


def test_any_file_name_gets_an_output_and_a_valid_summary(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    text = PRST.replace("S/PRST/2007/24", "")  # no symbol: named after the file
    names = [os.fsencode(corpus) + b"/caf\xe9-report.txt",  # not UTF-8
             os.fsencode(corpus / ("a" * 246 + ".txt")),  # 250 bytes, the limit is 255
             os.fsencode(corpus / "报告.txt"), os.fsencode(corpus / "доклад.txt"),
             os.fsencode(corpus / "تقرير.txt")]
    for name in names:
        with open(name, "w", encoding="utf-8") as fh:
            fh.write(text)
    code = main(["process", str(corpus), "--out", str(out), "--concurrency", "1"])
    summary = _summary(out)
    assert code == 0, summary
    assert {r["status"] for r in summary["documents"]} == {"ok"}
    written = _outputs(out)
    assert len(written) == 5  # five names, five outputs: none collides as `document`
    assert {"报告.en.json", "доклад.en.json", "تقرير.en.json", "caf_xe9-report.en.json"} <= set(
        written)
    assert any(r["input"].endswith("caf\\xe9-report.txt") for r in summary["documents"])
    assert all(len(n.encode()) <= 255 for n in written)


# ---------------------------------------------------------------- 7. faults mid-run


def test_an_unwritable_output_folder_stops_the_run_before_anything_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    if os.access("/sys", os.W_OK) and Path("/sys").is_dir() and os.path.ismount("/sys") is False:
        pytest.skip("no read-only file system to write to here")
    code = main(["process", str(ROOT / "corpus"), "--out", "/sys/docpipe-test-out"])
    assert code == 2
    assert "cannot be written" in capsys.readouterr().out


def test_a_second_run_on_the_same_folder_is_refused_at_once(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 1)
    holder = subprocess.Popen(  # another run, in another process, holds the folder
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from pipeline.runs.lock import output_lock\n"
         f"with output_lock(Path({str(out)!r})):\n print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(OutputBusy, match=f"pid {holder.pid}"):
            _run(corpus, out)
        assert main(["process", str(corpus), "--out", str(out)]) == 2
    finally:
        holder.kill()  # killed, not released: the kernel frees the lock
        holder.wait()
    assert _run(corpus, out)["ok"] == 1  # a run goes ahead at once


def test_a_failed_write_fails_that_document_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 2)
    real = pipeline.runs.placement.write_output  # type: ignore[attr-defined]

    def full_disk(doc: Any, folder: Path) -> Path:
        if doc.document.symbol == "S/PRST/2007/1":
            raise OSError(28, "No space left on device")
        return real(doc, folder)

    monkeypatch.setattr(pipeline.runs.placement, "write_output", full_disk)
    summary = _run(corpus, out)
    status = {Path(r["input"]).name: r for r in summary["documents"]}
    assert status["S_PRST_2007_1-EN.txt"]["error"]["code"] == "output-write-failed"
    assert status["S_PRST_2007_2-EN.txt"]["status"] == "ok"


def test_stale_temporary_files_of_the_views_are_removed(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 1)
    (out / "_siblings").mkdir(parents=True)
    stale = out / "_siblings" / ".S_PRST_2007_1.json.abc123.tmp"  # a run killed mid-write
    stale.write_text("{", encoding="utf-8")
    _run(corpus, out)
    assert not stale.exists()


def test_a_killed_run_keeps_its_progress(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 4)
    monkeypatch.setattr(pipeline.runs.batch, "PROGRESS_EVERY_DOCUMENTS", 1)
    real = pipeline.runs.batch.BatchRun.finish

    def killed(self: Any) -> None:
        raise KeyboardInterrupt  # the run dies before its end

    monkeypatch.setattr(pipeline.runs.batch.BatchRun, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out)
    monkeypatch.setattr(pipeline.runs.batch.BatchRun, "finish", real)
    summary = _run(corpus, out)
    assert summary["skipped"] == 4  # the four done before the kill are not done again


def test_write_atomic_leaves_no_file_when_it_fails(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    with pytest.raises(TypeError):
        write_atomic(target, None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_process_file_handles_the_big_numbers_directly(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(f"A/63/261\n\n{BIG_RUN}\n\n{BIG_GROUPED}\n", "utf-8")
    out = process_file(path).output
    assert out.document.symbol == "A/63/261"
