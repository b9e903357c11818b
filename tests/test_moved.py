"""A document that moved (a permanent redirect, another final URL) is said once as `moved`,
through the real CLI against a real HTTP server; it is never mistaken for a change of text."""

from __future__ import annotations

import json

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import VersionRow, WatchRow

NEW_TEXT = page().replace(
    "We do not sell your personal data.",
    "We do not sell your personal data. We share it with our advertising partners.",
)


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    return w


def moved_to(http_server, body: str) -> None:
    """/terms first serves the page itself, then redirects (301) to /legal/terms."""
    http_server.route(
        "/terms", Reply(body=page()), Reply(status=301, headers={"Location": "/legal/terms"})
    )
    http_server.route("/legal/terms", Reply(body=body))


def test_a_permanent_redirect_with_the_same_text_is_moved_once_and_not_changed(ws, http_server):
    moved_to(http_server, page())
    for _ in range(3):
        assert ws.run("check")[0] == 0
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "moved"]
    moved = events[1]
    old, new = http_server.url("/terms"), http_server.url("/legal/terms")
    assert moved["summary"] == f"now served from {new} (was {old})"
    assert moved["ai_change"] is None
    assert len(ws.rows(VersionRow)) == 1  # the text did not change
    (row,) = ws.rows(WatchRow)
    assert row.final_url == new
    assert len(http_server.requests_to("/legal/terms")) == 2


def test_a_move_with_a_new_text_is_both_moved_and_changed(ws, http_server):
    moved_to(http_server, NEW_TEXT)
    for _ in range(3):
        assert ws.run("check")[0] == 0
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "moved", "changed"]
    assert (events[2]["version_from"], events[2]["version_to"]) == (1, 2)
    assert len(ws.rows(VersionRow)) == 2


def test_the_first_check_only_records_the_final_url(ws, http_server):
    http_server.route("/terms", Reply(status=301, headers={"Location": "/legal/terms"}))
    http_server.route("/legal/terms", Reply(body=page()))
    for _ in range(2):
        assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    (row,) = ws.rows(WatchRow)
    assert row.final_url == http_server.url("/legal/terms")


def test_a_url_changed_in_the_configuration_is_not_a_move(ws, http_server):
    http_server.route("/terms", Reply(body=page()))
    http_server.route("/other", Reply(body=page()))
    assert ws.run("check")[0] == 0
    ws.config.write_text(ws.config.read_text().replace("/terms", "/other"))
    assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]


def test_moved_reaches_change_and_error_notifiers_only(ws, http_server):
    for path in ("/hook-change", "/hook-error", "/hook-ai"):
        http_server.route(path, Reply(status=200, body="ok", content_type="text/plain"))
    hook = f"json://127.0.0.1:{http_server.port}"
    ws.write(
        notifiers=f"""
[notifiers.change]
urls = ["{hook}/hook-change"]
on = ["change"]
[notifiers.error]
urls = ["{hook}/hook-error"]
on = ["error"]
[notifiers.ai]
urls = ["{hook}/hook-ai"]
on = ["ai"]
""",
        notify='notify = ["change", "error", "ai"]',
    )
    moved_to(http_server, page())
    for _ in range(2):
        assert ws.run("check")[0] == 0
    posts = {
        path: [json.loads(r.body) for r in http_server.requests_to(path)]
        for path in ("/hook-change", "/hook-error", "/hook-ai")
    }
    assert posts["/hook-ai"] == []
    assert [p["title"] for p in posts["/hook-error"]] == ["Example Terms moved"]
    change_titles = [p["title"] for p in posts["/hook-change"]]
    assert change_titles == ["Example Terms now watched", "Example Terms moved"]
    assert http_server.url("/legal/terms") in posts["/hook-error"][0]["message"]
