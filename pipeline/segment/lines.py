"""Joining the printed lines of a block into one text, hyphenation decided by the document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pipeline.text.width import is_wide

_WORD = re.compile(r"\w+(?:[-‐]\w+)*")
_HYPHENATED_END = re.compile(r"(\w+)[-‐]$")
_LEADING_WORD = re.compile(r"^(\w+(?:[-‐]\w+)*)")
_SIMPLE_WORD = re.compile(r"(?<![-‐\w])\w+(?![-‐]?\w)")


class Lexicon:
    """Word forms of one document, to decide whether a line-end hyphen is real (``sous-régional``,
    ``web-`` / ``based``) or a break inside a word (``régio-`` / ``nal``)."""

    def __init__(self, texts: Iterable[str]) -> None:
        lines = list(texts)
        # one scan over all the text (a word never spans a line break)
        self.counts = Counter(map(str.lower, _WORD.findall("\n".join(lines))))
        # the words printed whole: not the piece before a line-end hyphen, nor the line start
        # after it (``régio-`` / ``nal`` are no words), nor a part of a compound
        self.words: Counter[str] = Counter()
        cut = False
        for line in lines:
            found = _SIMPLE_WORD.findall(line)
            ends_cut = bool(_HYPHENATED_END.search(line.rstrip()))
            self.words.update(w.lower() for w in found[cut:len(found) - ends_cut])
            cut = ends_cut

    def keep_hyphen(self, left: str, right: str) -> bool:
        """``left-`` at a line end, ``right`` starting the next: a real hyphen?"""
        joined = (left + right).lower()
        hyphenated = f"{left}-{right}".lower()
        if self.counts[hyphenated] != self.counts[joined]:
            return self.counts[hyphenated] > self.counts[joined]
        # Unseen either way: a capital after the break (`Bosnie-` / `Herzégovine`) or a digit
        # means a real hyphen; so do two halves that the document prints as words of their own
        # (`web-` / `based`, `day-` / `to-day`): a compound; otherwise a lowercase continuation
        # is a broken word.
        if not right[:1].islower():
            return True
        first = right.split("-")[0].lower()
        return self.words[left.lower()] > 0 and self.words[first] > 0


def join_lines(lines: list[str], lexicon: Lexicon) -> str:
    """One text from printed lines: single spaces, line-end hyphens resolved with ``lexicon``."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
            continue
        # only the last word of ``out`` can end with a hyphen (searching all of ``out``, which
        # grows line by line, made joining a long block quadratic)
        end = _HYPHENATED_END.search(out, out.rfind(" ") + 1)
        start = _LEADING_WORD.match(line)
        if end and start and not out.endswith(" -"):
            if lexicon.keep_hyphen(end.group(1), start.group(1)):
                out += line
            else:
                out = out[:-1] + line
        else:
            out += line_separator(out[-1], line[0]) + line
    return out


def line_separator(left: str, right: str) -> str:
    """What joins two printed lines ending in ``left`` and starting with ``right``: nothing in
    scripts written without spaces between words (Chinese, Japanese: East Asian wide and
    fullwidth characters, their punctuation included) when either side is one, else a space."""
    return "" if is_wide(left) or is_wide(right) else " "


def join_texts(left: str, right: str, lexicon: Lexicon) -> str:
    """Rejoin a text cut by a page break (``… organisé du`` + ``31 mars …``)."""
    return join_lines([left, right], lexicon)
