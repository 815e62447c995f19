"""Hostile and broken input: the batch completes, each bad document gets a clear error code (or
its output with issues), every other document is processed, nothing escapes the output folder,
and a run killed with SIGKILL leaves only valid outputs and is completed by the next run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.errors import DocumentError
from pipeline.extract import extract_text
from pipeline.ingest.limits import Limits
from pipeline.ingest.text import read_text
from pipeline.language import detect_language
from pipeline.models import DocumentHints, IngestedDocument, Source
from pipeline.process import process_file
from pipeline.segment import segment
from tests.hostile_corpus import Case, build
from tests.pdf_factory import text_pdf

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "pipeline" / "schema" / "docpipe.schema.json").read_text("utf-8"))


@cache
def _run(tmp: Path) -> tuple[list[Case], dict[str, dict[str, Any]], Path, int, set[str]]:
    corpus, out = tmp / "corpus", tmp / "out"
    corpus.mkdir()
    cases = build(corpus)
    before = {str(p.relative_to(corpus)) for p in corpus.rglob("*") if not p.is_symlink()}
    code = main(["process", str(corpus), "--out", str(out)])
    summary = json.loads((out / "_run_summary.json").read_text("utf-8"))
    records = {Path(r["input"]).name: r for r in summary["documents"]}
    after = {str(p.relative_to(corpus)) for p in corpus.rglob("*") if not p.is_symlink()}
    return cases, records, out, code, before ^ after


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[list[Case], dict[str, dict[str, Any]], Path, int, set[str]]:
    return _run(tmp_path_factory.mktemp("hostile"))


def test_the_batch_completes_and_reports_failure(hostile: Any) -> None:
    cases, records, _out, code, _changed = hostile
    assert code == 1  # some documents failed, the run itself completed
    assert sorted(records) == sorted(c.name for c in cases)  # each file once, loop not followed


def test_each_document_gets_its_outcome(hostile: Any) -> None:
    cases, records, _out, _code, _changed = hostile
    for case in cases:
        record = records[case.name]
        assert record["status"] == case.status, (case.name, record)
        if case.status == "failed":
            assert record["error"]["code"] == case.code, (case.name, record)
            assert record["error"]["message"]
            assert record["output"] is None
        else:
            data = json.loads(Path(record["output"]).read_text("utf-8"))
            jsonschema.validate(data, SCHEMA)
            if case.issue:
                assert case.issue in [i["code"] for i in data["issues"]], case.name


def test_nothing_escapes_the_output_folder(hostile: Any) -> None:
    _cases, records, out, _code, changed = hostile
    assert changed == set()  # the corpus folder is left as it was
    resolved = out.resolve()
    for record in records.values():
        if record["output"]:
            assert Path(record["output"]).resolve().parent == resolved
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_encodings_are_read_not_garbled(hostile: Any) -> None:
    _cases, records, _out, _code, _changed = hostile
    for name in ("utf16.txt", "cp1252.txt", "latin1.txt", "invalid-utf8.txt", "nul-bytes.txt"):
        data = json.loads(Path(records[name]["output"]).read_text("utf-8"))
        texts = " ".join(b["text"] for b in data["blocks"] + data["front"])
        assert "Assemblée générale" in texts, name
        assert "Ã©" not in texts, name


def test_other_language_and_non_un_text(hostile: Any) -> None:
    _cases, records, _out, _code, _changed = hostile
    german = json.loads(Path(records["german.txt"]["output"]).read_text("utf-8"))
    assert german["document"]["language"] == "de"
    assert Path(records["german.txt"]["output"]).name == "german.de.json"
    recipe = json.loads(Path(records["recipe.txt"]["output"]).read_text("utf-8"))
    assert recipe["document"]["symbol"] is None
    assert Path(records["recipe.txt"]["output"]).name == "recipe.en.json"


def test_symbols_that_point_outside_give_safe_names(hostile: Any) -> None:
    _cases, records, _out, _code, _changed = hostile
    names = {Path(records[n]["output"]).name for n in (
        "A_.._.._etc-EN.txt", "sidecar-traversal.txt", "sidecar-absolute.txt",
        "sidecar-dotdot.txt")}
    for name in names:
        assert ".." not in name and "/" not in name and not name.startswith((".", "_"))
    assert len(names) == 4


# ----------------------------------------------------------------------------- limits


def test_page_limit_is_a_clear_error(tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(text_pdf([[f"Page {i}."] for i in range(2000)]))
    with pytest.raises(DocumentError) as err:
        process_file(pdf, limits=Limits(max_pages=1000))
    assert err.value.code == "too-many-pages"


def test_character_limit_is_a_clear_error(tmp_path: Path) -> None:
    doc = tmp_path / "page.txt"
    doc.write_text("word " * 200_000, encoding="utf-8")  # one page of a million characters
    with pytest.raises(DocumentError) as err:
        process_file(doc, limits=Limits(max_chars=500_000))
    assert err.value.code == "too-large"


def test_byte_limit_is_checked_before_reading(tmp_path: Path) -> None:
    doc = tmp_path / "big.txt"
    doc.write_bytes(b"x" * 5000)
    with pytest.raises(DocumentError) as err:
        process_file(doc, limits=Limits(max_bytes=1000))
    assert err.value.code == "too-large"


def test_file_that_disappears_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        process_file(tmp_path / "gone.txt")
    assert err.value.code == "missing-input"


@pytest.mark.slow
def test_two_thousand_pages_and_a_million_characters_are_processed(tmp_path: Path) -> None:
    """Within the default limits both documents go through (minutes: run with -m slow)."""
    pdf = tmp_path / "long.pdf"
    # each paragraph below the header band: a line alone at the top of every page, the same
    # but for its digits, is a running head (furniture), as it would be in a real document
    pdf.write_bytes(text_pdf([["", "", "", "", f"{i}. Paragraph on page {i}."]
                              for i in range(1, 2001)]))
    out = process_file(pdf).output
    assert out.source.pages == 2000
    assert [p.number for p in out.paragraphs] == list(range(1, 2001))
    doc = tmp_path / "page.txt"
    doc.write_text("Le Conseil de sécurité s'est réuni le 14 juillet 2008. " * 18_000, "utf-8")
    out = process_file(doc).output
    assert len(out.blocks[0].text) > 900_000


# ----------------------------------------------------------------------------- kill -9


def test_a_killed_run_leaves_valid_outputs_and_the_next_run_completes(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for src in sorted((ROOT / "tests" / "data" / "corpus").iterdir()):
        shutil.copy(src, corpus / src.name)
    cmd = [sys.executable, "-c", "import sys; from pipeline.cli import main; "
           "sys.exit(main(sys.argv[1:]))", "process", str(corpus), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.json")):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = [p for p in out.glob("*.json") if not p.name.startswith("_")]
    assert written, "the run was killed before it wrote anything"
    for path in written:
        jsonschema.validate(json.loads(path.read_text("utf-8")), SCHEMA)
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    summary = json.loads((out / "_run_summary.json").read_text("utf-8"))
    assert len(summary["documents"]) == 12
    assert all(r["status"] in ("ok", "skipped") for r in summary["documents"])
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# ----------------------------------------------------------------------------- properties


def _segment_text(text: str) -> None:
    reading = read_text(text.encode("utf-8"))
    doc = IngestedDocument(source=Source(path="x.txt", sha256="", format="text", pages=None),
                           hints=DocumentHints(), blocks=reading.blocks)
    segment(doc, detect_language(doc))


# Text made of the pieces UN documents are made of, in random order.
_UN_TEXT = st.lists(
    st.sampled_from([
        *"abcdeéXYZ 0123456789./-()¹²³*\n\t«»“”,;:", "résolution ", "par. ",
        "du 14 au 18 juillet 2008", "S/2008/258", "A/63/150 et Corr.1",
        "\n\n", "1. ", "IV. ", "A. ", "¹⁰ ", "* ", "Distr. générale", "Notes\n\n"]),
    max_size=120).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _UN_TEXT))
def test_segmenter_never_raises(text: str) -> None:
    with contextlib.suppress(DocumentError):  # empty input is a document error, nothing else
        _segment_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _UN_TEXT),
       st.sampled_from(["ar", "en", "es", "fr", "ru", "zh", "de"]))
def test_extractors_never_raise_and_spans_match(text: str, lang: str) -> None:
    mentions = extract_text(text, lang)
    for m in [*mentions.symbols, *mentions.references, *mentions.dates, *mentions.entities]:
        assert m.segment == "b1"
        assert text[m.span[0]:m.span[1]] == m.text
