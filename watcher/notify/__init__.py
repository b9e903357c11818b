"""Events → messages → Apprise: routing, rendering and sending.

It never decides what changed, and it never touches the database: the outbox
lives in `store`, and `pipeline` hands rows from one to the other.
"""

from watcher.notify.channels import Channel, channel_id, channels, route, send, wants
from watcher.notify.render import ai_headline, diff_link, meaning, render, transition

__all__ = [
    "Channel",
    "ai_headline",
    "channel_id",
    "channels",
    "diff_link",
    "meaning",
    "render",
    "route",
    "send",
    "transition",
    "wants",
]
