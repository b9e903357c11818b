"""uvicorn serving the application inside the caller's event loop, as one task.

The caller (the daemon, or `watcher serve`) owns the loop and the signals: uvicorn's own
signal handlers are left out, the socket is bound here so that an address in use is a
`ListenError` saying so (uvicorn would exit the process), and the application can be
swapped while the server runs (a reload that keeps the address keeps the connections).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from watcher.errors import WatcherError
from watcher.models.config import HttpSettings
from watcher.web.guard import SecurityHeaders

log = logging.getLogger(__name__)

# Seconds requests in progress get to finish when the server stops. Pages render in
# milliseconds; a slow or stuck client must not hold the daemon's stop for long.
STOP_GRACE = 5.0
# Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
STARTUP_TIMEOUT = 10.0
BACKLOG = 128  # connections waiting to be accepted (a handful of readers and scrapers)


class ListenError(WatcherError):
    """The web server cannot listen on its address (in use, not an address of this host…)."""

    def __init__(self, listen: str, reason: str) -> None:
        super().__init__(f"cannot listen on {listen}: {reason}")
        self.listen = listen


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers: the daemon owns SIGTERM, SIGINT and SIGHUP."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class _Current:
    """The application of the moment; `WebServer.swap` replaces it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class WebServer:
    """Serves an ASGI application on one address until `stop`."""

    def __init__(self, app: ASGIApp, settings: HttpSettings) -> None:
        self.settings = settings
        self._current = _Current(app)
        self._server: _EmbeddedServer | None = None
        self._task: asyncio.Task | None = None
        self._sock: socket.socket | None = None

    @property
    def listen(self) -> str:
        """The address as the configuration writes it."""
        return self.settings.listen

    @property
    def port(self) -> int:
        """The port listened on."""
        return self.settings.port

    def bind(self) -> None:
        """Take the address now (connections wait until `start`); raises ListenError."""
        if self._sock is None:
            self._sock = _bind(self.settings)

    async def start(self) -> None:
        """Bind the address, if not yet, and serve; raises ListenError when it cannot."""
        self.bind()
        sock, self._sock = self._sock, None
        assert sock is not None
        config = uvicorn.Config(
            # Outermost, so that even uvicorn's answer to an application that failed has them.
            SecurityHeaders(self._current),
            lifespan="off",
            log_config=None,  # the process's logging stays as `cli` set it
            access_log=False,
            server_header=False,
            proxy_headers=False,
            http="h11",
            ws="none",
            timeout_keep_alive=KEEP_ALIVE,
            backlog=BACKLOG,
            timeout_graceful_shutdown=int(STOP_GRACE),
        )
        self._server = _EmbeddedServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="web server")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_TIMEOUT
        while not self._server.started:
            if self._task.done():
                sock.close()
                failure = self._task.exception()
                why = " ".join(str(failure).split()) if failure else "it stopped as it started"
                raise ListenError(self.listen, why) from failure
            if loop.time() > deadline:
                await self.stop()
                raise ListenError(self.listen, "the server did not start in time")
            await asyncio.sleep(0.01)
        log.info("serving pages, /metrics and /healthz on http://%s/", self.listen)

    def swap(self, app: ASGIApp, settings: HttpSettings | None = None) -> None:
        """Serve `app` from the next request on (same address)."""
        self._current.app = app
        if settings is not None:
            self.settings = settings

    async def stop(self) -> None:
        """Stop accepting connections, let requests in progress finish, then return."""
        if self._sock is not None:  # bound, never started
            self._sock.close()
            self._sock = None
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(self._task), STOP_GRACE + 5.0)
        except TimeoutError:
            self._server.force_exit = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._server = self._task = None
        log.info("stopped serving on %s", self.listen)


def _bind(settings: HttpSettings) -> socket.socket:
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio sees a TCP socket and turns Nagle's algorithm off:
    # without it every small answer waited some 40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # A restarted daemon can bind again at once, despite connections in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host, settings.port))
        # Listening now holds the address (two sockets may bind it with SO_REUSEADDR until
        # one listens); connections made before serving starts wait in the backlog.
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise ListenError(settings.listen, exc.strerror or str(exc)) from exc
    return sock
