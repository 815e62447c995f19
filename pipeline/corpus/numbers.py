"""The numbers a text carries, written the same way in every language version.

In: a segment's text. Out: the set of its numbers, each as ASCII digits without leading zeros.
Holds: any script's decimal digits count (``٤٢`` is ``42``); a number grouped in thousands is one
number whichever separator groups it (``1,500``, ``1.500``, ``1 500`` are all ``1500``), while a
decimal part is a number of its own (``2.5`` and ``2,5`` give ``2`` and ``5``); superscript
digits (footnote markers) are not numbers; numbers written in words are not seen. So two
translations of one paragraph usually carry the same set, whatever their language.
"""

from __future__ import annotations

import re

from pipeline.text.numbers import digit_string

# `\d` matches the decimal digits of every script. A group of 1-3 digits followed by groups of
# exactly three, separated by a comma, full stop, Arabic separators or a (no-break) space, is
# one number; anything else is a plain run of digits.
_SEPARATOR = "[,.\u066b\u066c\u00a0\u202f ]"
_NUMBER = re.compile(rf"(?<!\d)\d{{1,3}}(?:{_SEPARATOR}\d{{3}})+(?!\d)|\d+")
_NOT_DIGIT = re.compile(r"\D")


def numbers_in(text: str) -> frozenset[str]:
    """The numbers printed in ``text`` (see the module's docstring)."""
    return frozenset(digit_string(_NOT_DIGIT.sub("", m.group())) for m in _NUMBER.finditer(text))
