"""A line that is a document symbol, as a masthead prints it: ``S/2012/197``,
``A/80/500-S/2025/656`` (a joint document), ``S/RES/2803 (2025)``, ``A/63/261*`` (a reissue).

In: one line of text. Out: the symbols it holds (reissue asterisks stripped), or [] when the
line is anything else. Holds: the shape only (an upper-case series, then ``/``-separated
elements); which series and elements exist, and canonical spellings in running text, are the
symbol grammar's (:mod:`pipeline.extract.symbols.grammar`). The PDF reader uses it to put the
masthead's symbol first; the segmenter to read the masthead and the front matter.
"""

from __future__ import annotations

import re

_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]{0,11}(?:/[A-Za-z0-9.()\-]+)+(?:\s*\(\d{4}\))?\**$")
_JOINT = re.compile(r"\s*[-–—]\s*(?=[A-Z][A-Z0-9.]{0,11}/)")


def symbols_in_line(text: str) -> list[str]:
    """The symbol(s) of a symbol line, dashes between joint symbols normalised; [] for other
    lines."""
    parts = _JOINT.split(text.strip())
    if not parts or not all(_SYMBOL.match(p) for p in parts):
        return []
    return [p.rstrip("*") for p in parts]
