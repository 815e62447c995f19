"""Page furniture: running headers and footers, page numbers, job numbers, barcodes.

Found by position and repetition, never by a list of known strings:

- only lines in the header band (top of the page, not on page 1 where the masthead is) or in the
  footer band (bottom of every page) are candidates;
- a candidate segment whose text, digits masked, recurs on another page is furniture (running
  symbol, ``2 12-27711`` / ``12-27711 3``, ``Page 2``, OCR variants compared on letters only),
  unless it opens with a note's marker (``* Issued as submitted.`` under each annex);
- a page number alone (``2``, ``-2-``, ``2/3``) is furniture; so is a number alone ending pages
  above the footer band, when enough pages end so with numbers that follow the sheets;
- a job number (``12-27711 (E) 170412``, ``GE.09-17088``) or a barcode (``*1227711*``) in the
  footer band is furniture, and so is anything repeating the job number's digits;
- the header lines above a rule spanning the text width (pages 2+) are furniture, unless that rule
  is the top of a table or a box (a rule of the same span further down, a vertical rule meeting
  it): a table's caption, a section heading or a paragraph above a table or box at the top of a
  page is text;
- on a page, whatever lies on or beyond the furniture line closest to the edge is furniture too
  (``Please recycle`` beside the barcode), a footnote excepted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline.ingest.pdf_chars import PageContent, Rule
from pipeline.ingest.pdf_lines import Line, Segment
from pipeline.models import Furniture

HEADER_BAND = 0.125  # baseline within this fraction of the page height from the top
FOOTER_BAND = 0.875  # top below this fraction of the page height
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^\d{1,4}\s*/\s*\d{1,4}$")
_JOB_NUMBER = re.compile(r"^(?:[A-Z]{1,3}\.)?(\d{2})-(\d{5})\b")
_JOB_TOKEN = re.compile(r"(\d{2})-(\d{5})")
_BARCODE = re.compile(r"^\*\d{5,}\*$")
_DIGITS = re.compile(r"\d+")
_LABEL_KEY = re.compile(r"^\(?0{1,3}[.)]?$")  # ``41.`` opening a paragraph, masked
_NON_LETTERS = re.compile(r"[\W\d_]+")
_NOTE_START = re.compile(r"^(?:[*⁰¹²³⁴⁵⁶⁷⁸⁹]+|[(（]\*{1,3}[)）])\s*[^\W\d_]")


@dataclass
class FurnitureResult:
    """``lines``: ids of the furniture lines; ``records``: what goes to the output."""

    lines: set[int]
    records: list[Furniture]


def _zone(line: Line, page: PageContent) -> str | None:
    if line.top >= FOOTER_BAND * page.height:
        return "footer"
    if page.number > 1 and line.base <= HEADER_BAND * page.height:
        return "header"
    return None


def _key(text: str) -> str:
    return _DIGITS.sub("0", " ".join(text.lower().split()))


def _letters_key(text: str) -> str:
    return _NON_LETTERS.sub("", text.lower())


def find_furniture(pages: list[PageContent], lines: list[list[Line]]) -> FurnitureResult:
    """Mark the furniture lines of every page; ``lines[i]`` are the lines of ``pages[i]``."""
    candidates: list[tuple[PageContent, Line, str]] = []
    zones: dict[int, str] = {}  # id(line) → its band, for the lines in a band
    for page, page_lines in zip(pages, lines, strict=True):
        for line in page_lines:
            zone = _zone(line, page)
            if zone:
                candidates.append((page, line, zone))
                zones[id(line)] = zone

    pages_by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    lettered: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for page, line, zone in candidates:
        for seg in line.segments:
            pages_by_key[(zone, _key(seg.text))].add(page.number)
            letters = _letters_key(seg.text)
            if len(letters) >= 8:
                lettered[(zone, page.number)].append((id(seg), letters))
    fuzzy_repeated = _fuzzy_repeats(lettered)

    kinds: dict[int, str] = {}
    job_tokens: set[str] = set()

    def seg_kind(seg: Segment, zone: str) -> str | None:
        text = seg.text.strip()
        if _PAGE_NUMBER.match(text):
            return "page-number"
        if zone == "footer" and _BARCODE.match(text):
            return "barcode"
        if zone == "footer" and _JOB_NUMBER.match(text):
            return "job-number"
        key = _key(text)
        if len(pages_by_key[(zone, key)]) >= 2 and not _LABEL_KEY.match(key):
            return zone
        if id(seg) in fuzzy_repeated:
            return zone
        return None

    for _page, line, zone in candidates:
        if _NOTE_START.match(line.text):
            continue  # a footnote (`* Issued as submitted.` under each annex's title) is text
        per_segment = [seg_kind(s, zone) for s in line.segments]
        found = [k for k in per_segment if k]
        # a page number decides alone only in the footer or when the whole line is furniture
        # (``41.`` opening a paragraph at the top of a page is not a running head)
        decisive = [k for k in found if k != "page-number"]
        if found and (decisive or zone == "footer" or len(found) == len(per_segment)):
            kinds[id(line)] = _best_kind(found)
            for seg in line.segments:
                for m in _JOB_TOKEN.finditer(seg.text):
                    job_tokens.add(m.group(1) + m.group(2))

    page_lines_of = {page.number: ls for page, ls in zip(pages, lines, strict=True)}
    for page, line, zone in candidates:
        if id(line) in kinds:
            continue
        digits = "".join(_DIGITS.findall(line.text))
        if any(tok in digits for tok in job_tokens) and (
                zone == "header" or len(digits) <= 3 * max(len(t) for t in job_tokens)):
            kinds[id(line)] = "job-number" if zone == "footer" else zone
            continue
        if zone == "header" and _under_rule(line, page, page_lines_of[page.number]):
            kinds[id(line)] = "header"

    for line in _numbered_last_lines(pages, lines):
        kinds.setdefault(id(line), "page-number")

    # everything between a furniture line and the page edge is furniture as well
    for page_lines in lines:
        marked = [ln for ln in page_lines if id(ln) in kinds]
        if not marked:
            continue
        foot = [ln.top for ln in marked if zones.get(id(ln)) == "footer"]
        head = [ln.bottom for ln in marked if zones.get(id(ln)) == "header"]
        for ln in page_lines:
            if id(ln) in kinds or _NOTE_START.match(ln.text):
                continue
            zone = zones.get(id(ln))
            if zone == "footer" and foot and ln.bottom >= min(foot):
                kinds[id(ln)] = "footer"
            elif zone == "header" and head and ln.top <= max(head):
                kinds[id(ln)] = "header"

    records: list[Furniture] = []
    for page_lines in lines:
        marked = [ln for ln in page_lines if id(ln) in kinds]
        for ln in sorted(marked, key=lambda x: (x.base, x.x0)):
            records.append(Furniture(page=ln.page, text=ln.text, kind=kinds[id(ln)]))
    return FurnitureResult(set(kinds), records)


_LOW = 0.7  # a page's last line below this fraction of its height may be its number …
_MIN_NUMBERED = 3  # … when so many pages end with their number (one offset from the sheet's)


def _numbered_last_lines(pages: list[PageContent], lines: list[list[Line]]) -> list[Line]:
    """The page numbers printed above the footer band (a wide bottom margin): the last line of
    a page, a number alone, low on the page, that many pages print alike (the number and the
    sheet's place differ by one offset)."""
    found: dict[int, list[Line]] = defaultdict(list)
    for page, page_lines in zip(pages, lines, strict=True):
        if not page_lines:
            continue
        last = max(page_lines, key=lambda ln: ln.bottom)
        text = last.text.strip()
        if text.isdigit() and len(text) <= 4 and last.top >= _LOW * page.height:
            found[int(text) - page.number].append(last)
    best = max(found.values(), key=len, default=[])
    return best if len(best) >= _MIN_NUMBERED else []


def _fuzzy_repeats(lettered: dict[tuple[str, int], list[tuple[int, str]]]) -> set[int]:
    """Segments whose letters nearly equal those of a segment in the same band one or two pages
    on (running heads alternate between odd and even pages; OCR misreads some letters)."""
    counts = {sid: Counter(letters) for segs in lettered.values() for sid, letters in segs}
    found: set[int] = set()
    for (zone, number), segs in lettered.items():
        for step in (1, 2):
            others = lettered.get((zone, number + step), [])
            for sid, letters in segs:
                for oid, other in others:
                    if sid in found and oid in found:
                        continue  # nothing to learn (running heads repeat on every page)
                    if _similar(letters, counts[sid], other, counts[oid]):
                        found.update((sid, oid))
    return found


def _similar(a: str, a_counts: Counter[str], b: str, b_counts: Counter[str]) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= _FUZZY``, the cheap upper bounds tried first:
    difflib's ``real_quick_ratio`` (lengths) and ``quick_ratio`` (letters in common), the letter
    counts taken once per segment instead of once per pair."""
    if a == b:
        return True
    length = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / length < _FUZZY:
        return False
    if 2.0 * sum((a_counts & b_counts).values()) / length < _FUZZY:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= _FUZZY


_FUZZY = 0.8
_KIND_ORDER = ("job-number", "barcode", "header", "footer", "page-number")


def _best_kind(found: list[str]) -> str:
    return min(found, key=_KIND_ORDER.index)


def _under_rule(line: Line, page: PageContent, page_lines: list[Line]) -> bool:
    """Is the line above a rule (or rules) spanning most of the text width, near the top? A rule
    that underlines a text line (just under its baseline, no wider than it) is not a header
    rule: an underlined heading at the top of a page is text."""
    limit = HEADER_BAND * page.height + 12
    spans: dict[int, float] = defaultdict(float)
    for rule in page.rules:
        if line.bottom - 2 <= rule.y <= limit and not _underlines(rule, page_lines):
            if _frame_top(rule, page):
                return False
            spans[round(rule.y)] += rule.x1 - rule.x0
    return any(width >= 0.45 * page.width for width in spans.values())


_THIN = 2.0  # pt: a path this narrow is a vertical rule


def _frame_top(rule: Rule, page: PageContent) -> bool:
    """The rule opens a table or a box: a row of rules of the same span lies under it, above the
    footer band (the box's or the table's bottom, the rule under a table's column heads; a
    row's rules may be drawn cell by cell, as a running head's may be drawn in pieces), or a
    vertical rule meets it."""
    rows = _rule_rows(page.rules)
    top = next(((x0, x1) for y, x0, x1 in rows if abs(y - rule.y) <= 1.5
                and x0 <= rule.x0 + 1 and rule.x1 <= x1 + 1), (rule.x0, rule.x1))
    if any(rule.y + 3 < y < FOOTER_BAND * page.height and abs(x0 - top[0]) <= 3
           and abs(x1 - top[1]) <= 3 for y, x0, x1 in rows):
        return True
    return any(b.x1 - b.x0 <= _THIN and b.bottom - b.top >= 8
               and rule.x0 - 2 <= b.x0 <= rule.x1 + 2
               and b.top - 2 <= rule.y <= b.bottom + 2 for b in page.paths)


def _rule_rows(rules: list[Rule]) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of each run of rules at one height whose pieces meet end to end."""
    rows: list[tuple[float, float, float]] = []
    for r in sorted(rules, key=lambda r: (round(r.y), r.x0)):
        if rows and abs(rows[-1][0] - r.y) <= 1.5 and r.x0 <= rows[-1][2] + 3:
            y, x0, x1 = rows[-1]
            rows[-1] = (y, x0, max(x1, r.x1))
        else:
            rows.append((r.y, r.x0, r.x1))
    return rows


def _underlines(rule: Rule, page_lines: list[Line]) -> bool:
    return any(0 <= rule.y - ln.base <= 0.4 * ln.size and rule.x0 >= ln.x0 - 2
               and rule.x1 <= ln.x1 + 2 for ln in page_lines)
