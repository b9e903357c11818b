"""The web stage's parts: [http] read strictly, the server in a loop of ours, the guard,
health's verdicts, the scheduler's pulse, a store that cannot write, the templates."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from watcher import config, db, migrate
from watcher.cli import logs, main
from watcher.cli.web import open_read_only
from watcher.config.secrets import exposure
from watcher.errors import DatabaseError
from watcher.models import ScheduleSettings, Watch
from watcher.models.config import HttpSettings
from watcher.schedule import ALIVE_WITHIN, Daemon
from watcher.store import Store
from watcher.web import Health, ListenError, WebServer, create_app
from watcher.web.templates import environment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'"
ENV = {"HOME": "/home/alice", "WATCHER_HTTP_PASSWORD": "pw"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- [http] in the configuration ----------------------------------------------------


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('listen = "127.0.0.1:8080"', HttpSettings()),
        ('listen = "localhost:9000"', HttpSettings(port=9000)),
        ('listen = "[::1]:8080"', HttpSettings(host="::1")),
        (
            'listen = "0.0.0.0:80"\nauth = "reader:${WATCHER_HTTP_PASSWORD}"',
            HttpSettings(host="0.0.0.0", port=80, user="reader", password="pw"),
        ),
        (
            'listen = "[::]:8080"\nuser = "r"\npassword = "${WATCHER_HTTP_PASSWORD}"\n'
            "open_health = false",
            HttpSettings(host="::", user="r", password="pw", open_health=False),
        ),
        ('listen = "127.0.0.1:8080"\nauth = "a:b:c"', HttpSettings(user="a", password="b:c")),
    ],
)
def test_http_table_is_read_into_settings(table, expected):
    assert config.parse(f"[http]\n{table}\n", environ=ENV).http == expected


def test_no_http_table_serves_nothing():
    assert config.parse("", environ=ENV).http is None


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        ('listen = "0.0.0.0:8080"', "http.listen", "reachable from other hosts"),
        ('listen = "[::]:8080"', "http.listen", "reachable from other hosts"),
        ('listen = "192.0.2.7:8080"', "http.listen", "set auth"),
        ('listen = "8080"', "http.listen", "expected HOST:PORT"),
        ('listen = "127.0.0.1"', "http.listen", "expected HOST:PORT"),
        ('listen = "::1:8080"', "http.listen", "IPv6 address in brackets"),
        ('listen = "[1.2.3.4]:8080"', "http.listen", "not an IPv6 address"),
        ('listen = "example.org:8080"', "http.listen", "not an IP address"),
        ('listen = "127.0.0.1:0"', "http.listen", "from 1 to 65535"),
        ('listen = "127.0.0.1:65536"', "http.listen", "from 1 to 65535"),
        ("listen = 8080", "http.listen", "expected a string"),
        ('auth = "a:b"', "http.listen", "required key is missing"),
        ('listen = "127.0.0.1:1"\nport = 1', "http.port", "unknown key"),
        ('listen = "127.0.0.1:1"\nauth = "reader"', "http.auth", '"USER:PASSWORD"'),
        ('listen = "127.0.0.1:1"\nauth = ":pw"', "http.auth", "user name"),
        ('listen = "127.0.0.1:1"\nauth = "reader:"', "http.auth", "password"),
        ('listen = "127.0.0.1:1"\nauth = "r:${NOPE}"', "http.auth", "NOPE is not set"),
        ('listen = "127.0.0.1:1"\nauth = "r:p"\nuser = "r"', "http.user", "not both"),
        ('listen = "127.0.0.1:1"\nuser = "r"', "http.password", "required when user"),
        ('listen = "127.0.0.1:1"\npassword = "p"', "http.user", "required when password"),
        ('listen = "127.0.0.1:1"\nuser = "a:b"\npassword = "p"', "http.user", "colon"),
        ('listen = "127.0.0.1:1"\nopen_health = "yes"', "http.open_health", "true or false"),
    ],
)
def test_http_errors_name_file_key_and_reason_through_validate(
    tmp_path, capsys, table, key, reason
):
    path = tmp_path / "watcher.toml"
    path.write_text(f"[http]\n{table}\n")
    assert main(["--config", str(path), "validate"], environ=ENV) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Error: {path}: {key}: "), err
    assert reason in err and err.count("\n") == 0


def test_a_password_is_never_echoed_in_an_error():
    with pytest.raises(Exception) as exc:
        config.parse('[http]\nlisten = "127.0.0.1:1"\nauth = "s3cret-no-colon"\n', environ=ENV)
    assert "s3cret" not in str(exc.value)


def test_a_password_written_in_a_readable_file_is_warned_about_and_masked(tmp_path):
    path = tmp_path / "watcher.toml"
    path.write_text('[http]\nlisten = "0.0.0.0:8080"\nauth = "reader:Opensesame9"\n')
    path.chmod(0o644)
    assert "http.auth" in exposure(path)
    path.write_text('[http]\nlisten = "0.0.0.0:8080"\nauth = "reader:${WATCHER_HTTP_PASSWORD}"\n')
    assert exposure(path) is None  # a reference to the environment is no secret
    cfg = config.parse('[http]\nlisten = "0.0.0.0:1"\nuser = "r"\npassword = "Opensesame9"\n')
    assert "Opensesame9" in logs.secrets_of(cfg)


def test_example_http_table_loads_once_uncommented():
    text = EXAMPLE.read_text(encoding="utf-8")
    block = text[text.index("# [http]") : text.index("# --- Whom to tell")]
    uncommented = "\n".join(re.sub(r"^# ?", "", line) for line in block.splitlines())
    cfg = config.parse(uncommented, environ=ENV)
    assert cfg.http == HttpSettings(user="reader", password="pw")


# --- the server in a loop of ours -----------------------------------------------------


def _failing(request):
    raise RuntimeError("a bug")


def _app(text: str) -> Starlette:
    async def hello(request):
        return PlainTextResponse(text)

    return Starlette(routes=[Route("/", hello), Route("/bug", _failing)])


def test_server_serves_swaps_and_stops_in_the_callers_loop():
    port = free_port()
    settings = HttpSettings(port=port)

    async def scenario():
        server = WebServer(_app("one"), settings)
        await server.start()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            first = (await client.get("/")).text
            server.swap(_app("two"))
            second = (await client.get("/")).text
            bug = await client.get("/bug")
            # The address is taken while it serves.
            with pytest.raises(ListenError, match="Address already in use"):
                await WebServer(_app("x"), settings).start()
        await server.stop()
        async with httpx.AsyncClient() as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://127.0.0.1:{port}/")
        return first, second, bug

    first, second, bug = asyncio.run(scenario())
    assert (first, second) == ("one", "two")
    # Even an answer the application did not write carries the security headers.
    assert bug.status_code == 500
    assert bug.headers["content-security-policy"].startswith(CSP)
    assert bug.headers["x-content-type-options"] == "nosniff"


def test_an_address_is_taken_at_bind_and_released_by_stop_even_unserved():
    settings = HttpSettings(port=free_port())

    async def scenario():
        first = WebServer(_app("x"), settings)
        first.bind()  # taken, not served yet
        with pytest.raises(ListenError, match="Address already in use"):
            WebServer(_app("y"), settings).bind()
        await first.stop()
        again = WebServer(_app("z"), settings)
        await again.start()
        async with httpx.AsyncClient() as client:
            text = (await client.get(f"http://127.0.0.1:{settings.port}/")).text
        await again.stop()
        return text

    assert asyncio.run(scenario()) == "z"


def test_server_keeps_signals_to_its_caller():
    import signal

    async def scenario():
        before = signal.getsignal(signal.SIGTERM)
        server = WebServer(_app("x"), HttpSettings(port=free_port()))
        await server.start()
        during = signal.getsignal(signal.SIGTERM)
        await server.stop()
        return before, during

    before, during = asyncio.run(scenario())
    assert during == before


def test_ipv6_loopback_is_served_when_the_host_has_it():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this host")
    port = free_port()

    async def scenario():
        server = WebServer(_app("six"), HttpSettings(host="::1", port=port))
        try:
            await server.start()
        except ListenError as exc:
            pytest.skip(f"no IPv6 loopback here: {exc}")
        async with httpx.AsyncClient() as client:
            text = (await client.get(f"http://[::1]:{port}/")).text
        await server.stop()
        return text

    assert asyncio.run(scenario()) == "six"


# --- the guard --------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer cmVhZGVyOnB3",
        "Basic not-base64!",
        "Basic cmVhZGVy",  # "reader", no colon
        "Basic //79",  # not UTF-8
        "Basic cmVhZGVyOnB3eA==",  # reader:pwx
    ],
)
def test_malformed_or_wrong_credentials_get_401(tmp_path, authorization):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    migrate.upgrade(engine)
    settings = HttpSettings(port=free_port(), user="reader", password="pw")
    app = create_app(Store(engine), settings, health=Health(engine), metrics=CollectorRegistry())
    headers = {"Authorization": authorization} if authorization else {}

    async def scenario():
        server = WebServer(app, settings)
        await server.start()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.port}") as client:
            denied = await client.get("/static/watcher.css", headers=headers)
            allowed = await client.get("/static/watcher.css", auth=("reader", "pw"))
            health = await client.get("/healthz")  # open: open_health is true by default
        await server.stop()
        return denied, allowed, health

    try:
        denied, allowed, health = asyncio.run(scenario())
    finally:
        engine.dispose()
    assert denied.status_code == 401 and denied.headers["content-security-policy"].startswith(CSP)
    assert allowed.status_code == 200 and health.status_code == 200


# --- health ----------------------------------------------------------------------


class Stalled:
    def stalled(self):
        return "scheduler: no heartbeat for 99s (expected every 15s)"


def test_health_reports_the_scheduler_then_the_database(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    migrate.upgrade(engine)
    try:
        assert asyncio.run(Health(engine).problem()) is None
        assert asyncio.run(Health(engine, scheduler=Stalled()).problem()).startswith("scheduler")
        (tmp_path / "w.db").rename(tmp_path / "moved.db")
        problem = asyncio.run(Health(engine).problem())
        assert problem == f"database: {tmp_path}/w.db: No such file or directory"
    finally:
        engine.dispose()


def test_a_hung_database_is_one_probe_and_a_timeout(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    release = threading.Event()
    probes = []

    class Hung(Health):
        def _probe(self):
            probes.append(1)
            release.wait(10)
            return None

    async def scenario():
        health = Hung(engine, timeout=0.1)
        first = await health.problem()
        second = await health.problem()  # waits on the probe already in flight
        release.set()
        return first, second

    try:
        first, second = asyncio.run(scenario())
    finally:
        release.set()
        engine.dispose()
    assert first == second == "database: no answer within 0.1s"
    assert len(probes) == 1


# --- the scheduler's pulse ---------------------------------------------------------


def _scheduled_store(url: str, watch: Watch) -> Store:
    engine = db.create(url)
    migrate.upgrade(engine)
    store = Store(engine)
    store.sync_watches([watch], datetime.now(UTC), ScheduleSettings(jitter=0))
    return store


def test_scheduler_is_stalled_when_its_heartbeat_stops(database_url):
    now = [datetime.now(UTC)]
    store = _scheduled_store(database_url, Watch(id="a", name="A", url="https://example.org/"))

    async def nothing(*_, **__):
        return None

    async def scenario():
        daemon = Daemon(
            check=nothing,
            deliver=nothing,
            settings=ScheduleSettings(),
            clock=lambda: now[0],
            queue=store,
        )
        assert daemon.stalled() == "scheduler: not running"
        daemon.start([Watch(id="a", name="A", url="https://example.org/")])
        await asyncio.sleep(0.05)
        fresh = daemon.stalled()
        now[0] += timedelta(seconds=ALIVE_WITHIN + 1)
        late = daemon.stalled()
        await daemon.stop()
        await asyncio.sleep(0.01)  # APScheduler shuts down on the loop's next turn
        return fresh, late, daemon.stalled()

    try:
        fresh, late, stopped = asyncio.run(scenario())
    finally:
        store.engine.dispose()
    assert fresh is None
    assert late == f"scheduler: no heartbeat for {ALIVE_WITHIN + 1:.0f}s (expected every 15s)"
    assert stopped == "scheduler: not running"


def test_schedule_lag_is_how_late_a_due_check_started(database_url):
    started = datetime.now(UTC)
    store = _scheduled_store(database_url, Watch(id="a", name="A", url="https://example.org/"))
    lags: list[float] = []

    async def scenario():
        checked = asyncio.Event()

        async def check(watch, state, *, claim, next_due_at):
            checked.set()

        async def deliver():
            return None

        daemon = Daemon(
            check=check,
            deliver=deliver,
            settings=ScheduleSettings(jitter=0),
            clock=lambda: datetime.now(UTC),
            queue=store,
        )
        daemon.observe_lag = lags.append
        daemon._limiter = type(daemon._limiter)(1, 1)
        async with daemon._limiter.slot(["https://example.org/"]):  # the only slot, held
            daemon.start([Watch(id="a", name="A", url="https://example.org/")])
            await asyncio.sleep(0.3)
        await asyncio.wait_for(checked.wait(), 5)
        await asyncio.sleep(0.05)
        await daemon.stop()
        return daemon.lag, daemon.last_check_done

    try:
        lag, done = asyncio.run(scenario())
    finally:
        store.engine.dispose()
    assert 0.2 <= lag < 5  # due at once, it waited 0.3 s for the slot
    assert lags == [lag]
    assert done is not None and done >= started


# --- a store that cannot write -------------------------------------------------------


def test_read_only_store_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n')
    cfg = config.load(path, environ=ENV)
    engine = db.create(cfg.storage.url)
    migrate.upgrade(engine)
    Store(engine).sync_watches([Watch(id="a", name="A", url="https://example.org/")], _now())
    engine.dispose()
    with open_read_only(cfg) as store:
        assert set(store.last_checks()) == set()
        assert store.states(["a"])["a"].failures == 0
        with pytest.raises(OperationalError, match="attempt to write a readonly database"):
            store.sync_watches([Watch(id="b", name="B", url="https://example.org/b")], _now())


def test_read_only_store_refuses_a_schema_it_does_not_read(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n')
    cfg = config.load(path, environ=ENV)
    engine = db.create(cfg.storage.url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    engine.dispose()
    with pytest.raises(DatabaseError, match="watcher db upgrade"), open_read_only(cfg):
        pass


def _now():
    return datetime.now(UTC)


# --- templates --------------------------------------------------------------------


def test_templates_escape_everything():
    env = environment()
    page = env.from_string('{% extends "base.html" %}{% block content %}{{ text }}{% endblock %}')
    html = page.render(text='<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'onerror="' not in html
    assert '<link rel="stylesheet" href="/static/watcher.css">' in html
    assert "<script" not in html.replace("&lt;script", "")


def test_stylesheet_ships_in_the_package():
    css = (ROOT / "watcher" / "web" / "static" / "watcher.css").read_text()
    assert "@media print" in css
