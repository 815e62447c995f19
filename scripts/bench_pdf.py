"""Benchmark of the PDF stage: pages/s of ``read_pdf`` over the dev PDFs, against pdfplumber's
own ``extract_text`` and pypdfium2's plain text extraction on the same files.

Usage: ``.venv/bin/python scripts/bench_pdf.py [DIR] [--repeat N] [--no-pdfplumber]``
(DIR defaults to ``tests/data/corpus``). Timings are wall-clock, best of N runs, in one process;
the machine's load shows in the numbers, so compare the columns of one run, not runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from pipeline.ingest.pdf import read_pdf


def _docpipe(data: bytes) -> int:
    pages = read_pdf(data).pages
    return pages or 0


def _pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _pdfium_text(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            page.get_textpage().get_text_range()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _time(fn: Callable[[], int], repeat: int) -> tuple[int, float]:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t = time.perf_counter()
        pages = fn()
        best = min(best, time.perf_counter() - t)
    return pages, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="tests/data/corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pdfplumber", action="store_true")
    args = ap.parse_args()
    files = sorted(args.dir.glob("*.pdf"))
    datas = {f: f.read_bytes() for f in files}
    print(f"{'file':32} {'pages':>5} {'read_pdf p/s':>13} {'pdfium text p/s':>16}"
          f" {'pdfplumber p/s':>15}")
    totals = {"read_pdf": 0.0, "pdfium": 0.0, "pdfplumber": 0.0}
    n_total = 0
    for f in files:
        data = datas[f]
        n, t_ours = _time(lambda d=data: _docpipe(d), args.repeat)  # type: ignore[misc]
        _, t_pdfium = _time(lambda d=data: _pdfium_text(d), args.repeat)  # type: ignore[misc]
        t_plumber = float("nan")
        if not args.no_pdfplumber:
            _, t_plumber = _time(lambda p=f: _pdfplumber(p), 1)  # type: ignore[misc]
        totals["read_pdf"] += t_ours
        totals["pdfium"] += t_pdfium
        totals["pdfplumber"] += t_plumber
        n_total += n
        print(f"{f.name:32} {n:5d} {n / t_ours:13.1f} {n / t_pdfium:16.1f} {n / t_plumber:15.1f}")
    print(f"{'TOTAL':32} {n_total:5d} {n_total / totals['read_pdf']:13.1f}"
          f" {n_total / totals['pdfium']:16.1f} {n_total / totals['pdfplumber']:15.1f}")
    if not args.no_pdfplumber:
        print(f"read_pdf is {totals['pdfplumber'] / totals['read_pdf']:.1f}x pdfplumber's "
              f"extract_text")


if __name__ == "__main__":
    main()
