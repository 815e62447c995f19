"""Agreement of resolution/decision references and dates with the English line, on the UN
Parallel Corpus sample (``../shared/unpc-dev``: 1,000 line-aligned sentences × 6 languages).

Usage: ``.venv/bin/python scripts/unpc_agreement.py [DIR] [--show LANG] [--limit N]``.

Each line is read as a one-block document (``pipeline.extract.snippet_document``) in its language,
for references and dates only.
Per line and kind, the mentions are reduced to a multiset of keys:

- ``resolutions``: every ``resolution`` and ``decision`` reference, keyed by
  ``(kind, organ, symbol or number)``;
- ``dates``: every date mention, keyed by its value (``None`` when the year could not be
  defended: the mention's issue, not a partial value).

A line agrees when its multiset equals the English line's. The agreement of a language is the
share of agreeing lines among the lines where the English line or that language's line has at
least one key (lines where neither has any say nothing about agreement and are not counted).
``--show LANG`` prints the disagreeing lines of LANG (English keys, then LANG's).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract, snippet_document
from pipeline.models import Mentions

LANGS = ("ar", "es", "fr", "ru", "zh")
Key = tuple[object, ...]


def keys(m: Mentions) -> dict[str, Counter[Key]]:
    res: Counter[Key] = Counter()
    for r in m.references:
        if r.kind in ("resolution", "decision"):
            organ = getattr(r, "organ", None)
            res[(r.kind, organ, r.symbol or r.number)] += 1
    dates: Counter[Key] = Counter((d.value,) for d in m.dates)
    return {"resolutions": res, "dates": dates}


def read(text: str, lang: str) -> dict[str, Counter[Key]]:
    return keys(extract(snippet_document(text, lang), lang, kinds=("references", "dates")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="/work/shared/unpc-dev")
    ap.add_argument("--show", default=None)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    folder = Path(args.folder)
    lines = {lang: (folder / f"unpc-dev.{lang}").read_text(encoding="utf-8").split("\n")
             for lang in ("en", *LANGS)}
    n = len(lines["en"]) if not args.limit else args.limit
    en = [read(t, "en") for t in lines["en"][:n]]
    print(f"{'lang':5} {'kind':12} {'agree':>6} {'lines':>6} {'share':>7}")
    for lang in LANGS:
        got = [read(t, lang) for t in lines[lang][:n]]
        for kind in ("resolutions", "dates"):
            counted = agree = 0
            for i in range(n):
                a, b = en[i][kind], got[i][kind]
                if not a and not b:
                    continue
                counted += 1
                if a == b:
                    agree += 1
                elif args.show == lang:
                    print(f"  [{i + 1}] {kind} en={sorted(a.elements(), key=str)} "
                          f"{lang}={sorted(b.elements(), key=str)}\n"
                          f"      en: {lines['en'][i][:200]}\n"
                          f"      {lang}: {lines[lang][i][:200]}")
            share = agree / counted if counted else 1.0
            print(f"{lang:5} {kind:12} {agree:6d} {counted:6d} {share:7.3f}")


if __name__ == "__main__":
    main()
