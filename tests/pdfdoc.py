"""A minimal, valid PDF written by hand, with real text, for tests (no PDF writer needed).

    make_pdf([["Terms of Service", "", "We do not sell your data."], ["Page two."]])

Each page is a list of lines drawn top-down in Helvetica; an empty line leaves a gap
(pypdf reads it as a blank line). The cross-reference table's offsets are computed, so
the file is one a strict reader accepts.
"""

from __future__ import annotations

LINE_HEIGHT = 16  # points between two baselines; a gap of two of them reads as a blank line


def _escape(text: str) -> bytes:  # a PDF string in WinAnsiEncoding
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def _content(lines: list[str]) -> bytes:
    ops = [b"BT", b"/F1 12 Tf", b"%d TL" % LINE_HEIGHT, b"72 720 Td"]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*" if line else b"T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(pages: list[list[str]]) -> bytes:
    """The bytes of a PDF whose pages show `pages`' lines."""
    n = len(pages)
    font = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
    ]
    for i, lines in enumerate(pages):
        stream = _content(lines)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
