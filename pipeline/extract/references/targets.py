"""Targets of internal references: the segment ids of this document that a pinpoint names.

Paragraphs by number (``p26``), footnotes by marker (``fn10``), in the part of the citing
segment first (``annex1.p3`` from a paragraph of annex 1) then in the main body; chapters and
sections by the ``label`` of their heading (``IV``, ``A``; ``IV.A`` is section A under chapter
IV), annexes by headings whose title starts with the annex word (and the label when one is
given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.references.lexicon import Lexicon
from pipeline.extract.references.numbers import integer_items, numeral_value, to_roman
from pipeline.models import Heading, SegmentedDocument


def part_of(segment: str) -> str:
    """The part named in a segment id (``annex1`` of ``annex1.p3``), or ``""``."""
    return segment.rpartition(".")[0]


def in_part(local: str, part: str, pool: frozenset[str]) -> str:
    """``local`` (``p3``) in ``part`` when that part has it, else in the main body."""
    return f"{part}.{local}" if part and f"{part}.{local}" in pool else local


@dataclass(frozen=True, slots=True)
class TargetIndex:
    paragraphs: frozenset[str]
    footnotes: frozenset[str]
    headings: tuple[Heading, ...]
    annex_word: re.Pattern[str]

    @classmethod
    def build(cls, doc: SegmentedDocument, lex: Lexicon) -> TargetIndex:
        annex_words = lex.data.get("keywords", {}).get("annex", [])
        alt = "|".join(str(w) for w in annex_words) or "(?!)"
        return cls(
            paragraphs=frozenset(p.id for p in doc.paragraphs),
            footnotes=frozenset(f.id for f in doc.footnotes),
            headings=tuple(doc.headings),
            annex_word=re.compile(rf"\s*(?i:{alt})"),
        )

    def targets(self, kind: str, m: re.Match[str], lex: Lexicon, segment: str = "") -> list[str]:
        """Ids in this document named by the pinpoint match ``m`` of ``kind``, found in the
        segment ``segment``."""
        groups = m.groupdict()
        if kind in ("paragraph", "footnote"):
            prefix, pool = ("p", self.paragraphs) if kind == "paragraph" else ("fn", self.footnotes)
            part = part_of(segment)
            ids = [in_part(f"{prefix}{n}", part, pool)
                   for n in integer_items(groups["numbers"], lex.range_word)]
            return [i for i in dict.fromkeys(ids) if i in pool]
        label = groups.get("label")
        if kind == "annex":
            return [h.id for h in self.headings if self._is_annex(h, label)]
        if not label:
            return []
        found = self._by_label(label.split("."))
        if not found and not label.isascii():
            # 第三章 / الفصل الثالث: the heading may print its label as III (or 3)
            value = numeral_value(label, lex.numerals)
            if value:
                found = self._by_label([to_roman(value)]) or self._by_label([str(value)])
        return found

    def _is_annex(self, heading: Heading, label: str | None) -> bool:
        m = self.annex_word.match(heading.title)
        if m is None:
            return False
        return label is None or heading.label == label or re.match(
            rf"\s*{re.escape(label)}\b", heading.title[m.end():]) is not None

    def _by_label(self, path: list[str]) -> list[str]:
        first = [i for i, h in enumerate(self.headings) if h.label == path[0]]
        if len(path) == 1:
            return [self.headings[i].id for i in first]
        out: list[str] = []
        for i in first:
            level = self.headings[i].level
            for h in self.headings[i + 1:]:
                if h.level <= level:
                    break
                if h.label == path[1]:
                    out.append(h.id)
                    break
        return out
