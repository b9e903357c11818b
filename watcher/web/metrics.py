"""`/metrics`: the daemon's counters and the database's figures, in the Prometheus text format.

Two sources, one registry per process (never prometheus_client's global one):

- what the running daemon did, counted as it happens (`DaemonMetrics`, fed by `cli` where
  the scheduler calls the pipeline): checks by outcome and error kind, their duration,
  deliveries by result, the scheduler's lag and the age of its last passes;
- what the database holds, read at each scrape (`StoreGauges`): watches, versions and events,
  each channel's outbox queue and the age of its oldest message, the newest check.

`watcher serve` has only the second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from watcher import __version__
from watcher.models.detection import AIChangeKind
from watcher.models.events import EventKind
from watcher.store.stats import StoreStats

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# Seconds. A check answered 304 takes tens of milliseconds, a new version of a large policy
# a second or two; the top buckets catch retries, slow sites and the time limits.
# Seconds a check starts late: a claim every second at most when idle; a minute is the target
# at the 99th percentile under load; an hour is a whole interval missed.
LAG_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600)
CHECK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


def utcnow() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class Pulse(Protocol):
    """What the metrics read of the daemon's scheduler (`schedule.Daemon` is one)."""

    lag: float | None  # seconds the last due check started late
    last_check_done: datetime | None  # when a check last completed
    last_delivery_done: datetime | None  # when a delivery pass last completed


def metrics_registry(stats: Callable[[], StoreStats], clock: Clock = utcnow) -> CollectorRegistry:
    """A registry with the database's figures, read by `stats` at each scrape."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreGauges(stats, clock))
    return registry


class DaemonMetrics:
    """The daemon's counters in `registry`, and (once it `follow`s one) its scheduler's gauges."""

    def __init__(self, registry: CollectorRegistry, clock: Clock = utcnow) -> None:
        self.registry = registry
        self.clock = clock
        self.checks = Counter(
            "watcher_checks",
            "Checks made by this process, by outcome and error kind "
            "(outcome not_recorded: the database could not record it)",
            ["outcome", "error_kind"],
            registry=registry,
        )
        self.check_seconds = Histogram(
            "watcher_check_duration_seconds",
            "Time one check took: fetching, reading, comparing and recording",
            buckets=CHECK_BUCKETS,
            registry=registry,
        )
        self.start_lag = Histogram(
            "watcher_check_start_lag_seconds",
            "How late each check started against the time it was due (this instance's checks)",
            buckets=LAG_BUCKETS,
            registry=registry,
        )
        self.deliveries = Counter(
            "watcher_deliveries",
            "Messages the outbox delivered, by result (failed ones are retried)",
            ["result"],
            registry=registry,
        )
        for result in ("sent", "failed", "dropped"):
            self.deliveries.labels(result)  # present at 0 before the first delivery

    def follow(self, pulse: Pulse) -> None:
        """Also report the lag and the last passes of the daemon's scheduler."""
        self.registry.register(_PulseGauges(pulse, self.clock))

    def checked(self, outcome: str, error_kind: str | None, seconds: float) -> None:
        """Count one check that ended as `outcome`."""
        self.checks.labels(outcome, error_kind or "").inc()
        self.check_seconds.observe(seconds)

    def started_late(self, seconds: float) -> None:
        """Note how late a due check started."""
        self.start_lag.observe(seconds)

    def delivered(self, sent: int, failed: int, dropped: int) -> None:
        """Count what one delivery pass did."""
        for result, n in (("sent", sent), ("failed", failed), ("dropped", dropped)):
            if n:
                self.deliveries.labels(result).inc(n)


class _PulseGauges(Collector):
    def __init__(self, pulse: Pulse, clock: Clock) -> None:
        self.pulse = pulse
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        now = self.clock()
        lag = GaugeMetricFamily(
            "watcher_schedule_lag_seconds",
            "How late the last due check started (waiting for a free slot included)",
        )
        if self.pulse.lag is not None:
            lag.add_metric([], self.pulse.lag)
        yield lag
        since = GaugeMetricFamily(
            "watcher_seconds_since_last_pass",
            "Seconds since this daemon last completed a check of any watch (pass=check) "
            "or a delivery pass (pass=delivery)",
            labels=["pass"],
        )
        for name, at in (
            ("check", self.pulse.last_check_done),
            ("delivery", self.pulse.last_delivery_done),
        ):
            if at is not None:
                since.add_metric([name], max(0.0, (now - at).total_seconds()))
        yield since


class StoreGauges(Collector):
    """The database's figures, read when Prometheus scrapes (in the scrape's thread)."""

    def __init__(self, stats: Callable[[], StoreStats], clock: Clock) -> None:
        self.stats = stats
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        yield InfoMetricFamily("watcher_build", "Watcher's version", value={"version": __version__})
        try:
            stats = self.stats()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("metrics: cannot read the database: %s", " ".join(str(exc).split()))
            stats = None
        yield GaugeMetricFamily(
            "watcher_database_up",
            "1 when the database answered this scrape's queries",
            value=0 if stats is None else 1,
        )
        if stats is None:
            return
        yield from self._figures(stats, self.clock())

    @staticmethod
    def _figures(stats: StoreStats, now: datetime) -> Iterator[Metric]:
        yield GaugeMetricFamily("watcher_watches", "Watches in the database", value=stats.watches)
        yield GaugeMetricFamily(
            "watcher_watches_failing", "Watches whose last check failed", value=stats.failing
        )
        yield GaugeMetricFamily(
            "watcher_stored_versions", "Versions stored, all watches", value=stats.versions
        )
        overdue = (now - stats.oldest_due_at).total_seconds() if stats.oldest_due_at else 0.0
        yield GaugeMetricFamily(
            "watcher_schedule_backlog_seconds",
            "How long the most overdue unclaimed watch has been due, across every instance "
            "sharing the database (0: none is overdue)",
            value=max(0.0, overdue),
        )
        yield GaugeMetricFamily(
            "watcher_watches_claimed",
            "Watches some instance has claimed and is checking now",
            value=stats.claimed,
        )
        events = GaugeMetricFamily(
            "watcher_stored_events", "Events recorded, by kind", labels=["kind"]
        )
        for kind in sorted({*EventKind, *stats.events}):
            events.add_metric([kind], stats.events.get(kind, 0))
        yield events
        ai = GaugeMetricFamily(
            "watcher_stored_ai_changes",
            "Events that carry an AI-training change, by kind of change",
            labels=["ai_change"],
        )
        for kind in sorted({*AIChangeKind, *stats.ai_changes}):
            ai.add_metric([kind], stats.ai_changes.get(kind, 0))
        yield ai
        depth = GaugeMetricFamily(
            "watcher_outbox_pending",
            "Messages waiting in a channel's outbox queue (channel: a digest of its URL)",
            labels=["notifier", "channel"],
        )
        age = GaugeMetricFamily(
            "watcher_outbox_oldest_pending_age_seconds",
            "Age of the oldest message a channel has not delivered yet (0: none waits)",
            labels=["notifier", "channel"],
        )
        for q in stats.queues:
            depth.add_metric([q.notifier, q.channel], q.pending)
            waited = (now - q.oldest_pending_at).total_seconds() if q.oldest_pending_at else 0.0
            age.add_metric([q.notifier, q.channel], max(0.0, waited))
        yield depth
        yield age
        last = GaugeMetricFamily(
            "watcher_seconds_since_last_check",
            "Seconds since the newest check recorded in the database, by any process",
        )
        if stats.last_check_at is not None:
            last.add_metric([], max(0.0, (now - stats.last_check_at).total_seconds()))
        yield last
