"""Delivery: send what the outbox owes, oldest first, and reschedule failures with backoff."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher import notify
from watcher.errors import NotifyError
from watcher.models import Config, EventKind
from watcher.store import Store

log = logging.getLogger(__name__)

DELIVERY_LEASE = timedelta(minutes=5)  # a claimed row is hidden from other senders this long


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
    """Send every due outbox row once; failures are rescheduled with backoff."""
    rng = rng or random.Random()
    settings = config.notify
    known = notify.channels(config.notifiers)
    sent = failed = dropped = 0
    # Claim only what was due when the pass began, so a failed row waits for its
    # backoff instead of being retried in a tight loop within this pass.
    started = clock()
    while True:
        batch = await asyncio.to_thread(store.claim, started, DELIVERY_LEASE)
        if not batch:
            break
        for item in batch:
            channel = known.get((item.notifier, item.channel))
            if channel is None:
                reason = f"notifier {item.notifier!r} or its URL is no longer configured"
                await asyncio.to_thread(store.dropped, item.id, reason)
                log.warning(
                    "%s: message for event %d dropped: %s",
                    item.event.watch,
                    item.event.id,
                    reason,
                )
                dropped += 1
                continue
            message = notify.render(item.event, settings.base_url)
            failure = item.event.kind is EventKind.FETCH_ERROR
            try:
                await asyncio.to_thread(notify.send, channel, message, failure=failure)
            except NotifyError as exc:
                delay = min(
                    settings.retry_backoff * 2 ** (item.attempts - 1),
                    settings.retry_max_backoff,
                ) * (0.5 + rng.random())
                retry_at = clock() + timedelta(seconds=delay)
                await asyncio.to_thread(store.failed, item.id, str(exc), retry_at)
                log.warning(
                    "%s: delivery to %s failed (attempt %d, retry at %s): %s",
                    item.event.watch,
                    item.notifier,
                    item.attempts,
                    retry_at.isoformat(timespec="seconds"),
                    exc,
                )
                failed += 1
                continue
            await asyncio.to_thread(store.delivered, item.id, clock())
            log.info("%s: event %d sent to %s", item.event.watch, item.event.id, item.notifier)
            sent += 1
    return DeliveryReport(sent, failed, dropped)
