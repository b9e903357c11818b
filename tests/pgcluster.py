"""A private PostgreSQL cluster a test owns: started, stopped and restarted at will.

The server named by WATCHER_TEST_POSTGRES (tests/pgtest.py) is shared by every test, so a
test cannot stop it; a test of what a daemon does while its database server goes away, or
before it comes up at all, starts one of these instead:

    with Cluster() as pg:               # a free port on 127.0.0.1, nothing listening yet
        url = pg.url                    # postgresql+psycopg://watcher@127.0.0.1:PORT/postgres
        pg.start()
        pg.stop()                       # pg_ctl stop -m fast: sessions are cut
        pg.start()                      # same data, same port

The binaries are Debian's (/usr/lib/postgresql/<version>/bin, the newest) or the ones on
PATH. Without them the test is skipped, except under CI, where tests/run installs them: there
their absence is a failure. initdb refuses to run as root, so root runs the cluster as the
`postgres` user, in a directory of its own under the system's temporary directory (pytest's
tmp_path lies under a directory only root may enter).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN_GLOB = "/usr/lib/postgresql/*/bin/initdb"
# Durability is worth nothing in a cluster deleted after the test: nothing is fsynced.
SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def binaries() -> Path | None:
    """The directory of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    debian = sorted(Path("/").glob(BIN_GLOB.lstrip("/")), key=_version)
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _version(initdb: Path) -> tuple[int, ...]:
    name = initdb.parent.parent.name  # /usr/lib/postgresql/<15>/bin/initdb
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def require_binaries() -> Path:
    """The binaries, or skip the test (fail it under CI, where tests/run installs them)."""
    found = binaries()
    if found is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; under CI tests/run installs them")
        pytest.skip(reason)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory, on a free port of 127.0.0.1.

    Created (initdb) but not started; `url` is known at once, so a daemon can be pointed at
    it before it listens. The context manager stops it and deletes its directory."""

    def __init__(self, port: int | None = None) -> None:
        self.bin = require_binaries()
        self.port = port or free_port()
        self.owner = "postgres" if os.geteuid() == 0 else None
        self.dir = Path(tempfile.mkdtemp(prefix="watcher-test-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.url = f"postgresql+psycopg://watcher@127.0.0.1:{self.port}/postgres"
        if self.owner:
            os.chmod(self.dir, 0o700)
            shutil.chown(self.dir, self.owner)
        try:
            init = ["-U", "watcher", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]
            self._run("initdb", "-D", self.data, *init)
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} {SETTINGS}"
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast`: every session is cut, as on a restart) and wait for it."""
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def server_log(self) -> str:
        """The server's own log, for a failing test to show."""
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def _run(self, tool: str, *args: object) -> None:
        cmd = [str(self.bin / tool), *map(str, args)]
        if self.owner:
            cmd = ["runuser", "-u", self.owner, "--", *cmd]
        done = subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(
                f"{tool} failed ({done.returncode}): {done.stderr or done.stdout}\n"
                + self.server_log()
            )

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
