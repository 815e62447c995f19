"""The whole pipeline on one file, without Prefect: what ``docpipe process`` and every Prefect
worker run."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.emit import build_output
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.language import detect_language
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.models import DocumentOutput
from pipeline.segment import segment


@dataclass
class Processed:
    """``timings``: seconds per stage; ``detail``: seconds per extractor inside ``extract``
    (``symbols``, ``references``, ``dates``, ``entities``, and ``ner`` for the statistical
    model's share of ``entities``)."""

    output: DocumentOutput
    timings: dict[str, float] = field(default_factory=dict)
    detail: dict[str, float] = field(default_factory=dict)


def process_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Processed:
    """Run ingest → language → segment → extract → build output on one file.

    In: a PDF or text file, the resource limits. Out: the output document and seconds spent per
    stage. Holds: raises :class:`pipeline.errors.DocumentError` only for unreadable input or
    input beyond ``limits``.
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = round(now - t, 4)
        t = now

    ingested = ingest(path, limits=limits)
    lap("ingest")
    lang = detect_language(ingested)
    lap("language")
    seg = segment(ingested, lang)
    lap("segment")
    detail: dict[str, float] = {}
    mentions = extract(seg, seg.document.language, timings=detail)
    lap("extract")
    out = build_output(seg, mentions)
    lap("emit")
    return Processed(out, timings, {k: round(v, 4) for k, v in detail.items()})
