"""Events → messages → Apprise, and events → JSON → webhooks: routing, rendering, sending.

It never decides what changed, and it never touches the database: the outbox
lives in `store`, and `pipeline` hands rows from one to the other.
"""

from watcher.notify.channels import (
    Channel,
    channel_id,
    channels,
    channels_of,
    route,
    send,
    wants,
)
from watcher.notify.render import ai_headline, diff_link, meaning, render, transition
from watcher.notify.webhook import Rejected, shown_url

__all__ = [
    "Channel",
    "Rejected",
    "ai_headline",
    "channel_id",
    "channels",
    "channels_of",
    "diff_link",
    "meaning",
    "render",
    "route",
    "send",
    "shown_url",
    "transition",
    "wants",
]
