"""Volatile fragments (ids, tokens, clock times, "3 minutes ago") never make a change."""

from __future__ import annotations

import hashlib
import random
import uuid

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import VersionRow
from watcher.normalize import mask_volatile


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Request ID: 7f3a9c2e-1b2c-4d5e-8f90-123456789abc", "Request ID: [id]"),
        ("Atualizado há 2 horas", "Atualizado [time]"),
        ("Bijgewerkt 3 minuten geleden", "Bijgewerkt [time]"),
        ("Build 3f9a2c1e7b4d", "Build [id]"),
        ("SHA 9b74c9897bac770ffc029102a200c5de", "SHA [id]"),
        ("CSRF token: a8Kf3jQ9xZ2mN7pL4rT1xY-_q", "CSRF token: [id]"),
        ("Generated at 12:03:44.123 UTC", "Generated at [time] UTC"),
        ("Updated 5 minutes ago", "Updated [time]"),
        ("updated an hour ago", "updated [time]"),
        ("mis à jour il y a 3 minutes", "mis à jour [time]"),
        ("aktualisiert vor einer Stunde", "aktualisiert [time]"),
        ("actualizado hace 2 horas", "actualizado [time]"),
        ("aggiornato 10 minuti fa", "aggiornato [time]"),
    ],
)
def test_volatile_shapes_are_masked(text, masked):
    assert mask_volatile(text) == masked
    assert mask_volatile(masked) == masked  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "We keep your data for 30 days.",
        "Accounts deleted 30 days ago are purged.",  # days may be policy, not a widget
        "Microsoft-Services-Agreement-2024 and MicrosoftServicesAgreement2024",
        "See Section 12.3.4, clause 1:23, the year 2024 and the date 20240101.",
        "deadbeef decade accede 1234567890",  # hex letters or digits alone
        "GDPR Article 6(1)(f); ISO 27001; SOC 2 Type II; +1 (555) 010-0199",
        "",
    ],
)
def test_policy_wording_is_left_alone(text):
    assert mask_volatile(text) == text


def test_random_ids_are_masked():
    # Seeded draws: UUIDs, hex digests and base64url tokens holding digits and both cases.
    rng = random.Random(20261124)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    masked = 0
    for _ in range(300):
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        digest = hashlib.sha256(u.bytes).hexdigest()[:12]
        token = "".join(rng.choice(alphabet) for _ in range(22))
        if not (any(c.isdigit() for c in token) and token.lower() != token != token.upper()):
            continue  # a token without the three kinds of character is not this shape
        if digest.isdigit() or not any(c.isdigit() for c in digest):
            continue
        text = f"id {u} hash {digest} token {token} end"
        assert mask_volatile(text) == "id [id] hash [id] token [id] end", text
        masked += 1
    assert masked > 250


def widget_page(n: int, days: int = 30) -> str:
    footer = (
        f"<p>Request {uuid.UUID(int=n * 7919**9)} served by build "
        f"{hashlib.sha1(str(n).encode()).hexdigest()[:12]} at 12:0{n}:{10 + n} UTC, "
        f"updated {n} minutes ago.</p>"
    )
    return page().replace(
        "<p>We do not sell", f"{footer}<p>We keep data {days} days. We do not sell"
    )


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    return w


def test_a_page_whose_widgets_change_on_every_visit_gives_no_change(ws, http_server):
    http_server.route("/terms", *(Reply(body=widget_page(n)) for n in (1, 2, 3)))
    for _ in range(3):
        assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]
    assert len(ws.rows(VersionRow)) == 1
    rc, out, _ = ws.run("show", "example-terms")
    assert rc == 0 and "Request [id] served by build [id] at [time] UTC" in out


def test_a_changed_number_next_to_the_widgets_is_a_change(ws, http_server):
    http_server.route("/terms", Reply(body=widget_page(1)), Reply(body=widget_page(2, days=90)))
    ws.run("check")
    ws.run("check")
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    rc, out, _ = ws.run("diff", "example-terms")
    assert rc == 0 and "{+90+} days" in out and "[id]" not in out  # the widgets are no part
