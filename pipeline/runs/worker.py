"""What a worker process (or a Dask worker) runs: a whole document, one stage of one, or a
document in two parts (reading, then the statistical models).

In: a :class:`WorkItem` (the input path and the stage options), a :class:`FinishItem` (a
document paused before the extract stage), or a :class:`StageCall`.
Out: a :class:`WorkResult` (the output document, or the error that stopped it, or the language
that excluded it, or the document paused before extract, and the seconds of each stage), or a
:class:`StageReply`.
Holds: never raises (every exception becomes an ``error``, coded by
:func:`pipeline.runs.outcome.run_error`); writes nothing (the batch places outputs, in discovery
order); the stage loop is :func:`pipeline.stages.run_stages`. Models are cached per process by
the stages themselves, so a worker loads each one once; :func:`warm_up` loads them before the
first document. :func:`read_document` runs in a process that loads no spaCy pipeline
(:func:`init_worker` with ``models=False``): a document whose extract stage needs one is
returned paused before it, for :func:`finish_document` in a worker that has it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.extract import models_needed
from pipeline.extract.entities.nlp import ModelsNotHere, forbid_models
from pipeline.models import DocumentOutput, RunError, StageName
from pipeline.runs.outcome import run_error
from pipeline.stages import (
    DocState,
    HandOver,
    Paused,
    StageOptions,
    advance,
    run_stages,
)


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
    paused: Paused | None = None  # stopped before extract: for a worker with the models
    timings: dict[str, float] = {}


class FinishItem(BaseModel):
    """A document paused before its extract stage, for a worker with the statistical models."""

    model_config = ConfigDict(extra="forbid")

    path: str
    options: StageOptions = StageOptions()
    paused: Paused


def _run(path: str, options: StageOptions, **kw: Any) -> WorkResult:
    timings: dict[str, float] = dict(kw["resume"].timings) if kw.get("resume") else {}

    def lap(stage: StageName, seconds: float) -> None:
        timings[stage] = seconds

    try:
        run = run_stages(path, options, on_stage=lap, **kw)
    except Exception as exc:
        return WorkResult(input=path, error=run_error(exc), timings=timings)
    return WorkResult(input=path, output=run.output, excluded_language=run.excluded_language,
                      paused=run.paused, timings=run.timings)


def work(item: WorkItem) -> WorkResult:
    """Run one document through every stage (see the module's docstring); never raises."""
    return _run(item.path, item.options)


def read_document(item: WorkItem) -> WorkResult:
    """Run one document through every stage in a process without statistical models, unless its
    extract stage needs a spaCy pipeline: then it is returned ``paused`` before extract (for
    :func:`finish_document`). Never raises."""
    def here(stage: StageName, state: DocState) -> DocState:
        if stage == "extract":
            seg = state.segmented
            if seg is not None and models_needed(seg, seg.document.language, item.options.kinds,
                                                 item.options.models):
                raise HandOver(stage, state)
        try:
            return advance(stage, state, item.options)
        except ModelsNotHere as exc:  # a pipeline asked for after all: not loaded here either
            raise HandOver(stage, state) from exc

    return _run(item.path, item.options, runner=here)


def finish_document(item: FinishItem) -> WorkResult:
    """The stages left of a document :func:`read_document` paused; never raises."""
    return _run(item.path, item.options, resume=item.paused)


def ready(_: object = None) -> int:
    """Nothing (a first task: the worker pool has started); the worker's process id."""
    return os.getpid()


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


def init_worker(memory_mb: int | None, preload: StageOptions | None,
                models: bool = True) -> None:
    """Start of a worker process: cap its memory (``RLIMIT_DATA``: the heap and private
    mappings, what a runaway document grows; an allocation beyond it fails with MemoryError,
    or kills the worker inside a C library, instead of starving the machine), then load the
    models when asked; ``models=False``: a reading worker, that never loads one. What the worker
    inherits (the modules its fork server imported) lives as long as it: the garbage
    collector's full passes skip it from now on (``gc.freeze``: ~5 % of a worker's time on
    small documents)."""
    gc.freeze()
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    if not models:
        forbid_models()
    elif preload is not None:
        warm_up(preload)


def warm_up(options: StageOptions) -> None:
    """Load the spaCy pipelines of the selected languages (all six when none is selected) into
    this process, with the configured models. A pipeline that fails to load is left: the
    document that needs it tries again and fails, coded (a worker's initializer that raised
    would have its worker started again and again)."""
    from pipeline.extract.entities.nlp import needs_spacy, nlp_for
    from pipeline.languages import LANGUAGES

    for lang in options.languages or LANGUAGES:
        model = options.models.get(lang)
        if lang in LANGUAGES and needs_spacy(lang, model):
            with contextlib.suppress(Exception):
                nlp_for(lang, model)
