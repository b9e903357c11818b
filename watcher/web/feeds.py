"""Atom 1.0 feeds (RFC 4287) of the store's events, newest first.

    /feed.atom                 every event
    /watches/{id}/feed.atom    one watch's events
    /ai.atom                   events with an AI-training change (`ai_change` set)

Each feed holds the newest `MAX_ENTRIES` events. An entry's title is the notification's
(`notify.render`), its link the diff page of a change or else the watch's page, its text
the event's summary and, for an AI change, each clause's change in plain words with the
passage. URLs are absolute, from `[notify] base_url` when set, else from the request.

The XML is built with ElementTree, so policy text is escaped by construction; characters
XML 1.0 cannot carry at all (most control characters) are replaced. Feeds carry an `ETag`
(a hash of the body) and a `Last-Modified` (the newest event's time) and answer
`If-None-Match` / `If-Modified-Since` with 304, so a reader polling every few minutes
costs the store one query and the network nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from watcher import db, notify
from watcher.errors import NotFound, StoreError
from watcher.models import AIChangeKind, Event
from watcher.redact import scrub
from watcher.store import Store
from watcher.web.serialize import in_thread, scrubbed, utc_iso

log = logging.getLogger(__name__)

# Newest events a feed holds: readers poll often and keep what they have already seen;
# a new subscriber gets weeks of history for a few hundred watches, not years.
MAX_ENTRIES = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
AUTHOR = "Watcher"
# `updated` of a feed with no entry yet: it was never modified.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
# Readers and caches revalidate every time (cheap: a 304), so nothing stale is shown.
CACHING = {"Cache-Control": "no-cache"}

# What XML 1.0 allows in text (its production `Char`); anything else becomes U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A host that can be a tag URI's authority (RFC 4151): a DNS name, not an IPv6 literal.
_DNS_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Feed:
    """What a feed says about itself."""

    title: str
    path: str  # where it is served, from the base URL on: "/feed.atom"
    page: str  # the HTML page it is the feed of: "/", "/watches/ID"


def routes(
    store: Store, base_url: str | None = None, *, secrets: Iterable[str] = ()
) -> list[BaseRoute]:
    """The feeds' routes over `store`; links from `base_url` when set, else the request's."""
    feeds = _Feeds(store, base_url, frozenset(secrets))
    return [
        Route("/feed.atom", feeds.everything, methods=["GET"]),
        Route("/ai.atom", feeds.ai, methods=["GET"]),
        Route("/watches/{watch}/feed.atom", feeds.watch, methods=["GET"]),
    ]


class _Feeds:
    def __init__(self, store: Store, base_url: str | None, secrets: frozenset[str]) -> None:
        self.store = store
        self.base_url = base_url.rstrip("/") if base_url else None
        self.secrets = secrets

    async def everything(self, request: Request) -> Response:
        feed = Feed("Watcher: every event", "/feed.atom", "/")
        return await self._serve(request, feed, None, ai_only=False)

    async def ai(self, request: Request) -> Response:
        feed = Feed("Watcher: AI-training changes", "/ai.atom", "/")
        return await self._serve(request, feed, None, ai_only=True)

    async def watch(self, request: Request) -> Response:
        watch = request.path_params["watch"]
        page = f"/watches/{quote(watch, safe='')}"
        feed = Feed(f"Watcher: {watch}", f"{page}/feed.atom", page)
        return await self._serve(request, feed, watch, ai_only=False)

    async def _serve(
        self, request: Request, feed: Feed, watch: str | None, *, ai_only: bool
    ) -> Response:
        base = self.base_url or str(request.base_url).rstrip("/")
        try:
            with db.failures(str(self.store.engine.url)):  # a DatabaseError saying what it is
                body, modified = await in_thread(self._build, feed, watch, ai_only, base)
        except NotFound as exc:
            return PlainTextResponse(scrub(str(exc), self.secrets) + "\n", status_code=404)
        except StoreError as exc:
            message = scrub(str(exc), self.secrets)
            log.warning("%s: %s", request.url.path, message)
            return PlainTextResponse(message + "\n", status_code=503)
        headers = {"ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"', **CACHING}
        if modified is not None:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if not_modified(request, headers["ETag"], modified):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=ATOM_TYPE, headers=headers)

    def _build(
        self, feed: Feed, watch: str | None, ai_only: bool, base: str
    ) -> tuple[bytes, datetime | None]:
        """The feed's body and its newest event's time (in whole seconds), in a worker
        thread: the store's query and the rendering of its entries."""
        if watch is not None:
            self.store.state(watch)  # NotFound for a watch the database does not know
        events = self.store.events(watch, latest=MAX_ENTRIES, ai_only=ai_only)
        newest = [scrubbed(e, self.secrets) for e in reversed(events)]
        if watch is not None and newest:
            feed = dataclasses.replace(feed, title=f"Watcher: {newest[0].name}")
        return atom(feed, newest, base), _seconds(newest[0].at) if newest else None


def atom(feed: Feed, events: Sequence[Event], base: str) -> bytes:
    """The Atom document of `feed` holding `events` (newest first), links from `base`."""
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(root, "id", f"{base}{feed.path}")
    _text(root, "title", feed.title, type="text")
    _text(root, "updated", utc_iso(events[0].at if events else NEVER))
    _link(root, "self", f"{base}{feed.path}", "application/atom+xml")
    _link(root, "alternate", f"{base}{feed.page}", "text/html")
    author = ET.SubElement(root, "author")
    _text(author, "name", AUTHOR)
    _text(root, "generator", AUTHOR)
    for event in events:
        _entry(root, event, base)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _entry(root: ET.Element, event: Event, base: str) -> None:
    entry = ET.SubElement(root, "entry")
    _text(entry, "id", entry_id(event, base))
    _text(entry, "title", notify.render(event).title, type="text")
    at = utc_iso(event.at)
    _text(entry, "published", at)
    _text(entry, "updated", at)
    _link(entry, "alternate", entry_link(event, base), "text/html")
    ET.SubElement(entry, "category", {"term": event.kind.value})
    if event.report.ai_change is not None:
        ET.SubElement(entry, "category", {"term": f"ai-{event.report.ai_change.value}"})
    _text(entry, "summary", event.summary, type="text")
    _text(entry, "content", entry_text(event), type="text")


def entry_id(event: Event, base: str) -> str:
    """A tag URI (RFC 4151) naming the event for good: the base URL's host and path, the
    watch id and the event id (`tag:example.org,2026-03-01:/watches/zoom/events/12`)."""
    parts = urlsplit(base)
    specific = f"/watches/{quote(event.watch, safe='')}/events/{event.id}"
    host = parts.hostname or ""
    if not _DNS_NAME.fullmatch(host):  # an IPv6 literal cannot be an authority: a URL then
        return f"{base}{specific}"
    return f"tag:{host},{event.at.astimezone(UTC):%Y-%m-%d}:{parts.path}{specific}"


def entry_link(event: Event, base: str) -> str:
    """The diff page of a change, else the watch's page."""
    return notify.diff_link(base, event) or f"{base}/watches/{quote(event.watch, safe='')}"


def entry_text(event: Event) -> str:
    """The entry's text: the summary, each AI-training clause's change in plain words with
    its passage, the document's address and the versions compared."""
    lines = [event.summary]
    report = event.report
    for item in report.ai_findings if report.ai_change else ():
        passage = item.before if item.change is AIChangeKind.REMOVED else item.after
        lines += ["", f"* {notify.transition(item)}"]
        if passage is not None:
            lines.append(f"  “{passage.text}”")
    if report.silent_edit:
        lines += ["", "The document's declared date did not change: this is a silent edit."]
    lines += ["", event.url]
    if event.version_to is not None:
        versions = (
            f"version {event.version_from} → {event.version_to}"
            if event.version_from is not None
            else f"version {event.version_to}"
        )
        lines.append(versions)
    return "\n".join(lines)


def not_modified(request: Request, etag: str, modified: datetime | None) -> bool:
    """Whether the reader's copy is current (RFC 9110 §13.1): `If-None-Match` decides when
    sent (weak comparison), else `If-Modified-Since` against `modified` (whole seconds)."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if not since or modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # a malformed date is ignored, as RFC 9110 says
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when
    return modified <= when


def _seconds(at: datetime) -> datetime:
    # HTTP dates have whole seconds: an event at 12:00:00.5 is "modified" at 12:00:00.
    return at.astimezone(UTC).replace(microsecond=0)


def _text(parent: ET.Element, tag: str, text: str | None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _NOT_XML.sub("\ufffd", text or "")
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": kind, "href": _NOT_XML.sub("", href)})
