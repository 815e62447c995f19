"""Unreadable PDFs give a clear per-document error; partial problems give issues."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.errors import DocumentError
from pipeline.ingest import ingest
from pipeline.ingest.pdf import read_pdf
from tests.pdf_factory import encrypted_pdf

CORPUS = Path(__file__).parent / "data" / "corpus"
def _save(pdf: pdfium.PdfDocument) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_password_protected_pdf_is_an_encrypted_pdf_error() -> None:
    with pytest.raises(DocumentError) as err:
        read_pdf(encrypted_pdf("secret"))
    assert err.value.code == "encrypted-pdf"


def test_pdf_with_empty_user_password_is_read() -> None:
    reading = read_pdf(encrypted_pdf(""))
    assert [b.lines for b in reading.blocks] == [["Hello encrypted"]]
    assert reading.pages == 1


@pytest.mark.parametrize("cut", [100, 2000, 60000])
def test_truncated_pdf_is_a_broken_pdf_error(cut: int) -> None:
    data = (CORPUS / "A_RES_70_10-EN.pdf").read_bytes()[:cut]
    with pytest.raises(DocumentError) as err:
        read_pdf(data)
    assert err.value.code == "broken-pdf"


def test_garbage_with_pdf_header_is_a_broken_pdf_error() -> None:
    with pytest.raises(DocumentError) as err:
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert err.value.code == "broken-pdf"


def test_pdf_without_any_text_is_a_no_text_layer_error() -> None:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(612, 792)
    pdf.new_page(612, 792)
    with pytest.raises(DocumentError) as err:
        read_pdf(_save(pdf))
    assert err.value.code == "no-text-layer"


def test_blank_page_in_a_text_pdf_is_an_issue_not_an_error() -> None:
    pdf = pdfium.PdfDocument((CORPUS / "A_RES_70_10-EN.pdf").read_bytes())
    pdf.new_page(612, 792)  # appended as page 3
    reading = read_pdf(_save(pdf))
    assert reading.pages == 3
    assert [(i.code, "page 3" in i.message) for i in reading.issues] == [
        ("page-without-text", True)]
    assert any(b.pages == [1] for b in reading.blocks)


def test_too_many_pages_is_an_error() -> None:
    with pytest.raises(DocumentError) as err:
        read_pdf((CORPUS / "A_RES_70_10-EN.pdf").read_bytes(), max_pages=1)
    assert err.value.code == "too-many-pages"


def test_ingest_of_a_broken_pdf_file_raises_document_error_only(tmp_path: Path) -> None:
    bad = tmp_path / "doc1.pdf"
    bad.write_bytes((CORPUS / "S_2012_197-EN.pdf").read_bytes()[:5000])
    with pytest.raises(DocumentError) as err:
        ingest(bad)
    assert err.value.code == "broken-pdf"
