"""Numbers read from text, bounded.

A run of digits in a document can be any length (a garbled text layer, a hostile file), while
Python refuses to convert more than 4,300 digits and big integers cost time. Every number the
pipeline reads from text goes through :func:`bounded_int`: a run longer than
:data:`MAX_DIGITS` is not a number any reading needs (a paragraph, a year, a resolution, a page
are far shorter), and the caller treats it as text.
"""

from __future__ import annotations

MAX_DIGITS = 18


def bounded_int(digits: str) -> int | None:
    """The value of a run of decimal digits (any script's), or None when it is longer than
    :data:`MAX_DIGITS` digits or is not a run of digits."""
    if not digits or len(digits) > MAX_DIGITS or not digits.isdecimal():
        return None
    return int(digits)


def digit_string(digits: str) -> str:
    """A run of decimal digits (any script's, any length) as ASCII digits without leading
    zeros (``٠٤٢`` → ``42``), without converting it to a number."""
    ascii_digits = "".join(str(int(ch)) for ch in digits) if not digits.isascii() else digits
    return ascii_digits.lstrip("0") or "0"
