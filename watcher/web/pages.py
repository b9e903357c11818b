"""The HTML pages: routes over the store, read-only, rendered on the server (no script).

    /                                 every watch: failing first, last check, last change, and
                                      what its document says about training AI, at a glance
    /watches/{id}                     its timeline: versions and events, newest first
                                      (`?page=N`, PAGE_SIZE entries a page)
    /watches/{id}/diff/{a}..{b}       two versions compared (the links of alerts land here)
    /watches/{id}/ai                  what the document says about training AI now, and each
                                      change of it
    /watches/{id}/versions/{n}/raw    the stored body of version n, as a download: a page as
                                      `text/plain; charset=utf-8`, never as live HTML

Policy text is untrusted. Templates autoescape everything (nothing derived from a page is
ever marked safe) and carry no inline script or style, so the CSP `app` sends holds. Every
store call, every diff and every rendering runs in a worker thread, never on the event loop.
URLs, summaries and error messages are shown with their credentials and the configuration's
`secrets` masked. With `base_url`, links carry its path (a server behind a proxy at
`https://example.org/watcher/`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from watcher import detect, diff
from watcher.envelope import COMBINED_TYPE
from watcher.errors import NotFound, StoreError
from watcher.models import ChangeClass, Finding
from watcher.redact import mask, redact_text
from watcher.store import Store, VersionInfo, WatchOverview
from watcher.web import templates, views

log = logging.getLogger(__name__)

PAGE_SIZE = 25  # timeline entries a page: each version's change classes cost one diff
COUNTS_CACHE = 4096  # version pairs whose change counts are kept (texts never change)
_SPAN = re.compile(r"([0-9]{1,9})\.\.([0-9]{1,9})")  # nine digits: no absurd integers
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_OUTCOME_WORDS = {
    "new_version": "new version",
    "pending": "new text, waiting to be seen again",
    "unchanged": "unchanged",
    "not_modified": "unchanged (not modified)",
    "error": "failed",
}
_EVENT_WORDS = {
    "first_seen": "first seen",
    "changed": "changed",
    "fetch_error": "cannot be fetched",
    "recovered": "fetched again",
    "moved": "moved",
}
_OP_WORDS = {"modified": "Changed", "added": "Added", "removed": "Removed"}
_CLASS_LABEL = {
    ChangeClass.SUBSTANTIVE: "substantive",
    ChangeClass.COSMETIC: "cosmetic",
    ChangeClass.RENUMBERING: "renumbering",
    ChangeClass.DATE_ONLY: "date only",
    ChangeClass.MOVED: "moved",
}


class BadRequest(ValueError):
    """A path or query value the pages cannot read: a 400 saying which."""


def routes(
    store: Store, base_url: str | None = None, *, secrets: Iterable[str] = ()
) -> list[BaseRoute]:
    """The pages' routes over `store`; links under the path of `base_url`, when given."""
    pages = _Pages(store, base_url, frozenset(secrets))
    return [
        Route("/", pages.endpoint(pages.dashboard), methods=["GET"]),
        Route("/watches/{watch}", pages.endpoint(pages.watch), methods=["GET"]),
        Route("/watches/{watch}/diff/{span}", pages.endpoint(pages.diff), methods=["GET"]),
        Route("/watches/{watch}/ai", pages.endpoint(pages.ai), methods=["GET"]),
        Route("/watches/{watch}/versions/{number}/raw", pages.endpoint(pages.raw), methods=["GET"]),
    ]


class _Pages:
    def __init__(self, store: Store, base_url: str | None, secrets: frozenset[str]) -> None:
        self.store = store
        self.secrets = secrets
        self.env = templates.environment()
        prefix = urlsplit(base_url).path.rstrip("/") if base_url else ""
        self.env.globals.update(
            prefix=prefix,
            class_label=_CLASS_LABEL,
            outcome_words=_OUTCOME_WORDS,
            event_words=_EVENT_WORDS,
            op_words=_OP_WORDS,
        )
        self.env.filters.update(
            scrub=self.scrub,
            when=_when,
            link=_link,
            plain=_plain,
            edges=_edges,
            capitalize_first=_capitalize_first,
        )
        self.env.tests["heading"] = _heading
        self.counts = _CountsCache(COUNTS_CACHE)

    def endpoint(self, build: Callable[[Request], Response]) -> Callable:
        """`build(request)` in a worker thread, its errors answered as pages."""

        async def run(request: Request) -> Response:
            return await asyncio.to_thread(self._guarded, build, request)

        return run

    def _guarded(self, build: Callable[[Request], Response], request: Request) -> Response:
        try:
            return build(request)
        except BadRequest as exc:
            return self.error(400, "Bad request", str(exc))
        except NotFound as exc:
            return self.error(404, "Not found", self.scrub(str(exc)))
        except StoreError as exc:
            message = self.scrub(str(exc))
            log.warning("%s: %s", request.url.path, message)
            return self.error(503, "The database is not answering", message)

    def render(self, template: str, http_status: int = 200, **context: object) -> HTMLResponse:
        html = self.env.get_template(f"pages/{template}").render(**context)
        return HTMLResponse(html, status_code=http_status)

    def error(self, status: int, title: str, detail: str) -> HTMLResponse:
        return self.render("error.html", status, status_code=status, title=title, detail=detail)

    def scrub(self, text: str | None) -> str:
        """`text` without URL credentials or any of the configuration's secrets."""
        return mask(redact_text(text), self.secrets) if text else ""

    # --- pages ---------------------------------------------------------------------------------

    def dashboard(self, request: Request) -> Response:
        rows = views.dashboard(self.store.overview())
        failing = sum(1 for r in rows if r.status == "failing")
        retrying = sum(1 for r in rows if r.status == "retrying")
        return self.render("dashboard.html", rows=rows, failing=failing, retrying=retrying)

    def watch(self, request: Request) -> Response:
        watch = self._watch(request)
        page = _page_number(request.query_params.get("page"))
        versions = self.store.versions(watch.id)
        entries = views.timeline(versions, self.store.events(watch.id))
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        if page > pages:
            raise NotFound(f"{watch.id}: no page {page} of its history (it has {pages})")
        shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        by_number = {v.number: v for v in versions}
        counts = {
            e.version: self._counts(by_number[e.previous], by_number[e.version])
            for e in shown
            if e.version is not None and e.previous is not None
        }
        return self.render(
            "watch.html",
            watch=watch,
            status=views.dashboard([watch])[0].status,
            entries=views.with_counts(shown, counts),
            versions=len(versions),
            page=page,
            pages=pages,
        )

    def diff(self, request: Request) -> Response:
        watch = self._watch(request)
        start, end = _span(request.path_params["span"])
        versions = {v.number: v for v in self.store.versions(watch.id)}
        for number in (start, end):
            if number not in versions:
                raise NotFound(f"{watch.id} has no version {number}")
        old, old_findings = self._version(watch.id, start)
        new, new_findings = self._version(watch.id, end)
        view = views.diff_view(old, new, old_findings, new_findings)
        events = self.store.events(watch.id)
        event = next((e for e in events if (e.version_from, e.version_to) == (start, end)), None)
        return self.render(
            "diff.html",
            watch=watch,
            start=versions[start],
            end=versions[end],
            view=view,
            event=event,
            older=_neighbour(versions, start, -1),
            newer=_neighbour(versions, end, +1),
        )

    def ai(self, request: Request) -> Response:
        watch = self._watch(request)
        findings: tuple[Finding, ...] = ()
        if watch.latest_version is not None:
            found = watch.findings
            if found is None:
                _, text = self.store.text(watch.id, watch.latest_version)
                found = detect.scan(text)
            findings = tuple(found)
        history = views.ai_history(watch.latest_version, findings, self.store.events(watch.id))
        return self.render("ai.html", watch=watch, history=history)

    def raw(self, request: Request) -> Response:
        watch_id = request.path_params["watch"]
        number = _number(request.path_params["number"])
        for n, body, content_type in self.store.bodies(watch_id):
            if n == number:
                return _download(f"{watch_id}-v{number}", body, content_type)
        self._watch(request)  # NotFound for an unknown watch, first
        raise NotFound(f"{watch_id} has no version {number}")

    # --- reading the store ---------------------------------------------------------------------

    def _watch(self, request: Request) -> WatchOverview:
        watch_id = request.path_params["watch"]
        for w in self.store.overview():
            if w.id == watch_id:
                return w
        raise NotFound(f"no watch with id {watch_id!r}")

    def _version(self, watch_id: str, number: int) -> tuple[str, tuple[Finding, ...]]:
        """A version's text and findings; findings never read (a version stored before
        release 0.2, or re-derived since) are read now."""
        _, text = self.store.text(watch_id, number)
        findings = self.store.findings(watch_id, number)
        return text, tuple(detect.scan(text) if findings is None else findings)

    def _counts(self, old: VersionInfo, new: VersionInfo) -> views.ClassCounts:
        key = (old.text_sha256, new.text_sha256)
        found = self.counts.get(key)
        if found is None:
            d = diff.compute(
                self.store.text_of(old.text_sha256), self.store.text_of(new.text_sha256)
            )
            found = self.counts.put(key, views.change_counts(d))
        return found


class _CountsCache:
    """Change counts of version pairs, by their texts' digests; least recently used go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], views.ClassCounts] = OrderedDict()
        self._lock = threading.Lock()  # pages render in several worker threads

    def get(self, key: tuple[str, str]) -> views.ClassCounts | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], counts: views.ClassCounts) -> views.ClassCounts:
        with self._lock:
            self._items[key] = counts
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return counts


# --- values read from requests --------------------------------------------------------------------


def _span(value: str) -> tuple[int, int]:
    match = _SPAN.fullmatch(value)
    if match is None:
        raise BadRequest(f"{value!r} is not a range of versions such as 3..4")
    return int(match.group(1)), int(match.group(2))


def _number(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadRequest(f"{value!r} is not a version number")
    return int(value)


def _page_number(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 6 or int(value) < 1:
        raise BadRequest(f"page {value!r} is not a page number (1, 2, …)")
    return int(value)


def _neighbour(versions: dict[int, VersionInfo], number: int, step: int) -> tuple[int, int] | None:
    """The diff one version older (step -1) or newer (+1) than `number`, if there is one."""
    numbers = sorted(versions)
    at = numbers.index(number) + step
    if 0 <= at < len(numbers):
        return (numbers[at], number) if step < 0 else (number, numbers[at])
    return None


# --- the raw body ---------------------------------------------------------------------------------


def _download(name: str, body: bytes, content_type: str) -> Response:
    """The stored body as an attachment: a PDF as itself, a combined document's envelope as
    JSON, anything else as UTF-8 plain text (a `.txt` file: opened later, it is still text)."""
    media = content_type.split(";")[0].strip().lower()
    name = _UNSAFE_NAME.sub("_", name)
    if media == "application/pdf":
        filename, media_type = f"{name}.pdf", "application/pdf"
    elif media == COMBINED_TYPE:
        filename, media_type = f"{name}.json", "application/json"
    else:
        ext = "html" if "html" in media else "xml" if "xml" in media else "body"
        filename, media_type = f"{name}.{ext}.txt", "text/plain; charset=utf-8"
        body = _utf8(body, content_type)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


def _utf8(body: bytes, content_type: str) -> bytes:
    """`body` in UTF-8: as stored when it is UTF-8 already, else read in its charset."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    match = re.search(r"charset=\"?([\w.:-]+)", content_type, re.IGNORECASE)
    try:
        return body.decode(match.group(1) if match else "windows-1252", "replace").encode()
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", "replace").encode()


# --- template filters -----------------------------------------------------------------------------


def _when(at: datetime | None) -> str:
    """`2026-05-13 10:12 UTC`."""
    if at is None:
        return ""
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime("%Y-%m-%d %H:%M UTC")


def _link(url: str | None) -> str | None:
    """`url` when it may be a link (http or https), else None: a page links out to nothing else."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


_HEADING = re.compile(r"^#{1,6} ")


def _heading(block: str) -> bool:
    return block.startswith("#")


def _plain(block: str) -> str:
    """A block of canonical text without its heading marker (a page shows it as a heading)."""
    return _HEADING.sub("", block, count=1)


_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


def _edges(text: str) -> tuple[str, str, str]:
    """(leading whitespace, words, trailing whitespace): marks hug the words, not the spaces."""
    match = _EDGES.match(text)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2), match.group(3)


def _capitalize_first(text: str) -> str:
    """`text` with its first letter upper-case, the rest as it is (Jinja's `capitalize`
    lower-cases the rest: "AI" would read "ai")."""
    return text[:1].upper() + text[1:]
