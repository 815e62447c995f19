"""UN document symbols in the segments' text (grammar: :mod:`pipeline.extract.symbols.grammar`).

A mention's span covers the symbol and the modifiers coordinated after it
(``A/60/88 et Corr.2``); ``symbol`` is the canonical symbol of the document printed, attached
modifiers included (``A/48/826/Add.1``); ``suffixes`` lists every modifier, attached or
coordinated, ranges expanded (``A/4081 et Add. l à 4`` → ``Add.1`` … ``Add.4``); ``series`` is
the first element. A joint symbol (``A/80/500-S/2025/656``) gives one mention per symbol.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.segments import SegmentText
from pipeline.extract.symbols.grammar import find_symbols
from pipeline.models import SymbolMention


def extract_symbols(segments: Sequence[SegmentText], lang: str) -> list[SymbolMention]:
    """Every UN document symbol in the segments.

    In: text segments and the document's language (its conjunctions join coordinated
    modifiers). Out: one mention per symbol, in reading order within each segment.
    Holds: ``text == segment.text[span[0]:span[1]]``; strings that only look like symbols
    (``RMDS/G 05.20``, ``ISO/IEC 17025``, URLs, dates, fractions) give nothing; never raises.
    """
    out: list[SymbolMention] = []
    for seg in segments:
        for found in find_symbols(seg.text, lang):
            out.append(SymbolMention(
                segment=seg.id, span=(found.start, found.end),
                text=seg.text[found.start:found.end], symbol=found.symbol,
                suffixes=list(found.suffixes), series=found.series,
            ))
    return out
