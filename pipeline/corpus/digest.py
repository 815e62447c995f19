"""What the corpus views need of one document, kept small.

In: a :class:`~pipeline.models.DocumentOutput` read back from OUT and its file name. Out: a
:class:`DocumentDigest`: identity, counts, segment ids (paragraphs, footnotes, headings), the
language-independent mention values of each segment, the symbols the document cites with
where, and for the unnumbered blocks what their alignment needs (kind, length, numbers, footnote
calls, place), with the place of each paragraph. Holds: texts and entities are dropped, so a
corpus of thousands of documents fits in memory (a digest is a few kilobytes where the document
is hundreds); segments are listed in reading order (front, headings, paragraphs, blocks,
footnotes, as the extractors see them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.corpus.models import CheckKind, DocumentRef, MentionCounts, SegmentCounts
from pipeline.corpus.numbers import numbers_in
from pipeline.models import DocumentOutput, Heading

SegmentValues = dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class CitedPlaces:
    """Where a document cites one symbol: segment ids, and who calls those that are footnotes."""

    segments: tuple[str, ...]
    called_from: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a body segment lies, as far as its JSON tells.

    ``sections``: indexes (0-based, in the heading list) of the first and the last heading whose
    path is the segment's ``section_path``: the segment comes after the first and before the
    heading that follows the last; ``-1`` stands for "before the first heading". A path that
    names no heading gives ``(-1, last index)``: anywhere. ``pages``: first and last page, or
    None when the document has no pages."""

    sections: tuple[int, int]
    pages: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class BlockDigest:
    """An unnumbered body block, reduced to the language-independent signals of its text."""

    id: str
    kind: str
    length: int  # characters of its text
    numbers: frozenset[str]  # see pipeline.corpus.numbers
    footnotes: frozenset[str]  # ids of the footnotes it calls
    place: Place


@dataclass(frozen=True, slots=True)
class DocumentDigest:
    name: str
    symbol: str | None
    language: str | None
    title: str | None
    date: str | None
    body: str | None
    own_symbols: frozenset[str]
    segments: SegmentCounts
    mentions: MentionCounts
    paragraphs: tuple[str, ...]
    footnotes: tuple[str, ...]
    headings: tuple[tuple[str, int, str | None], ...]  # (id, level, label)
    values: dict[CheckKind, SegmentValues]  # check → segment id → values
    cites: dict[str, CitedPlaces]  # cited symbol → places (own symbols left out)
    resolutions: frozenset[str]  # cited symbols that a resolution reference names
    blocks: tuple[BlockDigest, ...]  # in reading order
    paragraph_places: dict[str, Place]
    body_length: int  # characters of the paragraphs and blocks

    @property
    def ref(self) -> DocumentRef:
        return DocumentRef(symbol=self.symbol, language=self.language, path=self.name)


def _freeze(table: dict[str, set[str]]) -> SegmentValues:
    return {seg: frozenset(vals) for seg, vals in table.items()}


def _segment_counts(out: DocumentOutput) -> SegmentCounts:
    counts = (len(out.front), len(out.headings), len(out.paragraphs), len(out.blocks),
              len(out.footnotes))
    return SegmentCounts(front=counts[0], headings=counts[1], paragraphs=counts[2],
                         blocks=counts[3], footnotes=counts[4], total=sum(counts))


def _mention_counts(out: DocumentOutput) -> MentionCounts:
    counts = (len(out.symbols), len(out.references), len(out.dates), len(out.entities))
    return MentionCounts(symbols=counts[0], references=counts[1], dates=counts[2],
                         entities=counts[3], total=sum(counts))


def _values(out: DocumentOutput) -> dict[CheckKind, SegmentValues]:
    symbols: dict[str, set[str]] = defaultdict(set)
    resolutions: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, set[str]] = defaultdict(set)
    for s in out.symbols:
        symbols[s.segment].add(s.symbol)
    for r in out.references:
        if r.kind == "resolution" and r.symbol:
            resolutions[r.segment].add(r.symbol)
    for d in out.dates:
        if d.value is not None:
            dates[d.segment].add(d.value)
    calls = {p.id: frozenset(p.footnote_refs) for p in out.paragraphs if p.footnote_refs}
    return {"symbols": _freeze(symbols), "resolutions": _freeze(resolutions),
            "dates": _freeze(dates), "footnotes": calls}


def _cites(out: DocumentOutput, own: frozenset[str]) -> tuple[dict[str, CitedPlaces], set[str]]:
    where: dict[str, set[str]] = defaultdict(set)
    resolutions: set[str] = set()
    for m in out.symbols:
        where[m.symbol].add(m.segment)
    for r in out.references:
        if r.symbol:
            where[r.symbol].add(r.segment)
            if r.via:
                where[r.symbol].add(r.via)
            if r.kind == "resolution":
                resolutions.add(r.symbol)
    order = [
        *(f.id for f in out.front), *(h.id for h in out.headings),
        *(p.id for p in out.paragraphs), *(b.id for b in out.blocks),
        *(f.id for f in out.footnotes),
    ]
    rank = {seg: i for i, seg in enumerate(order)}
    calls = {f.id: f.cited_in for f in out.footnotes}

    def ordered(segs: set[str]) -> tuple[str, ...]:
        return tuple(sorted(segs, key=lambda s: (rank.get(s, len(rank)), s)))

    places = {
        symbol: CitedPlaces(
            segments=ordered(segs),
            called_from=ordered({c for s in segs for c in calls.get(s, [])}),
        )
        for symbol, segs in where.items()
        if symbol not in own
    }
    return places, resolutions - own


def _heading_paths(headings: list[Heading]) -> dict[tuple[str, ...], list[int]]:
    """For each section path, the indexes of the headings that open it (as the segmenter builds
    ``section_path``: the label, else the title, of each enclosing heading)."""
    paths: dict[tuple[str, ...], list[int]] = defaultdict(list)
    stack: list[Heading] = []
    for k, h in enumerate(headings):
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
        paths[tuple(x.label or x.title for x in stack)].append(k)
    return paths


def _placer(out: DocumentOutput) -> Callable[[list[str], list[int]], Place]:
    paths = _heading_paths(out.headings)
    anywhere = (-1, len(out.headings) - 1)

    def place(section_path: list[str], pages: list[int]) -> Place:
        if section_path:
            found = paths.get(tuple(section_path))
            sections = (found[0], found[-1]) if found else anywhere
        else:
            sections = (-1, -1)
        return Place(sections, (min(pages), max(pages)) if pages else None)

    return place


def digest(out: DocumentOutput, name: str) -> DocumentDigest:
    """The digest of the document stored as ``OUT/name``."""
    info = out.document
    own = frozenset([*info.symbols, *([info.symbol] if info.symbol else [])])
    cites, resolutions = _cites(out, own)
    place = _placer(out)
    return DocumentDigest(
        name=name,
        symbol=info.symbol,
        language=info.language,
        title=info.title,
        date=info.date,
        body=info.body,
        own_symbols=own,
        segments=_segment_counts(out),
        mentions=_mention_counts(out),
        paragraphs=tuple(p.id for p in out.paragraphs),
        footnotes=tuple(f.id for f in out.footnotes),
        headings=tuple((h.id, h.level, h.label) for h in out.headings),
        values=_values(out),
        cites=cites,
        resolutions=frozenset(resolutions),
        blocks=tuple(
            BlockDigest(id=b.id, kind=b.kind, length=len(b.text), numbers=numbers_in(b.text),
                        footnotes=frozenset(b.footnote_refs),
                        place=place(b.section_path, b.pages))
            for b in out.blocks
        ),
        paragraph_places={p.id: place(p.section_path, p.pages) for p in out.paragraphs},
        body_length=sum(len(p.text) for p in out.paragraphs) + sum(len(b.text) for b in out.blocks),
    )
