"""Front matter: masthead fields, titles, summary and table of contents, before the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.languages import load_lang_data
from pipeline.models import FrontBlock, TocEntry
from pipeline.segment.labels import heading_match
from pipeline.segment.lines import line_separator
from pipeline.segment.masthead import MastheadValue, parse_masthead_line, reading_languages
from pipeline.segment.units import Unit
from pipeline.text.symbol_lines import symbols_in_line

# A UN symbol standing alone on a masthead line (`S/PRST/2007/24`, `A/80/500–S/2025/656`).
# A TOC line: title, optionally the paragraphs it spans (`4-10`), then its page.
_TOC_ENTRY = re.compile(
    r"^(?P<title>.*?\S)(?:(?:\t+|\s*\.{3,}\s*|\s{2,})(?P<paras>\d{1,4}(?:\s*[-−–]\s*\d{1,4})?))?"
    r"(?:\t+|\s*\.{3,}\s*|\s{2,})(?P<page>\d{1,4})$"
)
_TRAILING_MARKERS = re.compile(r"[*⁰¹²³⁴⁵⁶⁷⁸⁹]+$")
# `Genève, 8-19 février 2010`, `بيروت، 25-28 حزيران/يونيو 2018`: where and when a meeting is held;
# `Beirut, 2018`, `بيروت، 2018`: where and when a publication is issued.
_PLACE_DATE = re.compile(r"^[^\d,،]{2,40}[,،]\s*(?:\S.{0,40})?\b(?:1[89]|20)\d\d\b\W*$")
# `© 2018 United Nations`: the copyright line of a publication, and its year
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\))\s*(?P<year>(?:19|20)\d\d)\b", re.I)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class FrontResult:
    blocks: list[FrontBlock] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    fields: dict[str, MastheadValue] = field(default_factory=dict)
    symbols: list[str] = field(default_factory=list)
    title: str | None = None
    issued: str | None = None  # the year a publication gives (copyright line, `Beirut, 2018`)


@cache
def _words(lang: str | None, key: str) -> frozenset[str]:
    out: set[str] = set()
    for code in reading_languages(lang):
        data: dict[str, Any] = load_lang_data("masthead", code)
        out |= {str(w).lower() for w in data.get(key, [])}
    return frozenset(out)


def is_toc_heading(text: str, lang: str | None) -> bool:
    """`Contents`, `Table des matières`, also `CONTENTS (continued)` on the following pages."""
    return re.sub(r"\s*\([^()]*\)$", "", text.strip()).lower() in _words(lang, "toc_headings")


def is_toc_column_line(text: str, lang: str | None) -> bool:
    """`Paragraphs Page`, `Chapter`, `Página`: the column headings printed over a TOC."""
    words = text.split()
    return bool(words) and all(w.lower() in _words(lang, "toc_column_words") for w in words)


def wraps_toc_title(unit: Unit, following: list[Unit], lang: str | None) -> bool:
    """In a TOC, a title wrapped over lines that the layout printed as blocks of their own (a bold
    chapter title, ``ANNEXES``): one or two lines, then at most two more such blocks, then TOC
    entries."""
    if len(unit.lines) > 2 or is_toc_heading(unit.text, lang):
        return False
    for nxt in following[:3]:
        if parse_toc_lines(nxt.lines, lang):
            return True
        if len(nxt.lines) > 2 or is_toc_heading(nxt.text, lang) or is_toc_column_line(
                nxt.text, lang):
            return False
    return False


def is_summary_heading(text: str, lang: str | None) -> bool:
    return text.strip().lower() in _words(lang, "summary_headings")


# … or, single-spaced, a title followed by a paragraph range and a page (`… ITALY 46 - 111 11`).
_TOC_RANGE_ENTRY = re.compile(
    r"^(?P<title>.*?\S)\s+(?P<paras>\d{1,4}\s*[-−–]\s*\d{1,4})\s+(?P<page>\d{1,4})$")
# … or, in a TOC without leaders whose columns the text joins with one space, a title with
# letters, the paragraphs it spans (if any) and its page (`A. Date and venue 63 16`).
_TOC_LOOSE_ENTRY = re.compile(
    r"^(?P<title>.*?[^\W\d_].*?)\s+(?:(?P<paras>\d{1,4}(?:\s*[-−–]\s*\d{1,4})?)\s+)?"
    r"(?P<page>\d{1,4})$")
_TOC_LOOSE_TITLE = 150  # characters: longer, it is prose ending with a number
_TOC_SUB_LABEL = re.compile(r"^(?P<label>\d{1,2}|[a-z])[.)]\s+(?P<title>\S.*)$")


def _loose_toc(lines: list[str], lang: str | None) -> bool:
    """Most lines are a short title followed by numbers (a TOC printed without leaders)."""
    content = [ln.strip() for ln in lines if ln.strip() and not is_toc_column_line(ln, lang)]
    matched = [m for ln in content if (m := _TOC_LOOSE_ENTRY.match(ln))]
    return bool(matched) and 2 * len(matched) >= len(content) and all(
        len(m["title"]) <= _TOC_LOOSE_TITLE for m in matched)


def parse_toc_lines(lines: list[str], lang: str | None = None) -> list[TocEntry]:
    """TOC lines with a page number after a tab, dot leaders or a wide gap (or, when most lines
    of the block are a short title followed by numbers, after a space); a title wrapped over
    several lines is joined; labels are read as the body's headings are (`IV.`, `أولا-`)."""
    entries: list[TocEntry] = []
    pending: list[str] = []
    loose = _loose_toc(lines, lang)
    for line in lines:
        clean = line.strip(" ").replace(" \t", "\t")
        m = _TOC_ENTRY.match(clean) or _TOC_RANGE_ENTRY.match(clean) or (
            _TOC_LOOSE_ENTRY.match(clean) if loose else None)
        if not m:
            if line.strip() and not is_toc_column_line(line, lang):
                pending.append(line.strip())
            continue
        title = ""
        for part in (" ".join(t.split()) for t in [*pending, m["title"]]):
            if part:
                title = title + line_separator(title[-1], part[0]) + part if title else part
        pending = []
        label = None
        labeled = heading_match(title, lang)
        sub = _TOC_SUB_LABEL.match(title)
        if labeled:
            _level, label, title = labeled
        elif sub:
            label, title = sub["label"], sub["title"]
        title = title.rstrip(".").strip()
        entries.append(TocEntry(label=label, title=title, page=int(m["page"])))
    return entries


def strip_markers(text: str) -> str:
    return _TRAILING_MARKERS.sub("", text).strip()


def _is_masthead_line(text: str, lang: str | None) -> bool:
    return bool(text.strip().lower() in _words(lang, "un_names") or symbols_in_line(text)
                or parse_masthead_line(text, lang))


def _join_split_fields(lines: list[str], lang: str | None) -> list[str]:
    """A field whose label and value stand on two lines (``Distr.`` / ``GENERAL``, as the text
    layer of a scanned masthead often reads) is one line."""
    out: list[str] = []
    for line in lines:
        if out and _LONE_LABEL.match(out[-1]):
            joined = f"{out[-1].strip()} {line.strip()}"
            if parse_masthead_line(joined, lang):
                out[-1] = joined
                continue
        out.append(line)
    return out


_LONE_LABEL = re.compile(r"^\s*(?:Distr\.?|Original)\s*:?\s*$", re.I)


def split_masthead_lines(units: list[Unit], lang: str | None) -> list[Unit]:
    """A masthead block that is not one field but whose lines are (`General Assembly` /
    `Security Council` printed as one bold block) becomes one unit per line; a field printed over
    two lines (`ECONOMIC AND SOCIAL` / `COUNCIL`) stays whole. Stops at the summary or TOC."""
    out: list[Unit] = []
    for i, unit in enumerate(units):
        if is_summary_heading(unit.text, lang) or is_toc_heading(unit.text, lang):
            return out + units[i:]
        if (len(unit.lines) > 1 and not _is_masthead_line(unit.text, lang)
                and any(_is_masthead_line(line, lang) for line in unit.lines)):
            out.extend(Unit(text=" ".join(line.split()), lines=[line], pages=list(unit.pages),
                            bold=unit.bold, font_size=unit.font_size)
                       for line in _join_split_fields(unit.lines, lang) if line.strip())
        elif out and _LONE_LABEL.match(out[-1].text) and len(unit.lines) == 1 \
                and parse_masthead_line(f"{out[-1].text} {unit.text}", lang):
            label = out.pop()  # `Distr.` and `GENERAL` read as two blocks
            out.append(Unit(text=f"{label.text} {unit.text}", lines=[*label.lines, *unit.lines],
                            pages=sorted({*label.pages, *unit.pages}), bold=unit.bold,
                            font_size=unit.font_size))
        else:
            out.append(unit)
    return out


def read_front(units: list[Unit], lang: str | None) -> FrontResult:
    """Classify the units before the body.

    In: the front units in reading order and the document language.
    Out: front blocks (kinds: ``un``, ``symbol``, ``organ``, ``distribution``, ``date``,
    ``language``, ``original-language``, ``session``, ``agenda``, ``agenda-title``, ``title``,
    ``place-date``, ``copyright``, ``agenda-heading``,
    ``summary-heading``, ``summary``, ``toc-heading``, ``toc``, ``other``), the TOC, the
    masthead fields, the symbols printed and the title.
    """
    res = FrontResult()
    un_names = _words(lang, "un_names")
    units = split_masthead_lines(units, lang)
    kinds: list[str] = []
    mode = "masthead"
    wrapped: list[str] = []  # a TOC title's first lines, printed as a block of their own
    for i, unit in enumerate(units):
        text = unit.text
        kind = "other"
        if mode == "toc" or is_toc_heading(text, lang):
            entries = parse_toc_lines([*wrapped, *unit.lines], lang) if mode == "toc" else []
            if mode == "toc" and not entries and wraps_toc_title(unit, units[i + 1:], lang):
                wrapped = [*wrapped, *unit.lines]
                kinds.append("toc")
                continue
            wrapped = []
            if mode == "toc" and entries:
                res.toc.extend(entries)
                kind = "toc"
            elif mode == "toc" and is_toc_column_line(text, lang):
                kind = "toc"
            elif mode != "toc":
                kind, mode = "toc-heading", "toc"
            else:
                kind = "other"
        elif mode == "summary" or is_summary_heading(text, lang):
            kind = "summary" if mode == "summary" else "summary-heading"
            mode = "summary"
        elif text.strip().lower() in un_names:
            kind = "un"
        elif text.strip().rstrip(":").lower() in _words(lang, "agenda_headings"):
            kind = "agenda-heading"
        elif syms := symbols_in_line(text):
            kind = "symbol"
            res.symbols.extend(s for s in syms if s not in res.symbols)
        elif parsed := parse_masthead_line(text, lang):
            name, value = parsed
            kind = {"body": "organ", "original_language": "original-language",
                    "agenda_items": "agenda"}.get(name, name)
            res.fields.setdefault(name, value)
        elif m := _COPYRIGHT.match(text):
            kind = "copyright"
            res.issued = res.issued or m["year"]
        elif _PLACE_DATE.match(text):
            kind = "place-date"
            if res.issued is None and (year := re.fullmatch(r"\D*?((?:19|20)\d\d)\W*", text)):
                res.issued = year[1]
        elif len(_LETTER.findall(text)) < 3:
            # the organ's logo letter (`E`, `A`, `S`) printed in the masthead, a rule of dashes
            kind = "other"
        else:
            kind = "title"
        kinds.append(kind)
    _settle_titles(units, kinds, res)
    for i, (unit, kind) in enumerate(zip(units, kinds, strict=True), start=1):
        res.blocks.append(FrontBlock(id=f"front{i}", kind=kind, text=unit.text,
                                     pages=sorted(set(unit.pages))))
    return res


def _settle_titles(units: list[Unit], kinds: list[str], res: FrontResult) -> None:
    """The title is the last run of title lines of the masthead zone (which ends at the summary,
    the contents or a publication's copyright line), its lines printed largest; when an agenda
    line precedes it, all but the last line of that run are the agenda items' titles."""
    end = next((i for i, k in enumerate(kinds)
                if k in ("summary-heading", "toc-heading", "copyright")), len(kinds))
    run: list[int] = []
    for i in range(end):
        if kinds[i] == "title":
            if run and run[-1] != i - 1:
                run = []
            run.append(i)
    for i in range(1, end):
        if kinds[i] == "title" and kinds[i - 1] in ("agenda", "agenda-title"):
            kinds[i] = "agenda-title"
    if run and all(kinds[i] == "agenda-title" for i in run) and len(run) > 1:
        kinds[run[-1]] = "title"  # the document title printed right under its agenda items
    run = [i for i in run if kinds[i] == "title"]
    if not run:
        # No title of its own: the document is titled by its agenda item's title.
        agenda_titles = [i for i in range(end) if kinds[i] == "agenda-title"]
        run = agenda_titles[-1:]
        for i in run:
            kinds[i] = "title"
    kept = _largest_print(run, units)
    for i in run:
        if i not in kept:
            kinds[i] = "other"
    run = kept
    if run:
        res.title = " — ".join(strip_markers(units[i].text) for i in run)


_LONG_TITLE_RUN = 4


def _largest_print(run: list[int], units: list[Unit]) -> list[int]:
    """A long run of title lines (four or more) has swept in what is no title (a table's header
    and rows under `List of documents`, the meeting's name over it): its title is the lines
    printed largest (the first stretch of them). A shorter run (a title and its `Report of the
    Secretary-General`), or one without font sizes (text input), is kept whole."""
    sizes = [units[i].font_size for i in run]
    if len(run) < _LONG_TITLE_RUN or any(s is None for s in sizes):
        return run
    largest = max(s for s in sizes if s is not None)
    keep: list[int] = []
    for i, size in zip(run, sizes, strict=True):
        if size is not None and size >= largest - 0.5:
            keep.append(i)
        elif keep:
            break
    return keep
