"""Benchmark of entity extraction: counts by label and source, and speed in words per second.

Usage: .venv/bin/python scripts/bench_ner.py [--corpus DIR] [--unpc DIR] [--show N]

Texts: every ``*.txt`` of the corpus directory and the ``pdftotext`` output of every ``*.pdf``
(language from the file name, ``SYMBOL-LANG``), cut into paragraphs at blank lines; with
``--unpc``, the 1,000 aligned sentences of each language of the UN Parallel Corpus sample.
Words are whitespace-separated tokens (spaCy's jieba tokens for Chinese). Loading the pipelines
is timed apart, then each text is processed once.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.entities import extract_entities
from pipeline.extract.entities.gazetteer import gazetteer
from pipeline.extract.entities.nlp import needs_spacy, nlp_for
from pipeline.extract.segments import SegmentText
from pipeline.languages import LANGUAGES


def paragraphs(text: str) -> list[str]:
    blocks = [" ".join(line.strip() for line in b.splitlines()) for b in text.split("\n\n")]
    return [b.strip() for b in blocks if b.strip()]


def read(path: Path) -> str:
    if path.suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            return ""
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=False)
        # NFKC: Arabic PDFs print presentation forms (U+FExx), which the reader must normalize
        text = done.stdout.decode("utf-8", "replace").replace("\f", "\n\n")
        return unicodedata.normalize("NFKC", text)
    return path.read_text(encoding="utf-8")


def count_words(texts: list[str], lang: str) -> int:
    if lang == "zh":
        return sum(1 for doc in nlp_for("zh").pipe(texts) for t in doc if not t.is_punct)
    return sum(len(t.split()) for t in texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("tests/data/corpus"))
    ap.add_argument("--unpc", type=Path, default=None)
    ap.add_argument("--show", type=int, default=0, help="print N entities per document")
    args = ap.parse_args()

    jobs: list[tuple[str, str, list[str]]] = []
    for path in sorted(args.corpus.glob("*")):
        if path.suffix in (".txt", ".pdf"):
            lang = path.stem.rsplit("-", 1)[-1].lower()
            jobs.append((path.name, lang, paragraphs(read(path))))
    if args.unpc:
        for lang in LANGUAGES:
            lines = (args.unpc / f"unpc-dev.{lang}").read_text(encoding="utf-8").splitlines()
            jobs.append((f"unpc-dev.{lang}", lang, [ln for ln in lines if ln.strip()]))

    t0 = time.perf_counter()
    for lang in sorted({lang for _, lang, _ in jobs if lang in LANGUAGES}):
        gazetteer(lang)
        if needs_spacy(lang):
            nlp_for(lang)
    print(f"loading gazetteers and pipelines: {time.perf_counter() - t0:.2f} s")

    total = Counter[tuple[str, str]]()
    words_all, secs_all = 0, 0.0
    print(f"{'document':34} {'lang':4} {'words':>7} {'s':>6} {'words/s':>8}  entities")
    for name, lang, paras in jobs:
        segs = [SegmentText(f"b{i + 1}", "block", p) for i, p in enumerate(paras)]
        t = time.perf_counter()
        mentions = extract_entities(segs, lang)
        secs = time.perf_counter() - t
        words = count_words(paras, lang)
        words_all += words
        secs_all += secs
        counts = Counter((m.label, m.source) for m in mentions)
        total.update(counts)
        summary = " ".join(f"{lab}/{src[0]}={n}" for (lab, src), n in sorted(counts.items()))
        print(f"{name:34} {lang:4} {words:7d} {secs:6.2f} {words / max(secs, 1e-9):8.0f}  "
              f"{summary}")
        for m in mentions[: args.show]:
            print(f"    {m.segment:5} {m.label:4} {m.source:9} {m.key or '-':22} {m.text}")
    print(f"\nTOTAL {words_all} words in {secs_all:.2f} s: {words_all / secs_all:.0f} words/s")
    for (label, source), n in sorted(total.items()):
        print(f"  {label:4} {source:9} {n:6d}")


if __name__ == "__main__":
    main()
