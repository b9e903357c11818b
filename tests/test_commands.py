"""Commands over a real local site: rebuild after a rules change, validate --fetch,
notify-test, and browsing history."""

from __future__ import annotations

import json

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import VersionRow


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    return w


def test_rules_change_rebuilds_history_and_alerts_nobody(ws, http_server):
    http_server.route("/hook", Reply(status=200, body="ok"))
    hook = f'[notifiers.hook]\nurls = ["json://127.0.0.1:{http_server.port}/hook"]\n'
    ws.write(notifiers=hook)
    http_server.route("/terms", Reply(body=page(build="a")), Reply(body=page(build="b")))
    ws.run("check")
    ws.run("check")  # the cookie banner carries the build id: a (noisy) change
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]
    assert len(http_server.requests_to("/hook")) == 2

    ws.write(notifiers=hook, watch_extra='remove = [".cookie-banner"]')
    rc, out, _ = ws.run("check")  # rebuilds first, then compares under the new rules
    assert rc == 0 and "unchanged" in out
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]
    assert len(http_server.requests_to("/hook")) == 2  # nobody told of a rules change
    rc, out, _ = ws.run("history", "example-terms")
    assert out.count("re-derived") == 2
    rc, out, _ = ws.run("show", "Example Terms", "--version", "1")
    assert "cookies" not in out and "You keep ownership" in out
    rc, out, _ = ws.run("diff", "example-terms", "--from", "1", "--to", "2")
    assert "no text change" in out
    assert all(
        v.rules_fingerprint == ws.rows(VersionRow)[0].rules_fingerprint for v in ws.rows(VersionRow)
    )


def test_browse_commands(ws, http_server):
    http_server.route("/terms", Reply(body=page()), Reply(body=page(We_do_not_sell="We may sell")))
    ws.run("check")
    ws.run("check")
    rc, out, _ = ws.run("history", "example-terms")
    assert rc == 0 and len(out.strip().splitlines()) == 2
    rc, out, _ = ws.run("show", "example-terms")
    assert "We may sell your personal data." in out
    rc, out, _ = ws.run("diff", "example-terms", "--format", "markdown")
    assert rc == 0 and "version 1 → 2" in out and "**may**" in out
    rc, out, _ = ws.run("events", "--since", "2000-01-01")
    assert rc == 0 and "changed" in out and "first_seen" in out
    rc, out, _ = ws.run("events", "--since", "2999-01-01T00:00:00Z", "--json")
    assert json.loads(out) == []
    rc, _, err = ws.run("events", "--since", "yesterday")
    assert rc == 2 and "ISO 8601" in err
    rc, _, err = ws.run("show", "example-terms", "--version", "9")
    assert rc == 1 and "version 9" in err


def test_validate_fetch_reports_unstable_text_and_dead_selectors(ws, http_server):
    counter = iter(range(1000))

    def unstable(_req):
        return Reply(body=f"<main><p>Terms</p><p>Visitors today: {next(counter)}</p></main>")

    http_server.route("/terms", unstable)
    http_server.route("/stable", Reply(body=page()))
    http_server.route("/moved", Reply(body="<div class='new-layout'><p>Terms</p></div>"))
    ws.config.write_text(
        ws.config.read_text()
        + f"""
[[watch]]
name = "Stable"
url = "{http_server.url("/stable")}"
[[watch]]
name = "Moved"
url = "{http_server.url("/moved")}"
select = ["main"]
"""
    )
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 1
    assert "example-terms: text differs between two fetches" in out and "Visitors" in out
    assert "moved: select ['main'] matches nothing" in out
    assert "stable:" not in out
    assert "2 problems found" in out


def test_notify_test_sends_through_each_channel(ws, http_server):
    http_server.route("/hook", Reply(status=200, body="ok"))
    ws.write(
        notifiers=f"""
[notifiers.hook]
urls = ["json://127.0.0.1:{http_server.port}/hook"]
[notifiers.dead]
urls = ["json://127.0.0.1:1/nothing-listens-here"]
"""
    )
    rc, out, _ = ws.run("notify-test", "hook")
    assert rc == 0 and "hook[0]: sent" in out
    assert "test message" in json.loads(http_server.requests_to("/hook")[0].body)["title"]
    rc, _, err = ws.run("notify-test")
    assert rc == 1 and "dead[0]: FAILED" in err
    rc, _, err = ws.run("notify-test", "nope")
    assert rc == 2 and "no notifier named 'nope'" in err
