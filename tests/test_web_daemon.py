"""Every page and endpoint of a real daemon, after a real AI-training change.

`watcher run` with `[http] listen` checks a page served on 127.0.0.1 twice (the second time
its AI clause has moved toward opt-out, and the policy quotes markup), then every page, JSON
endpoint and feed is fetched from it as a reader would, feeds read with feedparser.
"""

from __future__ import annotations

import json

import feedparser
import httpx
from httpserver import Reply
from test_web_server import Watcher, free_port, healthy, secured, wait_for

BEFORE = """<html><head><title>Terms</title></head><body><main><h1>Example Terms</h1>
<p>Fees are billed monthly.</p>
<p>We do not use your content to train our artificial intelligence models.</p>
</main></body></html>"""
AFTER = """<html><head><title>Terms</title></head><body><main><h1>Example Terms</h1>
<p>Fees are billed monthly.</p>
<p>We may use your content to train our artificial intelligence models unless you opt out
in your settings.</p>
<p>Example: the text &lt;script&gt;alert(1)&lt;/script&gt; is shown, never run.</p>
</main></body></html>"""


def test_every_page_and_endpoint_of_a_running_daemon(tmp_path, database_url, http_server):
    http_server.route("/terms", Reply(body=BEFORE), Reply(body=AFTER))
    port = free_port()
    (tmp_path / "watcher.toml").write_text(f"""
[storage]
url = "{database_url}"
[schedule]
interval = "2s"
jitter = "0s"
workers = 0
[fetch]
retries = 0
timeout = "5s"
[http]
listen = "127.0.0.1:{port}"
[[watch]]
name = "Example Terms"
id = "terms"
url = "{http_server.url("/terms")}"
""")
    base = f"http://127.0.0.1:{port}"
    daemon = Watcher(tmp_path, "run")
    try:
        healthy(f"{base}/healthz")

        def two_versions():
            versions = httpx.get(f"{base}/api/watches/terms/versions", timeout=5)
            return versions.status_code == 200 and len(versions.json()) == 2

        wait_for(two_versions, what="a second version")

        def get(path: str, kind: str) -> httpx.Response:
            response = secured(httpx.get(base + path, timeout=10))
            assert response.status_code == 200, (path, response.text[:300])
            assert response.headers["content-type"].startswith(kind), path
            return response

        dashboard = get("/", "text/html").text
        assert "Example Terms" in dashboard and "unless you opt out" in dashboard
        history = get("/watches/terms", "text/html").text
        assert "/watches/terms/diff/1..2" in history
        diff = get("/watches/terms/diff/1..2", "text/html").text
        assert "<del>" in diff and "<ins>" in diff
        assert "does not train AI on your data" in diff and "unless you opt out" in diff
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff and "<script>" not in diff
        ai = get("/watches/terms/ai", "text/html").text
        assert "may train AI on your data unless you opt out" in ai
        raw = get("/watches/terms/versions/2/raw", "text/plain")
        assert "attachment" in raw.headers["content-disposition"]
        assert raw.text == AFTER

        [watch] = get("/api/watches", "application/json").json()
        assert (watch["id"], watch["latest_version"]) == ("terms", 2)
        assert [f["stance"] for f in watch["findings"]] == ["opt_out"]
        assert len(get("/api/watches/terms/versions", "application/json").json()) == 2
        assert get("/api/watches/terms/diff/1..2", "application/json").json()
        events = get("/api/events?watch=terms", "application/json").json()
        assert [(e["kind"], e["ai_change"]) for e in events] == [
            ("first_seen", "present"),
            ("changed", "changed"),
        ]
        assert json.loads(json.dumps(events))[1]["ai_direction"] == "more_permissive"

        for path, count in (("/feed.atom", 2), ("/watches/terms/feed.atom", 2), ("/ai.atom", 2)):
            feed = feedparser.parse(get(path, "application/atom+xml").content)
            assert not feed.bozo and len(feed.entries) == count, path
            assert feed.entries[0].link.endswith("/watches/terms/diff/1..2")
        assert daemon.stop() == 0
    finally:
        daemon.kill()
    assert "Traceback" not in daemon.output()
