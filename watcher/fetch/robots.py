"""robots.txt: does a site's robots.txt let Watcher's user agent fetch a URL?

Used by `watcher validate --fetch` to *report* watches that robots.txt disallows; the
daemon itself does not consult robots.txt (see the README). robots.txt is fetched with
the same `Fetcher` as documents, so its timeouts, size cap, redirects and retries apply,
and read with Protego, which follows RFC 9309: of the rules of the group for our product
token (or `*`), the longest match wins, an Allow winning a tie; `*` matches any run of
characters and a final `$` anchors the end. (The standard library's `urllib.robotparser`
applies the first matching rule in file order and takes `*` and `$` literally, so
`Disallow: /docs/` before `Allow: /docs/terms` would wrongly hide the terms.)

Per RFC 9309 (2.3.1): a 4xx answer (but 429) means there is no robots.txt, so everything is
allowed; a 5xx or 429, an unreachable host, or a body we cannot read means we cannot tell.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from watcher.errors import FetchError, HTTPStatusError
from watcher.fetch.client import DEFAULT_USER_AGENT, Fetcher

__all__ = ["RobotsCache", "product_token", "robots_allows", "robots_url"]

DEFAULT_PORTS = {"http": 80, "https": 443}
_TOKEN = re.compile(r"[A-Za-z_-]+")

# One validate run's robots.txt per origin: (scheme, host, port) → the parsed file, or
# None when it could not be read. Tasks, so that watches on one host checked at the same
# time share one fetch.
Origin = tuple[str, str, int]
RobotsCache = dict[Origin, "asyncio.Task[Protego | None]"]


def product_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched on: "watcher" in "watcher/0.1 (+…)"."""
    match = _TOKEN.match((user_agent or DEFAULT_USER_AGENT).strip())
    if match is None:
        match = _TOKEN.match(DEFAULT_USER_AGENT)
        assert match is not None
    return match.group(0)


def robots_url(url: str) -> str:
    """The robots.txt governing `url`: same scheme, host and port; no user info."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, "/robots.txt", "", ""))


def _origin(url: str) -> Origin:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


async def _read(fetcher: Fetcher, url: str) -> Protego | None:
    """Fetch and parse the robots.txt at `url`: None when it cannot be read."""
    try:
        result = await fetcher.fetch(url)
    except HTTPStatusError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            return Protego.parse("")  # "unavailable": no rules, everything allowed
        return None  # 5xx, 429: "unreachable", we cannot tell
    except FetchError:
        return None  # timeout, connection failure, too large, not text, redirect loop
    return Protego.parse(result.text)


async def robots_allows(
    fetcher: Fetcher, url: str, user_agent: str, *, cache: RobotsCache | None = None
) -> bool | None:
    """True when robots.txt lets `user_agent` fetch `url`, False when it disallows it, and
    None when robots.txt could not be read (5xx, 429, unreachable, unreadable).

    `user_agent` may be a whole User-Agent header: its product token is what is matched
    (empty: Watcher's default). Pass the same `cache` to fetch each host's robots.txt once.
    """
    key = _origin(url)
    if cache is None:
        cache = {}
    task = cache.get(key)
    if task is None:
        task = asyncio.ensure_future(_read(fetcher, robots_url(url)))
        cache[key] = task
    parser = await task
    if parser is None:
        return None
    return parser.can_fetch(url, product_token(user_agent))
