"""When the pipeline runs: the daemon's claiming loop and its periodic jobs.

The daemon's schedule is the database's: it claims due watches (see `store.claims`), so
several instances share one schedule. Politeness limits are `politeness.Limiter`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Iterable
from datetime import datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from watcher.cadence import first_due, interval_of, next_due
from watcher.config.units import format_duration
from watcher.errors import LeaseLost, WatcherError
from watcher.models import Claim, ScheduleSettings, Watch
from watcher.politeness import Limiter, run_pass

__all__ = ["ALIVE_WITHIN", "ClaimQueue", "Daemon", "Limiter", "first_due", "run_pass"]

log = logging.getLogger(__name__)

DELIVERY_EVERY = 30.0  # seconds between outbox passes (retries of failed deliveries)
STOP_GRACE = 20.0  # seconds in-flight checks get to finish on SIGTERM
# The scheduler's heartbeat: a job that only notes the time, every TICK_EVERY seconds. Health
# counts the scheduler dead when no tick came for ALIVE_WITHIN (a tick or two may be late
# on a busy loop; four in a row are not).
TICK_EVERY = 15.0
ALIVE_WITHIN = 4 * TICK_EVERY
# Claiming: at least every CLAIM_EVERY seconds (and whenever a check ends), gathering the
# slots that free up within CLAIM_GATHER seconds into one claim.
CLAIM_EVERY = 1.0
CLAIM_GATHER = 0.005
RENEWALS_PER_LEASE = 3  # a lease is renewed three times in its length: two renewals may fail
HOUSEKEEPING_EVERY = 3600.0  # seconds between prunings of the checks table
LOG_EACH_UP_TO = 100  # new watches logged one by one; more are counted by interval


class ClaimQueue(Protocol):
    """The shared schedule the daemon claims due watches from (`store.Store` is one)."""

    def claim_due(
        self,
        instance: str,
        now: datetime,
        lease: float,
        limit: int,
        per_host: int,
        skip: Collection[str] = (),
    ) -> list[Claim]: ...

    def renew_claims(self, tokens: Iterable[str], until: datetime) -> int: ...

    def release_claims(self, tokens: Iterable[str] = (), instance: str | None = None) -> int: ...


def instance_name() -> str:
    """This process, as other instances and people see it in the claims it holds: host and
    pid, and a random suffix (two containers may have the same host name and pid)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Daemon:
    """Claims due watches from the shared schedule and checks them, until `stop`.

    The watches' due times live in the database (docs/decisions/0016): this instance claims
    what is due whenever it has a free slot (and at least every CLAIM_EVERY seconds), renews
    the leases of the checks it runs, and gives its claims back when it stops. APScheduler runs
    the periodic jobs: the heartbeat, lease renewal, delivery passes and housekeeping.
    """

    def __init__(
        self,
        *,
        check: Callable[..., Awaitable[object]],
        deliver: Callable[[], Awaitable[object]],
        settings: ScheduleSettings,
        clock: Callable[[], datetime],
        queue: ClaimQueue,
        instance: str | None = None,
        rng: random.Random | None = None,
        housekeeping: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._check = check
        self._deliver = deliver
        self.settings = settings
        self._clock = clock
        self._queue = queue
        self.instance = instance or instance_name()
        self._rng = rng or random.Random()
        self._housekeeping = housekeeping
        self._limiter = Limiter(settings.concurrency, settings.per_host)
        self._scheduler: AsyncIOScheduler | None = None
        self._watches: dict[str, Watch] = {}
        self._foreign: set[str] = set()  # claimed once, not in this instance's configuration
        self._inflight: dict[asyncio.Task, Claim] = {}
        self._claimer: asyncio.Task | None = None
        self._stopping = False
        self._background: set[asyncio.Task] = set()
        self._slot_freed = asyncio.Event()
        self._deliver_lock = asyncio.Lock()
        # The daemon's pulse, read by /healthz and /metrics.
        self.last_tick: datetime | None = None
        self.lag: float | None = None  # seconds the last due check started late
        self.observe_lag: Callable[[float], None] | None = None  # each check's lag, for metrics
        self.last_check_done: datetime | None = None
        self.last_delivery_done: datetime | None = None

    def start(self, watches: Iterable[Watch], due: dict[str, datetime] | None = None) -> None:
        """Start the periodic jobs and the claiming of due watches."""
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._scheduler.start()
        self.last_tick = self._clock()  # starting counts as the first beat
        jobs: list[tuple[Callable[[], Awaitable[None]], str, float]] = [
            (self._tick, "tick", TICK_EVERY),
            (self._deliver_job, "deliver", DELIVERY_EVERY),
            (self._renew_job, "renew", self.settings.lease / RENEWALS_PER_LEASE),
        ]
        if self._housekeeping is not None:
            jobs.append((self._housekeeping_job, "housekeeping", HOUSEKEEPING_EVERY))
        for job, name, every in jobs:
            self._scheduler.add_job(
                job,
                IntervalTrigger(seconds=every),
                id=f"watcher:{name}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,  # a late run still runs (and is not logged as missed)
                next_run_time=self._clock() if name != "renew" else None,
            )
        self.update(watches, due=due)
        self._claimer = asyncio.create_task(self._claim_loop())

    def update(
        self,
        watches: Iterable[Watch],
        settings: ScheduleSettings | None = None,
        check: Callable[..., Awaitable[object]] | None = None,
        deliver: Callable[[], Awaitable[object]] | None = None,
        due: dict[str, datetime] | None = None,
    ) -> None:
        """Take a (re)loaded configuration: the watches this instance checks, its settings;
        `due`: when each is due, as the database says (for the log)."""
        if check is not None:
            self._check = check
        if deliver is not None:
            self._deliver = deliver
        if settings is not None and settings != self.settings:
            if settings.lease != self.settings.lease and self._scheduler is not None:
                self._scheduler.reschedule_job(
                    "watcher:renew",
                    trigger=IntervalTrigger(seconds=settings.lease / RENEWALS_PER_LEASE),
                )
            self.settings = settings
            self._limiter = Limiter(settings.concurrency, settings.per_host)
        wanted = {w.id: w for w in watches}
        for wid in sorted(set(self._watches) - set(wanted)):
            log.info("%s: no longer watched", wid)
        self._log_new([w for wid, w in wanted.items() if wid not in self._watches], due or {})
        self._watches = wanted
        self._foreign.clear()
        self._slot_freed.set()  # claim at once under the new configuration

    def _log_new(self, new: list[Watch], due: dict[str, datetime]) -> None:
        """A line per new watch; for many, a line per interval (a first start with ten
        thousand watches is not ten thousand lines)."""
        if len(new) > LOG_EACH_UP_TO:
            intervals = Counter(interval_of(w, self.settings) for w in new)
            for interval, n in sorted(intervals.items()):
                log.info("%d watches scheduled every %s", n, format_duration(interval))
            return
        for w in new:
            when = due.get(w.id)
            log.info(
                "%s: scheduled every %s%s",
                w.id,
                format_duration(interval_of(w, self.settings)),
                f", first at {when.isoformat(timespec='seconds')}" if when else "",
            )

    async def _claim_loop(self) -> None:
        failing = False
        while not self._stopping:
            free = self.settings.concurrency - len(self._inflight)
            claims: list[Claim] = []
            if free > 0:
                try:
                    claims = await asyncio.to_thread(
                        self._queue.claim_due,
                        self.instance,
                        self._clock(),
                        self.settings.lease,
                        free,
                        self.settings.per_host,
                        frozenset(self._foreign),
                    )
                except Exception as exc:  # the loop must outlive any failure
                    # The database is away: say so once, and try again until it is back.
                    if not failing:
                        log.error(
                            "cannot claim due watches: %s; retrying",
                            exc,
                            exc_info=not isinstance(exc, WatcherError),
                        )
                    failing = True
                else:
                    if failing:
                        log.info("claiming due watches again")
                    failing = False
                    self._started(claims)
            if claims and len(claims) == free:
                continue  # more may be due: claim again once a slot frees
            if self._stopping:
                break
            self._slot_freed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._slot_freed.wait(), CLAIM_EVERY)
            await asyncio.sleep(CLAIM_GATHER)  # let a few slots free up to claim together

    def _started(self, claims: list[Claim]) -> None:
        foreign = []
        for claim in claims:
            if self._stopping:  # claimed as the daemon stopped: given back in `stop`
                break
            watch = self._watches.get(claim.watch_id)
            if watch is None:  # an instance with another configuration added it
                self._foreign.add(claim.watch_id)
                foreign.append(claim.token)
                continue
            task = asyncio.create_task(self._check_job(watch, claim))
            self._inflight[task] = claim
            task.add_done_callback(self._finished)
        if foreign:
            self._release_soon(foreign)

    def _finished(self, task: asyncio.Task) -> None:
        self._inflight.pop(task, None)
        self._slot_freed.set()

    def _release_soon(self, tokens: list[str]) -> None:
        async def release() -> None:
            with contextlib.suppress(WatcherError):  # if not, the leases expire
                await asyncio.to_thread(self._queue.release_claims, tokens)

        task = asyncio.create_task(release())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _check_job(self, watch: Watch, claim: Claim) -> None:
        try:
            async with self._limiter.slot(watch.parts):
                started = self._clock()
                self.lag = max(0.0, (started - claim.due_at).total_seconds())
                if self.observe_lag is not None:
                    self.observe_lag(self.lag)
                interval = interval_of(watch, self.settings)
                following = next_due(
                    claim.due_at, started, interval, self.settings.jitter, self._rng
                )
                result = await self._check(
                    watch, claim.state, claim=claim.token, next_due_at=following
                )
            self.last_check_done = self._clock()
            if getattr(result, "events", ()):
                await self._deliver_job()
        except WatcherError as exc:
            # An error ends one check, never the scheduler. Its claim stays until the lease
            # ends: then this instance or another checks the watch again.
            level = logging.WARNING if isinstance(exc, LeaseLost) else logging.ERROR
            log.log(level, "%s: check aborted: %s", watch.id, exc, extra={"watch": watch.id})
        except Exception:  # a bug: logged with its traceback; the daemon goes on
            log.exception("%s: check aborted", watch.id, extra={"watch": watch.id})

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

    async def _renew_job(self) -> None:
        tokens = [claim.token for claim in self._inflight.values()]
        if not tokens:
            return
        until = self._clock() + timedelta(seconds=self.settings.lease)
        try:
            held = await asyncio.to_thread(self._queue.renew_claims, tokens, until)
        except WatcherError as exc:
            log.warning("could not renew the leases of %d checks: %s", len(tokens), exc)
            return
        if held < len(tokens):
            # Their record will be refused (`LeaseLost`): another instance checks them.
            log.warning(
                "%d of %d checks in flight lost their claims", len(tokens) - held, len(tokens)
            )

    async def _housekeeping_job(self) -> None:
        assert self._housekeeping is not None
        try:
            await self._housekeeping()
        except WatcherError as exc:
            log.warning("housekeeping failed: %s", exc)

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
        """Stop claiming; let in-flight checks finish within `grace` seconds, then give back
        the claims of those that did not, for another instance to take at once."""
        self._stopping = True
        if self._claimer is not None:
            # Not cancelled: a claim running in its thread would commit after the claims are
            # given back below, and hold its watches for a lease. The loop ends at its top.
            self._slot_freed.set()
            await asyncio.gather(self._claimer, return_exceptions=True)
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
        await asyncio.gather(*self._background, return_exceptions=True)
        try:
            await asyncio.to_thread(self._queue.release_claims, instance=self.instance)
        except WatcherError as exc:  # their leases expire instead
            log.warning("could not give back this instance's claims: %s", exc)
