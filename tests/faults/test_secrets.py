"""Secrets never leave: not in logs at any verbosity, not in output, events or messages.

The secrets: a webhook whose path is its token (Apprise json://), a channel that fails and
one that cannot be reached (their reasons are logged, stored and printed), and a watch URL
with a user name, a password and a signed query. The fetcher still uses the credentials.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import Reply
from pgtest import dump
from sqlalchemy import select

from watcher import db
from watcher.cli import main
from watcher.db import OutboxRow
from watcher.errors import FetchError, HTTPStatusError
from watcher.redact import credentials, redact_text, redact_url, secret_parts

TOKEN_OK = "hook-5e1f0a9b77c2"  # the path of a webhook that works
TOKEN_FAILING = "hook-0c3d8e4f2a61"  # … of one that answers 500
TOKEN_AWAY = "hook-9a7b6c5d4e3f"  # … of one nobody listens to
PASSWORD = "pw-3b2a1c0d9e8f"  # in the watch URL
SIGNATURE = "sig-77aa88bb99cc"  # the watch URL's signed query
SECRETS = (TOKEN_OK, TOKEN_FAILING, TOKEN_AWAY, PASSWORD, SIGNATURE)

PAGE = "<html><body><main><h1>Terms</h1><p>{}</p></main></body></html>"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """A watched page behind basic auth, three webhooks, and the config that names them."""

    def __init__(self, tmp_path: Path, database_url: str, server) -> None:
        self.server = server
        self.config = tmp_path / "watcher.toml"
        self.database_url = database_url
        self.watch_url = (
            f"http://alice:{PASSWORD}@127.0.0.1:{server.port}/terms?lang=en&token={SIGNATURE}"
        )
        server.route(f"/{TOKEN_OK}", Reply(body="ok", content_type="text/plain"))
        server.route(f"/{TOKEN_FAILING}", Reply(status=500, body="no", content_type="text/plain"))
        server.route("/terms", Reply(body=PAGE.format("We do not sell your data.")))
        away = closed_port()
        self.config.write_text(f"""
[storage]
url = "{database_url}"
[fetch]
timeout = "2s"
retries = 1
backoff = "10ms"
[notify]
retry_backoff = "10ms"
retry_max_backoff = "10ms"
[notifiers.legal]
urls = ["json://127.0.0.1:{server.port}/{TOKEN_OK}",
        "json://127.0.0.1:{server.port}/{TOKEN_FAILING}",
        "json://127.0.0.1:{away}/{TOKEN_AWAY}"]
on = ["change", "error"]
[[watch]]
name = "Terms"
url = "{self.watch_url}"
notify = ["legal"]
""")
        os.chmod(self.config, 0o600)

    def watcher(self, *args: str) -> subprocess.CompletedProcess:
        """The real command in its own process: its own logging set-up, urllib3's included."""
        return subprocess.run(
            [sys.executable, "-m", "watcher", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            timeout=120,
        )

    def run(self, capsys, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        rc = main(["--config", str(self.config), *args], environ=dict(os.environ))
        out, err = capsys.readouterr()
        return rc, out, err


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked:\n{text}"


@pytest.fixture
def site(tmp_path, database_url, http_server) -> Site:
    return Site(tmp_path, database_url, http_server)


# --- logs ------------------------------------------------------------------------------


@pytest.mark.parametrize("verbosity", [[], ["-v"], ["-vv"]])
def test_no_secret_in_the_logs_of_a_check_at_any_verbosity(site, http_server, verbosity):
    http_server.route(
        "/terms",
        Reply(status=503),  # a retry: the fetcher logs the URL it retries
        Reply(body=PAGE.format("We do not sell your data.")),
    )
    first = site.watcher(*verbosity, "check")
    http_server.route("/terms", Reply(body=PAGE.format("We may sell your data.")))
    second = site.watcher(*verbosity, "check")
    for done in (first, second):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert_no_secret(done.stdout, done.stderr)
    if verbosity == ["-vv"]:  # the debug output is there, only without the secrets
        assert "DEBUG" in second.stderr
    # The messages went out, and the fetcher used the credentials.
    assert len(http_server.requests_to(f"/{TOKEN_OK}")) == 2
    auth = http_server.requests_to("/terms")[0].header("authorization")
    assert auth == "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert SIGNATURE in http_server.requests_to("/terms")[0].target


@pytest.mark.parametrize("verbosity", [[], ["-vv"]])
def test_no_secret_in_the_logs_or_output_of_notify_test(site, http_server, verbosity):
    done = site.watcher(*verbosity, "notify-test")
    assert done.returncode == 1  # two of the three channels fail
    assert "legal[0]: sent" in done.stdout
    assert "legal[1]: FAILED" in done.stderr and "legal[2]: FAILED" in done.stderr
    assert "Traceback" not in done.stderr
    assert_no_secret(done.stdout, done.stderr)
    assert len(http_server.requests_to(f"/{TOKEN_OK}")) == 1


def test_a_failed_channel_keeps_no_secret_in_the_outbox(site, capsys):
    assert site.run(capsys, "check")[0] == 0
    engine = db.create(site.database_url)
    try:
        with engine.connect() as conn:
            errors = [e for e in conn.scalars(select(OutboxRow.last_error)) if e]
    finally:
        engine.dispose()
    assert len(errors) == 2  # the failing channel and the unreachable one
    assert_no_secret(*errors)
    stored = dump(site.database_url)
    for token in (TOKEN_OK, TOKEN_FAILING, TOKEN_AWAY):  # notifier URLs are never stored
        assert token not in stored


# --- output, events and messages --------------------------------------------------------


def test_credentials_of_a_watch_url_are_shown_masked_everywhere(site, http_server, capsys):
    rc, out, err = site.run(capsys, "check")
    assert rc == 0, err
    # The document moves: its `moved` event names both addresses.
    http_server.route("/terms", Reply(status=301, headers={"Location": "/terms-v2"}))
    http_server.route("/terms-v2", Reply(body=PAGE.format("We do not sell your data.")))
    rc, out2, err2 = site.run(capsys, "check")
    assert rc == 0, err2
    rc, events_out, _ = site.run(capsys, "events")
    rc, json_out, _ = site.run(capsys, "events", "--json")
    rc, history_out, _ = site.run(capsys, "history", "Terms")
    rc, validate_out, validate_err = site.run(capsys, "validate", "--fetch")
    assert_no_secret(out, err, out2, err2, events_out, json_out, history_out)
    assert_no_secret(validate_out, validate_err)
    events = json.loads(json_out)
    assert [e["kind"] for e in events] == ["first_seen", "moved"]
    masked = f"http://***:***@127.0.0.1:{http_server.port}/terms?lang=en&token=***"
    assert {e["url"] for e in events} == {masked}
    assert "/terms-v2" in events[1]["summary"] and "***:***@" in events[1]["summary"]
    # What the channels were sent.
    posts = [r.body.decode() for r in http_server.requests_to(f"/{TOKEN_OK}")]
    assert len(posts) == 2
    assert_no_secret(*posts)
    # What the database keeps: every table, every column, as text.
    stored = dump(site.database_url)
    assert "events: (" in stored
    assert_no_secret(stored)


def test_a_fetch_error_names_the_url_without_its_credentials(site, http_server, capsys):
    http_server.route("/terms", Reply(status=403))
    rc, out, err = site.run(capsys, "check")
    assert rc == 0
    assert f"http://***:***@127.0.0.1:{http_server.port}/terms?lang=en&token=***: HTTP 403" in out
    assert_no_secret(out, err)


def test_fetch_error_message_is_redacted_but_keeps_the_real_url():
    url = f"https://alice:{PASSWORD}@example.org/terms?token={SIGNATURE}"
    exc = HTTPStatusError(url, 500)
    assert exc.url == url  # the fetcher retries with it
    assert str(exc) == "https://***:***@example.org/terms?token=***: HTTP 500"
    loop = FetchError(url, f"redirect loop back to {url}")
    assert_no_secret(str(loop), loop.detail)


# --- the redaction itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.org/terms", "https://example.org/terms"),
        ("https://user:pw@example.org/terms", "https://***:***@example.org/terms"),
        ("https://TOKEN@github.com/o/r", "https://***@github.com/o/r"),
        ("https://u:p@ss@host:8443/x", "https://***:***@host:8443/x"),
        (
            "https://h/x?a=1&token=t&api_key=k&X-Amz-Signature=s&sig=&q=token",
            "https://h/x?a=1&token=***&api_key=***&X-Amz-Signature=***&sig=&q=token",
        ),
        (
            "https://h/cb?lang=fr#access_token=abc&state=1",
            "https://h/cb?lang=fr#access_token=***&state=1",
        ),
        ("https://h/x?password=a&secret=b&auth=c", "https://h/x?password=***&secret=***&auth=***"),
        ("https://h/x?keyword=ai&monkey=1", "https://h/x?keyword=ai&monkey=1"),
        (
            "postgresql+psycopg://watcher:pw@db.example.org/watcher",
            "postgresql+psycopg://***:***@db.example.org/watcher",
        ),
        ("sqlite:////var/lib/watcher/watcher.db", "sqlite:////var/lib/watcher/watcher.db"),
        ("not a url at all", "not a url at all"),
        ("/relative/path?token=x", "/relative/path?token=x"),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def test_redact_text_masks_every_url_in_a_sentence():
    text = "now served from https://a:b@h/new?token=t (was https://a:b@h/old?key=k)."
    assert redact_text(text) == (
        "now served from https://***:***@h/new?token=*** (was https://***:***@h/old?key=***)."
    )
    assert redact_text("https://h/x?token=t: HTTP 403") == "https://h/x?token=***: HTTP 403"
    assert redact_text("no URL here") == "no URL here"


def test_secret_parts_of_notifier_urls():
    slack = secret_parts("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general")
    assert slack == {"T1JJ3T3L2", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ"}
    mail = secret_parts("mailtos://alerts:hunter2@smtp.example.com?to=legal@example.com")
    assert "hunter2" in mail and "alerts" not in mail and "smtp.example.com" not in mail
    assert secret_parts("json://127.0.0.1:8080/hook?format=markdown") == set()
    assert "tok-1234" in secret_parts("jsons://h.example/x?+X-Token=tok-1234")
    assert "abcdefg_hijklmnop" in secret_parts("tgram://123456789:abcdefg_hijklmnop/")
    assert credentials("https://alice:hunter2@h/x?token=abcd&lang=en") == {"hunter2", "abcd"}


def test_a_database_role_is_a_name_and_its_password_a_secret():
    from watcher import config
    from watcher.cli import logs

    def masked(url: str) -> frozenset[str]:
        return logs.secrets_of(config.parse(f'[storage]\nurl = "{url}"\n'))

    # A role named "watcher" masked would turn every "watcher" in the logs into ***.
    assert "watcher" not in masked("postgresql+psycopg://watcher@db.internal/watcher")
    assert "pw-7f3e21" in masked("postgresql+psycopg://watcher:pw-7f3e21@db.internal/watcher")
    assert "tok-55aa" in credentials("https://tok-55aa@h/x")  # a watch URL's lone user: a token


def test_the_log_scrubber_knows_the_webhooks_url_and_signing_key():
    from watcher import config
    from watcher.cli import logs

    cfg = config.parse(
        """
[notifiers.siem]
webhook = "https://siem.example.com/hooks/9f8e7d6c5b4a39281706"
secret = "${HOOK_SECRET}"
""",
        environ={"HOOK_SECRET": "s3cr3t-signing-key-0b1c", "HOME": "/tmp"},
    )
    scrubber = logs.Scrubber()
    scrubber.secrets = logs.secrets_of(cfg)
    hook = "https://siem.example.com/hooks/9f8e7d6c5b4a39281706"
    line = scrubber.scrub(f"posting to {hook} with s3cr3t-signing-key-0b1c")
    assert "9f8e7d6c5b4a39281706" not in line and "s3cr3t-signing-key-0b1c" not in line
