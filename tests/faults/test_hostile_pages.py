"""Hostile pages: whatever one page does, its check ends as a record and the pass goes on.

Each page is served by a real HTTP server on 127.0.0.1 and checked through the real command
line beside an ordinary watch, which must still be checked and notified.
"""

from __future__ import annotations

import json

from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import CheckRow, VersionRow

CLAUSE = "We may use your content to train our artificial intelligence models."


def _two_watches(ws: Workspace, server, hostile: str, extra: str = "", schedule: str = "") -> None:
    """/terms is the hostile page; /other an ordinary one whose events reach /hook."""
    server.route("/terms", Reply(body=hostile))
    server.route("/other", Reply(body=page()))
    server.route("/hook", Reply(status=200, body="ok", content_type="text/plain"))
    ws.write(
        notifiers=f"""
[notifiers.legal]
urls = ["json://127.0.0.1:{server.port}/hook"]
on = ["change", "error"]
""",
        notify='notify = ["legal"]',
        watch_extra=f"""{extra}
[[watch]]
name = "Other"
url = "{server.url("/other")}"
notify = ["legal"]
""",
    )
    if schedule:
        text = ws.config.read_text().replace("[schedule]\n", f"[schedule]\n{schedule}\n", 1)
        ws.config.write_text(text)


def _checks(ws: Workspace) -> dict[str, tuple[str, str | None, str | None]]:
    return {c.watch_id: (c.outcome, c.error_kind, c.error) for c in ws.rows(CheckRow)}


def _other_was_told(server) -> bool:
    posts = [json.loads(r.body) for r in server.requests_to("/hook")]
    return any("Other" in p["title"] for p in posts)


def test_a_control_character_beside_a_removed_element_is_read(
    database_url, tmp_path, http_server, capsys
):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    hostile = (
        "<html><body><main><h1>Terms</h1><p>Intro.</p><div class='promo'>Buy</div>"
        f"\x01\x0b tail text\x02<p>{CLAUSE}</p></main></body></html>"
    )
    _two_watches(ws, http_server, hostile, extra='remove = [".promo"]')
    rc, _out, _ = ws.run("check")
    assert rc == 0
    checks = _checks(ws)
    assert checks["example-terms"][0] == "new_version"
    assert checks["other"][0] == "new_version" and _other_was_told(http_server)
    first = next(e for e in ws.events() if e["watch"] == "example-terms")
    assert first["ai_change"] == "present"  # the clause after the control characters


def test_three_hundred_unclosed_font_tags_hide_nothing(database_url, tmp_path, http_server, capsys):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    hostile = "<html><body><h1>Terms</h1>" + "<font>" * 300 + f"<p>{CLAUSE}</p></body></html>"
    _two_watches(ws, http_server, hostile)
    assert ws.run("check")[0] == 0
    first = next(e for e in ws.events() if e["watch"] == "example-terms")
    assert first["ai_change"] == "present"


def test_nesting_past_what_the_parser_reads_is_a_parse_failure_not_a_short_text(
    database_url, tmp_path, http_server, capsys
):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    hostile = "<html><body><p>Intro.</p>" + "<div>" * 3000 + f"<p>{CLAUSE}</p></body></html>"
    _two_watches(ws, http_server, hostile)
    rc, _out, _ = ws.run("check")
    assert rc == 0
    outcome, kind, error = _checks(ws)["example-terms"]
    assert (outcome, kind) == ("error", "parse") and "deeper than 2048" in error
    assert [v.watch_id for v in ws.rows(VersionRow)] == ["other"]  # no truncated version
    assert _other_was_told(http_server)


def test_a_page_over_its_time_budget_is_too_slow_and_the_pass_goes_on(
    database_url, tmp_path, http_server, capsys
):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    # 20,000 distinct AI clauses: the detector reads them for several seconds, far past a
    # 0.5 s budget, while the ordinary page takes milliseconds. In a worker process, which is
    # killed when its call overruns (a thread could not be stopped, and would slow the rest).
    hostile = (
        "<html><body>"
        + "".join(
            f"<p>Clause {i}: we may use your content number {i} to train our AI models.</p>\n"
            for i in range(20_000)
        )
        + "</body></html>"
    )
    _two_watches(ws, http_server, hostile, schedule='page_time_limit = "500ms"\nworkers = 1')
    rc, _out, err = ws.run("check")
    assert rc == 0 and "overran a 0.5 s budget; it is replaced" in err
    checks = _checks(ws)
    assert checks["example-terms"][:2] == ("error", "too_slow")
    assert "page_time_limit" in checks["example-terms"][2]
    assert [v.watch_id for v in ws.rows(VersionRow)] == ["other"]
    assert _other_was_told(http_server)


def test_a_fault_of_watchers_own_is_an_internal_failure_of_that_watch_only(
    database_url, tmp_path, http_server, capsys, monkeypatch
):
    # No page is known to break the reader any more: a bug is injected into it, for one URL.
    from watcher.pipeline import analyse

    real_read = analyse.read

    def buggy_read(result, rules, first=False):
        if result.url.endswith("/terms"):
            raise KeyError("a bug")
        return real_read(result, rules, first)

    monkeypatch.setattr(analyse, "read", buggy_read)
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    _two_watches(ws, http_server, page(), schedule="workers = 0")
    rc, _out, err = ws.run("check")
    assert rc == 0
    outcome, kind, error = _checks(ws)["example-terms"]
    assert (outcome, kind) == ("error", "internal") and "KeyError" in error
    assert _other_was_told(http_server)
    # Logged at ERROR with its traceback, once.
    assert err.count("internal error while trying to read") == 1 and err.count("Traceback") == 1


def test_a_media_type_longer_than_any_real_one_is_stored_as_any_other(
    database_url, tmp_path, http_server, capsys
):
    # RFC 6838 caps a type and a subtype at 127 characters each; a server need not care,
    # and a column sized for real media types must not lose the check (PostgreSQL enforces
    # the sizes of VARCHAR columns, SQLite does not).
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    _two_watches(ws, http_server, "")
    odd = "text/x-" + "terms" * 100
    http_server.route("/terms", Reply(body=f"<main><p>{CLAUSE}</p></main>", content_type=odd))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "not recorded" not in out
    assert _checks(ws)["example-terms"][:2] == ("new_version", None)
    assert [v.number for v in ws.rows(VersionRow) if v.watch_id == "example-terms"] == [1]
    assert _other_was_told(http_server)
