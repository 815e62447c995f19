"""A long alternation of anchored patterns, compiled with its shared tails written once.

spaCy's French language data compiles, when ``spacy.lang.fr`` is imported and again when a
French model's tokenizer is loaded, one regular expression of 1.45 million characters: 266
alternatives ``(?:^PREFIX[HYPHENS][LETTERS][LETTERS…]*$)`` that spell out the same Unicode letter
classes (3,089 characters each) again and again. Parsing it takes Python's ``re`` 2.2 s of one
core, most of a small batch's cost of loading the French model. The same language is matched by
the alternatives grouped by their tail, ``(?:^(?:PREFIX1|PREFIX2|…)[HYPHENS][LETTERS]…$)``:
44,000 characters, compiled in 0.14 s.

In: a pattern. Out (:func:`grouped_alternation`): the grouped pattern, or None when the pattern
is not of that form. :func:`grouping_long_alternations` makes ``re.compile`` use it, for the
patterns of at least :data:`MIN_LENGTH` characters, while a model loads.

Holds: the grouped pattern matches exactly the strings the original matches, at the same span
(every alternative is anchored at both ends, so which of them matches first cannot change a
span); a pattern with a capturing group, back-reference, an alternative not anchored at both
ends or not wrapped in ``(?:…)``, or no long character class is left as it is.
``tests/test_grouped_patterns.py`` compiles spaCy's own French pattern both ways and compares
them on the words of the UN parallel corpus and on hyphenated and elided forms built from its
prefixes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MIN_LENGTH = 100_000  # a pattern this long is tried for grouping (spaCy's French: 1.45M)
LONG_CLASS = 200  # a character class at least this long starts an alternative's tail

# one piece of a pattern: an escape, a character class, an opening or closing parenthesis, a bar,
# or a run of anything else
_PIECE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?:|\(|\)|\||[^\\\[()|]+", re.S)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _pieces(pattern: str) -> list[str] | None:
    """``pattern`` cut into pieces, or None if something in it is not understood here (a group
    other than ``(?:``, a back-reference, unbalanced parentheses)."""
    pieces: list[str] = []
    position = depth = 0
    for m in _PIECE.finditer(pattern):
        piece = m.group()
        if m.start() != position or piece == "(":
            return None  # not understood, or a group that is not ``(?:`` (capturing, flags…)
        if piece[:1] == "\\" and piece[1:2].isdigit():
            return None  # a back-reference
        position = m.end()
        depth += piece in {"(", "(?:"}
        depth -= piece == ")"
        if depth < 0:
            return None
        pieces.append(piece)
    if position != len(pattern) or depth:
        return None
    return pieces


def _top_alternatives(pieces: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    depth = 0
    for piece in pieces:
        if piece == "|" and depth == 0:
            out.append([])
            continue
        depth += piece == "(?:"
        depth -= piece == ")"
        out[-1].append(piece)
    return out


def grouped_alternation(pattern: str) -> str | None:
    """``pattern`` (optional global flags, then ``(?:^…$)|(?:^…$)|…``) with the alternatives that
    end with the same tail — from their first character class of :data:`LONG_CLASS` characters
    or more — written as one: ``(?:^(?:HEAD1|HEAD2)TAIL)``, in the order of the first of each
    group. None when the pattern is not of that form or has nothing to group."""
    flags = _GLOBAL_FLAGS.match(pattern)
    prefix = flags.group() if flags else ""
    pieces = _pieces(pattern[len(prefix):])
    if pieces is None:
        return None
    heads_by_tail: dict[str, list[str]] = {}
    alternatives = _top_alternatives(pieces)
    for alternative in alternatives:
        if (len(alternative) < 3 or alternative[0] != "(?:" or alternative[-1] != ")"
                or not alternative[1].startswith("^") or not alternative[-2].endswith("$")):
            return None
        inner = alternative[1:-1]
        if len(_top_alternatives(inner)) != 1:
            return None  # ``^a|b$``: its bar is not inside the anchors
        cut = next((i for i, piece in enumerate(inner)
                    if piece.startswith("[") and len(piece) >= LONG_CLASS), None)
        if cut is None:
            return None
        # inner[0] starts with the anchor, which is written once, before the group
        head = inner[0][1:] + "".join(inner[1:cut])
        heads_by_tail.setdefault("".join(inner[cut:]), []).append(head)
    if len(heads_by_tail) == len(alternatives):
        return None
    return prefix + "|".join(f"(?:^(?:{'|'.join(heads)}){tail})"
                             for tail, heads in heads_by_tail.items())


_REAL_COMPILE = re.compile
_LOCK = threading.Lock()
_DEPTH = [0]  # contexts open, in any thread: the last one out puts ``re.compile`` back


def _compile_grouped(pattern: Any, flags: Any = 0) -> re.Pattern[Any]:
    if isinstance(pattern, str) and len(pattern) >= MIN_LENGTH:
        grouped = _grouped_cached(pattern)
        if grouped is not None:
            return _REAL_COMPILE(grouped, flags)
    return _REAL_COMPILE(pattern, flags)


@contextmanager
def grouping_long_alternations() -> Iterator[None]:
    """While inside: ``re.compile`` of a ``str`` pattern of at least :data:`MIN_LENGTH`
    characters that :func:`grouped_alternation` can group compiles the grouped pattern instead
    (every other call is ``re.compile`` itself, in this thread or another). For loading a
    spaCy pipeline; contexts may overlap (two threads loading models): ``re.compile`` is the
    standard one again when the last closes."""
    with _LOCK:
        _DEPTH[0] += 1
        re.compile = _compile_grouped
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH[0] -= 1
            if not _DEPTH[0]:
                re.compile = _REAL_COMPILE


_CACHE: dict[str, str | None] = {}


def _grouped_cached(pattern: str) -> str | None:
    # spaCy compiles the same French pattern twice (language data, then the model's tokenizer)
    if pattern not in _CACHE:
        _CACHE[pattern] = grouped_alternation(pattern)
    return _CACHE[pattern]
