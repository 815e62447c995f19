"""Sibling groups: the language versions of one document.

In: the loaded documents. Out: one :class:`SiblingSet` per symbol that two or more documents
share as their own symbol (``document.symbol``, which the pipeline took from the file name, a
sidecar or the masthead), with its file name ``_siblings/<slug>.json``.
Holds: members are sorted by language (then path); groups by symbol; two symbols that would give
the same slug get distinct names (``-2``); a document without a symbol has no siblings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline.corpus.digest import DocumentDigest
from pipeline.emit import slug_for

SIBLINGS_DIR = "_siblings"


@dataclass(frozen=True, slots=True)
class SiblingSet:
    symbol: str
    file: str  # relative to OUT: _siblings/<slug>.json
    members: tuple[DocumentDigest, ...]


def _member_key(doc: DocumentDigest) -> tuple[str, str]:
    return (doc.language or "und", doc.name)


def sibling_sets(docs: list[DocumentDigest]) -> list[SiblingSet]:
    """The groups of documents sharing their own symbol, sorted by symbol."""
    by_symbol: dict[str, list[DocumentDigest]] = defaultdict(list)
    for doc in docs:
        if doc.symbol:
            by_symbol[doc.symbol].append(doc)
    sets: list[SiblingSet] = []
    used: set[str] = set()
    for symbol in sorted(by_symbol):
        members = sorted(by_symbol[symbol], key=_member_key)
        if len(members) < 2:
            continue
        base = slug_for(symbol, "group")
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        sets.append(SiblingSet(symbol, f"{SIBLINGS_DIR}/{slug}.json", tuple(members)))
    return sets
