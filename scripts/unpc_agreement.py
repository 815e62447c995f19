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

A line agrees (``strict``) when its multiset equals the English line's. It agrees as a set
(``set``) when the two lines name the same distinct things: the same distinct date values; the
same distinct resolution numbers (``2118`` and ``2118 (2013)`` are one number, a translation that
prints the year the English line omits), with no organ or symbol that both lines know and that
differ. The agreement of a language is the share of agreeing lines among the lines where the
English line or that language's line has at least one key (lines where neither has any say
nothing about agreement and are not counted).
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


def _core(key: Key) -> tuple[object, str]:
    return key[0], str(key[2]).split(" (")[0].removeprefix("S/RES/").removeprefix("A/RES/")


def same_set(kind: str, a: Counter[Key], b: Counter[Key]) -> bool:
    if kind == "dates":
        return set(a) == set(b)
    cores_a = {_core(k): k for k in a}
    cores_b = {_core(k): k for k in b}
    if set(cores_a) != set(cores_b):
        return False
    for core, ka in cores_a.items():
        kb = cores_b[core]
        if ka[1] and kb[1] and ka[1] != kb[1]:
            return False  # both name an organ, not the same
        sym_a, sym_b = ka[2] if "/" in str(ka[2]) and not str(ka[2])[0].isdigit() else None, \
            kb[2] if "/" in str(kb[2]) and not str(kb[2])[0].isdigit() else None
        if sym_a and sym_b and sym_a != sym_b:
            return False
    return True


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
    print(f"{'lang':5} {'kind':12} {'lines':>6} {'strict':>7} {'set':>7}")
    for lang in LANGS:
        got = [read(t, lang) for t in lines[lang][:n]]
        for kind in ("resolutions", "dates"):
            counted = agree = agree_set = 0
            for i in range(n):
                a, b = en[i][kind], got[i][kind]
                if not a and not b:
                    continue
                counted += 1
                agree += a == b
                agree_set += same_set(kind, a, b)
                if a != b and args.show == lang:
                    print(f"  [{i + 1}] {kind} en={sorted(a.elements(), key=str)} "
                          f"{lang}={sorted(b.elements(), key=str)}\n"
                          f"      en: {lines['en'][i][:200]}\n"
                          f"      {lang}: {lines[lang][i][:200]}")
            strict = agree / counted if counted else 1.0
            loose = agree_set / counted if counted else 1.0
            print(f"{lang:5} {kind:12} {counted:6d} {strict:7.3f} {loose:7.3f}")


if __name__ == "__main__":
    main()
