"""A process killed in the middle of a pass loses nothing and corrupts nothing."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from httpserver import Reply


def test_sigkill_mid_pass_keeps_history_whole_and_notifications_owed(tmp_path, http_server):
    n = 40
    for i in range(n):
        # Slow pages so the kill lands while checks are in flight.
        http_server.route(f"/p{i}", Reply(body=f"<main><p>Policy {i}</p></main>", delay=0.01 * i))
    http_server.route("/hook", Reply(status=200, body="ok"))
    watches = "".join(
        f'[[watch]]\nname = "p{i}"\nurl = "{http_server.url(f"/p{i}")}"\n' for i in range(n)
    )
    cfg = tmp_path / "watcher.toml"
    cfg.write_text(f"""
[storage]
url = "sqlite:///{tmp_path}/w.db"
[schedule]
concurrency = 4
per_host = 4
[notifiers.hook]
urls = ["json://127.0.0.1:{http_server.port}/hook"]
{watches}""")
    cmd = [sys.executable, "-m", "watcher", "--config", str(cfg), "check"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = tmp_path / "w.db"
    deadline = time.monotonic() + 30
    done = 0
    while time.monotonic() < deadline and done < 5:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    done = conn.execute("select count(*) from checks").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0  # tables not created yet
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        checks = conn.execute("select count(*) from checks").fetchone()[0]
        assert 0 < checks < n  # the kill did land mid-pass
        # Every stored version has its event, and every event its outbox row.
        assert (
            conn.execute("""select count(*) from versions v left join events e
            on e.watch_id = v.watch_id and e.version_to = v.number
            where e.id is null""").fetchone()[0]
            == 0
        )
        assert (
            conn.execute("""select count(*) from events e left join outbox o
            on o.event_id = e.id where o.id is null""").fetchone()[0]
            == 0
        )

    # The next run finishes the job: every watch has one version, every event is sent once.
    assert subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(distinct watch_id) from versions").fetchone()[0] == n
        assert conn.execute("select count(*) from versions").fetchone()[0] == n
        assert conn.execute("select count(*) from outbox where state != 'sent'").fetchone()[0] == 0
    titles = [json.loads(r.body)["title"] for r in http_server.requests_to("/hook")]
    assert len(titles) >= n and len(set(titles)) == n
