"""``docpipe bench``: the pipeline's speed on a folder, per stage, against pdfplumber's floor.

In: a folder of documents (found like a batch: :func:`pipeline.runs.discover.discover`).
Out: a :class:`BenchReport`: start-up (imports, model loading, in a fresh interpreter), then per
stage (ingest, language, segment, each extractor, NER, emit) seconds, pages/s, words/s and the
growth of the process's peak memory, end-to-end pages/s for text and PDF inputs, and apart for
PDFs with pages read by OCR (each with and without the statistical NER model's time), the core
count, and the seconds pdfplumber alone takes to
extract the text of the same PDFs (``page.extract_text()``), so the pipeline's cost shows as a
ratio to that floor.
Holds: one process, documents one after the other, models loaded and one document of each
format processed before timing starts (loading is the start-up figure). ``emit`` includes the
JSON serialisation and the atomic write of each output, into a temporary folder removed at the
end. A document that fails is counted as failed and left out of the rates.

Pages: a PDF's physical pages. A text file has pages where it has form feeds (``\\f``): their
count plus one; without form feeds, its characters / 3,000 (a "standard page"), at least 1.
Words: whitespace-separated tokens of the output's segments (front, headings, paragraphs,
blocks, footnotes), each Han character counting as one word.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.emit import output_name, to_json, write_atomic
from pipeline.models import DocumentOutput
from pipeline.runs.discover import discover

STANDARD_PAGE_CHARS = 3000
STAGES = ("ingest", "language", "segment", "extract", "emit")
EXTRACTORS = ("symbols", "references", "dates", "entities", "ner")

_STARTUP_CODE = """
import json, time
t0 = time.perf_counter()
import pipeline.process  # noqa: F401
from pipeline.extract.entities.gazetteer import gazetteer
from pipeline.extract.entities.nlp import needs_spacy, nlp_for
from pipeline.languages import LANGUAGES
t1 = time.perf_counter()
for lang in LANGUAGES:
    gazetteer(lang)
    if needs_spacy(lang):
        nlp_for(lang)
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "models": t2 - t1}))
"""


@dataclass
class StageStat:
    name: str
    seconds: float = 0.0
    pages_per_s: float | None = None
    words_per_s: float | None = None
    peak_mb_growth: float = 0.0


@dataclass
class Throughput:
    """End to end over one kind of input: every stage, and every stage but the NER model."""

    documents: int = 0
    pages: float = 0.0
    words: int = 0
    seconds: float = 0.0
    ner_seconds: float = 0.0
    pages_per_s: float | None = None
    pages_per_s_without_ner: float | None = None


@dataclass
class BenchReport:
    corpus: str
    cores: int
    cores_available: int
    documents: int
    failed: list[str]
    pages: float
    words: int
    startup: dict[str, float]
    stages: list[StageStat]
    text: Throughput
    pdf: Throughput
    end_to_end_pages_per_s: float | None
    peak_rss_mb: float
    pdfplumber: dict[str, float] | None
    ocr: Throughput = field(default_factory=Throughput)  # PDFs with pages read by OCR
    # as a user sees it: `docpipe process CORPUS --out …` as a whole process (start-up, workers,
    # models, writing) at concurrency 1 and 2, and pdfplumber's extract_text of the same PDFs
    # as a whole process: wall seconds
    whole_process: dict[str, float] = field(default_factory=dict)
    ocr_pages: int = 0
    page_rule: str = (f"PDF: physical pages; text: form feeds + 1, else characters / "
                      f"{STANDARD_PAGE_CHARS} (at least 1)")
    per_document: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def text_pages(text: str) -> float:
    """Pages of a text input: form feeds + 1, else characters / 3,000 (at least 1)."""
    if "\f" in text.strip("\f"):
        return float(text.strip("\f").count("\f") + 1)
    return max(1.0, round(len(text) / STANDARD_PAGE_CHARS, 2))


def count_words(text: str) -> int:
    """Whitespace-separated tokens, each Han character counting as one word."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if not han:
        return len(text.split())
    return han + sum(1 for tok in text.split()
                     if not any("\u4e00" <= ch <= "\u9fff" for ch in tok))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure_startup() -> dict[str, float]:
    """Seconds to import the pipeline and to load every gazetteer and spaCy model, in a fresh
    interpreter (``imports``, ``models``, ``total``, and ``interpreter``: the bare start)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _STARTUP_CODE], check=True,
                          capture_output=True, text=True)
    total = time.perf_counter() - t
    parts = json.loads(done.stdout.strip().splitlines()[-1])
    return {"interpreter": round(bare, 3), "imports": round(parts["imports"], 3),
            "models": round(parts["models"], 3), "total": round(total, 3)}


def _preload(languages: set[str]) -> None:
    from pipeline.extract.entities.gazetteer import gazetteer
    from pipeline.extract.entities.nlp import needs_spacy, nlp_for
    from pipeline.languages import LANGUAGES

    for lang in sorted(languages & set(LANGUAGES)):
        gazetteer(lang)
        if needs_spacy(lang):
            nlp_for(lang)


def pdfplumber_floor(paths: list[Path]) -> dict[str, float]:
    """Seconds pdfplumber takes to open the PDFs and ``extract_text()`` every page (the PDFs the
    pipeline read: a broken one is left out of both sides of the ratio)."""
    import pdfplumber

    pages = 0
    start = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    seconds = time.perf_counter() - start
    return {"pages": pages, "seconds": round(seconds, 3),
            "pages_per_s": round(pages / seconds, 2) if seconds else 0.0}


_PDFPLUMBER_CODE = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
"""


def measure_whole_process(corpus: Path, pdfs: list[Path]) -> dict[str, float]:
    """Wall seconds of ``docpipe process CORPUS --out TMP --force`` at concurrency 1 and 2 (a
    fresh output folder each time), and of pdfplumber's ``extract_text`` over ``pdfs`` in a
    process of its own; ``ratio``: docpipe's best over pdfplumber's (the PDFs only when the
    corpus holds nothing else)."""
    import tempfile

    out: dict[str, float] = {}
    docpipe = [sys.executable, "-c", "import sys; from pipeline.cli import main; "
               "sys.exit(main(sys.argv[1:]))"]
    for concurrency in (1, 2):
        with tempfile.TemporaryDirectory(prefix="docpipe-bench-") as tmp:
            start = time.perf_counter()
            subprocess.run([*docpipe, "process", str(corpus), "--out", tmp, "--concurrency",
                            str(concurrency), "--force", "--allow-empty"],
                           capture_output=True, check=False)
            out[f"docpipe_concurrency_{concurrency}"] = round(time.perf_counter() - start, 3)
    if pdfs:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _PDFPLUMBER_CODE, *map(str, pdfs)],
                       capture_output=True, check=False)
        out["pdfplumber_extract_text"] = round(time.perf_counter() - start, 3)
        best = min(out["docpipe_concurrency_1"], out["docpipe_concurrency_2"])
        out["ratio"] = round(best / out["pdfplumber_extract_text"], 3)
    return out


def _rate(amount: float, seconds: float) -> float | None:
    return round(amount / seconds, 2) if seconds > 0 else None


def run_bench(corpus: Path, *, with_pdfplumber: bool = True,
              with_startup: bool = True, with_whole_process: bool = False) -> BenchReport:
    """Benchmark the pipeline on ``corpus`` (see the module docstring)."""
    from pipeline.process import process_file

    paths = discover(corpus)
    startup = measure_startup() if with_startup else {}
    languages = {p.stem.rsplit("-", 1)[-1].lower() for p in paths}
    _preload(languages)
    # warm up outside the timings (imports of the readers, language tables): one document of
    # each format is processed once before the timed pass
    for fmt in (".pdf", ".txt"):
        first = next((p for p in paths if p.suffix.lower() == fmt), None)
        if first is not None:
            with contextlib.suppress(Exception):
                process_file(first)
    seconds = dict.fromkeys((*STAGES, *EXTRACTORS), 0.0)
    growth = dict.fromkeys((*STAGES, *EXTRACTORS), 0.0)
    kinds = {"text": Throughput(), "pdf": Throughput(), "ocr": Throughput()}
    ocr_pages = 0
    failed: list[str] = []
    per_doc: list[dict[str, object]] = []
    total_pages = 0.0
    total_words = 0
    scratch = tempfile.TemporaryDirectory(prefix="docpipe-bench-")
    for path in paths:
        before = _peak_mb()
        try:
            done = process_file(path)
            start = time.perf_counter()
            write_atomic(Path(scratch.name) / output_name(done.output), to_json(done.output))
            done.timings["emit"] = done.timings.get("emit", 0.0) + time.perf_counter() - start
        except Exception as exc:
            failed.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        grown = _peak_mb() - before
        src = done.output.source
        words = count_words("\n".join(_segment_texts(done.output)))
        if src.format == "pdf":
            pages = float(src.pages or 0)
        else:
            pages = text_pages(path.read_text(encoding="utf-8", errors="replace"))
        # a PDF with scanned pages is timed apart: OCR takes seconds a page
        kind = kinds["ocr" if src.ocr_pages else src.format]
        ocr_pages += len(src.ocr_pages)
        took = sum(done.timings.values())
        kind.documents += 1
        kind.pages += pages
        kind.words += words
        kind.seconds += took
        kind.ner_seconds += done.detail.get("ner", 0.0)
        total_pages += pages
        total_words += words
        for name, value in (*done.timings.items(), *done.detail.items()):
            seconds[name] = seconds.get(name, 0.0) + value
        if grown > 0:  # the stage that raised the peak most likely is the longest one
            heavy = max(done.timings, key=lambda k: done.timings[k])
            growth[heavy] += grown
        per_doc.append({"input": str(path), "format": src.format, "pages": pages,
                        "ocr_pages": len(src.ocr_pages),
                        "words": words, "seconds": round(took, 4), **done.timings,
                        **{f"extract.{k}": v for k, v in done.detail.items()}})
    scratch.cleanup()
    order = (*STAGES[:4], *EXTRACTORS, STAGES[4])
    stages = [StageStat(name if name in STAGES else f"  {name}", round(seconds[name], 4),
                        _rate(total_pages, seconds[name]), _rate(total_words, seconds[name]),
                        round(growth[name], 1))
              for name in order]
    for kind in kinds.values():
        kind.seconds = round(kind.seconds, 4)
        kind.ner_seconds = round(kind.ner_seconds, 4)
        kind.pages_per_s = _rate(kind.pages, kind.seconds)
        kind.pages_per_s_without_ner = _rate(kind.pages, kind.seconds - kind.ner_seconds)
    pdfs = [Path(str(d["input"])) for d in per_doc  # the readable ones, without OCR pages
            if d["format"] == "pdf" and not d["ocr_pages"]]
    floor = pdfplumber_floor(pdfs) if with_pdfplumber and pdfs else None
    all_seconds = kinds["text"].seconds + kinds["pdf"].seconds + kinds["ocr"].seconds
    return BenchReport(
        corpus=str(corpus), cores=os.cpu_count() or 1,
        cores_available=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1,
        documents=len(paths), failed=failed, pages=round(total_pages, 2), words=total_words,
        startup=startup, stages=stages, text=kinds["text"], pdf=kinds["pdf"],
        end_to_end_pages_per_s=_rate(total_pages, all_seconds), peak_rss_mb=round(_peak_mb(), 1),
        pdfplumber=floor, per_document=per_doc, ocr=kinds["ocr"], ocr_pages=ocr_pages,
        whole_process=measure_whole_process(corpus, pdfs) if with_whole_process else {},
    )


def _segment_texts(out: DocumentOutput) -> list[str]:
    return [*(f.text for f in out.front), *(h.title for h in out.headings),
            *(p.text for p in out.paragraphs), *(b.text for b in out.blocks),
            *(f.text for f in out.footnotes)]


def render(report: BenchReport) -> object:
    """The report as a rich table (what ``docpipe bench`` prints)."""
    from rich.table import Table

    table = Table(title=f"docpipe bench: {report.corpus} — {report.documents} documents, "
                        f"{report.pages:g} pages, {report.words} words, "
                        f"{report.cores_available}/{report.cores} cores")
    for col in ("stage", "seconds", "pages/s", "words/s", "peak MB +"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    for st in report.stages:
        table.add_row(st.name, f"{st.seconds:.3f}", _fmt(st.pages_per_s), _fmt(st.words_per_s),
                      f"{st.peak_mb_growth:.0f}")
    table.add_section()
    for label, kind in (("text", report.text), ("pdf", report.pdf),
                        (f"pdf with OCR, {report.ocr_pages} OCR p of", report.ocr)):
        if kind.documents:
            table.add_row(f"end to end, {label} ({kind.documents} docs, {kind.pages:g} p)",
                          f"{kind.seconds:.3f}", _fmt(kind.pages_per_s), "",
                          f"no NER: {_fmt(kind.pages_per_s_without_ner)} p/s")
    table.add_row("end to end, all", "", _fmt(report.end_to_end_pages_per_s), "",
                  f"peak {report.peak_rss_mb:.0f} MB")
    if report.pdfplumber:
        floor = report.pdfplumber
        ratio = (report.pdf.pages_per_s or 0) / floor["pages_per_s"] if floor["pages_per_s"] else 0
        table.add_row("pdfplumber extract_text (floor)", f"{floor['seconds']:.3f}",
                      _fmt(floor["pages_per_s"]), "", f"pipeline ×{ratio:.2f}")
    whole = report.whole_process
    if whole:
        wall = ", ".join(f"{k.replace('docpipe_', '').replace('_', ' ')} {v:.2f} s"
                         for k, v in whole.items() if k.startswith("docpipe_"))
        versus = (f"pdfplumber {whole['pdfplumber_extract_text']:.2f} s, ratio "
                  f"{whole['ratio']:.2f}" if "ratio" in whole else "")
        table.add_row("whole process (docpipe process)", wall, "", "", versus)
    if report.startup:
        s = report.startup
        table.add_row("start-up: imports + models", f"{s['total']:.3f}", "", "",
                      f"imp {s['imports']:.2f} + mod {s['models']:.2f}")
    table.caption = f"pages: {report.page_rule}"
    return table


def _fmt(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.1f}"
