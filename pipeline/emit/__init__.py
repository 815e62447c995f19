"""Emit stage: segmented document + mentions → :class:`DocumentOutput`, written atomically."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from pydantic_core import PydanticSerializationError

from pipeline.check import check_document
from pipeline.models import DocumentOutput, Issue, Mentions, SegmentedDocument, doc_id_of
from pipeline.text.printable import printable

# kept in a slug: letters and digits of every script, `.`, `_`, `(`, `)`, `-`
_UNSAFE = re.compile(r"[^\w.()\-]")
MAX_SLUG_BYTES = 120


def build_output(doc: SegmentedDocument, mentions: Mentions) -> DocumentOutput:
    """Compose the output document.

    In: the segmented document and its mentions. Out: the full JSON model.
    Holds: issues of all stages in stage order, then the structure checks' (:mod:`pipeline.check`:
    one ``check-*`` issue per failed check); lists in reading order.
    """
    out = DocumentOutput(
        doc_id=doc_id_of(doc.document.symbol, doc.document.language, doc.source.sha256),
        source=doc.source,
        document=doc.document,
        toc=doc.toc,
        front=doc.front,
        headings=doc.headings,
        paragraphs=doc.paragraphs,
        blocks=doc.blocks,
        footnotes=doc.footnotes,
        tables=doc.tables,
        parts=doc.parts,
        furniture=doc.furniture,
        symbols=mentions.symbols,
        references=mentions.references,
        dates=mentions.dates,
        entities=mentions.entities,
        issues=[*doc.issues, *mentions.issues],
    )
    out.issues.extend(check_document(out))
    return out


def slug_for(symbol: str | None, fallback_stem: str) -> str:
    """``A/63/261`` → ``A_63_261``; ``S/RES/2803 (2025)`` → ``S_RES_2803(2025)``; without a
    symbol, the input's stem in its own script (``报告``, ``доклад``).

    Holds: the slug is one safe file-name component (no separator, no leading dot or
    underscore, no ``..``), letters and digits of every script kept, at most
    :data:`MAX_SLUG_BYTES` bytes of UTF-8 (a longer stem is cut and gets a short hash of the
    whole stem, so two long names stay apart); a symbol that cannot give one falls back to the
    input's stem, made safe the same way.
    """
    for candidate, is_symbol in ((symbol, True), (fallback_stem, False)):
        if not candidate:
            continue
        slug = _UNSAFE.sub("_", printable(candidate).replace("/", "_").replace(" ", ""))
        # no `..`; no leading dot (hidden) or underscore (the pipeline's own `_index.json`, …)
        slug = re.sub(r"\.{2,}", "_", slug).lstrip("._")
        if not slug:
            continue
        if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
            return slug
        if is_symbol:
            continue
        digest = hashlib.sha256(printable(candidate).encode("utf-8")).hexdigest()[:10]
        cut = slug.encode("utf-8")[:MAX_SLUG_BYTES - len(digest) - 1].decode("utf-8", "ignore")
        return f"{cut.rstrip('._-')}-{digest}"
    return "document"


def output_name(out: DocumentOutput) -> str:
    """``<slug>.<lang>.json`` as the output contract names it (``und`` for unknown language)."""
    stem = Path(out.source.path).stem
    lang = out.document.language or "und"
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        lang = "und"
    return f"{slug_for(out.document.symbol, stem)}.{lang}.json"


def to_json(out: DocumentOutput) -> str:
    """Deterministic JSON text (same input and version → same bytes). A lone surrogate half
    that reached the output (no reader lets one through) is written as U+FFFD and counted in an
    ``invalid-characters`` issue, never a failure of the writer."""
    try:
        return out.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        count = 0

        def clean(value: object) -> object:
            nonlocal count
            if isinstance(value, str):
                fixed, n = _SURROGATE.subn("\ufffd", value)
                count += n
                return fixed
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        data = clean(out.model_dump(mode="python"))
        fixed = DocumentOutput.model_validate(data)
        fixed.issues.append(Issue(code="invalid-characters", message=f"{count} lone surrogate "
                                  "half(s) in the text, written as U+FFFD"))
        return fixed.model_dump_json(indent=2) + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename, so a
    reader (or a crash) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are for other users too
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMPORARY = re.compile(r"^\..+\.[^.]+\.tmp$")  # what write_atomic leaves if killed mid-write


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete the temporary files that a run killed during :func:`write_atomic` left in
    ``out_dir`` and in its own subfolders (``_siblings/``; never anything else); returns what
    was removed. Call it when no other run writes to ``out_dir`` (hold its lock)."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    folders = [out_dir, *sorted(p for p in out_dir.iterdir()
                                if p.is_dir() and not p.is_symlink() and p.name.startswith("_"))]
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.is_symlink() and _TEMPORARY.match(path.name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_output(out: DocumentOutput, out_dir: Path) -> Path:
    """Write one document's JSON into ``out_dir``; returns its path (always inside ``out_dir``)."""
    out_dir = out_dir.resolve()
    target = (out_dir / output_name(out)).resolve()
    if target.parent != out_dir:
        raise ValueError(f"refusing to write outside {out_dir}: {target}")
    write_atomic(target, to_json(out))
    return target
