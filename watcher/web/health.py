"""`/healthz`: is the daemon doing its work? Its scheduler alive, its database answering.

The answer is for a supervisor (Docker's HEALTHCHECK, a load balancer, Kubernetes): `None`
when healthy, otherwise one line saying what is wrong. That the request is answered at all
shows the event loop turns; the scheduler's pulse shows its jobs still fire; `SELECT 1`
shows the database answers, and for SQLite a look at the file shows it is still there
(a connection already open keeps answering from a file deleted or moved away).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# How long the database has to answer `SELECT 1`. A healthy one answers in milliseconds;
# a supervisor polling every 30 s must not wait on a hung one for longer than it waits on us.
DATABASE_TIMEOUT = 3.0


class Scheduler(Protocol):
    """What health needs of the daemon's scheduler (`schedule.Daemon` is one)."""

    def stalled(self) -> str | None:
        """Why the scheduler is not doing its work, or None."""


class Health:
    """Decides the answer of `/healthz` for one engine (and one scheduler, in the daemon)."""

    def __init__(
        self,
        engine: Engine,
        *,
        scheduler: Scheduler | None = None,
        timeout: float = DATABASE_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.scheduler = scheduler
        self.timeout = timeout
        self._file = sqlite_file(engine)
        self._ping: asyncio.Future | None = None  # one probe in flight at a time
        self._last: str | None = None

    async def problem(self) -> str | None:
        """What is wrong, on one line, or None when all is well."""
        problem = self.scheduler.stalled() if self.scheduler is not None else None
        if problem is None:
            problem = await self._database()
        if problem != self._last:
            if problem is not None:
                log.warning("unhealthy: %s", problem)
            elif self._last is not None:
                log.info("healthy again")
            self._last = problem
        return problem

    async def _database(self) -> str | None:
        # A probe that outlives its timeout keeps its thread until the database answers;
        # the next requests wait on that same probe rather than starting more threads.
        if self._ping is None or self._ping.done():
            self._ping = asyncio.ensure_future(asyncio.to_thread(self._probe))
        try:
            return await asyncio.wait_for(asyncio.shield(self._ping), self.timeout)
        except TimeoutError:
            return f"database: no answer within {self.timeout:g}s"

    def _probe(self) -> str | None:
        if self._file is not None:
            try:
                os.stat(self._file)
            except OSError as exc:
                return f"database: {self._file}: {exc.strerror or exc}"
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            return "database: " + (" ".join(str(cause).split()) or type(cause).__name__)
        return None


def sqlite_file(engine: Engine) -> str | None:
    """The file of a SQLite database (a `file:` URI's path too), or None for other databases."""
    url = engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        path = unquote(urlsplit(database).path)
        return path or None
    return database
