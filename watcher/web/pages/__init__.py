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

words   how values are worded and formatted (the templates' filters)
reads   what pages read from the store, and keep between requests
raw     a stored body as a download
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from watcher.errors import NotFound, StoreError
from watcher.models import Finding
from watcher.redact import scrub as redact_scrub
from watcher.store import Store, VersionInfo
from watcher.web import templates, views
from watcher.web.pages import words
from watcher.web.pages.raw import download
from watcher.web.pages.reads import Counts, Overview, version

log = logging.getLogger(__name__)

PAGE_SIZE = 25  # timeline entries a page: each version's change classes cost one diff
SCRUBBED = 8192  # texts whose scrubbed form is kept (URLs and messages recur on every page)
_SPAN = re.compile(r"([0-9]{1,9})\.\.([0-9]{1,9})")  # nine digits: no absurd integers


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
        self.overview = Overview(store)
        self.counts = Counts(store)
        self.env = templates.environment()
        self.env.globals.update(
            prefix=urlsplit(base_url).path.rstrip("/") if base_url else "",
            class_label=words.CLASS_LABEL,
            outcome_words=words.OUTCOME_WORDS,
            event_words=words.EVENT_WORDS,
            op_words=words.OP_WORDS,
        )

        @lru_cache(maxsize=SCRUBBED)
        def scrub(text: str | None) -> str:
            """`text` without URL credentials or any of the configuration's secrets."""
            return redact_scrub(text, secrets) if text else ""

        self.scrub = scrub
        self.env.filters.update(
            scrub=scrub,
            when=words.when,
            link=words.link,
            plain=words.plain,
            edges=words.edges,
            capitalize_first=words.capitalize_first,
        )
        self.env.tests["heading"] = words.heading

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

    # --- pages ---------------------------------------------------------------------------------

    def dashboard(self, request: Request) -> Response:
        rows = views.dashboard(self.overview.watches())
        failing = sum(1 for r in rows if r.status == "failing")
        retrying = sum(1 for r in rows if r.status == "retrying")
        return self.render("dashboard.html", rows=rows, failing=failing, retrying=retrying)

    def watch(self, request: Request) -> Response:
        watch = self.overview.watch(request.path_params["watch"])
        page = _page_number(request.query_params.get("page"))
        versions = self.store.versions(watch.id)
        entries = views.timeline(versions, self.store.events(watch.id))
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        if page > pages:
            raise NotFound(f"{watch.id}: no page {page} of its history (it has {pages})")
        shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        by_number = {v.number: v for v in versions}
        counts = {
            e.version: self.counts.between(by_number[e.previous], by_number[e.version])
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
        watch = self.overview.watch(request.path_params["watch"])
        start, end = _span(request.path_params["span"])
        versions = {v.number: v for v in self.store.versions(watch.id)}
        for number in (start, end):
            if number not in versions:
                raise NotFound(f"{watch.id} has no version {number}")
        old, old_findings = version(self.store, watch.id, start)
        new, new_findings = version(self.store, watch.id, end)
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
        watch = self.overview.watch(request.path_params["watch"])
        findings: tuple[Finding, ...] = ()
        if watch.latest_version is not None:
            if watch.findings is None:
                _, findings = version(self.store, watch.id, watch.latest_version)
            else:
                findings = watch.findings
        history = views.ai_history(watch.latest_version, findings, self.store.events(watch.id))
        return self.render("ai.html", watch=watch, history=history)

    def raw(self, request: Request) -> Response:
        watch_id = request.path_params["watch"]
        number = _number(request.path_params["number"])
        for _, body, content_type in self.store.bodies(watch_id, number):
            return download(f"{watch_id}-v{number}", body, content_type)
        self.overview.watch(watch_id)  # NotFound for an unknown watch, first
        raise NotFound(f"{watch_id} has no version {number}")


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
