"""PDFs written by hand for tests: plain text pages and encrypted files (no library in the
environment writes or encrypts PDFs with text)."""

from __future__ import annotations

import hashlib
import io

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
    trailer = (b" /Encrypt 5 0 R /ID [<" + doc_id.hex().encode() + b"> <"
               + doc_id.hex().encode() + b">]")
    return _assemble(objects, trailer)


def _assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from its numbered objects (object 1 is the catalog)."""
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
    out.write(b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R"
              + trailer_extra + b" >>\n")
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[list[str]], size: int = 11) -> bytes:
    """A PDF whose page ``i`` prints the lines ``pages[i]`` in Helvetica (Latin-1 text),
    one under the other from the top left."""
    n = len(pages)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font "
                            b"/Subtype /Type1 /BaseFont /Helvetica >>"]
    kids: list[str] = []
    for lines in pages:
        ops = [f"BT /F1 {size} Tf {size + 3} TL 72 740 Td"]
        ops += [f"({_escape(line)}) Tj T*" for line in lines]
        ops.append("ET")
        content = "\n".join(ops).encode("latin-1")
        page_num = len(objects) + 1
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       + str(page_num + 1).encode() + b" 0 R /Resources << /Font << /F1 3 0 R "
                       b">> >> >>")
        objects.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content
                       + b"\nendstream")
        kids.append(f"{page_num} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode()
    return _assemble(objects)


def chinese_pdf(lines: list[str], gap: int = 0, size: int = 12) -> bytes:
    """A one-page PDF printing ``lines`` (any text of the BMP) from mid-page left (below the
    masthead zone of a first page) in the
    non-embedded Adobe-GB1 font STSong-Light (UniGB-UCS2-H: two bytes per character, every
    glyph 1 em wide), with ``gap`` thousandths of an em between characters (a TJ adjustment,
    as a justified Chinese line spreads its characters; pdfium adds a space of its own there)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R "
        b"/DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 "
        b"880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    ops = [f"BT /F1 {size} Tf {size + 6} TL 72 440 Td"]
    for line in lines:
        parts = " ".join(f"<{ord(ch):04X}> -{gap}" for ch in line)
        ops.append(f"[{parts}] TJ T*")
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R "
                   b"/Resources << /Font << /F1 3 0 R >> >> >>")
    objects.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content
                   + b"\nendstream")
    return _assemble(objects)


def placed_pdf(items: list[tuple[float, float, str]], size: int = 10,
               turned: list[tuple[float, float, str]] | None = None) -> bytes:
    """A one-page PDF printing each ``(x, y, text)`` in Helvetica at ``x`` points from the left
    and ``y`` points from the top (Latin-1 text): hand-made layouts such as two columns;
    ``turned`` items are printed a quarter turn left (reading upwards from ``x, y``), as column
    heads set upright."""
    ops = [f"BT /F1 {size} Tf"]
    for x, y, text in items:
        ops.append(f"1 0 0 1 {x:.1f} {792 - y:.1f} Tm ({_escape(text)}) Tj")
    for x, y, text in turned or []:
        ops.append(f"0 1 -1 0 {x:.1f} {792 - y:.1f} Tm ({_escape(text)}) Tj")
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble(objects)


def image_only_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """``pdf``'s pages rendered to images and written as an image-only PDF (no text layer), as
    a scanner would."""
    import io as _io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    out = _io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()
