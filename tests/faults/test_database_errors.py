"""Every way the database can fail is one `Error:` line on stderr and exit status 1.

Each case goes through the real command line: a damaged file, a database written by a newer
release, another process holding the write lock, a full disk (RLIMIT_FSIZE, as in
tests/test_full_disk.py), a driver that is not installed, a server that refuses connections.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import Reply
from sqlalchemy import text
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.base import PGDialect

from watcher import db
from watcher.cli import main

PASSWORD = "pw-9f8e7d6c"  # never to be shown


def write_config(tmp_path: Path, url: str, watch_url: str = "http://127.0.0.1:9/terms") -> Path:
    path = tmp_path / "watcher.toml"
    path.write_text(f'[storage]\nurl = "{url}"\n[[watch]]\nname = "Terms"\nurl = "{watch_url}"\n')
    os.chmod(path, 0o600)  # the password in it is no one else's business
    return path


def run(capsys, config: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["--config", str(config), *args], environ={})
    out, err = capsys.readouterr()
    return rc, out, err


def one_error_line(err: str) -> str:
    """The only line of `err`, which must be an `Error:` line."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    return lines[0]


def migrated(tmp_path: Path, capsys) -> tuple[Path, Path]:
    """A config and its SQLite database, created by `watcher db upgrade`."""
    database = tmp_path / "watcher.db"
    config = write_config(tmp_path, f"sqlite:///{database}")
    assert run(capsys, config, "db", "upgrade")[0] == 0
    return config, database


# --- a damaged file ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [["events"], ["check"], ["db", "upgrade"], ["history", "T"]])
def test_a_file_that_is_not_a_database(tmp_path, capsys, command):
    database = tmp_path / "watcher.db"
    database.write_bytes(os.urandom(16384))
    rc, _, err = run(capsys, write_config(tmp_path, f"sqlite:///{database}"), *command)
    assert rc == 1
    line = one_error_line(err)
    assert str(database) in line and "not a database" in line and "backup" in line


def test_a_database_with_damaged_pages(tmp_path, capsys):
    config, database = migrated(tmp_path, capsys)
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
    with database.open("r+b") as f:  # keep the header page, trample the tables' pages
        f.seek(4096)
        f.write(b"\xa5" * (database.stat().st_size - 4096))
    rc, _, err = run(capsys, config, "events")
    assert rc == 1
    assert "damaged" in one_error_line(err)


# --- a database from a newer release ------------------------------------------------------


def revisions(url: str, change: str | None = None) -> list[str]:
    """The revisions alembic_version holds, after running `change` on it if given."""
    engine = db.create(url)
    try:
        with engine.begin() as conn:
            if change:
                conn.execute(text(change))
            return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", [["events"], ["check"], ["db", "upgrade"]])
def test_a_database_written_by_a_newer_release(tmp_path, database_url, capsys, command):
    config = write_config(tmp_path, database_url)
    assert run(capsys, config, "db", "upgrade")[0] == 0
    revisions(database_url, "UPDATE alembic_version SET version_num = 'ffffffffffff'")
    rc, _, err = run(capsys, config, *command)
    assert rc == 1
    line = one_error_line(err)
    assert "ffffffffffff" in line and "newer release" in line and "upgrade Watcher" in line
    assert revisions(database_url) == ["ffffffffffff"]  # left as it was


# --- another process holds the write lock -------------------------------------------------


def test_a_database_locked_by_another_process(tmp_path, capsys, monkeypatch):
    config, database = migrated(tmp_path, capsys)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.3)  # rather than wait 10 s
        rc, _, err = run(capsys, config, "check")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert rc == 1
    line = one_error_line(err)
    assert str(database) in line and "locked by another process" in line
    assert run(capsys, config, "events")[0] == 0  # nothing harmed: the lock is gone


# --- a full disk ---------------------------------------------------------------------------


def watcher_on_a_full_disk(config: Path, limit: int, *args: str) -> subprocess.CompletedProcess:
    """`watcher` in a process whose files cannot grow past `limit` bytes (EFBIG, as ENOSPC)."""

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "watcher", "--config", str(config), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
        preexec_fn=full_disk,
    )


def test_a_new_database_on_a_full_disk(tmp_path):
    database = tmp_path / "watcher.db"
    config = write_config(tmp_path, f"sqlite:///{database}")
    done = watcher_on_a_full_disk(config, 8192, "db", "upgrade")
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert str(database) in line and "disk is full" in line


def test_a_check_on_a_full_disk(tmp_path, http_server, capsys):
    filler = "".join(f"<p>Clause {i}: {os.urandom(24).hex()} applies.</p>" for i in range(300))
    http_server.route("/terms", Reply(body=f"<html><body><main>{filler}</main></body></html>"))
    database = tmp_path / "watcher.db"
    config = write_config(tmp_path, f"sqlite:///{database}", http_server.url("/terms"))
    assert run(capsys, config, "check")[0] == 0
    assert database.stat().st_size > 48 * 1024  # the limit bites: no new page fits under it
    changed = filler.replace("Clause 7:", "Clause seven:")
    http_server.route("/terms", Reply(body=f"<html><body><main>{changed}</main></body></html>"))
    done = watcher_on_a_full_disk(config, 48 * 1024, "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert "check not recorded for 1 of 1 watches" in line and "disk is full" in line
    assert str(database) in line
    assert "terms: check not recorded" in done.stdout  # the pass's report names the watch


# --- a driver that is not installed -------------------------------------------------------


@pytest.mark.parametrize("command", [["events"], ["check"], ["db", "upgrade"]])
def test_a_database_driver_that_is_not_installed(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails, as uninstalled
    url = f"postgresql+psycopg://watcher:{PASSWORD}@127.0.0.1:5432/watcher"
    rc, _, err = run(capsys, write_config(tmp_path, url), *command)
    assert rc == 1
    line = one_error_line(err)
    assert "psycopg" in line and "not installed" in line
    assert "postgresql+psycopg://***:***@127.0.0.1:5432/watcher" in line
    assert PASSWORD not in err


# --- a server that refuses connections --------------------------------------------------


class RefusedError(Exception):
    """The DBAPI's base error."""


class RefusedOperationalError(RefusedError):
    """What a PostgreSQL driver raises when the server is not there."""


RefusedOperationalError.__name__ = "OperationalError"  # how SQLAlchemy maps DBAPI errors


class RefusingDBAPI:
    """A DB-API module whose connect() really dials the server, as psycopg does."""

    paramstyle = "pyformat"
    Error = RefusedError
    OperationalError = RefusedOperationalError

    @staticmethod
    def connect(host="localhost", port=5432, **_):
        try:
            socket.create_connection((host, int(port)), timeout=2).close()
        except OSError as exc:
            raise RefusedOperationalError(
                f'connection to server at "{host}", port {port} failed: {exc.strerror}'
            ) from exc
        raise RefusedOperationalError("this test driver speaks no PostgreSQL")


class RefusingDialect(PGDialect):
    """PostgreSQL's dialect on `RefusingDBAPI` (`postgresql+refusing://`)."""

    driver = "refusing"
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls):
        return RefusingDBAPI


@pytest.fixture
def refusing_driver():
    registry.register("postgresql.refusing", __name__, "RefusingDialect")
    yield
    registry.impls.pop("postgresql.refusing", None)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the socket is: connections are refused


@pytest.mark.parametrize("driver", ["refusing", "psycopg"])  # a stand-in, and the real one
@pytest.mark.parametrize("command", [["events"], ["check"], ["db", "upgrade"]])
def test_a_database_server_that_cannot_be_reached(
    tmp_path, capsys, refusing_driver, command, driver
):
    port = closed_port()
    url = f"postgresql+{driver}://watcher:{PASSWORD}@127.0.0.1:{port}/watcher"
    rc, _, err = run(capsys, write_config(tmp_path, url), *command)
    assert rc == 1
    line = one_error_line(err)
    assert f"postgresql+{driver}://***:***@127.0.0.1:{port}/watcher" in line
    assert "cannot open or reach it" in line and "refused" in line.lower()
    assert PASSWORD not in err


@pytest.mark.parametrize("command", [["events"], ["check"], ["db", "upgrade"]])
def test_a_database_the_server_does_not_have(tmp_path, database_url, capsys, command):
    if not database_url.startswith("postgresql"):
        pytest.skip("a server's databases: PostgreSQL only (WATCHER_TEST_POSTGRES)")
    url = database_url.replace("/t_", "/missing_t_", 1)
    rc, _, err = run(capsys, write_config(tmp_path, url), *command)
    assert rc == 1
    line = one_error_line(err)
    assert "missing_t_" in line and "cannot open or reach it" in line
    assert "does not exist" in line  # the server's own words, as the cause
