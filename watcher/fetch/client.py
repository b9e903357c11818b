"""The Fetcher: one HTTP exchange per call, within the limits of `FetchSettings`."""

from __future__ import annotations

import asyncio
import http.cookiejar
import logging
import random
import socket
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from types import TracebackType

import httpx

from watcher import __version__
from watcher.errors import (
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    ForbiddenAddress,
    HTTPStatusError,
    NotADocument,
    TooManyRedirects,
)
from watcher.fetch.body import ACCEPT_ENCODING, read_body
from watcher.fetch.content import (
    is_binary_document,
    is_document_type,
    parse_content_type,
    read_text,
)
from watcher.fetch.network import AddressPolicy, AddressRefused, guarded_transport
from watcher.fetch.retry import parse_retry_after, with_retries
from watcher.models import FetchResult, FetchSettings, Validators

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"watcher/{__version__} (+https://github.com/watcher-project/watcher)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})  # 300 and 305 are not followed
# Idle connections kept open. httpcore checks every pooled connection (a poll() each) on every
# request: with httpx's default of 20, a pass over 1,000 pages on 250 hosts spent 0.6 ms of
# CPU per page on it (3.9 s against 3.3 s with 4). Eight still keeps the one that matters:
# the next check of the same host, which waits for it (per_host), reuses it at once.
KEEPALIVE = 8


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps the shared client's jar empty: cookies live for one fetch only."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


class Fetcher:
    """Fetches documents over HTTP(S): timeouts, retries, conditional GET, redirect and size caps.

    One `httpx.AsyncClient` (HTTP/1.1, pooled connections) serves every fetch; close it with
    `aclose()` or use the Fetcher as an async context manager. Every connection, redirects'
    included, is opened to an address `policy` allows (default: `settings.allow_networks`
    and WATCHER_ALLOW_NETWORKS), else the fetch fails with ForbiddenAddress. A `transport`
    given replaces the network (and the policy with it): for tests. `sleep` and `rng` drive
    the backoff between retries and are injectable for tests.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: AddressPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=KEEPALIVE)
        if transport is None:
            policy = policy if policy is not None else AddressPolicy.of(settings)
            transport = guarded_transport(policy, limits)
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={
                "User-Agent": settings.user_agent or DEFAULT_USER_AGENT,
                "Accept": ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
            follow_redirects=False,  # followed by hand, to count hops and spot loops
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
            trust_env=False,  # no proxy or .netrc picked up behind the configuration's back
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        accept_language: str | None = None,
    ) -> FetchResult:
        """GET `url`: a FetchResult on 2xx or 304, else a FetchError subclass (after retries)."""
        _check_url(url)
        headers = _request_headers(validators, accept_language)
        return await with_retries(
            url,
            self._settings,
            lambda: self._attempt(url, headers, validators),
            self._rng,
            self._sleep,
        )

    async def _attempt(
        self, url: str, headers: dict[str, str], validators: Validators | None
    ) -> FetchResult:
        """One try — the redirect chain and the body — bounded as a whole by `timeout`.

        httpx's read timeout applies to each read, so a server dripping a byte a second
        would never trip it; the asyncio timeout bounds the total.
        """
        timeout = self._settings.timeout
        try:
            async with asyncio.timeout(timeout):
                return await self._follow(url, headers, validators)
        except AddressRefused as exc:
            raise ForbiddenAddress(url, exc.host, exc.address, exc.reason) from exc
        except TimeoutError as exc:
            raise FetchTimeout(url, f"no complete answer within {timeout:g}s") from exc
        except httpx.TimeoutException as exc:
            raise FetchTimeout(url, _describe(exc)) from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as exc:
            raise FetchConnectionError(url, _describe(exc)) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(url, _describe(exc)) from exc

    async def _follow(
        self, url: str, headers: dict[str, str], validators: Validators | None
    ) -> FetchResult:
        """GET `url` and the redirects it leads to, up to `max_redirects` of them."""
        # Cookies are kept for this one fetch, for sites that set one and redirect to
        # themselves; a later check starts afresh, so every check sees the same page.
        cookies = httpx.Cookies()
        target = httpx.URL(url)
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for _ in range(self._settings.max_redirects + 1):
            seen.add(_hop(target, cookies))
            request = self._client.build_request("GET", target, headers=headers)
            if cookies:  # the cookie jar's machinery costs 0.2 ms a fetch: only when needed
                cookies.set_cookie_header(request)
            response = await self._client.send(request, stream=True)
            try:
                if "set-cookie" in response.headers:
                    cookies.extract_cookies(response)
                if not _is_redirect(response):
                    return await self._complete(url, response, validators)
                target = _redirect_target(url, response)
            finally:
                await response.aclose()
            if _hop(target, cookies) in seen:
                raise TooManyRedirects(url, f"redirect loop back to {target}")
        raise TooManyRedirects(url, f"more than {self._settings.max_redirects} redirects")

    async def _complete(
        self, url: str, response: httpx.Response, validators: Validators | None
    ) -> FetchResult:
        """The result of the final answer of a redirect chain (its body not read yet)."""
        status = response.status_code
        media_type, declared = parse_content_type(response.headers.get("content-type"))
        if status == 304:
            old = validators or Validators()
            return FetchResult(
                url=url,
                final_url=str(response.url),
                status=status,
                body=b"",
                text="",
                content_type=media_type,
                charset=None,
                validators=Validators(  # a 304 need not repeat them
                    etag=response.headers.get("etag") or old.etag,
                    last_modified=response.headers.get("last-modified") or old.last_modified,
                ),
                elapsed=0.0,
            )
        if not 200 <= status < 300:
            retry_after = parse_retry_after(
                response.headers.get("retry-after"),
                response.headers.get("date"),
                datetime.now(UTC),
            )
            raise HTTPStatusError(url, status, retry_after=retry_after)
        if not is_document_type(media_type):
            raise NotADocument(url, f"content type {media_type} is not a document")
        body = await read_body(response, url, self._settings.max_bytes)
        if is_binary_document(media_type):
            text, charset = "", None  # bytes for normalize to read (PDF), not text to decode
        else:
            text, charset = read_text(url, body, declared)  # NotADocument if binary after all
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            body=body,
            text=text,
            content_type=media_type,
            charset=charset,
            validators=Validators(
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            ),
            elapsed=0.0,
        )


def _check_url(url: str) -> None:
    """Refuse what is not an absolute http(s) URL before any network activity."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"invalid URL: {exc}") from exc
    if parsed.scheme not in SCHEMES:
        raise FetchError(url, f"unsupported URL scheme {parsed.scheme!r}: http and https only")
    if not parsed.host:
        raise FetchError(url, "the URL has no host")


def _request_headers(validators: Validators | None, accept_language: str | None) -> dict[str, str]:
    """Per-fetch headers; the constant ones are the client's."""
    headers = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    if accept_language:
        headers["Accept-Language"] = accept_language
    return headers


def _hop(url: httpx.URL, cookies: httpx.Cookies) -> tuple[str, tuple[str, ...]]:
    """What makes a request repeat an earlier one: same URL, same cookies."""
    return str(url), tuple(sorted(f"{c.domain}\t{c.path}\t{c.name}={c.value}" for c in cookies.jar))


def _is_redirect(response: httpx.Response) -> bool:
    return response.status_code in REDIRECT_STATUSES and "location" in response.headers


def _redirect_target(url: str, response: httpx.Response) -> httpx.URL:
    """The absolute URL a redirect points to; only http(s) is followed."""
    target = response.url.join(response.headers["location"])
    if target.scheme not in SCHEMES:
        raise FetchError(url, f"redirect to an unsupported URL scheme {target.scheme!r}")
    return target


def _describe(exc: Exception) -> str:
    """A short reason for logs and events (for people: nothing classifies by it)."""
    for link in _causes(exc):
        if isinstance(link, ConnectionRefusedError):
            return "connection refused"
        if isinstance(link, ConnectionResetError):
            return "connection reset by peer"
        if isinstance(link, socket.gaierror):
            return f"DNS lookup failed: {link.strerror or link}"
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    return chain
