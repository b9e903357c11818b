"""Delivery: send what the outbox owes, each channel's messages in event order.

Each pass takes the head of every channel's queue (its oldest pending message), sends it,
and takes the next heads, until nothing due is left. A message that fails is rescheduled
with backoff and the channel's newer messages wait behind it; other channels go on.

Delivery is at-least-once: a sender that dies after a successful send but before
recording it leaves the message to be sent again, by the next pass, within one lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher import notify
from watcher.config.units import format_duration
from watcher.errors import NotFound, NotifyError, StoreError
from watcher.models import Config, Event, EventKind, Excerpts, NotifySettings
from watcher.pipeline import presentation
from watcher.store import Delivery, Store

log = logging.getLogger(__name__)

# How long one send may take before it counts as failed (and is retried with backoff).
# Apprise bounds each connection and each read (4 s by default, 15 s to connect for
# email), not a whole send, which may make several requests or wait out a rate limit;
# two minutes is far beyond a healthy send and keeps a hung channel from holding the
# pass (and its channel) for ever.
SEND_TIMEOUT = 120.0

# A claimed row is hidden from other senders this long, and its lease is renewed every
# RENEW_EVERY while its send runs. So a slow send keeps its row, while a sender that
# dies (killed mid-send, or a lost host) stops renewing and its row, which holds its
# channel's newer messages behind it, is due again within 30 s, and sent by the next
# pass (the daemon runs one every 30 s). A lease as long as SEND_TIMEOUT would hold a
# channel for minutes after a crash. Three renewals per lease leave room for one that
# waits out SQLite's busy timeout (10 s).
DELIVERY_LEASE = timedelta(seconds=30)
RENEW_EVERY = DELIVERY_LEASE.total_seconds() / 3

# Channels whose heads one claim takes. Heads are sent one after the other, each
# re-taken just before its send, so one that waited too long for its turn is not sent if
# another sender has taken it over meanwhile.
CLAIM_BATCH = 20


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    failed: int = 0
    dropped: int = 0


async def deliver(
    config: Config,
    store: Store,
    clock: Callable[[], datetime],
    rng: random.Random | None = None,
) -> DeliveryReport:
    """Send every due message once, each channel's oldest first; failures are
    rescheduled with backoff and hold their channel's newer messages behind them."""
    rng = rng or random.Random()
    known = notify.channels(config.notifiers)
    counts: Counter[str] = Counter()
    shown: dict[int, Excerpts] = {}  # each event's excerpts, rendered once for all its channels
    # Take only what was due when the pass began, so a failed message waits for its
    # backoff instead of being retried in a tight loop within this pass.
    started = clock()
    while True:
        batch = await asyncio.to_thread(store.claim, clock(), DELIVERY_LEASE, CLAIM_BATCH, started)
        if not batch:
            break
        for item in batch:
            if item.event.id not in shown:
                shown[item.event.id] = await _excerpts(item.event, store, config.notify)
            excerpts = shown[item.event.id]
            outcome = await _deliver_one(item, excerpts, known, config.notify, store, clock, rng)
            counts[outcome] += 1
    return DeliveryReport(counts["sent"], counts["failed"], counts["dropped"])


async def _excerpts(event: Event, store: Store, settings: NotifySettings) -> Excerpts:
    """The diff excerpts of a change, from its two stored versions (none for other events,
    nor when a version is no longer there)."""
    if event.kind is not EventKind.CHANGED or event.version_from is None:
        return Excerpts()
    assert event.version_to is not None
    try:
        _, old = await asyncio.to_thread(store.text, event.watch, event.version_from)
        _, new = await asyncio.to_thread(store.text, event.watch, event.version_to)
    except NotFound:
        return Excerpts()
    return await asyncio.to_thread(
        presentation.excerpts, event.report, old, new, settings.max_excerpt_chars
    )


async def _deliver_one(
    item: Delivery,
    excerpts: Excerpts,
    known: dict[tuple[str, str], notify.Channel],
    settings: NotifySettings,
    store: Store,
    clock: Callable[[], datetime],
    rng: random.Random,
) -> str:
    """Send one claimed message and record the outcome: sent, failed, dropped or lost."""
    channel = known.get((item.notifier, item.channel))
    if channel is None:
        reason = f"notifier {item.notifier!r} or its URL is no longer configured"
        await asyncio.to_thread(store.dropped, item.id, reason)
        log.warning(
            "%s: message for event %d dropped: %s",
            item.event.watch,
            item.event.id,
            reason,
            extra={"watch": item.event.watch},
        )
        return "dropped"
    if not await asyncio.to_thread(store.renew, item.id, item.attempts, clock() + DELIVERY_LEASE):
        log.info(
            "%s: event %d for %s was taken over by another sender",
            item.event.watch,
            item.event.id,
            item.notifier,
            extra={"watch": item.event.watch},
        )
        return "lost"
    message = notify.render(item.event, settings.base_url, excerpts)
    failure = item.event.kind is EventKind.FETCH_ERROR
    try:
        async with _leased(store, item, clock):
            # A webhook channel is sent the event itself, and the row's id to deduplicate on.
            sent = asyncio.to_thread(
                notify.send, channel, message, failure=failure, event=item.event, delivery=item.id
            )
            await asyncio.wait_for(sent, SEND_TIMEOUT)
    except notify.Rejected as exc:  # a webhook refused this message itself: never accepted
        await asyncio.to_thread(store.dropped, item.id, str(exc))
        log.warning(
            "%s: message for event %d dropped: %s",
            item.event.watch,
            item.event.id,
            exc,
            extra={"watch": item.event.watch},
        )
        return "dropped"
    except (NotifyError, TimeoutError) as exc:
        reason = str(exc) or f"no answer within {format_duration(SEND_TIMEOUT)}"
        delay = min(
            settings.retry_backoff * 2 ** (item.attempts - 1),
            settings.retry_max_backoff,
        ) * (0.5 + rng.random())
        retry_at = clock() + timedelta(seconds=delay)
        if not await asyncio.to_thread(store.failed, item.id, reason, retry_at, item.attempts):
            log.warning(
                "%s: delivery to %s failed after its lease was taken over: %s",
                item.event.watch,
                item.notifier,
                reason,
                extra={"watch": item.event.watch},
            )
            return "failed"
        log.warning(
            "%s: delivery to %s failed (attempt %d, retry in %s at %s; newer messages wait): %s",
            item.event.watch,
            item.notifier,
            item.attempts,
            format_duration(delay),
            retry_at.isoformat(timespec="seconds"),
            reason,
            extra={"watch": item.event.watch},
        )
        return "failed"
    # Recorded even if the lease was lost meanwhile: the message did go out.
    await asyncio.to_thread(store.delivered, item.id, clock())
    log.info(
        "%s: event %d sent to %s",
        item.event.watch,
        item.event.id,
        item.notifier,
        extra={"watch": item.event.watch},
    )
    return "sent"


@contextlib.asynccontextmanager
async def _leased(
    store: Store, item: Delivery, clock: Callable[[], datetime]
) -> AsyncIterator[None]:
    """Renew `item`'s lease every RENEW_EVERY seconds while the block runs."""
    done = asyncio.Event()

    async def renew() -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), RENEW_EVERY)
                return
            until = clock() + DELIVERY_LEASE
            try:
                held = await asyncio.to_thread(store.renew, item.id, item.attempts, until)
            except StoreError as exc:  # the send goes on; the next renewal may succeed
                log.warning(
                    "%s: could not renew a lease: %s",
                    item.event.watch,
                    exc,
                    extra={"watch": item.event.watch},
                )
                continue
            if not held:
                log.warning(
                    "%s: lease on event %d for %s lost during a slow send; "
                    "another sender may send it too",
                    item.event.watch,
                    item.event.id,
                    item.notifier,
                    extra={"watch": item.event.watch},
                )
                return

    renewer = asyncio.create_task(renew())
    try:
        yield
    finally:
        # Stopped, not cancelled: a renewal under way finishes before the outcome is
        # written, so it cannot overwrite the retry time of a failure.
        done.set()
        await renewer
