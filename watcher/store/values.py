"""What the store gives back: history entries, claimed deliveries, stored events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert

from watcher.db import EventRow
from watcher.errors import Conflict, LeaseLost
from watcher.models import Event, EventKind, report_from_json

__all__ = [
    "Conflict",
    "Delivery",
    "LeaseLost",
    "VersionInfo",
    "aware",
    "insert_new",
    "stored_event",
]


def aware(at: datetime | None) -> datetime | None:
    # Core rows bypass the ORM type's result processing on some backends.
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a watch's history."""

    number: int
    created_at: datetime
    text_sha256: str
    size: int
    rederived: bool


@dataclass(frozen=True)
class Delivery:
    """An outbox row claimed for sending."""

    id: int
    notifier: str
    channel: str
    attempts: int
    event: Event


def stored_event(row: EventRow, name: str) -> Event:
    return Event(
        id=row.id,
        watch=row.watch_id,
        name=name,
        url=row.url,
        kind=EventKind(row.kind),
        at=row.at,
        version_from=row.version_from,
        version_to=row.version_to,
        summary=row.summary,
        report=report_from_json(row.details, row.ai_change),
    )


def insert_new(dialect: str, table):
    """INSERT that skips rows whose primary key exists (instances starting together)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return insert(table)
    return dialect_insert(table).on_conflict_do_nothing()
