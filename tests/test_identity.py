"""Identity of a document: file name convention, sidecar YAML (wins), masthead, langdetect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import DocumentError
from pipeline.ingest.identity import document_hints, hints_from_name
from pipeline.process import process_file

ROOT = Path(__file__).resolve().parent.parent
PRST = ROOT / "corpus" / "S_PRST_2007_24-EN.txt"
FR = ROOT / "corpus" / "A_63_261-FR.txt"


@pytest.mark.parametrize(("name", "symbol", "lang"), [
    ("A_63_261-FR.txt", "A/63/261", "fr"),
    ("S_PRST_2007_24-EN.txt", "S/PRST/2007/24", "en"),
    ("A_HRC_WG.6_7_ITA_1-EN.pdf", "A/HRC/WG.6/7/ITA/1", "en"),
    ("E_ESCWA_30_8-AR.pdf", "E/ESCWA/30/8", "ar"),
    ("report.txt", None, None),
    ("A_63_261-XX.txt", None, None),
])
def test_name_convention(name: str, symbol: str | None, lang: str | None) -> None:
    hints = hints_from_name(Path(name))
    assert (hints.symbol, hints.language) == (symbol, lang)


def test_masthead_gives_identity_to_an_anonymous_file(tmp_path: Path) -> None:
    doc = tmp_path / "doc1.txt"
    shutil.copy(PRST, doc)
    out = process_file(doc).output
    assert out.document.symbol == "S/PRST/2007/24"  # from the running header of page 1
    assert out.document.language == "en"  # detected


def test_sidecar_wins(tmp_path: Path) -> None:
    doc = tmp_path / "A_63_261-FR.txt"
    shutil.copy(FR, doc)
    (tmp_path / "A_63_261-FR.txt.meta.yaml").write_text(
        "document:\n  symbol: A/63/261/Rev.1\n  title: Mon titre\n  session: 64\n",
        encoding="utf-8")
    out = process_file(doc).output
    assert out.document.symbol == "A/63/261/Rev.1"
    assert out.document.title == "Mon titre"
    assert out.document.session == 64
    assert out.document.date == "2008-08-11"  # not in the sidecar: from the masthead


@pytest.mark.parametrize("content", [
    "document: !!python/object/apply:os.system ['echo hi']\n",
    "a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "document: [1, 2\n",
    "document:\n  session: sixty\n",
])
def test_bad_sidecar_is_a_document_error(tmp_path: Path, content: str) -> None:
    doc = tmp_path / "A_63_261-FR.txt"
    shutil.copy(FR, doc)
    (tmp_path / "A_63_261-FR.txt.meta.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        process_file(doc)
    assert err.value.code == "bad-sidecar"


def test_declared_language_disagreeing_with_the_body_is_an_issue(tmp_path: Path) -> None:
    doc = tmp_path / "A_63_261-EN.txt"  # the name says English, the text is French
    shutil.copy(FR, doc)
    out = process_file(doc).output
    assert out.document.language == "en"  # the declaration is kept …
    assert "language-mismatch" in [i.code for i in out.issues]  # … and the conflict reported
    # … but the masthead is read in the body's language: `11 août 2008`, `Distr. générale`
    assert out.document.date == "2008-08-11"
    assert out.document.distribution == "general"


def test_hints_without_sidecar(tmp_path: Path) -> None:
    doc = tmp_path / "E_ESCWA_30_8-AR.txt"
    doc.write_text("x", encoding="utf-8")
    hints = document_hints(doc)
    assert (hints.symbol, hints.language, hints.sidecar) == ("E/ESCWA/30/8", "ar", {})
