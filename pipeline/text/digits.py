"""Length-preserving normalization of text before pattern matching.

Arabic-Indic, extended Arabic-Indic and full-width digits become ASCII digits, full-width
``／（）`` their ASCII forms, and directional marks a space: each code point maps to exactly one
code point, so offsets found in the normalized text index the original text.
"""

from __future__ import annotations

import re

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


def normalize_digits(text: str) -> str:
    """``text`` with every digit in ASCII and look-alike punctuation folded; same length."""
    if _ANY.search(text) is None:
        return text
    return text.translate(_TABLE)
