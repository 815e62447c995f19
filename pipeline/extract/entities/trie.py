"""A character-level name matcher: leftmost-longest matches of a set of names in a text.

Why characters and not tokens: a token-level matcher (spaCy's PhraseMatcher or EntityRuler) only
finds a name whose tokens line up with the text's tokens. They do not in Arabic, where a clitic
is glued to the name (``وفرنسا`` "and France"), nor in Chinese, where the segmenter makes one
token of ``中华人民共和国政府`` ("the Government of the People's Republic of China"). So names
are matched on characters, with word-boundary rules given per language (see
:class:`BoundaryRules`), and the matches become entity spans directly.

A name is stored as a sequence of *units*: a character, ``SPACE`` (matches any run of
whitespace in the text, so a name broken over a line still matches) or ``INFLECT`` (the free
ending of an inflected word, for Russian: the word's stem is stored, and any ending of the
language's list may follow it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.text.folding import unify_punctuation

SPACE = "\x00space"
INFLECT = "\x00inflect"
@dataclass(frozen=True, slots=True)
class Entry:
    """What a name stands for."""

    key: str
    label: str
    name: str  # the name as written in the data


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entry: Entry | None = None


@dataclass(frozen=True, slots=True)
class BoundaryRules:
    """Where a match may start and end.

    ``word``: a match starts and ends at a word boundary (the neighbouring character is not a
    letter or digit); ``proclitics`` may stand glued before a name (Arabic ``و``, ``ب``, ``لل``…;
    the span starts after them); ``elisions`` restore a letter that a proclitic swallowed
    (Arabic ``ل`` + ``الـ`` → ``لل``: ``("ل", "ا")`` tries the name with ``ا`` put back).
    ``word=False`` (Chinese): any character position is a boundary.
    """

    word: bool = True
    proclitics: tuple[str, ...] = ()
    elisions: tuple[tuple[str, str], ...] = ()
    endings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry


# the characters of _is_word_char, as a regex class
_WORD_CHAR = r"[^\W_\u00b2\u00b3\u00b9\u2070-\u209f]"


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and not ("\u2070" <= ch <= "\u209f" or ch in "\u00b9\u00b2\u00b3")


class NameTrie:
    """Names → entries; :meth:`find` returns leftmost-longest, non-overlapping matches."""

    def __init__(self, rules: BoundaryRules) -> None:
        self.rules = rules
        self._root = _Node()
        self._max_ending = max((len(e) for e in rules.endings), default=0)
        self._endings = frozenset(rules.endings)
        self.size = 0
        self._start_chars: re.Pattern[str] | None = None  # built by find, reset by add

    def add(self, units: Sequence[str], entry: Entry) -> None:
        """Store a name given as units (see module docstring); the first entry stored wins."""
        self._start_chars = None
        node = self._root
        for unit in units:
            node = node.children.setdefault(unit, _Node())
        if node.entry is None:
            node.entry = entry
            self.size += 1

    def _end_ok(self, text: str, pos: int) -> bool:
        return not self.rules.word or pos >= len(text) or not _is_word_char(text[pos])

    def _walk(self, text: str, pos: int, node: _Node) -> tuple[int, Entry] | None:
        """Longest match from ``node`` at ``pos`` (depth-first, longest alternative first)."""
        best: tuple[int, Entry] | None = None
        if pos < len(text):
            ch = text[pos]
            child = node.children.get(ch)
            if child is not None:
                best = self._walk(text, pos + 1, child)
            if ch.isspace() and SPACE in node.children:
                end = pos
                while end < len(text) and text[end].isspace():
                    end += 1
                found = self._walk(text, end, node.children[SPACE])
                if found and (best is None or found[0] > best[0]):
                    best = found
        inflected = node.children.get(INFLECT)
        if inflected is not None:
            for size in range(min(self._max_ending, len(text) - pos), -1, -1):
                if text[pos:pos + size] in self._endings or size == 0:
                    found = self._walk(text, pos + size, inflected)
                    if found and (best is None or found[0] > best[0]):
                        best = found
        if best is None and node.entry is not None and self._end_ok(text, pos):
            best = (pos, node.entry)
        return best

    def _starts(self, text: str, pos: int) -> Iterable[tuple[int, _Node]]:
        """(text position, trie node) pairs to walk from for a span starting at or after ``pos``
        (the span starts at that text position: a proclitic before it is not part of it)."""
        if self.rules.word and pos > 0 and _is_word_char(text[pos - 1]):
            return
        yield pos, self._root
        for clitic in self.rules.proclitics:
            if text.startswith(clitic, pos):
                after = pos + len(clitic)
                yield after, self._root
                for swallower, restored in self.rules.elisions:
                    node = self._root.children.get(restored)
                    if clitic.endswith(swallower) and node is not None:
                        # ``لل``: the article's alif is restored before the text's second lam
                        yield after, node

    def _start_pattern(self) -> re.Pattern[str]:
        """A regex of the positions a match can start on: a name's first character, or a
        proclitic's where the language has proclitics, at a word start where the language has
        word boundaries (:meth:`_starts` yields nothing elsewhere). :meth:`find` jumps over
        every other position with one regex search instead of a Python loop over each one."""
        if self._start_chars is None:
            firsts = {u for u in self._root.children if len(u) == 1}
            proclitics = [c for c in self.rules.proclitics if c]
            if proclitics and len(firsts) < len(self._root.children):
                # a SPACE or INFLECT unit at the root may follow a proclitic anywhere
                self._start_chars = re.compile(".", re.DOTALL)
                return self._start_chars
            firsts |= {c[0] for c in proclitics}
            if not firsts:
                self._start_chars = re.compile("(?!)")
            else:
                chars = "".join(re.escape(c) for c in sorted(firsts))
                # with word boundaries, not right after a word character (_is_word_char); the
                # test comes after the character so that the regex engine's fast scan for a
                # leading character class applies
                after_word = f"(?<!{_WORD_CHAR}[\\s\\S])" if self.rules.word else ""
                self._start_chars = re.compile(f"[{chars}]{after_word}")
        return self._start_chars

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in the reading order of
        ``unify_punctuation(text)``."""
        folded = unify_punctuation(text)
        out: list[Match] = []
        start_chars = self._start_pattern()
        pos = 0
        n = len(folded)
        while pos < n:
            hit = start_chars.search(folded, pos)
            if hit is None:
                break
            pos = hit.start()
            best: Match | None = None
            for start, node in self._starts(folded, pos):
                found = self._walk(folded, start, node)
                if found and found[0] > start and (best is None or found[0] > best.end):
                    best = Match(start, found[0], found[1])
            if best is not None:
                out.append(best)
                pos = best.end
            else:
                pos += 1
        return out
