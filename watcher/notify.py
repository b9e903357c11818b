"""Events → messages → Apprise.

This module decides who wants an event (routing), how it reads (rendering) and
how it is sent (one Apprise URL at a time, so one channel's failure is retried
without repeating the message on the channels that got it). It never decides
what changed, and it never touches the database: the outbox lives in `store`.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import apprise

from watcher.errors import NotifyError
from watcher.models import Event, EventKind, Message, NotifierSettings, NotifyOn

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0  # seconds for one channel; a hung endpoint must not stall delivery

_TITLES = {
    EventKind.FIRST_SEEN: "now watched",
    EventKind.CHANGED: "changed",
    EventKind.FETCH_ERROR: "cannot be fetched",
    EventKind.RECOVERED: "can be fetched again",
}


def channel_id(url: str) -> str:
    """A stable id for an Apprise URL that does not reveal its secrets."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def wants(
    notifier: NotifierSettings, kind: EventKind, ai_change: str | None, substantive: bool = True
) -> bool:
    """Whether `notifier` asked to hear about an event of this kind.

    A change that is only cosmetic, renumbering, a new date or a move reaches only
    notifiers configured with `minor = true`.
    """
    if kind in (EventKind.FETCH_ERROR, EventKind.RECOVERED):
        return NotifyOn.ERROR in notifier.on
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


def diff_link(base_url: str | None, event: Event) -> str | None:
    """Where the full diff of a change can be read, when a base URL is configured."""
    if not base_url or event.version_to is None or event.kind is not EventKind.CHANGED:
        return None
    base = base_url.rstrip("/")
    return f"{base}/watches/{event.watch}/diff/{event.version_from}..{event.version_to}"


def render(event: Event, base_url: str | None = None) -> Message:
    """The message for one event, in plain text, markdown and HTML."""
    title = f"{event.name} {_TITLES[event.kind]}"
    when = event.at.strftime("%Y-%m-%d %H:%M UTC")
    versions = ""
    if event.version_to is not None:
        versions = (
            f"version {event.version_from} → {event.version_to}"
            if event.version_from is not None
            else f"version {event.version_to}"
        )
    meta = " · ".join(p for p in (versions, when) if p)
    link = diff_link(base_url, event)

    text = [f"{event.name}: {event.summary}", event.url, meta]
    md = [f"**{_md(event.name)}**: {_md(event.summary)}", f"<{event.url}>", meta]
    hb = [
        f"<p><strong>{html.escape(event.name)}</strong>: {html.escape(event.summary)}<br>"
        f'<a href="{html.escape(event.url, quote=True)}">{html.escape(event.url)}</a><br>'
        f"<small>{html.escape(meta)}</small></p>"
    ]
    if event.diff_text:
        text += ["", event.diff_text]
        md += ["", event.diff_markdown or event.diff_text]
        hb.append(event.diff_html or f"<pre>{html.escape(event.diff_text)}</pre>")
    if link:
        text += ["", f"Full diff: {link}"]
        md += ["", f"Full diff: <{link}>"]
        hb.append(f'<p><a href="{html.escape(link, quote=True)}">Full diff</a></p>')
    return Message(title=title, text="\n".join(text), markdown="\n".join(md), html="\n".join(hb))


def _md(s: str) -> str:
    # Names and summaries are plain text: keep them from being read as markup.
    for ch in "\\*_`~[]":
        s = s.replace(ch, "\\" + ch)
    return s


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
    """Deliver `message` to one channel; raises NotifyError with the channel's own reason."""
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
        reason = " ".join(captured.getvalue().split())[:500] or "delivery failed"
        raise NotifyError(f"notifier {channel.notifier!r}: {reason}")
