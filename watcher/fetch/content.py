"""What kind of body a response carries: its media type, and whether it is a document."""

from __future__ import annotations

PDF = "application/pdf"

# Media types we can turn into text. Anything else (images, archives, octet-stream, …) is
# refused before its body is read. PDF is binary: its text is extracted by normalize.
_DOCUMENT_TYPES = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/json",
        PDF,
    }
)

# A NUL byte in the first KB is the classic sign of a binary file (`file`, git and grep use it).
BINARY_SNIFF_BYTES = 1024


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """Split a Content-Type header into (media type in lower case, charset label or None)."""
    if not value:
        return "", None
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").strip() or None
    return media_type.strip().lower(), charset


def is_document_type(media_type: str) -> bool:
    """True when a body of this media type may be text we can read ("" — no header — counts)."""
    if not media_type or media_type.startswith("text/") or media_type in _DOCUMENT_TYPES:
        return True
    return media_type.endswith(("+xml", "+json"))


def is_binary_document(media_type: str) -> bool:
    """True for a document type whose body is bytes, not text to decode (PDF)."""
    return media_type == PDF


def looks_binary(body: bytes) -> bool:
    """True when the start of `body` holds a NUL byte (callers exempt UTF-16/32 text)."""
    return b"\x00" in body[:BINARY_SNIFF_BYTES]
