"""Housekeeping the daemon does besides checking: keeping the check history bounded.

Pruning runs in small batches, each a short transaction in a thread, with a pause between
them, so that checks keep being recorded (and, on SQLite, keep getting the write lock) while
a large backlog of old checks is deleted.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Protocol

from watcher.errors import StoreError

log = logging.getLogger(__name__)

PRUNE_BATCH = 500  # checks deleted per transaction: a few milliseconds of write lock
PRUNE_PAUSE = 0.05  # seconds between batches, for the writes of the checks in flight


class Prunable(Protocol):
    """What pruning needs of the store (`store.Store` is one)."""

    def prune_checks(self, before: datetime, limit: int) -> int: ...


async def prune_history(
    store: Prunable,
    keep_seconds: float | None,
    now: datetime,
    batch: int = PRUNE_BATCH,
    pause: float = PRUNE_PAUSE,
) -> int:
    """Delete the checks older than `keep_seconds` before `now` that made no version, batch
    by batch until none is left; returns how many were deleted. None keeps every check.

    A database error stops this pass (logged; the next pass starts again where it stopped)
    and never reaches the caller: housekeeping must not stop the daemon.
    """
    if keep_seconds is None:
        return 0
    before = now - timedelta(seconds=keep_seconds)
    total = 0
    while True:
        try:
            n = await asyncio.to_thread(store.prune_checks, before, batch)
        except StoreError as exc:
            log.warning("pruning old checks stopped after %d: %s", total, exc)
            break
        total += n
        if n < batch:
            break
        await asyncio.sleep(pause)
    if total:
        log.info("pruned %d checks started before %s", total, before.isoformat(timespec="seconds"))
    return total
