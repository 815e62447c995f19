"""Seconds of the language stage and of each extractor (spaCy's model run excluded), per folder.

Usage: ``.venv/bin/python scripts/bench_extract.py [DIR] [--repeat N] [--profile]`` (DIR
defaults to ``tests/data/corpus``). Every document is read and segmented once, untimed; then the
language stage and each extractor run over all documents ``N`` times (default 3) and the minimum
is printed per step. Seconds are the process's CPU time (``time.process_time``), steadier than
wall time when other work shares the cores; the minimum is the least disturbed run.
``entities-ner`` is the entity extractor without the spaCy pipeline's run: its results are
memoised during the warm-up pass. Per-text
memo caches are cleared before each document, as a document's texts are new to a real run.
With ``--profile``, prints a cProfile of one extra pass of the extractors instead.
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

from pipeline.extract import entities
from pipeline.extract.dates import extract_dates
from pipeline.extract.entities import extract_entities
from pipeline.extract.references import extract_references
from pipeline.extract.segments import SegmentText, iter_segments
from pipeline.extract.symbols import extract_symbols
from pipeline.language import detect_language
from pipeline.models import IngestedDocument, SegmentedDocument
from pipeline.process import process_file
from pipeline.runs.discover import discover
from pipeline.stages import DocState, advance
from pipeline.text.folding import fold_for_matching as fold_text

Doc = tuple[IngestedDocument, SegmentedDocument, list[SegmentText], str]


def _load(paths: list[Path]) -> list[Doc]:
    out: list[Doc] = []
    for path in paths:
        state = advance("ingest", DocState(path=str(path)))
        state = advance("language", state)
        ingested = state.ingested
        state = advance("segment", state)
        seg = state.segmented
        assert ingested is not None and seg is not None
        out.append((ingested, seg, iter_segments(seg), seg.document.language or "en"))
    return out


def _steps() -> dict[str, Callable[[Doc, dict[str, float]], object]]:
    return {
        "language": lambda d, t: detect_language(d[0]),
        "symbols": lambda d, t: extract_symbols(d[2], d[3]),
        "references": lambda d, t: extract_references(d[1], d[2], d[3]),
        "dates": lambda d, t: extract_dates(d[1], d[2], d[3]),
        "entities-ner": lambda d, t: extract_entities(d[2], d[3], timings=t),
    }


def _memoise_spacy() -> None:
    """Make ``entities._run_spacy`` answer a text list it has seen from memory."""
    run = entities._run_spacy
    seen: dict[tuple[tuple[str, ...], str], object] = {}

    def memo(texts: list[str], lang: str) -> object:
        key = (tuple(texts), lang)
        if key not in seen:
            seen[key] = run(texts, lang)
        return seen[key]

    entities._run_spacy = memo  # type: ignore[assignment]


def _pass(docs: list[Doc]) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for name, step in _steps().items():
        total = 0.0
        for doc in docs:
            fold_text.cache_clear()
            timings: dict[str, float] = {}
            start = time.process_time()
            step(doc, timings)
            total += time.process_time() - start
        seconds[name] = total
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="tests/data/corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    paths = discover(args.dir)
    for path in paths[:1]:
        process_file(path)  # loads models and data
    docs = _load(paths)
    _memoise_spacy()
    _pass(docs)  # warm-up
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _pass(docs)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
        return
    runs = [_pass(docs) for _ in range(args.repeat)]
    best = {name: min(r[name] for r in runs) for name in runs[0]}
    extract_total = sum(v for k, v in best.items() if k != "language")
    print(f"{len(docs)} documents in {args.dir}, minimum of {args.repeat} runs (seconds)")
    for name, value in best.items():
        print(f"  {name:<14} {value:7.3f}")
    print(f"  {'extract-ner':<14} {extract_total:7.3f}")


if __name__ == "__main__":
    main()
