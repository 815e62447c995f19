"""Seconds spent in the PDF reader after the line builder, and in the segment stage.

Usage: ``.venv/bin/python scripts/bench_layout.py [DIR] [--repeat N] [--profile]``
(DIR defaults to ``tests/data/corpus``). The glyphs (:func:`pipeline.ingest.pdf_chars.read_pages`)
and printed lines (:func:`pipeline.ingest.pdf_lines.build_lines`) of every PDF are computed once;
then the rest of the PDF reader (furniture, footnote zone, reading order, blocks, OCR noise) and
the segment stage (on ingested documents and language results computed once) are timed ``N``
times each; the minimum over the repeats is printed (the machine is shared: the minimum is the
least disturbed run). ``--profile`` prints a cProfile of one pass of each instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.ingest import ingest, pdf
from pipeline.ingest.pdf_chars import PageContent, read_pages
from pipeline.ingest.pdf_lines import Line, build_lines
from pipeline.ingest.pdf_scans import OcrRecord
from pipeline.language import detect_language
from pipeline.models import IngestedDocument, Issue, LanguageResult
from pipeline.runs.discover import discover
from pipeline.segment import segment


def _layout_inputs(paths: list[Path]) -> list[tuple[bytes, list[PageContent], list[Issue]]]:
    out: list[tuple[bytes, list[PageContent], list[Issue]]] = []
    for p in paths:
        if p.suffix == ".pdf":
            data = p.read_bytes()
            out.append((data, *read_pages(data, pdf.MAX_PAGES)))
    return out


def _time(label: str, run: Callable[[], object], repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<28} {best:8.4f} s (min of {repeat})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="tests/data/corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    paths = discover(args.dir)
    inputs = _layout_inputs(paths)
    cache: dict[int, list[Line]] = {}

    def cached_lines(page: PageContent, rtl: bool) -> list[Line]:
        if id(page) not in cache:
            cache[id(page)] = build_lines(page, rtl)
        return cache[id(page)]

    setattr(pdf, "build_lines", cached_lines)  # noqa: B010  # lines built once, the rest timed
    docs: list[tuple[IngestedDocument, LanguageResult]] = []
    for path in paths:
        doc = ingest(path)
        docs.append((doc, detect_language(doc)))

    def layout() -> None:
        for data, pages, issues in inputs:
            pdf._layout(data, pages, list(issues), None, OcrRecord())

    def segment_all() -> None:
        for doc, language in docs:
            segment(doc, language)

    layout()  # fills the line cache
    n_pages = sum(len(pages) for _, pages, _ in inputs)
    print(f"{len(inputs)} PDFs ({n_pages} pages), {len(docs)} documents in {args.dir}")
    if args.profile:
        for label, run in (("layout", layout), ("segment", segment_all)):
            profiler = cProfile.Profile()
            profiler.runcall(run)
            print(f"--- {label}")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    _time("read_pdf minus lines", layout, args.repeat)
    _time("segment", segment_all, args.repeat)


if __name__ == "__main__":
    main()
