"""What every response goes through: security headers, and HTTP basic authentication.

Both are plain ASGI middleware (no response buffering), so they apply alike to pages, feeds,
the stylesheet, errors and the 401 itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from watcher.models.config import HttpSettings

# Policy text is untrusted: even if a page let some of it through as markup, the browser
# runs no script (none is allowed), loads nothing from elsewhere, submits no form, and the
# page cannot be framed by another site.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),  # a stored page sent as text stays text
    (b"referrer-policy", b"no-referrer"),  # links out do not tell where they were followed from
)
REALM = "Watcher"


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secured)


class BasicAuth:
    """HTTP basic authentication of every path but `open_paths`, when `settings` set a password.

    User name and password are compared in constant time (as digests, so that their lengths
    do not show either).
    """

    def __init__(self, app: ASGIApp, settings: HttpSettings, open_paths: Iterable[str] = ()):
        self.app = app
        self.open_paths = frozenset(open_paths)
        self._expected: tuple[bytes, bytes] | None = None
        if settings.user is not None and settings.password is not None:
            self._expected = (_digest(settings.user), _digest(settings.password))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or self._expected is None
            or scope["path"] in self.open_paths
            or self._authorized(Headers(scope=scope).get("authorization"))
        ):
            await self.app(scope, receive, send)
            return
        challenge = {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'}
        response = PlainTextResponse("authentication required\n", 401, headers=challenge)
        await response(scope, receive, send)

    def _authorized(self, header: str | None) -> bool:
        assert self._expected is not None
        scheme, _, encoded = (header or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, sep, password = decoded.partition(":")
        if not sep:
            return False
        # `&`, not `and`: both comparisons always run.
        return hmac.compare_digest(_digest(user), self._expected[0]) & hmac.compare_digest(
            _digest(password), self._expected[1]
        )


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()
