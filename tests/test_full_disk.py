"""A disk that takes no more writes: the check fails loudly, history stays whole, and the
change is recorded and notified once there is room again.

The disk is made full for one `watcher check` process with RLIMIT_FSIZE (and SIGXFSZ
ignored): every write past the limit fails with EFBIG, as writes to a full disk fail with
ENOSPC, and SQLite gives up the transaction either way.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys

from httpserver import Reply
from test_pipeline import Workspace, page

LIMIT = 48 * 1024  # bytes any one file may reach: SQLite's shared memory file needs 32 KB


def watcher(ws: Workspace, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "watcher", "--config", str(ws.config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=full_disk if limit is not None else None,
        restore_signals=limit is None,
    )


def test_a_full_disk_loses_no_history_and_no_notification(tmp_path, http_server, capsys):
    ws = Workspace(tmp_path, http_server, capsys)
    http_server.route("/hook", Reply(status=200, body="ok", content_type="text/plain"))
    ws.write(
        notifiers=f"""
[notifiers.legal]
urls = ["json://127.0.0.1:{http_server.port}/hook"]
on = ["change", "error"]
""",
        notify='notify = ["legal"]',
    )
    # A long page, so that its new version cannot fit under the limit.
    filler = "".join(f"<p>Clause {i}: {os.urandom(24).hex()} applies.</p>" for i in range(300))
    v1 = page().replace("<p>We do not sell", f"{filler}<p>We do not sell")
    v2 = v1.replace("We do not sell", "We may sell")
    http_server.route("/terms", Reply(body=v1))
    done = watcher(ws, "check")
    assert done.returncode == 0, done.stderr
    db = tmp_path / "watcher.db"
    assert db.stat().st_size > LIMIT  # the limit bites: the database is already larger

    http_server.route("/terms", Reply(body=v2))
    full = watcher(ws, "check", limit=LIMIT)
    assert full.returncode == 1
    assert "check not recorded" in full.stderr and "disk" in full.stderr  # EFBIG: "disk I/O error"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM versions").fetchone() == (1,)
        assert conn.execute("SELECT kind FROM events").fetchall() == [("first_seen",)]
    assert len(http_server.requests_to("/hook")) == 1  # the first_seen message only

    # Room again: the change the full disk held back is recorded and told, once.
    again = watcher(ws, "check")
    assert again.returncode == 0, again.stderr
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]
    posts = [json.loads(r.body) for r in http_server.requests_to("/hook")]
    assert len(posts) == 2 and "may" in posts[1]["message"]
    assert watcher(ws, "check").returncode == 0
    assert len(http_server.requests_to("/hook")) == 2
