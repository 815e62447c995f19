"""Extract stage: a segmented document → its mentions (symbols, references, dates, entities)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from pipeline.extract.dates import date_issues, extract_dates
from pipeline.extract.entities import extract_entities, spacy_languages
from pipeline.extract.entities.speakers import speaker_entities, with_speakers
from pipeline.extract.references import extract_references
from pipeline.extract.segments import SegmentText, iter_segments
from pipeline.extract.symbols import extract_symbols
from pipeline.models import (
    MENTION_KINDS,
    Block,
    DocumentInfo,
    Mention,
    MentionKind,
    Mentions,
    SegmentedDocument,
    Source,
)

DEFAULT_LANGUAGE = "en"
M = TypeVar("M", bound=Mention)


def _in_reading_order(mentions: list[M], order: dict[str, int]) -> list[M]:
    return sorted(mentions, key=lambda m: (order.get(m.segment, len(order)), m.span[0], m.span[1]))


@dataclass(frozen=True)
class ExtractContext:
    """What every extractor is given: the document, its text-bearing segments, its language,
    the timings dict (or None) and the statistical models named by the run's configuration."""

    doc: SegmentedDocument
    segments: list[SegmentText]
    lang: str
    timings: dict[str, float] | None
    models: Mapping[str, str]


Extractor = Callable[[ExtractContext], Sequence[Mention]]

# The registry of mention kinds: one extractor per kind of :data:`MENTION_KINDS`, in that order
# (the output's lists, the configuration's ``stages`` switches and the run report follow it).
EXTRACTORS: dict[MentionKind, Extractor] = {
    "symbols": lambda c: extract_symbols(c.segments, c.lang),
    "references": lambda c: extract_references(c.doc, c.segments, c.lang),
    "dates": lambda c: extract_dates(c.doc, c.segments, c.lang),
    "entities": lambda c: with_speakers(
        extract_entities(c.segments, c.lang, timings=c.timings, models=c.models),
        speaker_entities([*c.doc.paragraphs, *c.doc.blocks], c.lang)),
}


def extract(doc: SegmentedDocument, language: str | None,
            timings: dict[str, float] | None = None,
            kinds: Collection[str] = MENTION_KINDS,
            models: Mapping[str, str] | None = None) -> Mentions:
    """Find every mention in the document's segments.

    In: the segmented document and its language (ISO 639-1; rules of ``en`` when unknown).
    Out: symbols, references, dates and entities, each list in reading order of the segments.
    Holds: every mention's ``text == segment.text[span[0]:span[1]]``; extractors never raise on
    text (anomalies become issues). With ``timings``, the seconds of each extractor are added to
    it (``symbols``, ``references``, ``dates``, ``entities``; ``ner``: the statistical model's
    part of ``entities``). Only the mention ``kinds`` asked for are computed; the others are
    empty lists. ``models``: statistical NER models by language, replacing the language files'
    (``models`` of ``docpipe.yaml``).
    """
    lang = language or DEFAULT_LANGUAGE
    segments: list[SegmentText] = iter_segments(doc)
    order = {s.id: i for i, s in enumerate(segments)}
    clock = _Clock(timings)
    context = ExtractContext(doc, segments, lang, timings, dict(models or {}))
    found: dict[str, list[Mention]] = {}
    for kind, extractor in EXTRACTORS.items():
        if kind in kinds:
            mentions = clock(kind, partial(extractor, context))
            found[kind] = _in_reading_order(list(mentions), order)
    issues = date_issues(found.get("dates", []))  # type: ignore[arg-type]
    return Mentions.model_validate({**found, "issues": issues})


def models_needed(doc: SegmentedDocument, language: str | None,
                  kinds: Collection[str] = MENTION_KINDS,
                  models: Mapping[str, str] | None = None) -> set[str]:
    """The languages whose spaCy pipeline :func:`extract` with these arguments loads (none when
    entities are not asked for)."""
    if "entities" not in kinds:
        return set()
    return spacy_languages(iter_segments(doc), language or DEFAULT_LANGUAGE, models)


T = TypeVar("T")


class _Clock:
    """Runs a step, adding its seconds to ``timings[name]`` when there is a timings dict."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    def __call__(self, name: str, step: Callable[[], T]) -> T:
        if self.timings is None:
            return step()
        start = time.perf_counter()
        result = step()
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        return result


def snippet_document(text: str, lang: str) -> SegmentedDocument:
    """A one-block document (segment id ``b1``) around a text snippet, for ``docpipe extract``."""
    return SegmentedDocument(
        source=Source(path="<stdin>", sha256="", format="text", pages=None),
        document=DocumentInfo(
            symbol=None, symbols=[], language=lang, language_confidence=None,
            original_language=None, body=None, distribution=None, date=None, session=None,
            agenda_items=[], title=None,
        ),
        toc=[], front=[], headings=[], paragraphs=[],
        blocks=[Block(id="b1", kind="paragraph", text=text, pages=[])],
        footnotes=[], furniture=[], issues=[],
    )


def extract_text(text: str, lang: str) -> Mentions:
    """Mentions in one snippet of text (segment id ``b1``)."""
    return extract(snippet_document(text, lang), lang)
