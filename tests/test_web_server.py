"""The web server of a real daemon: `watcher run` with [http] listen, and `watcher serve`.

Each test starts Watcher as a process, as an operator would, against pages served on
127.0.0.1, and talks to it over HTTP: /healthz, /metrics (read with the Prometheus parser),
HTTP basic authentication, the security headers of every response, SIGHUP and SIGTERM.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from httpserver import Reply
from pgtest import unreachable
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from watcher import db
from watcher.cli import main

PASSWORD = "correct horse battery staple"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
TERMS = "<main><h1>Terms</h1><p>We may use your content to train our AI models.</p></main>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], object], timeout: float = 30.0, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except httpx.TransportError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.1)


def healthy(url: str) -> httpx.Response:
    """The first 200 of /healthz (503 until the scheduler has started), or what it last said."""
    last: list[str] = []

    def answer():
        response = httpx.get(url, timeout=5)
        last[:] = [f"{response.status_code} {response.text}"]
        return response if response.status_code == 200 else None

    try:
        return wait_for(answer, what=f"{url} to answer 200")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; it said: {last}") from None


def metrics(text: str) -> dict[tuple[str, frozenset], float]:
    """Every sample of a /metrics answer, read by Prometheus's own parser."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def sample(m: dict[tuple[str, frozenset], float], name: str, **labels: str) -> float:
    return m[(name, frozenset(labels.items()))]


def secured(response: httpx.Response) -> httpx.Response:
    assert response.headers["content-security-policy"] == CSP, response.url
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    return response


class Watcher:
    """`watcher` run as a process of its own, its log in a file."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.log = tmp_path / f"watcher-{args[0]}.log"
        env = dict(os.environ, WATCHER_HTTP_PASSWORD=PASSWORD)
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "watcher",
                    "--config",
                    str(tmp_path / "watcher.toml"),
                    *args,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                cwd=tmp_path,
            )

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=45)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def output(self) -> str:
        return self.log.read_text()


def config(
    tmp_path: Path, server, port: int, http: str, db_dir: str = "db", url: str | None = None
) -> Path:
    """The daemon's configuration: its database `url`, or a SQLite file in `db_dir`."""
    path = tmp_path / "watcher.toml"
    path.write_text(f"""
[storage]
url = "{url or f"sqlite:///{tmp_path}/{db_dir}/watcher.db"}"
[schedule]
interval = "1h"     # each watch is checked once, right after the start
jitter = "0s"
workers = 0
[fetch]
retries = 0
timeout = "5s"
[notify]
retry_backoff = "1h"
retry_max_backoff = "1h"
[http]
listen = "127.0.0.1:{port}"
{http}
[notifiers.ops]
urls = ["json://127.0.0.1:{server.port}/hook"]
on = ["change"]
[[watch]]
name = "Terms"
url = "{server.url("/terms")}"
[[watch]]
name = "Gone"
url = "{server.url("/gone")}"
""")
    path.chmod(0o600)  # its notifier URL is a secret
    return path


@pytest.fixture
def pages(http_server):
    http_server.route("/terms", Reply(body=TERMS))
    http_server.route("/gone", Reply(status=404, body="no such page"))
    http_server.route("/hook", Reply(status=500, body="down", content_type="text/plain"))
    return http_server


def test_daemon_serves_health_metrics_behind_auth_reloads_and_stops(tmp_path, database_url, pages):
    port = free_port()
    auth = 'auth = "reader:${WATCHER_HTTP_PASSWORD}"'
    path = config(tmp_path, pages, port, auth, url=database_url)
    base = f"http://127.0.0.1:{port}"
    auth = ("reader", PASSWORD)
    daemon = Watcher(tmp_path, "run")
    try:
        # /healthz and /metrics answer without the password (open_health defaults to true).
        health = healthy(f"{base}/healthz")
        assert secured(health).status_code == 200 and health.text == "ok\n"

        # Both watches checked once, and the one event's delivery failed (the hook is down).
        def scraped():
            m = metrics(secured(httpx.get(f"{base}/metrics", timeout=5)).text)
            checks = sum(v for (n, _), v in m.items() if n == "watcher_checks_total")
            failed = m.get(("watcher_deliveries_total", frozenset({("result", "failed")})), 0)
            return m if checks == 2 and failed >= 1 else None

        m = wait_for(scraped, what="two checks and a failed delivery")
        assert sample(m, "watcher_checks_total", outcome="new_version", error_kind="") == 1
        assert sample(m, "watcher_checks_total", outcome="error", error_kind="http_status") == 1
        engine = db.create(database_url)
        try:
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT count(*) FROM checks")) == 2
                channel = conn.scalar(text("SELECT channel FROM outbox WHERE state = 'pending'"))
        finally:
            engine.dispose()
        assert sample(m, "watcher_check_duration_seconds_count") == 2
        assert sample(m, "watcher_outbox_pending", notifier="ops", channel=channel) == 1
        age = sample(
            m, "watcher_outbox_oldest_pending_age_seconds", notifier="ops", channel=channel
        )
        assert 0 <= age < 60
        assert sample(m, "watcher_stored_versions") == 1
        assert sample(m, "watcher_stored_events", kind="first_seen") == 1
        assert sample(m, "watcher_stored_ai_changes", ai_change="present") == 1
        assert sample(m, "watcher_watches") == 2
        assert sample(m, "watcher_watches_failing") == 1
        assert sample(m, "watcher_database_up") == 1
        for pass_ in ("check", "delivery"):
            assert 0 <= sample(m, "watcher_seconds_since_last_pass", **{"pass": pass_}) < 60
        assert 0 <= sample(m, "watcher_seconds_since_last_check") < 60
        assert 0 <= sample(m, "watcher_schedule_lag_seconds") < 30
        # Both watches were due at once and checked: none is overdue, none is claimed now.
        assert sample(m, "watcher_check_start_lag_seconds_count") == 2
        assert sample(m, "watcher_schedule_backlog_seconds") == 0
        assert sample(m, "watcher_watches_claimed") == 0

        # Everything else asks for the password, compared in full.
        css = secured(httpx.get(f"{base}/static/watcher.css", timeout=5))
        assert css.status_code == 401
        assert css.headers["www-authenticate"].startswith('Basic realm="Watcher"')
        for wrong in (("reader", "wrong"), ("someone", PASSWORD), ("reader", PASSWORD + "x")):
            assert secured(httpx.get(f"{base}/static/watcher.css", auth=wrong)).status_code == 401
        css = secured(httpx.get(f"{base}/static/watcher.css", auth=auth, timeout=5))
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert "@media print" in css.text
        assert secured(httpx.get(f"{base}/no/such/page", auth=auth)).status_code == 404
        # The pages, the API and the feeds are served beside them, behind the same password.
        assert secured(httpx.get(f"{base}/", timeout=10)).status_code == 401
        dashboard = secured(httpx.get(f"{base}/", auth=auth, timeout=10))
        assert dashboard.status_code == 200 and "Terms" in dashboard.text
        watches = secured(httpx.get(f"{base}/api/watches", auth=auth, timeout=10)).json()
        assert {w["id"] for w in watches} == {"terms", "gone"}
        feed = secured(httpx.get(f"{base}/feed.atom", auth=auth, timeout=10))
        assert feed.status_code == 200 and "<feed" in feed.text
        assert secured(httpx.post(f"{base}/healthz", auth=auth)).status_code == 405  # read-only

        # The database goes away: /healthz says so; it comes back: healthy again.
        with unreachable(database_url) as name:
            sick = secured(httpx.get(f"{base}/healthz", timeout=10))
            assert sick.status_code == 503
            assert sick.text.startswith("database: ") and sick.text.count("\n") == 1
            assert name in sick.text
        wait_for(lambda: httpx.get(f"{base}/healthz", timeout=5).status_code == 200, what="ok")

        # SIGHUP, same address: the new settings are swapped in, the server keeps serving.
        path.write_text(path.read_text().replace("[http]\n", "[http]\nopen_health = false\n"))
        daemon.signal(signal.SIGHUP)
        wait_for(lambda: httpx.get(f"{base}/metrics", timeout=5).status_code == 401, what="401")
        assert secured(httpx.get(f"{base}/healthz", timeout=5)).status_code == 401
        assert httpx.get(f"{base}/healthz", auth=auth, timeout=5).text == "ok\n"
        assert httpx.get(f"{base}/metrics", auth=auth, timeout=5).status_code == 200

        # SIGHUP, new address: served there, and no longer on the old one.
        port2 = free_port()
        path.write_text(path.read_text().replace(f"127.0.0.1:{port}", f"127.0.0.1:{port2}"))
        daemon.signal(signal.SIGHUP)
        base2 = f"http://127.0.0.1:{port2}"
        wait_for(lambda: httpx.get(f"{base2}/healthz", auth=auth, timeout=5), what="new port")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base}/healthz", timeout=5)

        assert daemon.stop() == 0
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base2}/healthz", timeout=5)
    finally:
        daemon.kill()
    log = daemon.output()
    assert "Traceback" not in log
    assert PASSWORD not in log
    assert "configuration reloaded" in log and "stopped serving" in log


def test_an_address_in_use_stops_the_daemon_before_any_check(tmp_path, pages):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config(tmp_path, pages, port, "")
        daemon = Watcher(tmp_path, "run")
        try:
            assert daemon.proc.wait(timeout=60) == 1
        finally:
            daemon.kill()
    err = daemon.output()
    assert f"Error: cannot listen on 127.0.0.1:{port}: Address already in use" in err
    assert pages.requests_to("/terms") == []


def test_serve_answers_from_a_database_it_does_not_write(tmp_path, pages, capsys):
    port = free_port()
    path = config(tmp_path, pages, free_port(), "", db_dir="a db #1")  # quoted as a URI
    assert main(["--config", str(path), "check"], environ={}) == 0
    db = tmp_path / "a db #1" / "watcher.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    served = Watcher(tmp_path, "serve", "--listen", f"127.0.0.1:{port}")
    base = f"http://127.0.0.1:{port}"
    try:
        health = healthy(f"{base}/healthz")
        assert secured(health).text == "ok\n"
        m = metrics(secured(httpx.get(f"{base}/metrics", timeout=5)).text)
        assert sample(m, "watcher_stored_versions") == 1
        assert sample(m, "watcher_watches") == 2
        assert not any(name == "watcher_checks_total" for name, _ in m)  # no daemon here
        assert secured(httpx.post(f"{base}/metrics", timeout=5)).status_code == 405
        assert secured(httpx.get(f"{base}/static/watcher.css", timeout=5)).status_code == 200
        # SIGHUP: a password set in the file applies; the address stays the one --listen gave.
        path.write_text(
            path.read_text().replace("[http]\n", '[http]\nauth = "r:${WATCHER_HTTP_PASSWORD}"\n')
        )
        served.signal(signal.SIGHUP)
        wait_for(lambda: httpx.get(f"{base}/static/watcher.css").status_code == 401, what="401")
        assert httpx.get(f"{base}/static/watcher.css", auth=("r", PASSWORD)).status_code == 200
        assert served.stop() == 0
    finally:
        served.kill()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert "Traceback" not in served.output()


def test_serve_refuses_an_address_others_reach_without_a_password(tmp_path, pages, capsys):
    config(tmp_path, pages, free_port(), "")
    argv = ["--config", str(tmp_path / "watcher.toml"), "serve", "--listen", "0.0.0.0:8080"]
    assert main(argv, environ={}) == 2
    err = capsys.readouterr().err
    assert "--listen" in err and "reachable from other hosts" in err
    argv[-1] = "somewhere:8080"
    assert main(argv, environ={}) == 2
    assert "not an IP address" in capsys.readouterr().err


def test_serve_without_a_database_is_one_error_line(tmp_path, pages, capsys):
    config(tmp_path, pages, free_port(), "")
    assert main(["--config", str(tmp_path / "watcher.toml"), "serve"], environ={}) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: database ") and "no such file" in err
    assert not (tmp_path / "db" / "watcher.db").exists()  # serving never creates one


def test_serve_opens_the_database_so_that_it_cannot_write(tmp_path, database_url, pages):
    from watcher.cli.web import open_read_only
    from watcher.config import load
    from watcher.errors import StoreError
    from watcher.models import Watch

    path = config(tmp_path, pages, free_port(), "", url=database_url)
    assert main(["--config", str(path), "check"], environ={}) == 0
    with open_read_only(load(path)) as store:
        assert {w.id for w in store.overview()} == {"terms", "gone"}  # it reads
        new = Watch(id="new", name="New", url="http://127.0.0.1/new")
        with pytest.raises(StoreError), db.failures(database_url):
            store.sync_watches([new], datetime.now(UTC))
    engine = db.create(database_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM watches")) == 2  # nothing written
    finally:
        engine.dispose()
