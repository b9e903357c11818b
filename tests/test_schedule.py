"""Scheduling: due times after a restart, politeness limits, the daemon with SIGHUP."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from httpserver import Reply
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from watcher import db
from watcher.models import Watch
from watcher.schedule import Limiter, first_due, run_pass

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_restart_keeps_the_cadence_of_the_last_check():
    rng = random.Random(1)
    last = NOW - timedelta(hours=2)
    assert first_due(last, 6 * 3600, 600, NOW, rng) == last + timedelta(hours=6)


def test_overdue_watches_are_spread_over_the_jitter_window():
    rng = random.Random(1)
    dues = [first_due(NOW - timedelta(days=3), 3600, 600, NOW, rng) for _ in range(200)]
    assert all(NOW <= d <= NOW + timedelta(seconds=600) for d in dues)
    assert len(set(dues)) > 150  # not all at once


def test_a_watch_never_checked_is_due_at_once():
    rng = random.Random(1)
    assert {first_due(None, 3600, 600, NOW, rng) for _ in range(20)} == {NOW}


def test_limiter_allows_one_request_per_host_and_caps_the_total():
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    hosts = ["a.example", "b.example", "c.example", "d.example"]
    watches = [
        Watch(id=f"w{i}", name=f"w{i}", url=f"https://{hosts[i % 4]}/p{i}") for i in range(12)
    ]

    async def check(w):
        host = w.url.split("/")[2]
        active[host] = active.get(host, 0) + 1
        peak[host] = max(peak.get(host, 0), active[host])
        peak["*"] = max(peak.get("*", 0), sum(active.values()))
        await asyncio.sleep(0.02)
        active[host] -= 1
        return w.id

    results = asyncio.run(run_pass(watches, check, Limiter(concurrency=3, per_host=1)))
    assert results == [w.id for w in watches]
    assert [peak[h] for h in hosts] == [1, 1, 1, 1]
    assert peak["*"] == 3


def daemon_config(tmp_path, database_url, http_server, names):
    watches = "".join(
        f"""
[[watch]]
name = "{n}"
url = "{http_server.url("/" + n)}"
"""
        for n in names
    )
    cfg = tmp_path / "watcher.toml"
    cfg.write_text(f"""
[storage]
url = "{database_url}"
[schedule]
interval = "1s"
jitter = "0s"
{watches}""")
    return cfg


def checks_per_watch(engine) -> dict[str, int]:
    try:
        with engine.connect() as conn:
            sql = "select watch_id, count(*) from checks group by watch_id"
            return {watch: n for watch, n in conn.execute(text(sql))}
    except SQLAlchemyError:  # the daemon has not created the tables yet
        return {}


def wait_for(cond, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.2)
    return False


def test_daemon_polls_on_interval_and_reloads_on_sighup(tmp_path, database_url, http_server):
    http_server.route("/a", Reply(body="<p>A</p>"))
    http_server.route("/b", Reply(body="<p>B</p>"))
    cfg = daemon_config(tmp_path, database_url, http_server, ["a"])
    engine = db.create(database_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: checks_per_watch(engine).get("a", 0) >= 2)
        daemon_config(tmp_path, database_url, http_server, ["a", "b"])
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: checks_per_watch(engine).get("b", 0) >= 1)
        (tmp_path / "watcher.toml").write_text("this is [ not toml")
        proc.send_signal(signal.SIGHUP)  # a broken file is refused; the daemon goes on
        before = checks_per_watch(engine)["a"]
        assert wait_for(lambda: checks_per_watch(engine)["a"] > before)
        assert proc.poll() is None
        # "a" removed from the file: no longer claimed, its history kept. keep_checks changed
        # too: it applies at once, no restart needed.
        cfg = daemon_config(tmp_path, database_url, http_server, ["b"])
        cfg.write_text(cfg.read_text().replace("[storage]", '[storage]\nkeep_checks = "30d"'))
        proc.send_signal(signal.SIGHUP)
        time.sleep(1.5)  # the reload, and a check of "a" already in flight
        last_a, last_b = checks_per_watch(engine)["a"], checks_per_watch(engine)["b"]
        assert wait_for(lambda: checks_per_watch(engine)["b"] >= last_b + 2)
        assert checks_per_watch(engine)["a"] == last_a
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        engine.dispose()
    assert proc.returncode == 0, err
    assert "reload refused" in err and "configuration reloaded" in err
    assert "a: no longer watched" in err
    assert "restart the daemon" not in err


def test_a_combined_document_holds_the_slot_of_every_host_it_fetches():
    async def go() -> list[str]:
        limiter = Limiter(concurrency=8, per_host=1)
        order: list[str] = []
        release = asyncio.Event()

        async def combined() -> None:
            async with limiter.slot(["https://a.example/terms", "https://B.example/privacy"]):
                order.append("combined in")
                await release.wait()
                order.append("combined out")

        async def single() -> None:
            async with limiter.slot(["https://b.example/other"]):
                order.append("single in")

        first = asyncio.create_task(combined())
        await asyncio.sleep(0.01)
        second = asyncio.create_task(single())
        await asyncio.sleep(0.01)
        order.append("released")
        release.set()
        await asyncio.gather(first, second)
        return order

    # The second part's host (b.example, case aside) is held too: the single check waits.
    assert asyncio.run(go()) == ["combined in", "released", "combined out", "single in"]


def test_the_daemon_prunes_old_checks_and_keeps_those_that_made_versions(
    tmp_path, database_url, http_server
):
    http_server.route("/a", Reply(body="<p>A</p>"))
    cfg = daemon_config(tmp_path, database_url, http_server, ["a"])
    engine = db.create(database_url)

    def run_until(cond) -> str:
        proc = subprocess.Popen(
            [sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert wait_for(cond)
            proc.send_signal(signal.SIGTERM)
            return proc.communicate(timeout=30)[1]
        finally:
            proc.kill()

    def unversioned() -> int:
        with engine.connect() as conn:
            sql = "select count(*) from checks where version_id is null"
            return conn.execute(text(sql)).scalar()

    try:
        run_until(lambda: checks_per_watch(engine).get("a", 0) >= 4)
        old = unversioned()
        assert old >= 3
        time.sleep(2.5)
        cfg.write_text(cfg.read_text().replace("[storage]", '[storage]\nkeep_checks = "2s"'))
        err = run_until(lambda: unversioned() < old)
        with engine.connect() as conn:
            versioned = conn.execute(
                text("select count(*) from checks where version_id is not null")
            ).scalar()
    finally:
        engine.dispose()
    assert versioned == 1  # the check that made version 1 stays
    assert f"pruned {old} checks started before" in err
