"""The web stage: read-only pages, feeds and JSON API, `/metrics` and `/healthz`, from the store.

app        `create_app`: the Starlette application every server runs
guard      what every response goes through: security headers, HTTP basic authentication
health     `/healthz`: the scheduler alive and the database answering
metrics    `/metrics`: the daemon's counters and the database's figures, Prometheus text format
pages      the pages, feeds and API, as routes over the store
server     uvicorn serving the application inside the caller's event loop
templates  Jinja2 over templates/, autoescaped; static/ holds the stylesheet

Nothing here writes to the store or fetches anything. The daemon's hooks (counters of checks
and deliveries, the scheduler's pulse) are fed by `cli`, which wires this stage to `schedule`.
"""

from watcher.web.app import create_app
from watcher.web.health import Health
from watcher.web.metrics import DaemonMetrics, metrics_registry
from watcher.web.server import ListenError, WebServer

__all__ = ["DaemonMetrics", "Health", "ListenError", "WebServer", "create_app", "metrics_registry"]
