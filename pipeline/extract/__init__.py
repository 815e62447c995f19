"""Extract stage: a segmented document → its mentions (symbols, references, dates, entities)."""

from __future__ import annotations

from typing import TypeVar

from pipeline.extract.dates import extract_dates
from pipeline.extract.entities import extract_entities
from pipeline.extract.references import extract_references
from pipeline.extract.symbols import extract_symbols
from pipeline.models import (
    Block,
    DocumentInfo,
    Mention,
    Mentions,
    SegmentedDocument,
    Source,
)
from pipeline.segments import SegmentText, iter_segments

DEFAULT_LANGUAGE = "en"
M = TypeVar("M", bound=Mention)


def _in_reading_order(mentions: list[M], order: dict[str, int]) -> list[M]:
    return sorted(mentions, key=lambda m: (order.get(m.segment, len(order)), m.span[0], m.span[1]))


def extract(doc: SegmentedDocument, language: str | None) -> Mentions:
    """Find every mention in the document's segments.

    In: the segmented document and its language (ISO 639-1; rules of ``en`` when unknown).
    Out: symbols, references, dates and entities, each list in reading order of the segments.
    Holds: every mention's ``text == segment.text[span[0]:span[1]]``; extractors never raise on
    text (anomalies become issues).
    """
    lang = language or DEFAULT_LANGUAGE
    segments: list[SegmentText] = iter_segments(doc)
    order = {s.id: i for i, s in enumerate(segments)}
    return Mentions(
        symbols=_in_reading_order(extract_symbols(segments, lang), order),
        references=_in_reading_order(extract_references(doc, segments, lang), order),
        dates=_in_reading_order(extract_dates(doc, segments, lang), order),
        entities=_in_reading_order(extract_entities(segments, lang), order),
    )


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
