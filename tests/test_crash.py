"""A process killed in the middle of a pass loses nothing and corrupts nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from httpserver import Reply
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from watcher import db


def value(engine, sql: str):
    """The one value `sql` selects."""
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_sigkill_mid_pass_keeps_history_whole_and_notifications_owed(
    tmp_path, database_url, http_server
):
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
url = "{database_url}"
[schedule]
concurrency = 4
per_host = 4
[notifiers.hook]
urls = ["json://127.0.0.1:{http_server.port}/hook"]
{watches}""")
    cmd = [sys.executable, "-m", "watcher", "--config", str(cfg), "check"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = db.create(database_url)
    deadline = time.monotonic() + 30
    done = 0
    try:
        while time.monotonic() < deadline and done < 5:
            time.sleep(0.05)
            try:
                done = value(engine, "select count(*) from checks")
            except SQLAlchemyError:
                done = 0  # tables not created yet
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        engine.dispose()  # no connection of this test's outlives the killed process's

        if engine.dialect.name == "sqlite":
            assert value(engine, "pragma integrity_check") == "ok"
        checks = value(engine, "select count(*) from checks")
        assert 0 < checks < n  # the kill did land mid-pass
        # Every stored version has its event, and every event its outbox row.
        orphans = """select count(*) from versions v left join events e
            on e.watch_id = v.watch_id and e.version_to = v.number where e.id is null"""
        assert value(engine, orphans) == 0
        unsent = """select count(*) from events e left join outbox o
            on o.event_id = e.id where o.id is null"""
        assert value(engine, unsent) == 0

        # The next run finishes the job: every watch has one version, every event is sent once.
        assert subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0
        assert value(engine, "select count(distinct watch_id) from versions") == n
        assert value(engine, "select count(*) from versions") == n
        assert value(engine, "select count(*) from outbox where state != 'sent'") == 0
    finally:
        engine.dispose()
    titles = [json.loads(r.body)["title"] for r in http_server.requests_to("/hook")]
    assert len(titles) >= n and len(set(titles)) == n
