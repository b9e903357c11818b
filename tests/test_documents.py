"""PDF documents, combined documents and Accept-Language, end to end: the real HTTP server,
the real `watcher` CLI and a real SQLite file."""

from __future__ import annotations

import pytest
import test_pipeline
from httpserver import Reply
from pdfdoc import make_pdf

from watcher.db import BodyBlob, CheckRow, VersionRow

PDF = "application/pdf"


class Workspace(test_pipeline.Workspace):
    """The end-to-end workspace, with one watch called "Doc" configured by the test."""

    def write(self, watch: str) -> None:
        self.config.write_text(
            f'[storage]\nurl = "{self.db_url}"\n[fetch]\ntimeout = "2s"\nretries = 0\n'
            f'[[watch]]\nname = "Doc"\nkind = "terms"\n{watch}\n'
        )

    def show(self) -> str:
        rc, out, _ = self.run("show", "Doc")
        assert rc == 0
        return out


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    return Workspace(tmp_path, http_server, capsys)


TERMS = ["Example Terms of Service", "", "1. Your content", "", "We do not sell your data."]


# --- PDF ----------------------------------------------------------------------------


def test_pdf_first_seen_then_changed(ws, http_server):
    changed = [*TERMS[:-1], "We may use your content to train our models."]
    http_server.route(
        "/terms.pdf",
        Reply(body=make_pdf([TERMS]), content_type=PDF),
        Reply(body=make_pdf([changed]), content_type=PDF),
    )
    ws.write(f'url = "{http_server.url("/terms.pdf")}"')
    rc, out, _ = ws.run("check")
    assert rc == 0 and "first_seen" in out
    assert "1. Your content\n\nWe do not sell your data." in ws.show()
    rc, out, _ = ws.run("check")
    assert rc == 0 and "changed" in out
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    rc, out, _ = ws.run("diff", "Doc")
    assert rc == 0 and "train our models" in out
    assert [b.content_type for b in ws.rows(BodyBlob)] == [PDF, PDF]  # raw bytes kept


def test_pdf_rebuild_rederives_from_stored_bytes(ws, http_server):
    http_server.route("/terms.pdf", Reply(body=make_pdf([TERMS]), content_type=PDF))
    ws.write(f'url = "{http_server.url("/terms.pdf")}"')
    assert ws.run("check")[0] == 0
    rc, out, _ = ws.run("rebuild", "--all")
    assert rc == 0 and "0 version texts changed" in out


def test_broken_pdf_is_a_check_error_without_version(ws, http_server):
    http_server.route("/terms.pdf", Reply(body=b"%PDF-1.7\n\0 truncated", content_type=PDF))
    ws.write(f'url = "{http_server.url("/terms.pdf")}"')
    rc, out, _ = ws.run("check")
    assert rc == 0 and "error" in out and "PDF" in out
    checks = ws.rows(CheckRow)
    assert [(c.outcome, c.error_kind, c.version_id) for c in checks] == [("error", "parse", None)]
    assert ws.rows(VersionRow) == []


# --- combined documents ---------------------------------------------------------------


def combined(http_server) -> str:
    return f'urls = ["{http_server.url("/terms")}", "{http_server.url("/ai.pdf")}"]'


def test_combined_document_joins_parts_and_detects_a_change_in_the_second(ws, http_server):
    http_server.route("/terms", Reply(body="<main><h1>Terms</h1><p>Be kind.</p></main>"))
    http_server.route(
        "/ai.pdf",
        Reply(body=make_pdf([["AI policy", "", "We never train on your data."]]), content_type=PDF),
        Reply(body=make_pdf([["AI policy", "", "We train on your data."]]), content_type=PDF),
    )
    ws.write(combined(http_server))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "first_seen" in out
    assert "# Terms\n\nBe kind.\n\nAI policy\n\nWe never train on your data." in ws.show()
    first = ws.events()[0]
    assert first["url"] == http_server.url("/terms")  # the event contract's url: the first part

    rc, out, _ = ws.run("check")
    assert rc == 0 and "changed" in out
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]
    # Parts are always fetched afresh: no conditional GET for a combined document.
    assert all(r.header("If-None-Match") is None for r in http_server.requests)
    # The stored raw body (an envelope of both parts) re-derives the same texts.
    kinds = {b.content_type for b in ws.rows(BodyBlob)}
    assert kinds == {"application/x-watcher-combined+json"}
    rc, out, _ = ws.run("rebuild", "--all")
    assert rc == 0 and "0 version texts changed" in out


def test_combined_document_fails_when_a_part_fails(ws, http_server):
    http_server.route("/terms", Reply(body="<p>Be kind.</p>"))
    http_server.route(
        "/ai.pdf", Reply(body=make_pdf([["AI policy."]]), content_type=PDF), Reply(status=503)
    )
    ws.write(combined(http_server))
    assert ws.run("check")[0] == 0
    rc, out, _ = ws.run("check")
    assert rc == 0 and "error" in out and "/ai.pdf" in out
    checks = ws.rows(CheckRow)
    assert [(c.outcome, c.error_kind) for c in checks] == [
        ("new_version", None),
        ("error", "http_status"),
    ]
    assert checks[1].version_id is None and len(ws.rows(VersionRow)) == 1


def test_combined_document_part_without_text_is_an_error(ws, http_server):
    http_server.route("/terms", Reply(body="<p>Be kind.</p>"))
    http_server.route("/ai.pdf", Reply(body="<main></main>"))
    ws.write(combined(http_server))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "error" in out and "/ai.pdf" in out
    assert ws.rows(VersionRow) == []


# --- Accept-Language ------------------------------------------------------------------


def test_accept_language_is_sent_to_every_part(ws, http_server):
    http_server.route("/terms", Reply(body="<p>Conditions.</p>"))
    http_server.route("/ai.pdf", Reply(body="<p>IA.</p>"))
    ws.write(combined(http_server) + '\naccept_language = "fr-FR,fr;q=0.9"')
    assert ws.run("check")[0] == 0
    assert [r.header("Accept-Language") for r in http_server.requests] == ["fr-FR,fr;q=0.9"] * 2


def test_accept_language_absent_by_default(ws, http_server):
    http_server.route("/terms", Reply(body="<p>Terms.</p>"))
    ws.write(f'url = "{http_server.url("/terms")}"')
    assert ws.run("check")[0] == 0
    assert http_server.requests_to("/terms")[0].header("Accept-Language") is None
