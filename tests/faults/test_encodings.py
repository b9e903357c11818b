"""Hostile bodies: encodings we cannot undo, corrupt or explosive compressed data, and binary
bytes labelled as text. Each one is served by a real HTTP server on 127.0.0.1 and must end
as a typed FetchError (never a TypeError, never a stored version); real pages in odd
charsets must still read as text.
"""

from __future__ import annotations

import asyncio
import codecs
import gzip
import random
import time
import tracemalloc
import zlib

import brotli
import pytest
from httpserver import HTTPTestServer, Reply
from test_pipeline import Workspace, page

from watcher.db import CheckRow, VersionRow
from watcher.errors import (
    BodyTooLarge,
    CorruptBody,
    FetchError,
    NotADocument,
    UnsupportedEncoding,
)
from watcher.fetch import Fetcher
from watcher.models import FetchResult, FetchSettings

MB = 1024 * 1024
SETTINGS = FetchSettings(user_agent="watcher-test/1.0", timeout=2.0, max_bytes=MB, retries=2)
TEXT = "<p>Nous n’utilisons pas vos données pour entraîner nos modèles.</p>\n" * 50


def fetch(url: str) -> FetchResult:
    async def go() -> FetchResult:
        async def no_sleep(_: float) -> None:
            return None

        async with Fetcher(SETTINGS, sleep=no_sleep) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def refused(server: HTTPTestServer, reply: Reply, error: type[FetchError]) -> FetchError:
    """Serve `reply`, fetch it, and return the error it raised (asserting its type)."""
    server.route("/doc", reply)
    with pytest.raises(error) as caught:
        fetch(server.url("/doc"))
    assert len(server.requests) == 1  # a hostile body is not retried
    return caught.value


def random_bytes(size: int, *, seed: int = 7, nul: bool = False) -> bytes:
    """Bytes as random as compressed or encrypted data; without NUL unless asked."""
    rng = random.Random(seed)
    low = 0 if nul else 1
    return bytes(rng.randrange(low, 256) for _ in range(size))


# --- Content-Encoding: br ------------------------------------------------------------


def test_br_is_advertised(http_server: HTTPTestServer) -> None:
    http_server.route("/doc", Reply(body="ok"))
    fetch(http_server.url("/doc"))
    accepted = http_server.requests[0].header("accept-encoding") or ""
    assert {e.strip() for e in accepted.split(",")} == {"gzip", "deflate", "br"}


@pytest.mark.parametrize("chunk_size", [7, 64 * 1024])
def test_br_is_decoded(http_server: HTTPTestServer, chunk_size: int) -> None:
    body = brotli.compress(TEXT.encode())
    reply = Reply(body=body, chunk_size=chunk_size, headers={"Content-Encoding": "br"})
    http_server.route("/doc", reply)
    result = fetch(http_server.url("/doc"))
    assert result.text == TEXT and result.charset == "utf-8"


def test_br_stacked_with_gzip(http_server: HTTPTestServer) -> None:
    body = gzip.compress(brotli.compress(TEXT.encode()))
    http_server.route("/doc", Reply(body=body, headers={"Content-Encoding": "br, gzip"}))
    assert fetch(http_server.url("/doc")).text == TEXT


def test_a_brotli_bomb_stops_at_the_cap(http_server: HTTPTestServer) -> None:
    bomb = brotli.compress(bytes(64 * MB), quality=11)  # 64 MB of zeros
    assert len(bomb) < 1000
    tracemalloc.start()
    try:
        started = time.monotonic()
        refused(http_server, Reply(body=bomb, headers={"Content-Encoding": "br"}), BodyTooLarge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 4 * MB  # the cap is 1 MB; inflating the bomb would take 64 MB


def test_a_brotli_bomb_inside_gzip_stops_at_the_cap(http_server: HTTPTestServer) -> None:
    bomb = gzip.compress(brotli.compress(bytes(64 * MB), quality=11))
    reply = Reply(body=bomb, headers={"Content-Encoding": "br, gzip"})
    refused(http_server, reply, BodyTooLarge)


# --- encodings we cannot undo, corrupt compressed data ---------------------------------------


@pytest.mark.parametrize(
    "encoding",
    [
        "zstd",
        "compress",
        "x-compress",
        "sdch",
        "no-such-coding",
        "gzip, compress",  # stacked: the outer one is fine, the inner one is not
        "br, zstd",
        "gzip;q=1",
    ],
)
def test_an_encoding_we_cannot_undo_is_refused(http_server: HTTPTestServer, encoding: str) -> None:
    reply = Reply(body=gzip.compress(TEXT.encode()), headers={"Content-Encoding": encoding})
    error = refused(http_server, reply, UnsupportedEncoding)
    assert error.kind == "encoding" and isinstance(error, NotADocument)


def _corrupt_gzip_crc() -> bytes:
    data = bytearray(gzip.compress(TEXT.encode()))
    data[-8] ^= 0xFF  # the CRC-32 of the uncompressed data
    return bytes(data)


CORRUPT = {
    "gzip-garbage": ("gzip", b"\x1f\x8bnot gzip at all"),
    "gzip-plain-html": ("gzip", TEXT.encode()),  # labelled gzip, sent as is
    "gzip-truncated": ("gzip", gzip.compress(TEXT.encode())[:-30]),
    "gzip-bad-crc": ("gzip", _corrupt_gzip_crc()),
    "deflate-garbage": ("deflate", b"\x78\x9c\xff\xff\xff garbage"),
    "deflate-truncated": ("deflate", zlib.compress(TEXT.encode())[:-20]),
    "deflate-one-byte": ("deflate", b"\x78"),
    "br-garbage": ("br", b"\xff\xff\xff\xff brotli? no"),
    "br-truncated": ("br", brotli.compress(TEXT.encode())[:-10]),
    "br-plain-html": ("br", TEXT.encode()),
    "stacked-inner-corrupt": ("deflate, gzip", gzip.compress(b"not deflate data")),
}


@pytest.mark.parametrize("name", CORRUPT)
def test_corrupt_compressed_data_is_refused(http_server: HTTPTestServer, name: str) -> None:
    encoding, body = CORRUPT[name]
    reply = Reply(body=body, headers={"Content-Encoding": encoding})
    error = refused(http_server, reply, CorruptBody)
    assert error.kind == "corrupt_body" and isinstance(error, NotADocument)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_an_empty_body_with_an_encoding_is_empty(http_server: HTTPTestServer, encoding) -> None:
    http_server.route("/doc", Reply(body=b"", headers={"Content-Encoding": encoding}))
    assert fetch(http_server.url("/doc")).body == b""


# --- binary bytes labelled as text -----------------------------------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random_bytes(4000)


BINARY_AS_TEXT = {
    # Random bytes (compressed or encrypted data) with no NUL in the first KB, which is all
    # the old test looked at.
    "random-as-utf8": (random_bytes(8000), "text/html; charset=utf-8"),
    "random-undeclared": (random_bytes(8000), "text/html"),
    "random-as-windows-1252": (random_bytes(8000), "text/html; charset=windows-1252"),
    "random-as-shift-jis": (random_bytes(8000), "text/html; charset=Shift_JIS"),
    "random-as-koi8-r": (random_bytes(8000), "text/plain; charset=koi8-r"),
    # A UTF-16 label (or mark) excused NUL bytes: random bytes passed whatever they held.
    "random-with-nul-as-utf16": (random_bytes(8000, nul=True), "text/html; charset=utf-16"),
    "random-after-utf16-bom": (codecs.BOM_UTF16_LE + random_bytes(8000, nul=True), "text/html"),
    "random-after-utf8-bom": (codecs.BOM_UTF8 + random_bytes(8000), "text/html"),
    # Known formats by their magic numbers, whatever follows.
    "pdf-as-html": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "text/html"),
    "png-as-html": (_png(), "text/html; charset=utf-8"),
    "png-as-utf16": (_png(), "text/html; charset=utf-16"),
    "zip-as-html": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + random_bytes(2000), "text/html"),
    "gzip-without-its-header": (gzip.compress(TEXT.encode()), "text/html; charset=utf-8"),
    "jpeg-as-plain-text": (b"\xff\xd8\xff\xe0" + random_bytes(3000), "text/plain"),
    "no-content-type": (random_bytes(8000), None),
}


@pytest.mark.parametrize("name", BINARY_AS_TEXT)
def test_binary_labelled_as_text_is_not_a_document(http_server: HTTPTestServer, name) -> None:
    body, content_type = BINARY_AS_TEXT[name]
    error = refused(http_server, Reply(body=body, content_type=content_type), NotADocument)
    assert type(error) is NotADocument and error.kind == "not_a_document"


JAPANESE = (
    "<html><head><title>利用規約</title></head><body><h1>利用規約</h1>"
    "<p>当社は、お客様の個人情報を人工知能の学習に使用しません。</p></body></html>\n"
) * 20
FRENCH = "<p>Les données ne sont pas utilisées pour entraîner nos modèles d’IA.</p>\n" * 40

TEXT_IN_ODD_FORMS = {
    "windows-1252": (FRENCH.encode("cp1252"), "text/html; charset=windows-1252", FRENCH),
    "shift-jis": (JAPANESE.encode("shift_jis"), "text/html; charset=Shift_JIS", JAPANESE),
    "shift-jis-undeclared": (JAPANESE.encode("shift_jis"), "text/html", JAPANESE),
    "euc-jp-in-meta": (
        b'<meta charset="euc-jp">' + JAPANESE.encode("euc-jp"),
        "text/html",
        '<meta charset="euc-jp">' + JAPANESE,
    ),
    "utf-16-with-bom": (codecs.BOM_UTF16_LE + JAPANESE.encode("utf-16-le"), "text/html", JAPANESE),
    "utf-16-be-labelled": (FRENCH.encode("utf-16-be"), "text/html; charset=utf-16be", FRENCH),
    "utf-8-bom": (codecs.BOM_UTF8 + FRENCH.encode(), "text/html", FRENCH),
    # A few stray control characters (pasted from a word processor) and icon-font glyphs
    # from the Private Use Area do not make a page binary.
    "stray-controls": (
        ("<p>Section\x0b1</p>\x0c" + FRENCH + "<i>\uf099</i>\x1a").encode(),
        "text/html; charset=utf-8",
        "<p>Section\x0b1</p>\x0c" + FRENCH + "<i>\uf099</i>\x1a",
    ),
}


@pytest.mark.parametrize("name", TEXT_IN_ODD_FORMS)
def test_real_pages_in_odd_charsets_are_documents(http_server: HTTPTestServer, name) -> None:
    body, content_type, text = TEXT_IN_ODD_FORMS[name]
    http_server.route("/doc", Reply(body=body, content_type=content_type))
    assert fetch(http_server.url("/doc")).text == text


def test_a_page_under_the_wrong_charset_label_is_garbled_text_not_binary(
    http_server: HTTPTestServer,
) -> None:
    # A Shift_JIS page labelled UTF-8 decodes to mostly U+FFFD, as in a browser; that is a
    # wrong label on a real page, not binary data, so it is still read.
    body = JAPANESE.encode("shift_jis")
    http_server.route("/doc", Reply(body=body, content_type="text/html; charset=utf-8"))
    text = fetch(http_server.url("/doc")).text
    assert "\ufffd" in text and "<title>" in text


def test_a_pdf_served_as_a_pdf_stays_a_document(http_server: HTTPTestServer) -> None:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random_bytes(4000, nul=True)
    http_server.route("/doc", Reply(body=body, content_type="application/pdf"))
    result = fetch(http_server.url("/doc"))
    assert (result.content_type, result.body, result.text) == ("application/pdf", body, "")


# --- a whole check: one hostile watch fails, the other is still checked ----------------------


HOSTILE = {
    "brotli-bomb": (
        Reply(body=brotli.compress(bytes(64 * MB)), headers={"Content-Encoding": "br"}),
        "too_large",
    ),
    "compress": (Reply(body=b"\x1f\x9d\x90", headers={"Content-Encoding": "compress"}), "encoding"),
    "corrupt-br": (
        Reply(body=b"\xff\xff\xff\xff", headers={"Content-Encoding": "br"}),
        "corrupt_body",
    ),
    "random-as-html": (
        Reply(body=random_bytes(8000), content_type="text/html; charset=utf-8"),
        "not_a_document",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_body_fails_its_check_and_the_other_watch_is_checked(
    database_url, tmp_path, http_server: HTTPTestServer, capsys, name: str
) -> None:
    reply, kind = HOSTILE[name]
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    ws.write()
    ws.config.write_text(
        ws.config.read_text()
        + f"""
[[watch]]
name = "Hostile"
url = "{http_server.url("/hostile")}"
"""
    )
    http_server.route("/terms", Reply(body=page()))
    http_server.route("/hostile", reply)
    rc, out, _ = ws.run("check")
    assert rc == 0, out
    checks = {c.watch_id: c for c in ws.rows(CheckRow)}
    assert checks["hostile"].outcome == "error" and checks["hostile"].error_kind == kind
    assert checks["hostile"].version_id is None
    assert checks["example-terms"].outcome == "new_version"
    assert len(ws.rows(VersionRow)) == 1
