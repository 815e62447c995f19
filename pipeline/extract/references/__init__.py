"""Resolution, decision, document, Charter and internal references, in six languages.

What becomes a reference (words from ``data/references/<lang>.yaml``, grammar in code):

- ``resolution`` / ``decision``: a keyword with one or more numbers (``résolution 62/47``,
  ``resoluciones 61/76 y 62/22``, ``第62/47号决议``): one mention per number (the first or, in
  number-first languages, the last carries the keyword). The organ is, in this order: one named
  next to the numbers (``… du Conseil de sécurité``, ``قرار مجلس الأمن 1990 (2011)``), the
  nearest organ named before in the same sentence (``Human Rights Council resolution 5/1``,
  ``The General Assembly, by its resolution 65/304``), else the number's form and the
  document's own organ (:mod:`pipeline.extract.references.numbers`). Resolutions get their
  canonical ``symbol``; decisions keep their ``number`` and have no symbol. A resolution or
  decision of another organization (``décision 11/07`` of the OSCE, a European Union
  resolution) is no reference. A pinpoint before it (``paragraphs 9 and 11 of resolution
  1807 (2008)``) becomes its ``pinpoint``.
- ``charter``: ``Article 99 of the Charter``, ``Chapitre VIII de la Charte des Nations Unies``
  (pinpoint ``Art. 99``, ``chap. VIII``) and the Charter named in full (no pinpoint).
- ``document``: a symbol with a pinpoint (``S/2011/249, paras. 8 and 91``; ``(A/CONF.192/15),
  chap. IV, par. 24``; ``A/60/88 et Corr.2, annexe``), or a pinpoint of a document named in the
  same clause by a symbol in parentheses (``paragraph 120 of my report (S/2011/249)``) or by a
  footnote whose text names a symbol (``paragraphe 18 du rapport …¹⁰`` → ``via: fn10``).
  A plain symbol without a pinpoint is only a ``symbols`` mention, never a ``document``
  reference (and a printed ``S/RES/…`` symbol is not a ``resolution`` reference either).
- ``paragraph``, ``footnote``, ``chapter``, ``section``, ``annex`` (internal): a pinpoint that
  the text marks as pointing into this document: ``ci-dessus``/``above``/``выше``/``أعلاه``
  after it, ``上文`` or ``voir``/``see`` before it, or parentheses around it, and no ``of``-phrase
  after it. ``targets`` are the ids of the segments that exist (``p26`` … ``p30``, ``fn10``,
  headings by their ``label``); ranges are expanded; ``pinpoint`` gives the printed numbers
  normalized (``paras. 26-30``), so a target missing from the document stays visible.

Normalized pinpoints: ``para. 18``, ``paras. 8, 91``, ``paras. 26-30``, ``chap. IV``,
``sect. B``, ``annex``, ``annex I``, ``Art. 17, para. 2``, joined by ``, ``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.extract.references.lexicon import HOME_KINDS, ORGAN_KEYS, OTHER, Lexicon, lexicon
from pipeline.extract.references.numbers import (
    BY_NAME,
    SC,
    canonical_number,
    compatible,
    default_organ,
    home_organ,
    integer_pinpoint,
    number_form,
    numeral_value,
    resolution_symbol,
    to_roman,
)
from pipeline.extract.references.targets import TargetIndex, in_part, part_of
from pipeline.extract.segments import SegmentText
from pipeline.extract.symbols.grammar import FoundSymbol, find_symbols
from pipeline.models import ReferenceKind, ReferenceMention, SegmentedDocument
from pipeline.text.folding import ascii_digits, caseless
from pipeline.text.guards import may_contain
from pipeline.text.markers import to_digits

_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SENTENCE_END = re.compile(r"[.;!?。；؛](?:\s|$)")
_CLAUSE_END = re.compile(r"[.;:。；؛](?:\s|$)")
_PIN_NAMES = {"paragraph": "para", "chapter": "chap.", "section": "sect.", "annex": "annex"}
_WINDOW = 200


@dataclass
class _Segment:
    seg: SegmentText
    norm: str
    symbols: list[FoundSymbol]
    caseless: str = ""  # caseless(norm): which patterns can match at all
    claimed: list[tuple[int, int]] = field(default_factory=list)
    out: list[ReferenceMention] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in self.claimed)

    def add(self, start: int, end: int, kind: ReferenceKind, *, targets: list[str] | None = None,
            symbol: str | None = None, number: str | None = None, pinpoint: str | None = None,
            via: str | None = None, organ: str | None = None) -> None:
        self.out.append(ReferenceMention(
            segment=self.seg.id, span=(start, end), text=self.seg.text[start:end], kind=kind,
            targets=targets or [], symbol=symbol, number=number, pinpoint=pinpoint, via=via,
            organ=organ))
        self.claimed.append((start, end))


def extract_references(
    doc: SegmentedDocument, segments: Sequence[SegmentText], lang: str
) -> list[ReferenceMention]:
    """References in the document's segments (see the module docstring for what counts).

    In: the segmented document (for its organ, paragraph numbers, footnotes and headings), its
    text segments and language. Out: reference mentions, in reading order within each segment.
    Holds: ``text == segment.text[span[0]:span[1]]``; spans do not overlap within a segment;
    ``targets`` only name segments of ``doc``; never raises on text.
    """
    lex = lexicon(lang)
    home = home_organ(doc.document.symbol, doc.document.body)
    index = TargetIndex.build(doc, lex)
    footnote_symbols = {
        f.id: found[0].symbol for f in doc.footnotes if (found := find_symbols(f.text, lang))
    }
    out: list[ReferenceMention] = []
    for seg in segments:
        norm = ascii_digits(seg.text)
        state = _Segment(seg, norm, find_symbols(seg.text, lang), caseless(norm))
        _resolutions(state, lex, home)
        _charter(state, lex)
        _document_pinpoints(state, lex)
        _pinpoints(state, lex, index, footnote_symbols)
        out += sorted(state.out, key=lambda r: r.span)
    return out


# ------------------------------------------------------------------ resolutions and decisions


def _sentence_start(norm: str, pos: int) -> int:
    start = max(0, pos - _WINDOW)
    for m in _SENTENCE_END.finditer(norm, start, pos):
        start = m.end()
    return start


# what an organ word gave: a canonical organ name, or one of these
_UNKNOWN = "?"  # a body the lexicon does not know (``the Xyz Commission``): no symbol
_FOREIGN = "!"  # another organization (``OSCE``, ``European Union``): no UN reference


def _organ_of(match: re.Match[str], lex: Lexicon, home: str | None, number: str | None,
              norm: str) -> str | None:
    """What one match of ``lex.organ_any`` names (a canonical organ, :data:`_UNKNOWN`,
    :data:`_FOREIGN`), or None when it names nothing usable: a home word (``the Commission``)
    names the document's own organ when that organ is of that kind (and its resolutions take
    the number's form); after a capitalized word that is no article it ends an unknown name."""
    groups = match.groupdict()
    if groups.get(OTHER):
        return _FOREIGN
    for key in ORGAN_KEYS:
        if groups.get(key):
            return lex.organ_names[key]
    for kind in HOME_KINDS:
        if groups.get(f"home_{kind}"):
            prev = re.search(r"([^\W\d_][\w'’-]*)\s+$", norm[max(0, match.start() - 40):
                                                             match.start()])
            if prev and prev.group(1)[:1].isupper() and prev.group(1) not in lex.articles:
                return _UNKNOWN
            if home is None or home not in BY_NAME or BY_NAME[home].kind != kind:
                return _UNKNOWN  # a council or commission, but not the document's own
            return home if number is None or compatible(home, number) else _UNKNOWN
    return None


def _organ_near_before(norm: str, pos: int, lex: Lexicon, home: str | None,
                       number: str) -> str | None:
    """The organ named right before the keyword at ``pos`` (``Human Rights Council resolution``,
    ``ESCWA resolutions``, ``the Council's resolution``), or None."""
    start = max(0, pos - 120)
    last: re.Match[str] | None = None
    for m in lex.organ_any.finditer(norm, start, pos):
        last = m
    if last is None or not re.fullmatch(r"\s*(?:['’]s)?\s*", norm[last.end():pos]):
        return None
    return _organ_of(last, lex, home, number, norm)


def _organ_before(norm: str, pos: int, lex: Lexicon, home: str | None, number: str) -> str | None:
    """The organ named nearest before ``pos`` in its sentence (``The General Assembly, by its
    resolution``), or None."""
    start = _sentence_start(norm, pos)
    found: str | None = None
    for m in lex.organ_any.finditer(norm, start, pos):
        organ = _organ_of(m, lex, home, number, norm)
        if organ is not None:
            found = organ
    return found


def _resolutions(state: _Segment, lex: Lexicon, home: str | None) -> None:
    norm = state.norm
    for kind in ("resolution", "decision"):
        for pattern in lex.kinds[kind]:
            if not may_contain(state.caseless, lex.needles[pattern]):
                continue  # its keyword is not in the text
            for m in pattern.finditer(norm):
                if state.free(m.start(), m.end()):
                    _one_resolution_match(state, lex, home, kind, m)


def _items(norm: str, m: re.Match[str], lex: Lexicon) -> list[tuple[int, int, str, int | None]]:
    """The numbers of a keyword match: (start, end, printed, year of a date printed after it)."""
    numbers_start = m.start("numbers")
    group = norm[numbers_start:m.end("numbers")]
    date = re.compile(
        rf"(?i:,?\s(?:{lex.date_link})\s[^,;()\n]{{0,30}}?((?:1[89]|20)[0-9]{{2}}))")
    # date phrases inside the list ("44/192 B of 21 December 1989, 45/269 …") are not numbers
    blanked = date.sub(lambda d: " " * len(d.group()), group)
    out: list[tuple[int, int, str, int | None]] = []
    for x in lex.res_number.finditer(blanked):
        start, end = numbers_start + x.start(), numbers_start + x.end()
        if lex.year_after is not None and lex.year_after.match(norm, end) and x.group().isdigit():
            continue  # резолюции 1995 года: the 1995 resolution
        d = date.match(norm, end)
        out.append((start, end, x.group(), int(d.group(1)) if d else None))
    return out


def _one_resolution_match(
    state: _Segment, lex: Lexicon, home: str | None, kind: ReferenceKind, m: re.Match[str]
) -> None:
    norm = state.norm
    items = _items(norm, m, lex)
    if not items:
        return
    numbers_start = m.start("numbers")
    keyword_first = m.start("keyword") < numbers_start
    first_number = canonical_number(items[0][2], lex.session_prefixes)
    # the organ: named next to the numbers, else right before the keyword, else in the sentence
    explicit: str | None = None
    organ_end = items[-1][1]
    if "organ" in m.re.groupindex and m.group("organ"):
        organ_match = lex.organ_any.fullmatch(m.group("organ"))
        explicit = _organ_of(organ_match, lex, home, None, norm) if organ_match else None
    if explicit is None and (after := lex.organ_after.match(norm, items[-1][1]) or
                             lex.organ_after.match(norm, m.end("numbers"))):
        home_word = not any(after.group(k) for k in [*ORGAN_KEYS, OTHER])
        if after.group("of") or not home_word:
            explicit = _organ_of(after, lex, home, first_number, norm)
            if explicit is not None and not home_word:
                organ_end = after.end()  # the span takes a name in full, not "of the Council"
    if explicit is None:
        explicit = _organ_near_before(norm, m.start(), lex, home, first_number)
    if explicit == _FOREIGN:
        return
    before = None if explicit else _organ_before(norm, m.start(), lex, home, first_number)
    if before == _FOREIGN:
        return
    pinpoint: str | None = None
    first_start = m.start()
    if kind == "resolution" and keyword_first:
        window_start = max(0, m.start() - 120)
        for pin in lex.pin_before:
            pm = pin.search(norm[window_start:m.start()])
            if pm and state.free(window_start + pm.start(), m.start()):
                pinpoint = integer_pinpoint("para", pm.group("numbers"), lex.range_word)
                first_start = window_start + pm.start()
                break
    for i, (start, end, printed, year) in enumerate(items):
        number = canonical_number(printed, lex.session_prefixes)
        organ = _organ_for(number, explicit, before, home)
        if kind == "decision" and organ == SC and not compatible(explicit, number):
            organ = None  # the Council's decisions are not numbered "267 (2009)"
        catalogued = number
        if organ == SC and number_form(number) == "plain" and year is not None:
            catalogued = f"{number} ({year})"  # resolution 2334 of 23 December 2016
        if i == 0:
            start = first_start
        if i == len(items) - 1:
            end = max(end, organ_end) if explicit else end
            if not keyword_first:
                end = m.end()
        symbol = resolution_symbol(catalogued, organ) if kind == "resolution" else None
        state.add(start, end, kind, symbol=symbol, number=number,
                  pinpoint=pinpoint if i == 0 else None, organ=organ)


def _organ_for(number: str, explicit: str | None, before: str | None,
               home: str | None) -> str | None:
    """The organ of one number: one named next to it whatever the form (a number of a form its
    resolutions do not take gets no symbol), else one named before in the sentence when its
    resolutions take that form, else by the form and the document's own organ."""
    form = number_form(number)
    for named in (explicit, before):
        if named == _UNKNOWN:
            return default_organ(number, None) if form in ("sc", "special") else None
        if named is not None and (named is explicit or compatible(named, number)):
            return named
    return default_organ(number, home)


# ---------------------------------------------------------------------------------- Charter


def _charter(state: _Segment, lex: Lexicon) -> None:
    for pattern in lex.charter:
        if not may_contain(state.caseless, lex.needles[pattern]):
            continue
        for m in pattern.finditer(state.norm):
            if not state.free(m.start(), m.end()):
                continue
            groups = m.groupdict()
            parts: list[str] = []
            if groups.get("label"):
                value = numeral_value(groups["label"], lex.numerals)
                parts.append(f"chap. {to_roman(value) if value else groups['label']}")
            if groups.get("art"):
                parts.append(f"Art. {numeral_value(groups['art'], lex.numerals) or groups['art']}")
            if groups.get("para"):
                parts.append(
                    f"para. {numeral_value(groups['para'], lex.numerals) or groups['para']}")
            state.add(m.start(), m.end(), "charter", pinpoint=", ".join(parts) or None)


# ------------------------------------------------------------------ pinpoints and documents


_COMMA = re.compile(r"\s?,\s?")
_CLOSING = re.compile(r"\s*\)")
_COMMA_WIDE = re.compile(r"\s?[,，]\s?")


def _pin_item(norm: str, pos: int, lex: Lexicon) -> tuple[int, str] | None:
    """A pinpoint item starting at ``pos``: (end, normalized)."""
    for kind in ("chapter", "section", "paragraph", "annex"):
        for pattern in lex.kinds[kind]:
            m = pattern.match(norm, pos)
            if m:
                return m.end(), _pin_text(kind, m, lex)
    return None


def _pin_text(kind: str, m: re.Match[str], lex: Lexicon) -> str:
    groups = m.groupdict()
    if kind == "paragraph":
        return integer_pinpoint("para", groups["numbers"], lex.range_word)
    if kind == "footnote":
        return integer_pinpoint("note", groups["numbers"], lex.range_word)
    label = groups.get("label")
    return f"{_PIN_NAMES[kind]} {_latin_label(label, lex)}" if label \
        else _PIN_NAMES[kind]


def _latin_label(label: str, lex: Lexicon) -> str:
    """A label in the language's numeral words as a Roman numeral (``三`` → ``III``, the form
    the pinpoints of every language share); any other label as printed."""
    if label.isascii():
        return label
    value = numeral_value(label, lex.numerals)
    return to_roman(value) if value else label


def _document_pinpoints(state: _Segment, lex: Lexicon) -> None:
    """``S/2011/249, paras. 8 and 91``; ``(A/CONF.192/15), chap. IV, par. 24``."""
    norm = state.norm
    for sym in state.symbols:
        pos = sym.end
        if norm[pos:pos + 1] == ")":
            pos += 1
        parts: list[str] = []
        while (comma := _COMMA_WIDE.match(norm, pos)) and (
            item := _pin_item(norm, comma.end(), lex)
        ):
            pos, text = item
            parts.append(text)
        start = sym.start
        if norm[sym.end:sym.end + 1] == ")" and norm[start - 1:start] == "(":
            start -= 1  # "(A/CONF.192/15), chap. IV": keep the parentheses balanced
        if parts and state.free(start, pos):
            state.add(start, pos, "document", symbol=sym.symbol, pinpoint=", ".join(parts))


def _pinpoints(
    state: _Segment, lex: Lexicon, index: TargetIndex, footnote_symbols: dict[str, str]
) -> None:
    norm = state.norm
    chains: dict[int, int] = {}  # start → end of every chain read so far
    starts: list[int] = []
    for kind in ("paragraph", "footnote", "chapter", "section", "annex"):
        for pattern in lex.kinds[kind]:
            if not may_contain(state.caseless, lex.needles[pattern]):
                continue
            for m in pattern.finditer(norm):
                # an item inside a chain already read gives a tail of that chain, which is
                # judged the same way (same end, same words after it): reading it again made
                # a text of n items cost n² (`chap. IV, sect. A, para. 2, …` × 2,000)
                at = bisect.bisect_right(starts, m.start()) - 1
                if at >= 0 and m.start() < chains[starts[at]]:
                    continue
                if state.free(m.start(), m.end()):
                    end = _one_pinpoint(state, lex, index, footnote_symbols, kind, m)
                    if m.start() not in chains:
                        bisect.insort(starts, m.start())
                    chains[m.start()] = max(end, chains.get(m.start(), end))


def _one_pinpoint(
    state: _Segment, lex: Lexicon, index: TargetIndex, footnote_symbols: dict[str, str],
    kind: ReferenceKind, m: re.Match[str],
) -> int:
    """Read the chain of pinpoint items starting with ``m``; returns where the chain ends."""
    norm = state.norm
    end = m.end()
    # a chain "chap. IV, par. 24" is one pinpoint
    parts = [_pin_text(kind, m, lex)]
    while (comma := _COMMA.match(norm, end)) and (
        item := _pin_item(norm, comma.end(), lex)
    ):
        end, text = item
        parts.append(text)
    pinpoint = ", ".join(parts)
    marker_after = lex.marker_after.match(norm, end) if lex.marker_after else None
    before = norm[max(0, m.start() - 30):m.start()]
    marked_before = bool(
        (lex.marker_before and lex.marker_before.search(before))
        or (lex.see_before and lex.see_before.search(before))
    )
    of = lex.of_after.match(norm, end)
    if marker_after or (marked_before and not of):
        stop = marker_after.end() if marker_after else end
        targets = index.targets(kind, m, lex, state.seg.id)
        state.add(m.start(), stop, kind, targets=targets, pinpoint=pinpoint)
        return end
    if of is None:
        if re.search(r"\(\s*$", before) and _CLOSING.match(norm, end):
            state.add(m.start(), end, kind, targets=index.targets(kind, m, lex, state.seg.id),
                      pinpoint=pinpoint)
        return end
    _document_of(state, lex, footnote_symbols, m.start(), end, pinpoint)
    return end


def _document_of(state: _Segment, lex: Lexicon, footnote_symbols: dict[str, str],
                 start: int, end: int, pinpoint: str) -> None:
    """``paragraph 120 of my report (S/2011/249)``; ``paragraphe 18 du rapport …¹⁰``."""
    norm = state.norm
    stop = min(len(norm), end + 150)
    if clause_end := _CLAUSE_END.search(norm, end, stop):
        stop = clause_end.start()
    clause = norm[end:stop]
    noun = lex.document_noun.search(clause)
    if noun is None:
        return
    for sym in state.symbols:
        if (end + noun.end() <= sym.start < stop and norm[sym.start - 1:sym.start] == "("
                and norm[end + noun.end():sym.start].count("(") == 1):
            close = sym.end + 1 if norm[sym.end:sym.end + 1] == ")" else sym.end
            if state.free(start, close):
                state.add(start, close, "document", symbol=sym.symbol, pinpoint=pinpoint)
            return
    marker = _MARKER.search(norm, end + noun.end(), stop)
    if marker and "(" not in norm[end:marker.start()]:
        fn = in_part("fn" + to_digits(marker.group()), part_of(state.seg.id),
                     frozenset(footnote_symbols))
        if fn in footnote_symbols and state.free(start, marker.end()):
            state.add(start, marker.end(), "document", symbol=footnote_symbols[fn],
                      pinpoint=pinpoint, via=fn)
