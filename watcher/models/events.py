"""Events as stored, and messages as channels receive them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from watcher.models.report import ChangeReport


class EventKind(StrEnum):
    """Something a person may want to know."""

    FIRST_SEEN = "first_seen"
    CHANGED = "changed"
    FETCH_ERROR = "fetch_error"
    RECOVERED = "recovered"
    MOVED = "moved"  # the document is now served from another final URL


@dataclass(frozen=True)
class Event:
    """An event as stored: the design's event contract, its change report typed."""

    id: int
    watch: str  # watch id
    name: str
    url: str
    kind: EventKind
    at: datetime
    version_from: int | None
    version_to: int | None
    summary: str
    report: ChangeReport = field(default_factory=ChangeReport)


@dataclass(frozen=True)
class Excerpt:
    """A bounded piece of a diff, rendered for a message: plain text, markdown and HTML."""

    text: str
    markdown: str
    html: str


@dataclass(frozen=True)
class Excerpts:
    """What a message shows of a change, rendered when it is sent: the diff of the document,
    and of each changed AI-training clause (by its index in the report's findings)."""

    document: Excerpt | None = None
    clauses: dict[int, Excerpt] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """One notification, in the formats channels accept."""

    title: str
    text: str
    markdown: str
    html: str
