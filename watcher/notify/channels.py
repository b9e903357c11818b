"""Who is told (routing) and how a message reaches one channel (sending).

Each Apprise URL is sent to on its own, so one channel's failure is retried without
repeating the message on the channels that got it. The outbox lives in `store`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from watcher.errors import NotifyError
from watcher.models import EventKind, Message, NotifierSettings, NotifyOn
from watcher.redact import mask, redact_text, secret_parts

log = logging.getLogger(__name__)


def channel_id(url: str) -> str:
    """A stable id for an Apprise URL that does not reveal its secrets."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


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
        (n.name, channel_id(url))
        for n in notifiers
        if wants(n, kind, ai_change, substantive)
        for url in n.urls
    )


@dataclass(frozen=True)
class Channel:
    """One Apprise URL of a notifier."""

    notifier: str
    url: str

    @property
    def id(self) -> str:
        """The channel id stored in the outbox."""
        return channel_id(self.url)


def channels(notifiers: Iterable[NotifierSettings]) -> dict[tuple[str, str], Channel]:
    """Every configured channel, keyed as the outbox keys them."""
    out = {}
    for n in notifiers:
        for url in n.urls:
            ch = Channel(n.name, url)
            out[(n.name, ch.id)] = ch
    return out


def send(channel: Channel, message: Message, *, failure: bool = False) -> None:
    """Deliver `message` to one channel; raises NotifyError with the channel's own reason.

    No URL in the message carries credentials, and the reason of a failure never holds the
    channel's own secrets (it is logged, stored in the outbox and printed).
    """
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
        said = mask(redact_text(captured.getvalue()), {channel.url, *secret_parts(channel.url)})
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
