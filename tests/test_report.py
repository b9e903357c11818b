"""The change report's stored form: what an event keeps in the database, and reads back."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watcher.models import (
    Event,
    EventKind,
    Rules,
    event_contract,
    finding_json,
    report_from_json,
    report_json,
)
from watcher.normalize import normalize
from watcher.pipeline import analyse

PAGES = Path(__file__).parent / "data" / "pages"


def text_of(name: str) -> str:
    html = gzip.decompress((PAGES / name).read_bytes()).decode("utf-8")
    return normalize(html, "text/html", Rules()).text


def verbose(report) -> dict:
    """The stored form of the previous release: every key, findings as `finding_json`."""
    return {
        "v": 2,
        "substantive": report.substantive,
        "ai_change": report.ai_change.value if report.ai_change else None,
        "ai_direction": report.ai_direction.value if report.ai_direction else None,
        "ai_severity": report.ai_severity.value if report.ai_severity else None,
        "ai_findings": [
            {
                "change": f.change.value,
                "direction": f.direction.value if f.direction else None,
                "before": finding_json(f.before),
                "after": finding_json(f.after),
            }
            for f in report.ai_findings
        ],
        "effective_before": None,
        "effective_after": (report.effective_after.isoformat() if report.effective_after else None),
        "silent_edit": report.silent_edit,
    }


@pytest.fixture(scope="module")
def first():
    """The first-version report of a real privacy policy with several AI-training findings."""
    report = analyse.first_version(text_of("perplexity-privacy-009.html.gz")).report
    assert len(report.ai_findings) >= 2
    return report


def stored(report) -> dict:
    return json.loads(json.dumps(report_json(report)))  # as the database gives it back


def test_a_first_version_reads_back_whole(first):
    assert report_from_json(stored(first)) == first


def test_a_change_reads_back_whole():
    old, new = text_of("copilot-terms-027.html.gz"), text_of("copilot-terms-029.html.gz")
    report = analyse.change(old, new).report
    assert report_from_json(stored(report)) == report


def test_the_event_contract_is_the_same_from_either_stored_form(first):
    def event(details: dict) -> dict:
        e = Event(
            id=1,
            watch="p",
            name="P",
            url="https://example.org/privacy",
            kind=EventKind.FIRST_SEEN,
            at=datetime(2026, 3, 1, tzinfo=UTC),
            version_from=None,
            version_to=1,
            summary="first version recorded",
            report=report_from_json(details),
        )
        return event_contract(e)

    assert event(stored(first)) == event(verbose(first))
    assert event(stored(first))["ai_findings"][0]["after"]["cues"]


def test_a_first_version_stores_under_two_thirds_of_the_verbose_form(first):
    # Cues as [kind, start, end] (their text is the passage's), no null or empty values.
    size = len(json.dumps(report_json(first)))
    assert size < 0.65 * len(json.dumps(verbose(first)))


def test_a_cue_whose_text_is_not_the_passage_slice_keeps_it(first):
    f = first.ai_findings[0].after
    odd = type(f.cues[0])(f.cues[0].kind, "elsewhere", 0, 3)
    changed = type(first.ai_findings[0])(
        first.ai_findings[0].change, after=type(f)(**{**f.__dict__, "cues": (odd,)})
    )
    report = type(first)(ai_change=first.ai_change, ai_findings=(changed,))
    assert report_from_json(stored(report)) == report
