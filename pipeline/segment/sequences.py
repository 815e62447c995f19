"""Paragraph numbers and the numbering sequences (parts) of a document.

A UN numbered paragraph opens with its number at the start of a block: ``14. The Council…``,
``14- …`` (Arabic documents), ``19.29 ESCWA will…`` (programme budget fascicles: section 19,
paragraph 29). What follows the number is prose: it starts after a space (or directly with a
letter), never with a digit (``9.30–10 a.m.``, ``0.25`` are a time and a chart value), and it is
words rather than figures (``2 0.2 0.2 0.2`` is a chart's axis).

A document may hold several numbering sequences: the main body (ids ``p<N>``), and each annex,
resolution or decision appended to a report, or a part whose numbering restarts at 1 (ids
``annex1.p3``, ``res2.p4``, ``dec1.p2``, ``part1.p5``). A part's name comes from the document's
structure, never from its words, so that every language version names it the same:

- ``annex<k>``: the k-th annex (annex headings in reading order; an annex heading directly
  followed by another, such as ``ANNEXES`` then ``Annex I``, opens one annex, not two);
- ``res<k>`` / ``dec<k>``: the k-th resolution / decision heading;
- ``part<k>``: the k-th other sequence that restarts at 1 (an agenda's annotations, the
  questions of each round table).

A number is a paragraph of a sequence when its text says something (three words or more, or a
sentence's end: ``5. Gender`` is a chart's label) and it is where that sequence expects it: the next
number; the same number again (a duplicate, reported); a small gap (up to
:data:`MAX_SILENT_GAP` numbers skipped, reported) or a larger one confirmed by the next number
printed (``n`` then ``n+1``; never more than :data:`MAX_PROSE_GAP` numbers lost, though:
``51.`` ``52.`` after paragraph 3 are a list's items); a
restart at 1 right after an annex, resolution or decision heading, or confirmed by a ``2`` next;
the number another sequence expects (the main body resuming after a list). A ``1`` right after a
text that ends with a colon opens a list inside that text (``The agenda was adopted as
follows:`` ``1. Opening…``), not a sequence. Any other number is
text, not a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

# ``14. Text``, ``14.Text``, ``14- Text`` (Arabic); ``19.29 Text`` (budget fascicles). The
# text never starts with a digit right after the dot (``9.30``, ``0.25``).
_SIMPLE = re.compile(r"^(?P<num>\d{1,4})(?:\.(?:\s+|(?=[^\W\d_]|[“\"«‘(\[]))|-\s+)(?P<text>\S.*)$",
                     re.S)
_COMPOUND = re.compile(r"^(?P<section>\d{1,3})\.(?P<num>\d{1,3})\s+(?P<text>[^\W\d_].*)$", re.S)
MIN_LETTERS = 4
MIN_LETTER_SHARE = 0.4  # of the letters and digits
_ITEM_END = (";", ",", "؛", "،")  # list items end so; paragraphs end with a full stop
_SENTENCE_ENDS = (".", ":", ";", "!", "?", "。", "؛")
MAX_SILENT_GAP = 3  # numbers a sequence may skip without the next number confirming the jump
MAX_PROSE_GAP = 30  # … or that a long paragraph of prose may skip (numbers lost to OCR)
LONG_PROSE = 200  # characters

PartKind = Literal["main", "annex", "resolution", "decision", "part"]
PART_PREFIX: dict[PartKind, str] = {
    "main": "", "annex": "annex", "resolution": "res", "decision": "dec", "part": "part",
}


@dataclass(frozen=True, slots=True)
class NumberLabel:
    """A paragraph number at the start of a text and the text after it; ``section``: the
    section number of a compound label (``19`` in ``19.29``)."""

    number: int
    text: str
    section: int | None = None


def _letters(text: str) -> tuple[int, int]:
    """(letters and combining marks, digits)."""
    letters = digits = 0
    for ch in text:
        if ch.isalpha() or "\u0300" <= ch <= "\u036f" or "\u064b" <= ch <= "\u0652":
            letters += 1
        elif ch.isdigit():
            digits += 1
    return letters, digits


def is_prose(text: str) -> bool:
    """Words rather than figures: at least :data:`MIN_LETTERS` letters, and letters make at least
    :data:`MIN_LETTER_SHARE` of the letters and digits."""
    letters, digits = _letters(text)
    return letters >= MIN_LETTERS and letters >= MIN_LETTER_SHARE * (letters + digits)


def paragraph_label(text: str) -> NumberLabel | None:
    """The paragraph number opening ``text`` and the text after it, when ``text`` has the form
    of a numbered paragraph (see the module docstring); None otherwise."""
    m = _SIMPLE.match(text) or _COMPOUND.match(text)
    if m is None:
        return None
    number = int(m["num"])
    rest = m["text"]
    if number == 0 or not is_prose(rest):
        return None
    section = m.groupdict().get("section")
    return NumberLabel(number, rest, int(section) if section else None)


# ``24, Ms. Henning also discussed…``: OCR may read a paragraph number's full stop as a comma,
# and one of its digits as a look-alike (``{1. This support…`` for ``11.``)
_MISREAD = re.compile(r"^(?P<num>[\d{}\[\]|lI!Oo]{1,3})[.,]\s+(?P<text>[^\W\d_].*)$", re.S)
_DIGIT_LOOKALIKES = str.maketrans("{}[]|lI!Oo", "1111111100")


def misread_label(text: str, expected: int) -> NumberLabel | None:
    """``24, Text`` or ``{1. Text`` where a sequence expects paragraph 24 or 11, before a long
    paragraph of prose: the paragraph's number with its full stop read as a comma or a digit
    read as a look-alike (OCR; at least one digit read right); None otherwise."""
    m = _MISREAD.match(text)
    if m is None or not any(c.isdigit() for c in m["num"]):
        return None
    if m["num"].isdigit() and text[len(m["num"])] == ".":
        return None  # a number read right: not misread
    if int(m["num"].translate(_DIGIT_LOOKALIKES)) != expected:
        return None
    rest = m["text"]
    if len(rest) < LONG_PROSE or not is_prose(rest) or not rest[:1].isupper():
        return None
    return NumberLabel(expected, rest)


def _sentence_like(text: str) -> bool:
    """A paragraph says something: three words or more, or a sentence's end (``Other
    matters.``); ``Gender``, ``Water 4`` are the labels of a chart."""
    return len(text.split()) >= 3 or text.rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹").endswith(_SENTENCE_ENDS)


@dataclass
class Sequence:
    """One numbering sequence: its part (``""`` for the main body) and where it stands."""

    part: str
    kind: PartKind
    expected: int = 1
    last: int | None = None
    heading: int | None = None  # index (in the body's headings) of the heading that opens it
    section: int | None = None  # the section number of compound labels (``19.29``)

    @property
    def started(self) -> bool:
        return self.last is not None


Verdict = Literal["paragraph", "list", "text"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What a paragraph label is: a paragraph of ``sequence``, a list item inside the text
    before it, or plain text. ``gap``: numbers skipped; ``duplicate``: the number repeats."""

    verdict: Verdict
    sequence: Sequence | None = None
    gap: int = 0
    duplicate: bool = False


@dataclass
class Sequencer:
    """Follows the numbering sequences of one document in reading order (see module docstring).

    ``open_part`` is called at each annex, resolution or decision heading, ``content`` at each
    other body item, ``decide`` at each paragraph label."""

    sequences: list[Sequence] = field(default_factory=lambda: [Sequence("", "main")])
    counters: dict[PartKind, int] = field(default_factory=dict)
    pending: tuple[str, PartKind, int | None] | None = None  # a part heading not yet used
    pending_empty: bool = True  # nothing since the pending part's heading
    current_index: int = 0  # the sequence of plain labels (``14.``) now running
    last_heading: int | None = None  # index of the last heading seen (a restarted part's)
    run_expected: int | None = None  # the next item of a run of numbers refused from 1
    last_label: int | None = None  # the number of the label decided last

    @property
    def current(self) -> Sequence:
        return self.sequences[self.current_index]

    def open_part(self, kind: PartKind, heading: int | None) -> str:
        """An annex, resolution or decision heading: the part it opens (``annex2``). A heading
        of the same kind directly after another one with nothing between opens no new part."""
        if self.pending and self.pending_empty and self.pending[1] == kind:
            return self.pending[0]
        part = self._new_part(kind)
        self.pending = (part, kind, heading)
        self.pending_empty = True
        return part

    def _new_part(self, kind: PartKind) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{PART_PREFIX[kind]}{self.counters[kind]}"

    def content(self) -> None:
        self.pending_empty = False

    def heading(self, index: int) -> None:
        """A heading that opens no part (it may head a part that restarts at 1)."""
        self.pending_empty = False
        self.last_heading = index

    def _start(self, part: str, kind: PartKind, heading: int | None, label: NumberLabel
               ) -> Decision:
        seq = Sequence(part, kind, heading=heading, section=label.section)
        if label.section is not None:
            seq.expected = label.number  # a section's numbering may start anywhere (an excerpt)
        self.sequences.append(seq)
        return self._accept(seq, label.number)

    def _accept(self, seq: Sequence, number: int, *, duplicate: bool = False) -> Decision:
        gap = number - seq.expected if number > seq.expected else 0
        seq.last = number
        seq.expected = max(seq.expected, number + 1)
        if seq.section is None:
            self.current_index = self.sequences.index(seq)
        self.pending_empty = False
        return Decision("paragraph", seq, gap=gap, duplicate=duplicate)

    def expects(self, number: int) -> bool:
        """Does a numbering sequence of plain labels expect ``number`` next (the current one, or
        another one resuming)? A document's first ``1`` is expected."""
        cur = self.current
        if not cur.started:
            return number == 1 and self.pending is None
        return number == cur.expected or any(
            s.started and s.section is None and s.expected == number for s in self.sequences)

    def decide(self, label: NumberLabel, *, list_host: bool, next_label: NumberLabel | None
               ) -> Decision:
        """Is ``label`` a paragraph (of which sequence), a list item of the text before it
        (``list_host``: that text ends with a colon), or text? ``next_label`` is the next
        paragraph label printed after this one (None when there is none near)."""
        number = label.number
        if not _sentence_like(label.text):
            return Decision("text")
        if label.section is not None:
            return self._decide_compound(label, next_label)
        last_label, self.last_label = self.last_label, number
        run, self.run_expected = self.run_expected, None
        decision = self._decide_plain(label, list_host, next_label, last_label, run)
        if decision.verdict == "text" and (number == 1 or number == run):
            self.run_expected = number + 1  # the items of a list that is no sequence
        return decision

    def _decide_plain(self, label: NumberLabel, list_host: bool, next_label: NumberLabel | None,
                      last_label: int | None, run: int | None) -> Decision:
        number = label.number
        if number == run:
            return Decision("text")  # the next item of a run refused from 1
        cur = self.current
        confirmed = (next_label is not None and next_label.section is None
                     and next_label.number == number + 1)
        believed = confirmed or (len(label.text) >= LONG_PROSE and number - (
            cur.expected if cur.started else 1) <= MAX_PROSE_GAP)
        if cur.started and number == cur.expected and cur.section is None:
            return self._accept(cur, number)
        if self.pending is not None and number == 1:
            part, kind, heading = self.pending
            self.pending = None
            return self._start(part, kind, heading, label)
        if number == 1 and list_host:
            return Decision("list")
        for seq in reversed(self.sequences):
            if (seq is not cur and seq.started and seq.section is None
                    and seq.expected == number):
                return self._accept(seq, number)  # a sequence resumes (after a list, a part)
        # a paragraph may follow numbers lost (to OCR, to a table), never dozens: ``51.`` then
        # ``52.`` after paragraph 3 are the items of a list (endnotes, references)
        believed = believed and number - (cur.expected if cur.started else 1) <= MAX_PROSE_GAP
        if not cur.started:
            if number == 1 or believed:
                return self._accept(cur, number)
            return Decision("text")
        if cur.section is None:
            if number == cur.last and last_label == number:
                return self._accept(cur, number, duplicate=True)
            if cur.expected < number <= cur.expected + MAX_SILENT_GAP or (
                    number > cur.expected and believed):
                return self._accept(cur, number)
        if number == 1 and confirmed and not label.text.rstrip().endswith(_ITEM_END):
            return self._start(self._new_part("part"), "part", self.last_heading, label)
        return Decision("text")

    def _decide_compound(self, label: NumberLabel, next_label: NumberLabel | None) -> Decision:
        """``19.29``: a paragraph of the sequence of section 19 (the main one when no plain
        paragraph came before, else a part of its own)."""
        number = label.number
        seq = next((s for s in self.sequences if s.section == label.section), None)
        confirmed = (next_label is not None and next_label.section == label.section
                     and next_label.number == number + 1)
        believed = confirmed or (len(label.text) >= LONG_PROSE
                                 and number - (seq.expected if seq else 1) <= MAX_PROSE_GAP)
        if seq is not None:
            if number == seq.last:
                return self._accept(seq, number, duplicate=True)
            if number == seq.expected or seq.expected < number <= seq.expected + MAX_SILENT_GAP \
                    or (number > seq.expected and believed):
                return self._accept(seq, number)
            return Decision("text")
        if not believed and number != 1:
            return Decision("text")
        main = self.sequences[0]
        if not main.started and main.section is None:
            main.section = label.section
            return self._accept(main, number)
        return self._start(self._new_part("part"), "part", self.last_heading, label)
