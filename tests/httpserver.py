"""A real HTTP/1.1 server on 127.0.0.1 for tests, its answers programmed per test.

    def test_something(http_server):               # the fixture in conftest.py
        http_server.route("/terms", Reply(body="<p>Terms</p>", headers={"ETag": '"v1"'}))
        http_server.route("/flaky", Reply(status=503), Reply(body="ok"))   # in turn; last repeats
        http_server.route("/dyn", lambda req: Reply(status=404 if req.header("Cookie") else 200))
        url = http_server.url("/terms")
        ...
        assert http_server.requests_to("/flaky")[1].header("user-agent").startswith("watcher/")

A `Reply` can also stall (`delay`), drip its body (`chunk_size`, `chunk_delay`), stream a
large body lazily (`stream`), frame it by Content-Length, chunked or connection close,
reset the connection before answering or in the middle of the body, or lie about its
Content-Length. Unknown paths get a 404. Everything stops when the fixture ends: sleeping
handlers wake up and open connections are shut.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import urlsplit

# An idle keep-alive connection is dropped after this many seconds, so no handler
# thread outlives a test for long even if the client never closes.
IDLE_TIMEOUT = 5.0


@dataclass(frozen=True)
class Request:
    """One request as the server received it."""

    method: str
    target: str  # path and query, as sent
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""  # request body (webhook deliveries), read by Content-Length

    @property
    def path(self) -> str:
        """The target without its query."""
        return urlsplit(self.target).path

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass(frozen=True)
class Reply:
    """What the server answers to one request."""

    status: int = 200
    body: bytes | str = b""  # str is sent as UTF-8
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    content_type: str | None = "text/html; charset=utf-8"  # None: no Content-Type header
    # A body produced while sending (for bodies too big to build first); called per request.
    stream: Callable[[], Iterable[bytes]] | None = None
    framing: Literal["length", "chunked", "close"] = "length"
    length: int | None = None  # Content-Length to declare (default: the body's; needed with stream)
    delay: float = 0.0  # seconds before the status line
    chunk_size: int = 64 * 1024  # how `body` is cut into writes
    chunk_delay: float = 0.0  # seconds between writes (a slow drip)
    abort: Literal["reset", "close"] | None = None  # instead of answering: RST, or a plain close
    reset_after: int | None = None  # send this many body bytes, then reset the connection

    def pieces(self) -> Iterator[bytes]:
        """The body, in the writes it is sent as."""
        if self.stream is not None:
            yield from self.stream()
            return
        body = self.body.encode() if isinstance(self.body, str) else self.body
        for start in range(0, len(body), self.chunk_size):
            yield body[start : start + self.chunk_size]


Handler = Callable[[Request], Reply]

NOT_FOUND = Reply(status=404, body="not found", content_type="text/plain")


class HTTPTestServer:
    """A threaded HTTP server on 127.0.0.1 and an ephemeral port; use it as a context manager."""

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._connections: set[socket.socket] = set()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        """An absolute URL on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *replies: Reply | Handler) -> None:
        """Answer requests to `path` (query ignored) with `replies` in turn, repeating the last.

        A reply may be a function of the `Request` returning a `Reply`.
        """
        if not replies:
            raise ValueError("route() needs at least one reply")
        turns = iter(range(len(replies)))
        lock = threading.Lock()

        def handler(request: Request) -> Reply:
            with lock:
                reply = replies[next(turns, len(replies) - 1)]
            return reply(request) if callable(reply) else reply

        with self._lock:
            self._routes[path] = handler

    @property
    def requests(self) -> list[Request]:
        """Every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[Request]:
        """The requests received for `path` (query ignored)."""
        return [r for r in self.requests if r.path == path]

    def start(self) -> HTTPTestServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake sleeping handlers and shut every open connection."""
        self._stopped.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed
                conn.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> HTTPTestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- called from handler threads ------------------------------------------

    def _answer(self, handler: _RequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        request = Request(
            method=handler.command,
            target=handler.path,
            headers=tuple(handler.headers.items()),
            body=handler.rfile.read(length) if length else b"",
        )
        with self._lock:
            self._requests.append(request)
            route = self._routes.get(request.path)
        reply = route(request) if route is not None else NOT_FOUND
        try:
            self._send(handler, reply, head=request.method == "HEAD")
        except OSError:  # the client went away (it timed out, or gave up on a large body)
            handler.close_connection = True

    def _send(self, handler: _RequestHandler, reply: Reply, *, head: bool) -> None:
        if reply.delay and self._stopped.wait(reply.delay):
            handler.close_connection = True
            return
        if reply.abort == "reset":
            _reset(handler)
            return
        if reply.abort == "close":
            handler.close_connection = True
            return
        handler.send_response(reply.status)
        items = reply.headers.items() if isinstance(reply.headers, Mapping) else reply.headers
        for name, value in items:
            handler.send_header(name, value)
        if reply.content_type is not None:
            handler.send_header("Content-Type", reply.content_type)
        pieces: Iterable[bytes] = () if head else reply.pieces()
        if reply.framing == "length":
            length = reply.length
            if length is None:
                pieces = list(pieces)
                length = sum(len(p) for p in pieces)
            handler.send_header("Content-Length", str(length))
        elif reply.framing == "chunked":
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        sent = 0
        for piece in pieces:
            if reply.reset_after is not None and sent + len(piece) >= reply.reset_after:
                handler.wfile.write(piece[: reply.reset_after - sent])
                _reset(handler)
                return
            if sent and reply.chunk_delay and self._stopped.wait(reply.chunk_delay):
                handler.close_connection = True
                return
            if reply.framing == "chunked" and piece:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                handler.wfile.write(piece)
            sent += len(piece)
        if reply.framing == "chunked":
            handler.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: HTTPTestServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        with self.owner._lock:
            self.owner._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self.owner._lock:
            self.owner._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        pass  # a client hanging up mid-answer is what many tests do on purpose


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, chunked bodies
    timeout = IDLE_TIMEOUT
    server: _Server

    def do_GET(self) -> None:
        self.server.owner._answer(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest's output for the tests


def _reset(handler: _RequestHandler) -> None:
    """Close the connection with a TCP RST instead of a FIN (SO_LINGER with a zero timeout)."""
    conn = handler.connection
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.rfile.close()  # the socket only really closes once its makefile() is gone
    conn.close()
    handler.close_connection = True


def closed_port_url(path: str = "/") -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def repeat(piece: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    """A `Reply.stream` of `total` bytes made of `piece` repeated (nothing built in memory)."""

    def stream() -> Iterator[bytes]:
        left = total
        while left > 0:
            yield piece[:left]
            left -= len(piece)

    return stream


__all__ = [
    "NOT_FOUND",
    "HTTPTestServer",
    "Reply",
    "Request",
    "closed_port_url",
    "repeat",
]
