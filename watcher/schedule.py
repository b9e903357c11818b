"""When the pipeline runs: intervals with jitter, politeness limits, the daemon loop.

`watcher check` and `watcher run` share the same `Limiter`, so a one-off pass is
exactly as polite to the sites as the daemon is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from watcher.config.units import format_duration
from watcher.errors import WatcherError
from watcher.models import ScheduleSettings, Watch

log = logging.getLogger(__name__)

DELIVERY_EVERY = 30.0  # seconds between outbox passes (retries of failed deliveries)
STOP_GRACE = 20.0  # seconds in-flight checks get to finish on SIGTERM
# The scheduler's heartbeat: a job that only notes the time, every TICK_EVERY seconds. Health
# counts the scheduler dead when no tick came for ALIVE_WITHIN (a tick or two may be late
# on a busy loop; four in a row are not).
TICK_EVERY = 15.0
ALIVE_WITHIN = 4 * TICK_EVERY


class Limiter:
    """A global cap on checks in flight and a per-host cap on requests in flight."""

    def __init__(self, concurrency: int, per_host: int) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @contextlib.asynccontextmanager
    async def slot(self, urls: Iterable[str]) -> AsyncIterator[None]:
        """Hold a slot on the host of every URL one check fetches (a combined document's
        parts may live on several hosts), and one of the global slots."""
        hosts = sorted({(urlsplit(url).hostname or "").lower() for url in urls})
        async with contextlib.AsyncExitStack() as held:
            # Hosts first, always in the same order (two checks sharing hosts cannot each
            # hold one the other waits for); a check waiting for a host must not hold a
            # global slot meanwhile.
            for host in hosts:
                sem = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
                await held.enter_async_context(sem)
            await held.enter_async_context(self._global)
            yield


def interval_of(watch: Watch, settings: ScheduleSettings) -> float:
    """The watch's polling interval in seconds."""
    return watch.interval if watch.interval is not None else settings.interval


def first_due(
    last_check: datetime | None, interval: float, jitter: float, now: datetime, rng: random.Random
) -> datetime:
    """When a watch is next due after a (re)start, so restarts don't re-poll everything.

    A watch never checked is due at once: a new watch (and a first start) shows its first
    version within seconds; the concurrency and per-host limits keep that pass orderly. An
    overdue one is spread over the jitter window, so a restart does not re-poll everything
    at the same instant."""
    if last_check is None:
        return now
    due = last_check + timedelta(seconds=interval)
    if due > now:
        return due
    return now + timedelta(seconds=rng.uniform(0, max(jitter, 1.0)))


async def run_pass(
    watches: Iterable[Watch], check: Callable[[Watch], Awaitable[object]], limiter: Limiter
) -> list[object]:
    """Check every watch once under the limiter; one failure never stops the others."""

    async def one(w: Watch) -> object:
        async with limiter.slot(w.parts):
            try:
                return await check(w)
            except WatcherError as exc:  # the pipeline records site failures itself
                log.error("%s: check aborted: %s", w.id, exc, extra={"watch": w.id})
                return exc

    return list(await asyncio.gather(*(one(w) for w in watches)))


class Daemon:
    """Schedules every watch with APScheduler until `stop` is set."""

    def __init__(
        self,
        *,
        check: Callable[[Watch], Awaitable[object]],
        deliver: Callable[[], Awaitable[object]],
        settings: ScheduleSettings,
        clock: Callable[[], datetime],
        rng: random.Random | None = None,
    ) -> None:
        self._check = check
        self._deliver = deliver
        self.settings = settings
        self._clock = clock
        self._rng = rng or random.Random()
        self._limiter = Limiter(settings.concurrency, settings.per_host)
        self._scheduler: AsyncIOScheduler | None = None
        self._watches: dict[str, Watch] = {}
        self._inflight: set[asyncio.Task] = set()
        self._deliver_lock = asyncio.Lock()
        # The daemon's pulse, read by /healthz and /metrics.
        self.last_tick: datetime | None = None
        self.lag: float | None = None  # seconds the last due check started late
        self.last_check_done: datetime | None = None
        self.last_delivery_done: datetime | None = None
        self._due: dict[str, datetime] = {}  # when each submitted check job was due

    def start(self, watches: Iterable[Watch], last_checks: dict[str, datetime]) -> None:
        """Start the scheduler with one job per watch and the delivery job."""
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._scheduler.add_listener(self._submitted, EVENT_JOB_SUBMITTED)
        self._scheduler.start()
        self.last_tick = self._clock()  # starting counts as the first beat
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=TICK_EVERY),
            id="watcher:tick",  # no watch id holds a colon (ids are slugs)
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,  # a late tick still beats (and is not logged as missed)
            next_run_time=self._clock(),
        )
        self._scheduler.add_job(
            self._deliver_job,
            IntervalTrigger(seconds=DELIVERY_EVERY),
            id="deliver",
            max_instances=1,
            coalesce=True,
            next_run_time=self._clock(),
        )
        self.update(watches, last_checks)

    def update(
        self,
        watches: Iterable[Watch],
        last_checks: dict[str, datetime],
        settings: ScheduleSettings | None = None,
        check: Callable[[Watch], Awaitable[object]] | None = None,
        deliver: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        """Reconcile jobs with a (re)loaded configuration."""
        assert self._scheduler is not None
        if check is not None:
            self._check = check
        if deliver is not None:
            self._deliver = deliver
        if settings is not None and settings != self.settings:
            self.settings = settings
            self._limiter = Limiter(settings.concurrency, settings.per_host)
        wanted = {w.id: w for w in watches}
        for wid in set(self._watches) - set(wanted):
            self._scheduler.remove_job(wid)
            self._due.pop(wid, None)
            log.info("%s: no longer watched", wid)
        now = self._clock()
        for wid, w in wanted.items():
            old = self._watches.get(wid)
            interval = interval_of(w, self.settings)
            trigger = IntervalTrigger(seconds=interval, jitter=int(self.settings.jitter) or None)
            if old is None:
                due = first_due(
                    last_checks.get(wid), interval, self.settings.jitter, now, self._rng
                )
                self._scheduler.add_job(
                    self._check_job,
                    trigger,
                    args=[wid],
                    id=wid,
                    max_instances=1,
                    coalesce=True,
                    next_run_time=due,
                    misfire_grace_time=None,
                )
                log.info(
                    "%s: scheduled every %s, first at %s",
                    wid,
                    format_duration(interval),
                    due.isoformat(timespec="seconds"),
                )
            elif interval_of(old, self.settings) != interval:
                self._scheduler.reschedule_job(wid, trigger=trigger)
        self._watches = wanted

    async def _check_job(self, watch_id: str) -> None:
        watch = self._watches.get(watch_id)
        if watch is None:
            return
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            async with self._limiter.slot(watch.parts):
                due = self._due.pop(watch_id, None)
                if due is not None:
                    self.lag = max(0.0, (self._clock() - due).total_seconds())
                result = await self._check(watch)
            self.last_check_done = self._clock()
            if getattr(result, "events", ()):
                await self._deliver_job()
        except WatcherError as exc:
            # An error ends one check, never the scheduler.
            log.error("%s: check aborted: %s", watch_id, exc, extra={"watch": watch_id})
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def _deliver_job(self) -> None:
        async with self._deliver_lock:
            try:
                await self._deliver()
            except WatcherError as exc:
                log.error("delivery pass failed: %s", exc)
            else:
                self.last_delivery_done = self._clock()

    async def _tick(self) -> None:
        self.last_tick = self._clock()

    def _submitted(self, event: JobSubmissionEvent) -> None:
        # Called by the scheduler as it hands a job to the event loop, before the job runs.
        if event.job_id in self._watches and event.scheduled_run_times:
            self._due[event.job_id] = event.scheduled_run_times[0]

    def stalled(self) -> str | None:
        """Why the scheduler is not doing its work (stopped, or its heartbeat silent), or None."""
        if self._scheduler is None or not self._scheduler.running:
            return "scheduler: not running"
        assert self.last_tick is not None  # set by start()
        silent = (self._clock() - self.last_tick).total_seconds()
        if silent > ALIVE_WITHIN:
            return f"scheduler: no heartbeat for {silent:.0f}s (expected every {TICK_EVERY:g}s)"
        return None

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop scheduling; let in-flight checks finish within `grace` seconds."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        pending = [t for t in self._inflight if not t.done()]
        if pending:
            log.info(
                "waiting up to %s for %d checks in flight", format_duration(grace), len(pending)
            )
            _done, late = await asyncio.wait(pending, timeout=grace)
            for t in late:
                t.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
