"""The JSON API over a database filled by real `watcher check` passes against pages served
on 127.0.0.1 (an AI-training clause that appears then loosens, a policy quoting `<script>`,
a page that fails, a page that moves), served as the daemon serves it (`create_app`) by a
real uvicorn on 127.0.0.1."""

from __future__ import annotations

import contextlib
import io
import json
import re
import socket
import threading
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from httpserver import HTTPTestServer, Reply
from prometheus_client import CollectorRegistry
from sqlalchemy import insert, select

from watcher import db
from watcher.cli import main
from watcher.db import EventRow
from watcher.models.config import HttpSettings
from watcher.store import Store
from watcher.store.views import EVENT_BATCH
from watcher.web import Health, create_app
from watcher.web.guard import CONTENT_SECURITY_POLICY

TERMS = """<html><body><nav>Home</nav><main>
<h1>Example Terms of Service</h1>
<p>Last updated: {date}</p>
<h2>1. Your content</h2>
<p>You keep ownership of the content you upload to the service.</p>
{clause}
<h2>2. Payments</h2>
<p>Fees are billed monthly in advance.</p>
</main></body></html>"""
NO_TRAIN = "<p>We will not use your content to train our artificial intelligence models.</p>"
TRAIN = "<p>We may use your content to train our artificial intelligence models.</p>"
# Policy text quoting markup: it is text, and must stay text in every answer.
SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
SCRIPT_TRAIN = (
    "<p>We may use your content to train our artificial intelligence models "
    f"{SCRIPT} and our partners too.</p>"
)
SCRIPT_NAME = "Policy <script>alert(2)</script>"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def terms(clause: str = "", date: str = "1 March 2026") -> str:
    return TERMS.format(clause=clause, date=date)


@dataclass
class Dataset:
    """A database filled by four `watcher check` passes, and its configuration."""

    dir: Path
    config: Path
    db_url: str
    pages: HTTPTestServer

    def cli(self, *args: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = main(["--config", str(self.config), *args], environ={})
        return rc, out.getvalue()

    def events(self, *options: str) -> list[dict]:
        rc, out = self.cli("events", "--json", *options)
        assert rc == 0
        return json.loads(out)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Iterator[Dataset]:
    """Four watches checked four times: `example-terms` gains an AI clause (v2) that then
    loosens (v3); `script-policy` quotes a script and gains an AI clause quoting it too;
    `flaky-terms` fails three times in a row (a fetch_error); `moving-terms` moves."""
    tmp = tmp_path_factory.mktemp("web")
    with HTTPTestServer() as pages:
        pages.route(
            "/terms",
            Reply(body=terms()),
            Reply(body=terms(NO_TRAIN, date="1 April 2026")),
            Reply(body=terms(TRAIN, date="1 May 2026")),
        )
        quoting = f"<p>Our widget once printed {SCRIPT} on every page.</p>"
        pages.route(
            "/policy",
            Reply(body=terms(quoting)),
            Reply(body=terms(quoting + SCRIPT_TRAIN, date="1 April 2026")),
        )
        pages.route("/flaky", Reply(body=terms()), Reply(status=503))
        pages.route("/old", Reply(body=terms()), Reply(status=301, headers={"Location": "/new"}))
        pages.route("/new", Reply(body=terms()))
        data = Dataset(tmp, tmp / "watcher.toml", f"sqlite:///{tmp}/watcher.db", pages)
        data.config.write_text(f"""
[storage]
url = "{data.db_url}"
[fetch]
timeout = "2s"
retries = 0
[schedule]
error_after = 3
[[watch]]
name = "Example Terms"
url = "{pages.url("/terms")}"
kind = "terms"
[[watch]]
name = "{SCRIPT_NAME}"
id = "script-policy"
url = "{pages.url("/policy")}"
kind = "privacy"
[[watch]]
name = "Flaky Terms"
url = "{pages.url("/flaky")}"
[[watch]]
name = "Moving Terms"
url = "{pages.url("/old")}"
""")
        for _ in range(4):
            assert data.cli("check")[0] == 0
        yield data


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """`app` served by uvicorn on 127.0.0.1 (an ephemeral port) in a thread; its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextlib.contextmanager
def web(db_url: str, base_url: str | None = None, secrets=()) -> Iterator[httpx.Client]:
    """A client of the application of `watcher run` and `watcher serve` (`create_app`) over
    the database at `db_url`, served for real."""
    engine = db.create(db_url)
    app = create_app(
        Store(engine),
        HttpSettings(),
        health=Health(engine),
        metrics=CollectorRegistry(),
        base_url=base_url,
        secrets=secrets,
    )
    try:
        with serving(app) as base, httpx.Client(base_url=base, timeout=10) as client:
            yield client
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def client(dataset) -> Iterator[httpx.Client]:
    with web(dataset.db_url) as c:
        yield c


def get_json(client: httpx.Client, path: str, status: int = 200):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    return r.json()


def test_the_database_holds_every_kind_of_event(dataset):
    kinds = {(e["watch"], e["kind"], e["ai_change"]) for e in dataset.events()}
    assert {
        ("example-terms", "first_seen", None),
        ("example-terms", "changed", "appeared"),
        ("example-terms", "changed", "changed"),
        ("script-policy", "changed", "appeared"),
        ("flaky-terms", "fetch_error", None),
        ("moving-terms", "moved", None),
    } <= kinds


def test_watches(client):
    watches = {w["id"]: w for w in get_json(client, "/api/watches")}
    assert set(watches) == {"example-terms", "script-policy", "flaky-terms", "moving-terms"}
    terms_ = watches["example-terms"]
    assert terms_["name"] == "Example Terms" and terms_["kind"] == "terms"
    assert terms_["url"].endswith("/terms") and terms_["latest_version"] == 3
    assert terms_["last_outcome"] in ("unchanged", "not_modified")
    assert terms_["last_check_at"].endswith("Z") and terms_["changed_at"].endswith("Z")
    [finding] = terms_["findings"]
    assert finding["stance"] == "allowed" and "may use your content" in finding["text"]
    assert {"kind", "text", "start", "end"} <= set(finding["cues"][0])

    flaky = watches["flaky-terms"]
    assert flaky["error_raised"] is True and flaky["failures"] >= 3
    assert flaky["last_error_kind"] == "http_status" and "503" in flaky["last_error"]
    assert flaky["latest_version"] == 1 and flaky["findings"] == []
    assert watches["script-policy"]["name"] == SCRIPT_NAME


def test_versions(client, dataset):
    versions = get_json(client, "/api/watches/example-terms/versions")
    assert [v["number"] for v in versions] == [1, 2, 3]
    for v in versions:
        assert re.fullmatch(r"[0-9a-f]{64}", v["sha256"]) and v["size"] > 0
        assert v["created_at"].endswith("Z") and v["rederived"] is False
    rc, out = dataset.cli("history", "example-terms")
    assert rc == 0 and [line.split()[0] for line in out.splitlines()] == ["1", "2", "3"]

    error = get_json(client, "/api/watches/nobody/versions", 404)
    assert "nobody" in error["error"]


def test_events_are_what_events_json_prints(client, dataset):
    assert get_json(client, "/api/events") == dataset.events()
    assert get_json(client, "/api/events?watch=moving-terms") == dataset.events(
        "--watch", "moving-terms"
    )
    everything = dataset.events()
    at = everything[len(everything) // 2]["at"]
    since = get_json(client, f"/api/events?since={at}")
    assert since == dataset.events("--since", at)
    assert 0 < len(since) < len(everything) and all(e["at"] >= at for e in since)
    naive = at.removesuffix("Z")  # a time without a zone is UTC
    assert get_json(client, f"/api/events?since={naive}") == since
    both = get_json(client, f"/api/events?watch=example-terms&since={at}")
    assert both == dataset.events("--watch", "example-terms", "--since", at)
    assert get_json(client, "/api/events?since=2999-01-01") == []


def test_event_errors(client):
    error = get_json(client, "/api/events?since=yesterday", 400)
    assert error == {"error": "since: 'yesterday' is not an ISO 8601 date or time"}
    error = get_json(client, "/api/events?watch=nobody", 404)
    assert "nobody" in error["error"]
    assert get_json(client, "/api/nothing/here", 404) == {
        "error": "no such API path: /api/nothing/here"
    }


def test_diff_is_the_diff_view(client):
    view = get_json(client, "/api/watches/example-terms/diff/2..3")
    assert (view["watch"], view["version_from"], view["version_to"]) == ("example-terms", 2, 3)
    assert view["counts"] == {"substantive": 1, "date_only": 1} and view["changed"] == 2
    assert (view["ai_change"], view["ai_direction"], view["ai_severity"]) == (
        "changed",
        "more_permissive",
        "high",
    )
    changed = [b for b in view["blocks"] if b["type"] == "changed"]
    [clause] = [b for b in changed if b["class"] == "substantive"]
    assert {"op": "deleted", "text": " will not"} in clause["words"]
    assert {"op": "inserted", "text": " may"} in clause["words"]
    assert clause["ai_before"] == ["does not train AI on your data"]
    assert clause["ai_after"] == ["may train AI on your data, with no opt-out mentioned"]
    assert all(
        set(b) == {"type", "head", "folded", "tail"}
        for b in view["blocks"]
        if b["type"] == "unchanged"
    )
    [change] = view["clause_changes"]
    assert change["words"].startswith("now may train AI on your data")
    assert change["before"]["stance"] == "not_allowed" and change["after"]["stance"] == "allowed"
    assert "".join(p["text"] for p in change["after"]["parts"]) == change["after"]["text"]
    assert [c["stance"] for c in view["clauses_after"]] == ["allowed"]

    first = get_json(client, "/api/watches/example-terms/diff/1..2")
    assert first["ai_change"] == "appeared" and first["clauses_before"] == []
    same = get_json(client, "/api/watches/example-terms/diff/3..3")
    assert same["changed"] == 0 and same["ai_change"] is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/watches/example-terms/diff/2-3", 400),
        ("/api/watches/example-terms/diff/0..3", 400),
        ("/api/watches/example-terms/diff/x..3", 400),
        ("/api/watches/example-terms/diff/2..9", 404),
        ("/api/watches/nobody/diff/1..2", 404),
    ],
)
def test_diff_errors(client, path, status):
    assert set(get_json(client, path, status)) == {"error"}


def test_policy_text_is_json_text(client):
    view = get_json(client, "/api/watches/script-policy/diff/1..2")
    assert "<script>alert(1)</script>" in json.dumps(view, ensure_ascii=False)
    events = get_json(client, "/api/events?watch=script-policy")
    assert events[-1]["name"] == SCRIPT_NAME


def test_configured_secrets_are_masked(dataset):
    # Every URL here is on 127.0.0.1: were that a secret of the configuration (the part of
    # a notifier URL that is a token, say), no answer would show it.
    with web(dataset.db_url, secrets={"127.0.0.1"}) as c:
        [moved] = [e for e in get_json(c, "/api/events") if e["kind"] == "moved"]
        assert "127.0.0.1" not in moved["summary"] + moved["url"]
        assert "***" in moved["summary"]
        watches = get_json(c, "/api/watches")
        assert all("127.0.0.1" not in w["url"] for w in watches)
        feed = ET.fromstring(c.get("/feed.atom").content)
        texts = [t.text for t in feed.iter() if t.tag.endswith(("summary", "content"))]
        assert texts and not any("127.0.0.1" in t for t in texts)


def test_a_database_that_cannot_answer_is_a_503(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database " * 100)
    with web(f"sqlite:///{broken}") as c:
        for path in ("/api/watches", "/api/events", "/api/watches/x/diff/1..2"):
            error = get_json(c, path, 503)["error"]
            assert error.startswith(f"database sqlite:///{broken}: not a database, or damaged")
        r = c.get("/feed.atom")
        assert r.status_code == 503 and "not a database" in r.text


def test_findings_never_read_are_read_for_the_diff(dataset, tmp_path):
    # A version re-derived after a rules change has its findings read again when asked.
    copy = tmp_path / "copy.db"
    copy.write_bytes((dataset.dir / "watcher.db").read_bytes())
    url = f"sqlite:///{copy}"
    engine = db.create(url)
    try:
        store = Store(engine)
        _, text = store.text("example-terms", 3)
        store.rederive("example-terms", {3: text + "\n\nA new closing line.\n"}, "rules-2", NOW)
        assert store.findings("example-terms", 3) is None
    finally:
        engine.dispose()
    with web(url) as c:
        view = get_json(c, "/api/watches/example-terms/diff/2..3")
        [after] = view["clauses_after"]
        assert after["stance"] == "allowed" and view["ai_change"] == "changed"
        [watch] = [w for w in get_json(c, "/api/watches") if w["id"] == "example-terms"]
        assert watch["findings"] is None  # not read yet: said, not guessed


def test_events_are_json_as_before_byte_for_byte(client, dataset):
    body = client.get("/api/events").content
    everything = dataset.events()
    assert body == json.dumps(everything, ensure_ascii=False, separators=(",", ":")).encode()
    assert client.get("/api/events?since=2999-01-01").content == b"[]"


def _peak_of_api_events(c: httpx.Client) -> int:
    """Peak memory Python allocated (server and client) while /api/events was read and
    dropped chunk by chunk, bytes."""
    tracemalloc.start()
    try:
        with c.stream("GET", "/api/events") as r:
            assert r.status_code == 200
            size = sum(len(chunk) for chunk in r.iter_raw())
        assert size > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_events_are_streamed_in_the_memory_of_one_batch(dataset, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes((dataset.dir / "watcher.db").read_bytes())
    engine = db.create(f"sqlite:///{copy}")

    def add(copies: int) -> None:
        with engine.begin() as conn:
            q = select(EventRow).where(EventRow.ai_change.is_not(None)).order_by(EventRow.id)
            row = conn.execute(q).mappings().first()
            conn.execute(insert(EventRow), [{k: v for k, v in row.items() if k != "id"}] * copies)

    try:
        add(EVENT_BATCH * 2)
        with web(f"sqlite:///{copy}") as c:
            small = _peak_of_api_events(c)
            add(EVENT_BATCH * 8)
            large = _peak_of_api_events(c)
    finally:
        engine.dispose()
    # Built whole, five times as many events took five times the memory.
    assert large < 1.5 * small, (small, large)
