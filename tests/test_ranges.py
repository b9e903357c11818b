"""Range selectors (Open Terms Archive's startBefore/startAfter/endBefore/endAfter), golden
cases: a page, a range, the text kept by select and the text left by remove."""

from __future__ import annotations

import contextlib
import io

import pytest
from httpserver import Reply
from lxml import html

from watcher.cli import main
from watcher.config import parse
from watcher.errors import ConfigError
from watcher.models import Rules
from watcher.models.config import Range
from watcher.normalize import VERSION
from watcher.normalize.html import html_text
from watcher.normalize.ranges import remove_range, select_range

PAGE = (
    "<html><body><div id='top'>Menu</div>"
    "<main><h1 id='title'>Terms</h1><p id='one'>One <b>bold</b> tail</p>"
    "between<h2 id='ads'>Ads</h2><p id='two'>Two</p></main>"
    "<footer id='foot'>Foot</footer></body></html>"
)


def _text(el) -> str:
    return " ".join(" ".join(el.itertext()).split())


CASES = [
    # (range, kept by select, left by remove)
    (
        Range("#title", "#ads"),
        "Terms One bold tail between",
        "Menu Ads Two Foot",
    ),
    (
        Range("#title", "#ads", start_after=True),
        "One bold tail between",
        "Menu Terms Ads Two Foot",
    ),
    (
        Range("#title", "#ads", end_after=True),
        "Terms One bold tail between Ads",
        "Menu Two Foot",
    ),
    (
        Range("#one", "#foot", start_after=True, end_after=False),
        "between Ads Two",
        "Menu Terms One bold tail Foot",
    ),
    (  # from inside one element to inside another
        Range("b", "#two", start_after=False, end_after=True),
        "bold tail between Ads Two",
        "Menu Terms One Foot",
    ),
    (  # the whole main, as OTA's {startBefore: "main", endAfter: "main"}
        Range("main", "main", end_after=True),
        "Terms One bold tail between Ads Two",
        "Menu Foot",
    ),
]


@pytest.mark.parametrize(("rng", "selected", "left"), CASES, ids=str)
def test_range_select_and_remove(rng: Range, selected: str, left: str) -> None:
    doc = html.fromstring(PAGE)
    kept = select_range(doc, rng)
    assert kept is not None
    assert _text(kept) == selected
    assert _text(doc) == _text(html.fromstring(PAGE))  # select works on a copy
    assert remove_range(doc, rng)
    assert _text(doc) == left


@pytest.mark.parametrize(
    "rng",
    [
        Range("#missing", "#ads"),
        Range("#title", "#missing"),
        Range("#ads", "#title"),  # the end before the start: an empty range
    ],
    ids=str,
)
def test_a_range_not_found_selects_nothing_and_removes_nothing(rng: Range) -> None:
    doc = html.fromstring(PAGE)
    assert select_range(doc, rng) is None
    assert not remove_range(doc, rng)
    assert _text(doc) == _text(html.fromstring(PAGE))


def test_a_range_reads_as_the_configuration_writes_it() -> None:
    assert str(Range("h1", "footer", end_after=True)) == (
        "{ start_before = 'h1', end_after = 'footer' }"
    )


# --- through the normalizer and the configuration -------------------------------------------


def test_html_text_selects_and_removes_ranges() -> None:
    rules = Rules(
        select=(Range("#title", "#foot"),),
        remove=(Range("#ads", "#two", end_after=True),),
    )
    text, unmatched = html_text(PAGE, rules)
    assert text == "# Terms\n\nOne bold tail\n\nbetween"
    assert unmatched == ()
    missing = Range("#nowhere", "#foot")
    assert html_text(PAGE, Rules(select=("main", missing)))[1] == (missing,)


def _watch(select: str):
    return parse(
        f'[[watch]]\nname = "Doc"\nurl = "https://example.com/t"\nselect = {select}\n',
        environ={},
    ).watches[0]


def test_the_configuration_reads_range_tables() -> None:
    watch = _watch('["main", { start_after = "h1", end_before = "footer" }]')
    assert watch.rules.select == ("main", Range("h1", "footer", start_after=True))
    other = _watch('["main", { start_after = "h1", end_after = "footer" }]')
    assert other.rules.fingerprint(VERSION) != watch.rules.fingerprint(VERSION)
    # Without ranges, the fingerprint is the one stored before ranges existed.
    plain = Rules(select=("main",))
    assert _watch('["main"]').rules.fingerprint(VERSION) == plain.fingerprint(VERSION)


@pytest.mark.parametrize(
    ("select", "reason"),
    [
        ('[{ start_before = "h1" }]', "one of end_before/end_after"),
        ('[{ start_before = "h1", start_after = "h2", end_before = "p" }]', "one of start_"),
        ('[{ start_before = "h1", end_before = "p", middle = "x" }]', "middle"),
        ('[{ start_before = "h1", end_before = 3 }]', "strings"),
        ('[{ start_before = "h1", end_before = "p >" }]', "invalid CSS selector"),
        ('["main", 3]', "expected a CSS selector or a range table"),
        ('["main", ""]', "must not be empty"),
    ],
)
def test_invalid_range_selectors_are_configuration_errors(select: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _watch(select)
    assert "watch[0].select[" in str(caught.value)
    assert reason in str(caught.value)


def test_validate_fetch_names_a_range_that_matches_nothing_as_written(
    tmp_path, http_server
) -> None:
    http_server.route("/terms", Reply(body=PAGE))
    config = tmp_path / "watcher.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "w.db"}"\n'
        f'[[watch]]\nname = "Doc"\nurl = "{http_server.url("/terms")}"\n'
        'select = ["main", { start_after = "#nowhere", end_before = "#foot" }]\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--config", str(config), "validate", "--fetch"], environ={}) == 1
    assert "{ start_after = '#nowhere', end_before = '#foot' }] matches nothing" in out.getvalue()
