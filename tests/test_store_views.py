"""The store's read-only views: every watch at a glance, and a version's findings."""

from __future__ import annotations

import pytest
from httpserver import Reply
from test_pipeline import Workspace

from watcher import db
from watcher.errors import NotFound
from watcher.models import Stance, Topic
from watcher.store import Store

AI = "<p>We may use your content to train our artificial intelligence models.</p>"
NO_AI = "<p>We do not use your content to train our artificial intelligence models.</p>"


def page(clause: str) -> str:
    return f"<html><body><main><h1>Terms</h1><p>Fees are monthly.</p>{clause}</main></body></html>"


def test_overview_and_findings_after_real_checks(database_url, tmp_path, http_server, capsys):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    ws.write(
        watch_extra=f"""
[[watch]]
name = "Broken"
url = "{http_server.url("/broken")}"
"""
    )
    http_server.route("/terms", Reply(body=page(NO_AI)), Reply(body=page(AI)))
    http_server.route("/broken", Reply(status=503))
    ws.run("check")
    ws.run("check")
    engine = db.create(ws.db_url)
    try:
        store = Store(engine)
        seen = {w.id: w for w in store.overview()}
        terms, broken = seen["example-terms"], seen["broken"]
        assert (terms.latest_version, terms.last_outcome, terms.failures) == (2, "new_version", 0)
        assert [(f.topic, f.stance) for f in terms.findings] == [
            (Topic.USER_DATA_TRAINING, Stance.ALLOWED)
        ]
        assert (broken.latest_version, broken.last_outcome) == (None, "error")
        assert (broken.last_error_kind, broken.failures) == ("http_status", 2)
        assert broken.findings is None and broken.changed_at is None
        # Each version keeps its own findings.
        [before] = store.findings("example-terms", 1)
        assert before.stance is Stance.NOT_ALLOWED and "do not use" in before.text
        assert store.findings("example-terms") == terms.findings
        with pytest.raises(NotFound):
            store.findings("example-terms", 9)
    finally:
        engine.dispose()
