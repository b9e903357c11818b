"""Soft failures: a 200 that is not the document is a failed check, never a new version.

End to end through the real CLI and a real HTTP server (as tests/test_pipeline.py), and the
pure judgement `suspect.suspicion` on its own, including real policies that merely mention
signing in, captchas or missing pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from httpserver import Reply
from test_pipeline import Workspace, page

from watcher.db import CheckRow, VersionRow
from watcher.pipeline import suspect
from watcher.pipeline.suspect import suspicion

DATA = Path(__file__).resolve().parent / "data"

CLOUDFLARE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"><script>window._cf_chl_opt={cvId: '3'};</script>
</head><body><div class="main-wrapper"><h1>example.org</h1>
<h2>Checking if the site connection is secure</h2>
<p>Enable JavaScript and cookies to continue</p></div></body></html>"""

ATTENTION = """<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1><p>You are unable to access example.org</p>
<div class="cf-error-details">Cloudflare Ray ID: 8a1b2c3d4e5f</div></body></html>"""

CAPTCHA = """<html><head><title>example.org</title></head><body><main>
<h1>Are you a robot?</h1><p>Please complete the captcha below to continue.</p>
<div class="g-recaptcha" data-sitekey="x"></div></main></body></html>"""

LOGIN = """<html><head><title>Example</title></head><body><main><h1>Welcome back</h1>
<p>Sign in to continue to Example.</p>
<form><input name="email"><input type="password" name="pw"><button>Next</button></form>
</main></body></html>"""

LOGIN_TITLE = """<html><head><title>Log in | Example</title></head><body><main>
<h1>Example</h1><p>Email</p><p>Forgot your password?</p></main></body></html>"""

ERROR_200 = """<html><head><title>Example</title></head><body><main>
<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist.</p>
<p><a href="/">Go home</a></p></main></body></html>"""

SERVER_ERROR = """<html><head><title>500 Internal Server Error</title></head><body>
<h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>"""

CONSENT = """<html><head><title>Example</title></head><body><main>
<h1>We value your privacy</h1><p>We and our partners use cookies to store information.</p>
<p><button>Accept all</button> <button>Reject all</button></p></main></body></html>"""

TRUNCATED = page().split("<h2>")[0] + "</main></body></html>"  # only the title and date


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    return w


def test_challenge_between_good_pages_is_no_version(ws, http_server):
    http_server.route(
        "/terms", Reply(body=page()), Reply(body=CLOUDFLARE), Reply(body=page(cls="y"))
    )
    for _ in range(3):
        assert ws.run("check")[0] == 0
    assert [e["kind"] for e in ws.events()] == ["first_seen"]  # no changed, either way
    checks = ws.rows(CheckRow)
    assert [c.outcome for c in checks] == ["new_version", "error", "unchanged"]
    assert checks[1].error_kind == "suspicious" and checks[1].version_id is None
    assert "bot challenge" in checks[1].error and checks[1].status == 200
    assert len(ws.rows(VersionRow)) == 1


SOFT = {
    "cloudflare-blocked": ATTENTION,
    "captcha": CAPTCHA,
    "login-wall": LOGIN,
    "login-title": LOGIN_TITLE,
    "not-found-200": ERROR_200,
    "server-error-200": SERVER_ERROR,
    "consent": CONSENT,
    "truncated": TRUNCATED,
}


SHRUNK = {"consent", "truncated"}  # caught by their length loss, not by a signature


@pytest.mark.parametrize("name", SOFT)
def test_soft_failure_is_a_suspicious_check(ws, http_server, name):
    http_server.route("/terms", Reply(body=page()), Reply(body=SOFT[name]))
    ws.run("check")
    rc, _out, _ = ws.run("check")
    assert rc == 0
    checks = ws.rows(CheckRow)
    # A page that only lost most of its text waits as a candidate ("pending"); an
    # impostor page (challenge, login, error) is a failed check. Neither is a version.
    shrunk = name in SHRUNK
    assert [c.outcome for c in checks] == ["new_version", "pending" if shrunk else "error"]
    assert checks[1].error_kind == "suspicious" and checks[1].version_id is None
    assert len(ws.rows(VersionRow)) == 1
    assert [e["kind"] for e in ws.events()] == ["first_seen"]


def test_a_document_that_really_shrank_becomes_a_version_once_it_persists(ws, http_server):
    http_server.route("/terms", Reply(body=page()), Reply(body=TRUNCATED))
    for _ in range(4):
        ws.run("check")
    outcomes = [c.outcome for c in ws.rows(CheckRow)]
    assert outcomes == ["new_version", "pending", "pending", "new_version"]  # error_after = 3
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]


UPCOMING = """<html><head><title>Terms</title></head><body><main>
<h1>Example Terms of Service</h1>
<section><h2>Upcoming version, in force from 1 March 2026</h2>
<p>These terms govern your use of Example. You may not resell the service.</p>
<p>We may train our models on anonymised usage statistics.</p>
<p>Disputes are settled by the courts of Paris.</p>
<p>We may change these terms with thirty days' notice.</p></section>
<section><h2>Current version</h2>
<p>These terms govern your use of Example.</p>
<p>Disputes are settled by the courts of Paris.</p></section>
<p>Contact: legal@example.org</p>
</main></body></html>"""
# The same page once the upcoming version is gone: whole blocks dropped, nothing else.
WITHOUT_UPCOMING = UPCOMING.split("<section><h2>Upcoming")[0] + (
    "<section>" + UPCOMING.split("<section>")[2]
)


def test_a_clean_removal_of_whole_blocks_is_a_version_at_once(ws, http_server):
    # More than half of the text goes, but as whole blocks: a real edit, not held.
    http_server.route("/terms", Reply(body=UPCOMING), Reply(body=WITHOUT_UPCOMING))
    ws.run("check")
    ws.run("check")
    assert [c.outcome for c in ws.rows(CheckRow)] == ["new_version", "new_version"]
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]


def test_clean_removal():
    old = "# Terms\n\nUpcoming A.\n\nUpcoming B.\n\nCurrent A.\n\nContact.\n"
    assert suspect.clean_removal("# Terms\n\nCurrent A.\n\nContact.\n", old)
    # The end is gone: a truncated page.
    assert not suspect.clean_removal("# Terms\n\nUpcoming A.\n\nUpcoming B.\n", old)
    # A block that was never there: not only a removal.
    assert not suspect.clean_removal("# Terms\n\nSomething else.\n\nContact.\n", old)
    # Blocks out of order, a block cut in the middle, nothing to compare with.
    assert not suspect.clean_removal("# Terms\n\nContact.\n\nCurrent A.\n", old)
    assert not suspect.clean_removal("# Terms\n\nCurrent\n\nContact.\n", old)
    assert not suspect.clean_removal("# Terms\n", old)
    assert not suspect.clean_removal("# Terms\n\nContact.\n", None)


def test_truncated_page_names_the_loss(ws, http_server):
    http_server.route("/terms", Reply(body=page()), Reply(body=TRUNCATED))
    ws.run("check")
    ws.run("check")
    assert "lost" in ws.rows(CheckRow)[1].error and "% of its length" in ws.rows(CheckRow)[1].error


def test_challenge_on_the_first_check_stores_nothing(ws, http_server):
    http_server.route("/terms", Reply(body=CLOUDFLARE), Reply(body=page()))
    ws.run("check")
    assert ws.rows(VersionRow) == [] and ws.events() == []
    ws.run("check")
    assert [e["kind"] for e in ws.events()] == ["first_seen"]


def test_persistent_challenge_raises_fetch_error_after_three_then_recovers(ws, http_server):
    http_server.route(
        "/terms",
        Reply(body=page()),
        Reply(body=CLOUDFLARE),
        Reply(body=CLOUDFLARE),
        Reply(body=CLOUDFLARE),
        Reply(body=CLOUDFLARE),
        Reply(body=page()),
    )
    for _ in range(6):
        assert ws.run("check")[0] == 0
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "fetch_error", "recovered"]
    assert "not the document" in events[1]["summary"]
    assert len(ws.rows(VersionRow)) == 1


def test_change_after_a_challenge_is_compared_with_the_last_good_version(ws, http_server):
    changed = page(build="b2", We_do_not_sell="We may sell")
    http_server.route("/terms", Reply(body=page()), Reply(body=CLOUDFLARE), Reply(body=changed))
    for _ in range(3):
        ws.run("check")
    events = ws.events()
    assert [e["kind"] for e in events] == ["first_seen", "changed"]
    assert (events[1]["version_from"], events[1]["version_to"]) == (1, 2)


# --- the judgement alone -------------------------------------------------------


def real(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


REAL = [
    "normalize/real_copilot_terms.txt",
    "normalize/real_perplexity_privacy.txt",
    "normalize/real_qwen_privacy_table.txt",
    "normalize/real_reddit_terms.txt",
    "dates/reddit_terms_head.txt",
]
MENTIONS = [
    "You may need to sign in to continue using some features of the Services.",
    "We use a captcha to protect your account from automated abuse.",
    'If a link returns "page not found" (404), please contact us.',
    "Please log in to your account settings to manage cookies or to accept all updates.",
    "Access denied to your data is logged, and the service may be temporarily unavailable.",
]


@pytest.mark.parametrize("name", REAL)
@pytest.mark.parametrize("mention", MENTIONS, ids=["sign-in", "captcha", "404", "log-in", "denied"])
def test_real_policy_mentioning_the_phrases_is_not_suspect(name, mention):
    text = real(name)
    blocks = text.split("\n\n")
    mentioned = "\n\n".join([*blocks[:2], mention, *blocks[2:]])
    head = "<html><head><title>Terms of Service | Example</title></head><body>"
    assert suspicion(mentioned, None, head) is None
    assert suspicion(mentioned, text, head) is None


@pytest.mark.parametrize("name", REAL)
def test_real_policies_are_not_suspect(name):
    assert suspicion(real(name), None, "") is None


@pytest.mark.parametrize(
    ("text", "head", "what"),
    [
        ("example.org\n", "<title>Just a moment...</title>", "bot challenge"),
        ("Blocked\n", "<TITLE>\n Attention Required! | Cloudflare</Title>", "bot"),
        ("Sorry, you have been blocked\n", "", "bot challenge"),
        ("Checking your browser before accessing example.org.\n", "", "bot challenge"),
        ("Hello\n", "<script>window._cf_chl_opt = {}</script>", "challenge markup"),
        ("Verify you are human by completing the action below.\n", "", "bot challenge"),
        ("Access Denied\n\nYou don't have permission to access this server.\n", "", "bot"),
        ("Welcome\n\nPlease sign in.\n", "<title>Example</title>", "login wall"),
        ("Email\n\nPassword\n", '<form><input type="password"></form>', "login wall"),
        ("Example\n", "<title>Sign in - Example Accounts</title>", "login wall"),
        ("Google\n", "<title>Before you continue to Google</title>", "consent"),
        ("Oops\n", "<title>404 Not Found</title>", "error page"),
        ("Oops\n", "<title>Page not found &middot; Example</title>", "error page"),
        ("Service Unavailable\n\nTry again later.\n", "", "error page"),
        ("Error 404\n\nThis page does not exist.\n", "", "error page"),
    ],
)
def test_suspect_pages(text, head, what):
    reason = suspicion(text, None, head)
    assert reason is not None and what in reason


def test_title_attention_required_is_a_challenge():
    reason = suspicion("x\n", None, "<title>Attention Required! | Cloudflare</title>")
    assert reason is not None and reason.startswith("a bot challenge")


def test_title_of():
    assert suspect.title_of("<html><head><title lang=en>\n A &amp; B\n</title>") == "A & B"
    assert suspect.title_of("<html><body>no title</body>") == ""


def test_length_loss_needs_an_old_text():
    text = real("normalize/real_reddit_terms.txt")
    half = text[: len(text) // 3]
    assert suspicion(half, None, "") is None  # nothing to compare with
    reason = suspicion(half, text, "")
    assert reason is not None and "length" in reason
    # A text that grows, or shrinks a little, is an ordinary change.
    assert suspicion(text + "\nMore.\n", text, "") is None
    assert suspicion(text[: int(len(text) * 0.8)], text, "") is None


def test_heading_loss_alone_is_not_suspicious():
    # Redesigns turn headings into bold paragraphs; a real rewrite in the replay corpus
    # went from 15 headings to 1 at 86 % of its length.
    old = "".join(f"# Section {i}\n\nSome words about section {i}.\n\n" for i in range(6))
    new = old.replace("# Section", "Section")
    assert suspicion(new, old, "") is None


def test_short_texts_without_signals_pass():
    assert suspicion("Terms\n\nBe kind.\n", None, "<title>Terms</title>") is None
    assert suspicion("Terms\n\nBe kind.\n", "Terms\n\nBe nice.\n", "") is None
