"""Text-layer check: the characters and words read are those printed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check.problems import Problem
from pipeline.models import DocumentOutput
from pipeline.text.arabic_order import order_signs

_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f]|\(cid:\d+\)")
# a word of letters only (no digit, no joiner): what the length tests count
_WORD = re.compile(r"(?<![\w\-/@.])[^\W\d_]+(?![\w\-/@])")
MAX_WORD_LETTERS = 25  # longer: words run together (a lost space)
MAX_LONG_SHARE = 0.002  # of the words, at most this many may be that long
MAX_SINGLE_SHARE = 0.2  # of the words, at most this many may be one letter (letter-spaced text)
MIN_WORDS = 200  # the word tests need this many words
_UNSPACED = ("zh", "ja")  # scripts written without word spaces: no word tests


def _texts(doc: DocumentOutput) -> Iterator[str]:
    yield from (f.text for f in doc.front)
    yield from (h.title for h in doc.headings)
    yield from (p.text for p in doc.paragraphs)
    yield from (b.text for b in doc.blocks)
    yield from (f.text for f in doc.footnotes)


def text_problems(doc: DocumentOutput) -> list[Problem]:
    problems: list[Problem] = []
    text = "\n".join(_texts(doc))
    bad = _BAD_CHARS.findall(text)
    if bad:
        problems.append(Problem(f"{len(bad)} unreadable character(s) ({bad[0]!r})"))
    problems += [Problem(f"visual-order Arabic: {sign}") for sign in order_signs(text).visual()]
    if doc.document.language in _UNSPACED:
        return problems
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return problems
    long = [w for w in words if len(w) > MAX_WORD_LETTERS]
    if len(long) > MAX_LONG_SHARE * len(words):
        problems.append(Problem(f"{len(long)} words of more than {MAX_WORD_LETTERS} letters "
                                f"(words run together: {long[0][:40]!r})"))
    single = sum(1 for w in words if len(w) == 1)
    if single > MAX_SINGLE_SHARE * len(words):
        problems.append(Problem(f"{single} of {len(words)} words are single letters "
                                "(letter-spaced text)"))
    return problems
