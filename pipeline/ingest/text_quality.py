"""Is a page's text layer words, or garbage? The share of tokens that cannot be words.

A scan's old OCR layer (``‘BeJ.,” ! ” q : .,’ … GENXRALE``) or a font without a usable
character map (Arabic read as ``ا,7+ د& وا,``, control characters) gives tokens that no language
writes: punctuation alone, letters mixed with punctuation or digits, case changing inside a
word, control or private-use characters. Numbers, symbols with digits (``A/35/789``, ``(a)``),
a symbol's parts broken at a line's end (``(A/``, ``Add.1)``), dot leaders and single letters
say nothing either way and are left out of the count. A word hyphenated at a line's end
(``Gouverne-``, ``l'ali-``) is a word: a typescript hyphenates dozens a page.
"""

from __future__ import annotations

import re

# a word: letters (any script), inner apostrophes, hyphens or dots, between quotes, brackets and
# sentence punctuation
_WORD = re.compile(
    r"^[\"'“‘«(\[¿¡]*([^\W\d_]+(?:['’\-.][^\W\d_]+)*)(?:-$|[\"'”’»)\]]*[.,;:!?،؛。，]*[\"'”’»)\]]*$)")
_NEUTRAL = re.compile(
    r"^(?:[\W_]*\d.*|.*\d.*/.*|.*/.*\d.*|[.…·\-–—/_*•]+|[^\W\d_]"
    r"|[(\[]?(?:[A-Z]+/)+"  # a symbol's first part at a line's end: `(A/`
    r"|[(\[]?[A-Z][a-z]*\.\d+[.,;:)\]]*"  # a symbol's last part: `Add.1)`, `L.628`
    r")$", re.S)
_BROKEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
GARBAGE_SHARE = 0.25  # a page whose bad tokens are more than this share is garbage …
MIN_TOKENS = 40  # … among at least this many tokens that are words or garbage


def _is_word(token: str) -> bool:
    m = _WORD.match(token)
    return m is not None and not _mixed_case(m.group(1))


def _mixed_case(core: str) -> bool:
    """Case changing inside a part of a word (``SiSge``, ``GENXRALe``, ``lsThe``): no language
    writes that; a capital at a part's start is fine (``d'Ankara``, ``Secretary-General``), and
    so is an acronym's plural (``NGOs``)."""
    for part in re.split(r"['’\-.]", core):
        rest = part[1:-1] if len(part) > 2 and part.endswith("s") else part[1:]
        if rest != rest.lower() and rest != rest.upper():
            return True
    return False


def bad_share(tokens: list[str]) -> tuple[float, int]:
    """(share of garbage among the tokens that are words or garbage, their number)."""
    good = bad = 0
    for token in tokens:
        if _BROKEN.search(token):
            bad += 1
        elif _NEUTRAL.match(token):
            continue
        elif _is_word(token):
            good += 1
        else:
            bad += 1
    n = good + bad
    return (bad / n if n else 0.0), n


def is_garbage(tokens: list[str]) -> bool:
    """Enough tokens, and too many of them garbage (see the module docstring)."""
    share, n = bad_share(tokens)
    return n >= MIN_TOKENS and share > GARBAGE_SHARE
