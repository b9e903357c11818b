"""Reading a response body under a size cap, undoing Content-Encoding as it streams.

We decompress ourselves rather than through httpx so that every decompression step is
given an output limit: a gzip or Brotli bomb (megabytes of zeros in a few bytes) stops at
the cap instead of being inflated in memory first. A coding we cannot undo fails as
UnsupportedEncoding before the body is read; compressed data that is corrupt or cut short
fails as CorruptBody: never a half-decoded document.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli
import httpx

from watcher.errors import BodyTooLarge, CorruptBody, UnsupportedEncoding

ACCEPT_ENCODING = "gzip, deflate, br"  # only what we can decode under a cap

_CORRUPT = (zlib.error, brotli.error)

# Brotli rounds an output limit up to a block of its own (about 32 KB, and growing with the
# limit asked), so it is asked for small steps: what a bomb produces past the cap stays
# within one block.
BROTLI_STEP = 16 * 1024


class _Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """Output for `data`: at least `limit` bytes only when there is at least that much."""

    def flush(self) -> bytes:
        """Output still held back once all input was given."""

    @property
    def complete(self) -> bool:
        """False when the input ended inside the compressed data (an empty input is complete)."""


class _ZlibDecoder:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._head = b""  # deflate: the first two bytes tell zlib-wrapped from raw
        self._fed = False  # an empty body is empty, whatever its Content-Encoding

    def decode(self, data: bytes, limit: int) -> bytes:
        self._fed = self._fed or bool(data)
        if self._inflater is None:
            self._head += data
            if len(self._head) < 2:
                return b""
            data, self._head = self._head, b""
            wrapped = (data[0] & 0x0F) == 8 and int.from_bytes(data[:2], "big") % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        # max_length bounds the output; input beyond it waits in unconsumed_tail, but the
        # caller gives limit = room + 1, so reaching it already means "too large".
        out = self._inflater.decompress(data, limit)
        while self._next_member() and len(out) < limit:
            rest = self._inflater.unused_data
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += self._inflater.decompress(rest, limit - len(out))
        return out

    def _next_member(self) -> bool:
        """True when a gzip member ended and another one follows (trailing junk is ignored)."""
        inflater = self._inflater
        return self._gzip and inflater.eof and inflater.unused_data.startswith(b"\x1f\x8b")

    def flush(self) -> bytes:
        return self._inflater.flush() if self._inflater is not None else b""

    @property
    def complete(self) -> bool:
        return not self._fed or (self._inflater is not None and self._inflater.eof)


class _BrotliDecoder:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()
        self._fed = False

    def decode(self, data: bytes, limit: int) -> bytes:
        self._fed = self._fed or bool(data)
        step = self._decompressor.process
        out = [step(data, output_buffer_limit=min(limit, BROTLI_STEP))]
        size = len(out[0])
        # Output held back by the limit comes out on calls with no new input.
        while size < limit:
            more = step(b"", output_buffer_limit=min(limit - size, BROTLI_STEP))
            if not more:
                break
            out.append(more)
            size += len(more)
        return b"".join(out)

    def flush(self) -> bytes:
        return b""  # decode() already drained what the input gave

    @property
    def complete(self) -> bool:
        return not self._fed or self._decompressor.is_finished()


def _decoders(content_encoding: str | None, url: str) -> list[_Decoder]:
    """Decoders to apply in order (the reverse of the header's list)."""
    names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(gzip=True))
        elif name == "deflate":
            decoders.append(_ZlibDecoder(gzip=False))
        elif name == "br":
            decoders.append(_BrotliDecoder())
        elif name != "identity":
            raise UnsupportedEncoding(url, f"unsupported Content-Encoding {name!r}")
    return decoders


def _declared_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _pipe(decoders: list[_Decoder], data: bytes, room: int, *, final: bool, url: str) -> bytes:
    """Run `data` through every decoder, failing as soon as any output exceeds `room`."""
    for decoder in decoders:
        try:
            data = decoder.decode(data, room + 1)
            if final and len(data) <= room:
                data += decoder.flush()
        except _CORRUPT as exc:
            raise CorruptBody(url, f"corrupt compressed body: {exc}") from exc
        if len(data) > room:
            raise BodyTooLarge(url, "decompressed body exceeds the size cap")
        if final and not decoder.complete:
            raise CorruptBody(url, "the body ends in the middle of its compressed data")
    return data


async def read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The decoded body of a streamed `response`; BodyTooLarge past `max_bytes` raw or decoded.

    UnsupportedEncoding for a Content-Encoding we cannot undo, CorruptBody for compressed
    data that is corrupt or truncated.
    """
    decoders = _decoders(response.headers.get("content-encoding"), url)
    declared = _declared_length(response)
    if declared is not None and declared > max_bytes:
        raise BodyTooLarge(url, f"Content-Length {declared} exceeds the cap of {max_bytes} bytes")
    body = bytearray()
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise BodyTooLarge(url, f"body exceeds the cap of {max_bytes} bytes")
        body += _pipe(decoders, chunk, max_bytes - len(body), final=False, url=url)
    body += _pipe(decoders, b"", max_bytes - len(body), final=True, url=url)
    return bytes(body)
