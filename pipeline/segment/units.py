"""Blocks → units: one joined text per block, footnote bodies set apart from the body flow."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.models import RawBlock
from pipeline.segment.footnotes import split_body
from pipeline.segment.lines import Lexicon, join_lines
from pipeline.segment.sequences import is_prose

_TERMINAL = re.compile(r"[.!?:;»”\"')\]…]$")
# A paragraph number or item letter printed in its own column (`1.` then the text).
_MARKER_ONLY = re.compile(r"^\s*\*{1,4}\s*$")
_NUMBER_ONLY = re.compile(r"^(?:\d{1,4}\.|[A-Z]\.|[IVXL]{1,6}\.|\(?[a-z]{1,2}\))$")


def ends_open(text: str) -> bool:
    """The text stops mid-sentence (a page break or a footnote zone may have cut it); footnote
    markers after the last word do not count."""
    return not _TERMINAL.search(text.rstrip("*⁰¹²³⁴⁵⁶⁷⁸⁹ "))


@dataclass
class Unit:
    """One block of the body flow (or one footnote), its lines joined."""

    text: str
    lines: list[str]
    pages: list[int]
    page_break_before: bool = False
    after_footnotes: bool = False
    bold: bool = False
    italic: bool = False
    font_size: float | None = None
    first_line_indent: float | None = None  # see RawBlock.first_line_indent
    table: list[list[str]] | None = None  # a table's rows (the unit has no text of its own)
    figure: bool = False  # a chart (its text is left out)
    caption: str | None = None  # of a table or chart (pipeline.segment.captions)

    def is_open(self) -> bool:
        return ends_open(self.text)


@dataclass
class FootnoteUnit:
    marker: str
    text: str
    pages: list[int] = field(default_factory=list)
    at: int = 0  # body units before it in the flow (the note belongs where they end)
    section: int | None = None  # the ordinal of its endnotes section (None: a footnote)


@dataclass
class Flow:
    body: list[Unit]
    footnotes: list[FootnoteUnit]
    lexicon: Lexicon
    orphan_footnote_text: list[str] = field(default_factory=list)


def build_flow(blocks: list[RawBlock]) -> Flow:
    """Join each block's lines; footnote bodies (footnote zone, or a block that starts with a
    marker) go to ``footnotes``, a marker-less footnote-zone block continues the previous one.
    The body unit that follows footnotes is flagged ``after_footnotes`` (a page turned there).
    A block of asterisks alone followed by a block of prose is a note (``**`` then ``Second
    reissue for technical reasons.``, the asterisks printed a little higher than the text)."""
    lexicon = Lexicon(line for b in blocks for line in b.lines)
    body: list[Unit] = []
    notes: list[FootnoteUnit] = []
    orphans: list[str] = []
    saw_footnote = False
    pending: str | None = None
    marker: str | None = None
    apart: FootnoteUnit | None = None  # the note of the asterisks printed apart, while open
    for block in blocks:
        if block.zone in ("table", "figure"):
            title = " ".join(" ".join(block.lines).split()) or None  # printed inside its frame
            body.append(Unit(text="", lines=[], pages=list(block.pages), table=block.table,
                             figure=block.zone == "figure", caption=title))
            continue
        text = join_lines(block.lines, lexicon)
        if not text:
            continue
        if block.zone == "body" and _MARKER_ONLY.match(text):
            marker = text.strip()  # a note's asterisks printed a little apart from its text
            continue
        if marker and block.zone == "body" and is_prose(text):
            notes.append(FootnoteUnit(marker, text, list(block.pages), len(body)))
            marker, saw_footnote, apart = None, True, notes[-1]
            continue
        if (apart is not None and block.zone == "body" and ends_open(apart.text)
                and text[:1].islower() and block.pages == apart.pages):
            apart.text = join_lines([apart.text, text], lexicon)  # its next line
            continue
        apart = None
        if marker:  # the asterisks opened no note: they are text
            body.append(Unit(text=marker, lines=[marker], pages=list(block.pages)))
            marker = None
        if block.zone == "body" and _NUMBER_ONLY.match(text):
            pending = f"{pending} {text}" if pending else text
            continue
        if pending and block.zone == "body":
            text, pending = f"{pending} {text}", None
        parsed = split_body(text)
        if block.zone == "footnote" or (parsed and _looks_like_footnote(parsed[0], block)
                                        and is_prose(parsed[1])):
            if parsed:
                notes.append(FootnoteUnit(parsed[0], parsed[1], list(block.pages), len(body)))
            elif notes:
                notes[-1].text = join_lines([notes[-1].text, text], lexicon)
                notes[-1].pages = sorted(set(notes[-1].pages) | set(block.pages))
            else:
                orphans.append(text)
            saw_footnote = True
            continue
        body.append(Unit(
            text=text,
            lines=list(block.lines),
            pages=list(block.pages),
            page_break_before=block.page_break_before,
            after_footnotes=saw_footnote,
            bold=block.bold,
            italic=block.italic,
            font_size=block.font_size,
            first_line_indent=block.first_line_indent,
        ))
        saw_footnote = False
    if marker:
        body.append(Unit(text=marker, lines=[marker], pages=[]))
    if pending:
        body.append(Unit(text=pending, lines=[pending], pages=[]))
    return Flow(body=body, footnotes=notes, lexicon=lexicon, orphan_footnote_text=orphans)


def _looks_like_footnote(marker: str, block: RawBlock) -> bool:
    # In text input a body block never starts with a superscript digit; an asterisk bullet
    # (`* item`) is told from a title footnote (`* A/63/150 et Corr.1.`) by the next character.
    if marker.isdigit():
        return True
    first = block.lines[0].lstrip() if block.lines else ""
    return bool(re.match(r"(?:\*{1,4}|\(\*{1,4}\))\s+\S", first))
