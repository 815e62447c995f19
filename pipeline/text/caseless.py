"""A cheap test before a case-insensitive regex: can it match this text at all?

Many extractor patterns are alternations matched with ``re.IGNORECASE``: the regex engine tries
them at every position of a text, which costs far more than looking for a plain substring. Every
match of such a pattern contains some literal text (its keyword: ``paragraph``, ``décembre``).
:func:`fold` maps each character to one representative of its class under ``re.IGNORECASE``
(the classes Python's regex engine itself uses: simple lower case, plus its extra pairs such as
``ı``/``i`` and ``ſ``/``s``), one character for one. So a literal that a case-insensitive pattern
matches in a text is a substring of the folded text, and :func:`may_contain` can rule a pattern
out with ``str`` searches. When this Python's regex internals are not available, :func:`fold`
returns None and every test says "maybe": the patterns are then simply always run.
"""

from __future__ import annotations

from collections.abc import Iterable

try:  # what ``re`` compiles IGNORECASE literals with (re._compiler)
    from _sre import unicode_tolower as _tolower
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python implementation
    _tolower = None
    _EXTRA_CASES = {}


class _FoldTable(dict[int, int]):
    """``str.translate`` table: code point → the smallest code point of its IGNORECASE class,
    filled on first sight of each character."""

    def __missing__(self, code: int) -> int:
        assert _tolower is not None
        lower = int(_tolower(code))
        out: int = min((lower, *_EXTRA_CASES.get(lower, ())))
        self[code] = out
        return out


_TABLE = _FoldTable()
_SPECIAL = frozenset("\\.^$*+?{}[]|()")


def fold(text: str) -> str | None:
    """``text`` with every character replaced by its IGNORECASE representative (same length),
    or None when the regex engine's case tables cannot be read here."""
    if _tolower is None:
        return None
    if text.isascii():
        return text.lower()  # the same mapping on ASCII, much faster
    return text.translate(_TABLE)


def may_contain(folded: str | None, literals: Iterable[str] | None) -> bool:
    """False only when the folded text holds none of the (folded) ``literals``; True when either
    is unknown (None)."""
    if folded is None or literals is None:
        return True
    return any(lit in folded for lit in literals)


def literal_prefix(fragment: str) -> str:
    """The literal text every match of the regex ``fragment`` starts with, folded ('' when it
    has none or when it is not plainly readable: a top-level ``|``, a class, a group)."""
    if _top_level_bar(fragment):
        return ""
    out: list[str] = []
    i = 0
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            if i + 1 >= len(fragment) or fragment[i + 1].isalnum():
                break  # \d, \s, \b…: not a literal
            char, step = fragment[i + 1], 2
        elif ch in _SPECIAL:
            break
        else:
            char, step = ch, 1
        quantifier = fragment[i + step:i + step + 1]
        if quantifier in ("?", "*", "{"):
            break  # the character may be absent
        out.append(char)
        if quantifier == "+":
            break
        i += step
    return fold("".join(out)) or ""


def literal_prefixes(fragments: Iterable[str]) -> tuple[str, ...] | None:
    """The folded literal prefixes of alternatives, or None when one of them has none (then
    nothing can be ruled out)."""
    out = tuple(literal_prefix(f) for f in fragments)
    return out if out and all(out) else None


def _top_level_bar(fragment: str) -> bool:
    depth = 0
    in_class = False
    i = 0
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False
