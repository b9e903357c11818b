"""The fault matrix: every fault a watched site can throw at Watcher, in one pass.

One `watcher check` checks an ordinary watch beside one watch per fault, all served by a real
HTTP server on 127.0.0.1. The pass must survive them all; each hostile watch records a failed
check of the right kind and no version; after `error_after` passes each says `fetch_error`
once, delivered to a real webhook; and the ordinary watch is checked, stored and notified
every time, as if nothing had happened. (Each fault also has its own tests: tests/faults/,
tests/test_pipeline.py, tests/test_fetch.py, tests/test_soft_failures.py.)
"""

from __future__ import annotations

import gzip
import json
import random

import brotli
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import CheckRow, VersionRow

CLAUSE = "<p>We may use your content to train our artificial intelligence models.</p>"
HTML = "text/html; charset=utf-8"

# name: (reply, or replies by path, the check's error kind)
FAULTS: dict[str, tuple[dict[str, Reply], str]] = {
    "status-503": ({"": Reply(status=503)}, "http_status"),
    "status-404": ({"": Reply(status=404)}, "http_status"),
    "connection-reset": ({"": Reply(abort="reset")}, "connection"),
    "hangs": ({"": Reply(body=page(), delay=3)}, "timeout"),
    "twenty-mb": ({"": Reply(body=b"a" * (20 * 1024 * 1024))}, "too_large"),
    "gzip-bomb": (
        {"": Reply(body=gzip.compress(b"\0" * (30 << 20)), headers={"Content-Encoding": "gzip"})},
        "too_large",
    ),
    "brotli-bomb": (
        {"": Reply(body=brotli.compress(b"\0" * (30 << 20)), headers={"Content-Encoding": "br"})},
        "too_large",
    ),
    "unknown-encoding": ({"": Reply(body=b"x" * 100, headers={"Content-Encoding": "x-y"})}, None),
    "image": ({"": Reply(body=b"\x89PNG\r\n\x1a\n" * 100, content_type="image/png")}, None),
    "binary-as-html": ({"": Reply(body=random.Random(7).randbytes(20_000))}, None),
    "redirect-loop": (
        {
            "": Reply(status=302, headers={"Location": "loop2"}),
            "loop2": Reply(status=302, headers={"Location": "redirect-loop"}),
        },
        "redirects",
    ),
    "empty-page": (
        {"": Reply(body="<html><body><script>x()</script></body></html>")},
        "empty_text",
    ),
    "bot-challenge": (
        {
            "": Reply(
                body="<html><head><title>Just a moment...</title></head><body>"
                "<p>Checking your browser</p></body></html>"
            )
        },
        "suspicious",
    ),
    "too-deep": ({"": Reply(body="<html><body>" + "<div>" * 3000 + CLAUSE)}, "parse"),
}


def _config(ws: Workspace, server) -> str:
    watches = "".join(
        f"""
[[watch]]
name = "{name}"
url = "{server.url("/" + name)}"
notify = ["ops"]
"""
        for name in FAULTS
    )
    return f"""
[storage]
url = "{ws.db_url}"
[fetch]
timeout = "1s"
retries = 0
max_bytes = "2MB"
[schedule]
error_after = 2
[notify]
retry_backoff = "10ms"
retry_max_backoff = "10ms"
[notifiers.ops]
urls = ["json://127.0.0.1:{server.port}/hook"]
on = ["change", "error"]
[[watch]]
name = "Ordinary"
url = "{server.url("/ordinary")}"
notify = ["ops"]
{watches}
"""


def test_every_fault_in_one_pass(database_url, tmp_path, http_server, capsys):
    ws = Workspace(tmp_path, http_server, capsys, database_url)
    for name, (replies, _) in FAULTS.items():
        for suffix, reply in replies.items():
            http_server.route("/" + (suffix if suffix else name), reply)
    http_server.route("/hook", Reply(status=200, body="ok", content_type="text/plain"))
    http_server.route(
        "/ordinary", Reply(body=page()), Reply(body=page(We_do_not_sell="We may sell"))
    )
    ws.config.write_text(_config(ws, http_server))

    for _ in range(2):
        rc, _out, err = ws.run("check")
        assert rc == 0 and "Traceback" not in err

    checks = ws.rows(CheckRow)
    by_watch: dict[str, list] = {}
    for c in checks:
        by_watch.setdefault(c.watch_id, []).append(c)
    for name, (_, kind) in FAULTS.items():
        mine = by_watch[name]
        assert [c.outcome for c in mine] == ["error", "error"], name
        if kind is not None:
            assert {c.error_kind for c in mine} == {kind}, (name, mine[0].error)
        else:  # refused as not a document, whichever of its kinds
            assert mine[0].error_kind in {"not_a_document", "encoding", "corrupt_body"}, name
    assert [c.outcome for c in by_watch["ordinary"]] == ["new_version", "new_version"]
    assert {v.watch_id for v in ws.rows(VersionRow)} == {"ordinary"}

    posts = [json.loads(r.body) for r in http_server.requests_to("/hook")]
    titles = [p["title"] for p in posts]
    assert sum("Ordinary" in t for t in titles) == 2  # first seen, then changed
    for name in FAULTS:  # error_after = 2: one fetch_error each, after the second pass
        assert sum(name in t for t in titles) == 1, (name, titles)
