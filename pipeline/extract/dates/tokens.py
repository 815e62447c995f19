"""Text → calendar tokens (numbers, month names, connectors), with offsets into the original text.

Matching runs on a folded copy of the text: Arabic presentation forms and full-width characters
are folded (NFKC), bidi controls, tatweel, Arabic diacritics and soft hyphens are dropped. Every
folded character remembers the original character it came from, so spans stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from pipeline.extract.dates.lexicon import DateLexicon, fold, is_cjk
from pipeline.text.caseless import fold as ignorecase_fold

_DROP = frozenset([
    0x00AD, 0x0640, 0x0670, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0x064B, 0x0660),
])


def _folds(o: int) -> bool:
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFE or 0xFF01 <= o <= 0xFFEF


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the index of its original character."""

    text: str
    origin: tuple[int, ...]

    @cached_property
    def caseless(self) -> str:
        """:func:`pipeline.text.caseless.fold` of ``text`` (computed once)."""
        return ignorecase_fold(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded [start, end) (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1


# every character that is dropped or folded (_DROP and _folds): the others are copied as they are
_SPECIAL = re.compile("[\u00ad\u0640\u0670\u200b-\u200f\ufeff\u202a-\u202e\u2066-\u2069"
                      "\u064b-\u065f\ufb50-\ufdff\ufe70-\ufefe\uff01-\uffef]")


@lru_cache(maxsize=256)
def fold_text(text: str) -> Folded:
    """The folded text (see the module docstring); memoised, as each segment is folded by
    several passes."""
    first = _SPECIAL.search(text)
    if first is None:
        return Folded(text, tuple(range(len(text))))
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text, first.start()):
        i = m.start()
        chars.append(text[pos:i])
        origin.extend(range(pos, i))
        o = ord(text[i])
        if o not in _DROP:
            out = unicodedata.normalize("NFKC", text[i]) if _folds(o) else text[i]
            chars.append(out)
            origin.extend([i] * len(out))
        pos = i + 1
    chars.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return Folded("".join(chars), tuple(origin))


@dataclass
class Token:
    """One calendar token; offsets index the folded text."""

    kind: str                 # month, num, word, glued, dash, comma, split_year, bad
    start: int
    end: int
    value: int = 0            # month number, or the number's value
    digits: int = 0           # how many digits a number has
    suffix: bool = False      # a day suffix is glued to the number (1er, 14日)
    context_only: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)


_SYMBOL_BEFORE = re.compile(r"(?:[/.]|\d[.,\s\u00a0\u202f])$")
_SYMBOL_AFTER = re.compile(r"^(?:/|[.,]\d|[\s\u00a0\u202f]\d{3}(?!\d))")


def _number(lex: DateLexicon, text: str, m: re.Match[str], prev: Token | None) -> Token:
    start, end = m.span()
    digits = m.group("num")
    tok = Token("num", start, end, value=int(digits), digits=len(digits),
                suffix=bool(m.groupdict().get("dsuf")))
    before, after = text[max(0, start - 2):start], text[m.end("num"):m.end("num") + 5]
    glued_before = prev is not None and prev.kind == "glued" and prev.end == start
    if _SYMBOL_BEFORE.search(before) or _SYMBOL_AFTER.match(after):
        tok.kind = "bad"      # 62/22, S/2008/258, 1,5, 500 500, RMDS/G 06.20
    elif before[-1:].isalpha() and not glued_before and not is_cjk(before[-1]):
        tok.kind = "bad"      # G8, I-24
    elif not tok.suffix and after[:1].isalpha() and not is_cjk(after[0]):
        tok.kind = "bad"      # 5709th without a listed suffix, 3D
    return tok


# `2008/09`, `2011/12`, `2008/2009`: a school, budget or fiscal year running over two calendar
# years (the second printed as the first plus one); not part of a symbol (`S/2008/258`).
_SPLIT_YEAR = re.compile(r"(?<![\w/.])((?:19|20)\d\d)/(\d\d(?:\d\d)?)(?![\w/]|[.,]\d)")


def _split_year(text: str, start: int) -> re.Match[str] | None:
    m = _SPLIT_YEAR.match(text, start)
    if m is None:
        return None
    first, second = int(m[1]), int(m[2])
    follows = second == first + 1 if len(m[2]) == 4 else second == (first + 1) % 100
    return m if follows else None


def tokenize(lex: DateLexicon, text: str, caseless: str | None = None) -> list[Token]:
    """Calendar tokens of a folded text, in order; numbers that belong to symbols or amounts are
    ``bad`` tokens (they break any date).

    With ``caseless`` (:func:`pipeline.text.caseless.fold` of ``text``), only the runs of
    token characters (``lex.token_run_re``) that hold a digit or a month name are read: a date
    needs a number or a month, and its tokens are separated by spaces only, so a run without
    either holds no part of a date (its connector words are left out). The dates found are the
    same as from all tokens.
    """
    out: list[Token] = []
    for start, end in _date_runs(lex, text, caseless):
        for m in lex.token_re.finditer(text, start, end):
            _add_token(lex, text, m, out)
    return out


_DIGITS = re.compile(r"\d")


def _date_runs(lex: DateLexicon, text: str, caseless: str | None) -> list[tuple[int, int]]:
    """[start, end) of the text to read: the whole text, or the runs of token characters that
    hold a digit or a month needle; each ``end`` includes the character after the run (the
    token pattern looks at it)."""
    if caseless is None or lex.month_needles is None:
        return [(0, len(text))]
    anchors = [m.start() for m in _DIGITS.finditer(text)]
    for needle in lex.month_needles:
        at = caseless.find(needle)
        while at >= 0:
            anchors.append(at)
            at = caseless.find(needle, at + 1)
    if not anchors:
        return []
    anchors.sort()
    reversed_text = text[::-1]
    n = len(text)
    runs: list[tuple[int, int]] = []
    for at in anchors:
        if runs and at < runs[-1][1]:
            continue  # in the run of the anchor before
        left = lex.token_run_re.match(reversed_text, n - 1 - at)
        right = lex.token_run_re.match(text, at)
        if left is None or right is None:
            continue  # not a token character (a needle found in a non-token context)
        runs.append((n - left.end(), min(right.end() + 1, n)))
    return runs


def _add_token(lex: DateLexicon, text: str, m: re.Match[str], out: list[Token]) -> None:
    kind = m.lastgroup if m.lastgroup != "dsuf" else "num"
    prev = out[-1] if out else None
    if kind == "num" or m.group("num") is not None:
        if prev is not None and prev.kind == "split_year" and m.start() < prev.end:
            return  # the second year of `2008/09`
        split = _split_year(text, m.start())
        if split is not None:
            out.append(Token("split_year", split.start(), split.end(), value=int(split[1])))
            return
        out.append(_number(lex, text, m, prev))
    elif kind == "month":
        tok = _month(lex, m)
        if tok is not None:
            out.append(tok)
    elif kind == "word":
        out.append(Token("word", m.start(), m.end(), roles=lex.roles.get(fold(m.group()),
                                                                        frozenset())))
    elif kind in ("glued", "dash", "comma"):
        out.append(Token(kind or "", m.start(), m.end()))


def _month(lex: DateLexicon, m: re.Match[str]) -> Token | None:
    printed = m.group("month")
    first, _, second = printed.partition("/")
    month = lex.month_of.get(fold(first))
    if month is None:
        return None
    end = m.end()
    if second and lex.month_of.get(fold(second)) != month:
        end = m.start() + len(first.rstrip())   # two different months: keep the first
    name = first.strip()
    context_only = False
    if not second or end != m.end():
        listed = lex.context_only.get(fold(name))
        if listed is not None:
            if listed != name:
                return None       # `may`, `march`: the verbs, not the months
            context_only = True
    return Token("month", m.start(), end, value=month, context_only=context_only)
