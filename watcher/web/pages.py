"""The pages, feeds and JSON API: routes over the store, read-only.

`create_app` mounts whatever `routes` returns beside `/healthz`, `/metrics` and `/static/`.
Pages render with `templates.templates()` (autoescaped Jinja2, `base.html` as their layout);
every response already carries the security headers and, when configured, HTTP basic
authentication (see `guard`).
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from watcher.store import Store


def routes(store: Store) -> list[BaseRoute]:
    """Every page, feed and API route, reading `store`."""
    return []
