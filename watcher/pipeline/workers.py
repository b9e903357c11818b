"""CPU-bound stages in worker processes, so that a pass uses more than one core.

A check mostly waits on the network, but reading a page (normalize) and reading a new version
(diff, detect, dates) are pure Python under the GIL: with threads alone, a pass over a thousand
pages runs on one core. Those pure functions run in worker processes instead; fetching, the
database and everything with state stay in the main process.

Each worker is `python -m watcher.pipeline.workers`, fed through its stdin and answering on its
stdout with length-prefixed pickles, one call at a time, all driven by the event loop. Not
`concurrent.futures.ProcessPoolExecutor`: its feeder and manager threads need the GIL to move
every call, and while the event loop keeps the GIL busy each hand-over waits for a switch
interval (measured: the first pass of 300 pages took 1.7x longer than with threads alone).
A worker also imports only what it runs, not the command line that started it.

Workers start on the first call (a pass of 304 answers starts none). If one dies (killed, out
of memory), its call runs again in a thread and a new worker replaces it: nothing is lost.
When the main process goes away, a worker reads end-of-file and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_HEADER = struct.Struct("!Q")  # length of the pickle that follows
_ALLOWED = "watcher."  # a worker runs functions of this package only


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
    """One worker process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Worker:
        # The worker must import this very copy of the package, wherever it was found.
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            __name__,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
            limit=2**20,
        )
        log.debug("worker process %d started", process.pid)
        return cls(process)

    async def call(self, fn: Callable[..., T], args: tuple) -> T:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        payload = pickle.dumps((fn.__module__, fn.__qualname__, args), pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(_HEADER.pack(len(payload)) + payload)
            await stdin.drain()
            (size,) = _HEADER.unpack(await stdout.readexactly(_HEADER.size))
            ok, value = pickle.loads(await stdout.readexactly(size))
        except (ConnectionError, asyncio.IncompleteReadError, struct.error) as exc:
            raise WorkerDied(str(exc) or type(exc).__name__) from exc
        if not ok:
            raise value
        return value

    async def stop(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ConnectionError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


class Workers:
    """Runs pure functions in worker processes, one call per worker at a time.

    `count` 0 runs them in threads instead. Workers start only once two calls are in flight
    together: a one-page command, or a daemon whose checks come one at a time, never pays for
    starting a process; a pass over many pages does, once.
    """

    def __init__(self, count: int = 0) -> None:
        self.count = count
        self._idle: asyncio.Queue[_Worker | None] | None = None
        self._all: list[_Worker] = []
        self._in_threads = 0

    @property
    def started(self) -> int:
        """How many worker processes are running."""
        return len(self._all)

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        """`fn(*args)` in a worker (or a thread, see the class); its exceptions propagate.

        `fn` is a module-level function of this package and the arguments are picklable (the
        frozen models are): they cross a process boundary.
        """
        if self.count <= 0 or (self._idle is None and self._in_threads == 0):
            self._in_threads += 1
            try:
                return await asyncio.to_thread(fn, *args)
            finally:
                self._in_threads -= 1
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.count):
                self._idle.put_nowait(None)  # a slot whose worker is not started yet
        idle = self._idle
        worker = await idle.get()
        try:
            if worker is None:
                worker = await _Worker.start()
                self._all.append(worker)
            return await worker.call(fn, args)
        except (WorkerDied, OSError) as exc:
            log.warning("a worker process failed (%s); running %s here", exc, fn.__name__)
            if worker is not None:
                if worker in self._all:  # not when close() ran meanwhile
                    self._all.remove(worker)
                await worker.stop()
            worker = None  # the slot starts a new worker on its next call
            return await asyncio.to_thread(fn, *args)
        finally:
            idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker (after the calls in flight)."""
        workers, self._all, self._idle = self._all, [], None
        await asyncio.gather(*(w.stop() for w in workers))


# --- the worker's side ----------------------------------------------------------------------


def _serve(stdin, stdout) -> None:
    """Answer calls until end-of-file: (module, name, args) in, (ok, value) out."""
    while header := stdin.read(_HEADER.size):
        (size,) = _HEADER.unpack(header)
        module, name, args = pickle.loads(stdin.read(size))
        try:
            if not module.startswith(_ALLOWED):
                raise ValueError(f"not a function a worker runs: {module}.{name}")
            fn: Any = importlib.import_module(module)
            for part in name.split("."):
                fn = getattr(fn, part)
            reply = (True, fn(*args))
        except Exception as exc:
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result or exception
            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        stdout.write(_HEADER.pack(len(data)) + data)
        stdout.flush()


def _main() -> None:
    # The main process decides when to stop (it closes our stdin): a Ctrl-C or a service
    # manager's SIGTERM to the whole group must not cut a call short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # Anything a library prints goes to stderr, never into the replies.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    _main()
