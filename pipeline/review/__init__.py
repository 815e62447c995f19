"""Review page: one document's JSON (or two language versions side by side) as one HTML page.

Entry points :func:`write_review` (``docpipe view OUT_DIR/DOC.json [-o PAGE] [--siblings]``) and
:func:`render_review`. In: a document JSON of an output folder (and, with ``siblings``, another
language version of the same symbol from the same folder). Out: a self-contained page (styles
inline; no script, no external resource): the document's identity, counts and document-level
issues; its segments in reading order (headings as headings, numbered paragraphs with their
numbers, blocks, speeches with their speaker, notes, tables as tables); every mention
highlighted by kind (``data-m`` = ``s-<kind>-<index in its list>``; ``a-``, ``b-`` for the two
versions of a side-by-side page) with its normalised values on
hover (``title``); internal references (those with targets) and note calls as links to their
targets; each issue shown on the segment it concerns. With ``siblings``: the two versions in
two columns, each aligned pair of segments (paragraphs by number, notes by marker, headings and
blocks as the corpus views align them) on one row, the stretches between aligned pairs side by
side, each column in its language's direction (Arabic right to left).
Holds: segments and mentions are walked generically (:mod:`pipeline.document_lists`), so a new
list shows up without a change here; the page is deterministic; a missing file, a file that is
not a document, or no sibling raise :class:`ReviewError` (a usage error).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pydantic import BaseModel

from pipeline.corpus import align_pair
from pipeline.corpus.digest import digest
from pipeline.corpus.load import read_document
from pipeline.document_lists import mention_lists, segment_lists, segment_text, singular
from pipeline.emit import slug_for, write_atomic
from pipeline.models import DocumentOutput, Footnote, Issue, ReferenceMention
from pipeline.review.markup import Mark, marked_html
from pipeline.segment.footnotes import find_markers, footnote_id

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_HIDDEN_FIELDS = {"segment", "span", "text"}


class ReviewError(Exception):
    """The page cannot be made: no such file, not a document, no sibling."""


@dataclass
class SegmentView:
    """One segment as the template draws it."""

    id: str
    anchor: str
    type: str
    kind: str | None
    html: Markup
    number: str | None = None
    label: str | None = None
    level: int | None = None
    speaker: str | None = None
    caption: str | None = None
    rows: list[list[str]] | None = None
    pages: list[int] = field(default_factory=list)
    back: list[tuple[str, str]] = field(default_factory=list)  # a note's callers: (id, anchor)
    issues: list[Issue] = field(default_factory=list)


@dataclass
class DocumentView:
    """One document as the template draws it."""

    name: str
    out: DocumentOutput
    language: str
    direction: str
    segments: list[SegmentView]
    loose_issues: list[Issue]
    segment_counts: dict[str, int]
    mention_counts: dict[str, int]

    @property
    def by_id(self) -> dict[str, SegmentView]:
        return {s.id: s for s in self.segments}


@dataclass
class Row:
    """A row of the side-by-side page: an aligned pair (one segment each side, ``how`` says
    why), or a stretch between aligned pairs (any number each side)."""

    left: list[SegmentView]
    right: list[SegmentView]
    how: str | None


def _hover(kind: str, mention: BaseModel) -> str:
    lines = [kind]
    for name, value in mention:
        if name in _HIDDEN_FIELDS or value in (None, [], ""):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


def _mention_marks(out: DocumentOutput, prefix: str, ids: set[str]
                   ) -> dict[str, list[Mark]]:
    marks: dict[str, list[Mark]] = {}
    for list_name, mentions in mention_lists(out):
        kind = singular(list_name)
        for i, mention in enumerate(mentions):
            classes = ["m", f"m-{kind}"]
            attrs = [("data-m", f"{prefix}{kind}-{i}"), ("title", _hover(kind, mention))]
            tag = "span"
            if isinstance(mention, ReferenceMention):
                classes.append(f"r-{mention.kind}")
                target = next((t for t in mention.targets if t in ids), None)
                if target is not None:
                    tag = "a"
                    classes.append("ref")
                    attrs.append(("href", f"#{prefix}{target}"))
                    attrs.append(("data-target", target))
            marks.setdefault(mention.segment, []).append(
                Mark(mention.span[0], mention.span[1], tag, tuple(classes), tuple(attrs)))
    return marks


def _call_marks(seg: Any, text: str, notes: dict[str, Footnote], prefix: str) -> list[Mark]:
    """Note calls in a segment's text, as links to the notes (the segment's own
    ``footnote_refs`` first, so a part's notes win over the main body's)."""
    own = {notes[r].marker: r for r in getattr(seg, "footnote_refs", []) if r in notes}
    marks: list[Mark] = []
    for marker, start, end in find_markers(text):
        note = own.get(marker) or footnote_id(marker)
        if note not in notes or note == getattr(seg, "id", None):
            continue
        marks.append(Mark(start, end, "a", ("call",),
                          (("href", f"#{prefix}{note}"), ("data-note", note))))
    return marks


def document_view(out: DocumentOutput, name: str, prefix: str = "s-") -> DocumentView:
    """The view of one document; anchors are ``prefix`` + segment id."""
    lists = list(segment_lists(out))
    ids = {s.id for _, items in lists for s in items}
    notes = {f.id: f for f in out.footnotes}
    mention_marks = _mention_marks(out, prefix, ids)
    issues: dict[str, list[Issue]] = {}
    loose: list[Issue] = []
    for issue in out.issues:
        if issue.segment is not None and issue.segment in ids:
            issues.setdefault(issue.segment, []).append(issue)
        else:
            loose.append(issue)
    views: list[tuple[int, SegmentView]] = []
    for list_name, items in lists:
        for seg in items:
            text = segment_text(seg)
            marks = mention_marks.get(seg.id, []) + _call_marks(seg, text, notes, prefix)
            number = getattr(seg, "number", None)
            view = SegmentView(
                id=seg.id, anchor=f"{prefix}{seg.id}", type=singular(list_name),
                kind=getattr(seg, "kind", None),
                html=marked_html(text, marks) if getattr(seg, "rows", None) is None
                else Markup(""),
                number=str(number) if number is not None else getattr(seg, "marker", None),
                label=getattr(seg, "label", None), level=getattr(seg, "level", None),
                speaker=getattr(seg, "speaker", None), caption=getattr(seg, "caption", None),
                rows=getattr(seg, "rows", None),
                pages=getattr(seg, "pages", None) or
                ([seg.page] if isinstance(getattr(seg, "page", None), int) else []),
                back=[(c, f"{prefix}{c}") for c in getattr(seg, "cited_in", []) if c in ids],
                issues=issues.get(seg.id, []),
            )
            views.append((getattr(seg, "reading_order", 0), view))
    ordered = [v for _, v in sorted(views, key=lambda item: item[0])]
    language = out.document.language or "und"
    return DocumentView(
        name=name, out=out, language=language,
        direction="rtl" if language in RTL_LANGUAGES else "ltr",
        segments=ordered, loose_issues=loose,
        segment_counts={n: len(items) for n, items in lists},
        mention_counts={n: len(items) for n, items in mention_lists(out)},
    )


def _pairs(left: DocumentOutput, right: DocumentOutput) -> Iterator[tuple[str, str, str]]:
    """Aligned pairs ``(left id, right id, how)`` of two versions (the corpus views' alignment,
    computed on the two documents)."""
    pair = align_pair(digest(left, "left"), digest(right, "right"))
    for name in type(pair).model_fields:
        value = getattr(pair, name)
        if hasattr(value, "pairs"):
            for lid, rid in value.pairs:
                yield lid, rid, singular(name)


def aligned_rows(left: DocumentView, right: DocumentView) -> list[Row]:
    """Rows of the side-by-side page: aligned pairs in the left version's reading order (a
    pair that would go back in the right version's order is not used), and between two of them
    the segments of each version that lie between."""
    lpos = {s.id: i for i, s in enumerate(left.segments)}
    rpos = {s.id: i for i, s in enumerate(right.segments)}
    anchors: list[tuple[int, int, str]] = []
    for lid, rid, how in sorted(_pairs(left.out, right.out),
                                key=lambda p: lpos.get(p[0], len(lpos))):
        last_left, last_right = anchors[-1][:2] if anchors else (-1, -1)
        if lid in lpos and rid in rpos and lpos[lid] > last_left and rpos[rid] > last_right:
            anchors.append((lpos[lid], rpos[rid], how))
    rows: list[Row] = []
    li = ri = 0
    for la, ra, how in [*anchors, (len(left.segments), len(right.segments), "")]:
        if li < la or ri < ra:
            rows.append(Row(left.segments[li:la], right.segments[ri:ra], None))
        if la < len(left.segments):
            rows.append(Row([left.segments[la]], [right.segments[ra]], how))
        li, ri = la + 1, ra + 1
    return rows


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.review", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


def render_review(out: DocumentOutput, name: str,
                  sibling: tuple[DocumentOutput, str] | None = None) -> str:
    """The page of one document, or of it and ``sibling`` side by side (``(output, name)``)."""
    template = _environment().get_template("review.html.j2")
    if sibling is None:
        return template.render(docs=[document_view(out, name)], rows=None)
    left = document_view(out, name, prefix="a-")
    right = document_view(sibling[0], sibling[1], prefix="b-")
    return template.render(docs=[left, right], rows=aligned_rows(left, right))


def _load(path: Path) -> DocumentOutput:
    if not path.is_file():
        raise ReviewError(f"no such file: {path}")
    try:
        return read_document(path)
    except (OSError, ValueError) as exc:
        raise ReviewError(f"{path}: not a docpipe document JSON ({type(exc).__name__})") from None


def find_sibling(path: Path, out: DocumentOutput, language: str | None) -> Path:
    """Another language version of ``out`` in the same folder (``language``, or the first other
    one by language): ``<slug>.<lang>.json`` files of the same symbol."""
    symbol = out.document.symbol
    if not symbol:
        raise ReviewError(f"{path.name}: the document has no symbol, so no sibling")
    slug = slug_for(symbol, path.stem)
    found: list[Path] = []
    for candidate in sorted(path.parent.glob(f"{slug}.*.json")):
        if candidate.resolve() == path.resolve() or candidate.name.startswith(("_", ".")):
            continue
        lang = candidate.name[len(slug) + 1:-len(".json")]
        if language and lang != language:
            continue
        try:
            if read_document(candidate).document.symbol == symbol:
                found.append(candidate)
        except (OSError, ValueError):
            continue
    if not found:
        wanted = f" in {language}" if language else ""
        raise ReviewError(f"{path.name}: no other language version{wanted} of {symbol} in "
                          f"{path.parent}")
    return found[0]


def write_review(path: Path, output: Path | None = None, siblings: str | None = None
                 ) -> Path | None:
    """Write the page of the document JSON at ``path`` to ``output`` (default: beside the JSON,
    ``.html``; ``-``: standard output, then None is returned). ``siblings``: None for one
    document; ``""`` for the first other language version, or a language code."""
    out = _load(path)
    sibling: tuple[DocumentOutput, str] | None = None
    suffix = ".html"
    if siblings is not None:
        other = find_sibling(path, out, siblings or None)
        sibling = (_load(other), other.name)
        suffix = f"-{sibling[0].document.language or 'und'}.html"
    page = render_review(out, path.name, sibling)
    if output is not None and str(output) == "-":
        sys.stdout.write(page)
        return None
    target = output if output is not None else path.with_name(path.stem + suffix)
    write_atomic(target, page)
    return target
