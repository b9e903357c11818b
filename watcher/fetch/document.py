"""A watch's document as fetched: one URL, its parts (`urls = [...]`) joined in an envelope,
or a browser render; and a local file read as the same bytes would be over HTTP.

Every part goes through the Fetcher (its politeness, limits and address policy); the text
is read from these results by `normalize.text_of`, whatever brought them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from watcher.envelope import COMBINED_TYPE, Part, pack
from watcher.errors import BrowserUnavailable
from watcher.fetch.content import is_binary_document, read_text
from watcher.models import FetchResult, Validators, Watch

if TYPE_CHECKING:
    from watcher.fetch.browser import Browser
    from watcher.fetch.client import Fetcher

# Media types of local files, by suffix; others are sniffed (markup or plain text).
_SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
}


async def fetch_document(
    fetcher: Fetcher,
    watch: Watch,
    validators: Validators | None = None,
    *,
    browser: Browser | None = None,
) -> FetchResult:
    """Fetch the watch's document; a combined one part by part, without validators.

    A watch with `render = "browser"` is rendered by `browser` instead (never conditional:
    the DOM has no validators). Any part failing fails the whole fetch (its FetchError
    propagates): a document with a missing part is not the document.
    """
    if watch.render == "browser":
        if browser is None:
            raise BrowserUnavailable(watch.url, 'render = "browser", but no browser was set up')
        results = [
            await browser.render(url, accept_language=watch.accept_language) for url in watch.parts
        ]
        return combine(results) if watch.combined else results[0]
    if not watch.combined:
        return await fetcher.fetch(watch.url, validators, accept_language=watch.accept_language)
    results = [
        await fetcher.fetch(url, accept_language=watch.accept_language) for url in watch.urls
    ]
    return combine(results)


def combine(results: list[FetchResult]) -> FetchResult:
    """The parts' results as one, its body the envelope; no validators (never conditional)."""
    first = results[0]
    parts = [Part(r.url, r.body, r.content_type, r.charset) for r in results]
    return FetchResult(
        url=first.url,
        final_url=first.final_url,
        status=first.status,
        body=pack(parts),
        text="",
        content_type=COMBINED_TYPE,
        charset=None,
        validators=Validators(),
        elapsed=sum(r.elapsed for r in results),
        attempts=sum(r.attempts for r in results),
    )


def local_document(path: Path) -> FetchResult:
    """A local file as a FetchResult: a PDF by its first bytes, else its media type from its
    suffix (or its first bytes); its charset and text decided exactly as for the same bytes
    served without a charset (a BOM, a <meta> declaration, else detection)."""
    body = path.read_bytes()
    media = _SUFFIX_TYPES.get(path.suffix.lower())
    if body[:5] == b"%PDF-":  # a PDF by its content, whatever its name says
        media = "application/pdf"
    elif media is None or media == "application/pdf":
        media = "text/html" if body.lstrip()[:1] == b"<" else "text/plain"
    url = path.resolve().as_uri()
    if is_binary_document(media):
        text, charset = "", None
    else:
        text, charset = read_text(url, body, None)
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        body=body,
        text=text,
        content_type=media,
        charset=charset,
        validators=Validators(),
        elapsed=0.0,
    )
