"""`confirm`: a new text becomes a version only once seen on N consecutive checks (A/B pages)."""

from __future__ import annotations

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher import config
from watcher.db import CheckRow, VersionRow, WatchRow
from watcher.errors import ConfigError

A = page()
B = page(We_do_not_sell="We may sell")


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write(watch_extra='remove = [".cookie-banner"]')
    w.config.write_text(w.config.read_text().replace("[schedule]\n", "[schedule]\nconfirm = 2\n"))
    return w


def run(ws, http_server, *bodies):
    http_server.route("/terms", *(Reply(body=b) for b in bodies))
    for _ in bodies:
        assert ws.run("check")[0] == 0
    return [c.outcome for c in ws.rows(CheckRow)]


def test_flip_flop_makes_no_version(ws, http_server):
    outcomes = run(ws, http_server, A, B, A, B, A)
    assert outcomes == ["new_version", "pending", "unchanged", "pending", "unchanged"]
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    assert len(ws.rows(VersionRow)) == 1
    assert ws.rows(WatchRow)[0].pending_text_sha256 is None  # A seen again: no candidate


def test_text_seen_twice_in_a_row_becomes_a_version(ws, http_server):
    outcomes = run(ws, http_server, A, B, B, B)
    assert outcomes == ["new_version", "pending", "new_version", "unchanged"]
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    assert (events[1]["version_from"], events[1]["version_to"]) == (1, 2)
    assert ws.rows(WatchRow)[0].pending_count == 0


def test_a_failed_check_does_not_break_the_run(ws, http_server):
    http_server.route("/terms", Reply(body=A), Reply(body=B), Reply(status=503), Reply(body=B))
    for _ in range(4):
        ws.run("check")
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]


def test_pending_check_keeps_the_versions_validators(ws, http_server):
    def terms(req):
        n = len(http_server.requests_to("/terms"))
        body, tag = (A, '"a"') if n == 1 else (B, '"b"')
        if req.header("If-None-Match") == tag:
            return Reply(status=304, headers={"ETag": tag})
        return Reply(body=body, headers={"ETag": tag})

    http_server.route("/terms", terms)
    for _ in range(3):
        ws.run("check")
    sent = [r.header("If-None-Match") for r in http_server.requests_to("/terms")]
    assert sent == [None, '"a"', '"a"']  # the candidate is read in full, so it can be counted
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "pending", "new_version"]


def test_watch_confirm_overrides_the_schedule(ws, http_server):
    ws.config.write_text(
        ws.config.read_text()
        .replace("confirm = 2\n", "")
        .replace('kind = "terms"', 'kind = "terms"\nconfirm = 3')
    )
    assert run(ws, http_server, A, B, B, B) == ["new_version", "pending", "pending", "new_version"]


def test_first_text_needs_no_confirmation(ws, http_server):
    assert run(ws, http_server, A) == ["new_version"]


W = '[[watch]]\nname = "Doc"\nurl = "https://example.org/terms"\n'


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[schedule]\nconfirm = 0\n", "schedule.confirm"),
        (W + "confirm = 0\n", "watch[0].confirm"),
        (W + 'confirm = "2"\n', "watch[0].confirm"),
    ],
)
def test_confirm_errors(tmp_path, text, key):
    path = tmp_path / "watcher.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path, environ={"HOME": "/home/alice"})
    assert key in str(err.value)


def test_confirm_defaults(tmp_path):
    path = tmp_path / "watcher.toml"
    path.write_text(W, encoding="utf-8")
    cfg = config.load(path, environ={"HOME": "/home/alice"})
    assert cfg.schedule.confirm == 1 and cfg.watches[0].confirm is None
