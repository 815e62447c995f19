"""Corpus views: what links the documents of one output folder.

Entry point :func:`update_corpus_views`. In: an output folder holding document JSON files
(``<slug>.<lang>.json``). Out, in that folder:

- ``_index.json`` (and ``_index.jsonl``, one document per line): every document, its identity,
  counts of segments and mentions, its siblings;
- ``_siblings/<slug>.json``: for each symbol held by several language versions, every pair of
  versions aligned (paragraphs by number, footnotes by marker, headings by level and label,
  unnumbered blocks between them by the numbers they carry, then by order when every signal
  agrees) and cross-checked (symbols, resolutions, dates and footnote calls of aligned segments);
- ``_citations.json``: every cited symbol, who cites it where, whether it is in the corpus, and
  the reverse links;

and a :class:`~pipeline.corpus.models.CorpusReport`. :func:`build_corpus_views` computes the same
views without writing them (``docpipe export`` reads its alignments and citations there).
Holds: the views are rebuilt from the JSON files alone (no document is reprocessed), so adding a
document costs one read of each JSON; a missing or invalid JSON file is skipped and listed in the
index, never a crash; every file is written atomically, with the same bytes for the same
documents; sibling files of groups that no longer exist are removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from pipeline.corpus.align import align_footnotes, align_headings, align_paragraphs
from pipeline.corpus.align_blocks import align_blocks
from pipeline.corpus.citations import citation_graph
from pipeline.corpus.crosscheck import cross_check
from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.index import build_index, index_lines
from pipeline.corpus.load import load_documents
from pipeline.corpus.models import (
    CitationGraph,
    CorpusIndex,
    CorpusReport,
    PairAlignment,
    SiblingGroup,
)
from pipeline.corpus.siblings import SIBLINGS_DIR, SiblingSet, sibling_sets
from pipeline.emit import write_atomic
from pipeline.out_files import CITATIONS_NAME, INDEX_LINES_NAME, INDEX_NAME

__all__ = ["CITATIONS_NAME", "INDEX_LINES_NAME", "INDEX_NAME", "SIBLINGS_DIR",
           "CorpusReport", "CorpusViews", "align_pair", "build_corpus_views",
           "update_corpus_views"]


def align_pair(left: DocumentDigest, right: DocumentDigest) -> PairAlignment:
    """Two language versions of one document, aligned and cross-checked."""
    paragraphs = align_paragraphs(left, right)
    footnotes = align_footnotes(left, right)
    headings = align_headings(left, right)
    blocks = align_blocks(left, right, paragraphs, headings)
    return PairAlignment(
        left=left.ref,
        right=right.ref,
        paragraphs=paragraphs,
        footnotes=footnotes,
        headings=headings,
        blocks=blocks,
        disagreements=cross_check(left, right, paragraphs, footnotes, blocks),
    )


def _group(found: SiblingSet) -> SiblingGroup:
    return SiblingGroup(
        symbol=found.symbol,
        members=[m.ref for m in found.members],
        pairs=[align_pair(a, b) for a, b in combinations(found.members, 2)],
    )


@dataclass(frozen=True)
class CorpusViews:
    """The views of one output folder, in memory: what :func:`update_corpus_views` writes."""

    sets: list[SiblingSet]
    groups: list[SiblingGroup]
    index: CorpusIndex
    citations: CitationGraph


def build_corpus_views(out_dir: Path) -> CorpusViews:
    """The index, the sibling groups (aligned and cross-checked) and the citation graph of the
    documents in ``out_dir``, computed from their JSON files and written nowhere."""
    docs, skipped = load_documents(out_dir)
    found = sibling_sets(docs)
    return CorpusViews(sets=found, groups=[_group(s) for s in found],
                       index=build_index(docs, found, skipped), citations=citation_graph(docs))


def update_corpus_views(out_dir: Path) -> CorpusReport:
    """Rebuild the index, the sibling files and the citation graph of ``out_dir``."""
    views = build_corpus_views(out_dir)
    found, groups, index, graph = views.sets, views.groups, views.index, views.citations

    written: list[str] = []
    for sibling_set, group in zip(found, groups, strict=True):
        write_atomic(out_dir / sibling_set.file, group.model_dump_json(indent=2) + "\n")
        written.append(sibling_set.file)
    write_atomic(out_dir / INDEX_NAME, index.model_dump_json(indent=2) + "\n")
    write_atomic(out_dir / INDEX_LINES_NAME, index_lines(index))
    write_atomic(out_dir / CITATIONS_NAME, graph.model_dump_json(indent=2) + "\n")
    written += [INDEX_NAME, INDEX_LINES_NAME, CITATIONS_NAME]

    removed: list[str] = []
    keep = {Path(s.file).name for s in found}
    siblings_dir = out_dir / SIBLINGS_DIR
    if siblings_dir.is_dir():
        for stale in sorted(siblings_dir.glob("*.json")):
            if stale.name not in keep and stale.is_file():
                stale.unlink()
                removed.append(f"{SIBLINGS_DIR}/{stale.name}")

    return CorpusReport(
        documents=len(index.documents),
        skipped=index.skipped,
        groups=len(groups),
        pairs=sum(len(g.pairs) for g in groups),
        disagreements=sum(len(p.disagreements) for g in groups for p in g.pairs),
        cited_symbols=len(graph.symbols),
        cited_in_corpus=sum(s.in_corpus for s in graph.symbols),
        written=written,
        removed=removed,
    )
