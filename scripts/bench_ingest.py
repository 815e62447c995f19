"""Seconds spent in the PDF glyph reader and the line builder (the core of the PDF ingest).

Usage: ``.venv/bin/python scripts/bench_ingest.py [DIR] [--repeat N] [--profile]``
(DIR defaults to ``tests/data/corpus``). Times :func:`pipeline.ingest.pdf_chars.read_pages` over
every PDF of DIR, then :func:`pipeline.ingest.pdf_lines.build_lines` over the pages read once
(with each document's right-to-left default, as the PDF reader computes it); each ``N`` times,
printing the minimum (the machine is shared: the minimum is the least disturbed run), pages per
second and glyphs per second. ``--profile`` prints a cProfile of one pass of each instead.
``--dump FILE`` writes every line's fields and segments (text, box, size, style, unit count) as
JSON lines, to compare two versions of the code byte for byte. ``--warm`` first runs the whole
pipeline once (models loaded), so that the garbage collector works on a heap of the size it has in
``docpipe run``: there, collections of long-lived objects cost as much as the code itself.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.ingest import pdf
from pipeline.ingest.pdf_chars import PageContent, read_pages
from pipeline.ingest.pdf_lines import Line, build_lines
from pipeline.runs.discover import discover


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _dump(docs: list[tuple[str, list[PageContent], bool]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for name, pages, rtl in docs:
            for page in pages:
                for ln in build_lines(page, rtl):
                    f.write(json.dumps(_line_record(name, ln), ensure_ascii=False) + "\n")


def _line_record(name: str, ln: Line) -> dict[str, object]:
    return {
        "doc": name, "page": ln.page, "base": ln.base, "box": [ln.x0, ln.top, ln.x1, ln.bottom],
        "size": ln.size, "bold": ln.bold, "italic": ln.italic, "rtl": ln.rtl, "text": ln.text,
        "segments": [[s.text, s.x0, s.x1, s.top, s.bottom, s.size, s.bold, s.italic,
                      len(s.units), s.line is ln] for s in ln.segments],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="tests/data/corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--warm", action="store_true")
    args = ap.parse_args()
    pdfs = [p for p in discover(args.dir) if p.suffix == ".pdf"]
    if args.warm and pdfs:
        from pipeline.process import process_file

        process_file(pdfs[0])
    blobs = [(p.name, p.read_bytes()) for p in pdfs]
    docs = [(name, pages, pdf._document_rtl(pages))
            for name, data in blobs for pages in [read_pages(data, pdf.MAX_PAGES)[0]]]
    if args.dump:
        _dump(docs, args.dump)
        return
    n_pages = sum(len(pages) for _, pages, _ in docs)
    n_glyphs = sum(len(p.glyphs) for _, pages, _ in docs for p in pages)

    def read_all() -> None:
        for _, data in blobs:
            read_pages(data, pdf.MAX_PAGES)

    def lines_all() -> None:
        for _, pages, rtl in docs:
            for page in pages:
                build_lines(page, rtl)  # lines dropped page by page, as the PDF reader does

    print(f"{len(blobs)} PDFs, {n_pages} pages, {n_glyphs} glyphs in {args.dir}")
    if args.profile:
        for label, run in (("read_pages", read_all), ("build_lines", lines_all)):
            profiler = cProfile.Profile()
            profiler.runcall(run)
            print(f"--- {label}")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return
    total = 0.0
    for label, run in (("read_pages", read_all), ("build_lines", lines_all)):
        best = _best(run, args.repeat)
        total += best
        print(f"{label:<12} {best:7.3f} s  {n_pages / best:7.1f} pages/s  "
              f"{n_glyphs / best / 1000:7.1f} k glyphs/s  (min of {args.repeat})")
    print(f"{'sum':<12} {total:7.3f} s")


if __name__ == "__main__":
    main()
