"""``docpipe bench``: page and word counting rules, and a run on a small folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.cli import main
from pipeline.runs.bench import count_words, run_bench, text_pages

CORPUS = Path(__file__).parent / "data" / "corpus"


def test_text_pages_are_form_feeds_plus_one_else_standard_pages() -> None:
    assert text_pages("one\fthree\ftwo") == 3.0
    assert text_pages("\fno page break inside\f") == 1.0  # leading/trailing feeds do not count
    assert text_pages("x" * 9000) == 3.0
    assert text_pages("short") == 1.0


def test_words_are_tokens_and_han_characters() -> None:
    assert count_words("Le présent rapport fait suite") == 5
    assert count_words("安全理事会 S/2012/197") == 6


def test_bench_on_a_pdf_a_text_and_a_broken_file(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "A_RES_70_10-EN.pdf", tmp_path)  # 2 pages
    shutil.copy(CORPUS / "S_PRST_2007_24-EN.txt", tmp_path)
    (tmp_path / "broken-EN.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    report = run_bench(tmp_path, with_startup=False)
    assert report.documents == 3
    assert len(report.failed) == 1 and "broken-EN.pdf" in report.failed[0]
    assert report.pdf.documents == 1 and report.pdf.pages == 2.0
    assert report.text.documents == 1 and report.text.pages >= 1.0
    names = [s.name.strip() for s in report.stages]
    assert names == ["ingest", "language", "segment", "extract", "symbols", "references",
                     "dates", "entities", "ner", "emit"]
    ingest = report.stages[0]
    assert ingest.seconds > 0 and ingest.pages_per_s is not None
    assert report.pdfplumber is not None and report.pdfplumber["pages"] == 2
    assert report.peak_rss_mb > 0 and report.cores >= 1
    data = json.loads(report.to_json())
    assert data["pdf"]["pages"] == 2.0 and "standard page" not in data["page_rule"]


def test_cli_bench_writes_json_and_rejects_a_missing_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(CORPUS / "S_PRST_2007_24-EN.txt", corpus)
    out = tmp_path / "bench.json"
    assert main(["bench", str(corpus), "--json", str(out), "--no-pdfplumber"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["documents"] == 1 and data["pdfplumber"] is None
    assert data["startup"]["imports"] > 0
    assert main(["bench", str(tmp_path / "nope")]) == 2


def test_bench_times_the_whole_process_as_a_user_sees_it(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "A_RES_70_10-EN.pdf", tmp_path)
    report = run_bench(tmp_path, with_startup=False, with_whole_process=True)
    whole = report.whole_process
    assert set(whole) == {"docpipe_concurrency_1", "docpipe_concurrency_2",
                          "pdfplumber_extract_text", "ratio"}
    assert all(v > 0 for v in whole.values())
    # a whole process starts an interpreter and imports the pipeline: never faster than its
    # stages measured inside one process
    assert whole["docpipe_concurrency_1"] > report.pdf.seconds
