"""Characters of scripts set without spaces between words, and how wide a line of them is.

In: characters or text. Out: whether a character is East Asian wide or fullwidth (Chinese
characters, kana, their punctuation: Unicode's East Asian Width ``W`` and ``F``), and a text's
width in columns, such a character counting as two. Holds: depends on Unicode data only.
"""

from __future__ import annotations

from unicodedata import east_asian_width

_WIDE = frozenset({"W", "F"})


def is_wide(ch: str) -> bool:
    """An East Asian wide or fullwidth character (``ch``: one character)."""
    return east_asian_width(ch) in _WIDE


def display_width(text: str) -> int:
    """Columns ``text`` takes: a line of 35 Chinese characters is as wide as 70 Latin ones."""
    return len(text) + sum(1 for ch in text if is_wide(ch))
