"""Writing checks: a batch of check records with a few statements per batch."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from watcher.db import BodyBlob, CheckRow, EventRow, OutboxRow, TextBlob, VersionRow, WatchRow
from watcher.errors import NotFound, StoreError
from watcher.models import CheckRecord, NewVersion, Outcome, finding_json, report_json
from watcher.store.values import Conflict, LeaseLost, insert_new


def _watch_values(rec: CheckRecord) -> dict:
    """The watch row's columns a check sets."""
    values: dict = {
        "last_check_at": rec.started_at,
        "failures": rec.failures,
        "error_raised": rec.error_raised,
        "last_outcome": str(rec.outcome),
        "last_error_kind": rec.error_kind,
        "last_error": rec.error,
    }
    if rec.version is not None:
        values["rules_fingerprint"] = rec.version.rules_fingerprint
    if rec.validators is not None:
        values["etag"] = rec.validators.etag
        values["last_modified"] = rec.validators.last_modified
    if rec.pending_count is not None:
        values["pending_text_sha256"] = rec.pending_text_sha256
        values["pending_count"] = rec.pending_count
    if rec.outcome is not Outcome.ERROR and rec.final_url is not None:
        values["final_url"] = rec.final_url
    if rec.body_sha256 is not None:
        values["last_body_sha256"] = rec.body_sha256
        values["last_body_fingerprint"] = rec.body_fingerprint
    if rec.next_due_at is not None:
        values["next_due_at"] = rec.next_due_at
    if rec.claim is not None:  # the check is done: its claim with it
        values["claim_token"] = values["claimed_by"] = values["claim_until"] = None
    return values


class Writer:
    """Writes a batch of checks with a few statements per batch, not per check.

    Each kind of row (blobs, versions, watch updates, checks, events, outbox rows) is written
    with one executemany statement, on Core tables, with statements built once per store: at
    a thousand watches, building statements and SQLAlchemy's per-statement work cost more
    than the writing itself (`benchmarks/store_writes.py`). Checks that cannot be written are
    refused before anything is: an unknown watch, a version that is no longer the next.
    """

    def __init__(self) -> None:
        watches, versions = WatchRow.__table__, VersionRow.__table__
        texts, bodies, events = TextBlob.__table__, BodyBlob.__table__, EventRow.__table__
        ids = bindparam("ids", expanding=True)
        # Locks the rows (on PostgreSQL; SQLite has one writer) in one order, so that two
        # writers recording checks of the same watches cannot deadlock.
        self.lock = (
            select(watches.c.id, watches.c.claim_token)
            .where(watches.c.id.in_(ids))
            .order_by(watches.c.id)
        ).with_for_update()
        self.latest = (
            select(versions.c.watch_id, func.max(versions.c.number))
            .where(versions.c.watch_id.in_(ids))
            .group_by(versions.c.watch_id)
        )
        self.stored = {t: select(t.c.sha256).where(t.c.sha256.in_(ids)) for t in (texts, bodies)}
        self.insert = {t: insert(t) for t in (texts, bodies, CheckRow.__table__, events)}
        self.insert_version = insert(versions).returning(
            versions.c.id, sort_by_parameter_order=True
        )
        self.insert_event = insert(events).returning(events.c.id, sort_by_parameter_order=True)
        self.insert_outbox = insert(OutboxRow.__table__)
        self._updates: dict[tuple[str, ...], Any] = {}
        self._blob_inserts: dict[tuple[str, str], Any] = {}

    def write(self, c: Connection, recs: list[CheckRecord]) -> list[int | StoreError | None]:
        """Write `recs` on `c` (in its transaction); each one's version number, None, or why
        it was refused."""
        # Each watch's current claim: a check made under a claim that is no longer the row's
        # (its lease expired and another instance took the watch) is refused.
        known = dict(c.execute(self.lock, {"ids": sorted({rec.watch_id for rec in recs})}).all())
        with_versions = {rec.watch_id for rec in recs if rec.version is not None} & set(known)
        latest: dict[str, int | None] = {}
        if with_versions:
            latest = dict(c.execute(self.latest, {"ids": sorted(with_versions)}).all())
        results: list[int | StoreError | None] = []
        accepted: list[tuple[CheckRecord, int | None]] = []
        for rec in recs:
            number = None
            if rec.watch_id not in known:
                results.append(NotFound(f"no watch with id {rec.watch_id!r} in the database"))
                continue
            if rec.claim is not None and known[rec.watch_id] != rec.claim:
                results.append(
                    LeaseLost(f"{rec.watch_id}: its claim expired and another instance took it")
                )
                continue
            if rec.version is not None:
                now_latest = latest.get(rec.watch_id)
                if now_latest != rec.expected_latest:
                    results.append(
                        Conflict(
                            f"{rec.watch_id}: latest version is {now_latest}, "
                            f"expected {rec.expected_latest}"
                        )
                    )
                    continue
                number = latest[rec.watch_id] = (now_latest or 0) + 1
            results.append(number)
            accepted.append((rec, number))
        if accepted:
            self._write_accepted(c, accepted)
        return results

    def _write_accepted(
        self, c: Connection, accepted: list[tuple[CheckRecord, int | None]]
    ) -> None:
        versioned = [(i, rec, n) for i, (rec, n) in enumerate(accepted) if rec.version is not None]
        self._put_blobs(c, [rec.version for _, rec, _ in versioned])
        version_ids: dict[int, int] = {}  # index in `accepted` -> versions.id
        if versioned:
            rows = [
                dict(
                    watch_id=rec.watch_id,
                    number=number,
                    created_at=rec.started_at,
                    text_sha256=rec.version.text_sha256,
                    body_sha256=rec.version.body_sha256,
                    rules_fingerprint=rec.version.rules_fingerprint,
                    findings=_findings(rec.version),
                )
                for _, rec, number in versioned
            ]
            new_ids = c.execute(self.insert_version, rows).scalars().all()
            version_ids = dict(zip((i for i, _, _ in versioned), new_ids, strict=True))
        self._update_watches(c, [rec for rec, _ in accepted])
        checks = [
            dict(
                watch_id=rec.watch_id,
                started_at=rec.started_at,
                duration_ms=rec.duration_ms,
                outcome=rec.outcome,
                status=rec.status,
                final_url=rec.final_url,
                error_kind=rec.error_kind,
                error=rec.error,
                version_id=version_ids.get(i),
            )
            for i, (rec, _) in enumerate(accepted)
        ]
        c.execute(self.insert[CheckRow.__table__], checks)
        self._add_events(c, accepted)

    def _put_blobs(self, c: Connection, versions: list[NewVersion]) -> None:
        """Insert the texts and bodies not stored yet (content-addressed: each one once)."""
        texts = {
            v.text_sha256: dict(sha256=v.text_sha256, size=v.text_size, data=v.text_z)
            for v in versions
        }
        bodies = {
            v.body_sha256: dict(
                sha256=v.body_sha256, size=v.body_size, content_type=v.content_type, data=v.body_z
            )
            for v in versions
        }
        for table, rows in ((TextBlob.__table__, texts), (BodyBlob.__table__, bodies)):
            if rows:
                stored = set(c.scalars(self.stored[table], {"ids": list(rows)}))
                new = [row for digest, row in rows.items() if digest not in stored]
                if new:
                    # Another instance may store the same text at the same moment: one wins.
                    c.execute(self._insert_blob(c.dialect.name, table), new)

    def _insert_blob(self, dialect: str, table) -> Any:
        stmt = self._blob_inserts.get((dialect, table.name))
        if stmt is None:
            stmt = self._blob_inserts[(dialect, table.name)] = insert_new(dialect, table)
        return stmt

    def _update_watches(self, c: Connection, recs: list[CheckRecord]) -> None:
        """Each check's columns of its watch row; one statement per set of columns."""
        # A watch checked twice in one batch keeps its updates in order: the n-th check of a
        # watch goes in the n-th round.
        seen: dict[str, int] = defaultdict(int)
        rounds: dict[tuple[int, tuple[str, ...]], list[dict]] = defaultdict(list)
        for rec in recs:
            values = _watch_values(rec)
            rounds[(seen[rec.watch_id], tuple(values))].append({"b_id": rec.watch_id, **values})
            seen[rec.watch_id] += 1
        for (_, columns), params in sorted(rounds.items(), key=lambda item: item[0][0]):
            c.execute(self._update(columns), params)

    def _update(self, columns: tuple[str, ...]) -> Any:
        """UPDATE watches SET <columns> WHERE id = :b_id, the values given at execution."""
        stmt = self._updates.get(columns)
        if stmt is None:
            watches = WatchRow.__table__
            stmt = self._updates[columns] = (
                update(watches)
                .where(watches.c.id == bindparam("b_id"))
                .values({name: bindparam(name) for name in columns})
            )
        return stmt

    def _add_events(self, c: Connection, accepted: list[tuple[CheckRecord, int | None]]) -> None:
        rows, deliveries = [], []
        for rec, number in accepted:
            for ev in rec.events:
                rows.append(
                    dict(
                        watch_id=rec.watch_id,
                        kind=ev.kind.value,
                        at=rec.started_at,
                        url=rec.url,
                        version_from=ev.version_from,
                        version_to=ev.version_to if ev.version_to is not None else number,
                        ai_change=ev.report.ai_change if ev.report else None,
                        summary=ev.summary,
                        details=report_json(ev.report) if ev.report else {},
                    )
                )
                deliveries.append((rec.started_at, ev.deliveries))
        if not rows:
            return
        if not any(channels for _, channels in deliveries):
            c.execute(self.insert[EventRow.__table__], rows)
            return
        event_ids = c.execute(self.insert_event, rows).scalars().all()
        outbox = [
            dict(
                event_id=event_id,
                notifier=notifier,
                channel=channel,
                state="pending",
                attempts=0,
                created_at=at,
                next_attempt_at=at,
            )
            for event_id, (at, channels) in zip(event_ids, deliveries, strict=True)
            for notifier, channel in channels
        ]
        c.execute(self.insert_outbox, outbox)


def _findings(version: NewVersion) -> list | None:
    if version.findings is None:
        return None
    return [finding_json(f) for f in version.findings]
