"""Bounded check history: old checks that made no version are deleted, a batch at a time.

A check is one row per poll, so the `checks` table grows with every poll forever. The ones
that produced a version are as many as the versions and stay; versions and events are
never pruned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from watcher.db import CheckRow
from watcher.errors import StoreError


class Prune:
    """The pruning half of `Store` (a mixin: it needs the store's `_session`)."""

    def _session(self) -> Session:
        raise NotImplementedError

    def prune_checks(self, before: datetime, limit: int) -> int:
        """Delete at most `limit` checks started before `before` that made no version,
        oldest first, in one short transaction; returns how many were deleted.

        The old rows are found through `ix_checks_started`, so a call reads the old rows
        (the few kept ones among them) and never the recent history.
        """
        if limit < 1:
            return 0
        old = (
            select(CheckRow.id)
            .where(CheckRow.started_at < before, CheckRow.version_id.is_(None))
            .order_by(CheckRow.started_at, CheckRow.id)
            .limit(limit)
        )
        try:
            with self._session() as s, s.begin():
                ids = list(s.execute(old).scalars())
                if ids:
                    s.execute(delete(CheckRow).where(CheckRow.id.in_(ids)))
                return len(ids)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not prune old checks: {exc}") from exc
