"""The fetch stage, against a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

from __future__ import annotations

import asyncio
import codecs
import gzip
import random
import time
import tracemalloc
import zlib
from collections.abc import Coroutine
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import brotli
import httpx
import pytest
from httpserver import HTTPTestServer, Reply, Request, closed_port_url, repeat

from watcher import __version__
from watcher.errors import (
    BodyTooLarge,
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotADocument,
    TooManyRedirects,
)
from watcher.fetch import DEFAULT_USER_AGENT, Fetcher
from watcher.fetch.charset import decode_body
from watcher.fetch.content import is_document_type, parse_content_type
from watcher.fetch.retry import backoff_delay, parse_retry_after, retry_delay
from watcher.models import FetchResult, FetchSettings, Validators

T = TypeVar("T")
MB = 1024 * 1024

# Short limits so that failures come fast; `backoff` is only recorded, never slept.
SETTINGS = FetchSettings(
    user_agent="test-agent/1.0 (+https://example.org/bot)",
    timeout=0.5,
    connect_timeout=0.5,
    max_bytes=1 * MB,
    max_redirects=3,
    retries=2,
    backoff=1.0,
    max_retry_after=60.0,
)


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers the delays and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def fetch(
    url: str,
    settings: FetchSettings = SETTINGS,
    validators: Validators | None = None,
    sleep: RecordingSleep | None = None,
    **kwargs: Any,
) -> FetchResult:
    """One fetch with a fresh Fetcher (seeded jitter, recorded sleeps)."""

    async def go() -> FetchResult:
        fake_sleep = sleep if sleep is not None else RecordingSleep()
        async with Fetcher(settings, sleep=fake_sleep, rng=random.Random(7)) as fetcher:
            return await fetcher.fetch(url, validators, **kwargs)

    return run(go())


# --- success, charset --------------------------------------------------------------


def test_200_decodes_with_the_header_charset(http_server: HTTPTestServer) -> None:
    body = "<html><p>Conditions générales : 20 €</p></html>".encode("iso-8859-15")
    http_server.route(
        "/terms",
        Reply(
            body=body,
            content_type="text/html; charset=ISO-8859-15",
            headers={"ETag": '"abc"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
        ),
    )
    result = fetch(http_server.url("/terms"))
    assert result.status == 200
    assert not result.not_modified
    assert result.body == body
    assert "Conditions générales : 20 €" in result.text
    assert result.charset == "iso8859-15"
    assert result.content_type == "text/html"
    assert result.url == result.final_url == http_server.url("/terms")
    assert result.validators == Validators('"abc"', "Mon, 01 Jan 2024 00:00:00 GMT")
    assert result.attempts == 1
    assert 0 < result.elapsed < SETTINGS.timeout


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=iso-8859-1>",  # read as its superset, windows-1252, as browsers do
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    ],
)
def test_charset_from_meta(http_server: HTTPTestServer, meta: bytes) -> None:
    body = b"<html><head>" + meta + b"</head><p>Users\x92 data \x96 \xe9t\xe9</p></html>"
    http_server.route("/", Reply(body=body, content_type="text/html"))
    result = fetch(http_server.url("/"))
    assert result.charset == "cp1252"
    assert "Users’ data – été" in result.text


def test_header_charset_wins_over_meta(http_server: HTTPTestServer) -> None:
    body = '<meta charset="windows-1252"><p>Überall</p>'.encode()
    http_server.route("/", Reply(body=body, content_type="text/html; charset=utf-8"))
    assert "Überall" in fetch(http_server.url("/")).text


# Pure decoding cases: (body, header charset, expected codec, expected text).
DECODE_CASES = [
    pytest.param(b"\xef\xbb\xbfhello", None, "utf-8", "hello", id="utf8-bom-stripped"),
    pytest.param(
        codecs.BOM_UTF16_LE + "hé".encode("utf-16-le"),
        "iso-8859-1",
        "utf-16-le",
        "hé",
        id="bom-beats-header",
    ),
    pytest.param("naïve".encode(), None, "utf-8", "naïve", id="undeclared-utf8"),
    pytest.param(b"plain ascii", None, "utf-8", "plain ascii", id="ascii-is-utf8"),
    pytest.param(
        '<?xml version="1.0" encoding="ISO-8859-1"?><a>d\xe9j\xe0</a>'.encode("latin-1"),
        None,
        "cp1252",
        '<?xml version="1.0" encoding="ISO-8859-1"?><a>déjà</a>',
        id="xml-declaration",
    ),
    pytest.param(b"abc", "no-such-charset", "utf-8", "abc", id="unknown-label-skipped"),
    pytest.param(b"abc", "zlib", "utf-8", "abc", id="bytes-codec-refused"),
    pytest.param(
        b'<meta charset="utf-16"><p>x</p>',
        None,
        "utf-8",
        '<meta charset="utf-16"><p>x</p>',
        id="meta-cannot-claim-utf16",
    ),
]


@pytest.mark.parametrize(("body", "header", "codec", "text"), DECODE_CASES)
def test_decode_body(body: bytes, header: str | None, codec: str, text: str) -> None:
    assert decode_body(body, header) == (text, codec)


def test_undeclared_legacy_text_is_detected() -> None:
    body = (
        "Les données des utilisateurs ne sont pas utilisées pour entraîner nos modèles "
        "d’intelligence artificielle, sauf accord préalable et exprès de l’utilisateur. "
    ).encode("cp1252") * 5
    text, codec = decode_body(body, None)
    assert codec != "utf-8"
    assert "données" in text and "entraîner" in text


def test_undecodable_bytes_never_fail() -> None:
    text, codec = decode_body(b"ok \xff\xfe\xfd", "utf-8")
    assert codec == "utf-8" and text.startswith("ok ") and "\ufffd" in text


# --- conditional GET ---------------------------------------------------------------


def test_conditional_get_round_trip(http_server: HTTPTestServer) -> None:
    last_modified = "Tue, 02 Jan 2024 10:00:00 GMT"

    def terms(request: Request) -> Reply:
        if request.header("If-None-Match") == '"v1"':
            return Reply(status=304, content_type=None)  # does not repeat the validators
        return Reply(body="<p>v1</p>", headers={"ETag": '"v1"', "Last-Modified": last_modified})

    http_server.route("/terms", terms)
    first = fetch(http_server.url("/terms"))
    assert first.status == 200 and first.validators == Validators('"v1"', last_modified)

    second = fetch(http_server.url("/terms"), validators=first.validators)
    assert second.not_modified
    assert (second.status, second.body, second.text) == (304, b"", "")
    assert second.validators == first.validators  # kept from before
    sent = http_server.requests_to("/terms")[-1]
    assert sent.header("If-Modified-Since") == last_modified
    assert http_server.requests_to("/terms")[0].header("If-None-Match") is None


def test_304_may_bring_new_validators(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=304, headers={"ETag": '"v2"'}, content_type=None))
    result = fetch(http_server.url("/"), validators=Validators('"v1"', "yesterday"))
    assert result.validators == Validators('"v2"', "yesterday")


# --- retries -----------------------------------------------------------------------


def test_503_then_200_is_retried(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=503), Reply(body="<p>back</p>"))
    sleep = RecordingSleep()
    result = fetch(http_server.url("/"), sleep=sleep)
    assert (result.status, result.attempts, result.text) == (200, 2, "<p>back</p>")
    assert len(sleep.delays) == 1 and 0.5 <= sleep.delays[0] < 1.5  # backoff 1.0, jittered


def test_429_with_retry_after_zero_then_200(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=429, headers={"Retry-After": "0"}), Reply(body="ok"))
    sleep = RecordingSleep()
    result = fetch(http_server.url("/"), replace(SETTINGS, backoff=0.01), sleep=sleep)
    assert result.attempts == 2
    assert sleep.delays and sleep.delays[0] < 0.02


def test_retry_after_is_honoured(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=503, headers={"Retry-After": "7"}), Reply(body="ok"))
    sleep = RecordingSleep()
    assert fetch(http_server.url("/"), sleep=sleep).attempts == 2
    assert sleep.delays == [7.0]


def test_retry_after_too_long_fails_at_once(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=429, headers={"Retry-After": "3600"}))
    sleep = RecordingSleep()
    with pytest.raises(HTTPStatusError) as caught:
        fetch(http_server.url("/"), sleep=sleep)
    assert (caught.value.status, caught.value.retry_after) == (429, 3600.0)
    assert caught.value.transient
    assert sleep.delays == [] and len(http_server.requests) == 1


def test_404_is_not_retried(http_server: HTTPTestServer) -> None:
    sleep = RecordingSleep()
    with pytest.raises(HTTPStatusError) as caught:
        fetch(http_server.url("/missing"), sleep=sleep)
    assert caught.value.status == 404 and caught.value.kind == "http_status"
    assert not caught.value.transient
    assert sleep.delays == [] and len(http_server.requests) == 1


def test_5xx_retries_run_out_with_doubling_backoff(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=500))
    sleep = RecordingSleep()
    with pytest.raises(HTTPStatusError) as caught:
        fetch(http_server.url("/"), sleep=sleep)
    assert caught.value.status == 500
    assert len(http_server.requests) == SETTINGS.retries + 1
    first, second = sleep.delays
    assert 0.5 <= first < 1.5 and 1.0 <= second < 3.0


def test_retry_after_parsing() -> None:
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(None, None, now) is None
    assert parse_retry_after(" 120 ", None, now) == 120.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:01:30 GMT", None, now) == 90.0
    # measured against the server's Date header when there is one
    date = "Mon, 01 Jan 2024 13:00:00 GMT"
    assert parse_retry_after("Mon, 01 Jan 2024 13:00:10 GMT", date, now) == 10.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", None, now) == 0.0
    assert parse_retry_after("soon", None, now) is None
    assert parse_retry_after("-5", None, now) is None


def test_backoff_doubles_with_bounded_jitter() -> None:
    rng = random.Random(1)
    for retry in (1, 2, 3):
        nominal = SETTINGS.backoff * 2 ** (retry - 1)
        delays = [backoff_delay(SETTINGS, retry, rng) for _ in range(200)]
        assert all(0.5 * nominal <= d < 1.5 * nominal for d in delays)
        assert len(set(delays)) > 1
    assert retry_delay(SETTINGS, NotADocument("u", "x"), 1, rng) is None
    assert retry_delay(SETTINGS, FetchTimeout("u", "x"), SETTINGS.retries + 1, rng) is None


# --- connection failures and timeouts ----------------------------------------------


def test_connection_reset_is_retried_then_fails(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(abort="reset"))
    sleep = RecordingSleep()
    with pytest.raises(FetchConnectionError) as caught:
        fetch(http_server.url("/"), sleep=sleep)
    assert caught.value.kind == "connection" and caught.value.transient
    assert len(http_server.requests) == SETTINGS.retries + 1
    assert len(sleep.delays) == SETTINGS.retries


def test_connection_reset_mid_body(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(body=b"x" * 100_000, chunk_size=10_000, reset_after=30_000))
    with pytest.raises(FetchConnectionError):
        fetch(http_server.url("/"), replace(SETTINGS, retries=0))


def test_closed_without_answer(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(abort="close"), Reply(body="ok"))
    assert fetch(http_server.url("/")).attempts == 2


def test_connection_refused() -> None:
    sleep = RecordingSleep()
    with pytest.raises(FetchConnectionError) as caught:
        fetch(closed_port_url(), sleep=sleep)
    assert "refused" in caught.value.detail
    assert len(sleep.delays) == SETTINGS.retries


def test_a_server_that_never_answers_times_out(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(delay=30))
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(http_server.url("/"), replace(SETTINGS, retries=1))
    assert caught.value.kind == "timeout"
    assert len(http_server.requests) == 2
    assert time.monotonic() - started < 3


def test_a_slow_drip_body_hits_the_total_timeout(http_server: HTTPTestServer) -> None:
    # Every byte comes well within the read timeout; only the total bounds the attempt.
    http_server.route("/", Reply(body=b"x" * 100, chunk_size=1, chunk_delay=0.05))
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(http_server.url("/"), replace(SETTINGS, retries=0))
    assert time.monotonic() - started < 2


# --- size caps and decompression ---------------------------------------------------


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_a_body_over_the_cap_is_refused(http_server: HTTPTestServer, framing: str) -> None:
    http_server.route("/", Reply(stream=repeat(b"a" * 65536, 20 * MB), framing=framing))
    with pytest.raises(BodyTooLarge) as caught:
        fetch(http_server.url("/"), replace(SETTINGS, max_bytes=10 * MB, timeout=5))
    assert caught.value.kind == "too_large"
    assert len(http_server.requests) == 1  # not retried


def test_an_announced_length_over_the_cap_fails_before_reading(
    http_server: HTTPTestServer,
) -> None:
    # The body would drip for ever: only refusing on Content-Length can fail this fast.
    http_server.route("/", Reply(stream=repeat(b"a", 20 * MB), length=20 * MB, chunk_delay=1.0))
    with pytest.raises(BodyTooLarge):
        fetch(http_server.url("/"), replace(SETTINGS, max_bytes=10 * MB))


def test_a_body_at_the_cap_is_fine(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(body=b"a" * MB, content_type="text/plain"))
    assert len(fetch(http_server.url("/")).body) == MB


def test_a_gzip_bomb_is_stopped_without_inflating_it(http_server: HTTPTestServer) -> None:
    bomb = gzip.compress(bytes(10 * MB), compresslevel=9)  # 10 MB of zeros
    assert len(bomb) < 50_000
    http_server.route("/", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(BodyTooLarge):
            fetch(http_server.url("/"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 4 * MB  # the cap is 1 MB; inflating the bomb would take 10 MB


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 says
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw, as some servers send
        ("gzip", lambda b: gzip.compress(b[:10]) + gzip.compress(b[10:])),  # two members
        ("br", brotli.compress),
        ("identity", lambda b: b),
    ],
)
def test_content_encodings_are_undone(http_server: HTTPTestServer, encoding: str, compress) -> None:
    text = "<p>Nous n’utilisons pas vos données pour entraîner nos modèles.</p>" * 50
    body = compress(text.encode())
    http_server.route("/", Reply(body=body, chunk_size=7, headers={"Content-Encoding": encoding}))
    result = fetch(http_server.url("/"))
    assert result.text == text and result.charset == "utf-8"


def test_stacked_encodings(http_server: HTTPTestServer) -> None:
    body = gzip.compress(zlib.compress(b"<p>twice</p>"))
    http_server.route("/", Reply(body=body, headers={"Content-Encoding": "deflate, gzip"}))
    assert fetch(http_server.url("/")).text == "<p>twice</p>"


def test_corrupt_or_unknown_encodings(http_server: HTTPTestServer) -> None:
    http_server.route("/bad", Reply(body=b"\x1f\x8bnot gzip", headers={"Content-Encoding": "gzip"}))
    http_server.route(
        "/zstd", Reply(body=b"\x28\xb5\x2f\xfd", headers={"Content-Encoding": "zstd"})
    )
    with pytest.raises(NotADocument):
        fetch(http_server.url("/bad"))
    with pytest.raises(NotADocument):
        fetch(http_server.url("/zstd"))
    assert len(http_server.requests) == 2  # neither retried


# --- redirects ---------------------------------------------------------------------


def test_a_redirect_chain_within_the_limit(http_server: HTTPTestServer) -> None:
    http_server.route("/old", Reply(status=301, headers={"Location": "/middle"}))
    http_server.route("/middle", Reply(status=302, headers={"Location": "/new?lang=fr"}))
    http_server.route("/new", Reply(body="<p>here</p>"))
    result = fetch(http_server.url("/old"))
    assert result.url == http_server.url("/old")
    assert result.final_url == http_server.url("/new?lang=fr")
    assert result.text == "<p>here</p>"


def test_a_redirect_loop(http_server: HTTPTestServer) -> None:
    http_server.route("/a", Reply(status=302, headers={"Location": "/b"}))
    http_server.route("/b", Reply(status=302, headers={"Location": "/a"}))
    with pytest.raises(TooManyRedirects) as caught:
        fetch(http_server.url("/a"), replace(SETTINGS, max_redirects=10))
    assert caught.value.kind == "redirects"
    assert len(http_server.requests) == 2  # spotted as a loop, not run to the limit


def test_too_many_redirects(http_server: HTTPTestServer) -> None:
    for n in range(5):
        http_server.route(f"/{n}", Reply(status=307, headers={"Location": f"/{n + 1}"}))
    http_server.route("/5", Reply(body="end"))
    with pytest.raises(TooManyRedirects):
        fetch(http_server.url("/0"), replace(SETTINGS, max_redirects=4))
    assert fetch(http_server.url("/0"), replace(SETTINGS, max_redirects=5)).text == "end"


def test_a_cookie_set_on_a_redirect_is_sent_on_the_next_hop(http_server: HTTPTestServer) -> None:
    def consent(request: Request) -> Reply:
        if request.header("Cookie") == "consent=yes":
            return Reply(body="<p>terms</p>")
        return Reply(status=302, headers={"Location": "/terms", "Set-Cookie": "consent=yes"})

    http_server.route("/terms", consent)
    assert fetch(http_server.url("/terms")).text == "<p>terms</p>"
    # ...but not kept for the next fetch, so every check sees the same page
    assert fetch(http_server.url("/terms")).attempts == 1
    assert [r.header("Cookie") for r in http_server.requests] == [None, "consent=yes"] * 2


def test_a_redirect_to_another_scheme(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(status=302, headers={"Location": "ftp://example.org/terms"}))
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/"))
    assert type(caught.value) is FetchError


# --- what is not a document --------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("application/octet-stream", b"PK\x03\x04\0\0\0\0"),
        ("text/html", b"<html>\0\0\0\x01\x02"),  # declared text, but NUL bytes
        (None, b"\0\x01\x02\x03"),
    ],
)
def test_binary_bodies_are_not_documents(
    http_server: HTTPTestServer, content_type: str | None, body: bytes
) -> None:
    http_server.route("/", Reply(body=body, content_type=content_type))
    with pytest.raises(NotADocument) as caught:
        fetch(http_server.url("/"))
    assert caught.value.kind == "not_a_document"
    assert len(http_server.requests) == 1


def test_pdf_is_a_document_kept_as_bytes(http_server: HTTPTestServer) -> None:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\0\x01 binary streams"  # NUL bytes are normal in a PDF
    http_server.route("/", Reply(body=body, content_type="application/pdf"))
    result = fetch(http_server.url("/"))
    assert (result.content_type, result.body, result.text) == ("application/pdf", body, "")
    assert result.charset is None


def test_utf16_text_is_not_binary(http_server: HTTPTestServer) -> None:
    body = "<p>Privacy</p>".encode("utf-16-le")
    http_server.route("/", Reply(body=body, content_type="text/html; charset=utf-16le"))
    assert fetch(http_server.url("/")).text == "<p>Privacy</p>"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html", True),
        ("text/plain; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("application/json", True),
        ("application/rss+xml", True),
        ("", True),  # no header: the body is sniffed
        ("image/svg", False),
        ("video/mp4", False),
        ("application/zip", False),
        ("application/pdf", True),
    ],
)
def test_document_types(header: str, expected: bool) -> None:
    assert is_document_type(parse_content_type(header)[0]) is expected


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type(None) == ("", None)


# --- requests as sent --------------------------------------------------------------


def test_headers_sent(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(body="ok"))
    fetch(http_server.url("/"), accept_language="fr-FR, fr;q=0.9")
    sent = http_server.requests[0]
    assert sent.header("User-Agent") == SETTINGS.user_agent
    assert sent.header("Accept") == "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
    assert sent.header("Accept-Encoding") == "gzip, deflate, br"
    assert sent.header("Accept-Language") == "fr-FR, fr;q=0.9"


def test_default_user_agent(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(body="ok"))
    fetch(http_server.url("/"), replace(SETTINGS, user_agent=""))
    sent = http_server.requests[0].header("User-Agent")
    assert sent == DEFAULT_USER_AGENT
    assert sent.startswith(f"watcher/{__version__} ")
    assert http_server.requests[0].header("Accept-Language") is None


@pytest.mark.parametrize("url", ["ftp://example.org/terms", "file:///etc/passwd", "terms.html"])
def test_unsupported_urls_fail_without_network(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert type(caught.value) is FetchError and caught.value.kind == "fetch"


def test_one_client_serves_many_fetches(http_server: HTTPTestServer) -> None:
    http_server.route("/", Reply(body="ok"))

    async def go() -> list[FetchResult]:
        async with Fetcher(SETTINGS) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(http_server.url("/")) for _ in range(5)))

    assert [r.text for r in run(go())] == ["ok"] * 5


class _Body(httpx.AsyncByteStream):
    """A body streamed as a server's is (read_body streams the raw bytes)."""

    async def __aiter__(self):
        yield b"<p>Intranet terms</p>"


def test_a_transport_given_replaces_the_network_and_its_policy(monkeypatch) -> None:
    """Tests may answer for any address (here a private one) without a server."""
    monkeypatch.delenv("WATCHER_ALLOW_NETWORKS", raising=False)
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=_Body())

    async def go() -> FetchResult:
        async with Fetcher(SETTINGS, transport=httpx.MockTransport(answer)) as fetcher:
            return await fetcher.fetch("http://10.0.0.7/terms")

    assert run(go()).text == "<p>Intranet terms</p>" and asked == ["http://10.0.0.7/terms"]
