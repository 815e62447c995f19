"""The whole pipeline on one file in this process: ``docpipe process FILE``, tests, benchmarks.
The batch and the Prefect flow run the same stages (:mod:`pipeline.stages`) in workers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.limits import DEFAULT_LIMITS, Limits
from pipeline.models import STAGES, DocumentOutput
from pipeline.stages import DocState, StageOptions, advance


@dataclass
class Processed:
    """``timings``: seconds per stage; ``detail``: seconds per extractor inside ``extract``
    (``symbols``, ``references``, ``dates``, ``entities``, and ``ner`` for the statistical
    model's share of ``entities``)."""

    output: DocumentOutput
    timings: dict[str, float] = field(default_factory=dict)
    detail: dict[str, float] = field(default_factory=dict)


def process_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Processed:
    """Run ingest → language → segment → extract → emit (:mod:`pipeline.stages`) on one file.

    In: a PDF or text file, the resource limits. Out: the output document and seconds spent per
    stage. Holds: raises :class:`pipeline.errors.DocumentError` only for unreadable input or
    input beyond ``limits``; no file read is retried (one file, the caller is there).
    """
    timings: dict[str, float] = {}
    state = DocState(path=str(path))
    options = StageOptions(limits=limits, io_attempts=1)
    for stage in STAGES:
        start = time.perf_counter()
        state = advance(stage, state, options)
        timings[stage] = round(time.perf_counter() - start, 4)
    assert state.output is not None  # the emit stage always builds it
    return Processed(state.output, timings, state.detail)
