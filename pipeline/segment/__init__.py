"""Segment stage: an ingested document → front matter, headings, paragraphs, blocks, footnotes.

The same code segments text and PDF input: readers hand over blocks in reading order with
footnote bodies after the body text of their page (see :class:`pipeline.models.RawBlock`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import ValidationError

from pipeline.errors import DocumentError
from pipeline.language import script_of
from pipeline.models import (
    Block,
    DocumentInfo,
    Footnote,
    Heading,
    IngestedDocument,
    Issue,
    LanguageResult,
    Paragraph,
    Part,
    SegmentedDocument,
    Table,
)
from pipeline.segment.body import Body, build_body
from pipeline.segment.captions import attach_captions
from pipeline.segment.endnotes import move_endnotes
from pipeline.segment.footnotes import find_markers, footnote_id, table_text
from pipeline.segment.front import (
    FrontResult,
    is_summary_heading,
    is_toc_column_line,
    is_toc_heading,
    parse_toc_lines,
    read_front,
    wraps_toc_title,
)
from pipeline.segment.labels import heading_match
from pipeline.segment.lines import join_texts
from pipeline.segment.masthead import organ_of_symbol
from pipeline.segment.order import assign_reading_order
from pipeline.segment.record_front import settle_record_front
from pipeline.segment.sequences import paragraph_label
from pipeline.segment.speeches import apply_speeches, record_kind
from pipeline.segment.un_document import not_un_document
from pipeline.segment.units import Flow, FootnoteUnit, Unit, build_flow
from pipeline.text.markers import to_superscript
from pipeline.text.symbol_lines import symbols_in_line


def segment(doc: IngestedDocument, language: LanguageResult) -> SegmentedDocument:
    """Segment one document.

    In: the ingested blocks (body and footnote zones, in reading order) and the language result.
    Out: ``document`` fields (sidecar > file name > masthead), front blocks, TOC, headings,
    numbered paragraphs ``p<N>`` (``annex1.p<N>``… for the other numbering sequences, listed in
    ``parts``), other blocks ``b<N>``, footnotes ``fn<marker>`` (``annex1.fn<marker>`` when the
    notes restart in a part) linked both ways to the segments citing them, and issues.
    Holds: no body text is dropped; a paragraph cut by a page break is one text; every
    anomaly (numbering, footnotes, identity) is an issue.
    """
    lang = language.language
    flow = move_endnotes(build_flow(doc.blocks), lang)
    flow.body = attach_captions(flow.body, lang)
    start = find_body_start(flow.body, lang)
    # a table or chart before the body's first unit is read with the body
    regions = [u for u in flow.body[:start] if u.table is not None or u.figure]
    front_units = _join_front_continuations(
        [u for u in flow.body[:start] if u.table is None and not u.figure], flow)
    front_lang = _front_language(language)
    front = read_front(front_units, front_lang)
    record = record_kind(doc.hints.symbol or (front.symbols[0] if front.symbols else None))
    if record:
        settle_record_front(front, front_lang)
    body = build_body([*regions, *flow.body[start:]], flow.lexicon,
                      source_has_pages=doc.source.format == "pdf", lang=lang)
    if record:
        body.items = apply_speeches(body.items, lang, record)
    issues: list[Issue] = [*doc.issues, *language.issues, *body.issues]
    headings, paragraphs, blocks, tables, areas, places = _number_segments(body, issues, start)
    note_areas = [_note_area(body.areas, unit, start) for unit in flow.footnotes]
    footnotes, note_parts = _footnotes(flow.footnotes, note_areas, issues)
    areas.update((f.id, a) for f, a in zip(footnotes, note_areas, strict=True))
    places.update((f.id, u.at) for f, u in zip(footnotes, flow.footnotes, strict=True))
    sections = _notes_sections(flow.footnotes)
    _link_footnotes(front, headings, paragraphs, blocks, tables, footnotes, areas,
                    _scopes(places, sections), issues)
    parts = [Part(id=part, kind=kind, heading=headings[h].id if h is not None else None,
                  section=section)
             for part, kind, h, section in body.parts]
    heading_at = {places[h.id]: h.id for h in headings}
    parts += [Part(id=part, kind="notes", heading=heading_at.get(sections[part] - 1))
              for part in note_parts if part in sections]
    parts.sort(key=lambda part: _part_place(part.id, places, sections))
    for text in flow.orphan_footnote_text:
        issues.append(Issue(
            code="footnote-orphan-text",
            message=f"footnote-zone text with no footnote to continue: {text[:60]}"))
    info = _document_info(doc, language, front, issues)
    foreign = not_un_document(info, front.fields)
    if foreign is not None:
        issues.append(foreign)
    if not paragraphs and not blocks:
        issues.append(Issue(code="no-body-text", message="no body text was found"))
    segmented = SegmentedDocument(
        source=doc.source, document=info, toc=front.toc, front=front.blocks, headings=headings,
        paragraphs=paragraphs, blocks=blocks, footnotes=footnotes, parts=parts,
        furniture=doc.furniture, issues=issues, tables=tables,
    )
    read: list[Heading | Paragraph | Block | Table] = [*headings, *paragraphs, *blocks, *tables]
    body_order = [seg.id for seg in sorted(read, key=lambda seg: seg.reading_order)]
    assign_reading_order(segmented, [*(f.id for f in front.blocks), *body_order,
                                     *(f.id for f in footnotes)])
    return segmented


_FRONT_BODY_P = 0.99  # a body language this sure reads the front matter of a mislabelled file


def _front_language(language: LanguageResult) -> str | None:
    """The language the front matter is read in: the document's, or the body's when the body
    reads, this surely, as another language of the same script (a file labelled EN that holds
    the French version prints `29 décembre 1980` in its masthead). The document's language
    stays the declared one (its output's name with it); ``language-mismatch`` says so."""
    lang, body = language.language, language.detected
    if (body != lang and script_of(lang) is not None and script_of(body) == script_of(lang)
            and (language.confidence or 0) >= _FRONT_BODY_P):
        return body
    return lang


def find_body_start(units: list[Unit], lang: str | None) -> int:
    """Index of the first body unit: the first labeled heading or numbered paragraph, or the
    first sentence of prose outside the summary and the table of contents."""
    mode = "masthead"
    for i, unit in enumerate(units):
        text = unit.text
        if is_toc_heading(text, lang):
            mode = "toc"
            continue
        if mode == "toc":
            if (parse_toc_lines(unit.lines, lang) or is_toc_column_line(text, lang)
                    or wraps_toc_title(unit, units[i + 1:], lang)):
                continue
            return i
        if is_summary_heading(text, lang):
            mode = "summary"
            continue
        if heading_match(text, lang) or paragraph_label(text):
            return i
        if mode == "summary" or symbols_in_line(text):
            continue
        if len(text) > 15 and text.endswith((",", ":")):
            return i
        if len(text) >= 200 and not unit.is_open():
            return i
    return len(units)


def _join_front_continuations(units: list[Unit], flow: Flow) -> list[Unit]:
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if prev and prev.is_open() and unit.text[:1].islower() and len(prev.text) >= 100:
            prev.text = join_texts(prev.text, unit.text, flow.lexicon)
            prev.lines = [*prev.lines, *unit.lines]
            prev.pages = sorted(set(prev.pages) | set(unit.pages))
            continue
        out.append(Unit(text=unit.text, lines=list(unit.lines), pages=list(unit.pages),
                        page_break_before=unit.page_break_before,
                        after_footnotes=unit.after_footnotes, bold=unit.bold,
                        font_size=unit.font_size, first_line_indent=unit.first_line_indent))
    return out


def _area_at(areas: list[str], index: int) -> str:
    """The part of the body unit at ``index`` (the front, before the body, is the main part)."""
    return areas[min(index, len(areas) - 1)] if index >= 0 and areas else ""


def _note_area(areas: list[str], unit: FootnoteUnit, start: int) -> str:
    """Where a note's numbering lives: the part (annex, resolution…) it lies in, else its
    endnotes section (``notes2``), else the main body."""
    area = _area_at(areas, unit.at - 1 - start)
    if not area and unit.section is not None:
        return f"notes{unit.section}"
    return area


def _part_place(part: str, places: dict[str, int], sections: dict[str, int]) -> int:
    """Where a part begins: its endnotes section, or its first paragraph."""
    if part in sections:
        return sections[part]
    return min((at for seg, at in places.items() if seg.startswith(f"{part}.")), default=0)


def _notes_sections(units: list[FootnoteUnit]) -> dict[str, int]:
    """``notes<k>`` → the flow index of its notes section (where its entries were)."""
    return {f"notes{u.section}": u.at for u in units if u.section is not None}


def _scopes(places: dict[str, int], sections: dict[str, int]) -> dict[str, str]:
    """For each segment, the endnotes section its calls point to: the first one after it."""
    ends = sorted((at, part) for part, at in sections.items())
    out: dict[str, str] = {}
    for seg, at in places.items():
        out[seg] = next((part for end, part in ends if at < end), "")
    return out


def _number_segments(body: Body, issues: list[Issue], start: int
                     ) -> tuple[list[Heading], list[Paragraph], list[Block], list[Table],
                                dict[str, str], dict[str, int]]:
    """Ids for the body items; ``areas`` maps each id to the part it lies in, ``places`` to the
    flow index of the unit that opened it."""
    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    blocks: list[Block] = []
    tables: list[Table] = []
    areas: dict[str, str] = {}
    places: dict[str, int] = {}
    seen: Counter[tuple[str, int]] = Counter()
    for position, item in enumerate(body.items, 1):  # position: the body's order, for now
        if item.kind == "table" and item.table is not None:
            seg_id = f"t{len(tables) + 1}"
            tables.append(Table(id=seg_id, caption=item.caption, rows=item.table,
                                pages=sorted(set(item.pages)), section_path=item.section_path,
                                reading_order=position))
        elif item.kind == "figure":
            if not item.caption:  # a chart without a caption leaves only the issue's count
                continue
            seg_id = f"b{len(blocks) + 1}"
            blocks.append(Block(id=seg_id, kind="figure", text=item.caption,
                                pages=sorted(set(item.pages)), section_path=item.section_path,
                                reading_order=position))
        elif item.kind == "heading" and item.heading:
            h = item.heading
            seg_id = f"h{len(headings) + 1}"
            headings.append(Heading(id=seg_id, level=h.level, label=h.label, title=h.title,
                                    pages=sorted(set(h.pages)), reading_order=position))
        elif item.kind == "paragraph" and item.number is not None:
            key = (item.part, item.number)
            seen[key] += 1
            seg_id = f"{item.part}.p{item.number}" if item.part else f"p{item.number}"
            if seen[key] > 1:
                seg_id = f"{seg_id}-{seen[key]}"
                issues.append(Issue(code="paragraph-duplicate-number", segment=seg_id,
                                    message=f"paragraph number {item.number} occurs again"))
            paragraphs.append(Paragraph(id=seg_id, number=item.number,
                                        section_path=item.section_path, text=item.text,
                                        pages=sorted(set(item.pages)), footnote_refs=[],
                                        speaker=item.speaker, reading_order=position))
        else:
            seg_id = f"b{len(blocks) + 1}"
            blocks.append(Block(id=seg_id, kind=item.block_kind, text=item.text,
                                pages=sorted(set(item.pages)), section_path=item.section_path,
                                speaker=item.speaker, reading_order=position))
        areas[seg_id] = item.area
        places[seg_id] = item.at + start
        issues.extend(Issue(code=code, segment=seg_id, message=message)
                      for code, message in item.doubts)
    return headings, paragraphs, blocks, tables, areas, places


def _footnotes(units: list[FootnoteUnit], areas: list[str], issues: list[Issue]
               ) -> tuple[list[Footnote], list[str]]:
    """Footnote ids: ``fn<marker>``; the notes of a part whose numbering restarts (a marker
    already used in another part, or in another endnotes section) carry the part's prefix,
    ``annex1.fn3``, ``notes2.fn3``; a marker repeated within one part gets a suffix (``fn3-2``)
    and an issue. Also returns the parts whose notes restarted."""
    out: list[Footnote] = []
    seen: Counter[str] = Counter()
    restarted: list[str] = []
    owner: dict[str, str] = {}  # marker → the part whose notes first used it
    for unit, area in zip(units, areas, strict=True):
        marker = unit.marker
        if area and area not in restarted and marker in owner and owner[marker] != area:
            restarted.append(area)
        prefix = f"{area}." if area in restarted else ""
        owner.setdefault(marker, area)
        fid = prefix + footnote_id(marker)
        seen[fid] += 1
        if seen[fid] > 1:
            fid = f"{fid}-{seen[fid]}"
            issues.append(Issue(code="footnote-duplicate-marker", segment=fid,
                                message=f"a second footnote with marker {marker}"))
        out.append(Footnote(id=fid, marker=marker, text=unit.text,
                            page=unit.pages[0] if unit.pages else None, cited_in=[]))
    return out, restarted


def _link_footnotes(front: FrontResult, headings: list[Heading], paragraphs: list[Paragraph],
                    blocks: list[Block], tables: list[Table], footnotes: list[Footnote],
                    areas: dict[str, str], scopes: dict[str, str], issues: list[Issue]) -> None:
    """A marker in a segment calls the note of that marker in the segment's part when the part
    has its own notes, else in the endnotes section that follows the segment when that section
    has its own numbering, else the document's. A table calls the notes marked in its caption
    and its cells; a mark there that reaches no note is no call (significance stars, a
    multiplication, its own notes under it)."""
    by_id = {f.id: f for f in footnotes}
    texts: list[tuple[str, str, list[str] | None]] = [
        *((f.id, f.text, None) for f in front.blocks),
        *((h.id, h.title, None) for h in headings),
        *((p.id, p.text, p.footnote_refs) for p in paragraphs),
        *((b.id, b.text, b.footnote_refs) for b in blocks),
        *((t.id, table_text(t.caption, t.rows), None) for t in tables),
        *((f.id, f.text, None) for f in footnotes),
    ]
    table_ids = {t.id for t in tables}
    for seg_id, text, refs in texts:
        where = [w for w in (areas.get(seg_id, ""), scopes.get(seg_id, "")) if w]
        for marker, _start, _end in find_markers(text):
            local = footnote_id(marker)
            note = next((by_id[f"{w}.{local}"] for w in where if f"{w}.{local}" in by_id),
                        by_id.get(local))
            if note is None:
                if seg_id in table_ids:
                    continue  # a table's asterisks and small digits are often its own marks
                issues.append(Issue(code="footnote-missing", segment=seg_id,
                                    message=f"marker {marker} has no footnote body"))
                continue
            if seg_id not in note.cited_in and seg_id != note.id:
                note.cited_in.append(seg_id)
            if refs is not None and note.id not in refs:
                refs.append(note.id)
    _lone_calls(blocks, footnotes)
    for note in footnotes:
        if not note.cited_in:
            issues.append(Issue(code="footnote-uncited", segment=note.id,
                                message=f"footnote {note.marker} is not cited in the text"))


def _lone_calls(blocks: list[Block], footnotes: list[Footnote]) -> None:
    """A note that nothing calls, and a block on its page that is its number alone: the call
    printed apart (raised beside a chart's source, on a line of its own), read as a block. The
    block becomes the call (its number raised) and the note is cited there."""
    uncited = {(f.marker, f.page): f for f in footnotes if not f.cited_in and f.page is not None}
    if not uncited:
        return
    for k, block in enumerate(blocks):
        text = block.text.strip()
        if not (text.isdigit() and len(text) <= 3) or not block.pages:
            continue
        note = uncited.pop((text, block.pages[-1]), None)
        if note is None:
            continue
        blocks[k] = block.model_copy(update={"text": to_superscript(text),
                                             "footnote_refs": [note.id]})
        note.cited_in.append(block.id)


# a UN job number (`17-00489`, `51-19534`): the year it was issued in, two digits, then a number
_JOB_NUMBER = re.compile(r"^\s*(\d{2})-\d{4,5}\b")
_SYMBOL_YEAR = re.compile(r"^(?:19[4-9]\d|20\d\d)$")


def _inferred_year(doc: IngestedDocument, symbol: str | None, issues: list[Issue]) -> str | None:
    """A publication that prints no date (a bulletin, an old scan): the year of its job number,
    else the year element of its symbol (`E/ESCWA/SDD/2017/…`), with a ``date-inferred``
    issue that says so; None when neither has one."""
    for f in doc.furniture:
        m = _JOB_NUMBER.match(f.text) if f.kind == "job-number" else None
        if m:
            yy = int(m[1])
            year = str(1900 + yy if yy >= _FIRST_JOB_YEAR else 2000 + yy)
            issues.append(Issue(code="date-inferred", severity="info",
                                message=f"no date printed; the year {year} is the job number's "
                                f"({f.text.strip()[:20]})"))
            return year
    for element in (symbol or "").split("/"):
        if _SYMBOL_YEAR.match(element.strip()):
            issues.append(Issue(code="date-inferred", severity="info",
                                message=f"no date printed; the year {element} is the symbol's"))
            return element.strip()
    return None


_FIRST_JOB_YEAR = 46  # job numbers `46-…` to `99-…` are of the 1900s, the others of the 2000s


_DOC_FIELDS = ("symbol", "symbols", "language", "language_confidence", "original_language",
               "body", "distribution", "date", "session", "agenda_items", "title")


def _document_info(doc: IngestedDocument, language: LanguageResult, front: FrontResult,
                   issues: list[Issue]) -> DocumentInfo:
    hints = doc.hints
    printed = list(front.symbols)
    if not printed:
        # A running header repeated on every page is the symbol when the masthead lost it.
        printed = [s for f in doc.furniture if f.page in (1, None) for s in symbols_in_line(f.text)]
    symbol = hints.symbol or (printed[0] if printed else None)
    if hints.symbol and printed and hints.symbol not in printed:
        issues.append(Issue(code="symbol-mismatch", segment="front1",
                            message=f"file name says {hints.symbol}, masthead prints "
                            f"{', '.join(printed)}"))
    symbols = printed or ([symbol] if symbol else [])
    declared = front.fields.get("language")
    lang = language.language or (declared if isinstance(declared, str) else None)
    if isinstance(declared, str) and language.language and declared != language.language:
        issues.append(Issue(
            code="language-masthead-mismatch",
            message=f"masthead says {declared!r}, document is {language.language!r}"))
    values: dict[str, Any] = {
        "symbol": symbol, "symbols": symbols, "language": lang,
        "language_confidence": language.confidence,
        "original_language": front.fields.get("original_language"),
        "body": front.fields.get("body") or organ_of_symbol(symbol),
        "distribution": front.fields.get("distribution"),
        "date": front.fields.get("date") or front.issued or _inferred_year(doc, symbol, issues),
        "session": front.fields.get("session"),
        "agenda_items": front.fields.get("agenda_items", []), "title": front.title,
    }
    for key, value in hints.sidecar.items():
        if key in _DOC_FIELDS:
            values[key] = value
    if ("symbol" in hints.sidecar and "symbols" not in hints.sidecar and values["symbol"]
            and values["symbol"] not in values["symbols"]):
        values["symbols"] = [values["symbol"], *values["symbols"]]
    try:
        return DocumentInfo(**values)
    except ValidationError as exc:
        raise DocumentError("bad-sidecar", f"sidecar document fields are invalid: {exc}") from exc
