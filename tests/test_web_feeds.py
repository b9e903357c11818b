"""The Atom feeds over the database of test_web_api (real checks of pages on 127.0.0.1),
served by a real uvicorn, read by a real feed parser (feedparser) as readers read them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import feedparser
import pytest
from test_web_api import SCRIPT_NAME, dataset, web  # noqa: F401  (dataset is a fixture)

from watcher import notify
from watcher.models import Event, EventKind
from watcher.web import feeds

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://watcher.example.org/legal"


@pytest.fixture(scope="module")
def client(dataset):  # noqa: F811
    with web(dataset.db_url) as c:
        yield c


@pytest.fixture(scope="module")
def events(dataset):  # noqa: F811
    """Every event as `watcher events --json` prints it, oldest first."""
    return dataset.events()


def read(client, path: str) -> feedparser.FeedParserDict:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert_rfc4287(r.content)
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
    [self_link] = [link for link in parsed.feed.links if link.rel == "self"]
    assert self_link.href == origin(client) + path
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated
        [alternate] = [link for link in entry.links if link.rel == "alternate"]
        assert alternate.href.startswith(origin(client) + "/watches/")
    return parsed


def assert_rfc4287(body: bytes) -> None:
    """The rules of RFC 4287 §4.1 that a parser forgives: one id, title and updated per feed
    and entry, dates in RFC 3339, an author, an entry's alternate link or content, one
    alternate link per type."""
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"

    def one(element: ET.Element, tag: str) -> str:
        [found] = element.findall(f"{ATOM}{tag}")
        return found.text or ""

    for element in (root, *root.findall(f"{ATOM}entry")):
        assert one(element, "id") and one(element, "title")
        datetime.fromisoformat(one(element, "updated").replace("Z", "+00:00"))
        links = element.findall(f"{ATOM}link")
        alternates = [link.get("type") for link in links if link.get("rel") == "alternate"]
        assert len(alternates) == len(set(alternates))
        assert len(element.findall(f"{ATOM}summary")) <= 1
        assert len(element.findall(f"{ATOM}content")) <= 1
        if element is not root:
            assert alternates or element.find(f"{ATOM}content") is not None
    assert one(root.find(f"{ATOM}author"), "name")


def origin(client) -> str:
    """The served base URL, as the feeds write it (no trailing slash)."""
    return str(client.base_url).rstrip("/")


def entry_key(entry) -> tuple[str, str]:
    """(watch id, event id) from an entry's id."""
    *_, watch, _events, number = entry.id.split("/")
    return watch, number


def test_every_event_newest_first(client, events):
    parsed = read(client, "/feed.atom")
    assert parsed.feed.title == "Watcher: every event"
    assert [entry_key(e) for e in parsed.entries] == [
        (e["watch"], str(e["id"])) for e in reversed(events)
    ]
    stamps = [e.updated_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert parsed.feed.updated == parsed.entries[0].updated
    assert all(e.id.startswith("tag:127.0.0.1,") for e in parsed.entries)
    assert len({e.id for e in parsed.entries}) == len(events)


def test_entries_say_what_happened_and_link_to_the_diff(client, events):
    parsed = read(client, "/feed.atom")
    by_event = {int(entry_key(e)[1]): e for e in parsed.entries}
    base = origin(client)
    for event in events:
        entry = by_event[event["id"]]
        assert entry.summary == event["summary"]
        assert event["summary"] in entry.content[0].value
        assert entry.content[0].type == "text/plain"
        link = entry.link
        if event["kind"] == "changed":
            span = f"{event['version_from']}..{event['version_to']}"
            assert link == f"{base}/watches/{event['watch']}/diff/{span}"
        else:
            assert link == f"{base}/watches/{event['watch']}"
        assert {t.term for t in entry.tags} >= {event["kind"]}
    [first] = [e for e in events if e["watch"] == "example-terms" and e["kind"] == "first_seen"]
    assert by_event[first["id"]].title == "Example Terms now watched"
    [loosened] = [e for e in events if e["ai_change"] == "changed"]
    title = by_event[loosened["id"]].title
    assert title.startswith("[HIGH] Example Terms: AI-training terms changed: now may train")
    [error] = [e for e in events if e["kind"] == "fetch_error"]
    assert by_event[error["id"]].title == "Flaky Terms cannot be fetched"
    [moved] = [e for e in events if e["kind"] == "moved"]
    assert by_event[moved["id"]].title == "Moving Terms moved"


def test_ai_feed_has_only_ai_changes_with_their_words(client, events):
    parsed = read(client, "/ai.atom")
    ai = [e for e in events if e["ai_change"]]
    assert [int(entry_key(e)[1]) for e in parsed.entries] == [e["id"] for e in reversed(ai)]
    assert {(e["watch"], e["ai_change"]) for e in ai} == {
        ("example-terms", "appeared"),
        ("example-terms", "changed"),
        ("script-policy", "appeared"),
    }
    loosened = next(e for e in parsed.entries if "changed" in e.title)
    text = loosened.content[0].value
    assert "now may train AI on your data, with no opt-out mentioned" in text
    assert "(was: does not train AI on your data)" in text
    assert "We may use your content to train our artificial intelligence models." in text
    assert {t.term for t in loosened.tags} == {"changed", "ai-changed"}


def test_one_watch(client, events):
    parsed = read(client, "/watches/example-terms/feed.atom")
    assert parsed.feed.title == "Watcher: Example Terms"
    mine = [e for e in events if e["watch"] == "example-terms"]
    assert [int(entry_key(e)[1]) for e in parsed.entries] == [e["id"] for e in reversed(mine)]
    assert parsed.feed.link == f"{origin(client)}/watches/example-terms"

    r = client.get("/watches/nobody/feed.atom")
    assert r.status_code == 404 and "nobody" in r.text


def test_policy_markup_is_text(client):
    r = client.get("/watches/script-policy/feed.atom")
    assert r.status_code == 200
    assert b"<script" not in r.content.lower()  # no live element, only escaped text
    root = ET.fromstring(r.content)
    titles = [t.text for t in root.iter(f"{ATOM}title")]
    assert titles[0] == f"Watcher: {SCRIPT_NAME}"
    assert len(titles) == 3 and all(SCRIPT_NAME in t for t in titles[1:])
    contents = [c.text for c in root.iter(f"{ATOM}content")]
    assert any("<script>alert(1)</script>" in c for c in contents)
    parsed = read(client, "/watches/script-policy/feed.atom")
    assert parsed.entries[0].title.startswith("[HIGH] Policy ")


def test_base_url_makes_every_link(dataset):  # noqa: F811
    with web(dataset.db_url, base_url=BASE + "/") as c:
        parsed = feedparser.parse(c.get("/ai.atom").content)
    assert not parsed.bozo
    assert parsed.feed.id == f"{BASE}/ai.atom"
    assert {link.href for link in parsed.feed.links} == {f"{BASE}/ai.atom", f"{BASE}/"}
    for entry in parsed.entries:
        assert entry.link.startswith(f"{BASE}/watches/")
        assert entry.id.startswith("tag:watcher.example.org,")
        assert ":/legal/watches/" in entry.id


def test_if_none_match_and_if_modified_since(client):
    r = client.get("/feed.atom")
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert etag.startswith('"') and r.headers["cache-control"] == "no-cache"
    newest = feedparser.parse(r.content).entries[0].updated
    assert parsedate_to_datetime(modified) == datetime.fromisoformat(newest).replace(microsecond=0)

    def status(**headers) -> int:
        answer = client.get("/feed.atom", headers=headers)
        if answer.status_code == 304:
            assert answer.content == b"" and answer.headers["etag"] == etag
            assert answer.headers["last-modified"] == modified
        return answer.status_code

    assert status(**{"If-None-Match": etag}) == 304
    assert status(**{"If-None-Match": f'"other", W/{etag}'}) == 304
    assert status(**{"If-None-Match": "*"}) == 304
    assert status(**{"If-None-Match": '"other"'}) == 200
    assert status(**{"If-Modified-Since": modified}) == 304
    later = format_datetime(parsedate_to_datetime(modified) + timedelta(days=1), usegmt=True)
    earlier = format_datetime(parsedate_to_datetime(modified) - timedelta(seconds=1), usegmt=True)
    assert status(**{"If-Modified-Since": later}) == 304
    assert status(**{"If-Modified-Since": earlier}) == 200
    assert status(**{"If-Modified-Since": "yesterday"}) == 200
    # If-None-Match decides when both are sent.
    assert status(**{"If-None-Match": '"other"', "If-Modified-Since": modified}) == 200

    other = client.get("/ai.atom")
    assert other.headers["etag"] != etag
    assert client.get("/ai.atom", headers={"If-None-Match": etag}).status_code == 200


def test_feeds_are_bounded(client, events, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 2)
    parsed = read(client, "/feed.atom")
    assert [int(entry_key(e)[1]) for e in parsed.entries] == [e["id"] for e in events[-1:-3:-1]]


def test_text_xml_cannot_carry_is_replaced():
    at = datetime(2026, 3, 1, 12, 0, 0, 500_000, tzinfo=UTC)
    event = Event(
        id=7,
        watch="odd",
        name="Odd\x00 <b>terms</b> \x1b[31m",
        url="https://example.org/terms?a=1&b=2",
        kind=EventKind.CHANGED,
        at=at,
        version_from=1,
        version_to=2,
        summary="a \ufffe summary with ]]> and & and \ud800",
    )
    body = feeds.atom(feeds.Feed("Odd", "/feed.atom", "/"), [event], "http://[::1]:8080")
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == notify.render(event).title.replace("\x00", "\ufffd").replace(
        "\x1b", "\ufffd"
    )
    assert entry.summary == "a \ufffd summary with ]]> and & and \ufffd"
    assert entry.id == "http://[::1]:8080/watches/odd/events/7"  # no tag URI for an IPv6 host
    assert entry.link == "http://[::1]:8080/watches/odd/diff/1..2"
    assert "https://example.org/terms?a=1&b=2" in entry.content[0].value
    empty = feedparser.parse(feeds.atom(feeds.Feed("None", "/ai.atom", "/"), [], "http://h"))
    assert not empty.bozo and empty.entries == [] and empty.feed.updated == "1970-01-01T00:00:00Z"
