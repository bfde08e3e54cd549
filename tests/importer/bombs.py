"""Files built to exhaust memory: a PDF whose one content stream inflates to 1 GiB, and office
files (zip) whose parts unpack to far more than they weigh. Made in the test, byte by byte."""

from __future__ import annotations

import functools
import io
import zipfile
import zlib

GIB = 1 << 30


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@functools.cache
def pdf_bomb(inflated: int = GIB) -> bytes:
    """A one-page PDF of about 1 MB whose page content (spaces) inflates to `inflated` bytes."""
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk))) + packer.flush()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def zip_bomb(parts: dict[str, bytes], big_part: str, inflated: int = GIB) -> bytes:
    """A zip with the given small parts and one part of `inflated` zero bytes (about 1 MB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(big_part, "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def docx_bomb() -> bytes:
    return zip_bomb({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}, "word/document.xml")


def xlsx_bomb() -> bytes:
    return zip_bomb({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}, "xl/worksheets/sheet1.xml")
