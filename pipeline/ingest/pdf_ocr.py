"""Quality of a PDF's text layer: flag pages whose words look like OCR noise.

A scanned document's OCR layer is read like any other text layer ("process what is readable");
pages where too many words are garbled (stray ``~ ! ] | &`` inside words, digits inside
letters such as ``9g5e`` or ``l 1Article``) are reported in one ``ocr-noise`` issue.
"""

from __future__ import annotations

import re

from pipeline.ingest.pdf_lines import Line
from pipeline.models import Issue

NOISE_THRESHOLD = 0.0025  # share of garbled words above which a page is flagged
_MIN_WORDS = 40
_GARBLED = re.compile(
    r"[~¦|\\^•]"  # characters that print as OCR debris
    r"|[^\W\d_][!\]\[&{}][^\W\d_]"  # junk between letters: a&ninistrantes
    r"|^[!\]][' ]?[^\W\d_]"  # junk for an apostrophe: ]'Article, !'Article
    r"|^[!\].]*[!\]][!\].)]*$"  # a token of debris: !, .!!)
    r"|[^\W\d_]\d+[^\W\d_]"  # digits inside letters: 9g5e
    r"|^1{1,2}[A-ZÀ-Ý][a-zà-ÿ]"  # apostrophe read as 1: 1Article, 11Assemblée
)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|er|ère|e|ème|o|a|º|ª)$", re.IGNORECASE)


# Every alternative of _GARBLED needs one of these characters: a word without any is clean. This
# single-class search rejects most words about five times faster than _GARBLED itself.
_SUSPECT = re.compile(r"[~¦|\\^•!\]\[&{}\d]")
_BULLETS = frozenset("•▪●")  # a bullet opening a line is a list's, not debris


def garbled_share(words: list[str]) -> float:
    """The share of ``words`` that look garbled (OCR debris, digits inside letters)."""
    if not words:
        return 0.0
    bad = sum(1 for w in words
              if _SUSPECT.search(w) and _GARBLED.search(w) and not _ORDINAL.match(w))
    return bad / len(words)


def noise_issues(lines: list[list[Line]], furniture: set[int]) -> list[Issue]:
    """One ``ocr-noise`` issue naming the pages whose text layer looks garbled, or none."""
    noisy: list[tuple[int, float]] = []
    for page_lines in lines:
        words = [w for ln in page_lines if id(ln) not in furniture
                 for i, w in enumerate(ln.text.split()) if i or w not in _BULLETS]
        if len(words) < _MIN_WORDS:
            continue
        share = garbled_share(words)
        if share > NOISE_THRESHOLD:
            noisy.append((page_lines[0].page, share))
    if not noisy:
        return []
    pages = ", ".join(str(p) for p, _ in noisy)
    worst = max(s for _, s in noisy)
    return [Issue(code="ocr-noise", severity="warning",
                  message=f"the text layer looks like noisy OCR on pages {pages} "
                          f"(up to {worst:.1%} of words garbled); text kept as read")]
