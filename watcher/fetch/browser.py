"""The Browser: a page as headless Chromium renders it, for documents a script writes.

A plain GET of such a page sees only the script; Chromium runs it, and the DOM it leaves
(`page.content()`) is the document. Playwright drives it; it is an optional extra
(`policy-watcher[browser]`), imported on the first render, so a configuration without browser
watches never needs it. The browser is the system's Chromium: Playwright's own download
needs a network a daemon may not have.

One Chromium is launched on the first render and shared by every render after it, each in
its own context (no cookies, cache or storage carried from one check to the next). It is
closed by `aclose()`, or after `IDLE_CLOSE` seconds without a page to render, and launched
again when a render needs it (also after a crash).

A page is untrusted. Chromium opens every connection through the Relay (watcher.fetch.relay),
which refuses the addresses the HTTP client refuses (loopback, private, link-local…, unless
allowed): the page's own, its redirects', and every request its scripts make. Downloads and
service workers are off. Chromium runs in its sandbox wherever the host allows it; where it
cannot (as root, or without user namespaces) it runs without, and says so once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from types import ModuleType, TracebackType
from typing import Any
from urllib.parse import urlsplit

from watcher.errors import (
    BodyTooLarge,
    BrowserUnavailable,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotADocument,
    TooManyRedirects,
)
from watcher.fetch.chromium import (
    connection_error,
    find_executable,
    first_line,
    launch,
    load_playwright,
    navigation_error,
)
from watcher.fetch.client import DEFAULT_USER_AGENT, SCHEMES
from watcher.fetch.content import is_binary_document, is_document_type, parse_content_type
from watcher.fetch.network import AddressPolicy
from watcher.fetch.relay import Relay
from watcher.fetch.retry import parse_retry_after, with_retries
from watcher.models import FetchResult, FetchSettings, Validators

log = logging.getLogger(__name__)

# Every connection through the relay, loopback's too (Chromium would otherwise bypass a proxy
# for 127.0.0.1 and localhost).
PROXY_BYPASS = "<-loopback>"
IDLE_CLOSE = 60.0  # a Chromium idle this long is closed: the daemon does not keep it between runs
# The share of the timeout kept for reading the DOM (at most READ_RESERVE seconds), so that
# a page whose network never falls idle (polling, beacons) is read once loaded rather than
# failing on the timeout. Reading takes milliseconds; the margin is for a loaded machine.
READ_SHARE = 0.1
READ_RESERVE = 1.0
# Without accept_language, the locale is pinned, and so is the time zone: a script's choice
# of language or the dates it writes must not depend on the host.
DEFAULT_LOCALE = "en-US"
TIMEZONE = "UTC"


class Browser:
    """Renders pages with headless Chromium through Playwright, within `FetchSettings`' limits.

    `timeout` bounds one attempt (loading, waiting for the network to fall idle, reading the
    DOM), `retries` and `backoff` apply as for HTTP, `max_redirects` and `max_bytes` are
    checked on the result, and `user_agent` is sent. Every connection Chromium opens is to an
    address `policy` allows (default: as the Fetcher's); a page whose own address is refused
    fails with ForbiddenAddress, a request of the page to one fails as a request. Nothing
    starts before the first render; use it as an async context manager or call `aclose()`.
    `sleep` and `rng` drive the backoff between retries and are injectable for tests.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        idle_close: float = IDLE_CLOSE,
        policy: AddressPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings
        self._policy = policy if policy is not None else AddressPolicy.of(settings)
        self._idle_close = idle_close
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._lock = asyncio.Lock()  # one launch or shutdown at a time
        self._driver: Any = None  # Playwright's driver, and the Chromium it launched
        self._chromium: Any = None
        self._relay: Relay | None = None  # Chromium's way to the network, started with it
        self._busy = 0  # renders in flight
        self._idle_timer: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task[None] | None = None
        self.launches = 0  # how many times Chromium was started

    async def __aenter__(self) -> Browser:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def running(self) -> bool:
        """True while a Chromium is up."""
        return self._chromium is not None and self._chromium.is_connected()

    async def aclose(self) -> None:
        """Close Chromium and Playwright's driver, if they were started."""
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._closing is not None:
            await self._closing  # an idle close under way: let it finish, never cut it short
        async with self._lock:
            await self._shutdown()

    async def render(self, url: str, *, accept_language: str | None = None) -> FetchResult:
        """The DOM of `url` after Chromium loaded it: a FetchResult (text/html, UTF-8) on 2xx,
        else a FetchError subclass (after retries), as `Fetcher.fetch` gives."""
        _check_url(url)
        self._hold()
        try:
            return await with_retries(
                url,
                self._settings,
                lambda: self._attempt(url, accept_language),
                self._rng,
                self._sleep,
            )
        finally:
            self._release()

    # --- one attempt ----------------------------------------------------------------

    async def _attempt(self, url: str, accept_language: str | None) -> FetchResult:
        """One load of `url` in a fresh context, bounded as a whole by `timeout`."""
        api = load_playwright(url)
        started = time.monotonic()
        context = await self._new_context(url, api, accept_language)
        timeout = self._settings.timeout
        try:
            # Playwright's timeouts stop the navigation in Chromium; asyncio's bounds the
            # whole, even a renderer too busy to answer at all (a script in an endless loop).
            context.set_default_timeout(timeout * 1000)
            async with asyncio.timeout(timeout):
                return await self._load(context, url, api, started)
        except (TimeoutError, api.TimeoutError) as exc:
            raise FetchTimeout(url, f"no rendered page within {timeout:g}s") from exc
        except api.Error as exc:
            raise navigation_error(url, exc) from exc
        except FetchError:
            raise
        except Exception as exc:  # the driver gone mid-render: this check fails, not the pass
            raise FetchError(url, f"Chromium: {first_line(exc)}") from exc
        finally:
            # A crashed Chromium cannot close the context; the next render launches another.
            with contextlib.suppress(api.Error):
                await context.close()

    async def _load(self, context: Any, url: str, api: ModuleType, started: float) -> FetchResult:
        timeout = self._settings.timeout
        deadline = time.monotonic() + timeout - min(READ_RESERVE, READ_SHARE * timeout)
        page = await context.new_page()
        answers: list[Any] = []  # the main document's responses, redirects included
        asked: list[str] = []  # the URLs the main document was asked at, redirects included
        page.on("response", lambda r: answers.append(r) if _is_main(r, page) else None)
        page.on("request", lambda r: asked.append(r.url) if _is_navigation(r, page) else None)
        try:
            response = await page.goto(url, wait_until="load")
        except api.Error as exc:
            # An error status with an empty body fails the navigation itself
            # (net::ERR_HTTP_RESPONSE_CODE_FAILURE); its status is the error to report.
            if answers and not 200 <= answers[-1].status < 400:
                self._check_response(url, answers[-1])
            if asked and self._relay is not None and not isinstance(exc, api.TimeoutError):
                failure = self._relay.failure(asked[-1], started)
                if failure is not None:
                    raise connection_error(url, asked[-1], failure) from exc
            raise
        if response is None:
            raise FetchError(url, "Chromium loaded no document")
        self._check_response(url, response)
        idle = deadline - time.monotonic()
        if idle > 0:
            try:
                await page.wait_for_load_state("networkidle", timeout=idle * 1000)
            except api.TimeoutError:
                log.info("%s: the network never fell idle; reading the page as it is", url)
        html = await page.content()
        body = html.encode("utf-8")
        if len(body) > self._settings.max_bytes:
            raise BodyTooLarge(url, f"the rendered page exceeds {self._settings.max_bytes} bytes")
        return FetchResult(
            url=url,
            final_url=response.url,
            status=response.status,
            body=body,
            text=html,
            content_type="text/html",
            charset="utf-8",
            validators=Validators(),  # a rendered page is always read in full
            elapsed=0.0,
        )

    def _check_response(self, url: str, response: Any) -> None:
        """The main document's answer, judged as the HTTP path judges it."""
        status = response.status
        if not 200 <= status < 300:
            headers = response.headers
            retry_after = parse_retry_after(
                headers.get("retry-after"), headers.get("date"), datetime.now(UTC)
            )
            raise HTTPStatusError(url, status, retry_after=retry_after)
        hops, request = 0, response.request
        while request.redirected_from is not None:
            hops, request = hops + 1, request.redirected_from
        if hops > self._settings.max_redirects:
            raise TooManyRedirects(url, f"more than {self._settings.max_redirects} redirects")
        media_type, _ = parse_content_type(response.headers.get("content-type"))
        if not is_document_type(media_type) or is_binary_document(media_type):
            raise NotADocument(
                url, f'content type {media_type} is not a page to render; use render = "http"'
            )

    async def _new_context(self, url: str, api: ModuleType, accept_language: str | None) -> Any:
        """A fresh context; a Chromium that cannot open one is replaced, once.

        A context is refused only by a Chromium (or a Playwright driver) that died, and one
        may die without saying so; without this, every later render would fail the same way.
        """
        options = self._context_options(accept_language)
        chromium = await self._launched(url, api)
        try:
            return await chromium.new_context(**options)
        except api.Error as exc:
            log.warning(
                "%s: Chromium is not answering (%s); starting another", url, first_line(exc)
            )
            async with self._lock:
                if self._chromium is chromium:
                    await self._shutdown()
        chromium = await self._launched(url, api)
        try:
            return await chromium.new_context(**options)
        except api.Error as exc:
            raise FetchError(url, f"Chromium: {first_line(exc)}") from exc

    def _context_options(self, accept_language: str | None) -> dict[str, Any]:
        return {
            "user_agent": self._settings.user_agent or DEFAULT_USER_AGENT,
            # Both navigator.language, which scripts read, and the Accept-Language header of
            # the page's requests. Chromium takes one locale: a watch's list of languages is
            # cut to its first (an extra header would not reach the navigation request).
            "locale": _locale(accept_language),
            "timezone_id": TIMEZONE,
            "service_workers": "block",  # a worker would serve the next check from its cache
            "accept_downloads": False,  # a page is read, nothing it offers is saved
        }

    # --- Chromium's life --------------------------------------------------------------

    async def _launched(self, url: str, api: ModuleType) -> Any:
        """The running Chromium, launched now if there is none (or it crashed)."""
        if self._closing is not None:
            await self._closing
        async with self._lock:
            if self.running:
                return self._chromium
            await self._shutdown()  # what is left of a Chromium that crashed
            executable = find_executable(url, self._settings.browser_executable)
            try:
                self._relay = Relay(self._policy, connect_timeout=self._settings.connect_timeout)
                proxy = {"server": await self._relay.start(), "bypass": PROXY_BYPASS}
                self._driver = await api.async_playwright().start()
                self._chromium = await launch(self._driver, executable, proxy)
            except Exception as exc:  # Playwright's errors, and its driver dying as it starts
                await self._shutdown()
                raise BrowserUnavailable(
                    url, f"Chromium ({executable}) did not start: {first_line(exc)}"
                ) from exc
            self.launches += 1
            log.info("Chromium %s started (%s)", self._chromium.version, executable)
            return self._chromium

    async def _shutdown(self) -> None:
        """Close Chromium and the driver (call with the lock held)."""
        chromium, driver, relay = self._chromium, self._driver, self._relay
        self._chromium = self._driver = self._relay = None
        # Either may have died already, and then cannot be closed: nothing is left to do.
        if chromium is not None:
            try:
                await chromium.close()
            except Exception as exc:
                log.debug("closing Chromium: %s", exc)
        if driver is not None:
            try:
                await driver.stop()
            except Exception as exc:
                log.debug("stopping Playwright's driver: %s", exc)
        if relay is not None:
            await relay.aclose()

    def _hold(self) -> None:
        self._busy += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _release(self) -> None:
        self._busy -= 1
        if self._busy == 0 and self._chromium is not None:
            loop = asyncio.get_running_loop()
            self._idle_timer = loop.call_later(self._idle_close, self._idle_expired)

    def _idle_expired(self) -> None:
        self._idle_timer = None
        self._closing = asyncio.get_running_loop().create_task(self._close_idle())

    async def _close_idle(self) -> None:
        try:
            async with self._lock:
                if self._busy == 0 and self._chromium is not None:
                    await self._shutdown()
                    log.info("Chromium closed after %gs without a page to render", self._idle_close)
        finally:
            self._closing = None


def _is_main(response: Any, page: Any) -> bool:
    """True for an answer to the navigation of the page itself (not a frame, not a resource)."""
    request = response.request
    return request.is_navigation_request() and request.frame == page.main_frame


def _is_navigation(request: Any, page: Any) -> bool:
    """True for a request for the page's own document (a redirect's included)."""
    return request.is_navigation_request() and request.frame == page.main_frame


def _check_url(url: str) -> None:
    """Refuse what is not an absolute http(s) URL before Chromium is started for it."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise FetchError(url, f"unsupported URL scheme {parts.scheme!r}: http and https only")
    if not parts.hostname:
        raise FetchError(url, "the URL has no host")


def _locale(accept_language: str | None) -> str:
    """The first language range of an Accept-Language value, as a locale for navigator."""
    for item in (accept_language or "").split(","):
        tag = item.split(";", 1)[0].strip()
        if tag and tag != "*":
            return tag
    return DEFAULT_LOCALE
