"""Cost of a second run over an unchanged corpus, relative to the first (no Prefect).

Usage: .venv/bin/python scripts/bench_incremental.py [--concurrency N] [FOLDER ...]
(default folders: corpus/ and tests/data/corpus/). Copies the documents into a temporary corpus,
runs the batch twice into a temporary output folder, prints both wall times and their ratio,
then a third run with --force (everything processed again) for comparison.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.runs.batch import run_batch
from pipeline.runs.config import Settings
from pipeline.runs.discover import discover

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[ROOT / "corpus", ROOT / "tests" / "data" / "corpus"])
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        for i, folder in enumerate(args.folders):
            shutil.copytree(folder, corpus / f"{i}")
        paths = discover(corpus)
        settings = Settings(concurrency=args.concurrency)
        times = []
        for label, conf in (("first", settings), ("second (unchanged)", settings),
                            ("forced", settings.model_copy(update={"incremental": False}))):
            start = time.perf_counter()
            summary = run_batch(paths, out, settings=conf, roots=[corpus])
            times.append(time.perf_counter() - start)
            print(f"{label:>20}: {times[-1]:8.2f} s  ok {summary.ok} failed {summary.failed} "
                  f"skipped {summary.skipped} of {len(paths)}")
        print(f"second / first: {times[1] / times[0]:.4f}")


if __name__ == "__main__":
    main()
