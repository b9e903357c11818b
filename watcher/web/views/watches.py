"""The pages of watches: the dashboard, a watch's timeline, its AI-training history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from watcher.models import Event, EventKind, Finding
from watcher.notify.render import ai_headline, transition
from watcher.store import VersionInfo, WatchOverview
from watcher.web.views.clauses import (
    Clause,
    ClauseChange,
    StanceWords,
    clause,
    clause_change,
    stances,
)
from watcher.web.views.diffs import ClassCounts


@dataclass(frozen=True)
class DashboardRow:
    """One watch on the dashboard."""

    watch: WatchOverview
    status: str  # failing (an error was raised) | retrying (failed, not yet raised) | ok | new
    stances: tuple[StanceWords, ...] | None  # None: the latest version was never read


@dataclass(frozen=True)
class TimelineEntry:
    """A version, an event, or a version and the event that recorded it."""

    at: datetime
    version: int | None = None
    previous: int | None = None  # the version before `version`, to diff against
    event: Event | None = None
    rederived: bool = False
    counts: ClassCounts | None = None  # changes since `previous`, once computed
    ai: tuple[str, ...] = ()  # each AI-training change, in plain words


@dataclass(frozen=True)
class AIEvent:
    """An event whose AI-training terms changed."""

    event: Event
    headline: str
    items: tuple[ClauseChange, ...]


@dataclass(frozen=True)
class AIHistory:
    """What a document says about training AI now, and each change of it, newest first."""

    version: int | None
    current: tuple[Clause, ...]
    stances: tuple[StanceWords, ...]
    changes: tuple[AIEvent, ...]


def dashboard(overview: Iterable[WatchOverview]) -> tuple[DashboardRow, ...]:
    """Every watch, failing first: an error raised, then failed checks not yet raised, then
    the rest; by name within each group."""
    rows = [
        DashboardRow(w, _status(w), stances(w.findings) if w.findings is not None else None)
        for w in overview
    ]
    order = {"failing": 0, "retrying": 1}
    return tuple(
        sorted(rows, key=lambda r: (order.get(r.status, 2), r.watch.name.casefold(), r.watch.id))
    )


def _status(w: WatchOverview) -> str:
    if w.error_raised:
        return "failing"
    if w.failures > 0:
        return "retrying"
    return "ok" if w.last_check_at is not None else "new"


def timeline(versions: Sequence[VersionInfo], events: Sequence[Event]) -> tuple[TimelineEntry, ...]:
    """Versions and events merged by time, newest first; a version and the event that
    recorded it (first_seen or changed, `version_to` its number) are one entry."""
    recorded = {
        e.version_to: e
        for e in events
        if e.version_to is not None and e.kind in (EventKind.FIRST_SEEN, EventKind.CHANGED)
    }
    entries: list[TimelineEntry] = []
    previous: int | None = None
    for v in versions:
        event = recorded.get(v.number)
        entries.append(
            TimelineEntry(
                at=event.at if event is not None else v.created_at,
                version=v.number,
                previous=previous,
                event=event,
                rederived=v.rederived,
                ai=_ai_words(event) if event is not None else (),
            )
        )
        previous = v.number
    numbers = {v.number for v in versions}
    kept = {e.id for e in recorded.values() if e.version_to in numbers}
    entries += [
        TimelineEntry(at=e.at, event=e, ai=_ai_words(e)) for e in events if e.id not in kept
    ]
    return tuple(sorted(entries, key=_newest_first))


def _newest_first(entry: TimelineEntry) -> tuple:
    at = entry.at if entry.at.tzinfo is not None else entry.at.replace(tzinfo=UTC)  # as stored
    event_id = entry.event.id if entry.event is not None else 0
    return (-at.timestamp(), -(entry.version or 0), -event_id)


def _ai_words(event: Event) -> tuple[str, ...]:
    if event.report.ai_change is None:
        return ()
    return tuple(transition(item) for item in event.report.ai_findings)


def with_counts(
    entries: Sequence[TimelineEntry], counts: Mapping[int, ClassCounts]
) -> tuple[TimelineEntry, ...]:
    """The entries with the change counts of their versions (`counts` by version number)."""
    return tuple(
        replace(e, counts=counts[e.version]) if e.version in counts else e for e in entries
    )


def ai_history(
    version: int | None, findings: Sequence[Finding], events: Sequence[Event]
) -> AIHistory:
    """The latest version's findings, and every event that changed AI-training terms."""
    changes = [
        AIEvent(
            event=e,
            headline=ai_headline(e.report.ai_change, e.report.ai_findings),
            items=tuple(clause_change(item) for item in e.report.ai_findings),
        )
        for e in events
        if e.report.ai_change is not None
    ]
    changes.sort(key=lambda a: (a.event.at, a.event.id), reverse=True)
    return AIHistory(
        version=version,
        current=tuple(clause(f) for f in findings),
        stances=stances(findings),
        changes=tuple(changes),
    )
