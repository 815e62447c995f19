"""Text reader: bytes of a text file → blocks, as PDF-to-text converters leave them.

Two shapes are read:
- blank-line separated blocks, one paragraph per block (A_63_261-FR.txt), with light markup
  (``*emphasis*``, ``<i>…</i>``, ``1^{er}``, ``<http://…>``) resolved to plain characters;
- pdftotext output: lines wrapped at the page width, paragraphs not separated by blank lines,
  pages separated by form feeds (S_PRST_2007_24-EN.txt). Such a block is cut into paragraphs
  where a line ends short of the measure.

Page furniture (job numbers, barcodes, page numbers, a running header repeated at the top of
pages) is set aside as :class:`Furniture`.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter

from pipeline.errors import DocumentError
from pipeline.ingest.furniture import furniture_kind
from pipeline.ingest.reading import Reading
from pipeline.models import Furniture, Issue, RawBlock

_MARKUP_STEPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),  # <http://…> autolinks
    (re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span)(?:\s[^<>]*)?>", re.I), ""),  # inline tags
    (re.compile(r"\^\{([^{}\n]{1,12})\}"), r"\1"),  # 1^{er}
    # *emphasis*: an asterisk glued to the following word opens, one glued to the preceding
    # word closes; footnote asterisks (`général**`, `* A/63/150`) are left alone.
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
)
_PRESENTATION_FORMS = re.compile("[\ufb1d-\ufdff\ufe70-\ufeff]")
# the control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) except the tab
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def resolve_markup(line: str) -> str:
    """Resolve light markup to the plain characters it stands for."""
    for pattern, repl in _MARKUP_STEPS:
        line = pattern.sub(repl, line)
    return line


def normalize_line(line: str) -> str:
    """NFC, Arabic presentation forms folded to base letters, no control characters except tab."""
    line = unicodedata.normalize("NFC", line)
    line = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), line)
    return _CONTROLS.sub("", line)


def decode(data: bytes) -> tuple[str, list[Issue]]:
    """Bytes → text. UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; text that is
    not UTF-8 is read as Windows-1252 and reported, never silently garbled."""
    issues: list[Issue] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), [Issue(code="encoding-utf16", severity="info",
                                                 message="input decoded as UTF-16 (BOM)")]
        except UnicodeDecodeError as exc:
            raise DocumentError("undecodable-text", f"UTF-16 BOM but invalid: {exc}") from exc
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if sum(ch.isprintable() or ch.isspace() for ch in text) > 0.95 * len(text):
                return text, [Issue(code="encoding-utf16", severity="info",
                                    message=f"input decoded as {enc} (no BOM)")]
        raise DocumentError("binary-input", "the file is binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), issues
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken bytes (a truncated or spliced file): keep the text, mark the bad
    # bytes with U+FFFD and say how many there were. Reading it as Windows-1252 would garble
    # every accented letter of the valid part.
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd")
    if bad <= max(3, len(replaced) // 1000) and _valid_utf8_multibyte(data):
        issues.append(Issue(code="invalid-utf8",
                            message=f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"))
        return replaced, issues
    # Not UTF-8. Windows-1252 covers Latin-1's printable range; bytes it leaves undefined
    # (0x81, 0x8D, 0x8F, 0x90, 0x9D) mean the input is no text encoding we know.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError("undecodable-text", "neither UTF-8 nor Windows-1252") from exc
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * len(text.strip() or "x"):
        raise DocumentError("binary-input", "the file does not decode to text")
    issues.append(Issue(code="encoding-cp1252", message="input is not UTF-8; read as Windows-1252"))
    return text, issues


def _valid_utf8_multibyte(data: bytes) -> bool:
    """Does the file contain well-formed UTF-8 multi-byte sequences (so it is UTF-8 text with some
    damage), or only single bytes above 0x7F (a legacy 8-bit encoding)?"""
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data) is not None


def _measure(lines: list[str]) -> float:
    """Typical full-line width of wrapped text (0 when lines are not wrapped)."""
    widths = sorted(len(x) for x in lines if len(x) > 30)
    if len(widths) < 5:
        return 0.0
    return float(statistics.quantiles(widths, n=10)[7])  # 80th percentile


_FOOTNOTE_START = re.compile(r"^\s*(?:\*{1,4}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+\S")
_NUMBERED_START = re.compile(r"^\s*\d{1,3}\.\s+\S")
_LABEL_ONLY = re.compile(r"^\s*(?:\d{1,4}|[A-Z]|[IVXL]{1,6})\.\s*$")


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.:;!?»”\"')\]]\s*$", line))


def _cut_wrapped(lines: list[str], measure: float) -> list[list[str]]:
    """Cut a block of wrapped lines into paragraphs at lines that end short of the measure."""
    if measure <= 0 or len(lines) < 2:
        return [lines]
    parts: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else ""
        if parts[-1] and (
            _LABEL_ONLY.match(line)  # a paragraph number or heading label on its own line
            or _FOOTNOTE_START.match(line)  # a footnote under the body text of its page
            or (_NUMBERED_START.match(line) and (len(prev) < 0.9 * measure
                                                 or _ends_sentence(prev)))
        ):
            parts.append([])
        parts[-1].append(line)
        if i == len(lines) - 1:
            break
        short = len(line) < 0.6 * measure
        ends = _ends_sentence(line) and len(line) < 0.9 * measure
        nxt = lines[i + 1].lstrip()
        opens_quote = bool(re.match(r"[“«\"]", nxt))
        # a title line: ends early on a capitalized word and the next line starts a sentence
        title = (len(line) < 0.7 * measure and bool(re.search(r"\b[A-ZÀ-Ý]\w*$", line))
                 and nxt[:1].isupper())
        if short or ends or title or (opens_quote and _ends_sentence(line)):
            parts.append([])
    return [p for p in parts if p]


def _page_furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of several pages (running headers and footers)."""
    if len(pages) < 2:
        return set()
    edge: Counter[str] = Counter()
    for lines in pages:
        content = [x.strip() for x in lines if x.strip()]
        edge.update(set(content[:2] + content[-2:]))
    return {line for line, n in edge.items() if n >= 2 and len(line) < 60}


def read_text(data: bytes) -> Reading:
    """Read a text file.

    In: raw bytes. Out: body and footnote blocks in reading order, furniture, decoding issues,
    page count (when form feeds mark pages, else None).
    Holds: every line is NFC-normalized with markup resolved; raises DocumentError only for
    input that is not text.
    """
    text, issues = decode(data)
    if "\x00" in text:
        issues.append(Issue(code="nul-bytes", message="NUL characters removed from the input"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_pages = text.split("\f")
    raw_lines = [p.split("\n") for p in raw_pages]
    page_lines = [[normalize_line(resolve_markup(x)) for x in p] for p in raw_lines]
    has_pages = len(raw_pages) > 1
    repeated = _page_furniture(page_lines) if has_pages else set()
    measure = _measure([x for p in page_lines for x in p])
    blocks: list[RawBlock] = []
    furniture: list[Furniture] = []
    for index, lines in enumerate(page_lines):
        page = index + 1 if has_pages else None
        pages = [page] if page else []
        first_on_page = True
        current: list[str] = []
        for raw, line in zip([*raw_lines[index], ""], [*lines, ""], strict=True):
            stripped = line.strip()
            kind = furniture_kind(raw.strip()) if stripped else None
            if stripped and (kind or stripped in repeated):
                furniture.append(Furniture(page=page, text=raw.strip() if kind else stripped,
                                           kind=kind or "running"))
                stripped = ""
            if stripped:
                current.append(line.rstrip())
                continue
            if not current:
                continue
            for part in _cut_wrapped(current, measure):
                blocks.append(RawBlock(lines=part, pages=pages,
                                       page_break_before=has_pages and first_on_page))
                first_on_page = False
            current = []
    return Reading(blocks=blocks, pages=len(raw_pages) if has_pages else None,
                   furniture=furniture, issues=issues)
