"""A cheap test before a case-insensitive regex: can it match this text at all?

Many extractor patterns are alternations matched with ``re.IGNORECASE``: the regex engine tries
them at every position of a text, which costs far more than looking for a plain substring. Every
match of such a pattern contains some literal text (its keyword: ``paragraph``, ``décembre``).
:func:`literal_prefixes` reads those keywords off the patterns' fragments, folded with
:func:`pipeline.text.folding.caseless`; a literal that a case-insensitive pattern matches in a
text is then a substring of the caseless text, and :func:`may_contain` rules a pattern out with
``str`` searches.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.text.folding import caseless


def may_contain(folded: str, literals: Iterable[str] | None) -> bool:
    """False only when the folded text holds none of the (folded) ``literals``; True when the
    literals are unknown (None)."""
    if literals is None:
        return True
    return any(lit in folded for lit in literals)


_SPECIAL = frozenset("\\.^$*+?{}[]|()")


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
    return caseless("".join(out))


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
