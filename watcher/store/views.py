"""Read-only views of the database for people: every watch at a glance, a version's findings.

Each view is a few queries whatever the number of watches (a dashboard of a thousand
watches reads three result sets, not three thousand), and gives back frozen values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from watcher.blobs import unpack
from watcher.db import BodyBlob, EventRow, VersionRow, WatchRow
from watcher.errors import NotFound
from watcher.models import Event, Finding, finding_from_json
from watcher.store.values import aware, stored_event

# Events read from the database at a time by `iter_events`: large enough that a batch costs
# little more than its rows, small enough that its memory does not count (a few MB).
EVENT_BATCH = 500


@dataclass(frozen=True)
class WatchOverview:
    """One watch as a dashboard shows it."""

    id: str
    name: str
    url: str
    kind: str
    failures: int  # consecutive failed checks
    error_raised: bool  # a fetch_error was said and no recovery since
    last_check_at: datetime | None = None
    last_outcome: str | None = None
    last_error_kind: str | None = None
    last_error: str | None = None
    latest_version: int | None = None
    changed_at: datetime | None = None  # when the latest version was recorded
    # The latest version's AI-training findings; None when they were never read (a version
    # stored before release 0.2, or rederived since): read them from its text.
    findings: tuple[Finding, ...] | None = None


class Views:
    """The read-only views half of `Store` (a mixin: it needs the store's `_session`)."""

    engine: Engine

    def _session(self) -> Session:
        raise NotImplementedError

    def version_body(self, watch_id: str, number: int) -> tuple[bytes, str] | None:
        """The raw body of one version and its stored content type; None when there is no
        such version or body. One plain query (a check asks for it on every changed page)."""
        q = (
            select(BodyBlob.data, BodyBlob.content_type)
            .join(VersionRow, BodyBlob.sha256 == VersionRow.body_sha256)
            .where(VersionRow.watch_id == watch_id, VersionRow.number == number)
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return None if row is None else (unpack(row.data), row.content_type)

    def overview(self, watch_id: str | None = None) -> list[WatchOverview]:
        """Every watch (or the one `watch_id`) with its last check and latest version, by
        name (two queries of plain rows: no ORM objects for a thousand watches)."""
        latest_q = select(VersionRow.watch_id, func.max(VersionRow.number).label("number"))
        if watch_id is not None:
            latest_q = latest_q.where(VersionRow.watch_id == watch_id)
        latest = latest_q.group_by(VersionRow.watch_id).subquery()
        with self._session() as s:
            versions = {
                watch_id: (number, created_at, findings)
                for watch_id, number, created_at, findings in s.execute(
                    select(
                        VersionRow.watch_id,
                        VersionRow.number,
                        VersionRow.created_at,
                        VersionRow.findings,
                    ).join(
                        latest,
                        (latest.c.watch_id == VersionRow.watch_id)
                        & (latest.c.number == VersionRow.number),
                    )
                )
            }
            watches_q = select(
                WatchRow.id,
                WatchRow.name,
                WatchRow.url,
                WatchRow.kind,
                WatchRow.failures,
                WatchRow.error_raised,
                WatchRow.last_check_at,
                WatchRow.last_outcome,
                WatchRow.last_error_kind,
                WatchRow.last_error,
            )
            if watch_id is not None:
                watches_q = watches_q.where(WatchRow.id == watch_id)
            watches = s.execute(watches_q.order_by(WatchRow.name, WatchRow.id)).all()
        out = []
        for w in watches:
            number, changed_at, findings = versions.get(w.id, (None, None, None))
            out.append(
                WatchOverview(
                    id=w.id,
                    name=w.name,
                    url=w.url,
                    kind=w.kind,
                    failures=w.failures,
                    error_raised=w.error_raised,
                    last_check_at=aware(w.last_check_at),
                    last_outcome=w.last_outcome,
                    last_error_kind=w.last_error_kind,
                    last_error=w.last_error,
                    latest_version=number,
                    changed_at=aware(changed_at),
                    findings=_findings(findings),
                )
            )
        return out

    def findings(self, watch_id: str, number: int | None = None) -> tuple[Finding, ...] | None:
        """The stored findings of a version (the latest by default); None when never read.
        NotFound when the watch has no such version."""
        with self._session() as s:
            q = select(VersionRow.findings).where(VersionRow.watch_id == watch_id)
            if number is None:
                q = q.order_by(VersionRow.number.desc()).limit(1)
            else:
                q = q.where(VersionRow.number == number)
            row = s.execute(q).first()
        if row is None:
            raise NotFound(f"{watch_id}: no version {number if number is not None else ''}")
        return _findings(row[0])

    def iter_events(
        self,
        watch_id: str | None = None,
        since: datetime | None = None,
        *,
        batch: int = EVENT_BATCH,
    ) -> Iterator[list[Event]]:
        """The events `events(watch_id, since)` gives, oldest first, in lists of at most `batch`.

        One query whose rows are fetched as the lists are consumed: whatever the number of
        events, only one list of them is in memory. The read stays open until the iterator is
        exhausted or closed.
        """
        q = events_query(watch_id, since)
        q = q.order_by(EventRow.at, EventRow.id).execution_options(yield_per=batch)
        with self._session() as s:
            for rows in s.execute(q).partitions():
                # (the session's identity map holds its objects weakly: a batch served and
                # dropped by the caller is freed)
                yield [stored_event(row, name) for row, name in rows]


def events_query(watch_id: str | None, since: datetime | None, ai_only: bool = False) -> Select:
    """Events with their watch's name, optionally of one watch, from a time on, with an AI
    change only; unordered."""
    q = select(EventRow, WatchRow.name).join(WatchRow, WatchRow.id == EventRow.watch_id)
    if watch_id is not None:
        q = q.where(EventRow.watch_id == watch_id)
    if since is not None:
        q = q.where(EventRow.at >= since)
    if ai_only:
        q = q.where(EventRow.ai_change.is_not(None))
    return q


def _findings(stored: list | None) -> tuple[Finding, ...] | None:
    if stored is None:
        return None
    return tuple(f for f in (finding_from_json(d) for d in stored) if f is not None)
