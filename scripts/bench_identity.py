"""Proof that a speed change changed no output: every document's JSON, byte for byte, against a
copy saved before the change.

Usage: ``.venv/bin/python scripts/bench_identity.py save DIR`` (before the change), then
``.venv/bin/python scripts/bench_identity.py check DIR`` (after). Inputs: ``process_file`` over
``tests/data/corpus`` and ``corpus/`` (PDF and text), the generated hostile corpus
(``tests/hostile_corpus.py``), the PDFs read with pdfplumber's character source, and, when
``/work/shared/unpc-dev`` (or ``--unpc DIR``) exists, every line of the six UN Parallel Corpus
files through ``extract_text``, ``segment_language`` and ``detect_text_language``. ``check``
exits 1 and names every file that differs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.discover import discover  # noqa: E402
from pipeline.emit import to_json  # noqa: E402
from pipeline.errors import DocumentError  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.langdata import LANGUAGES  # noqa: E402
from pipeline.language import detect_text_language, segment_language  # noqa: E402
from pipeline.process import process_file  # noqa: E402


def _documents(paths: list[Path], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in paths:
        try:
            text = to_json(process_file(path).output)
        except DocumentError as exc:
            text = f"DocumentError {exc.code}\n"
        out[f"{prefix}{path.name}.json"] = text
    return out


def _plumber(paths: list[Path]) -> dict[str, str]:
    from pipeline.ingest import ingest
    from pipeline.ingest.pdf import read_pdf
    from pipeline.language import detect_language
    from pipeline.segment import segment

    out: dict[str, str] = {}
    for path in paths:
        if path.suffix.lower() != ".pdf":
            continue
        reading = read_pdf(path.read_bytes(), chars="pdfplumber")
        doc = ingest(path).model_copy(update={"blocks": reading.blocks,
                                              "furniture": reading.furniture,
                                              "issues": reading.issues})
        seg = segment(doc, detect_language(doc))
        out[f"plumber/{path.name}.json"] = seg.model_dump_json(indent=1) + "\n"
    return out


def _unpc(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        src = folder / f"unpc-dev.{lang}"
        if not src.is_file():
            continue
        rows = []
        for line in src.read_text(encoding="utf-8").splitlines():
            rows.append(json.dumps({
                "seg": segment_language(line, lang),
                "det": detect_text_language(line),
                "m": json.loads(extract_text(line, lang).model_dump_json()),
            }, ensure_ascii=False))
        out[f"unpc/{lang}.jsonl"] = "\n".join(rows) + "\n"
    return out


def collect(unpc: Path) -> dict[str, str]:
    from tests.hostile_corpus import build

    dev = discover(ROOT / "tests" / "data" / "corpus")
    out = _documents(dev, "dev/")
    out |= _documents(discover(ROOT / "corpus"), "corpus/")
    # a fixed folder: the outputs record their input's path
    tmp = Path(tempfile.gettempdir()) / "docpipe-identity-hostile"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        build(tmp)
        out |= _documents(sorted(p for p in tmp.iterdir()
                                 if not p.name.endswith(".meta.yaml") and p.is_file()),
                          "hostile/")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out |= _plumber(dev)
    if unpc.is_dir():
        out |= _unpc(unpc)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("dir", type=Path)
    ap.add_argument("--unpc", type=Path, default=Path("/work/shared/unpc-dev"))
    args = ap.parse_args()
    found = collect(args.unpc)
    if args.mode == "save":
        for name, text in found.items():
            path = args.dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"saved {len(found)} files in {args.dir}")
        return 0
    saved = {str(p.relative_to(args.dir)): p.read_text(encoding="utf-8")
             for p in args.dir.rglob("*") if p.is_file()}
    bad = sorted(name for name in saved.keys() | found.keys()
                 if saved.get(name) != found.get(name))
    for name in bad:
        print(f"DIFFERS: {name}")
    print(f"{len(found) - len(bad)} of {len(found)} identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
