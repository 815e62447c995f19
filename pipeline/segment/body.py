"""The body: headings, numbered paragraphs and other blocks, rejoined across page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.models import Issue
from pipeline.segment.labels import (
    MAX_HEADING_CHARS,
    heading_match,
    is_notes_heading,
    names_a_person,
    part_heading,
)
from pipeline.segment.lines import Lexicon, join_texts
from pipeline.segment.sequences import (
    LONG_PROSE,
    Decision,
    NumberLabel,
    Sequencer,
    misread_label,
    paragraph_label,
)
from pipeline.segment.units import Unit, ends_open

SUB_ITEM = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s+\S")
_QUOTE_OPEN = re.compile(r"^[“«\"‘„]")


@dataclass
class BodyHeading:
    level: int
    label: str | None
    title: str
    pages: list[int]


@dataclass
class BodyItem:
    """A heading, a numbered paragraph or an unnumbered block, in reading order."""

    kind: str  # "heading" | "paragraph" | "block" | "table" | "figure"
    text: str
    pages: list[int]
    section_path: list[str] = field(default_factory=list)
    number: int | None = None
    block_kind: str = "paragraph"
    heading: BodyHeading | None = None
    bold: bool = False
    font_size: float | None = None
    table: list[list[str]] | None = None  # kind "table": its rows; kind "figure": none
    caption: str | None = None
    italic: bool = False
    speaker: str | None = None  # meeting records (pipeline.segment.speeches)
    part: str = ""  # a paragraph's numbering sequence ("" the main body, "annex1", …)
    area: str = ""  # the part the item lies in (annex, resolution, decision or restarted part)
    at: int = 0  # index of the unit that opened it
    doubts: list[tuple[str, str]] = field(default_factory=list)  # (issue code, message)

    def absorb(self, unit: Unit, lexicon: Lexicon, *, newline: bool = False) -> None:
        self.text = f"{self.text}\n{unit.text}" if newline else join_texts(self.text, unit.text,
                                                                           lexicon)
        self.pages = sorted(set(self.pages) | set(unit.pages))


@dataclass
class Body:
    items: list[BodyItem]
    issues: list[Issue]
    areas: list[str] = field(default_factory=list)  # per unit: the part it lies in
    parts: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)


def _after(stack: list[BodyHeading]) -> tuple[int, str | None] | None:
    return (stack[-1].level, stack[-1].label) if stack else None


def _starts_capitalized(text: str) -> bool:
    """Starts with a letter that is not lowercase (scripts without case count as capitalized)."""
    return text[:1].isalpha() and not text[:1].islower()


_FIGURE_TOKEN = re.compile(r"^[-+−–(]?[\d.,]*\d[\d.,]*%?[)]?$|^%[\d.,]+$")


def _figures(text: str) -> int:
    """Tokens that are numbers or percentages (``27.6``, ``14%``, ``(2)``)."""
    return sum(1 for tok in text.split() if _FIGURE_TOKEN.match(tok))


def plausible_heading(unit: Unit, body_size: float | None, lang: str | None) -> bool:
    """Could this short line be a heading at all? Not a participant (``Mr. …``), not a row of
    figures (``EU 27.6 45.0 27.3``: half its words or more are numbers; ``Jordan 14%``), not a
    label of a chart or a table set in type smaller than the body's (small capitals excepted:
    ``PROGRESS IN SOCIAL DEVELOPMENT``; a script without case has none)."""
    text = unit.text
    figures = _figures(text)
    if names_a_person(text, lang) or "%" in text or (
            figures >= 2 and 2 * figures >= len(text.split())):
        return False
    smaller = (body_size is not None and unit.font_size is not None
               and unit.font_size < body_size - 0.5)
    return not smaller or _capitals(text)


def _capitals(text: str) -> bool:
    """Written in capitals (a script with case, every cased letter upper)."""
    cased = [ch for ch in text if ch.isupper() or ch.islower()]
    return bool(cased) and all(ch.isupper() for ch in cased)


def _looks_like_unnumbered_heading(unit: Unit, nxt: Unit | None, lang: str | None,
                                   body_size: float | None = None) -> bool:
    text = unit.text
    if len(text) > MAX_HEADING_CHARS or not unit.is_open() or not _starts_capitalized(text):
        return False
    if text.endswith((",", ";")) or _QUOTE_OPEN.match(text) or SUB_ITEM.match(text):
        return False
    if re.search(r"[.!?] [A-Z]", text):
        return False  # two sentences: prose cut by a page break, not a heading
    if sum(1 for ch in text if ch.isalpha()) < 2:
        return False  # no word: a stray mark, a page number misread by OCR (`ا` for `-٢-`)
    if not plausible_heading(unit, body_size, lang):
        return False
    if unit.bold:
        return True
    if nxt is None or nxt.text[:1].islower():
        return False  # (a sentence cut by a page break goes on in lowercase)
    # Followed by a numbered paragraph, a labeled heading or prose: a short line followed by
    # other short lines is a table or a list, not a heading.
    return bool(paragraph_label(nxt.text) or heading_match(nxt.text, lang)
                or (len(nxt.text) >= 120 and not nxt.is_open()))


_SENTENCE_END = (".", ";", ":", ",", "!", "?", "؛", "،", "。", "；", "：")
_PARENTHETICAL = re.compile(r"^[(（)].*[)）(]$", re.S)  # brackets as the text layer gives them
MAX_NUMBERED_HEADING = 150  # characters of a numbered sub-heading printed in body type


def _numbered_heading(unit: Unit, following: list[Unit], label: NumberLabel,
                      continues_sequence: bool, next_label: list[NumberLabel | None],
                      heading_numbers: tuple[int, int]) -> bool:
    """A numbered line that is a sub-heading, not a paragraph: bold, short and unpunctuated
    (`1. Les comités parlementaires`), or a few words in bold ending with a colon
    (`1. Introduction:`), unless a sentence in lowercase goes on under it (`2. Equality of
    Opportunity: This concept is about` / `leveling the playing field…`: a bold lead-in); or,
    in body type, a short title without a sentence's final punctuation (`1. Opening of the
    meeting`, over two lines at most) followed on its page by prose (not the next number of a
    list), where no numbering sequence expects its number, or with an agenda reference under it
    (`(Agenda item 4 (a))`); over a numbered paragraph only when it numbers the sub-headings in
    order (``heading_numbers``: 1, or the last one's next; the next one may be a longer title,
    as an agenda item's can be)."""
    first = following[0] if following else None
    goes_on = first is not None and first.text[:1].islower() and (
        len(first.text) > 100 or first.text.endswith(_SENTENCE_END))
    if unit.bold and len(unit.text) <= 200 and not goes_on and (unit.is_open() or (
            unit.text.endswith(":") and len(label.text.split()) <= SHORT_TITLE_WORDS)):
        return True  # (``1. Introduction:`` in bold over its prose)
    if next_label and next_label[0] is not None and next_label[0].number == label.number + 1:
        return False  # a list of short numbered lines
    title = label.text.rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹")
    in_order = not continues_sequence and label.number == heading_numbers[1] > 1
    longest = MAX_HEADING_CHARS if in_order else MAX_NUMBERED_HEADING
    if (len(title) > longest or title.endswith(_SENTENCE_END)
            or _QUOTE_OPEN.match(title)):
        return False  # a sentence, or a quoted title (an item of a list of publications)
    nxt = following[0] if following else None
    if nxt is None or nxt.page_break_before or nxt.after_footnotes:
        return False  # the last line of a page may be a paragraph cut by the page break
    if nxt.text[:1].islower():
        if goes_on:
            return False  # continued by a sentence: a paragraph
        nxt = following[1] if len(following) > 1 else None  # the title's second line
        if nxt is None:
            return False
    if _PARENTHETICAL.match(nxt.text) or (len(nxt.text) <= 100 and nxt.text.endswith(")")
                                          and "(" in nxt.text):
        return True  # an agenda reference under the title, or the title's end with one
    if paragraph_label(nxt.text) is not None:
        return not continues_sequence and label.number in heading_numbers
    # over prose; a few words are a title even where the sequence expects the number (a
    # document whose paragraphs are not numbered numbers its sub-headings)
    return _opens_prose(nxt, short=True) and (not continues_sequence
                                              or len(title.split()) <= SHORT_TITLE_WORDS)


SHORT_TITLE_WORDS = 8
_LETTERED = re.compile(r"^\(?(?P<label>[a-z]{1,2}|[ivx]{1,5})\)\s+(?P<title>\S.*)$", re.S)


def _opens_prose(unit: Unit, *, short: bool = False) -> bool:
    """A paragraph of prose starts here (not a list item, not a number): 60 characters or more,
    or (``short``) a sentence."""
    text = unit.text
    long_enough = len(text) >= 60 or (short and text.rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹").endswith(
        _SENTENCE_END) and len(text.split()) >= 3)
    return (long_enough and _starts_capitalized(text) and not SUB_ITEM.match(text)
            and paragraph_label(text) is None)


def _lettered_heading(unit: Unit, nxt: Unit | None, before: BodyItem | None
                      ) -> tuple[str, str] | None:
    """``(a) Old-age pension`` over a paragraph of prose: a lettered sub-heading (label, title),
    not an item of a list (a list is announced by a colon, and its items end with a
    semicolon or a full stop)."""
    m = _LETTERED.match(unit.text)
    if m is None or nxt is None:
        return None
    title = m["title"].rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹")
    if len(title.split()) > SHORT_TITLE_WORDS + 2 or title.endswith(_SENTENCE_END):
        return None
    if before is not None and before.text.rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹").endswith((":", ";")):
        return None
    following = _LETTERED.match(nxt.text)
    if not _opens_prose(nxt) and not (
            following and not following["title"].rstrip().endswith(_SENTENCE_END)
            and len(following["title"].split()) <= SHORT_TITLE_WORDS + 2):
        return None
    return m["label"], m["title"]


def _continues_heading(prev: BodyItem | None, unit: Unit) -> bool:
    """A heading printed over two lines that the layout gave as two blocks: same style, and the
    second starts in lowercase (`… le Conseil` / `supérieur de la magistrature`); a numbered
    sub-heading in body type continues so too, on its page, without a sentence's end; and a
    heading takes in the index of one of its words that the layout set apart."""
    if prev is None or prev.kind != "heading" or prev.heading is None:
        return False
    if _cut_index(prev, unit):
        return True
    numbered = prev.heading.label is not None and prev.heading.label.isdigit()
    if not (prev.bold and unit.bold) and not (
            numbered and not prev.bold and not unit.bold and not unit.page_break_before
            and not unit.text.endswith(_SENTENCE_END)):
        return False
    same_size = (prev.font_size is None or unit.font_size is None
                 or abs(prev.font_size - unit.font_size) < 0.5)
    return (same_size and unit.text[:1].islower()
            and len(prev.text + unit.text) <= MAX_HEADING_CHARS)


def _cut_index(prev: BodyItem, unit: Unit) -> bool:
    """A lone small number in type much smaller than a heading that stops on a comma (``…of CO
    emitted,`` ``2`` ``with a specific…``): the subscript or superscript of one of its words,
    which the layout set apart; the heading goes on after it. (Under a figure's title, small
    numbers are the chart's ticks.)"""
    small = (unit.font_size is not None and prev.font_size is not None
             and unit.font_size < prev.font_size - 2)
    return small and unit.text.strip().isdigit() and len(unit.text.strip()) <= 2 and (
        prev.text.rstrip().endswith((",", "،")))


def _is_prose(item: BodyItem) -> bool:
    """A paragraph-like text that a page break can cut (not a title line)."""
    return item.kind == "paragraph" or (
        item.kind == "block" and (len(item.text) >= 200 or bool(re.search(r"[.;:] \S", item.text)))
    )


def _indented_start(unit: Unit) -> bool:
    """The unit's first line is indented against its other lines (by half an em at least, not
    less than 4 points): the first line of a paragraph, never the rest of one."""
    if unit.first_line_indent is None:
        return False
    return unit.first_line_indent >= max(4.0, 0.5 * (unit.font_size or 0.0))


def _continues(prev: BodyItem | None, unit: Unit, expected: int, label: NumberLabel | None,
               source_has_pages: bool, lang: str | None) -> bool:
    """Does ``unit`` continue ``prev`` across a page break or a footnote zone?"""
    if prev is None or prev.kind == "heading":
        return False
    if not ends_open(prev.text):
        return False
    if label is not None and label.number in (expected, 1):
        return False
    if heading_match(unit.text, lang) and not unit.text[:1].islower():
        return False
    starts_lower = unit.text[:1].islower()
    if starts_lower:
        return True
    if _indented_start(unit):
        return False  # a continued paragraph's first line is flush with its other lines
    if not _is_prose(prev):
        return False
    if source_has_pages:
        return unit.page_break_before or unit.after_footnotes
    return True


LOOKAHEAD = 15  # units searched for the next paragraph number


@dataclass
class _ListState:
    """A numbered list printed inside a text that ends with a colon (``as follows:``)."""

    host: BodyItem
    expected: int
    longest: int  # characters of its longest item so far

    def takes(self, label: NumberLabel, sequencer: Sequencer) -> bool:
        """Is ``label`` the list's next item? When the running sequence expects the same number,
        only if it is no longer than an item of the list (a paragraph of prose is not)."""
        if label.number != self.expected or label.section is not None:
            return False
        return not sequencer.expects(label.number) or (
            len(label.text) <= 1.5 * self.longest + 40)


def _next_label(labels: list[NumberLabel | None], i: int) -> NumberLabel | None:
    for label in labels[i + 1:i + 1 + LOOKAHEAD]:
        if label is not None:
            return label
    return None


def build_body(units: list[Unit], lexicon: Lexicon, *, source_has_pages: bool,
               lang: str | None = None) -> Body:
    """Headings, numbered paragraphs and blocks from the body units.

    Holds: a numbered paragraph cut by a page break (and the footnotes of that page) is one text
    again; sub-items `(a)`, `(b)` of an open numbered paragraph and the numbered items of a list
    introduced by a colon stay in it, one per line; a number is a paragraph only where a
    numbering sequence expects it (:mod:`pipeline.segment.sequences`), each sequence in its part;
    numbering gaps, duplicates and resumed numbers become issues, never drops. ``areas`` gives,
    per unit, the part it lies in (for the notes).
    """
    items: list[BodyItem] = []
    issues: list[Issue] = []
    stack: list[BodyHeading] = []
    sequencer = Sequencer()
    labels = [paragraph_label(u.text) for u in units]
    body_size = _body_size(units)
    style_levels: dict[tuple[bool, float | None], int] = {}
    heading_number = 0  # the number of the last numbered sub-heading
    areas: list[str] = []
    area = ""
    last_content: BodyItem | None = None
    in_list: _ListState | None = None
    headings_seen = 0
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        text = unit.text
        label = labels[i]
        misread = False
        if label is None and sequencer.current.started:
            label = labels[i] = misread_label(text, sequencer.current.expected)
            misread = label is not None
        areas.append(area)
        if unit.table is not None or unit.figure:
            # a table or chart: the paragraph it interrupts may go on after it
            items.append(BodyItem(kind="table" if unit.table is not None else "figure", text="",
                                  pages=list(unit.pages), section_path=_path(stack),
                                  table=unit.table, caption=unit.caption, area=area, at=i))
            continue
        expected = sequencer.current.expected if sequencer.current.started else 1
        if _continues(last_content, unit, expected, label, source_has_pages, lang):
            assert last_content is not None
            last_content.absorb(unit, lexicon)
            continue
        if items and _continues_heading(items[-1], unit):
            item = items[-1]
            item.absorb(unit, lexicon)
            assert item.heading is not None
            item.heading.title = item.text
            item.heading.pages = sorted(set(item.heading.pages) | set(unit.pages))
            continue
        heading = heading_match(text, lang, _after(stack))
        host = last_content if last_content is not None and label is not None and (
            last_content.text.rstrip(" *⁰¹²³⁴⁵⁶⁷⁸⁹").endswith(":")
            or _list_then_back(labels, i, sequencer)) else None
        numbered_heading = (
            label is not None and host is None
            and not (in_list is not None and in_list.takes(label, sequencer))
            and _numbered_heading(unit, _texts_after(units, i), label,
                                  sequencer.expects(label.number), labels[i + 1:i + 2],
                                  (1, heading_number + 1)))
        lettered = None if heading or label is not None else _lettered_heading(
            unit, nxt, last_content)
        unnumbered = heading is None and label is None and lettered is None and (
            is_notes_heading(text, lang)
            or _looks_like_unnumbered_heading(unit, nxt, lang, body_size)
            or (unit.is_open() and part_heading(text, lang) is not None))
        if heading or unnumbered or numbered_heading or lettered:
            if heading:
                level, label_text, title = heading
                label_or_none: str | None = label_text
            elif lettered is not None:
                level = _lettered_level(stack)
                label_or_none, title = lettered
            elif label is not None and numbered_heading:
                level = _numbered_heading_level(stack)
                label_or_none, title = str(label.number), label.text
                heading_number = label.number
            elif is_notes_heading(text, lang):
                level, label_or_none, title = 1, None, text
            else:
                level = _unnumbered_level(stack, items)
                if _capitals(text):  # headings in capitals printed alike are of one level
                    level = style_levels.setdefault(_heading_style(unit), level)
                label_or_none, title = None, text
            while stack and stack[-1].level >= level:
                stack.pop()
            h = BodyHeading(level=level, label=label_or_none, title=title, pages=list(unit.pages))
            stack.append(h)
            kind = part_heading(text, lang)
            if kind is not None:
                area = sequencer.open_part(kind, headings_seen)
                areas[-1] = area
            else:
                sequencer.heading(headings_seen)
            headings_seen += 1
            items.append(BodyItem(kind="heading", text=title, pages=list(unit.pages),
                                  section_path=_path(stack[:-1]), heading=h, bold=unit.bold,
                                  font_size=unit.font_size, area=area, at=i))
            last_content = None
            in_list = None
            continue
        sequencer.content()
        if label is not None and in_list is not None and in_list.takes(label, sequencer):
            in_list.host.absorb(unit, lexicon, newline=True)
            in_list.expected += 1
            in_list.longest = max(in_list.longest, len(label.text))
            continue
        if label is not None:
            in_list = None
            decision = sequencer.decide(label, list_host=host is not None,
                                        next_label=_next_label(labels, i))
            if decision.verdict == "list":
                assert host is not None
                host.absorb(unit, lexicon, newline=True)
                in_list = _ListState(host, label.number + 1, len(label.text))
                continue
            if decision.verdict == "paragraph":
                seq = decision.sequence
                assert seq is not None
                area = seq.part
                areas[-1] = area
                issues.extend(_numbering_issues(decision, label.number))
                if misread:
                    issues.append(_misread_issue(seq.part, label.number, text))
                item = BodyItem(kind="paragraph", text=label.text, pages=list(unit.pages),
                                section_path=_path(stack), number=label.number,
                                part=seq.part, area=area, italic=unit.italic, at=i)
                items.append(item)
                last_content = item
                continue
        elif in_list is not None and _list_goes_on(labels, i, in_list):
            in_list.host.absorb(unit, lexicon, newline=True)
            continue
        if SUB_ITEM.match(text) and last_content is not None and last_content.kind == "paragraph":
            last_content.absorb(unit, lexicon, newline=True)
            continue
        kind_of_block = "quote" if _QUOTE_OPEN.match(text) else (
            "list-item" if SUB_ITEM.match(text) or _numbered_item(label) else "paragraph")
        item = BodyItem(kind="block", text=text, pages=list(unit.pages),
                        section_path=_path(stack), block_kind=kind_of_block, area=area,
                        italic=unit.italic, at=i)
        if label is not None and len(label.text) >= LONG_PROSE and sequencer.current.started \
                and label.number < sequencer.current.expected:
            item.doubts.append((
                "paragraph-out-of-order",
                f"a paragraph of prose numbered {label.number} after "
                f"{sequencer.current.expected - 1} is kept as a block"))
        items.append(item)
        last_content = item
    return Body(items=items, issues=issues, areas=areas, parts=_parts(sequencer))


def _texts_after(units: list[Unit], i: int) -> list[Unit]:
    """The two units of text after ``units[i]`` (a chart or a table between is passed over)."""
    return [u for u in units[i + 1:i + 1 + LOOKAHEAD] if u.text][:2]


def _body_size(units: list[Unit]) -> float | None:
    """The font size of most of the body's text (PDF input), or None."""
    chars: dict[float, int] = {}
    for u in units:
        if u.font_size is not None:
            chars[u.font_size] = chars.get(u.font_size, 0) + len(u.text)
    return max(chars.items(), key=lambda kv: kv[1])[0] if chars else None


def _numbered_item(label: NumberLabel | None) -> bool:
    """A number that is no paragraph, before words (``1. Discuss public policy issues…;``): an
    item of a numbered list (a time or a figure before one or two words is not)."""
    return label is not None and len(label.text.split()) >= 3


def _list_then_back(labels: list[NumberLabel | None], i: int, sequencer: Sequencer) -> bool:
    """A run of numbers from 1 (``1.`` ``2.`` … ``9.``) right after a paragraph, after which the
    running sequence goes on (``45.``): a list printed inside that paragraph (an agenda
    ``as adopted.``), even without a colon to announce it."""
    label = labels[i]
    cur = sequencer.current
    if label is None or label.number != 1 or not cur.started or cur.expected == 1:
        return False
    want = 1
    for other in labels[i:i + 8 * LOOKAHEAD]:
        if other is None:
            continue
        if other.number == want and other.section is None:
            want += 1
            continue
        return want > 2 and other.number == cur.expected and other.section is None
    return False


def _list_goes_on(labels: list[NumberLabel | None], i: int, state: _ListState) -> bool:
    """An unnumbered text inside a list (an item's wrapped line): the list's next number follows
    it."""
    nxt = _next_label(labels, i)
    return nxt is not None and nxt.number == state.expected


def _parts(sequencer: Sequencer) -> list[tuple[str, str, int | None, int | None]]:
    """(part id, kind, index of its opening heading, section number of its compound labels) of
    every sequence but the main one."""
    return [(s.part, s.kind, s.heading, s.section) for s in sequencer.sequences
            if s.kind != "main"]


def _heading_style(unit: Unit) -> tuple[bool, float | None]:
    """Bold and size of an unnumbered heading in capitals: such headings printed alike are of one
    level (`ROUND TABLE 2` is where `ROUND TABLE 1` was, not under its last section)."""
    return unit.bold, unit.font_size


def _unnumbered_level(stack: list[BodyHeading], items: list[BodyItem]) -> int:
    if not stack:
        return 1
    top = stack[-1]
    return top.level + 1 if top.label is not None else top.level


def _lettered_level(stack: list[BodyHeading]) -> int:
    """One level under the innermost heading that is not itself a lettered sub-heading (the
    lettered ones before it are its siblings)."""
    for h in reversed(stack):
        if not (h.label and h.label.islower()):
            return h.level + 1
    return 1


def _numbered_heading_level(stack: list[BodyHeading]) -> int:
    """One level under the innermost chapter or section (a labeled heading that is not itself a
    numbered or lettered sub-heading); unnumbered headings in between do not count."""
    for h in reversed(stack):
        if h.label and not h.label.isdigit() and not h.label.islower():
            return h.level + 1
    return 1


def _path(stack: list[BodyHeading]) -> list[str]:
    return [h.label or h.title for h in stack]


def _misread_issue(part: str, number: int, text: str) -> Issue:
    seg = f"{part}.p{number}" if part else f"p{number}"
    printed = text.split(None, 1)[0]
    return Issue(code="paragraph-number-misread", severity="info", segment=seg,
                 message=f"paragraph {number} is printed {printed!r} in the text layer (OCR): "
                         f"read as {number}, where its sequence expects it")


def _numbering_issues(decision: Decision, number: int) -> list[Issue]:
    seq = decision.sequence
    assert seq is not None
    if not decision.gap:
        return []
    seg = f"{seq.part}.p{number}" if seq.part else f"p{number}"
    where = f" ({seq.part})" if seq.part else ""
    before = number - decision.gap - 1
    message = (f"paragraph {number}{where} follows {before}: {decision.gap} number(s) missing"
               if before else f"the numbering{where} starts at {number}: {decision.gap} "
               "number(s) missing before it")
    return [Issue(code="paragraph-numbering-gap", segment=seg, message=message)]
