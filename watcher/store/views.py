"""Read-only views of the database for people: every watch at a glance, a version's findings.

Each view is a few queries whatever the number of watches (a dashboard of a thousand
watches reads three result sets, not three thousand), and gives back frozen values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watcher.db import CheckRow, VersionRow, WatchRow
from watcher.errors import NotFound
from watcher.models import Finding, finding_from_json


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

    def _session(self) -> Session:
        raise NotImplementedError

    def overview(self) -> list[WatchOverview]:
        """Every watch with its last check and latest version, by name."""
        with self._session() as s:
            last_checks = (
                select(func.max(CheckRow.id)).group_by(CheckRow.watch_id).scalar_subquery()
            )
            checks = {
                c.watch_id: c
                for c in s.scalars(select(CheckRow).where(CheckRow.id.in_(last_checks)))
            }
            latest = (
                select(VersionRow.watch_id, func.max(VersionRow.number).label("number"))
                .group_by(VersionRow.watch_id)
                .subquery()
            )
            versions = {
                v.watch_id: v
                for v in s.scalars(
                    select(VersionRow).join(
                        latest,
                        (latest.c.watch_id == VersionRow.watch_id)
                        & (latest.c.number == VersionRow.number),
                    )
                )
            }
            out = []
            for w in s.scalars(select(WatchRow).order_by(WatchRow.name, WatchRow.id)):
                c, v = checks.get(w.id), versions.get(w.id)
                out.append(
                    WatchOverview(
                        id=w.id,
                        name=w.name,
                        url=w.url,
                        kind=w.kind,
                        failures=w.failures,
                        error_raised=w.error_raised,
                        last_check_at=w.last_check_at,
                        last_outcome=c.outcome if c else None,
                        last_error_kind=c.error_kind if c else None,
                        last_error=c.error if c else None,
                        latest_version=v.number if v else None,
                        changed_at=v.created_at if v else None,
                        findings=_findings(v.findings) if v else None,
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


def _findings(stored: list | None) -> tuple[Finding, ...] | None:
    if stored is None:
        return None
    return tuple(f for f in (finding_from_json(d) for d in stored) if f is not None)
