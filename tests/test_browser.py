"""render = "browser": the real headless Chromium (Debian's `chromium`) through Playwright,
against the real local HTTP server; end to end through the real `watcher` CLI and SQLite.

Without Chromium or Playwright the tests that need them are skipped with the reason, except
under CI (CI set, e.g. CI=true), where they fail: CI must not pass without rendering a page.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from ipaddress import ip_network

import pytest
import test_pipeline
from faults.private_server import SECRET, SecretServer
from httpserver import Reply, closed_port_url

from watcher import config, normalize
from watcher.cli.wiring import open_store
from watcher.db import BodyBlob, CheckRow, VersionRow
from watcher.errors import (
    BrowserUnavailable,
    ConfigError,
    FetchConnectionError,
    FetchTimeout,
    ForbiddenAddress,
    HTTPStatusError,
    NotADocument,
    TooManyRedirects,
)
from watcher.fetch import Browser, Fetcher, fetch_document
from watcher.fetch import chromium as chromium_mod
from watcher.fetch.chromium import find_executable
from watcher.fetch.network import AddressPolicy
from watcher.models import EventKind, FetchSettings, Watch
from watcher.pipeline.core import Pipeline


def _chromium() -> str:
    """The Chromium the tests launch, or a skip (a failure under CI) saying what is missing."""
    try:
        __import__("playwright.async_api")
        return find_executable("-", None)
    except (ImportError, BrowserUnavailable) as exc:
        why = exc.detail if isinstance(exc, BrowserUnavailable) else exc
        reason = f"cannot render pages: {why} (install `.[test]` and Debian's chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    return _chromium()


@pytest.fixture(scope="module")
def runner() -> Iterator[asyncio.Runner]:
    """One event loop for the module, so that one Chromium serves its tests."""
    with asyncio.Runner() as r:
        yield r


def settings(chromium: str, **changes) -> FetchSettings:
    return FetchSettings(
        **{"user_agent": "watcher-test/1.0", "browser_executable": chromium, "retries": 0} | changes
    )


@pytest.fixture(scope="module")
def browser(runner, chromium) -> Iterator[Browser]:
    b = Browser(settings(chromium, timeout=10.0, max_redirects=2, retries=1, backoff=0.0))
    yield b
    runner.run(b.aclose())


def js_page(html: str, title: str = "Example Terms") -> str:
    """A page whose document a script writes: a plain GET sees no text at all."""
    return f"""<!doctype html><html><head><title>{title}</title></head>
<body><main id="terms"></main>
<script>document.getElementById("terms").innerHTML = {json.dumps(html)};</script>
</body></html>"""


TERMS = (
    "<h1>Example Terms of Service</h1><h2>1. Your content</h2>"
    "<p>You keep ownership of the content you upload.</p>"
    "<p>We do not sell your personal data.</p>"
    "<ul><li>Be kind.</li><li>Do not spam.</li></ul>"
)
TERMS_V2 = TERMS.replace(
    "We do not sell your personal data.",
    "We may use your content to train our artificial intelligence models.",
)


# --- the Browser ------------------------------------------------------------------------


def test_script_written_text_is_rendered(runner, browser, http_server):
    http_server.route("/terms", Reply(body=js_page(TERMS)))
    url = http_server.url("/terms")
    watch = Watch(id="doc", name="Doc", url=url)

    async def both():
        async with Fetcher(FetchSettings(user_agent="")) as fetcher:
            plain = await fetcher.fetch(url)
        return plain, await browser.render(url)

    plain, rendered = runner.run(both())
    assert normalize.text_of(plain, watch.rules).text == ""  # only a script: no text
    assert normalize.text_of(rendered, watch.rules).text == (
        "# Example Terms of Service\n\n## 1. Your content\n\n"
        "You keep ownership of the content you upload.\n\n"
        "We do not sell your personal data.\n\n- Be kind.\n\n- Do not spam.\n"
    )
    assert (rendered.status, rendered.final_url, rendered.url) == (200, url, url)
    assert (rendered.content_type, rendered.charset) == ("text/html", "utf-8")
    assert rendered.body == rendered.text.encode() and "<h1>" in rendered.text
    assert rendered.validators.etag is None and not rendered.not_modified
    assert rendered.attempts == 1 and rendered.elapsed > 0


def test_user_agent_and_first_language_are_sent(runner, browser, http_server):
    http_server.route("/terms", Reply(body="<p>Conditions.</p><script>document.title = "
                      "navigator.language + ' ' + Intl.DateTimeFormat().resolvedOptions()"
                      ".timeZone</script>"))  # fmt: skip
    result = runner.run(
        browser.render(http_server.url("/terms"), accept_language="fr-FR,fr;q=0.9,en;q=0.5")
    )
    request = http_server.requests_to("/terms")[0]
    assert request.header("User-Agent") == "watcher-test/1.0"
    # Chromium takes one locale: the header and navigator.language both say the first one.
    assert request.header("Accept-Language") == "fr-FR"
    assert "<title>fr-FR UTC</title>" in result.text


@pytest.mark.parametrize("status", [404, 500])
def test_error_status_is_an_http_status_error(runner, browser, http_server, status):
    http_server.route("/terms", Reply(status=status, body="<h1>Oops</h1><p>Not here.</p>"))
    with pytest.raises(HTTPStatusError) as caught:
        runner.run(browser.render(http_server.url("/terms")))
    assert caught.value.status == status
    assert caught.value.transient is (status == 500)


def test_redirects_are_followed_within_the_limit(runner, browser, http_server):
    http_server.route("/old", Reply(status=301, headers={"Location": "/terms"}))
    http_server.route("/terms", Reply(body=js_page(TERMS)))
    for i in range(3):
        http_server.route(f"/r{i}", Reply(status=302, headers={"Location": f"/r{i + 1}"}))
    http_server.route("/r3", Reply(body="<p>too far</p>"))
    result = runner.run(browser.render(http_server.url("/old")))
    assert (result.url, result.final_url) == (http_server.url("/old"), http_server.url("/terms"))
    with pytest.raises(TooManyRedirects):  # the module's browser allows 2
        runner.run(browser.render(http_server.url("/r0")))


def test_refused_connection_and_pdf(runner, browser, http_server):
    with pytest.raises(FetchConnectionError) as caught:
        runner.run(browser.render(closed_port_url("/terms")))
    assert caught.value.transient and caught.value.detail == "connection refused"
    http_server.route("/terms.pdf", Reply(body=b"%PDF-1.7\n", content_type="application/pdf"))
    with pytest.raises(NotADocument, match='render = "http"'):
        runner.run(browser.render(http_server.url("/terms.pdf")))


def test_combined_document_is_rendered_part_by_part(runner, browser, http_server):
    http_server.route("/terms", Reply(body=js_page("<p>Be kind.</p>")))
    http_server.route("/ai", Reply(body=js_page("<p>We never train on your data.</p>")))
    watch = Watch(
        id="doc",
        name="Doc",
        url=http_server.url("/terms"),
        urls=(http_server.url("/terms"), http_server.url("/ai")),
        render="browser",
    )

    async def fetch():
        async with Fetcher(FetchSettings(user_agent="")) as fetcher:
            return await fetch_document(fetcher, watch, browser=browser)

    result = runner.run(fetch())
    assert normalize.text_of(result, watch.rules).text == (
        "Be kind.\n\nWe never train on your data.\n"
    )


def test_a_page_that_never_finishes_loading_times_out(chromium, http_server):
    # The script's answer never comes: no load event, and Chromium is told to stop.
    http_server.route("/terms", Reply(body='<p>Terms</p><script src="/app.js"></script>'))
    http_server.route("/app.js", Reply(body="", delay=30, content_type="text/javascript"))

    async def render():
        async with Browser(settings(chromium, timeout=1.0)) as b:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(FetchTimeout) as caught:
                await b.render(http_server.url("/terms"))
            return loop.time() - started, caught.value

    elapsed, error = asyncio.run(render())
    assert 1.0 <= elapsed < 10 and error.transient  # Chromium's start-up included
    assert "within 1s" in error.detail


def test_transient_errors_are_retried(runner, browser, http_server):
    http_server.route("/terms", Reply(status=503), Reply(body=js_page(TERMS)))
    result = runner.run(browser.render(http_server.url("/terms")))
    assert result.attempts == 2 and "We do not sell" in result.text
    http_server.route("/gone", Reply(status=404))
    with pytest.raises(HTTPStatusError):
        runner.run(browser.render(http_server.url("/gone")))
    assert len(http_server.requests_to("/gone")) == 1  # a 404 is not retried


def test_idle_chromium_is_closed(chromium, http_server):
    http_server.route("/terms", Reply(body=js_page(TERMS)))

    async def scenario():
        async with Browser(settings(chromium), idle_close=0.1) as b:
            await b.render(http_server.url("/terms"))
            after_render = b.running
            await asyncio.sleep(0.5)
            return after_render, b.running

    assert asyncio.run(scenario()) == (True, False)


def test_a_dead_chromium_is_replaced(chromium, http_server):
    """A daemon's Chromium may die (out of memory, killed); the next render starts another."""
    http_server.route("/terms", Reply(body=js_page(TERMS)))

    others = set(_drivers())  # the module's Chromium, for one, must live on

    async def scenario():
        async with Browser(settings(chromium)) as b:
            first = await b.render(http_server.url("/terms"))
            killed = set(_drivers()) - others
            for pid in killed:
                os.kill(pid, signal.SIGKILL)  # Playwright's driver, and so its Chromium
            await asyncio.sleep(0.2)
            again = await b.render(http_server.url("/terms"))
            return first, again, b.launches, killed

    first, again, launches, killed = asyncio.run(scenario())
    assert killed and again.text == first.text and launches == 2


def _drivers() -> list[int]:
    """The processes this one started that run Playwright's driver."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            stat = open(f"/proc/{entry}/stat").read()  # noqa: SIM115 - tiny files
            cmdline = open(f"/proc/{entry}/cmdline", "rb").read()  # noqa: SIM115
        except OSError:  # not a process, or gone
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"playwright" in cmdline:
            found.append(int(entry))
    return found


def test_missing_playwright_says_to_install_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # import fails
    with pytest.raises(BrowserUnavailable) as caught:
        asyncio.run(Browser(FetchSettings(user_agent="")).render("https://example.org/terms"))
    assert "pip install 'policy-watcher[browser]'" in str(caught.value)
    assert caught.value.kind == "browser" and not caught.value.transient


def test_no_chromium_found(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserUnavailable, match="no Chromium found on PATH"):
        find_executable("https://example.org/", None)
    with pytest.raises(BrowserUnavailable, match="is not an executable file"):
        find_executable("https://example.org/", str(tmp_path / "chromium"))
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    with pytest.raises(BrowserUnavailable, match="is not an executable file"):  # not +x
        find_executable("https://example.org/", "chromium")
    (tmp_path / "chromium").chmod(0o755)
    assert find_executable("https://example.org/", "chromium") == str(tmp_path / "chromium")
    assert find_executable("https://example.org/", None) == str(tmp_path / "chromium")


def test_core_install_never_imports_playwright(tmp_path):
    """Without browser watches, nothing imports the optional extra."""
    code = (
        "import sys\n"
        "from watcher.cli import main\n"
        f"rc = main(['--config', {str(tmp_path / 'w.toml')!r}, 'check'], environ={{}})\n"
        "assert rc == 0, rc\n"
        "assert not [m for m in sys.modules if m.startswith('playwright')]\n"
    )
    (tmp_path / "w.toml").write_text(f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n')
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


# --- what a page may reach ----------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(runner, chromium) -> Iterator[Browser]:
    """A browser allowed the test server's address, 127.0.0.1, and no other loopback one."""
    policy = AddressPolicy((ip_network("127.0.0.1/32"),))
    b = Browser(settings(chromium, timeout=10.0), policy=policy)
    yield b
    runner.run(b.aclose())


@pytest.fixture
def secret() -> Iterator[SecretServer]:
    with SecretServer() as server:  # on 127.0.0.2: an internal service
        yield server


def test_a_script_gets_no_answer_from_a_refused_address(runner, guarded, http_server, secret):
    show = "r => r.text(), e => 'refused: ' + e"
    http_server.route(
        "/terms",
        Reply(
            body=f"<h1>Terms</h1><p id=out>waiting</p><script>fetch({secret.url('/secret')!r})"
            f".then({show}).then(t => {{ document.getElementById('out').textContent = t }})"
            "</script>"
        ),
    )
    result = runner.run(guarded.render(http_server.url("/terms")))
    assert "Terms" in result.text and "refused: TypeError" in result.text
    assert SECRET not in result.text and secret.hits == 0


def test_a_page_on_a_refused_address_is_forbidden(runner, guarded, http_server, secret):
    with pytest.raises(ForbiddenAddress) as caught:
        runner.run(guarded.render(secret.url("/wiki")))
    assert caught.value.kind == "forbidden_address" and not caught.value.transient
    assert caught.value.detail.startswith(
        "refused to connect to 127.0.0.2: not a public address (loopback); to fetch it, allow "
        "its network in [fetch] allow_networks or WATCHER_ALLOW_NETWORKS"
    )
    # The redirect of an allowed page, too: Chromium follows it through the same relay.
    http_server.route("/old", Reply(status=302, headers={"Location": secret.url("/admin")}))
    with pytest.raises(ForbiddenAddress, match=r"127\.0\.0\.2"):
        runner.run(guarded.render(http_server.url("/old")))
    assert secret.hits == 0


def test_a_name_is_connected_to_at_its_allowed_address(runner, guarded, http_server):
    """localhost is ::1 as well as 127.0.0.1: the relay uses the one allowed."""
    http_server.route("/terms", Reply(body="<p>Terms</p>"))
    url = http_server.url("/terms").replace("127.0.0.1", "localhost")
    assert "Terms" in runner.run(guarded.render(url)).text


def test_the_address_allowed_is_rendered(runner, chromium, secret):
    policy = AddressPolicy((ip_network("127.0.0.2/32"),))

    async def render():
        async with Browser(settings(chromium, timeout=10.0), policy=policy) as b:
            return await b.render(secret.url("/wiki"))

    assert SECRET in runner.run(render()).text and secret.hits >= 1  # and /favicon.ico


def test_contexts_take_no_downloads_and_no_service_workers():
    options = Browser(FetchSettings(user_agent=""))._context_options(None)
    assert options["accept_downloads"] is False and options["service_workers"] == "block"


class _Driver:
    """Playwright's driver as `_launch` sees it, its Chromium refusing the sandbox or not."""

    def __init__(self, sandbox_works: bool) -> None:
        self.sandbox_works = sandbox_works
        self.launches: list[bool] = []
        self.chromium = self

    async def launch(self, *, chromium_sandbox: bool, **options) -> str:
        self.launches.append(chromium_sandbox)
        assert "--no-sandbox" not in options["args"]
        assert options["proxy"] == PROXY
        if chromium_sandbox and not self.sandbox_works:
            raise RuntimeError(
                "BrowserType.launch: Target page, context or browser has been closed\n"
                "Browser logs:\nChromium sandboxing failed!\n  - [pid=7][err] [7:7:1203/1:ERROR:"
                "zygote_host_impl_linux.cc:103] Running as root without --no-sandbox is not "
                "supported. See https://crbug.com/638180."
            )
        return "sandboxed" if chromium_sandbox else "unsandboxed"


PROXY = {"server": "socks5://127.0.0.1:9", "bypass": "<-loopback>"}


def test_chromium_runs_in_its_sandbox_where_it_can(monkeypatch, caplog):
    monkeypatch.setattr(chromium_mod, "_UNSANDBOXED", set())
    driver = _Driver(sandbox_works=True)
    assert asyncio.run(chromium_mod.launch(driver, "/usr/bin/chromium", PROXY)) == "sandboxed"
    assert driver.launches == [True] and not caplog.records


def test_without_a_sandbox_chromium_runs_without_and_says_so_once(monkeypatch, caplog):
    monkeypatch.setattr(chromium_mod, "_UNSANDBOXED", set())
    driver = _Driver(sandbox_works=False)
    for _ in range(3):  # launched again after an idle close, or a crash
        launched = asyncio.run(chromium_mod.launch(driver, "/usr/bin/chromium", PROXY))
        assert launched == "unsandboxed"
    assert driver.launches == [True, False, False, False]  # the sandbox is tried once
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "cannot run in its sandbox here (Running as root without --no-sandbox" in warnings[0]


# --- configuration ----------------------------------------------------------------------

W = '[[watch]]\nname = "Doc"\nurl = "https://example.org/terms"\n'


def test_render_and_browser_executable_are_read(tmp_path):
    cfg = config.parse(
        '[fetch]\nbrowser_executable = "/usr/bin/chromium"\n'
        + W
        + 'render = "browser"\n'
        + W.replace("Doc", "Plain"),
        environ={"HOME": "/home/alice"},
    )
    assert cfg.fetch.browser_executable == "/usr/bin/chromium"
    assert [w.render for w in cfg.watches] == ["browser", "http"]
    default = config.parse(W, environ={"HOME": "/home/alice"})
    assert default.fetch.browser_executable is None  # looked up on PATH at launch
    named = config.parse('[fetch]\nbrowser_executable = "chromium"\n', environ={})
    assert named.fetch.browser_executable == "chromium"


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (W + 'render = "js"\n', "watch[0].render", '"js" is not one of http, browser'),
        (W + 'render = "browsr"\n', "watch[0].render", "(did you mean 'browser'?)"),
        (W + "render = true\n", "watch[0].render", "expected a string, got a boolean"),
        (
            '[fetch]\nbrowser_executable = "bin/chromium"\n',
            "fetch.browser_executable",
            '"bin/chromium" is a relative path; use an absolute one, or a command name',
        ),
        ('[fetch]\nbrowser_executable = ""\n', "fetch.browser_executable", "must not be empty"),
        (
            '[fetch]\nbrowser_executabel = "chromium"\n',
            "fetch.browser_executabel",
            "did you mean 'browser_executable'",
        ),
    ],
    ids=["unknown", "typo", "type", "relative", "empty", "misspelt"],
)
def test_invalid_browser_config(tmp_path, text, key, reason):
    path = tmp_path / "watcher.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        config.load(path, environ={})
    assert (caught.value.key, str(caught.value)) == (key, f"{path}: {key}: {caught.value.reason}")
    assert reason in caught.value.reason


# --- end to end -----------------------------------------------------------------------


class Workspace(test_pipeline.Workspace):
    """The end-to-end workspace with the watches and [fetch] lines the test gives."""

    def write(self, watches: str, fetch: str = "") -> None:
        self.config.write_text(
            f'[storage]\nurl = "{self.db_url}"\n'
            f'[fetch]\ntimeout = "10s"\nretries = 0\n{fetch}\n{watches}'
        )


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    return Workspace(tmp_path, http_server, capsys)


def watch(name: str, url: str, extra: str = 'render = "browser"') -> str:
    return f'[[watch]]\nname = "{name}"\nkind = "terms"\nurl = "{url}"\n{extra}\n'


def test_javascript_only_page_end_to_end(ws, http_server, runner, browser):
    http_server.route("/terms", Reply(body=js_page(TERMS)))
    # As served, the page is a script and nothing else: a failed check, no version.
    ws.write(watch("Doc", http_server.url("/terms"), extra=""))
    rc, out, _ = ws.run("check")
    assert rc == 0 and "doc: error" in out and "no text" in out
    assert ws.rows(VersionRow) == []

    # Rendered: the module's Chromium serves the pipeline, as `watcher check` wires it
    # (test_error_pages_are_failed_checks_in_one_browser runs that wiring).
    ws.write(watch("Doc", http_server.url("/terms")))
    cfg = config.load(ws.config, environ={})

    async def check():
        async with Fetcher(cfg.fetch) as fetcher:
            pipeline = Pipeline(cfg, store, fetcher, browser=browser)
            return await pipeline.check(cfg.watches[0])

    with open_store(cfg) as store:
        first = runner.run(check())
        assert (first.outcome, first.events) == ("new_version", (EventKind.FIRST_SEEN,))
        rc, out, _ = ws.run("show", "Doc")
        assert "## 1. Your content" in out and "We do not sell your personal data." in out
        http_server.route("/terms", Reply(body=js_page(TERMS_V2)))
        second = runner.run(check())
        assert (second.outcome, second.events) == ("new_version", (EventKind.CHANGED,))

    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    assert events[1]["ai_change"] == "appeared"
    rc, out, _ = ws.run("diff", "Doc")
    assert "train our artificial intelligence models" in out
    # The rendered DOM is what is kept, and what `rebuild` derives the same texts from.
    assert {b.content_type for b in ws.rows(BodyBlob)} == {"text/html; charset=utf-8"}
    rc, out, _ = ws.run("rebuild", "--all")
    assert rc == 0 and "0 version texts changed" in out


def test_error_pages_are_failed_checks_in_one_browser(ws, http_server, chromium):
    http_server.route("/gone", Reply(status=404, body=js_page("<p>Page not found.</p>")))
    http_server.route("/down", Reply(status=500, body="<h1>Internal Server Error</h1>"))
    ws.write(
        watch("Gone", http_server.url("/gone")) + watch("Down", http_server.url("/down")),
        f'browser_executable = "{chromium}"',
    )
    rc, out, err = ws.run("-v", "check")
    assert rc == 0
    assert "gone: error" in out and "HTTP 404" in out
    assert "down: error" in out and "HTTP 500" in out
    checks = ws.rows(CheckRow)
    assert sorted((c.watch_id, c.outcome, c.status, c.error_kind) for c in checks) == [
        ("down", "error", 500, "http_status"),
        ("gone", "error", 404, "http_status"),
    ]
    assert all(c.version_id is None for c in checks) and ws.rows(VersionRow) == []
    launches = [line for line in err.splitlines() if "Chromium" in line and "started" in line]
    assert len(launches) == 1  # one Chromium for the whole pass


def test_missing_executable_is_a_failed_check_that_says_so(ws, http_server, tmp_path):
    http_server.route("/terms", Reply(body=js_page(TERMS)))
    missing = tmp_path / "no" / "chromium"
    ws.write(watch("Doc", http_server.url("/terms")), f'browser_executable = "{missing}"')
    rc, out, _ = ws.run("check")
    assert rc == 0 and "doc: error" in out
    assert f"browser_executable '{missing}' is not an executable file" in out
    checks = ws.rows(CheckRow)
    assert [(c.outcome, c.error_kind, c.version_id) for c in checks] == [("error", "browser", None)]
    assert http_server.requests == []  # nothing was fetched some other way


def test_validate_fetch_renders_browser_watches(ws, http_server, chromium):
    http_server.route("/terms", Reply(body=js_page(TERMS)))
    ws.write(watch("Doc", http_server.url("/terms")), f'browser_executable = "{chromium}"')
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 0 and "every watch fetched twice with the same text" in out, out
    assert "but" not in out  # no warning about the browser (only that no notifier is set)


def test_validate_warns_when_browser_watches_cannot_render(ws, http_server, tmp_path, monkeypatch):
    missing = tmp_path / "no" / "chromium"
    url = http_server.url("/terms")
    ws.write(watch("Doc", url) + watch("Plain", url, extra=""), f'browser_executable = "{missing}"')
    rc, out, _ = ws.run("validate")
    assert rc == 0  # the file is valid; this machine cannot render its browser watches
    assert (
        f"warning: doc: render = \"browser\", but [fetch] browser_executable '{missing}' "
        "is not an executable file" in out
    )
    monkeypatch.setitem(sys.modules, "playwright", None)  # as if not installed
    rc, out, _ = ws.run("validate")
    hint = "but Playwright is not installed; install it with: pip install 'policy-watcher[browser]'"
    assert hint in out
    assert http_server.requests == []
