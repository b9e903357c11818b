"""End to end: a page gains an AI-training clause, then loosens it; an `on = ["ai"]`
notifier hears of exactly those changes, with the clause in the message."""

from __future__ import annotations

import json

import pytest
from httpserver import Reply
from test_pipeline import Workspace

BASE = """<html><body><nav>Home</nav><main>
<h1>Example Terms of Service</h1>
<p>Last updated: {date}</p>
<h2>{n}. Your content</h2>
<p>You keep ownership of the content you upload to the service.</p>
{clause}
<h2>{m}. Payments</h2>
<p>Fees are billed monthly in advance.</p>
</main></body></html>"""

NO_TRAIN = "<p>We will not use your content to train our artificial intelligence models.</p>"
TRAIN = "<p>We may use your content to train our artificial intelligence models.</p>"


def page(clause="", date="1 March 2026", n=1, m=2, extra="") -> str:
    return BASE.format(clause=clause + extra, date=date, n=n, m=m)


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys)
    http_server.route("/ai", Reply(status=200, body="ok"))
    http_server.route("/all", Reply(status=200, body="ok"))
    w.write(
        notifiers=f"""
[notifiers.ai]
urls = ["json://127.0.0.1:{http_server.port}/ai"]
on = ["ai"]
[notifiers.all]
urls = ["json://127.0.0.1:{http_server.port}/all"]
on = ["change"]
"""
    )
    return w


def messages(server, path):
    return [json.loads(r.body) for r in server.requests_to(path)]


def test_clause_appears_then_loosens(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=page()),
        Reply(body=page(NO_TRAIN, date="1 April 2026")),
        Reply(body=page(TRAIN, date="1 May 2026")),
    )
    for _ in range(3):
        assert ws.run("check")[0] == 0
    first, appeared, loosened = ws.events()
    assert first["kind"] == "first_seen" and first["ai_change"] is None

    assert appeared["ai_change"] == "appeared"
    [item] = appeared["ai_findings"]
    assert item["after"]["stance"] == "not_allowed"
    assert "will not use your content" in item["after"]["text"]
    assert {c["kind"] for c in item["after"]["cues"]} >= {"ai_term", "training", "negation"}

    assert loosened["ai_change"] == "changed"
    assert loosened["ai_direction"] == "more_permissive"
    assert loosened["ai_severity"] == "high"
    [item] = loosened["ai_findings"]
    assert (item["before"]["stance"], item["after"]["stance"]) == ("not_allowed", "allowed")

    ai = messages(http_server, "/ai")
    assert len(ai) == 2  # the first_seen had no AI language: the ai notifier stayed quiet
    assert "AI-training terms added" in ai[0]["title"]
    assert "will not use your content to train" in ai[0]["message"]
    assert ai[1]["title"].startswith("[HIGH]")
    assert "may train AI on your data" in ai[1]["title"]
    assert "was: does not train AI on your data" in ai[1]["title"]
    assert "[-will not-]" in ai[1]["message"] and "{+may+}" in ai[1]["message"]
    assert len(messages(http_server, "/all")) == 3


def test_first_seen_with_a_clause_is_present(ws, http_server):
    http_server.route("/terms", Reply(body=page(TRAIN)))
    ws.run("check")
    [event] = ws.events()
    assert event["ai_change"] == "present"
    assert event["ai_findings"][0]["after"]["stance"] == "allowed"
    assert len(messages(http_server, "/ai")) == 1


@pytest.mark.parametrize(
    "minor",
    [
        page(NO_TRAIN, date="2 March 2026"),  # date only
        page(NO_TRAIN, n=4, m=5),  # renumbering
        page(NO_TRAIN.replace("will not", "will  not").replace("content", "Content")),  # case
    ],
    ids=["date", "renumbering", "cosmetic"],
)
def test_minor_changes_are_stored_quietly(ws, http_server, minor):
    http_server.route("/terms", Reply(body=page(NO_TRAIN)), Reply(body=minor))
    ws.run("check")
    ws.run("check")
    _first, changed = ws.events()
    assert changed["kind"] == "changed" and changed["substantive"] is False
    assert changed["ai_change"] is None
    assert len(messages(http_server, "/all")) == 1  # only the first_seen
    assert len(messages(http_server, "/ai")) == 1  # the first_seen had the clause


def test_silent_edit_is_flagged(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=page()),
        Reply(body=page(extra="<p>We may suspend accounts that break these terms.</p>")),
    )
    ws.run("check")
    ws.run("check")
    changed = ws.events()[1]
    assert changed["silent_edit"] is True and changed["effective_after"] == "2026-03-01"
    assert "silent edit" in messages(http_server, "/all")[1]["message"]
