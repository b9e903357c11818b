"""Who is told (routing) and how a message reaches one channel (sending).

Each Apprise URL, and a notifier's webhook, is a channel sent to on its own, so one
channel's failure is retried without repeating the message on the channels that got it.
The outbox lives in `store`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from watcher.errors import NotifyError
from watcher.models import Event, EventKind, Message, NotifierSettings, NotifyOn
from watcher.redact import redact_text, scrub, secret_parts

from . import webhook

log = logging.getLogger(__name__)


def channel_id(url: str, *, webhook: bool = False) -> str:
    """A stable id for an Apprise URL, or a webhook's, that does not reveal its secrets.

    A webhook's id is made apart from an Apprise URL's, so that the two never share a queue.
    """
    material = f"webhook {url}" if webhook else url
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def wants(
    notifier: NotifierSettings, kind: EventKind, ai_change: str | None, substantive: bool = True
) -> bool:
    """Whether `notifier` asked to hear about an event of this kind.

    A change that is only cosmetic, renumbering, a new date or a move reaches only
    notifiers configured with `minor = true`. A document served from a new address
    (`moved`) concerns both those who follow changes and those who follow errors.
    """
    if kind in (EventKind.FETCH_ERROR, EventKind.RECOVERED):
        return NotifyOn.ERROR in notifier.on
    if kind is EventKind.MOVED:
        return bool({NotifyOn.CHANGE, NotifyOn.ERROR} & notifier.on)
    if NotifyOn.AI in notifier.on and ai_change is not None:
        return True
    return NotifyOn.CHANGE in notifier.on and (substantive or notifier.minor)


def route(
    notifiers: Iterable[NotifierSettings],
    kind: EventKind,
    ai_change: str | None = None,
    substantive: bool = True,
) -> tuple[tuple[str, str], ...]:
    """(notifier name, channel id) pairs owed a message for this event."""
    return tuple(
        (n.name, ch.id)
        for n in notifiers
        if wants(n, kind, ai_change, substantive)
        for ch in channels_of(n)
    )


@dataclass(frozen=True)
class Channel:
    """One Apprise URL of a notifier, or its webhook (with the secret that signs its posts)."""

    notifier: str
    url: str = field(repr=False)
    webhook: bool = False
    secret: str | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        """The channel id stored in the outbox."""
        return channel_id(self.url, webhook=self.webhook)


def channels_of(notifier: NotifierSettings) -> tuple[Channel, ...]:
    """A notifier's channels: its Apprise URLs in order, then its webhook."""
    out = tuple(Channel(notifier.name, url) for url in notifier.urls)
    if notifier.webhook:
        out += (Channel(notifier.name, notifier.webhook, webhook=True, secret=notifier.secret),)
    return out


def channels(notifiers: Iterable[NotifierSettings]) -> dict[tuple[str, str], Channel]:
    """Every configured channel, keyed as the outbox keys them."""
    return {(ch.notifier, ch.id): ch for n in notifiers for ch in channels_of(n)}


def send(
    channel: Channel,
    message: Message,
    *,
    failure: bool = False,
    event: Event | None = None,
    delivery: int = 0,
) -> None:
    """Deliver `message` to one channel; raises NotifyError with the channel's own reason.

    A webhook is sent `event` itself, as JSON, with the outbox row's id as `delivery`
    (`webhook.Rejected` when the receiver refuses it for good).
    No URL in the message carries credentials, and the reason of a failure never holds the
    channel's own secrets (it is logged, stored in the outbox and printed).
    """
    if channel.webhook:
        if event is None:
            raise ValueError("a webhook is sent the event, not a message")
        webhook.post(channel.notifier, channel.url, event, delivery, channel.secret)
        return
    # Imported here: Apprise costs every start-up ~80 ms, and most passes deliver nothing.
    import apprise

    message = _without_credentials(message)

    plugin = apprise.Apprise.instantiate(channel.url)
    if plugin is None:
        raise NotifyError(f"notifier {channel.notifier!r}: not a usable Apprise URL")
    formats = plugin.notify_format
    native = formats[0] if isinstance(formats, tuple) else formats
    if native == apprise.NotifyFormat.HTML:
        body, fmt = message.html, apprise.NotifyFormat.HTML
    elif native == apprise.NotifyFormat.MARKDOWN:
        body, fmt = message.markdown, apprise.NotifyFormat.MARKDOWN
    else:
        body, fmt = message.text, apprise.NotifyFormat.TEXT
    sender = apprise.Apprise()
    sender.add(plugin)
    kind = apprise.NotifyType.FAILURE if failure else apprise.NotifyType.INFO
    # Apprise reports failures only through its log; capture it so the reason is kept.
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        ok = sender.notify(body=body, title=message.title, body_format=fmt, notify_type=kind)
    if not ok:
        said = scrub(captured.getvalue(), {channel.url, *secret_parts(channel.url)})
        reason = " ".join(said.split())[:500] or "delivery failed"
        raise NotifyError(f"notifier {channel.notifier!r}: {reason}")


def _without_credentials(message: Message) -> Message:
    """`message` with the credentials of every URL in it masked (a watch URL may hold some)."""
    return replace(
        message,
        title=redact_text(message.title),
        text=redact_text(message.text),
        markdown=redact_text(message.markdown),
        html=redact_text(message.html),
    )
