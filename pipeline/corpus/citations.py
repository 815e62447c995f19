"""The citation graph of a corpus (``OUT/_citations.json``).

In: the documents' digests. Out: a :class:`CitationGraph`: every symbol cited anywhere (symbol
mentions, and the ``symbol`` of references, resolutions included), which documents cite it and
where (segment ids in reading order; for a footnote, also the segments that call it), whether it
is in the corpus (then the JSON files that carry it, as own symbol or as one of a joint
document's symbols), and per document the reverse links. Holds: a document's mentions of its own
symbols are not citations; canonical symbols are compared as they are (``S/PRST/2007/24``);
everything sorted, so the same corpus gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.models import (
    Citation,
    CitationGraph,
    CitedSymbol,
    DocumentLinks,
    DocumentRef,
)


def citation_graph(docs: list[DocumentDigest]) -> CitationGraph:
    """The graph of ``docs``."""
    ordered = sorted(docs, key=lambda d: d.name)
    holders: dict[str, list[DocumentRef]] = defaultdict(list)
    cited_by: dict[str, list[Citation]] = defaultdict(list)
    resolutions: set[str] = set()
    for doc in ordered:
        for own in doc.own_symbols:
            holders[own].append(doc.ref)
        resolutions |= doc.resolutions
        for symbol, places in doc.cites.items():
            cited_by[symbol].append(Citation(
                document=doc.ref,
                segments=list(places.segments),
                called_from=list(places.called_from),
            ))
    symbols = [
        CitedSymbol(
            symbol=symbol,
            kind="resolution" if symbol in resolutions or "/RES/" in symbol else "document",
            in_corpus=symbol in holders,
            documents=holders.get(symbol, []),
            cited_by=cited_by[symbol],
        )
        for symbol in sorted(cited_by)
    ]
    links: list[DocumentLinks] = []
    for doc in ordered:
        citing = {
            c.document.path: c.document
            for own in doc.own_symbols
            for c in cited_by.get(own, [])
            if c.document.path != doc.name
        }
        links.append(DocumentLinks(
            document=doc.ref,
            cites=sorted(doc.cites),
            cited_by=[citing[p] for p in sorted(citing)],
        ))
    return CitationGraph(symbols=symbols, documents=links)
