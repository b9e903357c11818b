"""Reading a response body under a size cap, undoing Content-Encoding as it streams.

We decompress ourselves rather than through httpx so that every decompression step is
given an output limit: a gzip bomb (megabytes of zeros in a few KB) stops at the cap
instead of being inflated in memory first.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import httpx

from watcher.errors import BodyTooLarge, NotADocument

try:  # optional: only decoded when a server sends br unasked (we never advertise it)
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

# Brotli can only be capped through `max_output_length`, added with `can_accept_more_data`.
_BROTLI_CAPPED = brotli is not None and hasattr(brotli.Decompressor, "can_accept_more_data")
_CORRUPT: tuple[type[Exception], ...] = (zlib.error,) + ((brotli.error,) if brotli else ())

ACCEPT_ENCODING = "gzip, deflate"  # only what we can decode under a cap


class _Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """Output for `data`, at most `limit` bytes (more only for identity)."""

    def flush(self) -> bytes:
        """Output still held back once all input was given."""


class _ZlibDecoder:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._head = b""  # deflate: the first two bytes tell zlib-wrapped from raw

    def decode(self, data: bytes, limit: int) -> bytes:
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


class _BrotliDecoder:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes, limit: int) -> bytes:
        return self._decompressor.process(data, max_output_length=limit)

    def flush(self) -> bytes:
        return b""


def _decoders(content_encoding: str | None, url: str) -> list[_Decoder]:
    """Decoders to apply in order (the reverse of the header's list)."""
    names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(gzip=True))
        elif name == "deflate":
            decoders.append(_ZlibDecoder(gzip=False))
        elif name == "br" and _BROTLI_CAPPED:
            decoders.append(_BrotliDecoder())
        elif name != "identity":
            raise NotADocument(url, f"unsupported Content-Encoding {name!r}")
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
            if final:
                data += decoder.flush()
        except _CORRUPT as exc:
            raise NotADocument(url, f"corrupt compressed body: {exc}") from exc
        if len(data) > room:
            raise BodyTooLarge(url, "decompressed body exceeds the size cap")
    return data


async def read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The decoded body of a streamed `response`; BodyTooLarge past `max_bytes` raw or decoded."""
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
