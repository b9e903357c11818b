"""Pages whose bytes change only in scripts, styles and comments: compared, not read."""

from __future__ import annotations

import pytest
from httpserver import Reply
from sqlalchemy import update
from test_pipeline import Workspace

from watcher import db
from watcher.blobs import sha256
from watcher.db import BodyBlob, CheckRow, VersionRow, WatchRow
from watcher.models import Rules
from watcher.models.config import Range
from watcher.normalize import markup, normalize
from watcher.pipeline import analyse

PAGE = """<!doctype html><html><head><title>Terms</title>
<script nonce="{n}">window.__build = "{n}";</script>
<style>.x{{--build:"{n}"}}</style><!-- rendered {n} -->
</head><body><main><h1>Terms of Service</h1><!-- cache {n} -->
<p>We may use your content to train our models.</p>{extra}
<script type="application/json" id="data">{{"nonce": "{n}", "html": "<p>not text</p>"}}</script>
</main></body></html>"""


def page(n: str = "a1", extra: str = "") -> bytes:
    return PAGE.format(n=n, extra=extra).encode()


SAME = {
    "script, style and comment nonces": page("b2"),
    "script attributes": page().replace(b'<script nonce="a1">', b'<script async nonce="zz">'),
    "letter case of a tag": page().replace(b"<script nonce", b"<SCRIPT nonce"),
}
DIFFERENT = {
    "a word": page().replace(b"train our", b"train and improve our"),
    "a paragraph": page(extra="<p>Opt out in your settings.</p>"),
    "a script more": page(extra="<script>1</script>"),
    "the title": page().replace(b"<title>Terms", b"<title>Terms 2026"),
    "textarea text, however it looks": None,  # built below
    "after <plaintext>": None,
}


def both(name: str) -> tuple[bytes, bytes]:
    if name == "textarea text, however it looks":
        return (
            page(extra="<textarea><script>a</script></textarea>"),
            page("b2", extra="<textarea><script>b</script></textarea>"),
        )
    if name == "after <plaintext>":
        return page(extra="<plaintext>a"), page("b2", extra="<plaintext>a")
    return page(), DIFFERENT.get(name) or SAME[name]


def text(body: bytes) -> str:
    return normalize(body.decode(), "text/html", Rules()).text


@pytest.mark.parametrize("name", SAME)
def test_same_text_when_only_hidden_bytes_differ(name):
    old, new = both(name)
    assert old != new and markup.same_text(old, new)
    assert text(old) == text(new)  # what the shortcut stands for


@pytest.mark.parametrize("name", DIFFERENT)
def test_read_when_anything_else_differs(name):
    old, new = both(name)
    assert not markup.same_text(old, new)


@pytest.mark.parametrize(
    "rules, content_type, decides",
    [
        (Rules(), "text/html", True),
        (Rules(remove=(".cookie-banner", "nav")), "text/html", True),
        (Rules(), "application/xhtml+xml", True),
        (Rules(), "text/plain", False),  # "<script>" in plain text is words
        (Rules(select=("main",)), "text/html", False),  # a selected script is read
        (Rules(remove=("script + p",)), "text/html", False),
        (Rules(remove=("p:empty",)), "text/html", False),
        (Rules(remove=(Range("h1", "style"),)), "text/html", False),
        (Rules(parts=(Rules(),)), "text/html", False),
    ],
)
def test_only_rules_that_cannot_reach_scripts_let_it_decide(rules, content_type, decides):
    assert markup.decides(rules, content_type) is decides


# --- in a check ----------------------------------------------------------------------------


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    return Workspace(tmp_path, http_server, capsys, database_url)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The pages read into text (the analyse.read calls of this process)."""
    calls: list[str] = []
    real = analyse.read

    def counted(result, rules, first=False):
        calls.append(result.url)
        return real(result, rules, first)

    monkeypatch.setattr(analyse, "read", counted)
    return calls


def test_new_nonces_leave_the_page_unread_and_unchanged(ws, http_server, reads):
    ws.write(watch_extra='remove = [".cookie-banner"]')
    changed = page("c3", extra="<p>Opt out in your settings.</p>")
    http_server.route("/terms", Reply(body=page()), Reply(body=page("b2")), Reply(body=changed))
    assert ws.run("check")[0] == 0
    assert ws.run("check")[0] == 0
    assert len(reads) == 1  # the first version only
    # The new bytes are known to hold that text: the same bytes again are not even compared.
    [watch] = ws.rows(WatchRow)
    assert watch.last_body_sha256 == sha256(page("b2"))
    assert ws.run("check")[0] == 0
    assert len(reads) == 2  # a new paragraph: read, and a new version
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "unchanged", "new_version"]
    assert len(ws.rows(VersionRow)) == 2
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]


def test_with_select_rules_the_page_is_read(ws, http_server, reads):
    ws.write(watch_extra='select = ["main"]')
    http_server.route("/terms", Reply(body=page()), Reply(body=page("b2")))
    assert ws.run("check")[0] == 0
    assert ws.run("check")[0] == 0
    assert len(reads) == 2
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "unchanged"]


def test_a_stored_body_that_cannot_be_read_means_the_page_is_read(ws, http_server, reads):
    ws.write()
    http_server.route("/terms", Reply(body=page()), Reply(body=page("b2")))
    assert ws.run("check")[0] == 0
    engine = db.create(ws.db_url)
    try:
        with engine.begin() as c:  # damaged on disk: not a compressed body any more
            c.execute(update(BodyBlob).values(data=b"\x00 not a body"))
    finally:
        engine.dispose()
    assert ws.run("check")[0] == 0
    assert len(reads) == 2  # the shortcut failed: the page was read instead
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "unchanged"]
