"""One daemon per SQLite database: an exclusive lock on a file beside it.

SQLite has one writer at a time and no row locks, so it serves one `watcher run`; several
instances share work through PostgreSQL. The lock is the kernel's (`flock`), so a killed
daemon never leaves a stale one behind. Read-only commands and `watcher check` don't take it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from watcher.errors import DaemonRunning, DatabaseUnavailable

try:
    import fcntl
except ImportError:  # not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (None: another database, or one in memory)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a SQLite URI: file:path?options
        database = database[5:].split("?", 1)[0]
    return Path(database)


@contextlib.contextmanager
def single_daemon(url: str) -> Iterator[None]:
    """Hold the daemon lock of the SQLite database at `url` (nothing for other databases).

    Raises `DaemonRunning` when another process holds it."""
    path = sqlite_file(url)
    if path is None or fcntl is None:
        yield
        return
    lock = path.with_name(path.name + ".daemon-lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DatabaseUnavailable(url, f"cannot create {lock.name} beside it: {why}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise DaemonRunning(str(path), holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
