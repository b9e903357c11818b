"""The notification outbox: each channel's queue, claimed head first under a lease."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from watcher.db import EventRow, OutboxRow, WatchRow
from watcher.errors import StoreError
from watcher.store.values import Delivery, stored_event


class Outbox:
    """The outbox half of `Store` (a mixin: it needs the store's `_session`)."""

    def _session(self) -> Session:
        raise NotImplementedError

    def claim(
        self, at: datetime, lease: timedelta, limit: int = 100, due: datetime | None = None
    ) -> list[Delivery]:
        """Take the head of each channel's queue, if it is due by `due` (default `at`), and
        lease it until `at + lease`; oldest events first, at most `limit` channels.

        A channel's head is its oldest pending row by event. Newer rows wait behind it
        whether it is due, waiting out a backoff, or leased to another sender: a channel
        has at most one message out at a time, and its messages leave in event order.
        """
        due = at if due is None else due
        queues = (
            select(
                OutboxRow.notifier,
                OutboxRow.channel,
                func.min(OutboxRow.event_id).label("event_id"),
            )
            .where(OutboxRow.state == "pending")
            .group_by(OutboxRow.notifier, OutboxRow.channel)
            .subquery()
        )
        q = (
            select(OutboxRow, EventRow, WatchRow.name)
            .join(
                queues,
                (queues.c.notifier == OutboxRow.notifier)
                & (queues.c.channel == OutboxRow.channel)
                & (queues.c.event_id == OutboxRow.event_id),
            )
            .join(EventRow, EventRow.id == OutboxRow.event_id)
            .join(WatchRow, WatchRow.id == EventRow.watch_id)
            .where(OutboxRow.state == "pending", OutboxRow.next_attempt_at <= due)
            .order_by(OutboxRow.event_id, OutboxRow.id)
            .limit(limit)
        )
        with self._session() as s, s.begin():
            if s.bind.dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True, of=OutboxRow)
            out = []
            for row, ev, name in s.execute(q).all():
                # Compare and set: the row is ours only if no other sender claimed it
                # since it was read (SQLite takes its write lock only at this UPDATE).
                taken = s.execute(
                    update(OutboxRow)
                    .where(
                        OutboxRow.id == row.id,
                        OutboxRow.state == "pending",
                        OutboxRow.attempts == row.attempts,
                        OutboxRow.next_attempt_at <= due,
                    )
                    .values(attempts=row.attempts + 1, next_attempt_at=at + lease)
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:
                    out.append(
                        Delivery(
                            row.id,
                            row.notifier,
                            row.channel,
                            row.attempts + 1,
                            stored_event(ev, name),
                        )
                    )
            return out

    def renew(self, outbox_id: int, attempt: int, until: datetime) -> bool:
        """Extend a claim's lease to `until`; False when the row is no longer that claim's
        (sent, dropped, or claimed again by another sender after the lease ran out)."""
        try:
            return self._finish(
                outbox_id,
                OutboxRow.state == "pending",
                OutboxRow.attempts == attempt,
                next_attempt_at=until,
            )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not renew the lease of outbox row {outbox_id}: {exc}") from exc

    def delivered(self, outbox_id: int, at: datetime) -> None:
        """Mark a row sent: it will never be sent again."""
        self._finish(outbox_id, state="sent", sent_at=at, last_error=None)

    def failed(
        self, outbox_id: int, error: str, retry_at: datetime, attempt: int | None = None
    ) -> bool:
        """Record a failed attempt; the row is due again at `retry_at`.

        With `attempt`, only if the row is still that claim's: a sender whose lease ran
        out does not reschedule a row another sender now holds. Returns whether recorded.
        """
        fence = () if attempt is None else (OutboxRow.attempts == attempt,)
        return self._finish(
            outbox_id,
            *fence,
            OutboxRow.state == "pending",
            next_attempt_at=retry_at,
            last_error=error,
        )

    def dropped(self, outbox_id: int, reason: str) -> None:
        """Give up on a row: its channel is no longer configured, or its receiver refused
        the message as it is (a webhook's 400, 413, 415 or 422)."""
        self._finish(outbox_id, state="dropped", last_error=reason)

    def _finish(self, outbox_id: int, *conditions: Any, **values: Any) -> bool:
        with self._session() as s, s.begin():
            done = s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == outbox_id, *conditions)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            return done.rowcount == 1
