"""An adversarial corpus, generated: each entry is a file (and maybe a sidecar) with the outcome a
batch must give it. Only the hand-written PDF factory and one real UN text are used as material.
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from tests.pdf_factory import encrypted_pdf, text_pdf

ROOT = Path(__file__).resolve().parent.parent
GOOD_TEXT = (ROOT / "corpus" / "S_PRST_2007_24-EN.txt").read_bytes()
FRENCH = ("Assemblée générale. Le Conseil de sécurité a examiné la question à sa séance du "
          "14 juillet 2008 et a prié le Secrétaire général de lui présenter un rapport détaillé "
          "sur l'application de la résolution. ") * 6


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the corpus folder
    status: str  # "ok" or "failed"
    code: str | None = None  # error code when failed
    issue: str | None = None  # an issue code the output must carry when ok


def _blank_pdf() -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(612, 792)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _broken_xref(data: bytes) -> bytes:
    i = data.rindex(b"startxref")
    return data[:i] + b"startxref\n99999\n%%EOF\n"


def build(folder: Path) -> list[Case]:
    """Write the adversarial corpus into ``folder``; returns what each file must give."""
    rng = random.Random(20261124)
    good_pdf = text_pdf([["United Nations", "1. The Council met and adopted a statement on "
                          "14 July 2008.", "2. It will meet again."]])
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n  \r\n",
        "zero.pdf": b"",
        "truncated.pdf": good_pdf[: len(good_pdf) // 2],
        "broken-xref.pdf": _broken_xref(good_pdf),
        "encrypted-secret.pdf": encrypted_pdf("secret"),
        "encrypted-empty.pdf": encrypted_pdf("", "United Nations General Assembly"),
        "scanned.pdf": _blank_pdf(),
        "random.pdf": b"%PDF-1.7\n" + rng.randbytes(20_000),
        "random.txt": rng.randbytes(20_000),
        "utf16.txt": FRENCH.encode("utf-16"),
        "cp1252.txt": FRENCH.replace("'", "’").encode("cp1252"),
        "latin1.txt": FRENCH.encode("latin-1"),
        "nul-bytes.txt": FRENCH.encode() + b"\x00\x00" + FRENCH.encode(),
        "invalid-utf8.txt": FRENCH.encode() + b"\xff\xfe\xfa" + FRENCH.encode(),
        "german.txt": ("Die Generalversammlung hat in ihrer Sitzung den Bericht des "
                       "Generalsekretärs über die Tätigkeit der Organisation geprüft und "
                       "beschlossen, die Frage weiter zu behandeln. ").encode() * 5,
        "recipe.txt": (b"Pancakes\n\nMix two cups of flour with a cup of milk, two eggs and a "
                       b"pinch of salt. Fry in a hot pan until golden on both sides.\n"),
        "A_.._.._etc-EN.txt": GOOD_TEXT,
        "sidecar-traversal.txt": GOOD_TEXT,
        "sidecar-absolute.txt": GOOD_TEXT,
        "sidecar-dotdot.txt": GOOD_TEXT,
        "sidecar-python-tag.txt": GOOD_TEXT,
        "sidecar-alias-bomb.txt": GOOD_TEXT,
        "good.txt": GOOD_TEXT,
        "good.pdf": good_pdf,
    }
    sidecars = {
        "sidecar-traversal.txt": "document:\n  symbol: ../../etc\n",
        "sidecar-absolute.txt": "document:\n  symbol: /etc/passwd\n",
        "sidecar-dotdot.txt": "document:\n  symbol: A/../../x\n",
        "sidecar-python-tag.txt": "document: !!python/object/apply:os.system ['touch /tmp/x']\n",
        "sidecar-alias-bomb.txt": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
                                  "c: &c [*b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c]\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    for name, text in sidecars.items():
        (folder / f"{name}.meta.yaml").write_text(text, encoding="utf-8")
    loop = folder / "loop"
    os.symlink(folder, loop)  # a symlink loop inside the corpus
    return [
        Case("empty.txt", "failed", "empty-input"),
        Case("whitespace.txt", "failed", "empty-input"),
        Case("zero.pdf", "failed", "empty-input"),
        Case("truncated.pdf", "failed", "broken-pdf"),
        Case("broken-xref.pdf", "ok"),  # pdfium rebuilds the cross-reference table
        Case("encrypted-secret.pdf", "failed", "encrypted-pdf"),
        Case("encrypted-empty.pdf", "ok"),
        Case("scanned.pdf", "failed", "no-text-layer"),
        Case("random.pdf", "failed", "broken-pdf"),
        Case("random.txt", "failed", "undecodable-text"),
        Case("utf16.txt", "ok", issue="encoding-utf16"),
        Case("cp1252.txt", "ok", issue="encoding-cp1252"),
        Case("latin1.txt", "ok", issue="encoding-cp1252"),
        Case("nul-bytes.txt", "ok", issue="nul-bytes"),
        Case("invalid-utf8.txt", "ok", issue="invalid-utf8"),
        Case("german.txt", "ok"),
        Case("recipe.txt", "ok"),
        Case("A_.._.._etc-EN.txt", "ok"),
        Case("sidecar-traversal.txt", "ok"),
        Case("sidecar-absolute.txt", "ok"),
        Case("sidecar-dotdot.txt", "ok"),
        Case("sidecar-python-tag.txt", "failed", "bad-sidecar"),
        Case("sidecar-alias-bomb.txt", "failed", "bad-sidecar"),
        Case("good.txt", "ok"),
        Case("good.pdf", "ok"),
    ]
