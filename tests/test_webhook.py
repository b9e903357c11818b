"""The webhook for machines: each event POSTed as its `events --json` object, signed.

Real components: the `watcher` CLI checking pages on a local HTTP server, a database (SQLite,
or PostgreSQL under tests/run),
and webhook receivers on the same server (127.0.0.1) that record each request's headers
and body, and whose answers the tests switch.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx
import pytest
from httpserver import Reply, Request
from pgtest import dump
from sqlalchemy import text

from watcher import db, notify
from watcher.cli import main
from watcher.errors import NotifyError
from watcher.models import ChangeReport, Event, EventKind, NotifierSettings
from watcher.notify import webhook

SECRET = "whsec-4f2a9c1e7b3d5a80"  # signs the posts; given through the environment
TOKEN = "T0KEN-8d7c6b5a4f3e2d1c"  # the webhook's path is its token
HOOK = f"/hooks/{TOKEN}"
ENV = {"WATCHER_WEBHOOK_SECRET": SECRET}

PAGE = "<html><body><main><h1>Terms of Service</h1>{}</main></body></html>"
CLAUSES = [
    "<p>You keep ownership of the content you upload.</p>",
    "<p>We may use your content to train our artificial intelligence models.</p>",
    "<p>Refunds are granted within fourteen days of purchase.</p>",
    "<p>Disputes are settled by the courts of Lyon.</p>",
]


def page(n: int) -> str:
    """The n-th text of the terms (from 1): each adds one clause to the one before."""
    return PAGE.format("".join(CLAUSES[:n]))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """A webhook endpoint that answers `status` (200 by default) to every post."""

    def __init__(self) -> None:
        self.status = 200

    def __call__(self, request: Request) -> Reply:
        return Reply(status=self.status, body="", content_type="text/plain")


class Site:
    """A watched page, a webhook receiver, and a configuration naming them."""

    def __init__(self, tmp_path, database_url, server, capsys) -> None:
        self.server = server
        self.capsys = capsys
        self.config = tmp_path / "watcher.toml"
        self.db = database_url
        self.receiver = Receiver()
        server.route(HOOK, self.receiver)
        self.write(f"""
[notifiers.siem]
webhook = "{server.url(HOOK)}"
secret = "${{WATCHER_WEBHOOK_SECRET}}"
""")

    def write(self, notifiers: str) -> None:
        self.config.write_text(f"""
[storage]
url = "{self.db}"
[fetch]
timeout = "2s"
retries = 0
[schedule]
error_after = 1
[notify]
retry_backoff = "10ms"
retry_max_backoff = "10ms"
{notifiers}
[[watch]]
name = "Example Terms"
url = "{self.server.url("/terms")}"
kind = "terms"
""")
        os.chmod(self.config, 0o600)

    def run(self, *args: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        rc = main(
            ["--config", str(self.config), *args], environ=ENV if environ is None else environ
        )
        out, err = self.capsys.readouterr()
        return rc, out, err

    def check(self, n: int | None = None, status: int = 200) -> None:
        """One `watcher check` (a check, then delivery), serving text `n` if given."""
        if n is not None:
            self.server.route("/terms", Reply(status=status, body=page(n)))
        rc, _, err = self.run("check")
        assert rc == 0, err
        time.sleep(0.02)  # past a failure's backoff (10 ms, jittered)

    def posts(self) -> list[Request]:
        return self.server.requests_to(HOOK)

    def events(self) -> list[dict]:
        rc, out, err = self.run("events", "--json")
        assert rc == 0, err
        return json.loads(out)

    def outbox(self) -> list[tuple[int, str, str | None]]:
        engine = db.create(self.db)
        try:
            with engine.connect() as conn:
                sql = text("SELECT id, state, last_error FROM outbox ORDER BY id")
                return [tuple(row) for row in conn.execute(sql)]
        finally:
            engine.dispose()


@pytest.fixture
def site(tmp_path, database_url, http_server, capsys) -> Site:
    return Site(tmp_path, database_url, http_server, capsys)


def signed_by(request: Request, secret: str) -> bool:
    """Whether the request's X-Watcher-Signature is the HMAC-SHA256 of its body."""
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(request.header("X-Watcher-Signature") or "", expected)


# --- end to end ----------------------------------------------------------------------------


def test_each_event_is_posted_in_order_as_its_events_json_object_signed(site):
    site.check(1)  # first_seen
    site.check(2)  # changed, with AI-training language appearing
    site.check(2, status=500)  # fetch_error (error_after = 1)
    site.check(3)  # recovered, then changed
    events = site.events()
    assert [e["kind"] for e in events] == [
        "first_seen",
        "changed",
        "fetch_error",
        "recovered",
        "changed",
    ]
    assert events[1]["ai_change"] == "appeared" and events[1]["ai_findings"]
    posts = site.posts()
    assert [json.loads(p.body) for p in posts] == events  # the same objects, in order
    for post, event in zip(posts, events, strict=True):
        assert post.method == "POST"
        assert post.header("Content-Type") == "application/json"
        assert post.header("User-Agent").startswith("watcher/")
        assert post.header("X-Watcher-Event") == event["kind"]
        assert signed_by(post, SECRET)
        assert not signed_by(post, SECRET + "x")
    deliveries = [int(p.header("X-Watcher-Delivery")) for p in posts]
    assert deliveries == [row[0] for row in site.outbox()]  # the outbox rows' ids
    assert {row[1] for row in site.outbox()} == {"sent"}


def test_a_receiver_that_fails_then_recovers_gets_each_event_once_in_order(site):
    site.receiver.status = 500
    for n in (1, 2, 3):
        site.check(n)
    # Each pass retried only the oldest message; the newer ones waited behind it.
    assert [json.loads(p.body)["version_to"] for p in site.posts()] == [1, 1, 1]
    assert {p.header("X-Watcher-Delivery") for p in site.posts()} == {"1"}  # one message
    assert [row[1] for row in site.outbox()] == ["pending"] * 3
    assert "HTTP 500" in site.outbox()[0][2]

    site.receiver.status = 200
    site.check()
    site.check()  # nothing left: each was sent once after its success
    delivered = site.posts()[3:]
    assert [json.loads(p.body)["version_to"] for p in delivered] == [1, 2, 3]
    assert [json.loads(p.body) for p in delivered] == site.events()
    assert all(signed_by(p, SECRET) for p in delivered)
    assert [row[1] for row in site.outbox()] == ["sent"] * 3


@pytest.mark.parametrize("status", [301, 401, 404, 408, 429, 503])
def test_answers_that_may_pass_are_retried(site, http_server, status):
    http_server.route("/elsewhere", Reply(body="ok"))
    site.server.route(
        HOOK, Reply(status=status, headers={"Location": http_server.url("/elsewhere")})
    )
    site.check(1)
    site.check()
    assert len(site.posts()) == 2
    assert http_server.requests_to("/elsewhere") == []  # a redirect is never followed
    [(_, state, error)] = site.outbox()
    assert state == "pending" and f"HTTP {status}" in error
    assert TOKEN not in error


@pytest.mark.parametrize("status", [400, 413, 415, 422])
def test_a_message_the_receiver_refuses_is_dropped_and_the_next_goes_on(site, status):
    site.receiver.status = status
    site.check(1)
    site.receiver.status = 200
    site.check(2)
    assert [json.loads(p.body)["version_to"] for p in site.posts()] == [1, 2]
    (_, first, error), (_, second, _) = site.outbox()
    assert (first, second) == ("dropped", "sent")
    assert f"HTTP {status}" in error and TOKEN not in error


def test_a_notifier_may_have_apprise_urls_and_a_webhook(site, http_server):
    http_server.route("/apprise", Reply(body="ok", content_type="text/plain"))
    site.write(f"""
[notifiers.both]
urls = ["json://127.0.0.1:{http_server.port}/apprise"]
webhook = "{http_server.url(HOOK)}"
""")
    site.check(1)
    assert len(http_server.requests_to("/apprise")) == 1
    [post] = site.posts()
    assert json.loads(post.body) == site.events()[0]
    assert post.header("X-Watcher-Signature") is None  # no secret: not signed
    assert [row[1] for row in site.outbox()] == ["sent", "sent"]  # two channels


def test_routing_gives_the_webhook_its_own_channel():
    both = NotifierSettings(name="n", urls=("json://h/x",), webhook="https://h/x")
    routed = notify.route([both], EventKind.CHANGED)
    assert len(set(routed)) == 2
    assert routed[1] == ("n", notify.channel_id("https://h/x", webhook=True))
    assert routed[1][1] != notify.channel_id("https://h/x")
    only = NotifierSettings(name="n", webhook="https://h/x", secret="s")
    assert list(notify.channels([only]).values()) == [
        notify.Channel("n", "https://h/x", webhook=True, secret="s")
    ]
    assert "https://h/x" not in repr(only) and "'s'" not in repr(notify.channels_of(only))


# --- notify-test and validate ----------------------------------------------------------------


def test_notify_test_posts_a_test_event_to_the_webhook(site, monkeypatch):
    # The webhook is configuration, not a page: the private-network policy does not apply.
    monkeypatch.delenv("WATCHER_ALLOW_NETWORKS")
    rc, out, _ = site.run("notify-test", "siem")
    assert rc == 0 and "siem.webhook: sent" in out
    [post] = site.posts()
    body = json.loads(post.body)
    assert body["watch"] == "notify-test" and body["id"] == 0
    assert post.header("X-Watcher-Delivery") == "0" and signed_by(post, SECRET)

    site.receiver.status = 500
    rc, out, err = site.run("notify-test")
    assert rc == 1 and "siem.webhook: FAILED" in err and "HTTP 500" in err
    assert TOKEN not in out + err and SECRET not in out + err


def test_validate_lists_the_webhook_without_its_secrets(site, http_server):
    site.write("""
[notifiers.siem]
webhook = "https://hooks.example.com/services/T0ABC1234/B0XYZ5678/abcdefghijklmnopqrstuvwx"
secret = "${WATCHER_WEBHOOK_SECRET}"
[notifiers.open]
webhook = "https://siem.example.com/hooks/watcher?token=tok-1234567"
""")
    rc, out, _ = site.run("validate")
    assert rc == 0
    assert "notifier siem: webhook https://hooks.example.com/services/***/***/*** (signed)" in out
    assert (
        "notifier open: webhook https://siem.example.com/hooks/watcher?token=*** (not signed"
        in (out)
    )
    for secret in ("T0ABC1234", "B0XYZ5678", "abcdefghijklmnopqrstuvwx", "tok-1234567", SECRET):
        assert secret not in out


@pytest.mark.parametrize(
    ("body", "key", "reason"),
    [
        ('webhook = "ftp://hooks.example.com/x"', "notifiers.siem.webhook", "http:// or https://"),
        ('webhook = "https:///no-host"', "notifiers.siem.webhook", "with a host"),
        ('webhook = "https://h.example.com:99999/x"', "notifiers.siem.webhook", "port"),
        ('webhook = "https://h.example.com/${HOOK_TOKEN}"', "notifiers.siem.webhook", "HOOK_TOKEN"),
        ("webhook = 3", "notifiers.siem.webhook", "expected a string"),
        ('secret = "${WATCHER_WEBHOOK_SECRET}"', "notifiers.siem.secret", "webhook"),
        (
            'webhook = "https://h.example.com/x"\nsecret = "${NO_SUCH_SECRET}"',
            "notifiers.siem.secret",
            "NO_SUCH_SECRET",
        ),
        ('webhook = "https://h.example.com/x"\nsecret = ""', "notifiers.siem.secret", "empty"),
        ('on = ["ai"]', "notifiers.siem.urls", "webhook"),
        ('webhook = "https://h.example.com/x"\nurls = []', "notifiers.siem.urls", "at least one"),
        ('webhook = "https://h.example.com/x"\nsigning = "x"', "notifiers.siem.signing", "unknown"),
    ],
)
def test_webhook_config_errors_name_file_key_and_reason(site, body, key, reason):
    site.write(f"[notifiers.siem]\n{body}\n")
    rc, _, err = site.run("validate")
    assert rc == 2
    line = err.strip()
    assert line.startswith("Error: ") and line.count("\n") == 0
    assert str(site.config) in line and key in line and reason in line


def test_a_webhook_written_out_in_a_readable_file_is_warned_about(site, http_server):
    site.write(f'[notifiers.siem]\nwebhook = "{http_server.url(HOOK)}"\nsecret = "{SECRET}"\n')
    os.chmod(site.config, 0o644)
    rc, out, err = site.run("validate")
    assert rc == 0
    assert "notifiers.siem.webhook, notifiers.siem.secret" in err
    assert TOKEN not in out + err and SECRET not in out + err


# --- the request itself ------------------------------------------------------------------------


def event(**kw) -> Event:
    base = dict(
        id=7,
        watch="terms",
        name="Terms",
        url="https://alice:pw-1234@example.org/terms?token=sig-5678",
        kind=EventKind.MOVED,
        at=datetime(2026, 8, 1, 9, 30, tzinfo=UTC),
        version_from=None,
        version_to=None,
        summary="moved from https://example.org/old?key=abcd-1234 (was HTTP 301)",
        report=ChangeReport(
            from_url="https://example.org/old?key=abcd-1234", to_url="https://example.org/new"
        ),
    )
    base.update(kw)
    return Event(**base)


def test_the_body_holds_no_credential_of_a_url():
    body = webhook.body_of(event()).decode()
    for secret in ("pw-1234", "sig-5678", "abcd-1234"):
        assert secret not in body
    sent = json.loads(body)
    assert sent["url"] == "https://***:***@example.org/terms?token=***"
    assert sent["from_url"] == "https://example.org/old?key=***"
    assert sent["summary"] == "moved from https://example.org/old?key=*** (was HTTP 301)"


def test_the_signature_is_githubs_format_over_the_exact_bytes(http_server):
    http_server.route("/h", Reply(body=""))
    webhook.post("siem", http_server.url("/h"), event(), 42, "key")
    [post] = http_server.requests_to("/h")
    assert post.body == webhook.body_of(event())
    assert post.header("X-Watcher-Signature") == webhook.signature(post.body, "key")
    assert signed_by(post, "key") and post.header("X-Watcher-Delivery") == "42"
    assert post.header("X-Watcher-Event") == "moved"


def test_a_slow_receiver_times_out(http_server, monkeypatch):
    monkeypatch.setattr(webhook, "TIMEOUT", 0.2)
    http_server.route(HOOK, Reply(body="late", delay=2.0))
    with pytest.raises(NotifyError, match="did not answer within") as caught:
        webhook.post("siem", http_server.url(HOOK), event(), 1)
    assert not isinstance(caught.value, webhook.Rejected)


def test_an_unreachable_receiver_is_a_failure_that_names_no_secret():
    url = f"http://127.0.0.1:{closed_port()}{HOOK}?token=t-9f8e7d"
    with pytest.raises(NotifyError) as caught:
        webhook.post("siem", url, event(), 1, SECRET)
    said = str(caught.value)
    assert "unreachable" in said and "siem" in said
    for secret in (TOKEN, "t-9f8e7d", SECRET):
        assert secret not in said


def test_a_transport_error_names_no_secret():
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}")

    url = f"https://hooks.example.com{HOOK}"
    with pytest.raises(NotifyError) as caught:
        webhook.post("siem", url, event(), 1, transport=httpx.MockTransport(boom))
    assert "ConnectError" in str(caught.value) and TOKEN not in str(caught.value)


# --- secrets in logs -----------------------------------------------------------------------


@pytest.mark.parametrize("verbosity", [[], ["-vv"]])
def test_no_secret_in_logs_output_or_outbox_at_any_verbosity(
    tmp_path, database_url, http_server, verbosity
):
    failing, away = f"/hooks/{TOKEN}-down", closed_port()
    http_server.route(HOOK, Reply(body="ok", content_type="text/plain"))
    http_server.route(failing, Reply(status=500, body=SECRET, content_type="text/plain"))
    http_server.route("/terms", Reply(body=page(2)))
    config = tmp_path / "watcher.toml"
    config.write_text(f"""
[storage]
url = "{database_url}"
[notify]
retry_backoff = "10ms"
[notifiers.ok]
webhook = "{http_server.url(HOOK)}"
secret = "${{WATCHER_WEBHOOK_SECRET}}"
[notifiers.down]
webhook = "{http_server.url(failing)}"
secret = "${{WATCHER_WEBHOOK_SECRET}}"
[notifiers.away]
webhook = "http://127.0.0.1:{away}{HOOK}?token=t-9f8e7d"
secret = "${{WATCHER_WEBHOOK_SECRET}}"
[[watch]]
name = "Terms"
url = "{http_server.url("/terms")}"
""")
    os.chmod(config, 0o600)
    env = {**os.environ, **ENV, "PYTHONDONTWRITEBYTECODE": "1"}
    outputs = []
    for command in (["check"], ["notify-test"], ["validate"]):
        done = subprocess.run(
            [sys.executable, "-m", "watcher", *verbosity, "--config", str(config), *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert "Traceback" not in done.stderr
        outputs += [done.stdout, done.stderr]
    if verbosity:
        assert "DEBUG" in outputs[1]  # the debug output is there, only without the secrets
    assert len(http_server.requests_to(HOOK)) == 2  # the check's event and the test event
    engine = db.create(database_url)
    try:
        with engine.connect() as conn:
            sql = text("SELECT last_error FROM outbox")
            errors = [row[0] for row in conn.execute(sql) if row[0]]
    finally:
        engine.dispose()
    assert len(errors) == 2  # the failing receiver and the unreachable one
    stored = dump(database_url)
    assert "outbox: (" in stored and "Terms" in stored  # the dump holds the rows
    for output in [*outputs, *errors, stored]:
        for secret in (TOKEN, "t-9f8e7d", SECRET):
            assert secret not in output, f"{secret} leaked:\n{output}"
