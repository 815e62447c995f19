"""Unreadable PDFs give a clear per-document error; partial problems give issues."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.errors import DocumentError
from pipeline.ingest import ingest
from pipeline.ingest.pdf import read_pdf

CORPUS = Path(__file__).parent / "data" / "corpus"
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: str, text: str = "Hello encrypted") -> bytes:
    """A one-page PDF encrypted with the standard security handler, revision 2 (RC4 40-bit),
    written by hand: no library in the environment can encrypt."""
    user = (user_password.encode("latin-1") + _PAD)[:32]
    owner = (b"owner-secret" + _PAD)[:32]
    o_value = _rc4(hashlib.md5(owner).digest()[:5], user)
    perms = -4
    doc_id = hashlib.md5(b"docpipe-test").digest()
    key = hashlib.md5(user + o_value + perms.to_bytes(4, "little", signed=True)
                      + doc_id).digest()[:5]
    u_value = _rc4(key, _PAD)

    def obj_key(num: int) -> bytes:
        salt = num.to_bytes(3, "little") + (0).to_bytes(2, "little")
        return hashlib.md5(key + salt).digest()[:10]

    content = f"BT /F1 24 Tf 72 700 Td ({text}) Tj ET".encode("latin-1")
    stream = _rc4(obj_key(4), content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <"
        + u_value.hex().encode() + b"> /P " + str(perms).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(b"trailer\n<< /Size " + str(len(objects) + 1).encode()
              + b" /Root 1 0 R /Encrypt 5 0 R /ID [<" + doc_id.hex().encode() + b"> <"
              + doc_id.hex().encode() + b">] >>\n")
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


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
