"""The web pages end to end: real `watcher check` passes over pages served on 127.0.0.1 fill a
database (SQLite, or PostgreSQL under tests/run); the application `watcher serve` and `watcher
run` serve (`create_app`) runs in a real uvicorn server on 127.0.0.1; every page is fetched over
HTTP, and the diff and raw pages are opened in the real headless Chromium, where a policy's
`<script>` and `onerror=` must stay text."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from httpserver import HTTPTestServer, Reply
from pdfdoc import make_pdf
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.types import ASGIApp

from watcher import db
from watcher.cli import main
from watcher.errors import BrowserUnavailable, NotFound
from watcher.fetch.chromium import find_executable
from watcher.models import Stance
from watcher.models.config import HttpSettings
from watcher.notify.render import STANCE_WORDS
from watcher.store import Store
from watcher.web import Health, WebServer, create_app, pages
from watcher.web.pages.reads import OVERVIEW_SECONDS, Overview

HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"
HOSTILE_HTML = "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;"
NO_TRAINING = "We do not use your content to train our artificial intelligence models."
OPT_OUT = (
    "We may use your content to train our artificial intelligence models unless you opt out "
    "in your settings."
)
# A policy page: its text holds markup as text (escaped in a paragraph, inside <pre>); its
# raw body holds live markup too (a script, an image whose onerror runs a script).
PAGE = """<!doctype html><html><head><title>Example Terms</title>
<script>alert("raw body script")</script></head>
<body><img src=x onerror="alert('raw body onerror')">
<main><h1>Example Terms of Service</h1>
<p>Last updated: {date}</p>
<h2>1. Your content</h2>
<p>You keep ownership of the content you upload.</p>
<p>{clause}</p>
<pre>{hostile}</pre>
<h2>2. Conduct</h2>
<p>Do not spam.</p>
{extra}
<h2>3. Termination</h2>
<p>You may stop using the service at any time.</p>
<p>We may suspend accounts that break these terms.</p>
<h2>4. Contact</h2>
<p>Write to legal@example.com.</p>
</main></body></html>"""


def terms(date: str, clause: str, extra: str = "") -> str:
    return PAGE.format(date=date, clause=clause, hostile=HOSTILE_HTML, extra=extra)


V1 = terms("1 March 2026", NO_TRAINING)
V2 = terms("1 April 2026", OPT_OUT, f"<p>New rule: quoting {HOSTILE_HTML} is forbidden.</p>")
LATIN = "<main><h1>Conditions</h1><p>Données protégées.</p></main>".encode("windows-1252")
PDF = make_pdf([["PDF Terms", "", "We do not sell your data."]])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """An ASGI application served by a real uvicorn (`WebServer`) in a thread of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.settings = HttpSettings(host="127.0.0.1", port=free_port())
        self.server = WebServer(app, self.settings)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self.settings.port}"

    def __enter__(self) -> Site:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(timeout=20)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def database(tmp_path_factory, module_database_url) -> Iterator[str]:
    """A database filled by three real `watcher check` passes, and its URL."""
    directory = tmp_path_factory.mktemp("web")
    with HTTPTestServer() as server:
        server.route("/terms", Reply(body=V1), Reply(body=V2))
        server.route("/broken", Reply(status=500, body="no"))
        server.route("/latin", Reply(body=LATIN, content_type="text/html; charset=windows-1252"))
        server.route("/terms.pdf", Reply(body=PDF, content_type="application/pdf"))
        config = directory / "watcher.toml"
        url = module_database_url
        config.write_text(f"""
[storage]
url = "{url}"
[fetch]
timeout = "5s"
retries = 0
allow_networks = ["127.0.0.1/32"]
[schedule]
error_after = 2
[[watch]]
name = "Example Terms"
url = "{server.url("/terms")}"
kind = "terms"
[[watch]]
name = "Broken <b>Policy</b>"
id = "broken"
url = "{server.url("/broken")}"
kind = "privacy"
[[watch]]
name = "Latin Conditions"
url = "{server.url("/latin")}"
kind = "terms"
[[watch]]
name = "PDF Terms"
url = "{server.url("/terms.pdf")}"
kind = "terms"
""")
        for _ in range(3):
            assert main(["--config", str(config), "check"], environ={}) in (0, 1)
    yield url


@pytest.fixture(scope="module")
def store(database) -> Iterator[Store]:
    engine = db.create(database)
    yield Store(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def site(store) -> Iterator[Site]:
    """The daemon's application (health, metrics, stylesheet, pages) on a real server."""
    app = create_app(
        store, HttpSettings(), health=Health(store.engine), metrics=CollectorRegistry()
    )
    with Site(app) as running:
        yield running


@pytest.fixture(scope="module")
def client(site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.base, timeout=20) as c:
        yield c


def _page(client: httpx.Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" not in response.headers["content-security-policy"]  # none allowed
    html = response.text
    # Nothing the CSP would refuse, and nothing from a policy as markup.
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\s(style|on\w+)=", html)  # no inline style, no handler
    return html


def upper_first(words: str) -> str:
    return words[:1].upper() + words[1:]


def _text(html: str, sep: str = " ") -> str:
    """The text a reader sees (tags dropped, `sep` in their place, entities read)."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", sep.join(parser.parts))


# --- every page over HTTP -------------------------------------------------------------------------


def test_dashboard_lists_every_watch_failing_first_with_its_stance(client):
    html = _page(client, "/")
    text = _text(html)
    names = ["Broken <b>Policy</b>", "Example Terms", "Latin Conditions", "PDF Terms"]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # the failing watch first, then by name
    assert "Broken &lt;b&gt;Policy&lt;/b&gt;" in html  # a name is text, too
    assert "failing: http_status" in text and "1 failing" in text
    assert STANCE_WORDS[Stance.OPT_OUT] in text
    assert 'href="/watches/example-terms"' in html and "/static/pages.css" in html


def test_history_shows_each_version_with_its_classes_and_ai_change(client):
    text = _text(html := _page(client, "/watches/example-terms"))
    assert text.index("Version 2") < text.index("Version 1")  # newest first
    assert "2 substantive" in text and "1 date only" in text
    assert (
        f"AI training: now {STANCE_WORDS[Stance.OPT_OUT]} (was: {STANCE_WORDS[Stance.NOT_ALLOWED]})"
        in text
    )
    assert 'href="/watches/example-terms/diff/1..2"' in html
    assert 'href="/watches/example-terms/versions/1/raw"' in html
    broken = _text(_page(client, "/watches/broken"))
    assert "Cannot be fetched" in broken and "0 versions kept" in broken


def test_diff_page_marks_words_labels_classes_and_the_ai_clause(client):
    html = _page(client, "/watches/example-terms/diff/1..2")
    text = _text(html)
    assert "<del>do not</del> <ins>may</ins>" in html
    assert "<del>March</del> <ins>April</ins>" in html  # the date line, labelled
    assert 'class="badge kind-date_only">date only<' in html
    assert 'class="badge severity-high">high<' in html
    assert f"Before {upper_first(STANCE_WORDS[Stance.NOT_ALLOWED])}" in text
    assert f"After {upper_first(STANCE_WORDS[Stance.OPT_OUT])}" in text
    assert "<details" in html and "unchanged paragraph" in text
    assert 'href="/watches/example-terms/versions/1/raw"' in html
    assert 'href="/watches/example-terms/versions/2/raw"' in html
    # The policy's markup is text: escaped where it is unchanged, and in the added block.
    assert HOSTILE in text and HOSTILE_HTML in html
    assert f"<ins>New rule: quoting {HOSTILE_HTML} is forbidden.</ins>" in html


def test_diff_of_any_two_versions_and_its_errors(client):
    assert "<del>may</del> <ins>do not</ins>" in _page(client, "/watches/example-terms/diff/2..1")
    same = _text(_page(client, "/watches/example-terms/diff/2..2"))
    assert "The two versions have the same text" in same
    for path in ("/watches/nope/diff/1..2", "/watches/example-terms/diff/1..3"):
        response = client.get(path)
        assert response.status_code == 404 and "Not found" in response.text
    for span in ("1-2", "a..b", "1..2..3", "..2", "1..", "%3Cscript%3E"):
        response = client.get(f"/watches/example-terms/diff/{span}")
        assert response.status_code == 400, span
        assert "<script" not in response.text


def test_ai_page_says_what_the_document_says_today_and_each_change(client):
    html = _page(client, "/watches/example-terms/ai")
    today, _, over_time = _text(html).partition("Changes over time")
    assert "Version 2" in today and OPT_OUT in _text(html, "")  # its cues marked inside
    assert upper_first(STANCE_WORDS[Stance.OPT_OUT]) in today
    assert "Why: training “train”" in today
    assert over_time.index("AI-training terms changed") < over_time.index("AI-training terms found")
    assert "Version 1 → 2" in over_time
    pdf = _text(_page(client, "/watches/pdf-terms/ai"))
    assert "says nothing about training AI" in pdf


def test_raw_page_is_a_plain_text_download_never_live_html(client):
    response = client.get("/watches/example-terms/versions/2/raw")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="example-terms-v2.html.txt"'
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == V2.encode()  # the stored body, as fetched
    latin = client.get("/watches/latin-conditions/versions/1/raw")
    assert latin.content.decode("utf-8") == LATIN.decode("windows-1252")  # sent as UTF-8
    pdf = client.get("/watches/pdf-terms/versions/1/raw")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="pdf-terms-v1.pdf"'
    assert pdf.content == PDF
    for path, status in (
        ("/watches/example-terms/versions/9/raw", 404),
        ("/watches/nope/versions/1/raw", 404),
        ("/watches/example-terms/versions/x/raw", 400),
    ):
        assert client.get(path).status_code == status, path
    assert client.head("/watches/example-terms/versions/1/raw").status_code == 200


def test_every_link_of_every_page_leads_somewhere(client):
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        if response.headers["content-type"].startswith("text/html"):
            for href in re.findall(r'href="([^"]+)"', response.text):
                target = urlsplit(urljoin(path, href.replace("&amp;", "&")))
                if not target.netloc:  # our own pages, not the watched documents
                    todo.append(target.path + (f"?{target.query}" if target.query else ""))
    assert {"/watches/example-terms/ai", "/static/pages.css", "/static/watcher.css"} <= seen
    assert len(seen) > 15


def test_links_follow_base_url_and_secrets_are_masked(store):
    # Behind a proxy at https://example.org/watcher/, links carry /watcher; a secret of the
    # configuration (here the failing watch's path) is masked wherever a URL or message shows.
    app = Starlette(routes=pages.routes(store, "https://example.org/watcher/", secrets=["broken"]))
    with Site(app) as running, httpx.Client(base_url=running.base, timeout=20) as c:
        history = c.get("/watches/example-terms").text
        dashboard = c.get("/").text
    assert 'href="/watcher/watches/example-terms/diff/1..2"' in history
    assert 'href="/watcher/static/pages.css"' in history
    failing = dashboard[dashboard.index("status-failing") : dashboard.index("status-ok")]
    assert re.search(r'href="http://127\.0\.0\.1:\d+/\*\*\*"', failing)
    assert "/broken:" not in failing and "/***: HTTP 500" in failing  # the error, too


# --- what pages keep between requests -------------------------------------------------------------


class _CountingStore:
    """A store whose overview() reads are counted, its last checks set by the test."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reads = 0
        self.checked = store.last_checks()

    def overview(self, watch_id=None):
        if watch_id is None:  # the whole overview; one watch is read on its own
            self.reads += 1
        return self.store.overview(watch_id)

    def last_checks(self):
        return self.checked


def test_the_overview_is_read_again_after_a_check_or_half_a_minute(store):
    counting = _CountingStore(store)
    now = [1000.0]
    overview = Overview(counting, clock=lambda: now[0])
    first = overview.watches()
    assert overview.watches() is first and counting.reads == 1
    assert overview.watch("example-terms").name == "Example Terms" and counting.reads == 1
    with pytest.raises(NotFound):
        overview.watch("nope")
    later = max(counting.checked.values()) + timedelta(seconds=1)
    counting.checked = {**counting.checked, "example-terms": later}  # a check was recorded
    overview.watches()
    assert counting.reads == 2
    now[0] += OVERVIEW_SECONDS  # a rename or a rebuild shows within this time
    overview.watches()
    assert counting.reads == 3


def test_a_new_check_shows_on_the_next_request(tmp_path, database_url, http_server):
    http_server.route("/terms", Reply(body=V1), Reply(body=V2))
    config = tmp_path / "watcher.toml"
    url = database_url
    config.write_text(f"""
[storage]
url = "{url}"
[fetch]
retries = 0
allow_networks = ["127.0.0.1/32"]
[[watch]]
name = "Example Terms"
url = "{http_server.url("/terms")}"
""")
    assert main(["--config", str(config), "check"], environ={}) == 0
    engine = db.create(url)
    try:
        app = Starlette(routes=pages.routes(Store(engine)))
        with Site(app) as running, httpx.Client(base_url=running.base, timeout=20) as c:
            assert "version 1" in c.get("/").text
            assert c.get("/watches/example-terms/diff/1..2").status_code == 404
            assert main(["--config", str(config), "check"], environ={}) == 0
            assert "version 2" in c.get("/").text
            assert c.get("/watches/example-terms/diff/1..2").status_code == 200
    finally:
        engine.dispose()


# --- in a real browser (last: once Playwright runs, the thread has a running event loop) ----


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        __import__("playwright.sync_api")
        return find_executable("-", None)
    except (ImportError, BrowserUnavailable) as exc:
        why = exc.detail if isinstance(exc, BrowserUnavailable) else exc
        reason = f"cannot open pages in Chromium: {why}"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(chromium, site):  # after `site`: no asyncio.run() once Playwright runs
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=chromium, chromium_sandbox=True)
        except Exception:  # no user namespaces here (root, a container): no sandbox then
            b = p.chromium.launch(executable_path=chromium, chromium_sandbox=False)
        yield b
        b.close()


def test_policy_markup_never_runs_in_chromium(browser, site, tmp_path):
    context = browser.new_context(accept_downloads=True)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for path in ("/watches/example-terms/diff/1..2", "/watches/example-terms/ai", "/"):
            page.goto(site.base + path, wait_until="load")
            page.wait_for_timeout(200)  # an onerror would have fired by now
            assert page.locator("script").count() == 0, path
            assert page.locator("img").count() == 0, path
            if "diff" in path:
                body = page.inner_text("main")
                assert "<script>alert(1)</script>" in body
                assert "<img src=x onerror=alert(2)>" in body
                # Folded context opens without any script.
                page.locator("details summary").first.click()
                assert page.locator("details[open]").count() == 1
        # A stored page is an attachment: the browser saves it, it never renders it.
        with (
            page.expect_download() as download,
            pytest.raises(Exception, match=r"Download is starting|ERR_ABORTED"),
        ):
            page.goto(site.base + "/watches/example-terms/versions/2/raw")
        saved = tmp_path / "raw.txt"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "example-terms-v2.html.txt"
        assert saved.read_bytes() == V2.encode()
        page.wait_for_timeout(200)
        assert dialogs == []
        assert not [e for e in errors if "Content Security Policy" in e]
    finally:
        context.close()


def test_pages_fit_a_phone_and_print_in_full(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for path in (
            "/",
            "/watches/example-terms",
            "/watches/example-terms/diff/1..2",
            "/watches/example-terms/ai",
            "/watches/broken",
        ):
            page.goto(site.base + path, wait_until="load")
            # The page itself never scrolls sideways: long URLs and words wrap.
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        page.goto(site.base + "/watches/example-terms/diff/1..2", wait_until="load")
        folded = page.locator("details.context p.context").first
        assert not folded.is_visible()
        page.emulate_media(media="print")
        assert folded.is_visible()  # on paper, folded context is printed
        assert not page.locator("nav.tabs").is_visible()
    finally:
        context.close()
