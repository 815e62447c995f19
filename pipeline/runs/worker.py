"""One document from its file to its output model: what a worker process (or a Dask worker) runs.

In: a :class:`WorkItem` (the input path and the stage options). Out: a :class:`WorkResult`
with the output document, or the error that stopped it, or the language that excluded it, and
the seconds of each stage.
Holds: never raises (every exception becomes the result's ``error``, as
:func:`pipeline.runs.outcome.run_error` codes it); writes nothing (the batch places outputs, in
discovery order); the file read is retried on transient I/O errors only; a document whose
language is not selected stops after language detection; mention kinds switched off are empty.
Models are cached per process by the stages themselves, so a worker loads each one once;
:func:`warm_up` loads them before the first document.
"""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.models import STAGES, DocumentOutput, RunError, StageName
from pipeline.runs.config import Settings, mention_kinds
from pipeline.runs.outcome import run_error
from pipeline.stages import DocState, StageOptions, advance


class WorkOptions(BaseModel):
    """What a worker needs of the configuration (small, picklable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stages: StageOptions = StageOptions()
    languages: tuple[str, ...] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkOptions:
        return cls(
            stages=StageOptions(
                kinds=mention_kinds(settings),
                limits=settings.limits.limits(),
                io_attempts=settings.retries.attempts,
                io_delay=settings.retries.delay_seconds,
                models=dict(settings.models),
            ),
            languages=tuple(settings.languages) if settings.languages is not None else None,
        )

    def excludes(self, state: DocState) -> str | None:
        """The document's language when the configuration does not select it, else None."""
        lang = state.language.language if state.language else None
        if self.languages is not None and (lang or "und") not in self.languages:
            return lang or "und"
        return None


class WorkItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    options: WorkOptions = WorkOptions()


class WorkResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: str
    output: DocumentOutput | None = None
    error: RunError | None = None
    excluded_language: str | None = None
    timings: dict[str, float] = {}


class Laps:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self._t, 4)
        self._t = now


def run_document(path: Path, options: WorkOptions, laps: Laps) -> tuple[DocumentOutput | None,
                                                                           str | None]:
    """The stages on one file: ``(output, None)``, or ``(None, language)`` when excluded."""
    state = DocState(path=str(path))
    for stage in STAGES:
        state = advance(stage, state, options.stages)
        laps.lap(stage)
        if stage == "language" and (excluded := options.excludes(state)):
            return None, excluded
    return state.output, None


def work(item: WorkItem) -> WorkResult:
    """Run one document (see the module's docstring); never raises."""
    laps = Laps()
    try:
        output, excluded = run_document(Path(item.path), item.options, laps)
    except Exception as exc:
        return WorkResult(input=item.path, error=run_error(exc), timings=laps.timings)
    return WorkResult(
        input=item.path, output=output, excluded_language=excluded, timings=laps.timings
    )


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


def warm_up(languages: tuple[str, ...] | None, models: dict[str, str] | None = None) -> None:
    """Load the spaCy pipelines of ``languages`` (all six when None) into this process, with the
    configured ``models``."""
    from pipeline.extract.entities.nlp import needs_spacy, nlp_for, use_models
    from pipeline.languages import LANGUAGES

    use_models(models or {})
    for lang in languages or LANGUAGES:
        if lang in LANGUAGES and needs_spacy(lang):
            nlp_for(lang)
