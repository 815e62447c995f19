"""Benchmark of the corpus views: seconds of ``update_corpus_views`` over a large output folder.

Usage: ``.venv/bin/python scripts/bench_corpus_views.py OUT_DIR [--copies N]``.
OUT_DIR holds document JSON files (e.g. from ``docpipe process tests/data/corpus --out OUT``).
The script copies them N times into a temporary folder, giving each copy other symbols
(``<symbol>/K``) so that groups, pairs and citations multiply like in a real corpus, then times
one rebuild of the views (which is what adding one document costs). Wall-clock, one run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.corpus import update_corpus_views
from pipeline.emit import output_name, to_json
from pipeline.models import DocumentOutput


def _copies(src: Path, dest: Path, copies: int) -> int:
    docs = [
        DocumentOutput.model_validate_json(p.read_bytes())
        for p in sorted(src.glob("*.json")) if not p.name.startswith("_")
    ]
    written = 0
    for k in range(copies):
        for doc in docs:
            info = doc.document
            renamed = doc.model_copy(update={"document": info.model_copy(update={
                "symbol": f"{info.symbol}/{k}" if info.symbol else None,
                "symbols": [f"{s}/{k}" for s in info.symbols],
            })})
            (dest / output_name(renamed)).write_text(to_json(renamed), encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = _copies(args.out, folder, args.copies)
        size = sum(p.stat().st_size for p in folder.glob("*.json")) / 1e6
        start = time.perf_counter()
        report = update_corpus_views(folder)
        seconds = time.perf_counter() - start
        print(f"{n} documents ({size:.0f} MB of JSON): views rebuilt in {seconds:.2f} s "
              f"({1000 * seconds / max(n, 1):.1f} ms per document); {report.groups} groups, "
              f"{report.pairs} pairs, {report.disagreements} disagreements, "
              f"{report.cited_symbols} cited symbols")


if __name__ == "__main__":
    main()
