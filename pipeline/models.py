"""Typed models of the pipeline: the output document and the records that cross stage boundaries.

The JSON Schema of the output (``docpipe schema``) is generated from :class:`DocumentOutput`;
``pipeline/schema/docpipe.schema.json`` is its committed copy and a test fails when they drift.
Change a field here, bump :data:`SCHEMA_VERSION`, run ``make schema``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from pipeline.codes import ErrorCode, IssueCode
from pipeline.text.printable import printable

SCHEMA_NAME: Final = "un-docpipe.document"
SCHEMA_VERSION = "2.1.0"

Severity = Literal["info", "warning", "error"]
SourceFormat = Literal["text", "pdf"]
Distribution = Literal["general", "limited", "restricted"]
# Text that names files or comes from outside (paths, messages): lone surrogates of undecodable
# file names become escapes, so the JSON can always be written (pipeline.text.printable)
Printable = Annotated[str, AfterValidator(printable)]
Span = Annotated[
    tuple[int, int],
    Field(description="[start, end) code-point offsets into the segment's emitted text"),
]


class Strict(BaseModel):
    """Base: unknown fields are errors, so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid")


READING_ORDER_DESCRIPTION = (
    "1-based position of the segment in the document's reading order, one sequence across "
    "every segment list: the front matter, then the body as printed (headings, paragraphs, "
    "blocks), then the notes"
)


def reading_order_field() -> Any:
    """The ``reading_order`` field of every segment (set by the segment stage, in one pass over
    all the lists; 0 only in a segment built outside it)."""
    return Field(default=0, ge=0, description=READING_ORDER_DESCRIPTION)


# ---------------------------------------------------------------------------- issues


class Issue(Strict):
    """A non-fatal anomaly found while processing one document."""

    code: str = Field(description="stable machine-readable code (docs/codes.md), e.g. "
                      "`paragraph-numbering-gap`")
    severity: Severity = "warning"
    segment: str | None = Field(default=None, description="id of the segment concerned")
    message: Printable

    @field_validator("code")
    @classmethod
    def _catalogued(cls, code: str) -> str:
        return IssueCode(code).value  # an uncatalogued code is a bug (pipeline/codes.py)


# ---------------------------------------------------------------------------- source


class Source(Strict):
    path: Printable = Field(description="input path as given to the pipeline (bytes of a name "
                            "that is not UTF-8 written `\\xNN`)")
    sha256: str
    format: SourceFormat
    pages: int | None = Field(description="physical page count (PDF, or text with form feeds)")
    ocr_pages: list[int] = Field(default_factory=list, description="PDF pages read by OCR "
                                 "(scanned, or a garbage text layer replaced)")
    ocr_confidence: float | None = Field(default=None, description="mean word confidence of "
                                         "the OCR pages, 0-100 (Tesseract)")


class DocumentInfo(Strict):
    symbol: str | None = Field(description="the document's own symbol, e.g. `A/63/261`")
    symbols: list[str] = Field(description="every symbol in the masthead (joint documents)")
    language: str | None = Field(description="ISO 639-1 code of the document's language")
    language_confidence: float | None = Field(description="langdetect probability on the body")
    original_language: str | None
    body: str | None = Field(description="issuing organ, canonical English name")
    distribution: Distribution | None
    date: str | None = Field(description="ISO 8601 date of the masthead")
    session: int | None
    agenda_items: list[str] = Field(description='agenda items as `"91 (e)"`')
    title: str | None


class TocEntry(Strict):
    label: str | None
    title: str
    page: int | None


class FrontBlock(Strict):
    id: str = Field(pattern=r"^front[1-9][0-9]*$")
    reading_order: int = reading_order_field()
    kind: str = Field(
        description="masthead field (`organ`, `symbol`, `distribution`, `date`, `language`, "
        "`session`, `agenda`), `title`, `subtitle`, `summary-heading`, `summary`, `note`, `other`"
    )
    text: str
    pages: list[int] = Field(default_factory=list)


class Heading(Strict):
    id: str = Field(pattern=r"^h[1-9][0-9]*$")
    reading_order: int = reading_order_field()
    level: int = Field(ge=1, description="1 chapter (roman), 2 section (letter), 3+ sub-heading")
    label: str | None = Field(description="`IV`, `A`, … or null for an unnumbered heading")
    title: str
    pages: list[int] = Field(default_factory=list)


# A numbering sequence other than the main body's: an annex, a resolution or decision appended to
# the document, another part whose numbering restarts at 1 (pipeline.segment.sequences), an
# endnotes section whose numbering restarts (the notes of a chapter).
PART_ID = r"(?:annex|res|dec|part|notes)[1-9][0-9]*"
PartKind = Literal["annex", "resolution", "decision", "part", "notes"]


class Part(Strict):
    """A part of the document with its own numbering sequence (its paragraph ids, and its notes'
    ids when they restart, carry the part's id as a prefix: ``annex1.p3``, ``annex1.fn2``)."""

    id: str = Field(pattern=rf"^{PART_ID}$", description="`annex<k>` (k-th annex), `res<k>` / "
                    "`dec<k>` (k-th resolution / decision heading), `part<k>` (k-th other "
                    "sequence that restarts at 1), `notes<k>` (k-th endnotes section, when its "
                    "numbering restarts), counted in reading order")
    kind: PartKind
    heading: str | None = Field(description="id of the heading that opens the part, if any")
    section: int | None = Field(default=None, description="the section number printed before "
                                "each paragraph number of this part (`19` of `19.29`, a "
                                "programme budget's section): its numbering continues the "
                                "section's and may start at any number; null otherwise")


class Paragraph(Strict):
    id: str = Field(pattern=rf"^(?:{PART_ID}\.)?p[0-9]+(-[0-9]+)?$",
                    description="`p<number>` in the main body, `<part>.p<number>` in another "
                    "numbering sequence; `-<k>` for the k-th paragraph of a repeated number")
    reading_order: int = reading_order_field()
    number: int
    section_path: list[str]
    text: str
    pages: list[int]
    footnote_refs: list[str]
    speaker: str | None = Field(default=None, description="summary records: who speaks, as "
                                "printed (`Mr. RYAN (Ireland)`); null elsewhere")


class Block(Strict):
    id: str = Field(pattern=r"^b[1-9][0-9]*$")
    reading_order: int = reading_order_field()
    kind: str = Field(
        description="`paragraph` (unnumbered), `preamble`, `list-item`, `quote`, `signature`, "
        "`speech` (a meeting record's speech: see `speaker`), `figure` (a chart: its caption; "
        "the text drawn inside it is left out), `other`"
    )
    text: str
    pages: list[int]
    section_path: list[str] = Field(default_factory=list)
    footnote_refs: list[str] = Field(default_factory=list)
    speaker: str | None = Field(default=None, description="kind `speech`: who speaks, as "
                                "printed (`The President (spoke in Russian)`, `Mr. Fu Cong "
                                "(China)`); the text starts with it")


class Table(Strict):
    """A table of a PDF (its text is in no paragraph or block)."""

    id: str = Field(pattern=r"^t[1-9][0-9]*$")
    caption: str | None = Field(description="the printed caption (`Table 2. …`), or null")
    rows: list[list[str]] = Field(description="rows of cell text, top to bottom, cells in "
                                  "reading order")
    pages: list[int]
    section_path: list[str]
    reading_order: int = reading_order_field()


class Footnote(Strict):
    id: str = Field(pattern=rf"^(?:{PART_ID}\.)?fn.+$",
                    description="`fn<marker>`; `<part>.fn<marker>` for the notes of a part whose "
                    "note numbering restarts")
    reading_order: int = reading_order_field()
    marker: str
    text: str
    page: int | None
    cited_in: list[str]


class Furniture(Strict):
    """Running header/footer, job number, barcode: kept out of segment text, kept here."""

    page: int | None
    text: str
    kind: str = Field(default="other", description="`header`, `footer`, `job-number`, …")


# ---------------------------------------------------------------------------- mentions


class Mention(Strict):
    segment: str = Field(description="id of the segment whose text the span points into")
    span: Span
    text: str = Field(description="equal to segment.text[span[0]:span[1]]")


class SymbolMention(Mention):
    symbol: str = Field(description="canonical symbol, e.g. `A/60/88`")
    suffixes: list[str] = Field(description='coordinated or attached modifiers, e.g. `["Corr.2"]`')
    series: str = Field(description="first element of the symbol: `A`, `S`, `E`, `ST`, …")


ReferenceKind = Literal["paragraph", "footnote", "document", "resolution", "decision", "charter",
                        "chapter", "section", "annex"]


class ReferenceMention(Mention):
    kind: ReferenceKind
    targets: list[str] = Field(description="segment ids in this document (internal references)")
    symbol: str | None = Field(description="canonical target symbol, or null")
    number: str | None = Field(description="decision/resolution number as printed, e.g. `60/519`")
    pinpoint: str | None = Field(description="normalized pinpoint, e.g. `chap. IV, para. 24`")
    via: str | None = Field(description="footnote id through which the target symbol was found")
    organ: str | None = Field(
        default=None,
        description="`resolution`/`decision`: canonical English name of the organ that adopted "
        "it (`Security Council`, `Economic and Social Commission for Western Asia`), as the "
        "sentence names it or the document's own organ; null when unknown and for other kinds. "
        "`symbol` is that organ's catalogue symbol, null when its resolutions have none")


DatePrecision = Literal["year", "month", "day"]


class DateMention(Mention):
    value: str | None = Field(
        description="ISO 8601 `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an interval `start/end` of "
        "those. A range is one mention whose value is the interval (`du 14 au 18 juillet 2008` "
        "→ `2008-07-14/2008-07-18`); a list gives one mention per item, each with its full "
        "value (`10` in `les 10 et 11 décembre 2007` → `2007-12-10`). A date printed without "
        "its year gets one from its sentence (every year printed there is that year, at least "
        "one with its month, and the months run in order), from a reporting period the "
        "document states, or from the document's own date (the last such day not after "
        "it; the first not before it when the sentence speaks of the future), and then "
        "`year_inferred` is true. When no year can be defended the value is null and the "
        "document's `issues` have a `date-year-unknown` entry for the segment."
    )
    year_inferred: bool = Field(
        default=False,
        description="true when the year is not printed with the date but inferred (see `value`)")
    precision: DatePrecision = Field(
        description="`day`, `month` or `year`; for a range, the coarser end's."
    )
    start: dt.date | None = Field(
        default=None, description="first day the value covers (`2008-07` → `2008-07-01`; an "
        "interval's start's first day); null when the value is")
    end: dt.date | None = Field(
        default=None, description="last day the value covers (`2008-07` → `2008-07-31`; an "
        "interval's end's last day); null when the value is")


EntityLabel = Literal["PER", "ORG", "GPE", "LOC", "MISC"]


class EntityMention(Mention):
    label: EntityLabel
    source: Literal["model", "gazetteer"]
    key: str | None = Field(description="ISO 3166 alpha-3 for States, a stable key for bodies")


# ---------------------------------------------------------------------------- output


class DocumentOutput(Strict):
    """One processed document: the JSON that downstream programs read."""

    schema_name: Literal["un-docpipe.document"] = SCHEMA_NAME
    schema_version: str = SCHEMA_VERSION
    doc_id: str = Field(
        default="", description="stable identifier of the document: `SYMBOL:LANG` "
        "(`A/63/261:fr`, `und` for an unknown language), or `sha256:HEX` (the input file's "
        "hash) when it has no symbol")
    source: Source
    document: DocumentInfo
    toc: list[TocEntry]
    front: list[FrontBlock]
    headings: list[Heading]
    paragraphs: list[Paragraph]
    blocks: list[Block]
    footnotes: list[Footnote]
    tables: list[Table]
    parts: list[Part]
    furniture: list[Furniture]
    symbols: list[SymbolMention]
    references: list[ReferenceMention]
    dates: list[DateMention]
    entities: list[EntityMention]
    issues: list[Issue]

    @model_validator(mode="before")
    @classmethod
    def _default_doc_id(cls, data: Any) -> Any:
        """``doc_id`` when not given: from ``document`` and ``source`` (:func:`doc_id_of`)."""
        if not isinstance(data, dict) or data.get("doc_id"):
            return data
        document, source = data.get("document"), data.get("source")
        if isinstance(document, dict):
            document = DocumentInfo.model_validate(document)
        if isinstance(source, dict):
            source = Source.model_validate(source)
        if isinstance(document, DocumentInfo) and isinstance(source, Source):
            data = {**data, "doc_id": doc_id_of(document.symbol, document.language,
                                                source.sha256)}
        return data


def doc_id_of(symbol: str | None, language: str | None, sha256: str) -> str:
    """``A/63/261:fr``; ``sha256:<hex>`` for a document without a symbol."""
    if symbol:
        return f"{symbol}:{language or 'und'}"
    return f"sha256:{sha256}"


# ---------------------------------------------------------------------------- run summary


class RunError(Strict):
    code: str = Field(description="one of the error codes of docs/codes.md")
    message: Printable

    @field_validator("code")
    @classmethod
    def _catalogued(cls, code: str) -> str:
        return ErrorCode(code).value  # an uncatalogued code is a bug (pipeline/codes.py)


class RunRecord(Strict):
    input: Printable
    status: Literal["ok", "failed", "skipped"]
    output: Printable | None
    error: RunError | None
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    reason: str | None = Field(
        default=None,
        description="why a document was skipped: `unchanged` (incremental run) or "
        "`language-not-selected`",
    )
    pages: int | None = Field(default=None, description="pages of an ok document")
    mentions: dict[str, int] = Field(
        default_factory=dict, description="mentions of an ok document, by kind"
    )
    checks: dict[str, bool] = Field(
        default_factory=dict, description="structure checks of an ok document: check → passed "
        "(`docpipe check`, docs/codes.md `check-*`)"
    )
    parliamentary: bool | None = Field(
        default=None, description="an ok document with a UN masthead (else a publication)"
    )


class RunSummary(Strict):
    documents: list[RunRecord]
    ok: int
    failed: int
    skipped: int
    stage_seconds: dict[str, float] = Field(
        default_factory=dict, description="seconds per stage, summed over the documents run"
    )
    wall_seconds: float | None = Field(default=None, description="elapsed time of the run")
    checks_passed: int = Field(
        default=0, description="ok documents of this run that pass every structure check"
    )
    crosscheck_disagreements: int = Field(
        default=0, description="cross-check disagreements between language versions, over the "
        "whole output folder (`_siblings/`)"
    )
    pruned: int = Field(default=0, description="outputs of inputs that are gone, deleted")
    prune_refused: str | None = Field(
        default=None, description="why the outputs of inputs that are gone were kept (the "
        "pruning rule, docs/operations.md), or null")


# ---------------------------------------------------------------------------- stage records


class DocumentHints(Strict):
    """What is known of a document's identity before reading its masthead."""

    symbol: str | None = None
    language: str | None = None
    sidecar: dict[str, object] = Field(
        default_factory=dict, description="`document` fields of FILE.meta.yaml (they win)"
    )


BlockZone = Literal["body", "footnote", "table", "figure"]


class RawBlock(Strict):
    """A run of lines the reader saw as one block (text: blank-line separated; PDF: layout).

    ``lines`` are as printed, without trailing newline; hyphenation is resolved by the segmenter.
    """

    lines: list[str]
    pages: list[int] = Field(default_factory=list)
    zone: BlockZone = "body"
    bold: bool = False
    italic: bool = False
    font_size: float | None = None
    indent: float | None = Field(default=None, description="x of the first line, in points")
    first_line_indent: float | None = Field(
        default=None, description="how far the first line starts inside the block's other "
        "lines, in points (a paragraph's first-line indent); None for one line or no layout")
    centered: bool = False
    page_break_before: bool = False
    table: list[list[str]] | None = Field(
        default=None, description="zone `table`: the rows of cell text (``lines`` is empty)")


class IngestedDocument(Strict):
    """Output of the ingest stage: blocks in reading order, furniture set aside."""

    source: Source
    hints: DocumentHints
    blocks: list[RawBlock]
    furniture: list[Furniture] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)


class LanguageResult(Strict):
    language: str | None
    confidence: float | None
    declared: str | None
    detected: str | None
    issues: list[Issue] = Field(default_factory=list)


class SegmentedDocument(Strict):
    """Output of the segment stage: structure without mentions."""

    source: Source
    document: DocumentInfo
    toc: list[TocEntry]
    front: list[FrontBlock]
    headings: list[Heading]
    paragraphs: list[Paragraph]
    blocks: list[Block]
    footnotes: list[Footnote]
    parts: list[Part] = Field(default_factory=list)
    furniture: list[Furniture]
    issues: list[Issue]
    tables: list[Table] = Field(default_factory=list)


MentionKind = Literal["symbols", "references", "dates", "entities"]
# the kinds of mentions, in output order; each has its extractor (pipeline.extract.EXTRACTORS),
# its list in the output and its switch in the configuration (``stages``)
MENTION_KINDS: tuple[MentionKind, ...] = get_args(MentionKind)
StageName = Literal["ingest", "language", "segment", "extract", "emit"]
STAGES: tuple[StageName, ...] = ("ingest", "language", "segment", "extract", "emit")


class Mentions(Strict):
    """Output of the extract stage (one list per kind of :data:`MENTION_KINDS`, and issues)."""

    symbols: list[SymbolMention] = Field(default_factory=list)
    references: list[ReferenceMention] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    entities: list[EntityMention] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
