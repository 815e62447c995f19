"""The stage sequence, one stage at a time: what :func:`pipeline.process.process_file`, the batch
workers and the Prefect stage tasks all run, so there is one definition of it.

In: a :class:`DocState` (what the document has so far) and the stage to run. Out: the next
:class:`DocState`. Holds: each stage keeps only what the later stages need (after ``segment``
the ingested blocks are dropped), so a state is cheap to send to a worker process; unreadable
input raises :class:`pipeline.errors.DocumentError`; file reads are retried on transient I/O
errors only; mention kinds that are switched off are not computed (empty lists).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from pipeline.emit import build_output
from pipeline.extract import extract
from pipeline.extract.entities.nlp import use_models
from pipeline.ingest import ingest
from pipeline.ingest.limits import Limits
from pipeline.language import detect_language
from pipeline.models import (
    MENTION_KINDS,
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
    """What the stages need of the configuration (small, picklable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[str, ...] = MENTION_KINDS
    limits: Limits = Limits()
    models: dict[str, str] = {}  # statistical NER models by language, from the configuration
    io_attempts: int = 3
    io_delay: float = 0.5


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


T = TypeVar("T")


def _need(value: T | None, what: str) -> T:
    if value is None:
        raise ValueError(f"stage called before {what} was produced")
    return value


DEFAULT_OPTIONS = StageOptions()


def advance(stage: StageName, state: DocState, options: StageOptions = DEFAULT_OPTIONS
            ) -> DocState:
    """Run ``stage`` on ``state`` and return the next state (see the module docstring)."""
    if stage == "ingest":
        path = Path(state.path)
        ingested = with_io_retries(lambda: ingest(path, limits=options.limits),
                                   attempts=options.io_attempts, delay=options.io_delay)
        return DocState(path=state.path, ingested=ingested)
    if stage == "language":
        language = detect_language(_need(state.ingested, "ingest"))
        return state.model_copy(update={"language": language})
    if stage == "segment":
        segmented = segment(_need(state.ingested, "ingest"), _need(state.language, "language"))
        return DocState(path=state.path, segmented=segmented)
    if stage == "extract":
        seg = _need(state.segmented, "segment")
        use_models(options.models)
        detail: dict[str, float] = {}
        mentions = extract(seg, seg.document.language, timings=detail, kinds=options.kinds)
        return state.model_copy(update={"mentions": mentions,
                                        "detail": {k: round(v, 4) for k, v in detail.items()}})
    seg = _need(state.segmented, "segment")
    output = build_output(seg, _need(state.mentions, "extract"))
    return DocState(path=state.path, output=output, detail=state.detail)
