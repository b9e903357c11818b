"""CPU-bound stages in worker processes, so that a pass uses more than one core.

A check mostly waits on the network, but reading a page (normalize) and reading a new version
(diff, detect, dates) are pure Python under the GIL: with threads alone, a pass over a thousand
pages runs on one core. Those pure functions run in worker processes instead; fetching, the
database and everything with state stay in the main process.

Each worker is `python -m watcher.pipeline.worker_process`, fed through its stdin and
answering on its stdout with length-prefixed pickles, one call at a time, all driven by the
event loop. Not
`concurrent.futures.ProcessPoolExecutor`: its feeder and manager threads need the GIL to move
every call, and while the event loop keeps the GIL busy each hand-over waits for a switch
interval (measured: the first pass of 300 pages took 1.7x longer than with threads alone).
A worker also imports only what it runs, not the command line that started it.

Workers start on the first calls (a pass of 304 answers starts none), except one that a
command launched early (`launch`), before its own imports: `watcher check` does, so that its
worker is ready for the first page. If one dies (killed, out of memory), its call runs again
in a thread and a new worker replaces it: nothing is lost. When the main process goes away, a
worker reads end-of-file and exits.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from watcher.errors import TooSlow
from watcher.pipeline import worker_process
from watcher.pipeline.worker_process import HEADER as _HEADER
from watcher.pipeline.worker_process import PIPE_SIZE as _PIPE_SIZE

log = logging.getLogger(__name__)

T = TypeVar("T")

_IDLE_POLL = 0.5  # seconds between two looks of a watchdog at its worker's current call


def default_count() -> int:
    """Workers by default: one per core this process may run on, less one, from 1 to 4.

    The main process keeps a core busy with fetching, hashing, compressing and the database;
    on two cores a second worker bought 6 % of a first pass for 35 MB more.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores - 1))


class WorkerDied(Exception):
    """A worker process ended in the middle of a call (internal: the call is re-run)."""


class _Worker:
    """One worker process, its pipes, and the calls written to it not yet answered.

    Calls are pipelined: a new call is written at once, even while earlier ones run, and a
    reader task hands the replies, which come in the order of the calls, to their callers.
    The worker goes from one call to the next without waiting for the event loop, which in a
    busy pass may be several milliseconds late to send it the next one.
    """

    def __init__(self, process: _Process) -> None:
        self.process = process
        self.pending: collections.deque[asyncio.Future] = collections.deque()
        self.budgets: collections.deque[float | None] = collections.deque()  # one per pending
        self.head_since = time.monotonic()  # when the call at the head of `pending` began
        self.dead: WorkerDied | None = None
        self._reader = asyncio.create_task(self._read_replies())
        self._watchdog: asyncio.Task | None = None

    @classmethod
    async def start(cls, launched: subprocess.Popen | None = None) -> _Worker:
        """A worker on a process `launch` started (a new one when None)."""
        process = await _Process.adopt(launched or launch())
        log.debug("worker process %d started", process.pid)
        return cls(process)

    async def call(self, fn: Callable[..., T], args: tuple, budget: float | None = None) -> T:
        if self.dead is not None:
            raise self.dead
        stdin = self.process.stdin
        assert stdin is not None
        payload = pickle.dumps((fn.__module__, fn.__qualname__, args), pickle.HIGHEST_PROTOCOL)
        reply = asyncio.get_running_loop().create_future()
        if not self.pending:
            self.head_since = time.monotonic()  # an idle worker starts it at once
        self.pending.append(reply)
        self.budgets.append(budget)
        if budget is not None and self._watchdog is None:
            self._watchdog = asyncio.create_task(self._watch())
        try:
            stdin.write(_HEADER.pack(len(payload)) + payload)
            await stdin.drain()
        except (ConnectionError, RuntimeError) as exc:  # RuntimeError: the pipe was closed
            reply.cancel()  # its answer, should one come, is skipped
            raise WorkerDied(str(exc) or type(exc).__name__) from exc
        return await reply

    async def _read_replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                (size,) = _HEADER.unpack(await stdout.readexactly(_HEADER.size))
                data = await stdout.readexactly(size)
                reply = self.pending.popleft()
                self.budgets.popleft()
                self.head_since = time.monotonic()  # the next call begins now
                if reply.done():  # its caller was cancelled, or it overran its budget
                    continue
                try:
                    ok, value = pickle.loads(data)
                except Exception as exc:  # the stream stays in step: its size was read
                    reply.set_exception(RuntimeError(f"unreadable reply from a worker: {exc}"))
                    continue
                if ok:
                    reply.set_result(value)
                else:
                    reply.set_exception(value)
        except (ConnectionError, asyncio.IncompleteReadError, struct.error, IndexError) as exc:
            self.dead = WorkerDied(str(exc) or type(exc).__name__)
            for reply in self.pending:
                if not reply.done():
                    reply.set_exception(self.dead)
            self.pending.clear()
            self.budgets.clear()

    async def _watch(self) -> None:
        """Kill the worker when the call it runs overruns its budget: that call fails with
        `TooSlow`, the calls queued behind it with `WorkerDied` (they run again elsewhere).

        The main process measures from when the call began (the previous reply, or the write
        to an idle worker): a regular expression or a parser stuck in C code cannot be
        interrupted from inside, only its process ended.
        """
        try:
            while self.pending and self.dead is None:
                budget = self.budgets[0]
                left = (self.head_since + budget - time.monotonic()) if budget else _IDLE_POLL
                if left > 0:
                    await asyncio.sleep(min(left, _IDLE_POLL))
                    continue
                head = self.pending[0]
                if not head.done():
                    head.set_exception(TooSlow("reading this page", budget))
                log.warning(
                    "worker process %d overran a %g s budget; it is replaced",
                    self.process.pid,
                    budget,
                )
                self.process.kill()
                return
        finally:
            self._watchdog = None

    async def stop(self) -> None:
        """Close the worker's input (it ends after the calls written to it) and reap it."""
        if self.process.returncode is None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._reader), 1)
        self._reader.cancel()
        if self._watchdog is not None:
            self._watchdog.cancel()


def launch(preload: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start a worker process, which imports the `preload` modules while it waits for calls.

    Plain `subprocess`, not the event loop's: a command can start its worker before its own
    heavy imports, and a `Workers` adopts it later (see `Workers`).
    """
    # The worker must import this very copy of the package, wherever it was found.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", worker_process.__name__, *preload],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
    )


def dismiss(process: subprocess.Popen) -> None:
    """Let a worker that was never adopted go: it exits at the end of its input."""
    with contextlib.suppress(OSError):
        assert process.stdin is not None
        process.stdin.close()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _Process:
    """A launched worker process with its pipes as event-loop streams."""

    def __init__(
        self, popen: subprocess.Popen, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader
    ) -> None:
        self.popen, self.stdin, self.stdout = popen, stdin, stdout
        self.pid = popen.pid

    @classmethod
    async def adopt(cls, popen: subprocess.Popen) -> _Process:
        loop = asyncio.get_running_loop()
        stdout = asyncio.StreamReader(limit=_PIPE_SIZE)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdout), popen.stdout)
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()), popen.stdin
        )
        return cls(popen, asyncio.StreamWriter(transport, protocol, None, loop), stdout)

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    async def wait(self) -> int:
        while self.popen.poll() is None:  # reaps it: no child watcher for a plain Popen
            await asyncio.sleep(0.01)
        return self.popen.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.popen.kill()


class Workers:
    """Runs pure functions in worker processes, up to `DEPTH` calls queued in each.

    `count` 0 runs them in threads instead. Workers start only once two calls are in flight
    together: a one-page command, or a daemon whose checks come one at a time, never pays for
    starting a process; a pass over many pages does, once. A call goes to the worker with the
    fewest calls queued; a new worker starts (up to `count`) when every one is busy.
    `launched`, a process from `launch`, is the first worker, from the first call on; one
    never needed is let go by `close` (at once when `count` is 0).
    """

    DEPTH = 3  # enough that a worker always has its next call; each holds a page in memory

    def __init__(self, count: int = 0, launched: subprocess.Popen | None = None) -> None:
        self.count = count
        self._slots: asyncio.Semaphore | None = None
        self._starting = asyncio.Lock()
        self._all: list[_Worker] = []
        self._in_threads = 0
        self._waiting = 0  # calls waiting for room in a worker
        # A worker the command launched early: it becomes the first worker, at the first call.
        self._launched = launched if count > 0 else None
        if launched is not None and count <= 0:
            dismiss(launched)

    @property
    def saturated(self) -> bool:
        """True when twice as many calls wait for room in the workers as they hold queued:
        they are the bottleneck, and a caller with time to spare may do some work itself.
        (At once as many, a pass over 1,000 pages moved too much work to its main process.)"""
        return self.count > 0 and self._waiting >= 2 * self.count * self.DEPTH

    @property
    def started(self) -> int:
        """How many worker processes are running."""
        return len(self._all)

    async def run(self, fn: Callable[..., T], /, *args: Any, budget: float | None = None) -> T:
        """`fn(*args)` in a worker (or a thread, see the class); its exceptions propagate.

        `fn` is a module-level function of this package and the arguments are picklable (the
        frozen models are): they cross a process boundary. With a `budget` (seconds), a call
        that runs longer raises `TooSlow`: in a worker, the worker is killed and replaced; in a
        thread, which cannot be stopped, the caller stops waiting and the thread runs to its
        end on its own (Watcher's own calls run in a thread only with `workers = 0` or for the
        very first call, before a worker is needed).
        """
        first = self._slots is None and self._in_threads == 0 and self._launched is None
        if self.count <= 0 or first:
            self._in_threads += 1
            try:
                return await _in_thread(fn, args, budget)
            finally:
                self._in_threads -= 1
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.count * self.DEPTH)
        slots = self._slots
        self._waiting += 1
        try:
            await slots.acquire()
        finally:
            self._waiting -= 1
        worker = None
        try:
            worker = await self._pick()
            return await worker.call(fn, args, budget)
        except TooSlow:
            if worker is not None:
                await self._discard(worker)
            raise
        except (WorkerDied, OSError) as exc:
            log.warning("a worker process failed (%s); running %s here", exc, fn.__name__)
            if worker is not None:
                await self._discard(worker)
            return await _in_thread(fn, args, budget)
        finally:
            slots.release()

    async def _pick(self) -> _Worker:
        """The least busy worker; a new one when all are busy and fewer than `count` run."""
        for gone in [w for w in self._all if w.dead is not None]:
            log.warning("a worker process failed (%s); another takes its place", gone.dead)
            await self._discard(gone)
        live = self._all
        if len(live) < self.count and all(w.pending for w in live):
            async with self._starting:
                live = self._all
                if len(live) < self.count and all(w.pending for w in live):
                    launched, self._launched = self._launched, None
                    worker = await _Worker.start(launched)
                    self._all.append(worker)
                    return worker
        return min(live, key=lambda w: len(w.pending))

    async def _discard(self, worker: _Worker) -> None:
        if worker in self._all:  # once, whichever of its callers gets here first
            self._all.remove(worker)
            await worker.stop()

    async def close(self) -> None:
        """Stop every worker (after the calls in flight)."""
        workers, self._all, self._slots = self._all, [], None
        self._starting = asyncio.Lock()
        await asyncio.gather(*(w.stop() for w in workers))
        if self._launched is not None:  # launched, never needed
            launched, self._launched = self._launched, None
            await asyncio.to_thread(dismiss, launched)


async def _in_thread(fn: Callable[..., T], args: tuple, budget: float | None) -> T:
    call = asyncio.to_thread(fn, *args)
    if budget is None:
        return await call
    try:
        return await asyncio.wait_for(call, budget)
    except TimeoutError:
        raise TooSlow("reading this page", budget) from None
