"""`ignore = [...]` on a watch: regular expressions cut from the text before it is compared."""

from __future__ import annotations

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher import config
from watcher.db import VersionRow
from watcher.errors import ConfigError
from watcher.models import Rules
from watcher.normalize import without_ignored

W = '[[watch]]\nname = "Doc"\nurl = "https://example.org/terms"\n'


def load(tmp_path, text):
    path = tmp_path / "watcher.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path, environ={"HOME": "/home/alice"})


def test_ignore_is_read_into_the_rules(tmp_path):
    cfg = load(tmp_path, W + 'ignore = ["Visitors today: \\\\d+", "(?i)build \\\\w+"]\n')
    assert cfg.watches[0].rules.ignore == ("Visitors today: \\d+", "(?i)build \\w+")
    assert load(tmp_path, W).watches[0].rules.ignore == ()


@pytest.mark.parametrize(
    ("value", "key", "message"),
    [
        ('["ok", "(unclosed"]', "watch[0].ignore[1]", 'invalid regular expression "(unclosed"'),
        ('["a*"]', "watch[0].ignore[0]", "matches the empty text"),
        ('"Visitors"', "watch[0].ignore", ""),
        ("[1]", "watch[0].ignore[0]", ""),
    ],
)
def test_ignore_errors_name_the_pattern(tmp_path, value, key, message):
    with pytest.raises(ConfigError) as err:
        load(tmp_path, W + f"ignore = {value}\n")
    assert key in str(err.value) and message in str(err.value)


def test_fingerprint_includes_ignore_only_when_set():
    plain = Rules(select=("main",))
    assert plain.fingerprint("1") == Rules(select=("main",), ignore=()).fingerprint("1")
    assert plain.fingerprint("1") != Rules(select=("main",), ignore=("x",)).fingerprint("1")
    assert Rules(ignore=("x",)).fingerprint("1") != Rules(ignore=("y",)).fingerprint("1")


def test_without_ignored_recanonicalizes():
    rules = Rules(ignore=(r"Visitors today: \d+", r"\(build \w+\)"))
    text = "Terms\n\nVisitors today: 42\n\nBe kind (build a1) always.\n"
    assert without_ignored(text, rules) == "Terms\n\nBe kind always.\n"
    assert without_ignored(text, Rules()) == text


def counter_page(n: int) -> str:
    return page().replace("<p>We do not sell", f"<p>Visitors today: {n}</p><p>We do not sell")


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write(watch_extra='ignore = ["Visitors today: \\\\d+", "We use cookies \\\\w+"]')
    return w


def test_ignored_counter_gives_no_change(ws, http_server):
    http_server.route("/terms", *(Reply(body=counter_page(n)) for n in (1, 2, 3)))
    for _ in range(3):
        assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    assert len(ws.rows(VersionRow)) == 1
    rc, out, _ = ws.run("show", "example-terms")
    assert rc == 0 and "Visitors today" not in out and "We do not sell" in out


def test_real_change_next_to_an_ignored_counter_is_seen(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=counter_page(1)),
        Reply(body=counter_page(2).replace("We do not sell", "We may sell")),
    )
    ws.run("check")
    ws.run("check")
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]


def test_adding_ignore_rebuilds_the_stored_text(ws, http_server):
    ws.write()  # no ignore yet: the counter is part of the text
    http_server.route("/terms", Reply(body=counter_page(1)))
    ws.run("check")
    ws.write(watch_extra='ignore = ["Visitors today: \\\\d+"]')
    http_server.route("/terms", Reply(body=counter_page(7)))
    ws.run("check")
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    assert len(ws.rows(VersionRow)) == 1
