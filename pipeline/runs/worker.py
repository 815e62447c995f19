"""What a worker process (or a Dask worker) runs: a whole document, or one stage of one.

In: a :class:`WorkItem` (the input path and the stage options), or a :class:`StageCall`.
Out: a :class:`WorkResult` (the output document, or the error that stopped it, or the language
that excluded it, and the seconds of each stage), or a :class:`StageReply`.
Holds: never raises (every exception becomes an ``error``, coded by
:func:`pipeline.runs.outcome.run_error`); writes nothing (the batch places outputs, in discovery
order); the stage loop is :func:`pipeline.stages.run_stages`. Models are cached per process by
the stages themselves, so a worker loads each one once; :func:`warm_up` loads them before the
first document.
"""

from __future__ import annotations

import resource
import time

from pydantic import BaseModel, ConfigDict

from pipeline.models import DocumentOutput, RunError, StageName
from pipeline.runs.outcome import run_error
from pipeline.stages import DocState, StageOptions, advance, run_stages


class WorkItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    options: StageOptions = StageOptions()


class WorkResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: str
    output: DocumentOutput | None = None
    error: RunError | None = None
    excluded_language: str | None = None
    timings: dict[str, float] = {}


def work(item: WorkItem) -> WorkResult:
    """Run one document through every stage (see the module's docstring); never raises."""
    timings: dict[str, float] = {}

    def lap(stage: StageName, seconds: float) -> None:
        timings[stage] = seconds

    try:
        run = run_stages(item.path, item.options, on_stage=lap)
    except Exception as exc:
        return WorkResult(input=item.path, error=run_error(exc), timings=timings)
    return WorkResult(input=item.path, output=run.output,
                      excluded_language=run.excluded_language, timings=run.timings)


class StageCall(BaseModel):
    """One stage of one document, for a worker process (the Prefect flow runs stage by stage)."""

    model_config = ConfigDict(extra="forbid")

    stage: StageName
    state: DocState
    options: StageOptions = StageOptions()


class StageReply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: DocState | None = None
    error: RunError | None = None
    seconds: float = 0.0


def run_stage(call: StageCall) -> StageReply:
    """Run one stage (:func:`pipeline.stages.advance`); never raises."""
    start = time.perf_counter()
    try:
        state = advance(call.stage, call.state, call.options)
    except Exception as exc:
        return StageReply(error=run_error(exc), seconds=round(time.perf_counter() - start, 4))
    return StageReply(state=state, seconds=round(time.perf_counter() - start, 4))


def init_worker(memory_mb: int | None, preload: StageOptions | None) -> None:
    """Start of a worker process: cap its memory (``RLIMIT_DATA``: the heap and private
    mappings, what a runaway document grows; an allocation beyond it fails with MemoryError,
    or kills the worker inside a C library, instead of starving the machine), then load the
    models when asked."""
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    if preload is not None:
        warm_up(preload)


def warm_up(options: StageOptions) -> None:
    """Load the spaCy pipelines of the selected languages (all six when none is selected) into
    this process, with the configured models."""
    from pipeline.extract.entities.nlp import needs_spacy, nlp_for
    from pipeline.languages import LANGUAGES

    for lang in options.languages or LANGUAGES:
        model = options.models.get(lang)
        if lang in LANGUAGES and needs_spacy(lang, model):
            nlp_for(lang, model)
