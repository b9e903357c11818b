"""The Starlette application: operations endpoints, the stylesheet, and the pages' routes.

    /healthz              200 `ok`, or 503 with what is wrong (see `health`)
    /metrics              the Prometheus text format (see `metrics`)
    /static/…             the stylesheets
    /api/…                the JSON API (`api.routes`)
    *.atom                the feeds (`feeds.routes`)
    everything else       the pages (`pages.routes`)

Every response carries the security headers; with a password in [http], every path asks for
it, but /healthz and /metrics unless `open_health = false`. Only GET and HEAD are routed:
nothing served here writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from watcher.models.config import HttpSettings
from watcher.store import Store
from watcher.web import api, feeds, pages
from watcher.web.guard import BasicAuth, SecurityHeaders
from watcher.web.health import Health

OPERATIONS = ("/healthz", "/metrics")  # open without a password unless open_health = false
NO_STORE = {"Cache-Control": "no-store"}  # a probe must never be answered from a cache


def create_app(
    store: Store,
    settings: HttpSettings,
    *,
    health: Health,
    metrics: CollectorRegistry,
    base_url: str | None = None,
    secrets: Iterable[str] = (),
) -> Starlette:
    """The application serving `store`, guarded as `settings` say.

    `base_url` (`[notify] base_url`) is where links point, when set; `secrets` (the
    configuration's) are masked wherever a page, the API or a feed would show them.
    """

    async def healthz(request: Request) -> Response:
        problem = await health.problem()
        if problem is None:
            return PlainTextResponse("ok\n", headers=NO_STORE)
        return PlainTextResponse(problem + "\n", status_code=503, headers=NO_STORE)

    async def metrics_page(request: Request) -> Response:
        encoder, content_type = choose_encoder(request.headers.get("accept"))
        # In a thread: the database's figures are queried as the registry is collected.
        body = await asyncio.to_thread(encoder, metrics)
        return Response(body, media_type=content_type, headers=NO_STORE)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics_page, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("watcher.web", "static")]), name="static"),
        *api.routes(store, secrets=secrets),
        *feeds.routes(store, base_url, secrets=secrets),
        *pages.routes(store, base_url, secrets=secrets),
    ]
    open_paths = OPERATIONS if settings.open_health else ()
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BasicAuth, settings=settings, open_paths=open_paths),
    ]
    return Starlette(routes=routes, middleware=middleware)
