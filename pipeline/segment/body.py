"""The body: headings, numbered paragraphs and other blocks, rejoined across page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.models import Issue
from pipeline.segment.labels import MAX_HEADING_CHARS, heading_match, is_notes_heading
from pipeline.segment.lines import Lexicon, join_texts
from pipeline.segment.units import Unit, ends_open

# A numbered paragraph: `14. Text`, or `14- Text` as Arabic documents print it.
NUMBERED = re.compile(r"^(?P<num>\d{1,4})(?:\.|-(?=\s))\s*(?P<text>\S.*)$", re.S)
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

    def absorb(self, unit: Unit, lexicon: Lexicon, *, newline: bool = False) -> None:
        self.text = f"{self.text}\n{unit.text}" if newline else join_texts(self.text, unit.text,
                                                                           lexicon)
        self.pages = sorted(set(self.pages) | set(unit.pages))


@dataclass
class Body:
    items: list[BodyItem]
    issues: list[Issue]


def _after(stack: list[BodyHeading]) -> tuple[int, str | None] | None:
    return (stack[-1].level, stack[-1].label) if stack else None


def _starts_capitalized(text: str) -> bool:
    """Starts with a letter that is not lowercase (scripts without case count as capitalized)."""
    return text[:1].isalpha() and not text[:1].islower()


def _looks_like_unnumbered_heading(unit: Unit, nxt: Unit | None, lang: str | None) -> bool:
    text = unit.text
    if len(text) > MAX_HEADING_CHARS or not unit.is_open() or not _starts_capitalized(text):
        return False
    if text.endswith((",", ";")) or _QUOTE_OPEN.match(text) or SUB_ITEM.match(text):
        return False
    if re.search(r"[.!?] [A-Z]", text):
        return False  # two sentences: prose cut by a page break, not a heading
    if unit.bold:
        return True
    if nxt is None:
        return False
    # Followed by a numbered paragraph, a labeled heading or prose: a short line followed by
    # other short lines is a table or a list, not a heading.
    return bool(NUMBERED.match(nxt.text) or heading_match(nxt.text, lang)
                or (len(nxt.text) >= 120 and not nxt.is_open()))


def _numbered_heading(unit: Unit) -> bool:
    """A bold, short, unpunctuated numbered line (`1. Les comités parlementaires`) is a numbered
    sub-heading, not a paragraph."""
    return unit.bold and len(unit.text) <= 200 and unit.is_open()


def _continues_heading(prev: BodyItem | None, unit: Unit) -> bool:
    """A heading printed over two lines that the layout gave as two blocks: same style, and the
    second starts in lowercase (`… le Conseil` / `supérieur de la magistrature`)."""
    if prev is None or prev.kind != "heading" or not prev.bold or not unit.bold:
        return False
    same_size = (prev.font_size is None or unit.font_size is None
                 or abs(prev.font_size - unit.font_size) < 0.5)
    return same_size and unit.text[:1].islower() and len(prev.text + unit.text) <= MAX_HEADING_CHARS


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


def _continues(prev: BodyItem | None, unit: Unit, expected: int, source_has_pages: bool,
               lang: str | None) -> bool:
    """Does ``unit`` continue ``prev`` across a page break or a footnote zone?"""
    if prev is None or prev.kind == "heading":
        return False
    if not ends_open(prev.text):
        return False
    m = NUMBERED.match(unit.text)
    if m and int(m["num"]) == expected:
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


def build_body(units: list[Unit], lexicon: Lexicon, *, source_has_pages: bool,
               lang: str | None = None, first_number: int = 1) -> Body:
    """Headings, numbered paragraphs and blocks from the body units.

    Holds: a numbered paragraph cut by a page break (and the footnotes of that page) is one text
    again; sub-items `(a)`, `(b)` of an open numbered paragraph stay in it, one per line;
    numbering gaps, duplicates and out-of-order numbers become issues, never drops.
    """
    items: list[BodyItem] = []
    issues: list[Issue] = []
    stack: list[BodyHeading] = []
    expected = first_number
    last_content: BodyItem | None = None
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        text = unit.text
        if unit.table is not None or unit.figure:
            # a table or chart: the paragraph it interrupts may go on after it
            items.append(BodyItem(kind="table" if unit.table is not None else "figure", text="",
                                  pages=list(unit.pages), section_path=_path(stack),
                                  table=unit.table, caption=unit.caption))
            continue
        if _continues(last_content, unit, expected, source_has_pages, lang):
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
        numbered = NUMBERED.match(text)
        numbered_heading = numbered is not None and _numbered_heading(unit)
        unnumbered = heading is None and numbered is None and (
            is_notes_heading(text, lang) or _looks_like_unnumbered_heading(unit, nxt, lang))
        if heading or unnumbered or numbered_heading:
            if heading:
                level, label, title = heading
                label_or_none: str | None = label
            elif numbered is not None and numbered_heading:
                level = _numbered_heading_level(stack)
                label_or_none, title = numbered["num"], numbered["text"]
            elif is_notes_heading(text, lang):
                level, label_or_none, title = 1, None, text
            else:
                level = _unnumbered_level(stack, items)
                label_or_none, title = None, text
            while stack and stack[-1].level >= level:
                stack.pop()
            h = BodyHeading(level=level, label=label_or_none, title=title, pages=list(unit.pages))
            stack.append(h)
            items.append(BodyItem(kind="heading", text=title, pages=list(unit.pages),
                                  section_path=_path(stack[:-1]), heading=h, bold=unit.bold,
                                  font_size=unit.font_size))
            last_content = None
            continue
        m = NUMBERED.match(text)
        if m:
            number = int(m["num"])
            if number != expected:
                issues.append(_numbering_issue(number, expected))
            expected = max(expected, number + 1)
            item = BodyItem(kind="paragraph", text=m["text"], pages=list(unit.pages),
                            section_path=_path(stack), number=number, italic=unit.italic)
            items.append(item)
            last_content = item
            continue
        if SUB_ITEM.match(text) and last_content is not None and last_content.kind == "paragraph":
            last_content.absorb(unit, lexicon, newline=True)
            continue
        kind = "quote" if _QUOTE_OPEN.match(text) else (
            "list-item" if SUB_ITEM.match(text) else "paragraph")
        item = BodyItem(kind="block", text=text, pages=list(unit.pages),
                        section_path=_path(stack), block_kind=kind, italic=unit.italic)
        items.append(item)
        last_content = item
    return Body(items=items, issues=issues)


def _unnumbered_level(stack: list[BodyHeading], items: list[BodyItem]) -> int:
    if not stack:
        return 1
    top = stack[-1]
    return top.level + 1 if top.label is not None else top.level


def _numbered_heading_level(stack: list[BodyHeading]) -> int:
    """One level under the innermost chapter or section (a labeled heading that is not itself a
    numbered sub-heading); unnumbered headings in between do not count."""
    for h in reversed(stack):
        if h.label and not h.label.isdigit():
            return h.level + 1
    return 1


def _path(stack: list[BodyHeading]) -> list[str]:
    return [h.label or h.title for h in stack]


def _numbering_issue(number: int, expected: int) -> Issue:
    if number > expected:
        return Issue(code="paragraph-numbering-gap", segment=f"p{number}",
                     message=f"paragraph {number} follows {expected - 1}: "
                     f"{number - expected} number(s) missing")
    return Issue(code="paragraph-out-of-order", segment=f"p{number}",
                 message=f"paragraph {number} appears after {expected - 1}")
