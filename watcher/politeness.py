"""Politeness: how many checks run at once, and how many requests go to one host.

`watcher check` and `watcher run` share the same `Limiter`, so a one-off pass is exactly as
polite to the sites as the daemon is; across several instances the claim's per-host budget
(`store.claims`) holds the same limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from watcher.errors import WatcherError
from watcher.models import Watch

log = logging.getLogger(__name__)


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
