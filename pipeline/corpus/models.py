"""Typed contents of the corpus views: ``OUT/_index.json(l)``, ``OUT/_siblings/<slug>.json``,
``OUT/_citations.json``, and the :class:`CorpusReport` that :func:`update_corpus_views` returns.

Paths in these files are relative to ``OUT`` (a document JSON's file name), so a folder of
outputs can be moved without breaking its views.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pipeline.models import Strict

# ---------------------------------------------------------------------------- shared


class DocumentRef(Strict):
    """One document JSON of the corpus."""

    symbol: str | None
    language: str | None
    path: str = Field(description="file name of the document's JSON, relative to OUT")


class SkippedFile(Strict):
    """A JSON file of OUT that could not be read back as a document: left out of every view."""

    path: str
    reason: str


# ---------------------------------------------------------------------------- index


class SegmentCounts(Strict):
    front: int
    headings: int
    paragraphs: int
    blocks: int
    footnotes: int
    total: int


class MentionCounts(Strict):
    symbols: int
    references: int
    dates: int
    entities: int
    total: int


class IndexEntry(Strict):
    """One line of ``_index.jsonl``: a document, its identity, its size, its siblings."""

    symbol: str | None
    language: str | None
    title: str | None
    date: str | None
    body: str | None
    path: str = Field(description="file name of the document's JSON, relative to OUT")
    segments: SegmentCounts
    mentions: MentionCounts
    siblings: list[DocumentRef] = Field(
        description="the other language versions of the same symbol, by language"
    )
    sibling_file: str | None = Field(
        description="`_siblings/<slug>.json` of its group, relative to OUT, or null"
    )


class CorpusIndex(Strict):
    """``_index.json``: every document of OUT, sorted by path, and the files left out."""

    documents: list[IndexEntry]
    skipped: list[SkippedFile]


# ---------------------------------------------------------------------------- siblings

SegmentPair = tuple[str, str]


class AlignmentGap(Strict):
    """Segments of both versions between the same two aligned neighbours that could not be
    paired: the versions disagree here (a paragraph numbered differently, a heading labelled
    differently). ``after``/``before`` are the aligned pairs around the gap (null at an end)."""

    after: SegmentPair | None
    before: SegmentPair | None
    left: list[str]
    right: list[str]


class SegmentAlignment(Strict):
    """Pairs of segment ids (left, right) in the left version's order, and what stayed alone."""

    pairs: list[SegmentPair]
    by_order: list[SegmentPair] = Field(
        default_factory=list,
        description="pairs (among `pairs`) made by position alone: same count and levels "
        "between the same aligned neighbours, but different labels (headings only)",
    )
    only_left: list[str]
    only_right: list[str]
    gaps: list[AlignmentGap]


BlockSignal = Literal["count", "kind", "numbers", "footnotes", "length"]


class BlockMatch(Strict):
    """How two unnumbered blocks were paired, and the signals they agree on."""

    left: str
    right: str
    by: Literal["numbers", "order"] = Field(
        description="`numbers`: the two carry the same numbers and footnote calls, which no "
        "other block between the same aligned neighbours carries; `order`: both versions have "
        "as many unpaired blocks between the same aligned neighbours, and each pair, taken in "
        "order, agrees on every signal"
    )
    kind: str = Field(description="the block kind both have (`paragraph`, `quote`, …)")
    numbers: list[str] = Field(description="the numbers both print (the same set), sorted")
    footnotes: list[str] = Field(description="the footnotes both call (the same set)")
    length_ratio: float = Field(
        description="left length / right length, divided by the same ratio over the two "
        "bodies: 1.0 is the expected length; a pair is made only between 2/3 and 3/2 (or "
        "within 12 characters of the expected length)"
    )


class BlockGap(Strict):
    """Unpaired blocks of both versions between the same two aligned neighbours (null at an
    end), and the signals that refused to pair them: `count` (not as many blocks), or for
    equal counts the signals on which some pair, taken in order, disagrees."""

    after: SegmentPair | None
    before: SegmentPair | None
    left: list[str]
    right: list[str]
    refused: list[BlockSignal]


class BlockAlignment(Strict):
    """Pairs of unnumbered block ids (left, right) in the left version's order, how each was
    made, and what stayed alone."""

    pairs: list[SegmentPair]
    by_order: list[SegmentPair] = Field(
        description="pairs (among `pairs`) made by order: same count between the same aligned "
        "neighbours, every signal agreeing"
    )
    evidence: list[BlockMatch] = Field(description="one per pair, in the order of `pairs`")
    only_left: list[str]
    only_right: list[str]
    gaps: list[BlockGap]


CheckKind = Literal["symbols", "resolutions", "dates", "footnotes"]


class Disagreement(Strict):
    """Two aligned segments whose mentions of one kind differ (a likely extraction error, or a
    real difference between the versions): the values found in one only."""

    left: str
    right: str
    check: CheckKind
    only_left: list[str]
    only_right: list[str]


class PairAlignment(Strict):
    """Two language versions of one document, aligned and cross-checked."""

    left: DocumentRef
    right: DocumentRef
    paragraphs: SegmentAlignment = Field(description="by number (`p14` ↔ `p14`, `p14-2` ↔ …)")
    footnotes: SegmentAlignment = Field(description="by marker")
    headings: SegmentAlignment = Field(description="by (level, label), then order")
    blocks: BlockAlignment = Field(
        description="unnumbered blocks, between the aligned headings and paragraphs around "
        "them, by the numbers and footnote calls they carry, then by order when the signals agree"
    )
    disagreements: list[Disagreement]


class SiblingGroup(Strict):
    """``_siblings/<slug>.json``: the language versions of one symbol, every pair aligned."""

    symbol: str
    members: list[DocumentRef] = Field(description="sorted by language")
    pairs: list[PairAlignment] = Field(description="every pair of members, left before right")


# ---------------------------------------------------------------------------- citations


class Citation(Strict):
    """Where one document cites a symbol."""

    document: DocumentRef
    segments: list[str] = Field(description="ids of the segments that mention the symbol")
    called_from: list[str] = Field(
        description="segments carrying the marker of a footnote listed in `segments`"
    )


class CitedSymbol(Strict):
    symbol: str
    kind: Literal["resolution", "document"]
    in_corpus: bool
    documents: list[DocumentRef] = Field(description="the corpus's JSON files of this symbol")
    cited_by: list[Citation]


class DocumentLinks(Strict):
    """The reverse view: what one document cites, and which documents cite it."""

    document: DocumentRef
    cites: list[str] = Field(description="symbols it cites, sorted")
    cited_by: list[DocumentRef] = Field(description="documents that cite one of its symbols")


class CitationGraph(Strict):
    """``_citations.json``."""

    symbols: list[CitedSymbol] = Field(description="every cited symbol, sorted")
    documents: list[DocumentLinks] = Field(description="every document, sorted by path")


# ---------------------------------------------------------------------------- report


class CorpusReport(Strict):
    """What :func:`pipeline.corpus.update_corpus_views` did."""

    documents: int
    skipped: list[SkippedFile]
    groups: int
    pairs: int
    disagreements: int = Field(description="cross-check disagreements over every pair")
    cited_symbols: int
    cited_in_corpus: int
    written: list[str] = Field(description="files written, relative to OUT")
    removed: list[str] = Field(description="stale sibling files removed, relative to OUT")
