"""The catalogue of codes: every ``issues[].code`` of an output, every ``error.code`` and skip
``reason`` of a run summary, with what it means.

In: nothing. Out: :class:`IssueCode`, :class:`ErrorCode`, :class:`SkipReason` (string enums: the
models validate every code against them, so an uncatalogued code is a bug that fails at once),
and :func:`catalogue_markdown`, the table in ``docs/codes.md`` (a test keeps the two equal;
``python -m pipeline.codes > docs/codes.md`` rewrites it).
Holds: a code never changes meaning; a new code is added here with its meaning first.
"""

from __future__ import annotations

import sys
from enum import StrEnum


class IssueCode(StrEnum):
    """A doubt about one document's reading: ``issues[].code`` of the output."""

    ENCODING_CP1252 = "encoding-cp1252"
    ENCODING_UTF16 = "encoding-utf16"
    INVALID_UTF8 = "invalid-utf8"
    NUL_BYTES = "nul-bytes"
    UNREADABLE_PAGE = "unreadable-page"
    PAGE_WITHOUT_TEXT = "page-without-text"
    PAGE_TOO_COMPLEX = "page-too-complex"
    OCR_NOISE = "ocr-noise"
    OCR_SKIPPED = "ocr-skipped"
    OCR_LOW_CONFIDENCE = "ocr-low-confidence"
    TEXT_LAYER_REPLACED = "text-layer-replaced"
    CHART_TEXT_DROPPED = "chart-text-dropped"
    STACKED_TEXT_DROPPED = "stacked-text-dropped"
    TABLE_UNREADABLE = "table-unreadable"
    PDF_TEXT_MAP_REPAIRED = "pdf-text-map-repaired"
    INVALID_CHARACTERS = "invalid-characters"
    TEXT_OUTSIDE_PAGE = "text-outside-page"
    SIDEWAYS_TEXT_DROPPED = "sideways-text-dropped"
    SIDEWAYS_PAGE = "sideways-page"
    PDF_MIRRORED_BRACKETS = "pdf-mirrored-brackets"
    LANGUAGE_UNDETECTED = "language-undetected"
    LANGUAGE_MISMATCH = "language-mismatch"
    LANGUAGE_MASTHEAD_MISMATCH = "language-masthead-mismatch"
    SYMBOL_MISMATCH = "symbol-mismatch"
    DATE_INFERRED = "date-inferred"
    NO_BODY_TEXT = "no-body-text"
    PARAGRAPH_NUMBERING_GAP = "paragraph-numbering-gap"
    PARAGRAPH_OUT_OF_ORDER = "paragraph-out-of-order"
    PARAGRAPH_NUMBER_MISREAD = "paragraph-number-misread"
    PARAGRAPH_DUPLICATE_NUMBER = "paragraph-duplicate-number"
    FOOTNOTE_DUPLICATE_MARKER = "footnote-duplicate-marker"
    FOOTNOTE_MISSING = "footnote-missing"
    FOOTNOTE_UNCITED = "footnote-uncited"
    FOOTNOTE_ORPHAN_TEXT = "footnote-orphan-text"
    DATE_YEAR_UNKNOWN = "date-year-unknown"
    NOT_UN_DOCUMENT = "not-un-document"
    CHECK_NUMBERING = "check-numbering"
    CHECK_NOTES = "check-notes"
    CHECK_IDENTITY = "check-identity"
    CHECK_DATES = "check-dates"
    CHECK_TEXT_LAYER = "check-text-layer"
    CHECK_HEADINGS = "check-headings"


class ErrorCode(StrEnum):
    """Why a document has no output: ``error.code`` of its run-summary record."""

    MISSING_INPUT = "missing-input"
    NOT_A_FILE = "not-a-file"
    UNREADABLE_INPUT = "unreadable-input"
    EMPTY_INPUT = "empty-input"
    TOO_LARGE = "too-large"
    TOO_MANY_PAGES = "too-many-pages"
    BINARY_INPUT = "binary-input"
    UNDECODABLE_TEXT = "undecodable-text"
    BAD_SIDECAR = "bad-sidecar"
    BROKEN_PDF = "broken-pdf"
    ENCRYPTED_PDF = "encrypted-pdf"
    NO_TEXT_LAYER = "no-text-layer"
    OCR_UNAVAILABLE = "ocr-unavailable"
    DUPLICATE_OUTPUT = "duplicate-output"
    INPUT_CHANGED = "input-changed"
    OUTPUT_WRITE_FAILED = "output-write-failed"
    TIMEOUT = "timeout"
    WORKER_CRASHED = "worker-crashed"
    OUT_OF_MEMORY = "out-of-memory"
    CONFIG_ERROR = "config-error"
    INTERNAL_ERROR = "internal-error"


class SkipReason(StrEnum):
    """Why a document was not processed: ``reason`` of a skipped record (a language-not-selected
    reason is followed by ``: LANG``)."""

    UNCHANGED = "unchanged"
    LANGUAGE_NOT_SELECTED = "language-not-selected"
    LINK_OUTSIDE_CORPUS = "link-outside-corpus"
    NOT_A_REGULAR_FILE = "not-a-regular-file"


MEANINGS: dict[StrEnum, str] = {
    IssueCode.ENCODING_CP1252: "the text file is not UTF-8; it was read as Windows-1252",
    IssueCode.ENCODING_UTF16: "the text file is UTF-16 (read correctly)",
    IssueCode.INVALID_UTF8: "the text file has invalid UTF-8 bytes, replaced by U+FFFD "
    "(the message counts them)",
    IssueCode.NUL_BYTES: "NUL characters were removed from the text",
    IssueCode.UNREADABLE_PAGE: "a PDF page could not be read; the other pages were",
    IssueCode.PAGE_WITHOUT_TEXT: "a PDF page has no text layer (an image, or blank)",
    IssueCode.PAGE_TOO_COMPLEX: "a PDF page draws more objects than any real page (a "
    "decompression bomb, a garbage content stream): it is not read",
    IssueCode.OCR_NOISE: "the text layer looks like noisy OCR: words may be wrong",
    IssueCode.OCR_SKIPPED: "pages need OCR (scanned, or a garbage text layer) but Tesseract "
    "or its language pack is not installed; they are left as they are",
    IssueCode.OCR_LOW_CONFIDENCE: "the mean word confidence of the OCR pages is low: words may "
    "be wrong",
    IssueCode.TEXT_LAYER_REPLACED: "a garbage text layer, or a scan's noisy OCR layer, was "
    "replaced by the page's OCR reading",
    IssueCode.STACKED_TEXT_DROPPED: "letters printed one under another down a margin (a "
    "vertical ``UNITED NATIONS``) are left out of the lines they cross (the message says what "
    "they spelled)",
    IssueCode.CHART_TEXT_DROPPED: "text drawn inside charts (axis labels, legends, data labels) "
    "is left out of the text; the message counts it",
    IssueCode.TABLE_UNREADABLE: "pdfplumber failed on a page: its tables may be read as text",
    IssueCode.INVALID_CHARACTERS: "the text holds code points that are no characters (lone "
    "surrogate halves, control codes: a PDF's text layer); each was read as U+FFFD (counted in "
    "the message)",
    IssueCode.SIDEWAYS_TEXT_DROPPED: "characters printed sideways (a quarter turn: axis titles, "
    "column heads set upright, margin notes) are left out of the text (counted in the message)",
    IssueCode.SIDEWAYS_PAGE: "most of a page's text is printed sideways (a landscape table or "
    "diagram) and is read as it lies: its lines are likely wrong",
    IssueCode.TEXT_OUTSIDE_PAGE: "characters drawn outside the page's visible area (its crop "
    "box: a layout program's neighbouring pages or pasteboard, cut away) are not read (counted "
    "in the message)",
    IssueCode.PDF_MIRRORED_BRACKETS: "the brackets of the right-to-left lines read turned "
    "outwards (`)…(`) more often than not; they were mirrored back (counts in the message)",
    IssueCode.PDF_TEXT_MAP_REPAIRED: "a font's ToUnicode map contradicted the font's own glyphs "
    "(digits, brackets, ligatures: Word's Arabic PDFs); those characters were read by the glyphs "
    "(the message names the font and the characters)",
    IssueCode.LANGUAGE_UNDETECTED: "too little body text to detect the language",
    IssueCode.LANGUAGE_MISMATCH: "the declared language (file name, sidecar) is not the one the "
    "body reads as; the declared one is kept",
    IssueCode.LANGUAGE_MASTHEAD_MISMATCH: "the masthead's language field disagrees with the "
    "document's language",
    IssueCode.SYMBOL_MISMATCH: "the symbol printed in the masthead is not the declared one",
    IssueCode.DATE_INFERRED: "no date is printed in the front matter: the document's date is the "
    "year of its job number or of its symbol (the message says which)",
    IssueCode.NO_BODY_TEXT: "no paragraph or block was found in the body",
    IssueCode.PARAGRAPH_NUMBERING_GAP: "paragraph numbers skip one or more numbers",
    IssueCode.PARAGRAPH_NUMBER_MISREAD: "a paragraph number read with a look-alike (``24,`` "
    "``{1.`` from OCR) where its sequence expects that number: read as the number expected",
    IssueCode.PARAGRAPH_OUT_OF_ORDER: "a block of prose opens with a number lower than the one "
    "its numbering sequence expects (no restart, no repeat): kept as a block, not a paragraph",
    IssueCode.PARAGRAPH_DUPLICATE_NUMBER: "two paragraphs carry the same number (the second "
    "gets an id suffix `-2`)",
    IssueCode.FOOTNOTE_DUPLICATE_MARKER: "two footnotes carry the same marker",
    IssueCode.FOOTNOTE_MISSING: "a segment calls a footnote that was not found",
    IssueCode.FOOTNOTE_UNCITED: "a footnote is called from no segment",
    IssueCode.FOOTNOTE_ORPHAN_TEXT: "text under a footnote rule continues no footnote",
    IssueCode.DATE_YEAR_UNKNOWN: "a date is printed without its year and none can be defended "
    "(no document date, nor a year in its sentence or reporting period): its `value` is null",
    IssueCode.NOT_UN_DOCUMENT: "the document has no symbol, and no UN masthead or a language "
    "other than the six: it does not look like a United Nations document (it was read as one)",
    IssueCode.CHECK_NUMBERING: "structure check: a sequence of numbered paragraphs does not run "
    "1, 2, 3… (gap, repeat, backward step), or a numbered paragraph is a bare number",
    IssueCode.CHECK_NOTES: "structure check: a footnote is cited nowhere, or a call (marker, "
    "`footnote_refs` id) reaches no note",
    IssueCode.CHECK_IDENTITY: "structure check: the symbol, title, issuing organ or language is "
    "missing, or the title does not read as one",
    IssueCode.CHECK_DATES: "structure check: the document has no complete, plausible date, or a "
    "date mention has an impossible year",
    IssueCode.CHECK_TEXT_LAYER: "structure check: the text read is not the text printed "
    "(unreadable characters, visual-order Arabic, words run together or letter-spaced)",
    IssueCode.CHECK_HEADINGS: "structure check: a heading does not read as a title (no words, a "
    "sentence, a list item) or a labeled heading is out of order (I, II, IV)",
    ErrorCode.MISSING_INPUT: "the input disappeared before it was read",
    ErrorCode.NOT_A_FILE: "the input is a folder or another non-file",
    ErrorCode.UNREADABLE_INPUT: "the input cannot be read (permissions, I/O error)",
    ErrorCode.EMPTY_INPUT: "the input is empty or holds only white space",
    ErrorCode.TOO_LARGE: "the input exceeds `limits.max_bytes` or `limits.max_chars`",
    ErrorCode.TOO_MANY_PAGES: "the PDF exceeds `limits.max_pages`",
    ErrorCode.BINARY_INPUT: "a text input is binary (NUL bytes, no decodable text)",
    ErrorCode.UNDECODABLE_TEXT: "a text input is neither UTF-8, UTF-16 nor Windows-1252",
    ErrorCode.BAD_SIDECAR: "the `.meta.yaml` sidecar is unsafe, too large or invalid",
    ErrorCode.BROKEN_PDF: "the PDF cannot be parsed, or has no pages",
    ErrorCode.ENCRYPTED_PDF: "the PDF is encrypted and needs a password",
    ErrorCode.NO_TEXT_LAYER: "no page of the PDF has a text layer, and no scanned page "
    "was recognised",
    ErrorCode.OCR_UNAVAILABLE: "the PDF's pages are scanned images and Tesseract (or the "
    "language pack they need) is not installed",
    ErrorCode.DUPLICATE_OUTPUT: "an earlier input (in path order) has the same output name",
    ErrorCode.INPUT_CHANGED: "the file changed while it was read (still being written?): its "
    "previous output is kept and the next run reads it again",
    ErrorCode.OUTPUT_WRITE_FAILED: "the output could not be written (disk full, permissions): "
    "the message gives the system's error",
    ErrorCode.TIMEOUT: "the document's worker ran past `time_limit_seconds` and was stopped",
    ErrorCode.WORKER_CRASHED: "the worker process died twice on this document (a crash in a "
    "library, or a library that ran out of the worker's memory)",
    ErrorCode.OUT_OF_MEMORY: "the document needed more than the worker's memory limit "
    "(`memory_per_worker_mb`)",
    ErrorCode.CONFIG_ERROR: "broken language data, or a spaCy model that cannot be loaded",
    ErrorCode.INTERNAL_ERROR: "a bug: the message gives the exception's type and text",
    SkipReason.UNCHANGED: "input, sidecar, pipeline version and settings are those of the last "
    "run, and its output is still there",
    SkipReason.LANGUAGE_NOT_SELECTED: "the document's language is not in `languages`",
    SkipReason.LINK_OUTSIDE_CORPUS: "a symbolic link whose target lies outside the corpus "
    "folder (followed only with `links: anywhere`)",
    SkipReason.NOT_A_REGULAR_FILE: "a name that matches the patterns but is a FIFO, a device "
    "or a socket: never read",
}

_SECTIONS: tuple[tuple[str, type[StrEnum]], ...] = (
    ("Issues (`issues[].code` of a document)", IssueCode),
    ("Errors (`error.code` of a failed document in `_run_summary.json`)", ErrorCode),
    ("Skip reasons (`reason` of a skipped document)", SkipReason),
)


def catalogue_markdown() -> str:
    """The catalogue as the Markdown page ``docs/codes.md``."""
    lines = ["# Codes", "",
             "Generated from `pipeline/codes.py` (`python -m pipeline.codes > docs/codes.md`); "
             "a test keeps this page equal to it.", ""]
    for title, enum in _SECTIONS:
        lines += [f"## {title}", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{code.value}` | {MEANINGS[code]} |" for code in enum]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(catalogue_markdown())
