"""What the commands print, as a user reads it: pipes, grammar, reports, renderers."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import Reply
from pdfdoc import make_pdf
from sqlalchemy import insert, select
from test_pipeline import Workspace, page

from watcher import db
from watcher.cli import main
from watcher.cli.browse import event_json
from watcher.cli.words import plural
from watcher.db import EventRow
from watcher.store import Store
from watcher.store.views import EVENT_BATCH

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys)
    w.write()
    return w


def test_a_closed_pipe_ends_quietly_with_status_0(ws, http_server):
    http_server.route("/terms", Reply(body=page()))
    assert ws.run("check")[0] == 0
    engine = db.create(ws.db_url)
    try:
        with engine.begin() as conn:
            row = dict(
                watch_id="example-terms",
                kind="changed",
                at=datetime(2026, 1, 1, tzinfo=UTC),
                url=http_server.url("/terms"),
                version_from=1,
                version_to=2,
                summary="a change " + "x" * 200,
                details={},
            )
            conn.execute(insert(EventRow), [row] * 3000)  # far more than a pipe's buffer
    finally:
        engine.dispose()
    for argv in (["events", "--json"], ["events"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "watcher", "--config", str(ws.config), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ws.dir,
        )
        assert proc.stdout.read(100)
        proc.stdout.close()  # `| head -c 100`
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
        assert err == b""


@pytest.mark.parametrize(
    "count, noun, expected",
    [(0, "watch", "0 watches"), (1, "watch", "1 watch"), (2, "notifier", "2 notifiers")],
)
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


def test_messages_in_plain_grammar(ws, http_server):
    rc, out, _ = ws.run("validate")
    assert rc == 0 and "OK — 1 watch, 0 notifiers" in out
    rc, _, err = ws.run("diff", "example-terms")
    assert rc == 1 and "has no version yet" in err and "any" not in err
    http_server.route("/terms", Reply(body=page()))
    ws.run("check")
    rc, out, _ = ws.run("history", "example-terms")
    assert rc == 0 and " bytes " in out


def test_rebuild_reports_what_it_re_derived(ws, http_server):
    http_server.route("/terms", Reply(body=page(build="a")), Reply(body=page(build="b")))
    ws.run("check")
    ws.run("check")
    rc, out, _ = ws.run("rebuild")
    assert rc == 0
    assert out == "example-terms: its rules have not changed; nothing to re-derive\n"

    ws.write(watch_extra='remove = [".cookie-banner"]')
    rc, out, err = ws.run("-v", "rebuild")
    assert rc == 0
    assert (
        out == "example-terms: 2 versions re-derived under its new rules, 2 version texts changed\n"
    )
    assert "INFO watcher.cli.wiring: example-terms: 2 versions re-derived under its new" in err
    rc, out, _ = ws.run("rebuild", "--all")
    assert out == "example-terms: 2 versions re-derived under its rules, 0 version texts changed\n"

    # Any command that opens the pipeline re-derives first, and logs it.
    ws.write(watch_extra='remove = [".cookie-banner", "footer"]')
    rc, _, err = ws.run("-v", "check")
    assert rc == 0 and "example-terms: 2 versions re-derived under its new rules" in err


def test_validate_warns_when_nobody_will_be_told(ws):
    rc, out, _ = ws.run("validate")
    assert rc == 0
    assert "warning: nobody will be told of changes: add a [notifiers.NAME]" in out


def test_validate_checks_notifier_urls_with_apprise(ws):
    ws.write(
        notifiers='[notifiers.team]\nurls = ["json://127.0.0.1:9/hook", "slack://only-one-token"]\n'
    )
    rc, out, _ = ws.run("validate")
    assert rc == 1
    assert "OK" not in out and "nobody will be told" not in out
    bad = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(bad) == 1 and "notifier team: slack://" in bad[0] and "Apprise" in bad[0]
    assert "1 problem found" in out


def test_validate_checks_the_database_driver_is_installed(ws, monkeypatch):
    pytest.importorskip("sqlalchemy.dialects.postgresql.psycopg")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    ws.db_url = "postgresql+psycopg://watcher:s3cret@127.0.0.1:9/watcher"
    ws.write()
    rc, out, _ = ws.run("validate")
    assert rc == 1
    line = next(x for x in out.splitlines() if x.startswith("error: [storage]"))
    assert "psycopg" in line and "install the postgres extra: pip install '" in line
    assert "[postgres]'" in line and "s3cret" not in out


def test_a_page_written_by_javascript_suggests_the_browser(ws, http_server):
    app = '<html><body><div id="root"></div><script src="/app.js"></script></body></html>'
    http_server.route("/terms", Reply(body=app))
    _, out, _ = ws.run("check")
    assert 'the page has no text; try render = "browser"' in out
    http_server.route("/terms", Reply(body="<html><body><div></div></body></html>"))
    _, out, _ = ws.run("check")
    assert "the page has no text" in out and "render" not in out


AI_PAGE = """<html><body><main><h1>Example Terms</h1>
<p>You keep ownership of the content you upload to the service.</p>
{clause}
<p>Fees are billed monthly in advance{fees}.</p>
</main></body></html>"""
TRAIN = "<p>We may use your content to train our artificial intelligence models.</p>"


@pytest.mark.parametrize("fees, other", [("", False), (" by card", True)])
def test_the_ai_alert_shows_its_clause_once(ws, http_server, fees, other):
    http_server.route("/hook", Reply(status=200, body="ok"))
    ws.write(notifiers=f'[notifiers.hook]\nurls = ["json://127.0.0.1:{http_server.port}/hook"]\n')
    http_server.route(
        "/terms",
        Reply(body=AI_PAGE.format(clause="", fees="")),
        Reply(body=AI_PAGE.format(clause=TRAIN, fees=fees)),
    )
    ws.run("check")
    ws.run("check")
    _first, alert = (json.loads(r.body) for r in http_server.requests_to("/hook"))
    message = alert["message"]
    assert message.count("train our artificial intelligence models") == 1, message
    assert ("Other changes" in message) is other, message
    assert ("by card" in message) is other


def test_diff_as_html_is_html_only(ws, http_server):
    http_server.route("/terms", Reply(body=page()), Reply(body=page(We_do_not_sell="We may sell")))
    ws.run("check")
    _, out, _ = ws.run("diff", "example-terms", "--format", "html")
    assert out == "<p>example-terms: version 1 is the first; nothing to compare it with</p>\n"
    ws.run("check")
    rc, out, _ = ws.run("diff", "example-terms", "--format", "html")
    assert rc == 0 and out.startswith("<p>example-terms: version 1 → 2: ")
    assert "<ins" in out and out.endswith("</div>\n")
    assert all(line.startswith("<") for line in out.splitlines()), out


CLAUSE = "We may use your content to train our artificial intelligence models, café’s too."
READ = CLAUSE.replace("’", "'")  # as normalized


def _scan(path, capsys) -> str:
    capsys.readouterr()
    assert main(["scan", str(path)], environ={}) == 0
    return capsys.readouterr().out


def test_scan_reads_utf16_with_a_bom(tmp_path, capsys):
    page = tmp_path / "terms.html"
    page.write_bytes(f"<html><body><p>{CLAUSE}</p></body></html>".encode("utf-16"))
    assert READ in _scan(page, capsys)


def test_scan_reads_a_meta_charset(tmp_path, capsys):
    page = tmp_path / "terms.htm"
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{CLAUSE}</p></body></html>'
    page.write_bytes(html.encode("windows-1252"))
    assert READ in _scan(page, capsys)


def test_scan_reads_a_pdf_by_its_content_not_its_name(tmp_path, capsys):
    page = tmp_path / "terms.html"
    page.write_bytes(make_pdf([["Terms of Service", READ]]))
    assert READ in _scan(page, capsys)


AI_CLAUSES = (
    "<p>We may use the content you share with us to train and improve our artificial "
    "intelligence models; you can opt out of this use in your settings.</p>"
    "<p>Nous pouvons utiliser vos contenus pour entraîner nos modèles d'intelligence "
    "artificielle, sauf si vous vous y opposez.</p>"
)


def _first_seen_with_findings(ws, http_server) -> None:
    """One real first_seen event, with AI-training findings in its details."""
    body = page(**{"We do not sell": AI_CLAUSES + "<p>We do not sell"})
    http_server.route("/terms", Reply(body=body))
    assert ws.run("check")[0] == 0


def _copies_of_the_first_event(ws, copies: int) -> None:
    engine = db.create(ws.db_url)
    try:
        with engine.begin() as conn:
            row = conn.execute(select(EventRow).order_by(EventRow.id)).mappings().first()
            assert row["ai_change"] == "present" and row["details"]["ai_findings"]
            copy = {k: v for k, v in row.items() if k != "id"}
            conn.execute(insert(EventRow), [copy] * copies)
    finally:
        engine.dispose()


def test_events_json_prints_one_indented_array_exactly(ws, http_server):
    assert ws.run("events", "--json")[1] == "[]\n"
    _first_seen_with_findings(ws, http_server)
    _copies_of_the_first_event(ws, 2)
    engine = db.create(ws.db_url)
    try:
        found = [event_json(e) for e in Store(engine).events()]
    finally:
        engine.dispose()
    rc, out, _ = ws.run("events", "--json")
    assert rc == 0 and len(found) == 3 and "entraîner" in out
    assert out == json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def _peak_of_events_json(ws) -> int:
    """Peak memory Python allocated while `events --json` printed to /dev/null, bytes."""
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        tracemalloc.start()
        try:
            assert main(["--config", str(ws.config), "events", "--json"], environ={}) == 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_events_json_prints_in_the_memory_of_one_batch(ws, http_server):
    # Events are written as they are read: five times as many take no more memory (built
    # whole first, the list and its JSON took five times as much).
    _first_seen_with_findings(ws, http_server)
    _copies_of_the_first_event(ws, EVENT_BATCH * 2)
    small = _peak_of_events_json(ws)
    _copies_of_the_first_event(ws, EVENT_BATCH * 8)
    large = _peak_of_events_json(ws)
    assert large < 1.5 * small, (small, large)
