"""Due times: when a watch is first due, and when next after a check. Pure arithmetic.

Shared by the store (which keeps each watch's due time on its row, for every instance to
read) and the scheduler (which claims the watches that are due).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from watcher.models import ScheduleSettings, Watch


def interval_of(watch: Watch, settings: ScheduleSettings) -> float:
    """The watch's polling interval in seconds."""
    return watch.interval if watch.interval is not None else settings.interval


def first_due(
    last_check: datetime | None, interval: float, jitter: float, now: datetime, rng: random.Random
) -> datetime:
    """When a watch with no due time yet is due (a new watch, or one from before due times
    were stored).

    A watch never checked is due at once: a new watch (and a first start) shows its first
    version within seconds; the concurrency and per-host limits keep that pass orderly. One
    checked before keeps its cadence; an overdue one is spread over the jitter window, so that
    an upgrade does not re-poll everything at the same instant."""
    if last_check is None:
        return now
    due = last_check + timedelta(seconds=interval)
    if due > now:
        return due
    return now + timedelta(seconds=rng.uniform(0, max(jitter, 1.0)))


def next_due(
    due: datetime, started: datetime, interval: float, jitter: float, rng: random.Random
) -> datetime:
    """When a watch that was due at `due` and checked at `started` is due next.

    One interval after it was due, so that a check starting late does not push every later
    one back; but when the check is more than an interval late (the daemon was stopped), one
    interval after the check, not at once again. Up to `jitter` later still: watches added
    together drift apart instead of hitting their sites in one burst for ever."""
    base = due + timedelta(seconds=interval)
    if base <= started:
        base = started + timedelta(seconds=interval)
    return base + timedelta(seconds=rng.uniform(0, jitter)) if jitter > 0 else base
