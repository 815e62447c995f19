"""Signs that an Arabic text was read from a text layer in visual order, not logical order.

A PDF whose ToUnicode maps were written for visually ordered glyphs (see
:mod:`pipeline.ingest.pdf_text_maps`) reads with three marks that correct Arabic never shows:

- a lam-alef ligature read backwards: alef, then the alef of the ligature, then lam
  (``األمم`` for ``الأمم``, ``اإلسكوا`` for ``الإسكوا``): Arabic never writes two alefs in a row;
- brackets turned outwards around Arabic words (``)الإسكوا(``);
- years read backwards (``8102`` for 2018): four digits that are no year while their reversal is
  one, more often than plausible years.

In: a text. Out: the counts (:class:`OrderSigns`). Holds: a correctly ordered text, Arabic or
not, gives no signs (the tests run it on the UN Parallel Corpus sentences).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_REVERSED_LAM_ALEF = re.compile(r"ا[اأإآ]ل")
# a short bracketed run of Arabic words (digits too: a note call `(1)`) on one line, a letter or
# digit right inside each bracket: `(الإسكوا)` the right way round, `)الإسكوا(` turned outwards
# (`(أ) … (ب)` never matches: a space follows the closing bracket)
_WORD_CHAR = "[\u0621-\u0652\u0660-\u0669\u0671-\u06d30-9]"
_RUN = rf"{_WORD_CHAR}(?:[ \u0621-\u0652\u0660-\u0669\u0671-\u06d30-9]{{0,60}}{_WORD_CHAR})?"
_INVERTED_BRACKETS = re.compile(rf"\){_RUN}\(|»{_RUN}«")
_NORMAL_BRACKETS = re.compile(rf"\({_RUN}\)|«{_RUN}»")
MIRRORED = str.maketrans("()[]{}«»‹›", ")(][}{»«›‹")
_FOUR_DIGITS = re.compile(r"(?<![\d.,/])\d{4}(?![\d.,/])")
FIRST_YEAR, LAST_YEAR = 1945, 2100
MIN_SIGNS = 3  # fewer is not evidence enough for a whole text


class OrderSigns(NamedTuple):
    reversed_lam_alef: int
    inverted_brackets: int
    normal_brackets: int
    reversed_years: int
    plausible_years: int

    def brackets_inverted(self) -> bool:
        """Brackets turned outwards around Arabic words more often than not (and often)."""
        return (self.inverted_brackets >= MIN_SIGNS
                and self.inverted_brackets > self.normal_brackets)

    def visual(self) -> list[str]:
        """What points to a visually ordered layer (empty when nothing does)."""
        found: list[str] = []
        if self.reversed_lam_alef >= MIN_SIGNS:
            found.append(f"{self.reversed_lam_alef} lam-alef read backwards (األ)")
        if self.brackets_inverted():
            found.append(f"{self.inverted_brackets} brackets turned outwards ()…()")
        if self.reversed_years >= MIN_SIGNS and self.reversed_years > self.plausible_years:
            found.append(f"{self.reversed_years} years read backwards (8102)")
        return found


def order_signs(text: str) -> OrderSigns:
    """Count the signs of a visual-order reading in ``text``."""
    reversed_years = plausible = 0
    for m in _FOUR_DIGITS.finditer(text):
        value = int(m.group())
        if FIRST_YEAR <= value <= LAST_YEAR:
            plausible += 1
        elif FIRST_YEAR <= int(m.group()[::-1]) <= LAST_YEAR:
            reversed_years += 1
    return OrderSigns(
        reversed_lam_alef=len(_REVERSED_LAM_ALEF.findall(text)),
        inverted_brackets=len(_INVERTED_BRACKETS.findall(text)),
        normal_brackets=len(_NORMAL_BRACKETS.findall(text)),
        reversed_years=reversed_years,
        plausible_years=plausible,
    )
