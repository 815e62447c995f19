"""Where the pipeline's time goes: cProfile of ``process_file`` over a folder, models preloaded.

Usage: ``.venv/bin/python scripts/bench_profile.py [DIR] [--sort tottime|cumulative] [--top N]``
(DIR defaults to ``tests/data/corpus``). Each document is processed once untimed (warm-up), then
once under the profiler; prints the top functions. cProfile inflates pure-Python code about 1.5×:
read shares, not absolute seconds (``docpipe bench`` gives those).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.process import process_file
from pipeline.runs.discover import discover


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="tests/data/corpus", type=Path)
    ap.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    paths = discover(args.dir)
    for path in paths:
        process_file(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        process_file(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
