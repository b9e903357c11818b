"""A watch's document: one fetched body, or several parts fetched in turn and joined as one.

A combined document (`urls = [...]`) is stored as one raw body: a JSON envelope holding every
part's URL, media type, charset and bytes, so that `rebuild` can re-derive its text exactly as
a check does. Its text is the parts' canonical texts in order, separated by a blank line, with
no heading of ours in between: the stored text is only the documents' own words.
"""

from __future__ import annotations

import base64
import codecs
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from watcher import normalize
from watcher.errors import BrowserUnavailable, NormalizeError
from watcher.models import FetchResult, Normalized, Rules, Validators, Watch
from watcher.normalize.text import canonicalize_text

if TYPE_CHECKING:  # worker processes import this module; they need no HTTP client
    from watcher.fetch import Browser, Fetcher

COMBINED_TYPE = "application/x-watcher-combined+json"


@dataclass(frozen=True)
class Part:
    """One stored body with what is needed to read it again."""

    url: str
    body: bytes
    content_type: str  # media type only
    charset: str | None


async def fetch(
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


def pack(parts: list[Part]) -> bytes:
    """The envelope of a combined document (the same parts always give the same bytes)."""
    items = [
        {
            "url": p.url,
            "content_type": p.content_type,
            "charset": p.charset,
            "body_b64": base64.b64encode(p.body).decode("ascii"),
        }
        for p in parts
    ]
    return json.dumps({"parts": items}, sort_keys=True, separators=(",", ":")).encode()


def unpack(body: bytes) -> list[Part]:
    """The parts of an envelope; NormalizeError when it is not one."""
    try:
        items = json.loads(body)["parts"]
        return [
            Part(i["url"], base64.b64decode(i["body_b64"]), i["content_type"], i["charset"])
            for i in items
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise NormalizeError(f"not a combined document envelope: {exc}") from exc


def reading_copy(result: FetchResult) -> FetchResult:
    """`result` with only what `text_of` reads, to cross to a worker process: its bytes, not
    its decoded text as well. Bytes are copied as they are; a str is encoded to UTF-8 and
    decoded again (for a 210 KB page: 0.37 ms to send the text, 0.1 ms the bytes)."""
    return replace(result, text="")


def text_of(result: FetchResult, rules: Rules) -> Normalized:
    """Canonical text of what `fetch` returned, read from its bytes (decoded with the codec
    the fetcher chose, so the same text as its `text`), as `rebuild` reads a stored body."""
    if result.content_type == COMBINED_TYPE:
        n = _joined(unpack(result.body), rules)
    else:
        n = _part_text(Part(result.url, result.body, result.content_type, result.charset), rules)
    return replace(n, text=without_ignored(n.text, rules)) if rules.ignore else n


def stored_text(body: bytes, stored_type: str, rules: Rules) -> str:
    """Canonical text of a stored raw body (`stored_type` as `stored_type()` wrote it)."""
    media, charset = _split_type(stored_type)
    if media == COMBINED_TYPE:
        text = _joined(unpack(body), rules).text
    else:
        text = _part_text(Part("", body, media, charset), rules).text
    return without_ignored(text, rules)


def without_ignored(text: str, rules: Rules) -> str:
    """Canonical `text` with every match of the rules' `ignore` expressions cut out.

    Applied to the whole canonical text (so an expression may span lines), then made canonical
    again: a line left empty becomes a block break, and spaces around a cut collapse.
    """
    for pattern in rules.ignore:
        text = re.sub(pattern, "", text)
    return canonicalize_text(text) if rules.ignore else text


def stored_type(result: FetchResult) -> str:
    """The content type stored with a raw body; the charset travels with it for `rebuild`."""
    if result.charset:
        return f"{result.content_type}; charset={result.charset}"
    return result.content_type


def _joined(parts: list[Part], rules: Rules) -> Normalized:
    texts = []
    unmatched: set[str] | None = None
    for part in parts:
        n = _part_text(part, rules)
        if not n.text.strip():
            why = "the select rules match nothing" if n.unmatched_select else "it has no text"
            raise NormalizeError(f"part {part.url}: {why}")
        texts.append(n.text)
        here = set(n.unmatched_select)
        unmatched = here if unmatched is None else unmatched & here
    # Every part's text ends with one newline: joined by another, parts are blocks apart.
    kept = tuple(s for s in rules.select if s in (unmatched or set()))
    return Normalized("\n".join(texts), kept)


def _part_text(part: Part, rules: Rules) -> Normalized:
    pdf = normalize.is_pdf(part.content_type)  # read from its bytes, not from a text
    text, utf8 = ("", None) if pdf else _decode(part.body, part.charset)
    return normalize.normalize_document(part.body, text, part.content_type, rules, utf8=utf8)


def _split_type(stored: str) -> tuple[str, str | None]:
    media, _, params = stored.partition(";")
    charset = params.partition("charset=")[2].strip() or None
    return media.strip(), charset


def _decode(body: bytes, charset: str | None) -> tuple[str, bytes | None]:
    """The text the fetcher decoded from `body` with the codec it chose, `charset`; and the
    text's UTF-8 bytes when `body` already is them (the parser reads those, not a new copy).
    """
    codec = charset or "utf-8"
    try:
        if codecs.lookup(codec).name == "utf-8":
            utf8 = body.removeprefix(codecs.BOM_UTF8)  # the fetcher skipped a mark too
            return utf8.decode("utf-8"), utf8
    except (LookupError, UnicodeDecodeError):  # not valid UTF-8: read with U+FFFD below
        pass
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff"), None  # a byte order mark: the fetcher skipped it too
