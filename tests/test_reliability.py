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
import pipeline.runs.dispatch
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
    assert "cannot be written" in capsys.readouterr().err


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


def test_the_state_is_saved_every_ten_seconds_and_every_twenty_documents_while_cheap() -> None:
    from pipeline.runs.batch import progress_due

    assert not progress_due(0, 60.0, 0.0, 60.0)  # nothing new to save
    assert progress_due(1, 10.0, 5.0, 20.0)  # ten seconds: whatever saving costs
    assert not progress_due(19, 5.0, 0.0, 20.0)
    assert progress_due(20, 0.5, 0.1, 20.0)  # saving took 0.5 % of the run
    # a large batch whose state takes long to write: every 20 documents would be 44 % of the
    # parent's time (10,000 documents, written whole every 20); it waits
    assert not progress_due(20, 0.5, 1.0, 20.0)
    assert progress_due(400, 10.0, 1.0, 20.0)


def test_a_killed_run_keeps_its_progress(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 4)
    monkeypatch.setattr(pipeline.runs.batch, "PROGRESS_EVERY_DOCUMENTS", 1)
    monkeypatch.setattr(pipeline.runs.batch, "PROGRESS_SHARE", 1.0)  # after every document
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


# ---------------------------------------------------------------- 8. time and memory bounds


def _bomb_pdf(repeats: int) -> bytes:
    """A PDF of one page whose small compressed content stream expands to ``repeats`` text
    objects: a decompression bomb for a text reader."""
    import zlib

    content = zlib.compress(b"BT /F1 1 Tf 10 10 Td " + b"(ABCDEFGHIJ) Tj " * repeats + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def test_a_decompression_bomb_page_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_bomb_pdf(600_000))  # 63 KB on disk, 600,000 text objects on its page
    assert path.stat().st_size < 100_000
    with pytest.raises(Exception, match="no-text-layer"):
        process_file(path)  # the page is skipped (page-too-complex) before pdfium reads it


def test_a_worker_over_its_memory_limit_fails_one_document(tmp_path: Path) -> None:
    """A document that needs more than the worker's memory fails alone, after one retry on a
    fresh worker; the others are processed. (In a fresh interpreter: the fork server of this
    test process may hold other tests' preloaded models, which count in a worker's memory.)"""
    code = f"""
import json, sys
from pathlib import Path
from pipeline.runs.batch import run_batch
from pipeline.runs.config import Settings
from pipeline.runs.discover import discover
if __name__ == "__main__":
    corpus = Path({str(tmp_path / "corpus")!r})
    corpus.mkdir()
    for i in (1, 2):
        text = Path({str(ROOT / "corpus" / "S_PRST_2007_24-EN.txt")!r}).read_text("utf-8")
        (corpus / f"S_PRST_2007_{{i}}-EN.txt").write_text(
            text.replace("S/PRST/2007/24", f"S/PRST/2007/{{i}}"), "utf-8")
    big = "1. " + "Le Conseil a examiné la situation. " * 400_000  # 14 MB of one paragraph
    (corpus / "A_1_1-FR.txt").write_text("A/1/1\\n\\n" + big, "utf-8")
    settings = Settings(concurrency=2, memory_per_worker_mb=300, time_limit_seconds=300)
    summary = run_batch(discover(corpus), Path({str(tmp_path / "out")!r}), settings=settings)
    print(json.dumps({{Path(r.input).name: r.error.code if r.error else r.status
                      for r in summary.documents}}))
"""
    script = tmp_path / "memory_limit.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout.strip().splitlines()[-1])
    assert status["A_1_1-FR.txt"] in ("out-of-memory", "worker-crashed")
    assert [status[f"S_PRST_2007_{i}-EN.txt"] for i in (1, 2)] == ["ok", "ok"]


def test_the_worker_count_follows_the_available_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.runs.pool as pool

    monkeypatch.setattr(pool, "available_memory_mb", lambda: 5000)
    assert pool.pool_size(64, 100, 2048) == 2  # 64 asked, memory for two
    assert pool.pool_size(64, 1, 2048) == 1  # one document, one worker
    assert pool.pool_size(4, 100, None) == 4  # no limit set
    monkeypatch.setattr(pool, "available_memory_mb", lambda: 100)
    assert pool.pool_size(8, 100, 2048) == 1  # always at least one


def test_a_paragraph_of_a_million_characters_is_read_in_bounded_pieces() -> None:
    from pipeline.extract.entities import NER_BATCH_CHARS, NER_CHUNK, _batches, _chunks

    text = "Le Conseil de sécurité a examiné la situation au Soudan. " * 20_000
    pieces = [(0, off, piece) for off, piece in _chunks(text, NER_CHUNK)]
    assert "".join(p for _, _, p in pieces) == text
    assert max(len(p) for _, _, p in pieces) <= NER_CHUNK
    assert all(sum(len(p) for _, _, p in b) <= NER_BATCH_CHARS for b in _batches(pieces))


def _calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, run: Any) -> int:
    """How many times ``module.name`` is called while ``run()`` runs."""
    real = getattr(module, name)
    count = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(module, name, counted)
        run()
    return count[0]


@pytest.mark.parametrize("text, lang, module, name", [
    ("chapitre IV, section A, paragraphe 2, ", "fr", "pipeline.extract.references", "_pin_item"),
    ("juillet ", "fr", "pipeline.extract.dates.values", "_months"),
])
def test_extraction_work_grows_linearly_with_repetitive_text(
        text: str, lang: str, module: str, name: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts that made the extractors quadratic (39 s and 49 s): doubling the text at most
    doubles the work (counted in calls, not seconds)."""
    import importlib

    mod = importlib.import_module(module)
    small = _calls(monkeypatch, mod, name, lambda: extract_text(text * 300, lang))
    large = _calls(monkeypatch, mod, name, lambda: extract_text(text * 600, lang))
    assert small > 100
    assert large <= 2.2 * small, (small, large)


def test_a_single_document_runs_in_this_process_under_its_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One document to process: no worker is started (its cost would dominate), and its time
    limit still holds (a timer signal)."""
    def no_pool(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a worker pool was started for one document")

    monkeypatch.setattr(pipeline.runs.dispatch, "worker_pool", no_pool)
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _corpus(corpus, 1)
    assert _run(corpus, out, Settings(concurrency=2))["ok"] == 1

    def stuck(path: str, options: StageOptions, **kw: Any) -> DocumentRun:
        import time as clock

        clock.sleep(30)
        raise AssertionError("not stopped")

    monkeypatch.setattr(pipeline.runs.worker, "run_stages", stuck)
    (corpus / "S_PRST_2007_1-EN.txt").write_text(_doc("S/PRST/2007/77"), "utf-8")
    summary = _run(corpus, out, Settings(concurrency=2, time_limit_seconds=1))
    (record,) = summary["documents"]
    assert record["error"]["code"] == "timeout"
