"""The stage sequence, defined once: ingest → language → segment → extract → emit.

:func:`run_stages` takes one document through every stage; :func:`pipeline.process.process_file`,
the batch's worker processes (:mod:`pipeline.runs.worker`) and the Prefect flow's per-stage
tasks (``flows/batch.py``, through its ``runner``) all call it. :func:`advance` runs one stage.

In: the input path and the :class:`StageOptions` (every setting the stages use travels here:
mention kinds, limits, statistical models, language-detection seed, the language selection,
I/O retries). Out: a :class:`DocumentRun`: the output model, or the language that excluded the
document, and the seconds per stage.
Holds: each stage keeps only what the later stages need (after ``segment`` the ingested blocks
are dropped), so a :class:`DocState` is cheap to send to a worker process; unreadable input
raises :class:`pipeline.errors.DocumentError` (callers turn exceptions into error codes with
:func:`pipeline.runs.outcome.run_error`); file reads are retried on transient I/O errors only;
mention kinds that are switched off are not computed (empty lists); a document whose language
is not selected stops after the language stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from pipeline.emit import build_output
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.ingest.limits import Limits
from pipeline.language import DEFAULT_SEED, detect_language
from pipeline.models import (
    MENTION_KINDS,
    STAGES,
    DocumentOutput,
    IngestedDocument,
    LanguageResult,
    Mentions,
    SegmentedDocument,
    StageName,
)
from pipeline.runs.retry import with_io_retries
from pipeline.segment import segment


class StageOptions(BaseModel):
    """The settings the stages use (small, picklable; built from the configuration by
    :func:`pipeline.runs.config.stage_options`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[str, ...] = MENTION_KINDS
    limits: Limits = Limits()
    models: dict[str, str] = {}  # statistical NER models by language, from the configuration
    seed: int = DEFAULT_SEED  # langdetect's seed
    languages: tuple[str, ...] | None = None  # the languages selected (None: all)
    io_attempts: int = 3
    io_delay: float = 0.5

    def excludes(self, language: LanguageResult | None) -> str | None:
        """The document's language (``und`` when unknown) when it is not selected, else None."""
        lang = (language.language if language else None) or "und"
        if self.languages is not None and lang not in self.languages:
            return lang
        return None


class DocState(BaseModel):
    """A document between two stages."""

    model_config = ConfigDict(extra="forbid")

    path: str
    ingested: IngestedDocument | None = None
    language: LanguageResult | None = None
    segmented: SegmentedDocument | None = None
    mentions: Mentions | None = None
    output: DocumentOutput | None = None
    detail: dict[str, float] = {}


class Paused(BaseModel):
    """A document stopped before ``stage`` (handed over to another process): its state then
    and the seconds of the stages done."""

    model_config = ConfigDict(extra="forbid")

    stage: StageName
    state: DocState
    timings: dict[str, float] = {}


class DocumentRun(BaseModel):
    """How one document went through the stages: its ``output``, or the language that
    ``excluded`` it, or where it was ``paused``; ``timings``: seconds per stage; ``detail``:
    seconds per extractor."""

    model_config = ConfigDict(extra="forbid")

    output: DocumentOutput | None = None
    excluded_language: str | None = None
    paused: Paused | None = None
    timings: dict[str, float] = {}
    detail: dict[str, float] = {}


class HandOver(Exception):
    """Raised by a runner before a stage it leaves to another process: :func:`run_stages`
    returns the document :class:`Paused` there."""

    def __init__(self, stage: StageName, state: DocState) -> None:
        super().__init__(stage)
        self.stage = stage
        self.state = state


T = TypeVar("T")
StageRunner = Callable[[StageName, DocState], DocState]
StageHook = Callable[[StageName, float], None]
DEFAULT_OPTIONS = StageOptions()


def _need(value: T | None, what: str) -> T:
    if value is None:
        raise ValueError(f"stage called before {what} was produced")
    return value


def advance(stage: StageName, state: DocState, options: StageOptions = DEFAULT_OPTIONS
            ) -> DocState:
    """Run ``stage`` on ``state`` and return the next state (see the module docstring)."""
    if stage == "ingest":
        path = Path(state.path)
        ingested = with_io_retries(lambda: ingest(path, limits=options.limits),
                                   attempts=options.io_attempts, delay=options.io_delay)
        return DocState(path=state.path, ingested=ingested)
    if stage == "language":
        language = detect_language(_need(state.ingested, "ingest"), options.seed)
        return state.model_copy(update={"language": language})
    if stage == "segment":
        segmented = segment(_need(state.ingested, "ingest"), _need(state.language, "language"))
        return DocState(path=state.path, segmented=segmented)
    if stage == "extract":
        seg = _need(state.segmented, "segment")
        detail: dict[str, float] = {}
        mentions = extract(seg, seg.document.language, timings=detail, kinds=options.kinds,
                           models=options.models)
        return state.model_copy(update={"mentions": mentions,
                                        "detail": {k: round(v, 4) for k, v in detail.items()}})
    seg = _need(state.segmented, "segment")
    output = build_output(seg, _need(state.mentions, "extract"))
    return DocState(path=state.path, output=output, detail=state.detail)


def run_stages(path: str, options: StageOptions = DEFAULT_OPTIONS, *,
               runner: StageRunner | None = None, on_stage: StageHook | None = None,
               resume: Paused | None = None) -> DocumentRun:
    """Take the document at ``path`` through every stage (see the module docstring).

    ``runner(stage, state)`` runs one stage (default: :func:`advance` here, with ``options``;
    the Prefect flow passes one that runs each stage as a task in a worker process; a runner
    raising :class:`HandOver` pauses the document: the run is returned ``paused``);
    ``on_stage(stage, seconds)`` is told after each stage; ``resume``: a paused run to go on
    with, from the stage where it stopped. Exceptions propagate.
    """
    def here(stage: StageName, state: DocState) -> DocState:
        return advance(stage, state, options)

    run_one = runner or here
    state = resume.state if resume is not None else DocState(path=path)
    timings: dict[str, float] = dict(resume.timings) if resume is not None else {}
    first = STAGES.index(resume.stage) if resume is not None else 0
    for stage in STAGES[first:]:
        start = time.perf_counter()
        try:
            state = run_one(stage, state)
        except HandOver as stop:
            return DocumentRun(paused=Paused(stage=stop.stage, state=stop.state,
                                             timings=timings), timings=timings)
        timings[stage] = round(time.perf_counter() - start, 4)
        if on_stage is not None:
            on_stage(stage, timings[stage])
        if stage == "language" and (excluded := options.excludes(state.language)):
            return DocumentRun(excluded_language=excluded, timings=timings)
    return DocumentRun(output=_need(state.output, "emit"), timings=timings, detail=state.detail)
