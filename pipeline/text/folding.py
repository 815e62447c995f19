"""Text folding, in one place: each function maps a text to the form one kind of matching needs.

- :func:`caseless`: the case-insensitive form (``str.casefold`` plus the letters the regex
  engine matches with another letter than casefold gives them), for the guards of
  :mod:`pipeline.text.guards`; checked against ``re`` itself by the tests.
- :func:`ascii_digits`: Arabic-Indic, extended Arabic-Indic and full-width digits as ASCII,
  full-width ``／（）`` as ASCII, directional marks and no-break spaces as spaces; one code point
  for one, so offsets do not move (symbols, references).
- :func:`unify_punctuation`: apostrophes, hyphens and spaces unified; one for one (names).
- :func:`word_key`: a printed word's case- and spacing-insensitive key (date words).
- :func:`without_accents`: lower case, Latin accents and apostrophe variants removed (old and
  capitalised mastheads: ``ASSEMBLEE GENERALE``); non-Latin marks are kept.
- :func:`fold_for_matching`: Arabic presentation forms and full-width characters folded
  (NFKC), bidi controls, tatweel, Arabic diacritics and soft hyphens dropped, each folded
  character remembering the original one it came from, so spans stay exact (dates).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

# ---------------------------------------------------------------------------- caseless

# Letters that ``re.IGNORECASE`` matches with an ASCII letter although ``str.casefold`` maps them
# elsewhere: the Turkish dotless and dotted i (the engine lowercases them to ``i``; casefold
# keeps ``ı`` and gives ``i̇`` for ``İ``).
_ENGINE_EXTRAS = str.maketrans({"ı": "i", "İ": "i"})


def caseless(text: str) -> str:
    """``text`` in case-insensitive form (see the module docstring)."""
    if text.isascii():
        return text.lower()  # the same mapping on ASCII, faster
    return text.translate(_ENGINE_EXTRAS).casefold()


# ---------------------------------------------------------------------------- digits

_TABLE: dict[int, str] = {}
for _base in (0x0660, 0x06F0, 0xFF10):
    for _i in range(10):
        _TABLE[_base + _i] = str(_i)
_TABLE.update({0xFF0F: "/", 0xFF08: "(", 0xFF09: ")", 0x00A0: " ", 0x202F: " "})
for _mark in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
              0x2069):
    _TABLE[_mark] = " "
# any character of the table: most texts have none, and a regex scan is much faster than
# ``str.translate`` with a dict on non-ASCII text
_ANY = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")




def ascii_digits(text: str) -> str:
    """``text`` with every digit in ASCII and look-alike punctuation folded; same length."""
    if _ANY.search(text) is None:
        return text
    return text.translate(_TABLE)


# ---------------------------------------------------------------------------- punctuation

_PUNCTUATION = str.maketrans({
    "\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
# any character of _PUNCTUATION: a regex scan is much faster than ``str.translate`` on a text
# with none
_ANY_PUNCTUATION = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_PUNCTUATION)) + "]")


def unify_punctuation(text: str) -> str:
    """Text with apostrophes, hyphens and spaces unified (same length as ``text``)."""
    if _ANY_PUNCTUATION.search(text) is None:
        return text
    return text.translate(_PUNCTUATION)


# ---------------------------------------------------------------------------- word keys, accents


def word_key(word: str) -> str:
    """Case- and spacing-insensitive key of a word as printed."""
    return " ".join(word.split()).casefold()


def without_accents(text: str) -> str:
    """Lowercase, Latin accents and apostrophe variants removed; non-Latin marks kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("’", "'").lower())
    kept = "".join(ch for ch in decomposed
                   if not ("\u0300" <= ch <= "\u036f"))  # combining marks of Latin letters
    return unicodedata.normalize("NFC", kept)


# ---------------------------------------------------------------------------- with origin

DROPPED = frozenset([
    0x00AD, 0x0640, 0x0670, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0x064B, 0x0660),
])


def compatibility_folded(o: int) -> bool:
    """Code points :func:`fold_for_matching` replaces by their NFKC form."""
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFE or 0xFF01 <= o <= 0xFFEF


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the index of its original character."""

    text: str
    origin: tuple[int, ...]

    @cached_property
    def caseless(self) -> str:
        """:func:`caseless` of ``text`` (computed once)."""
        return caseless(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded [start, end) (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1


# every character that is dropped or folded: the others are copied as they are
_SPECIAL = re.compile("[\u00ad\u0640\u0670\u200b-\u200f\ufeff\u202a-\u202e\u2066-\u2069"
                      "\u064b-\u065f\ufb50-\ufdff\ufe70-\ufefe\uff01-\uffef]")


@lru_cache(maxsize=256)
def fold_for_matching(text: str) -> Folded:
    """The folded text (see the module docstring); memoised, as each segment is folded by
    several passes."""
    first = _SPECIAL.search(text)
    if first is None:
        return Folded(text, tuple(range(len(text))))
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text, first.start()):
        i = m.start()
        chars.append(text[pos:i])
        origin.extend(range(pos, i))
        o = ord(text[i])
        if o not in DROPPED:
            out = unicodedata.normalize("NFKC", text[i]) if compatibility_folded(o) else text[i]
            chars.append(out)
            origin.extend([i] * len(out))
        pos = i + 1
    chars.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return Folded("".join(chars), tuple(origin))
