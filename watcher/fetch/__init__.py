"""The fetch stage: one HTTP exchange, returning a `FetchResult` or raising a `FetchError`.

client   the Fetcher: timeouts, retries, conditional GET, redirects
retry    backoff with jitter, Retry-After
body     streaming under a size cap, Content-Encoding undone under the same cap
content  media types: is this a document?
charset  which charset, and decoding
robots   does robots.txt allow a URL? (reported by `validate --fetch`, not obeyed)
browser  the Browser: a page as headless Chromium renders it (render = "browser")
chromium finding and launching Chromium, and reading its network errors
network  which addresses may be connected to (private networks refused), and connecting
relay    the SOCKS5 proxy through which Chromium connects, under the same rules
document a watch's document: one URL, parts joined in an envelope, a render; a local file
"""

from watcher.fetch.browser import Browser
from watcher.fetch.chromium import cannot_render
from watcher.fetch.client import DEFAULT_USER_AGENT, Fetcher
from watcher.fetch.document import fetch_document, local_document
from watcher.fetch.robots import RobotsCache, product_token, robots_allows, robots_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "Browser",
    "Fetcher",
    "RobotsCache",
    "cannot_render",
    "fetch_document",
    "local_document",
    "product_token",
    "robots_allows",
    "robots_url",
]
