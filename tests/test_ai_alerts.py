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
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
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


FR_PAGE = """<html lang="fr"><body><main>
<h1>Politique de confidentialité</h1>
<p>Dernière mise à jour : {date}</p>
<h2>1. Vos données</h2>
<p>Nous traitons vos données pour fournir le service et assurer sa sécurité.</p>
{clause}
<h2>2. Vos droits</h2>
<p>Vous pouvez accéder à vos données et les rectifier à tout moment.</p>
</main></body></html>"""
FR_CLAUSE = (
    "<p>Sur le fondement de notre intérêt légitime, vous pouvez vous opposer à l'utilisation "
    "de vos données pour entraîner nos modèles d'IA depuis les paramètres de votre compte.</p>"
)
PT_PAGE = """<html lang="pt"><body><main>
<h1>Política de Privacidade</h1>
<h2>3. Inteligência artificial</h2>
<p>{clause}</p>
<p>Os seus dados são conservados durante o período necessário à prestação do serviço.</p>
</main></body></html>"""


def test_a_french_page_gains_an_objection_clause(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=FR_PAGE.format(date="1 mars 2026", clause="")),
        Reply(body=FR_PAGE.format(date="1 avril 2026", clause=FR_CLAUSE)),
    )
    for _ in range(2):
        assert ws.run("check")[0] == 0
    _first, appeared = ws.events()
    assert appeared["ai_change"] == "appeared"
    [item] = appeared["ai_findings"]
    assert item["after"]["stance"] == "opt_out" and item["after"]["lang"] == "fr"
    assert "vous pouvez vous opposer" in item["after"]["text"]
    assert {c["kind"] for c in item["after"]["cues"]} >= {"training", "ai_term", "condition"}
    [message] = messages(http_server, "/ai")
    assert "entraîner nos modèles d'IA" in message["message"]


def test_a_portuguese_no_training_promise_becomes_a_permission(ws, http_server):
    before = (
        "Não utilizamos os seus dados para treinar os nossos modelos de inteligência artificial."
    )
    after = (
        "Podemos utilizar os seus dados para treinar os nossos modelos de inteligência artificial."
    )
    http_server.route(
        "/terms",
        Reply(body=PT_PAGE.format(clause=before)),
        Reply(body=PT_PAGE.format(clause=after)),
    )
    for _ in range(2):
        assert ws.run("check")[0] == 0
    first, changed = ws.events()
    assert first["ai_change"] == "present"
    assert first["ai_findings"][0]["after"]["stance"] == "not_allowed"
    assert changed["ai_change"] == "changed"
    assert changed["ai_direction"] == "more_permissive"
    assert changed["ai_severity"] == "high"
    [item] = changed["ai_findings"]
    assert (item["before"]["stance"], item["after"]["stance"]) == ("not_allowed", "allowed")
    assert item["after"]["lang"] == "pt"
    ai = messages(http_server, "/ai")
    assert len(ai) == 2 and ai[1]["title"].startswith("[HIGH]")
