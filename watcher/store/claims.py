"""The shared schedule: claiming due watches, renewing and releasing the claims.

Every instance reads one schedule from the database (docs/decisions/0016). A due watch is
claimed by writing a random token and a lease (`claim_until`) on its row, in a transaction
that locks the rows it looks at with `FOR UPDATE SKIP LOCKED` (on PostgreSQL; SQLite has one
writer at a time and one daemon). A claim is taken only where its host has budget left: the
leases held on a host, by every instance, count against `per_host`. On PostgreSQL the claiming
transactions of all instances take one advisory lock in turn, so two of them never both take
a host's last slot. The check's record clears the claim and sets the next due time in the
same transaction (`Writer`), and only while the token is still the row's.
"""

from __future__ import annotations

import functools
import secrets
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, or_, select, update

from watcher.db import WatchRow, failures
from watcher.models import Claim
from watcher.store.values import aware

# Candidate rows read per claimed watch: most due watches are claimable; a few may wait for
# their host's budget, and the claim looks past them.
CANDIDATES = 8
# pg_advisory_xact_lock's key for "claiming due watches" (any fixed 64-bit number).
CLAIM_LOCK = 0x77617463686572  # "watcher"


def _database(method):
    """`method`, its database failures raised as the `DatabaseError` that says what they mean
    (the daemon logs them and claims again later)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with failures(self.engine.url.render_as_string(hide_password=False)):
            return method(self, *args, **kwargs)

    return wrapper


class Claims:
    """Claims on due watches (mixed into `Store`)."""

    @_database
    def claim_due(
        self,
        instance: str,
        now: datetime,
        lease: float,
        limit: int,
        per_host: int,
        skip: Collection[str] = (),
    ) -> list[Claim]:
        """Claim up to `limit` due watches for `instance`, most overdue first, until
        `now + lease`; `skip`: watches this instance does not check (not in its
        configuration). Returns the claims with each watch's stored state."""
        if limit <= 0:
            return []
        w = WatchRow.__table__.c
        until = now + timedelta(seconds=lease)
        taken: list[tuple[str, str, datetime]] = []
        with self.engine.begin() as c:
            if c.dialect.name == "postgresql":
                c.execute(select(func.pg_advisory_xact_lock(CLAIM_LOCK)))
            busy: dict[str | None, int] = defaultdict(int)
            held = select(w.host, func.count()).where(w.claim_until > now).group_by(w.host)
            busy.update(dict(c.execute(held).all()))
            due = (
                select(w.id, w.host, w.next_due_at)
                .where(
                    w.active.is_(True),
                    w.next_due_at <= now,
                    or_(w.claim_until.is_(None), w.claim_until <= now),
                )
                .order_by(w.next_due_at, w.id)
                .limit(limit * CANDIDATES)
                .with_for_update(skip_locked=True)
            )
            if skip:
                due = due.where(w.id.not_in(list(skip)))
            candidates = c.execute(due).all()
            # Compare-and-set: the row must still be unclaimed as this statement runs. On
            # PostgreSQL the row lock and the advisory lock make sure of it already; SQLite
            # reads the candidates outside the writing transaction.
            take = (
                update(WatchRow.__table__)
                .where(
                    w.id == bindparam("b_id"),
                    or_(w.claim_until.is_(None), w.claim_until <= now),
                )
                .values(claim_token=bindparam("b_token"), claimed_by=instance, claim_until=until)
            )
            for watch_id, host, due_at in candidates:
                if busy[host] >= per_host:
                    continue
                token = secrets.token_hex(16)
                if c.execute(take, {"b_id": watch_id, "b_token": token}).rowcount != 1:
                    continue
                busy[host] += 1
                taken.append((watch_id, token, due_at))
                if len(taken) == limit:
                    break
        if not taken:
            return []
        states = self.states(wid for wid, _, _ in taken)
        return [
            Claim(wid, token, aware(due_at), until, states[wid])
            for wid, token, due_at in taken
            if wid in states
        ]

    @_database
    def renew_claims(self, tokens: Iterable[str], until: datetime) -> int:
        """Extend the leases of these claims to `until`; returns how many are still held."""
        tokens = list(tokens)
        if not tokens:
            return 0
        w = WatchRow.__table__.c
        with self.engine.begin() as c:
            result = c.execute(
                update(WatchRow.__table__)
                .where(w.claim_token.in_(tokens))
                .values(claim_until=until)
            )
        return result.rowcount

    @_database
    def release_claims(self, tokens: Iterable[str] = (), instance: str | None = None) -> int:
        """Give up claims (these tokens, or every claim of `instance`): the watches are
        claimable again at once. Their due times are unchanged."""
        w = WatchRow.__table__.c
        tokens = list(tokens)
        if tokens:
            which = w.claim_token.in_(tokens)
        elif instance is not None:
            which = w.claimed_by == instance
        else:
            return 0
        with self.engine.begin() as c:
            result = c.execute(
                update(WatchRow.__table__)
                .where(which)
                .values(claim_token=None, claimed_by=None, claim_until=None)
            )
        return result.rowcount

    @_database
    def due_times(self) -> dict[str, datetime]:
        """When each scheduled watch is next due."""
        w = WatchRow.__table__.c
        with self.engine.connect() as c:
            rows = c.execute(select(w.id, w.next_due_at).where(w.active.is_(True))).all()
        return {wid: aware(at) for wid, at in rows if at is not None}
