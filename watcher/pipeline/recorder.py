"""Group commit: checks that finish close together share one database transaction.

Each check stays all-or-nothing (see `Store.record_many`); what is shared is the cost
of a transaction — session, BEGIN, COMMIT — which dominates a check that found
nothing new. A check's caller still waits until its own record is committed.
"""

from __future__ import annotations

import asyncio

from watcher.errors import StoreError
from watcher.store import CheckRecord, Store

MAX_BATCH = 64  # checks per transaction
# Seconds a finished check waits for others to share its transaction; its slot is held
# meanwhile. A pass over 1,000 pages finishes a check every 12 ms or so: with 2 ms, 81 % of
# the transactions held one check, and the main process spent 10.6 s of CPU; with 50 ms they
# hold 5 to 7, and it spends 7.9 s. A check alone (the daemon, one watch) commits 50 ms late.
MAX_WAIT = 0.05


class Recorder:
    """Collects check records and writes them in batches from a worker thread."""

    def __init__(self, store: Store, max_batch: int = MAX_BATCH, max_wait: float = MAX_WAIT):
        self._store = store
        self._max_batch = max_batch
        self._max_wait = max_wait
        self._queue: list[tuple[CheckRecord, asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None

    async def record(self, rec: CheckRecord) -> int | None:
        """Write `rec`; returns the new version's number, if any, once it is committed."""
        future = asyncio.get_running_loop().create_future()
        self._queue.append((rec, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(self._max_wait)
        while self._queue:
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            try:
                results = await asyncio.to_thread(
                    self._store.record_many, [rec for rec, _ in batch]
                )
            except StoreError as exc:  # the database itself is unreachable
                results = [exc] * len(batch)
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)
