"""Page furniture recognizable from a line's text alone (any language, any reader).

Job numbers (``07-40551 (E) 290607``, ``GE.09-17088 (F)``, ``12-27711``), barcodes
(``*1227711*``), bare page numbers, recycle marks. Running headers repeated across pages are
found by the readers from repetition, not here.
"""

from __future__ import annotations

import re

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("job-number", re.compile(r"^(?:GE\.|NY\.|V\.)?\d{2}-\d{4,6}\**(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
                              r"(?:\s+\d{6})?$")),
    ("job-number", re.compile(r"^\d{6}$")),  # the date stamp of a job number on its own line
    ("barcode", re.compile(r"^\*\d{6,9}\*$")),
    ("page-number", re.compile(r"^(?:\d{1,4}|[ivxlc]{1,6}|-\s*\d{1,4}\s*-|\d{1,4}/\d{1,4})$")),
    ("recycle", re.compile(r"^(?:Please recycle|Merci de recycler|Sírvase reciclar|"
                           r"Просьба отправить на вторичную переработку)\s*\W*$", re.I)),
)


def furniture_kind(line: str) -> str | None:
    """The kind of furniture ``line`` is (``job-number``, ``barcode``, ``page-number``,
    ``recycle``), or None for ordinary text."""
    text = line.strip()
    for kind, pattern in _KINDS:
        if pattern.match(text):
            return kind
    return None
