"""Turning a body's bytes into text: which charset, and the decoding itself."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Browsers look for <meta charset> in the first 1024 bytes; pages in the wild put it later,
# after long <head> comments, so we look a little further.
META_SCAN_BYTES = 4096

# charset_normalizer takes seconds on megabytes, with the event loop blocked; a sample this
# size decides as well in about a tenth of a second.
DETECT_SAMPLE_BYTES = 256 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:+-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:+-]+)""", re.I)

# Byte order marks, longest first (UTF-32-LE starts with the UTF-16-LE mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers (WHATWG Encoding standard) read as a superset, because pages that
# declare them really use the superset (e.g. "iso-8859-1" pages full of cp1252 curly quotes).
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label, widened as browsers do; None when unusable."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    # Python also registers bytes-to-bytes codecs ("zlib", "hex", "rot13") under this lookup;
    # UTF-7 is a known XSS vector that browsers refuse.
    if not getattr(info, "_is_text_encoding", True) or info.name == "utf-7":
        return None
    return _SUPERSETS.get(info.name, info.name)


def bom_codec(body: bytes) -> tuple[str, int] | None:
    """(codec, length of the mark) when `body` starts with a Unicode byte order mark."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def is_wide_unicode(codec: str | None) -> bool:
    """True for UTF-16/32, whose text is full of NUL bytes."""
    return codec is not None and codec.startswith(("utf-16", "utf-32"))


def declared_in_markup(body: bytes) -> str | None:
    """The codec named by an XML declaration or a <meta> tag at the start of `body`."""
    head = body[:META_SCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = codec_name(match.group(1).decode("ascii"))
    if is_wide_unicode(codec):
        return "utf-8"  # the WHATWG rule: the tag was readable as ASCII, so it is not UTF-16
    return codec


def detect(body: bytes) -> str | None:
    """Guess the codec of undeclared bytes: UTF-8 if valid, else ask charset_normalizer."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    sample = body[:DETECT_SAMPLE_BYTES]
    if len(body) > DETECT_SAMPLE_BYTES:
        # end the sample on an ASCII byte, not inside a multi-byte character
        end = max(sample.rfind(b"\n"), sample.rfind(b">"), sample.rfind(b" "))
        sample = sample[: end + 1] if end > 0 else sample
    best = charset_normalizer.from_bytes(sample).best()
    return codec_name(best.encoding) if best is not None else None


def decode_body(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode `body` to text; return (text, Python codec name used).

    The charset is the first of:

    1. a byte order mark (browsers let it override everything, and so do we);
    2. the `charset` parameter of the Content-Type header;
    3. an XML declaration or a `<meta charset>` / `<meta http-equiv="Content-Type">` tag
       in the first `META_SCAN_BYTES` bytes (found by a bytes-level regex);
    4. detection: strict UTF-8 if the bytes are valid UTF-8, else `charset_normalizer`;
    5. UTF-8.

    Labels are widened to the superset browsers use (iso-8859-1 → cp1252, …) and unknown
    labels are skipped. Decoding never fails: undecodable bytes become U+FFFD.
    """
    bom = bom_codec(body)
    if bom is not None:
        codec, skip = bom
        return body[skip:].decode(codec, errors="replace"), codec
    codec = codec_name(header_charset) or declared_in_markup(body) or detect(body) or "utf-8"
    return body.decode(codec, errors="replace"), codec
