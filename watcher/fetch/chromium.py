"""Chromium for the Browser: finding and launching it (in its sandbox where the host allows),
and reading what went wrong from its network error codes."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import socket
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from watcher.errors import (
    BrowserUnavailable,
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    ForbiddenAddress,
    TooManyRedirects,
)
from watcher.fetch.network import AddressRefused
from watcher.models import FetchSettings

log = logging.getLogger(__name__)


# Looked for on PATH, in this order, when [fetch] browser_executable is not set.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own traffic (updates, sync, field trials): requests nobody asked for, and on
    # a closed network a flood of refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # WebRTC's UDP would not go through the relay: only through a proxy, that is not at all.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)


INSTALL_HINT = "install it with: pip install 'policy-watcher[browser]'"


LAUNCH_TIMEOUT = 30.0  # seconds for Chromium to start: about one when warm, more on a cold disk


# Chromium's network error codes ("net::ERR_CONNECTION_REFUSED") are the only stable
# description of a failed navigation that Playwright passes on; read once, here.
_NET_ERROR = re.compile(r"net::(ERR_[A-Z0-9_]+)")


_TIMEOUT_CODES = frozenset({"ERR_TIMED_OUT", "ERR_CONNECTION_TIMED_OUT"})


_CONNECTION_PREFIXES = (
    "ERR_CONNECTION_",
    "ERR_NAME_",
    "ERR_ADDRESS_",
    "ERR_SSL_",
    "ERR_CERT_",
    "ERR_SOCKS_",  # the relay's failure, when it has no better word for it
    "ERR_PROXY_",
)


_CONNECTION_CODES = frozenset(
    {
        "ERR_EMPTY_RESPONSE",
        "ERR_INTERNET_DISCONNECTED",
        "ERR_NETWORK_CHANGED",
        "ERR_CONTENT_LENGTH_MISMATCH",
        "ERR_INCOMPLETE_CHUNKED_ENCODING",
    }
)


# Executables found unable to run in their sandbox on this host: launched without it at once
# (a failed launch costs a second), and said once per process, not at each launch.
_UNSANDBOXED: set[str] = set()


async def launch(driver: Any, executable: str, proxy: dict[str, str]) -> Any:
    """Chromium in its sandbox, or without it where the host does not allow one (as root, or
    without user namespaces), which is logged once as a warning."""
    options = {
        "executable_path": executable,
        "args": list(FLAGS),
        "headless": True,
        "timeout": LAUNCH_TIMEOUT * 1000,
        "proxy": proxy,
    }
    if executable not in _UNSANDBOXED:
        try:
            return await driver.chromium.launch(chromium_sandbox=True, **options)
        except Exception as exc:
            why = _sandbox_failure(exc)
    chromium = await driver.chromium.launch(chromium_sandbox=False, **options)
    if executable not in _UNSANDBOXED:
        _UNSANDBOXED.add(executable)
        log.warning(
            "Chromium (%s) cannot run in its sandbox here (%s); it runs without it, so a page "
            "that exploits a flaw of Chromium's could reach this host as Watcher's user; run "
            "Watcher as a user other than root on a host with user namespaces to keep it",
            executable,
            why,
        )
    return chromium


def _sandbox_failure(exc: Exception) -> str:
    """What Chromium said of its sandbox ("Running as root without --no-sandbox is not
    supported"), from the browser log Playwright's error carries; else its first line."""
    lines = str(exc).splitlines()
    said = [line for line in lines if "[err]" in line and "sandbox" in line.lower()]
    if said:
        return said[0].rsplit("] ", 1)[-1].strip()
    return next((line.strip() for line in lines if "sandbox" in line.lower()), first_line(exc))


def connection_error(url: str, asked: str, failure: BaseException) -> FetchError:
    """The FetchError of the main document's connection that the relay could not open."""
    host = urlsplit(asked).hostname or asked
    if isinstance(failure, AddressRefused):
        return ForbiddenAddress(url, failure.host, failure.address, failure.reason)
    if isinstance(failure, TimeoutError):
        return FetchTimeout(url, f"connecting to {host}: timed out")
    if isinstance(failure, socket.gaierror):
        return FetchConnectionError(url, f"DNS lookup failed: {failure.strerror or failure}")
    if isinstance(failure, ConnectionRefusedError):
        return FetchConnectionError(url, "connection refused")
    detail = failure.strerror if isinstance(failure, OSError) and failure.strerror else failure
    return FetchConnectionError(url, f"connecting to {host}: {detail}")


def find_executable(url: str, configured: str | None) -> str:
    """The Chromium to launch: `configured` (a path, or a name on PATH), else the first of
    CANDIDATES on PATH; BrowserUnavailable (about `url`) when there is none."""
    if configured is None:
        for name in CANDIDATES:
            found = shutil.which(name)
            if found:
                return found
        raise BrowserUnavailable(
            url,
            f"no Chromium found on PATH (looked for {', '.join(CANDIDATES)}); install it "
            "(Debian: apt-get install chromium) or set [fetch] browser_executable",
        )
    path = configured if os.path.isabs(configured) else shutil.which(configured)
    if path is None or not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise BrowserUnavailable(
            url,
            f"[fetch] browser_executable {configured!r} is not an executable file; "
            "install Chromium (Debian: apt-get install chromium) or correct the path",
        )
    return path


def cannot_render(settings: FetchSettings) -> str | None:
    """Why pages cannot be rendered on this machine, or None; nothing is imported or started."""
    if importlib.util.find_spec("playwright") is None:
        return f"Playwright is not installed; {INSTALL_HINT}"
    try:
        find_executable("", settings.browser_executable)
    except BrowserUnavailable as exc:
        return exc.detail
    return None


def load_playwright(url: str) -> ModuleType:
    """Playwright's asyncio API, imported when first needed: it is an optional extra."""
    try:
        return importlib.import_module("playwright.async_api")
    except ImportError as exc:
        raise BrowserUnavailable(
            url, f'render = "browser" needs Playwright, which is not installed; {INSTALL_HINT}'
        ) from exc


def navigation_error(url: str, exc: Exception) -> FetchError:
    """The FetchError the HTTP path would raise for the same failure."""
    match = _NET_ERROR.search(str(exc))
    if match is None:
        return FetchError(url, f"Chromium: {first_line(exc)}")
    code = match.group(1)
    detail = f"net::{code}"
    if code in _TIMEOUT_CODES:
        return FetchTimeout(url, detail)
    if code == "ERR_TOO_MANY_REDIRECTS":
        return TooManyRedirects(url, detail)
    if code in _CONNECTION_CODES or code.startswith(_CONNECTION_PREFIXES):
        return FetchConnectionError(url, detail)
    return FetchError(url, detail)


def first_line(exc: BaseException) -> str:
    """A Playwright message without its call log (for people: nothing classifies by it)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
