"""Golden outputs: the JSON the pipeline gives for a fixed set of real documents, committed.

Every change to how documents are read shows up as a difference against these files, which the
commit that makes it explains. They are written only on purpose, by ``make golden`` (this
module run as a script); ``tests/test_golden.py`` only reads them.

Inputs:
- every document of ``tests/data/corpus`` (the development corpus) and of ``tests/data/wide``
  (varied PDFs of the wider corpus: scans, a verbatim record, tables and charts,
  Arabic and English siblings, publications, meeting reports with their agenda and annexes,
  an agenda's annotations, parts numbered from 1, a budget excerpt), through
  :func:`pipeline.process.process_file`; a document that fails is golden too (its error code
  and message);
- the first 200 lines of the UN Parallel Corpus in each language (``tests/data/unpc``), through
  the ``docpipe extract`` reading of one line (:func:`pipeline.extract.extract_text`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
DOCUMENT_FOLDERS = ("tests/data/corpus", "tests/data/wide")
UNPC = ROOT / "tests" / "data" / "unpc"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def document_inputs() -> list[str]:
    """Input paths relative to the repository root, sorted."""
    out: list[str] = []
    for folder in DOCUMENT_FOLDERS:
        out += sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir()
                      if p.suffix.lower() in (".pdf", ".txt"))
    return out


def golden_path(name: str) -> Path:
    """Where the golden output of an input (``tests/data/wide/X.pdf``) or a UNPC language
    (``unpc/en``) is kept."""
    if name.startswith("unpc/"):
        return GOLDEN / f"{name}.jsonl"
    folder, file = name.rsplit("/", 2)[-2:]
    return GOLDEN / folder / f"{file}.json"


def render_document(rel: str) -> str:
    """The output JSON of one input, or its error, as text (run from the repository root, so
    ``source.path`` is the relative path)."""
    from pipeline.emit import to_json
    from pipeline.errors import DocumentError
    from pipeline.process import process_file

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return to_json(process_file(Path(rel)).output)
    except DocumentError as exc:
        return json.dumps({"error": {"code": exc.code, "message": exc.message}}, indent=2,
                          ensure_ascii=False) + "\n"
    finally:
        os.chdir(cwd)


def render_unpc(lang: str) -> str:
    """One JSON line per UN Parallel Corpus line: the mentions ``docpipe extract`` gives."""
    from pipeline.extract import extract_text

    lines: list[str] = []
    for text in (UNPC / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
        mentions = extract_text(text, lang)
        lines.append(json.dumps(mentions.model_dump(mode="json"), ensure_ascii=False,
                                sort_keys=True))
    return "\n".join(lines) + "\n"


def all_names() -> list[str]:
    return [*document_inputs(), *(f"unpc/{lang}" for lang in LANGUAGES)]


def render(name: str) -> str:
    return render_unpc(name.split("/", 1)[1]) if name.startswith("unpc/") else \
        render_document(name)


def _update(names: list[str]) -> Iterator[tuple[str, str]]:
    for name in names:
        path = golden_path(name)
        text = render(name)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            yield name, "new" if old is None else "changed"


def main(argv: list[str]) -> int:
    """``python -m tests.golden [NAME...]``: rewrite the golden files (all, or those named)."""
    if os.environ.get("CI"):
        print("golden files are never rewritten in CI", file=sys.stderr)
        return 2
    names = argv or all_names()
    unknown = sorted(set(names) - set(all_names()))
    if unknown:
        print(f"unknown golden inputs: {', '.join(unknown)}", file=sys.stderr)
        return 2
    changed = list(_update(names))
    for name, how in changed:
        print(f"{how}: {golden_path(name).relative_to(ROOT)}")
    expected = {golden_path(n) for n in all_names()}
    for stale in sorted(p for p in GOLDEN.rglob("*.json*") if p not in expected):
        if not argv:
            stale.unlink()
            print(f"removed: {stale.relative_to(ROOT)}")
    print(f"{len(changed)} of {len(names)} golden files rewritten")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
