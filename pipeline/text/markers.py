"""Footnote-marker notation shared by readers, segmenter and extractors.

In segment text a numbered footnote marker is written in Unicode superscript digits (``¹⁰``);
its footnote id uses ASCII digits (``fn10``).
"""

from __future__ import annotations

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)


def to_digits(marker: str) -> str:
    """``¹⁰`` → ``10``; anything else unchanged."""
    return marker.translate(_TO_DIGIT)


def to_superscript(number: str) -> str:
    """``10`` → ``¹⁰``; anything else unchanged."""
    return number.translate(_TO_SUPER)
