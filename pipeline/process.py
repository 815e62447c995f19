"""The whole pipeline on one file in this process: ``docpipe process FILE``, tests, benchmarks.
The batch and the Prefect flow run the same stage loop (:func:`pipeline.stages.run_stages`) in
worker processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.limits import DEFAULT_LIMITS, Limits
from pipeline.models import DocumentOutput
from pipeline.stages import StageOptions, run_stages


@dataclass
class Processed:
    """``timings``: seconds per stage; ``detail``: seconds per extractor inside ``extract``
    (``symbols``, ``references``, ``dates``, ``entities``, and ``ner`` for the statistical
    model's share of ``entities``)."""

    output: DocumentOutput
    timings: dict[str, float] = field(default_factory=dict)
    detail: dict[str, float] = field(default_factory=dict)


def process_file(path: Path, *, limits: Limits = DEFAULT_LIMITS,
                 options: StageOptions | None = None) -> Processed:
    """Run ingest → language → segment → extract → emit on one file.

    In: a PDF or text file, and either the resource ``limits`` or the full stage ``options``
    (models, mention kinds, seed…). Out: the output document and the seconds spent per stage.
    Holds: raises :class:`pipeline.errors.DocumentError` only for unreadable input or input
    beyond the limits; no file read is retried (one file, the caller is there); every language
    is processed.
    """
    opts = options or StageOptions(limits=limits, io_attempts=1)
    run = run_stages(str(path), opts.model_copy(update={"languages": None}))
    assert run.output is not None  # no language is excluded
    return Processed(run.output, run.timings, run.detail)
