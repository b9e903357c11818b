"""`[[watch.parts]]`: a combined document whose parts are read with rules of their own."""

from __future__ import annotations

import re

import pytest
import test_documents
from httpserver import Reply

from watcher.config import parse
from watcher.errors import ConfigError
from watcher.models import Rules
from watcher.normalize import VERSION

TERMS = "<nav>Menu</nav><main><h1>Terms</h1><p>Be kind.</p></main><footer>Foot</footer>"
ADDENDUM = (
    "<div class='banner'>Cookies?</div>"
    "<article><h1>EU addendum</h1><p>We never train on your data.</p>"
    "<p class='ad'>Buy now</p></article>"
)
ADDENDUM_CHANGED = ADDENDUM.replace("never train", "train")

PARTS = """
select = ["main"]
[[watch.parts]]
url = "https://example.com/terms"
[[watch.parts]]
url = "https://example.com/eu"
select = ["article"]
remove = [".ad"]
"""


def _watch(body: str):
    return parse(f'[[watch]]\nname = "Doc"\n{body}', environ={}).watches[0]


def test_parts_become_urls_and_per_part_rules() -> None:
    watch = _watch(PARTS)
    assert watch.url == "https://example.com/terms"
    assert watch.urls == ("https://example.com/terms", "https://example.com/eu")
    assert watch.combined
    # A part without select/remove uses the watch's.
    assert watch.rules.parts == (
        Rules(select=("main",)),
        Rules(select=("article",), remove=(".ad",)),
    )
    assert watch.rules.for_part(1).select == ("article",)


def test_the_parts_rules_are_in_the_fingerprint() -> None:
    base = _watch(PARTS).rules.fingerprint(VERSION)
    other = _watch(PARTS.replace('remove = [".ad"]', 'remove = [".promo"]'))
    assert other.rules.fingerprint(VERSION) != base
    # A watch without parts keeps the fingerprint it had before parts existed.
    assert Rules(select=("main",)).fingerprint(VERSION) == Rules(select=("main",)).fingerprint(
        VERSION
    )
    assert Rules(select=("main",), parts=()).fingerprint(VERSION) == Rules(
        select=("main",)
    ).fingerprint(VERSION)


@pytest.mark.parametrize(
    ("body", "key", "reason"),
    [
        ('url = "https://example.com/a"\n' + PARTS, "watch[0].url", "not both"),
        ("[[watch.parts]]\nurl = 'https://example.com/a'\n", "watch[0].parts", "at least two"),
        (
            "[[watch.parts]]\nurl = 'https://example.com/a'\n[[watch.parts]]\nurl = 'ftp://x/b'\n",
            "watch[0].parts[1].url",
            "http",
        ),
        (
            PARTS.replace('remove = [".ad"]', 'remove = ["p["]'),
            "watch[0].parts[1].remove[0]",
            "invalid CSS selector",
        ),
        (PARTS.replace('select = ["article"]', "selekt = ['a']"), "watch[0].parts[1]", "selekt"),
        (
            PARTS.replace("https://example.com/eu", "https://example.com/terms"),
            "watch[0].parts[1].url",
            "same URL",
        ),
        ('parts = ["https://example.com/a"]\n', "watch[0].parts", "array of tables"),
    ],
)
def test_invalid_parts_are_configuration_errors(body: str, key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _watch(body)
    assert key in str(caught.value)
    assert reason in str(caught.value)


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    return test_documents.Workspace(tmp_path, http_server, capsys)


def test_check_reads_each_part_with_its_own_rules(ws, http_server) -> None:
    http_server.route("/terms", Reply(body=TERMS))
    http_server.route("/eu", Reply(body=ADDENDUM), Reply(body=ADDENDUM_CHANGED))
    ws.write(
        PARTS.replace("https://example.com/terms", http_server.url("/terms")).replace(
            "https://example.com/eu", http_server.url("/eu")
        )
    )
    rc, out, _ = ws.run("check")
    assert rc == 0 and "first_seen" in out
    text = ws.show()
    assert "# Terms\n\nBe kind.\n\n# EU addendum\n\nWe never train on your data." in text
    for noise in ("Menu", "Foot", "Cookies?", "Buy now"):
        assert noise not in text
    rc, out, _ = ws.run("check")
    assert rc == 0 and "changed" in out
    assert [e["kind"] for e in ws.events()] == ["first_seen", "changed"]
    rc, out, _ = ws.run("rebuild", "--all")
    assert rc == 0 and re.search(r"\b0 (version )?texts changed", out)
    rc, out, _ = ws.run("validate")
    assert rc == 0
