"""What kind of body a response carries: its media type, whether it is a document, and
whether bytes served as text really are text.

A label is a server's claim. Bytes served as text are refused (NotADocument) when they
start with the magic number of a binary format, hold NUL bytes near their start (unless
they are UTF-16/32), or, once decoded, hold more than a few percent of characters that no
text uses: control characters, private-use or unassigned code points. U+FFFD is not one of
them: it is what a wrong charset label makes of a real page (a Shift_JIS page labelled
UTF-8 is mostly U+FFFD), and a wrong label is no reason to stop watching a page.
"""

from __future__ import annotations

import re
import unicodedata

from watcher.errors import NotADocument
from watcher.fetch.charset import bom_codec, codec_name, decode_body, is_wide_unicode

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

# Decoded text is judged on its start: enough characters for a share to mean something.
TEXT_SNIFF_CHARS = 16 * 1024

# Random bytes (compressed, encrypted, media) give about one unreadable character in ten
# whatever the charset they are decoded with: a C0 control for one byte in eight, or, as
# UTF-16, private-use and unassigned code points. Text has next to none, even under a
# wrong label; a stray control character or an icon-font glyph stays far below this.
UNREADABLE_SHARE = 0.05

# Magic numbers of binary formats that servers are known to send as text/html (a PDF or
# an image behind a misconfigured handler, a pre-compressed file without its
# Content-Encoding). Each holds a byte no text starts with, but PDF's and GIF's, which are
# distinctive enough.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b\x08", "gzip data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "WebAssembly"),
)

# C0 and C1 control characters but the whitespace ones (tab, LF, VT, FF, CR) and ESC
# (ISO-2022 text and terminal colours use it).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")  # every code point below is assigned, none private


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


def binary_signature(body: bytes) -> str | None:
    """The binary format `body` starts with the magic number of ("a PNG image"), or None."""
    return next((name for magic, name in _SIGNATURES if body.startswith(magic)), None)


def unreadable_share(text: str) -> float:
    """The share of the start of `text` that no text uses (see UNREADABLE_SHARE)."""
    sample = text[:TEXT_SNIFF_CHARS]
    if not sample:
        return 0.0
    bad = len(_CONTROL.findall(sample))
    bad += sum(1 for ch in _BEYOND_LATIN1.findall(sample) if _meaningless(ch))
    return bad / len(sample)


def read_text(url: str, body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode a body served as text: (text, codec); NotADocument when it is binary after all."""
    signature = binary_signature(body)
    if signature is not None:
        raise NotADocument(url, f"the body is {signature}, not text")
    if looks_binary(body) and not _wide_text(body, header_charset):
        raise NotADocument(url, "the body looks binary (NUL bytes near its start)")
    text, codec = decode_body(body, header_charset)
    share = unreadable_share(text)
    if share > UNREADABLE_SHARE:
        raise NotADocument(
            url,
            f"the body does not read as text: {share:.0%} of its first characters, decoded as "
            f"{codec}, are control, private-use or unassigned characters",
        )
    return text, codec


def _wide_text(body: bytes, header_charset: str | None) -> bool:
    """True for UTF-16/32 text (by its BOM or header), whose NUL bytes are not a binary sign."""
    bom = bom_codec(body)
    return is_wide_unicode(bom[0] if bom else codec_name(header_charset))


def _meaningless(ch: str) -> bool:
    """Private use, a lone surrogate, or unassigned in the Basic Multilingual Plane (newer
    emoji, beyond it, may be unassigned in this Python's Unicode database)."""
    category = unicodedata.category(ch)
    return category in ("Co", "Cs") or (category == "Cn" and ch <= "\uffff")
