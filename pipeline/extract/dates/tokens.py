"""Text → calendar tokens (numbers, month names, connectors), with offsets into the original text.

Matching runs on a folded copy of the text (:func:`pipeline.text.folding.fold_for_matching`):
Arabic presentation forms and full-width characters folded, bidi controls, tatweel, Arabic
diacritics and soft hyphens dropped, every folded character remembering the original character
it came from, so spans stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.dates.lexicon import DateLexicon, is_cjk
from pipeline.text.folding import word_key
from pipeline.text.numbers import bounded_int


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
    value = bounded_int(digits)
    tok = Token("num", start, end, value=value or 0, digits=len(digits),
                suffix=bool(m.groupdict().get("dsuf")))
    if value is None:
        tok.kind = "bad"      # a run of digits no date is made of
        return tok
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
        out.append(Token("word", m.start(), m.end(), roles=lex.roles.get(word_key(m.group()),
                                                                        frozenset())))
    elif kind in ("glued", "dash", "comma"):
        out.append(Token(kind or "", m.start(), m.end()))


def _month(lex: DateLexicon, m: re.Match[str]) -> Token | None:
    printed = m.group("month")
    first, _, second = printed.partition("/")
    month = lex.month_of.get(word_key(first))
    if month is None:
        return None
    end = m.end()
    if second and lex.month_of.get(word_key(second)) != month:
        end = m.start() + len(first.rstrip())   # two different months: keep the first
    name = first.strip()
    context_only = False
    if not second or end != m.end():
        listed = lex.context_only.get(word_key(name))
        if listed is not None:
            if listed != name:
                return None       # `may`, `march`: the verbs, not the months
            context_only = True
    return Token("month", m.start(), end, value=month, context_only=context_only)
