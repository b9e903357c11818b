"""End to end: a real HTTP server, the real `watcher` CLI, a real database (SQLite, or
PostgreSQL under tests/run), a real webhook endpoint (Apprise json://) and a real SMTP server
(aiosmtpd)."""

from __future__ import annotations

import gzip
import json
import socket

import pytest
from aiosmtpd.controller import Controller
from httpserver import Reply
from sqlalchemy import select

from watcher import db
from watcher.cli import main
from watcher.db import CheckRow, VersionRow

PAGE = """<html><head><title>T</title><script>var build = "{build}";</script></head>
<body class="{cls}"><nav><a href="/">Home</a> <a href="/x?t={build}">Menu {build}</a></nav>
<main>
<h1>Example Terms of Service</h1>
<p>Last updated: 1 March 2026</p>
<h2>1. Your content</h2>
<p>You keep ownership of the content you upload.</p>
<p>We do not sell your personal data.</p>
<div class="cookie-banner">We use cookies {build}</div>
<ul><li>Be kind.</li><li>Do not spam.</li></ul>
</main>
<footer>© 2026 Example · build {build}</footer></body></html>"""


def page(build="a1", cls="x", **replace) -> str:
    html = PAGE.format(build=build, cls=cls)
    for old, new in replace.items():
        html = html.replace(old.replace("_", " "), new)
    return html


class Mailbox:
    """An aiosmtpd handler that keeps every message."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


class Workspace:
    def __init__(self, tmp_path, server, capsys, db_url=None):
        self.dir = tmp_path
        self.server = server
        self.capsys = capsys
        self.config = tmp_path / "watcher.toml"
        # Tests of the store pass the `database_url` fixture's (SQLite or PostgreSQL).
        self.db_url = db_url or f"sqlite:///{tmp_path}/watcher.db"

    def write(self, watch_extra="", notifiers="", notify=""):
        self.config.write_text(f"""
[storage]
url = "{self.db_url}"
[fetch]
timeout = "2s"
retries = 0
[schedule]
error_after = 3
[notify]
retry_backoff = "10ms"
retry_max_backoff = "10ms"
{notifiers}
[[watch]]
name = "Example Terms"
url = "{self.server.url("/terms")}"
kind = "terms"
{notify}
{watch_extra}
""")

    def run(self, *args) -> tuple[int, str, str]:
        self.capsys.readouterr()
        rc = main(["--config", str(self.config), *args], environ={})
        out, err = self.capsys.readouterr()
        return rc, out, err

    def events(self) -> list[dict]:
        rc, out, _ = self.run("events", "--json")
        assert rc == 0
        return json.loads(out)

    def rows(self, model):
        engine = db.create(self.db_url)
        try:
            with engine.connect() as conn:
                return conn.execute(select(model)).all()
        finally:
            engine.dispose()


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    return w


def test_first_seen_then_changed_reaches_webhook_and_email(ws, http_server, smtp):
    controller, mailbox = smtp
    http_server.route("/hook", Reply(status=200, body="ok", content_type="text/plain"))
    ws.write(
        notifiers=f"""
[notifiers.legal]
urls = ["json://127.0.0.1:{http_server.port}/hook",
        "mailto://127.0.0.1:{controller.port}?from=watcher@example.com&to=legal@example.com"]
on = ["change", "error"]
""",
        notify='notify = ["legal"]',
    )
    http_server.route("/terms", Reply(body=page()))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "first_seen" in out
    http_server.route("/terms", Reply(body=page(build="b2", We_do_not_sell="We may sell")))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "changed" in out

    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    changed = events[1]
    assert (changed["version_from"], changed["version_to"]) == (1, 2)
    assert changed["watch"] == "example-terms" and changed["url"] == ws.server.url("/terms")
    assert changed["ai_change"] is None and changed["at"].endswith("Z")

    posts = [json.loads(r.body) for r in http_server.requests_to("/hook")]
    assert len(posts) == 2  # one per event, nothing twice
    assert "Example Terms" in posts[1]["title"]
    assert "[-do not-]{+may+}" in posts[1]["message"] or "may" in posts[1]["message"]
    assert ws.server.url("/terms") in posts[1]["message"]

    assert len(mailbox.messages) == 2
    mail = mailbox.messages[1].decode(errors="replace")
    assert "Example Terms" in mail and "legal@example.com" in mail

    # Nothing is sent again on later passes.
    ws.run("check")
    assert len(http_server.requests_to("/hook")) == 2 and len(mailbox.messages) == 2


@pytest.mark.parametrize(
    "noisy",
    [
        page(build="zz9"),  # script content, hrefs and footer text change
        page(cls="y"),  # an attribute
        page().replace("<p>You keep", "<p>\n\n   You   keep"),  # whitespace
        page().replace("<nav>", "<nav><a href='/new'>New menu entry</a>"),  # navigation
        page().replace("We use cookies", "We really use cookies"),  # a removed element
    ],
    ids=["script-href-footer", "attribute", "whitespace", "nav", "removed-element"],
)
def test_noise_makes_no_change(ws, http_server, noisy):
    ws.write(watch_extra='remove = [".cookie-banner"]')
    http_server.route("/terms", Reply(body=page()), Reply(body=noisy))
    assert ws.run("check")[0] == 0
    assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    assert len(ws.rows(VersionRow)) == 1


def test_not_modified_costs_no_version(ws, http_server):
    def terms(req):
        if req.header("If-None-Match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(body=page(), headers={"ETag": '"v1"'})

    http_server.route("/terms", terms)
    ws.run("check")
    rc, out, _ = ws.run("check")
    assert rc == 0 and "not modified" in out
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "not_modified"]


def gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (30 * 1024 * 1024))


FAILURES = {
    "503": (Reply(status=503), "http_status"),
    "reset": (Reply(abort="reset"), "connection"),
    "hang": (Reply(body=page(), delay=5), "timeout"),
    "20MB": (Reply(body=b"a" * (20 * 1024 * 1024)), "too_large"),
    "gzip-bomb": (Reply(body=gzip_bomb(), headers={"Content-Encoding": "gzip"}), "too_large"),
    "binary": (
        Reply(body=b"\x89PNG\r\n\x1a\n\0\0" * 100, content_type="image/png"),
        "not_a_document",
    ),
}


@pytest.mark.parametrize("name", FAILURES)
def test_failures_are_typed_errors_and_store_no_version(ws, http_server, name):
    reply, kind = FAILURES[name]
    ws.write(watch_extra="")
    ws.config.write_text(
        ws.config.read_text()
        .replace('timeout = "2s"', 'timeout = "1s"')
        .replace("[fetch]", '[fetch]\nmax_bytes = "10MiB"')
    )
    http_server.route("/terms", Reply(body=page()), reply)
    ws.run("check")
    rc, out, _ = ws.run("check")
    assert rc == 0 and "error" in out
    checks = ws.rows(CheckRow)
    assert [c.outcome for c in checks] == ["new_version", "error"]
    assert checks[1].error_kind == kind and checks[1].version_id is None
    assert len(ws.rows(VersionRow)) == 1
    assert [e["kind"] for e in ws.events()] == ["first_seen"]  # one failure does not alert


def test_redirect_loop_is_a_typed_error(ws, http_server):
    http_server.route("/terms", Reply(status=302, headers={"Location": "/terms2"}))
    http_server.route("/terms2", Reply(status=302, headers={"Location": "/terms"}))
    assert ws.run("check")[0] == 0
    assert [c.error_kind for c in ws.rows(CheckRow)] == ["redirects"]
    assert ws.rows(VersionRow) == []


def test_fetch_error_after_three_failures_then_recovered(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=page()),
        Reply(status=503),
        Reply(status=503),
        Reply(status=503),
        Reply(status=503),
        Reply(body=page()),
    )
    for _ in range(6):
        assert ws.run("check")[0] == 0
    kinds = [e["kind"] for e in ws.events()]
    assert kinds == ["first_seen", "fetch_error", "recovered"]  # one alert per failure streak
    assert len(ws.rows(VersionRow)) == 1  # the text did not change across the outage


def test_notifier_down_gets_the_message_later_exactly_once(ws, http_server):
    http_server.route("/hook", Reply(status=503), Reply(status=200, body="ok"))
    ws.write(
        notifiers=f"""
[notifiers.hook]
urls = ["json://127.0.0.1:{http_server.port}/hook"]
"""
    )
    http_server.route("/terms", Reply(body=page()))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "1 failed" in out
    rc, out, _ = ws.run("check")  # a new process: the outbox survived
    assert rc == 0 and "1 sent" in out
    ws.run("check")
    hooks = http_server.requests_to("/hook")
    assert len(hooks) == 2  # the failed attempt and the one delivery
    assert "Example Terms" in json.loads(hooks[1].body)["title"]
