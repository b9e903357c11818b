"""robots.txt: read with the Fetcher from a real local server, and reported by
`watcher validate --fetch` (reported, never obeyed)."""

from __future__ import annotations

import asyncio

import pytest
from httpserver import Reply, closed_port_url
from test_pipeline import Workspace, page

from watcher.fetch import Fetcher, product_token, robots_allows, robots_url
from watcher.models import FetchSettings

SETTINGS = FetchSettings(user_agent="watcher/9.9 (+https://example.org)", timeout=2.0, retries=0)


def robots(body: str) -> Reply:
    return Reply(body=body, content_type="text/plain")


async def _allows(*urls: str, agent: str = "watcher") -> list[bool | None]:
    cache = {}
    async with Fetcher(SETTINGS) as fetcher:
        return [await robots_allows(fetcher, u, agent, cache=cache) for u in urls]


def allows(*urls: str, agent: str = "watcher") -> list[bool | None]:
    return asyncio.run(_allows(*urls, agent=agent))


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("watcher/0.1.0 (+https://github.com/watcher-project/watcher)", "watcher"),
        ("", "watcher"),
        ("  Acme-Legal_Bot/2 (ops@acme.example)", "Acme-Legal_Bot"),
        ("Mozilla/5.0 (X11; Linux x86_64)", "Mozilla"),
    ],
)
def test_product_token_is_what_robots_groups_match(header, token):
    assert product_token(header) == token


def test_robots_url_keeps_scheme_host_port_and_drops_the_rest():
    assert robots_url("https://u:p@Example.org:8443/a/b?q=1#f") == (
        "https://Example.org:8443/robots.txt"
    )
    assert robots_url("http://example.org") == "http://example.org/robots.txt"


def test_disallow_for_watcher_and_for_everyone_is_honoured_by_path(http_server):
    http_server.route(
        "/robots.txt",
        robots(
            "User-agent: otherbot\nDisallow: /\n\n"
            "User-agent: Watcher\nDisallow: /legal/\n\n"
            "User-agent: *\nDisallow: /\n"
        ),
    )
    assert allows(
        http_server.url("/legal/terms"), http_server.url("/privacy"), http_server.url("/")
    ) == [False, True, True]
    # An agent with no group of its own falls under `*`.
    assert allows(http_server.url("/privacy"), agent="somebot") == [False]
    assert len(http_server.requests_to("/robots.txt")) == 2  # once per run (cache), per host


def test_star_group_disallowing_another_path_allows(http_server):
    http_server.route("/robots.txt", robots("User-agent: *\nDisallow: /private\n"))
    assert allows(http_server.url("/terms"), http_server.url("/private/x")) == [True, False]


# --- RFC 9309 matching (2.2.2): the longest match wins, `*` and `$` are patterns --------


def test_the_longest_match_wins_whatever_the_order(http_server):
    http_server.route(
        "/robots.txt", robots("User-agent: *\nDisallow: /docs/\nAllow: /docs/terms\n")
    )
    assert allows(
        http_server.url("/docs/terms"),
        http_server.url("/docs/terms/2026"),
        http_server.url("/docs/other"),
        http_server.url("/docs/"),
        http_server.url("/pricing"),
    ) == [True, True, False, False, True]


def test_an_equally_long_allow_beats_disallow(http_server):
    http_server.route("/robots.txt", robots("User-agent: *\nDisallow: /terms\nAllow: /terms\n"))
    assert allows(http_server.url("/terms")) == [True]


def test_dollar_anchors_the_end_of_the_path(http_server):
    http_server.route(
        "/robots.txt", robots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /legal$\n")
    )
    assert allows(
        http_server.url("/files/terms.pdf"),
        http_server.url("/files/terms.pdf?v=2"),
        http_server.url("/files/terms.pdf.html"),
        http_server.url("/legal"),
        http_server.url("/legal/terms"),
    ) == [False, True, True, False, True]


def test_star_matches_any_run_of_characters(http_server):
    http_server.route(
        "/robots.txt", robots("User-agent: *\nDisallow: /*/private/\nDisallow: /*?session=\n")
    )
    assert allows(
        http_server.url("/en/private/terms"),
        http_server.url("/en/us/private/x"),
        http_server.url("/private/terms"),  # `*/` needs a segment before it
        http_server.url("/terms?session=1"),
        http_server.url("/terms?lang=en"),
    ) == [False, False, True, False, True]


def test_the_most_specific_agent_group_applies_and_groups_are_merged(http_server):
    http_server.route(
        "/robots.txt",
        robots(
            "User-agent: *\nDisallow: /\n\n"
            "User-agent: watcher\nDisallow: /terms\n\n"
            "User-agent: otherbot\nAllow: /\n\n"
            "User-agent: WATCHER\nDisallow: /privacy\n"
        ),
    )
    # Only watcher's own (merged) groups apply to it, not `*`: the rest is allowed.
    assert allows(
        http_server.url("/terms"), http_server.url("/privacy"), http_server.url("/about")
    ) == [False, False, True]
    assert allows(http_server.url("/about"), agent="otherbot") == [True]
    assert allows(http_server.url("/about"), agent="somebot/2.0") == [False]


def test_a_group_may_name_several_agents(http_server):
    http_server.route(
        "/robots.txt", robots("User-agent: acmebot\nUser-agent: watcher\nDisallow: /legal/\n")
    )
    assert allows(http_server.url("/legal/terms"), http_server.url("/")) == [False, True]
    assert allows(http_server.url("/legal/terms"), agent="somebot") == [True]


def test_4xx_means_allowed_5xx_429_and_unreachable_mean_unknown(http_server):
    # Unknown paths answer 404.
    assert allows(http_server.url("/terms")) == [True]
    http_server.route("/robots.txt", Reply(status=403))
    assert allows(http_server.url("/terms")) == [True]
    http_server.route("/robots.txt", Reply(status=503))
    assert allows(http_server.url("/terms")) == [None]
    http_server.route("/robots.txt", Reply(status=429))
    assert allows(http_server.url("/terms")) == [None]
    assert allows(closed_port_url("/terms")) == [None]


def test_robots_request_carries_the_configured_user_agent(http_server):
    http_server.route("/robots.txt", robots("User-agent: *\nAllow: /\n"))
    assert allows(http_server.url("/terms")) == [True]
    assert http_server.requests_to("/robots.txt")[0].header("user-agent") == SETTINGS.user_agent


# --- watcher validate --fetch -------------------------------------------------------------


@pytest.fixture
def ws(database_url, tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys, database_url)
    w.write()
    http_server.route("/terms", Reply(body=page()))
    return w


def test_validate_fetch_reports_a_watch_robots_txt_disallows(ws, http_server):
    http_server.route("/robots.txt", robots("User-agent: watcher\nDisallow: /terms\n"))
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 1
    assert (
        f"example-terms: robots.txt at {http_server.url('/robots.txt')} disallows /terms "
        'for user agent "watcher"'
    ) in out
    assert "1 problem found" in out
    assert len(http_server.requests_to("/terms")) == 2  # reported, still fetched: not obeyed


def test_validate_fetch_matches_the_configured_user_agents_token(ws, http_server):
    http_server.route("/robots.txt", robots("User-agent: acmebot\nDisallow: /\n"))
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 0 and "robots.txt" not in out
    ws.config.write_text(
        ws.config.read_text().replace("[fetch]\n", '[fetch]\nuser_agent = "AcmeBot/1.0"\n', 1)
    )
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 1 and 'disallows /terms for user agent "AcmeBot"' in out


@pytest.mark.parametrize(
    "reply",
    [
        robots("User-agent: *\nDisallow: /private\n"),
        robots("User-agent: watcher\nAllow: /\n\nUser-agent: *\nDisallow: /\n"),
        Reply(status=404),
        Reply(status=503),
    ],
    ids=["other-path", "allowed", "404", "503"],
)
def test_validate_fetch_says_nothing_when_allowed_or_unknown(ws, http_server, reply):
    http_server.route("/robots.txt", reply)
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 0, out
    assert "robots.txt" not in out
    assert "every watch fetched twice with the same text" in out


def test_validate_fetch_checks_every_part_and_reads_robots_once(ws, http_server):
    http_server.route("/robots.txt", robots("User-agent: *\nDisallow: /annex\n"))
    http_server.route("/part-1", Reply(body=page()))
    http_server.route("/annex", Reply(body="<main><p>Annex: data processing</p></main>"))
    ws.config.write_text(
        ws.config.read_text()
        + f"""
[[watch]]
name = "Combined"
urls = ["{http_server.url("/part-1")}", "{http_server.url("/annex?lang=en")}"]
"""
    )
    rc, out, _ = ws.run("validate", "--fetch")
    assert rc == 1
    assert "combined: robots.txt at " in out and "disallows /annex?lang=en for user agent" in out
    assert "example-terms:" not in out and "/part-1 for" not in out
    assert "1 problem found" in out
    assert len(http_server.requests_to("/robots.txt")) == 1
