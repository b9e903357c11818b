"""An internal service for the address-policy tests: a server on another loopback address.

127.0.0.2 is loopback like 127.0.0.1, but another address: `allow_networks = ["127.0.0.1/32"]`
allows the ordinary test server (tests/httpserver.py) and refuses this one, as a page's
host would be allowed and the intranet behind it refused.

    with SecretServer() as secret:
        secret.url("/latest/meta-data")   # http://127.0.0.2:PORT/latest/meta-data
        secret.hits                        # requests it answered
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "internal-secret-4f2a9c"  # what the service answers: must never be stored or rendered
HOST = "127.0.0.2"


class SecretServer:
    """Answers SECRET (text/html, readable by any origin) to every GET, counting them."""

    def __init__(self) -> None:
        self.hits = 0
        lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with lock:
                    owner.hits += 1
                body = f"<p>{SECRET}</p>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def __enter__(self) -> SecretServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
