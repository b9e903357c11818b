"""Daemons that die, databases that go away: real `watcher run` processes, real databases.

Every test starts `watcher run` (and sometimes other commands) as subprocesses against the
test HTTP server (tests/httpserver.py) and reads what they recorded through SQLAlchemy. The
database is `database_url` (SQLite, or PostgreSQL under WATCHER_TEST_POSTGRES), except where
a test must stop and start the database server itself: those run a private cluster
(tests/pgcluster.py). Leases are short (6 s), intervals long (each watch is checked once
unless a test wants more), and no fetch is retried, so what a test counts is what happened.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pgcluster
import pgtest
import pytest
from httpserver import HTTPTestServer, Reply, Request
from sqlalchemy import Row, Select, create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from watcher.db import CheckRow, EventRow, OutboxRow, VersionRow
from watcher.models import Outcome

pytestmark = pytest.mark.database

LEASE = 6.0  # seconds: [schedule] lease of every daemon here (the minimum is 5 s)
WATCHER = [sys.executable, "-m", "watcher"]
# A check's log line: `<watch id>: <outcome>` (INFO, watcher/pipeline/core.py).
OUTCOMES = "|".join(o.value for o in Outcome)
CHECKED = re.compile(rf"watcher\.pipeline\.core: (?P<watch>[\w-]+): (?:{OUTCOMES})\b")
# The private-cluster tests manage a PostgreSQL server of their own: they do not depend on
# the database under test, so they run once, in the SQLite pass of tests/run.
OWN_CLUSTER = pytest.mark.skipif(
    pgtest.server() is not None,
    reason="runs a PostgreSQL cluster of its own: tested once, without WATCHER_TEST_POSTGRES",
)
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
         "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu")  # fmt: skip


def terms(n: int) -> str:
    """The n-th text of a page (from 0): a different clause each time."""
    place = f"{WORDS[n % len(WORDS)]} county ({n // len(WORDS)})"
    return f"<main><h1>Terms</h1><p>Disputes are settled by arbitration in {place}.</p></main>"


def write_config(
    path: Path,
    url: str,
    server: HTTPTestServer,
    names: list[str],
    *,
    interval: str = "1h",
    concurrency: int = 4,
    per_host: int = 8,
    extra: str = "",
) -> Path:
    """A daemon's configuration: one watch per name, at /<name> on the test server."""
    watches = "".join(f'\n[[watch]]\nname = "{n}"\nurl = "{server.url("/" + n)}"\n' for n in names)
    path.write_text(f"""
[storage]
url = "{url}"
[schedule]
interval = "{interval}"
jitter = "0s"
lease = "{LEASE:g}s"
concurrency = {concurrency}
per_host = {per_host}
[fetch]
retries = 0
timeout = "60s"
connect_timeout = "2s"
{extra}
{watches}""")
    return path


class Instance:
    """One `watcher run` subprocess, its log (stderr) kept in a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [*WATCHER, "--config", str(config), "run"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        """Everything it logged so far."""
        return self.log.read_text(errors="replace")

    def checked(self) -> list[str]:
        """The watches whose check it recorded, in order (one entry per check)."""
        return [m["watch"] for m in CHECKED.finditer(self.output())]

    def alive(self) -> bool:
        return self.proc.poll() is None

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, as systemd stops it; its exit status."""
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def kill(self) -> None:
        """SIGKILL: no chance to give anything back."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@contextlib.contextmanager
def instances() -> Iterator[Callable[[Path, str], Instance]]:
    """Starts `watcher run` processes (`start(config, name)`); every one is killed at the end."""
    started: list[Instance] = []

    def start(config: Path, name: str) -> Instance:
        instance = Instance(config, config.parent / f"{name}.log")
        started.append(instance)
        return instance

    try:
        yield start
    finally:
        for instance in started:
            instance.kill()


@contextlib.contextmanager
def reader(url: str) -> Iterator[Engine]:
    """An engine to read what the daemons recorded (no pool: nothing held between reads)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def rows(engine: Engine, query: Select) -> list[Row]:
    """The rows of a query, or none while the database or its tables are not there yet."""
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    except SQLAlchemyError:
        return []


def checks_per_watch(engine: Engine) -> dict[str, int]:
    return dict(rows(engine, select(CheckRow.watch_id, func.count()).group_by(CheckRow.watch_id)))


def wait_for(cond: Callable[[], object], timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(every)
    return bool(cond())


def command(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A one-off `watcher` command on the daemon's configuration."""
    return subprocess.run(
        [*WATCHER, "--config", str(cfg), *args], capture_output=True, text=True, timeout=60
    )


# --- several instances, one schedule --------------------------------------------------------


def test_two_instances_share_the_work_and_check_nothing_twice(tmp_path, database_url, http_server):
    if pgtest.server() is None:
        pytest.skip("several `watcher run` on one database need PostgreSQL (SQLite serves one)")
    names = [f"w{i:02d}" for i in range(40)]
    for n in names:  # half a second a page: one instance alone would take 5 s
        http_server.route(f"/{n}", Reply(body=terms(int(n[1:])), delay=0.5))
    cfg = write_config(tmp_path / "watcher.toml", database_url, http_server, names)
    # The schema first: two instances creating it at the same moment is another matter
    # (both find the database empty, and the second CREATE TABLE fails).
    assert command(cfg, "db", "upgrade").returncode == 0
    with reader(database_url) as engine, instances() as start:
        a, b = start(cfg, "a"), start(cfg, "b")
        assert wait_for(lambda: len(checks_per_watch(engine)) == 40, 30), a.output() + b.output()
        time.sleep(2 * 1.0)  # two more claim rounds of each: nothing is taken again
        assert a.alive() and b.alive()
        assert a.terminate() == 0 and b.terminate() == 0
        counts = checks_per_watch(engine)
    by_a, by_b = a.checked(), b.checked()
    assert counts == dict.fromkeys(names, 1)
    assert {n: len(http_server.requests_to(f"/{n}")) for n in names} == dict.fromkeys(names, 1)
    assert sorted(by_a + by_b) == names  # each check was made by one of them, once
    assert by_a and by_b, f"one instance did everything: a {len(by_a)}, b {len(by_b)}"


def test_instances_started_together_on_an_empty_database_all_start(
    tmp_path, database_url, http_server
):
    if pgtest.server() is None:
        pytest.skip("several `watcher run` on one database need PostgreSQL (SQLite serves one)")
    http_server.route("/terms", Reply(body=terms(0)))
    cfg = write_config(tmp_path / "watcher.toml", database_url, http_server, ["terms"])
    with reader(database_url) as engine, instances() as start:
        started = [start(cfg, name) for name in "abc"]  # as three hosts booting at once
        assert wait_for(
            lambda: all("watching 1 document" in i.output() or not i.alive() for i in started),
            30,
        )
        assert wait_for(lambda: checks_per_watch(engine).get("terms") == 1, 10)
        for instance in started:
            assert instance.alive(), instance.output()
            assert instance.terminate() == 0, instance.output()


def test_the_watches_of_an_instance_killed_mid_check_are_checked_once_after_the_lease(
    tmp_path, database_url, http_server
):
    # A claims four watches (its concurrency) and is SIGKILLed while the server holds their
    # pages. B (another instance on PostgreSQL; on SQLite the same daemon restarted, which
    # also proves the kernel released the dead one's lock) checks the four A never claimed
    # at once, and A's four once their leases end: each watch exactly once in the database.
    names = [f"w{i}" for i in range(8)]
    hold = threading.Event()
    hold.set()

    def page(n: str) -> Callable[[Request], Reply]:
        return lambda _req: Reply(body=terms(int(n[1:])), delay=60 if hold.is_set() else 0)

    for n in names:
        http_server.route(f"/{n}", page(n))
    cfg = write_config(tmp_path / "watcher.toml", database_url, http_server, names)
    with reader(database_url) as engine, instances() as start:
        a = start(cfg, "a")
        assert wait_for(lambda: len(http_server.requests) == 4, 20), a.output()
        time.sleep(0.5)  # no fifth claim comes: A's four slots are taken
        held = sorted(r.path.lstrip("/") for r in http_server.requests)
        assert len(held) == 4
        a.kill()
        killed_at = datetime.now(UTC)
        hold.clear()
        b = start(cfg, "b")
        # The four A never claimed: at once (B's start-up aside).
        free = sorted(set(names) - set(held))
        assert wait_for(lambda: set(free) <= set(checks_per_watch(engine)), 15), b.output()
        # A's: once their leases end (renewed every lease/3, so 4 to 6 s after the kill).
        assert wait_for(lambda: len(checks_per_watch(engine)) == 8, LEASE + 6), b.output()
        time.sleep(1.5)  # more claim rounds: nothing is checked again
        counts = checks_per_watch(engine)
        started = dict(rows(engine, select(CheckRow.watch_id, CheckRow.started_at)))
        assert b.alive()
        assert b.terminate() == 0, b.output()
    assert counts == dict.fromkeys(names, 1)
    assert a.checked() == [] and sorted(b.checked()) == names
    for n in held:  # not before A's lease ended (renewed at most lease/3 before the kill)
        assert (started[n] - killed_at).total_seconds() > LEASE * 2 / 3 - 0.5, n
    # A's watches were fetched twice (by A, by B), the others once: nothing lost, nothing more.
    fetched = {n: len(http_server.requests_to(f"/{n}")) for n in names}
    assert fetched == {n: 2 if n in held else 1 for n in names}


# --- the database server goes away, or is not there yet ----------------------------------


class Hook:
    """An Apprise json:// endpoint on the test server, keeping every message it receives;
    while `stall` is set it takes its time to answer (STALL seconds)."""

    STALL = 3.0

    def __init__(self, server: HTTPTestServer, path: str = "/hook") -> None:
        self.server = server
        self.path = path
        self.stall = threading.Event()
        server.route(path, self._answer)

    def _answer(self, _req: Request) -> Reply:
        delay = self.STALL if self.stall.is_set() else 0.0
        return Reply(body="ok", content_type="text/plain", delay=delay)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.port}{self.path}"

    def messages(self) -> list[str]:
        """Each message's title and body, in the order they arrived."""
        bodies = [json.loads(r.body) for r in self.server.requests_to(self.path)]
        return [f"{b.get('title', '')}\n{b.get('message', '')}" for b in bodies]


def changing_page(server: HTTPTestServer, name: str) -> None:
    """Route /<name> to a page whose text is new at every request."""
    served = iter(range(10**6))
    lock = threading.Lock()

    def answer(_req: Request) -> Reply:
        with lock:
            n = next(served)
        return Reply(body=terms(n))

    server.route(f"/{name}", answer)


class Notifying:
    """A daemon on a private cluster checking two pages that change at every check (every
    2 s), each new version's event sent to a `Hook`."""

    NAMES = ("alpha-terms", "bravo-terms")

    def __init__(self, tmp_path: Path, server: HTTPTestServer, pg: pgcluster.Cluster) -> None:
        for n in self.NAMES:
            changing_page(server, n)
        self.hook = Hook(server)
        self.pg = pg
        self.engine = create_engine(pg.url, poolclass=NullPool)
        extra = f'[notifiers.hook]\nurls = ["{self.hook.url}"]\non = ["change"]\n'
        self.config = write_config(
            tmp_path / "watcher.toml", pg.url, server, list(self.NAMES), interval="2s", extra=extra
        )

    def versions(self) -> dict[str, int]:
        last = select(VersionRow.watch_id, func.max(VersionRow.number))
        return dict(rows(self.engine, last.group_by(VersionRow.watch_id)))

    def events(self) -> list[Row]:
        return rows(self.engine, select(EventRow.id, EventRow.watch_id, EventRow.version_to))

    def outbox(self) -> list[Row]:
        return rows(self.engine, select(OutboxRow.event_id, OutboxRow.state))

    def delivered(self) -> bool:
        """Every event recorded so far sent, and marked so."""
        outbox = self.outbox()
        return bool(outbox) and {state for _e, state in outbox} == {"sent"}

    def checked_again(self, before: dict[str, int], more: int) -> Callable[[], bool]:
        return lambda: all(
            checks_per_watch(self.engine).get(n, 0) >= before.get(n, 0) + more for n in self.NAMES
        )


@contextlib.contextmanager
def notifying(tmp_path: Path, server: HTTPTestServer) -> Iterator[Notifying]:
    with pgcluster.Cluster() as pg:
        pg.start()
        setup = Notifying(tmp_path, server, pg)
        try:
            yield setup
        finally:
            setup.engine.dispose()


@OWN_CLUSTER
def test_the_daemon_rides_out_a_postgresql_restart(tmp_path, http_server):
    with notifying(tmp_path, http_server) as s, instances() as start:
        daemon = start(s.config, "daemon")
        assert wait_for(lambda: min(s.versions().values(), default=0) >= 2, 20), daemon.output()
        # Between two checks: both just recorded a version and its message went out. The
        # next check of each falls due while the server is down.
        settled = s.versions()

        def between_checks() -> bool:
            now = s.versions()
            return all(now.get(n, 0) > settled[n] for n in s.NAMES) and s.delivered()

        assert wait_for(between_checks, 10), daemon.output()
        before = checks_per_watch(s.engine)
        s.pg.stop("fast")  # every session cut, as a restart does
        time.sleep(5)
        assert daemon.alive(), daemon.output()
        s.pg.start()
        assert wait_for(s.checked_again(before, 2), 20), daemon.output()
        assert wait_for(s.delivered, 10), daemon.output()
        assert daemon.alive(), daemon.output()
        assert daemon.terminate() == 0, daemon.output()
        events, outbox = s.events(), s.outbox()
    log = daemon.output()
    assert log.count("cannot claim due watches") == 1, log  # said once, not every second
    assert "claiming due watches again" in log, log
    assert "Traceback" not in log, log
    # No event twice: one per version, each version once.
    per_version = Counter((watch, version) for _id, watch, version in events)
    assert len(per_version) >= 8 and set(per_version.values()) == {1}, per_version
    # Each event sent once: one outbox row each, sent; one message each at the endpoint.
    assert sorted(e for e, _state in outbox) == sorted(e for e, *_ in events)
    messages = s.hook.messages()
    assert len(messages) == len(events), "\n\n".join(messages)
    assert len(set(messages)) == len(messages), "a message arrived twice"


@OWN_CLUSTER
def test_the_database_going_away_in_the_middle_of_a_delivery_is_one_logged_error(
    tmp_path, http_server
):
    with notifying(tmp_path, http_server) as s, instances() as start:
        daemon = start(s.config, "daemon")
        assert wait_for(lambda: s.delivered() and len(s.events()) >= 2, 20), daemon.output()
        sent = len(s.hook.messages())
        s.hook.stall.set()  # the next message is received, and answered late
        assert wait_for(lambda: len(s.hook.messages()) > sent, 10), daemon.output()
        before = checks_per_watch(s.engine)
        s.pg.stop("fast")  # while the sender waits for the endpoint's answer
        s.hook.stall.clear()
        time.sleep(Hook.STALL + 1)
        assert daemon.alive(), daemon.output()
        s.pg.start()
        assert wait_for(s.checked_again(before, 2), 20), daemon.output()
        assert daemon.alive(), daemon.output()
        assert daemon.terminate() == 0, daemon.output()
        per_version = Counter((watch, version) for _id, watch, version in s.events())
    log = daemon.output()
    assert set(per_version.values()) == {1}, per_version
    assert "Traceback" not in log, log
    assert "delivery pass failed: database" in log, log


@OWN_CLUSTER
def test_a_daemon_started_before_its_database_server_waits_for_it(tmp_path, http_server):
    http_server.route("/terms", Reply(body=terms(0)))
    with pgcluster.Cluster() as pg, reader(pg.url) as engine, instances() as start:
        cfg = write_config(tmp_path / "watcher.toml", pg.url, http_server, ["terms"])
        daemon = start(cfg, "daemon")  # nothing listens on the cluster's port yet
        assert wait_for(lambda: "retrying in" in daemon.output(), 15), daemon.output()
        time.sleep(0.5)
        assert daemon.alive(), daemon.output()
        waiting = daemon.output().splitlines()
        pg.start()
        assert wait_for(lambda: checks_per_watch(engine).get("terms") == 1, 15), daemon.output()
        assert daemon.terminate() == 0, daemon.output()
    log = daemon.output()
    assert "Traceback" not in log, log
    [line] = waiting  # one line, naming the database (and no password: it has none)
    assert f"127.0.0.1:{pg.port}/postgres" in line and "retrying in 2s" in line, line
    assert "watching 1 document" in log


@pytest.mark.sqlite_only
def test_a_sqlite_database_that_cannot_exist_is_an_error_at_once(tmp_path, http_server):
    http_server.route("/terms", Reply(body=terms(0)))
    (tmp_path / "file").write_text("a file, not a directory")
    url = f"sqlite:///{tmp_path}/file/watcher.db"
    cfg = write_config(tmp_path / "watcher.toml", url, http_server, ["terms"])
    t0 = time.monotonic()
    done = subprocess.run(
        [*WATCHER, "--config", str(cfg), "run"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - t0 < 10  # no retry loop
    [line] = done.stderr.splitlines()
    assert line.startswith("Error: ") and "watcher.db" in line, line
    assert http_server.requests == []


# --- other commands beside the daemon -----------------------------------------------------


def test_read_only_commands_and_check_work_beside_a_running_daemon(
    tmp_path, database_url, http_server
):
    # Besides the watch the commands read, five are checked every second: the daemon keeps
    # writing while they read (on SQLite, one writer at a time and readers beside it).
    busy = [f"busy{i}" for i in range(5)]
    for n in busy:
        changing_page(http_server, n)
    http_server.route(
        "/terms",
        Reply(body="<main><p>We may close accounts.</p></main>"),
        Reply(body="<main><p>We may close accounts after a warning.</p></main>"),
    )
    cfg = write_config(tmp_path / "watcher.toml", database_url, http_server, ["terms"])
    extra = "".join(
        f'\n[[watch]]\nname = "{n}"\nurl = "{http_server.url("/" + n)}"\ninterval = "1s"\n'
        for n in busy
    )
    cfg.write_text(cfg.read_text() + extra)
    with reader(database_url) as engine, instances() as start:
        daemon = start(cfg, "daemon")
        assert wait_for(lambda: checks_per_watch(engine).get("terms") == 1, 20), daemon.output()
        assert wait_for(lambda: min(checks_per_watch(engine).get(n, 0) for n in busy) >= 2, 10)
        check = command(cfg, "check", "--watch", "terms")  # the page's second text: version 2
        events = command(cfg, "events", "--watch", "terms")
        history = command(cfg, "history", "terms")
        show = command(cfg, "show", "terms")
        diff = command(cfg, "diff", "terms")
        assert daemon.alive(), daemon.output()
        assert daemon.terminate() == 0, daemon.output()
        counts = checks_per_watch(engine)
    for done in (check, events, history, show, diff):
        assert done.returncode == 0, (done.args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
    assert check.stdout.startswith("terms: new version (version 2) — changed"), check.stdout
    assert counts["terms"] == 2  # the daemon's check and the one-off's
    assert [line.split()[2] for line in events.stdout.splitlines()] == ["first_seen", "changed"]
    assert [line.split()[0] for line in history.stdout.splitlines()] == ["1", "2"]
    assert show.stdout.strip() == "We may close accounts after a warning."
    assert diff.stdout.startswith("terms: version 1 → 2"), diff.stdout
    assert "{+after a warning+}" in diff.stdout, diff.stdout


@pytest.mark.sqlite_only
def test_a_second_daemon_on_one_sqlite_file_is_refused_at_once(tmp_path, database_url, http_server):
    http_server.route("/terms", Reply(body=terms(0)))
    cfg = write_config(tmp_path / "watcher.toml", database_url, http_server, ["terms"])
    with reader(database_url) as engine, instances() as start:
        first = start(cfg, "first")
        assert wait_for(lambda: checks_per_watch(engine).get("terms") == 1, 20), first.output()
        t0 = time.monotonic()
        second = command(cfg, "run")
        took = time.monotonic() - t0
        assert first.alive(), first.output()
        assert first.terminate() == 0, first.output()
    assert second.returncode == 1, second.stderr
    assert took < 10
    [line] = second.stderr.splitlines()
    assert line.startswith("Error: another `watcher run`"), line
    assert f"(pid {first.pid})" in line and "PostgreSQL" in line, line
    assert len(http_server.requests_to("/terms")) == 1  # the second checked nothing
