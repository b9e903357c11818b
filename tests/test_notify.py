"""Routing and rendering of messages (sending is tested end to end in test_pipeline)."""

from datetime import UTC, datetime

import pytest

from watcher import notify
from watcher.models import Event, EventKind, Excerpt, Excerpts, NotifierSettings, NotifyOn

AT = datetime(2026, 8, 1, 9, 30, tzinfo=UTC)


def event(kind=EventKind.CHANGED, **kw) -> Event:
    base = dict(
        id=7,
        watch="zoom-terms",
        name="Zoom *Terms*",
        url="https://zoom.example/terms",
        kind=kind,
        at=AT,
        version_from=3,
        version_to=4,
        summary="1 paragraph changed",
    )
    base.update(kw)
    return Event(**base)


SHOWN = Excerpts(
    Excerpt(
        text="~ We [-will not-] {+may+} use",
        markdown="> We ~~will not~~ **may**",
        html="<div>We <del>will not</del> <ins>may</ins></div>",
    )
)


def n(name, *on):
    return NotifierSettings(
        name=name, urls=(f"json://127.0.0.1/{name}",), on=frozenset(NotifyOn(o) for o in on)
    )


@pytest.mark.parametrize(
    ("kind", "ai", "expected"),
    [
        (EventKind.CHANGED, None, {"all", "change"}),
        (EventKind.FIRST_SEEN, None, {"all", "change"}),
        (EventKind.CHANGED, "appeared", {"all", "change", "ai"}),
        (EventKind.FETCH_ERROR, None, {"all", "error"}),
        (EventKind.RECOVERED, None, {"all", "error"}),
        (EventKind.MOVED, None, {"all", "change", "error"}),
    ],
)
def test_route_follows_each_notifiers_on(kind, ai, expected):
    notifiers = [
        n("all", "ai", "change", "error"),
        n("change", "change"),
        n("ai", "ai"),
        n("error", "error"),
    ]
    routed = notify.route(notifiers, kind, ai)
    assert {name for name, _ in routed} == expected
    assert all(ch == notify.channel_id(f"json://127.0.0.1/{name}") for name, ch in routed)


def test_channel_id_hides_the_url():
    secret = "slack://T000/B000/XXXXSECRET"
    assert "SECRET" not in notify.channel_id(secret)
    assert notify.channel_id(secret) != notify.channel_id(secret + "x")


def test_message_names_document_url_change_and_links_the_full_diff():
    m = notify.render(event(), "https://watcher.example.org/", SHOWN)
    assert m.title == "Zoom *Terms* changed"
    for body in (m.text, m.markdown, m.html):
        assert "https://zoom.example/terms" in body
        assert "1 paragraph changed" in body
        assert "https://watcher.example.org/watches/zoom-terms/diff/3..4" in body
    assert "version 3 → 4" in m.text
    assert "Zoom \\*Terms\\*" in m.markdown  # the name is not read as markup
    assert "<del>will not</del>" in m.html and "~~will not~~" in m.markdown


def test_no_link_without_base_url_and_html_is_escaped():
    shown = Excerpts(Excerpt(SHOWN.document.text, SHOWN.document.markdown, ""))
    m = notify.render(event(name="<b>Evil</b>"), None, shown)
    assert "Full diff" not in m.text
    assert "<b>Evil</b>" not in m.html and "&lt;b&gt;Evil&lt;/b&gt;" in m.html
    assert "<pre>" in m.html  # falls back to the text diff


def test_error_events_have_their_own_title():
    assert notify.render(event(EventKind.FETCH_ERROR), None).title.endswith("cannot be fetched")
    assert notify.render(event(EventKind.RECOVERED), None).title.endswith("fetched again")
    assert notify.render(event(EventKind.MOVED), None).title == "Zoom *Terms* moved"


def test_minor_changes_reach_only_notifiers_that_asked():
    quiet = n("quiet", "change")
    loud = NotifierSettings(
        name="loud", urls=("json://127.0.0.1/loud",), on=frozenset({NotifyOn.CHANGE}), minor=True
    )
    ai = n("ai", "ai")
    routed = notify.route([quiet, loud, ai], EventKind.CHANGED, None, substantive=False)
    assert {name for name, _ in routed} == {"loud"}
    routed = notify.route([quiet, loud, ai], EventKind.CHANGED, "changed", substantive=True)
    assert {name for name, _ in routed} == {"quiet", "loud", "ai"}
