"""Delivery in order per channel when channels fail, senders die mid-send, or sends hang.

Real components throughout: the `watcher` CLI checking a page on a local HTTP server,
a SQLite file, and Apprise posting to `json://` webhooks on the same server, whose
answers the test switches (up, down with 500, or stalling on one message).
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from httpserver import HTTPTestServer, Reply, Request

from watcher import db, migrate
from watcher.cli import main
from watcher.config import load
from watcher.pipeline import delivery
from watcher.pipeline.delivery import DELIVERY_LEASE, DeliveryReport, deliver
from watcher.store import Store

CLAUSES = [
    "You keep ownership of the content you upload.",
    "We may suspend accounts that send unsolicited messages.",
    "Refunds are granted within fourteen days of purchase.",
    "Disputes are settled by the courts of Lyon.",
    "We will tell you by email before these terms change.",
]


def page(n: int) -> str:
    """The n-th text of the terms (from 1): each adds one clause to the one before."""
    clauses = "".join(f"<p>{c}</p>" for c in CLAUSES[:n])
    return f"<html><body><main><h1>Terms of Service</h1>{clauses}</main></body></html>"


def version_of(request: Request) -> int:
    """The version a webhook message is about (its `version N` or `version M → N`)."""
    message = json.loads(request.body)["message"]
    return int(re.search(r"version (?:\d+ → )?(\d+)", message).group(1))


class Hook:
    """A webhook endpoint that is up, down (500), or stalls once on one version."""

    def __init__(self) -> None:
        self.down = False
        self.stall_on: int | None = None
        self.stall = 60.0

    def __call__(self, request: Request) -> Reply:
        if self.down:
            return Reply(status=500, body="down", content_type="text/plain")
        if version_of(request) == self.stall_on:
            self.stall_on = None
            return Reply(body="late", content_type="text/plain", delay=self.stall)
        return Reply(body="ok", content_type="text/plain")


class Setup:
    """A configuration with one watch and one notifier of the given webhook paths."""

    def __init__(self, tmp_path, db_url: str, server: HTTPTestServer, *paths: str) -> None:
        self.server = server
        self.hooks = {path: Hook() for path in paths}
        for path, hook in self.hooks.items():
            server.route(path, hook)
        self.config = tmp_path / "watcher.toml"
        urls = ", ".join(f'"json://127.0.0.1:{server.port}{path}"' for path in paths)
        self.config.write_text(f"""
[storage]
url = "{db_url}"
[fetch]
timeout = "2s"
retries = 0
[notify]
retry_backoff = "10ms"
retry_max_backoff = "10ms"
[notifiers.hook]
urls = [{urls}]
[[watch]]
name = "Example Terms"
url = "{server.url("/terms")}"
""")
        self.db_url = db_url

    def check(self, n: int | None = None) -> None:
        """One `watcher check` pass (a check, then delivery), serving text `n` if given."""
        if n is not None:
            self.server.route("/terms", Reply(body=page(n)))
        assert main(["--config", str(self.config), "check"], environ={}) == 0

    def queue(self, n: int) -> None:
        """Record versions 1..n while every webhook is down: n messages owed to each."""
        for hook in self.hooks.values():
            hook.down = True
        for i in range(1, n + 1):
            self.check(i)
        time.sleep(0.05)  # past the last failure's backoff (10 ms, jittered)

    def received(self, path: str) -> list[int]:
        """The versions the webhook at `path` was sent, in the order they arrived."""
        return [version_of(r) for r in self.server.requests_to(path)]

    def deliver(self, shift: timedelta = timedelta(0)) -> DeliveryReport:
        """One delivery pass in this process, its clock `shift` ahead of the real one."""
        store = Store(db.create(self.db_url))
        try:
            migrate.upgrade(store.engine)
            return asyncio.run(
                deliver(load(self.config, environ={}), store, lambda: datetime.now(UTC) + shift)
            )
        finally:
            store.engine.dispose()


def test_messages_queued_while_the_channel_fails_arrive_in_order(
    tmp_path, database_url, http_server
):
    s = Setup(tmp_path, database_url, http_server, "/hook")
    s.queue(5)
    # Each pass retried only the oldest message; the newer ones waited behind it.
    assert s.received("/hook") == [1, 1, 1, 1, 1]
    s.hooks["/hook"].down = False
    s.check()
    assert s.received("/hook")[5:] == [1, 2, 3, 4, 5]
    s.check()
    assert len(s.received("/hook")) == 10  # each sent once


def test_a_failing_channel_does_not_hold_back_another(tmp_path, database_url, http_server):
    s = Setup(tmp_path, database_url, http_server, "/a", "/b")
    s.queue(5)
    s.hooks["/b"].down = False  # /b comes back; /a is still down
    s.check()
    assert s.received("/b") == [1, 1, 1, 1, 1, 1, 2, 3, 4, 5]  # all at once, in order
    assert s.received("/a") == [1, 1, 1, 1, 1, 1]  # one attempt of its oldest
    s.check()  # another pass: /a is tried again, /b has nothing left to send
    assert s.received("/b")[5:] == [1, 2, 3, 4, 5]
    s.hooks["/a"].down = False
    s.check()
    assert s.received("/a")[7:] == [1, 2, 3, 4, 5]
    assert s.received("/b")[5:] == [1, 2, 3, 4, 5]  # nothing sent twice


def test_a_sender_killed_mid_send_holds_its_channel_seconds_not_minutes(
    tmp_path, database_url, http_server
):
    s = Setup(tmp_path, database_url, http_server, "/hook")
    s.queue(5)
    hook = s.hooks["/hook"]
    hook.down = False
    hook.stall_on = 3  # the endpoint takes message 3 and does not answer
    cmd = [sys.executable, "-m", "watcher", "--config", str(s.config), "check"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while s.received("/hook")[5:] != [1, 2, 3] and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)  # dies while sending 3, after sending 1 and 2
    proc.wait()
    assert s.received("/hook")[5:] == [1, 2, 3]

    # Right after the crash, 3 is still leased to the dead sender: 4 and 5 wait behind it.
    assert s.deliver() == DeliveryReport()
    assert s.received("/hook")[5:] == [1, 2, 3]
    # One lease later (30 s, not the minutes a send may take) the next pass takes it over.
    report = s.deliver(shift=DELIVERY_LEASE + timedelta(seconds=1))
    assert report == DeliveryReport(sent=3)
    # At least once: 3 is sent again, as it may have reached the endpoint; order holds.
    assert s.received("/hook")[5:] == [1, 2, 3, 3, 4, 5]


def test_a_slow_send_keeps_its_lease_while_another_sender_waits(
    tmp_path, database_url, http_server, monkeypatch
):
    monkeypatch.setattr(delivery, "DELIVERY_LEASE", timedelta(seconds=0.6))
    monkeypatch.setattr(delivery, "RENEW_EVERY", 0.2)
    s = Setup(tmp_path, database_url, http_server, "/hook")
    s.queue(3)
    hook = s.hooks["/hook"]
    hook.down, hook.stall_on, hook.stall = False, 1, 2.0  # three leases long
    config = load(s.config, environ={})
    stores = [Store(db.create(s.db_url)) for _ in range(2)]

    def clock() -> datetime:
        return datetime.now(UTC)

    async def both() -> list[DeliveryReport]:
        slow = asyncio.create_task(deliver(config, stores[0], clock))
        await asyncio.sleep(0.1)
        reports = []
        while not slow.done():  # a second sender keeps trying during the slow send
            reports.append(await deliver(config, stores[1], clock))
            await asyncio.sleep(0.1)
        return [await slow, *reports]

    try:
        reports = asyncio.run(both())
    finally:
        for store in stores:
            store.engine.dispose()
    assert sum(r.sent for r in reports) == 3
    assert s.received("/hook")[3:] == [1, 2, 3]  # 1 was sent once, then 2 and 3


def test_a_send_that_hangs_fails_after_the_send_timeout_and_keeps_its_place(
    tmp_path, database_url, http_server, monkeypatch
):
    monkeypatch.setattr(delivery, "SEND_TIMEOUT", 0.3)
    s = Setup(tmp_path, database_url, http_server, "/hook")
    s.queue(3)
    hook = s.hooks["/hook"]
    hook.down, hook.stall_on, hook.stall = False, 1, 1.0
    assert s.deliver() == DeliveryReport(failed=1)  # 2 and 3 waited behind it
    assert s.received("/hook")[3:] == [1]
    time.sleep(0.05)  # its backoff
    assert s.deliver() == DeliveryReport(sent=3)
    assert s.received("/hook")[3:] == [1, 1, 2, 3]


def test_messages_of_a_channel_removed_from_the_configuration_are_dropped(
    tmp_path, database_url, http_server
):
    s = Setup(tmp_path, database_url, http_server, "/a", "/b")
    s.queue(2)
    b = f', "json://127.0.0.1:{http_server.port}/b"'
    s.config.write_text(s.config.read_text().replace(b, ""))
    s.hooks["/a"].down = False
    assert s.deliver() == DeliveryReport(sent=2, dropped=2)
    assert s.received("/a")[2:] == [1, 2]
    assert s.received("/b") == [1, 1]  # the attempts while it was configured
