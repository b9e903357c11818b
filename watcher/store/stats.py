"""What the database holds, counted: the figures `/metrics` reads at each scrape.

Read-only, a handful of aggregate queries in one connection; nothing here writes. Kept apart
from `Store` because only the web stage needs it, and it needs nothing but the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from watcher.db import EventRow, OutboxRow, VersionRow, WatchRow
from watcher.store.values import aware


@dataclass(frozen=True)
class ChannelQueue:
    """One channel's outbox: how many messages wait, and since when the oldest."""

    notifier: str
    channel: str  # a digest of the channel's URL (URLs hold secrets)
    pending: int
    oldest_pending_at: datetime | None  # None when nothing waits


@dataclass(frozen=True)
class StoreStats:
    """The database in figures, at one moment."""

    watches: int
    failing: int  # watches whose last check failed
    versions: int
    events: dict[str, int]  # by event kind
    ai_changes: dict[str, int]  # events by their AI change (present, appeared, changed, removed)
    queues: tuple[ChannelQueue, ...]  # every channel the outbox has held a message for
    last_check_at: datetime | None  # the newest check of any watch
    # The shared schedule: the earliest due time of a watch nobody has claimed (a backlog when
    # it is long past), and how many watches are claimed by some instance right now.
    oldest_due_at: datetime | None = None
    claimed: int = 0


def read_stats(engine: Engine) -> StoreStats:
    """Count what the database holds (a few aggregate queries, one connection)."""
    pending = OutboxRow.state == "pending"
    with engine.connect() as conn:
        watches, failing, last_check = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((WatchRow.failures > 0, 1), else_=0)), 0),
                func.max(WatchRow.last_check_at),
            ).select_from(WatchRow)
        ).one()
        oldest_due, claimed = conn.execute(
            select(
                func.min(case((WatchRow.claim_token.is_(None), WatchRow.next_due_at))),
                func.count(WatchRow.claim_token),
            ).where(WatchRow.active.is_(True))
        ).one()
        versions = conn.execute(select(func.count()).select_from(VersionRow)).scalar_one()
        events = dict(
            conn.execute(select(EventRow.kind, func.count()).group_by(EventRow.kind)).all()
        )
        ai_changes = dict(
            conn.execute(
                select(EventRow.ai_change, func.count())
                .where(EventRow.ai_change.is_not(None))
                .group_by(EventRow.ai_change)
            ).all()
        )
        queues = conn.execute(
            select(
                OutboxRow.notifier,
                OutboxRow.channel,
                func.coalesce(func.sum(case((pending, 1), else_=0)), 0),
                func.min(case((pending, OutboxRow.created_at), else_=None)),
            )
            .group_by(OutboxRow.notifier, OutboxRow.channel)
            .order_by(OutboxRow.notifier, OutboxRow.channel)
        ).all()
    return StoreStats(
        watches=watches,
        failing=failing,
        versions=versions,
        events=events,
        ai_changes=ai_changes,
        queues=tuple(
            ChannelQueue(notifier, channel, count, _when(oldest))
            for notifier, channel, count, oldest in queues
        ),
        last_check_at=_when(last_check),
        oldest_due_at=_when(oldest_due),
        claimed=claimed,
    )


def _when(value: datetime | str | None) -> datetime | None:
    """A datetime read by an aggregate, which bypasses the column type on SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return aware(value)
