"""The watch's state machine (pipeline/decide.py): golden cases kept as data.

Each case of tests/data/decide/cases.json gives the watch's state before a check (texts are
named by letters), what the check saw and the policy, and the expected decision; fields the
case does not name are not checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watcher.models import EventKind, Outcome, Validators, WatchState
from watcher.pipeline.decide import Decision, Failure, Policy, Seen, decide

CASES = json.loads((Path(__file__).parent / "data" / "decide" / "cases.json").read_text())


def _state(s: dict) -> WatchState:
    return WatchState(
        watch_id="w",
        validators=Validators(),
        body_sha256=None,
        body_fingerprint=None,
        failures=s.get("failures", 0),
        error_raised=s.get("error_raised", False),
        last_check_at=None,
        latest=s.get("latest"),
        latest_text_sha256=s.get("text"),
        pending_text_sha256=s.get("pending"),
        pending_count=s.get("pending_count", 0),
        final_url=s.get("final_url"),
    )


def _seen(s: dict) -> Seen:
    failure = s.get("failure")
    return Seen(
        failure=Failure(failure, f"{failure} happened") if failure else None,
        not_modified=s.get("not_modified", False),
        same_body=s.get("same_body", False),
        text_sha256=s.get("text"),
        shrink=s.get("shrink"),
        clean_removal=s.get("clean_removal", False),
        final_url=s.get("final_url"),
    )


def _view(d: Decision) -> dict:
    return {
        "outcome": d.outcome.value,
        "failures": d.failures,
        "error_raised": d.error_raised,
        "error_kind": d.error_kind,
        "pending": d.pending_text_sha256,
        "pending_count": d.pending_count,
        "keep_validators": d.keep_validators,
        "events": [e.kind.value for e in d.events],
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_decide(case):
    decision = decide(_state(case["state"]), _seen(case["seen"]), Policy(**case.get("policy", {})))
    view = _view(decision)
    assert {k: view[k] for k in case["expect"]} == case["expect"]


def test_fetch_error_summary_names_the_run_and_the_cause():
    state = _state({"latest": 1, "text": "A", "failures": 2})
    d = decide(state, Seen(failure=Failure("timeout", "x: timed out")), Policy(error_after=3))
    assert d.outcome is Outcome.ERROR and d.error == "x: timed out"
    assert [(e.kind, e.summary) for e in d.events] == [
        (EventKind.FETCH_ERROR, "3 checks in a row failed: x: timed out")
    ]


def test_moved_carries_both_urls():
    state = _state({"latest": 1, "text": "A", "final_url": "https://a.example/"})
    d = decide(state, Seen(text_sha256="A", final_url="https://b.example/"), Policy())
    (moved,) = d.events
    assert (moved.report.from_url, moved.report.to_url) == (
        "https://a.example/",
        "https://b.example/",
    )
    assert moved.summary == "now served from https://b.example/ (was https://a.example/)"
