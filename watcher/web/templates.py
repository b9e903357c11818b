"""Jinja2 over the package's templates/, autoescaped: policy text is untrusted."""

from __future__ import annotations

import jinja2
from starlette.templating import Jinja2Templates


def environment() -> jinja2.Environment:
    """The template environment: every `{{ value }}` is HTML-escaped, unknown names fail."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("watcher.web", "templates"),
        autoescape=True,  # for every template, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def templates() -> Jinja2Templates:
    """Starlette's template responses over `environment()`."""
    return Jinja2Templates(env=environment())
