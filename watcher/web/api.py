"""The JSON API: the store's watches, versions, events and diffs, read-only.

    /api/watches                      every watch at a glance (see `serialize.watch_json`)
    /api/watches/{id}/versions        its versions, oldest first
    /api/watches/{id}/diff/{a}..{b}   the diff between two of its versions (`views.diff_view`)
    /api/events                       events in the event contract, oldest first, exactly as
                                      `watcher events --json` prints them; `?since=` (ISO 8601,
                                      naive is UTC) and `?watch=` (an id) as its options

Every answer is `application/json; charset=utf-8`; an error is `{"error": "..."}` with its
status: 400 for a malformed value, 404 for an unknown watch, version or path under /api/,
503 when the database cannot answer. Queries and serialization run in worker threads; events
are streamed as they are read (a database failing in the middle of them cuts the answer short).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from watcher import db, detect
from watcher.errors import NotFound, StoreError
from watcher.models import Event, Finding
from watcher.redact import scrub
from watcher.store import Store
from watcher.web.serialize import (
    JSON_TYPE,
    Json,
    diff_json,
    error,
    event_json,
    in_thread,
    parse_since,
    parse_span,
    version_json,
    watch_json,
)
from watcher.web.views import diff_view

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]


class BadRequest(ValueError):
    """A query or path value the API cannot read: a 400 saying which and why."""


def routes(store: Store, *, secrets: Iterable[str] = ()) -> list[BaseRoute]:
    """The API's routes over `store`; `secrets` are masked wherever they would show."""
    api = _Api(store, frozenset(secrets))
    guard = api.guard
    return [
        Route("/api/watches", guard(api.watches), methods=["GET"]),
        Route("/api/watches/{watch}/versions", guard(api.versions), methods=["GET"]),
        Route("/api/watches/{watch}/diff/{span}", guard(api.diff), methods=["GET"]),
        Route("/api/events", guard(api.events), methods=["GET"]),
        # Anything else under /api/ is a JSON 404 too, not the pages' HTML one.
        Route("/api/{rest:path}", guard(api.unknown), methods=["GET"]),
    ]


class _Api:
    def __init__(self, store: Store, secrets: frozenset[str]) -> None:
        self.store = store
        self.secrets = secrets

    def guard(self, endpoint: Endpoint) -> Endpoint:
        """`endpoint` with the store's and the request's errors answered as JSON."""

        async def guarded(request: Request) -> Response:
            try:
                # The database's own failures become DatabaseErrors saying what they mean.
                with db.failures(str(self.store.engine.url)):
                    return await endpoint(request)
            except BadRequest as exc:
                return error(400, str(exc))
            except NotFound as exc:
                return error(404, scrub(str(exc), self.secrets))
            except StoreError as exc:
                message = scrub(str(exc), self.secrets)
                log.warning("%s: %s", request.url.path, message)
                return error(503, message)

        return guarded

    # Each answer is queried, serialized and encoded in a worker thread (`_name`): a list of
    # thousands of events takes the loop from no one.

    async def watches(self, request: Request) -> Response:
        return await in_thread(self._watches)

    def _watches(self) -> Json:
        return Json([watch_json(w, self.secrets) for w in self.store.overview()])

    async def versions(self, request: Request) -> Response:
        return await in_thread(self._versions, request.path_params["watch"])

    def _versions(self, watch: str) -> Json:
        self.store.state(watch)  # NotFound for a watch the database does not know
        return Json([version_json(v) for v in self.store.versions(watch)])

    async def events(self, request: Request) -> Response:
        since = _since(request.query_params.get("since"))
        watch = request.query_params.get("watch") or None
        chunks = await in_thread(self._events, watch, since)
        # Sent as it is read and serialized (each next chunk made in a worker thread), so
        # the answer takes the memory of one batch of events, not of the whole list.
        return StreamingResponse(chunks, media_type=JSON_TYPE)

    def _events(self, watch: str | None, since: datetime | None) -> Iterator[bytes]:
        if watch is not None:
            self.store.state(watch)
        batches = self.store.iter_events(watch, since)
        # The first batch is read before the answer starts: a database that cannot answer
        # is a 503 here, not an answer cut short.
        first = next(batches, [])
        return self._event_chunks(itertools.chain([first], batches))

    def _event_chunks(self, batches: Iterable[list[Event]]) -> Iterator[bytes]:
        """The JSON array of the events, exactly as `Json` renders a list, batch by batch."""
        lead = b"["
        for batch in batches:
            if batch:
                yield lead + b",".join(_compact(event_json(e, self.secrets)) for e in batch)
                lead = b","
        yield b"[]" if lead == b"[" else b"]"

    async def diff(self, request: Request) -> Response:
        watch = request.path_params["watch"]
        try:
            start, end = parse_span(request.path_params["span"])
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
        return await in_thread(self._diff, watch, start, end)

    def _diff(self, watch: str, start: int, end: int) -> Json:
        old, old_findings = self._version(watch, start)
        new, new_findings = self._version(watch, end)
        view = diff_view(old, new, old_findings, new_findings)
        return Json(diff_json(view, watch, start, end))

    def _version(self, watch: str, number: int) -> tuple[str, Sequence[Finding]]:
        """A version's text and findings (NotFound when there is no such version); findings
        never read (a version stored before release 0.2, or re-derived since) are read now."""
        _, text = self.store.text(watch, number)
        findings = self.store.findings(watch, number)
        return text, detect.scan(text) if findings is None else findings

    async def unknown(self, request: Request) -> Response:
        return error(404, f"no such API path: {request.url.path}")


def _compact(value: Any) -> bytes:
    """`value` as `Json` (Starlette's JSONResponse) renders it."""
    return json.dumps(
        value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode()


def _since(value: str | None) -> datetime | None:
    if not value:  # absent or empty, as `watcher events` without --since
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
