"""One daemon per SQLite database: the lock beside the file."""

from __future__ import annotations

import os

import pytest

from watcher.daemonlock import single_daemon, sqlite_file
from watcher.errors import DaemonRunning


def test_a_second_daemon_on_one_sqlite_file_is_refused_naming_the_first(tmp_path):
    url = f"sqlite:///{tmp_path}/state/w.db"
    with single_daemon(url):
        with pytest.raises(DaemonRunning) as refused, single_daemon(url):
            pass
        message = str(refused.value)
        assert f"(pid {os.getpid()})" in message
        assert str(tmp_path / "state" / "w.db") in message and "PostgreSQL" in message
    with single_daemon(url):  # released with its holder
        pass


def test_other_databases_take_no_lock(tmp_path):
    with single_daemon(f"sqlite:///{tmp_path}/a.db"), single_daemon(f"sqlite:///{tmp_path}/b.db"):
        pass
    for url in ("postgresql+psycopg://u@db/w", "sqlite://", "sqlite:///:memory:"):
        assert sqlite_file(url) is None
        with single_daemon(url), single_daemon(url):
            pass
    assert sqlite_file("sqlite:///file:/srv/w.db?mode=rwc&uri=true") == (
        sqlite_file("sqlite:////srv/w.db")
    )
