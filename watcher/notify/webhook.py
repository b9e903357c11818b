"""The webhook for machines: each event POSTed as the JSON of the event contract, signed.

One request per event and channel, sent by the outbox like any Apprise message (retries
with backoff, each channel's events in order, at least once at a crash):

    POST <webhook>
    Content-Type: application/json
    User-Agent: watcher/<version> (webhook)
    X-Watcher-Event: <kind>            first_seen, changed, fetch_error, recovered, moved
    X-Watcher-Delivery: <outbox id>    the same on every retry of one message: deduplicate on it
    X-Watcher-Signature: sha256=<hex>  with `secret`: HMAC-SHA256 of the exact body bytes

    {"id": …, "watch": …, "url": …, "kind": …, "at": …, …}   (`watcher events --json`)

The webhook is configuration, not a page: the private-network policy of `[fetch]` does
not apply to it. Redirects are never followed (a 3xx is a failure), and nothing here ever
names the webhook's URL or its secret (the URL's path is often its token).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from watcher import __version__
from watcher.errors import NotifyError
from watcher.models import Event, event_contract
from watcher.redact import mask, redact_url, scrub, secret_parts

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# One request may take this long to connect, to send its body and to get its answer's
# status line, each: a receiver slower than this is down for us, and is retried later.
TIMEOUT = 10.0

USER_AGENT = f"watcher/{__version__} (webhook)"
SIGNATURE_HEADER = "X-Watcher-Signature"

# Answers that refuse this message as it is: the same bytes would be refused again and
# would hold every newer event of the channel behind them for ever, so the message is
# dropped. Everything else that is not 2xx is retried: 408 and 429 ask for it, 5xx and
# connection failures pass, and 401, 403, 404 and 410 say the endpoint or its secret is
# wrong, which the operator fixes without the message having to change.
REJECTED = frozenset({400, 413, 415, 422})


class Rejected(NotifyError):
    """The receiver refused the message itself (see REJECTED): it is dropped, not retried."""

    def __init__(self, notifier: str, status: int) -> None:
        self.status = status
        super().__init__(f"notifier {notifier!r}: webhook refused the event: {_status(status)}")


def payload(event: Event, conceal: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The event as `watcher events --json` shows it: the event contract, its URLs and
    summary without credentials (a release before 0.2 stored them unmasked) or `conceal`."""
    out = event_contract(event)
    for key in ("url", "from_url", "to_url"):
        if out.get(key):
            out[key] = mask(redact_url(out[key]), conceal)
    out["summary"] = scrub(out["summary"], conceal)
    return out


def body_of(event: Event, conceal: frozenset[str] = frozenset()) -> bytes:
    """The exact bytes posted (and signed): the payload as compact UTF-8 JSON."""
    return json.dumps(payload(event, conceal), ensure_ascii=False, separators=(",", ":")).encode()


def signature(body: bytes, secret: str) -> str:
    """The X-Watcher-Signature value: `sha256=` and the hex HMAC-SHA256 of `body` (GitHub's
    X-Hub-Signature-256 format). Receivers compare it in constant time."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def headers(event: Event, body: bytes, delivery: int, secret: str | None) -> dict[str, str]:
    """The request's headers; signed when a secret is configured."""
    out = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Watcher-Event": event.kind.value,
        "X-Watcher-Delivery": str(delivery),
    }
    if secret:
        out[SIGNATURE_HEADER] = signature(body, secret)
    return out


def shown_url(url: str) -> str:
    """The webhook's URL as it may be shown: credentials and token-like parts as `***`."""
    return mask(redact_url(url), secret_parts(url))


def post(
    notifier: str,
    url: str,
    event: Event,
    delivery: int,
    secret: str | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> None:
    """POST one event; returns on a 2xx answer. Raises `Rejected` when the receiver refuses
    the message itself, NotifyError for anything to retry (never naming the URL or secret)."""
    # Imported here, as Apprise is: the worker processes import `notify` (for its words) and
    # start without the network libraries.
    import httpx

    # The body is not masked of the receiver's own URL and secret (it knows them, and a short
    # secret would garble the text); the reasons of failures are, as they are logged.
    conceal = frozenset({url, *secret_parts(url), *([secret] if secret else [])})
    body = body_of(event)
    sent = headers(event, body, delivery, secret)
    log.debug("%s: posting event %d (delivery %d) to %s", event.watch, event.id, delivery, notifier)
    try:
        # The answer's body is never read: its status says all, and a receiver cannot make
        # us read (or log) anything more.
        with (
            httpx.Client(timeout=TIMEOUT, follow_redirects=False, transport=transport) as client,
            client.stream("POST", url, content=body, headers=sent) as answer,
        ):
            status = answer.status_code
    except httpx.TimeoutException:
        raise NotifyError(
            f"notifier {notifier!r}: webhook did not answer within {TIMEOUT:g} s"
        ) from None
    except httpx.HTTPError as exc:
        reason = " ".join(scrub(str(exc), conceal).split())[:300]
        what = type(exc).__name__
        raise NotifyError(
            f"notifier {notifier!r}: webhook unreachable: {what}: {reason or 'failed'}"
        ) from None
    if 200 <= status < 300:
        return
    if status in REJECTED:
        raise Rejected(notifier, status)
    hint = " (redirects are not followed: configure the final URL)" if 300 <= status < 400 else ""
    raise NotifyError(f"notifier {notifier!r}: webhook answered {_status(status)}{hint}")


def _status(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
