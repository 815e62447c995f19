"""The corpus index (``OUT/_index.json`` and ``OUT/_index.jsonl``).

In: the documents' digests, their sibling groups, the files skipped. Out: a
:class:`CorpusIndex` with one :class:`IndexEntry` per document, sorted by file name: identity
(symbol, language, title, date, body), file name, counts of segments and mentions, the other
language versions and the group's sibling file. Holds: ``_index.jsonl`` carries the same
entries, one JSON object per line; the same documents give the same bytes.
"""

from __future__ import annotations

from pipeline.corpus.digest import DocumentDigest
from pipeline.corpus.models import CorpusIndex, DocumentRef, IndexEntry, SkippedFile
from pipeline.corpus.siblings import SiblingSet


def build_index(
    docs: list[DocumentDigest], groups: list[SiblingSet], skipped: list[SkippedFile]
) -> CorpusIndex:
    group_of = {member.name: group for group in groups for member in group.members}
    entries: list[IndexEntry] = []
    for doc in sorted(docs, key=lambda d: d.name):
        group = group_of.get(doc.name)
        siblings: list[DocumentRef] = (
            [m.ref for m in group.members if m.name != doc.name] if group else []
        )
        entries.append(IndexEntry(
            symbol=doc.symbol,
            language=doc.language,
            title=doc.title,
            date=doc.date,
            body=doc.body,
            path=doc.name,
            segments=doc.segments,
            mentions=doc.mentions,
            siblings=siblings,
            sibling_file=group.file if group else None,
        ))
    return CorpusIndex(documents=entries, skipped=sorted(skipped, key=lambda s: s.path))


def index_lines(index: CorpusIndex) -> str:
    """``_index.jsonl``: one compact JSON object per document."""
    return "".join(entry.model_dump_json() + "\n" for entry in index.documents)
