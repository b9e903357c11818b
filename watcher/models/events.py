"""Events as stored, and messages as channels receive them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    """Something a person may want to know."""

    FIRST_SEEN = "first_seen"
    CHANGED = "changed"
    FETCH_ERROR = "fetch_error"
    RECOVERED = "recovered"
    MOVED = "moved"  # the document is now served from another final URL


@dataclass(frozen=True)
class Event:
    """An event as stored: the design's event contract plus the rendered diff excerpts."""

    id: int
    watch: str  # watch id
    name: str
    url: str
    kind: EventKind
    at: datetime
    version_from: int | None
    version_to: int | None
    summary: str
    ai_change: str | None = None
    ai_findings: tuple[dict, ...] = ()
    diff_text: str = ""  # bounded unified excerpt
    diff_markdown: str = ""  # bounded markdown excerpt
    diff_html: str = ""  # bounded HTML excerpt
    substantive: bool = True  # False: only cosmetic, renumbering, date or moved blocks
    ai_direction: str | None = None  # Direction value
    ai_severity: str | None = None  # high | medium | low
    effective_before: str | None = None  # declared effective / last-updated date (ISO)
    effective_after: str | None = None
    silent_edit: bool = False  # a substantive change under an unchanged declared date


@dataclass(frozen=True)
class Message:
    """One notification, in the formats channels accept."""

    title: str
    text: str
    markdown: str
    html: str
