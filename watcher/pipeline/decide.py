"""The watch's state machine: what one check means, as a pure function.

`decide(state, seen, policy)` takes what the store knew of the watch before the check
(`WatchState`), what the check saw (`Seen`: a failure, an unchanged page, or a text and what
it looks like) and the confirmation rules (`Policy`), and returns the `Decision`: the outcome,
the counters to store, and the events that the state itself raises (recovered, fetch_error,
moved). When the outcome is `NEW_VERSION` the caller reads the new text (diff, AI-training
change) and adds the text's own event after these.

The rules, in the order they apply:

1. A failure counts toward `error_after`: the run of failures that reaches it raises one
   `fetch_error`, and nothing else happens (the stored version, validators and candidate
   stay). A page that is not the document (a bot challenge, an error page served with 200,
   no text at all) is a failure like any other.
2. Any success after a raised `fetch_error` says `recovered` (once), then `moved` when the
   document is now served from another final URL than before (once: the new URL is stored).
3. The last version's text (or the same bytes, or a 304) is `unchanged` / `not_modified`,
   and clears any candidate.
4. A new text of a watch with a version is a *candidate* until seen `confirm` times in a row
   (an A/B page flips back first); it is `pending` meanwhile. A text that lost most of its
   length is probably a truncated page: it must be seen `error_after` times — unless it is a
   clean removal (whole blocks of the last version dropped, its first and last blocks kept),
   which is a real edit and needs no more than any other.
5. Otherwise the text is a new version (a watch's first text needs no confirmation).
"""

from __future__ import annotations

from dataclasses import dataclass

from watcher.models import ChangeReport, EventKind, Outcome, WatchState


@dataclass(frozen=True)
class Failure:
    """Why a check failed: a stable machine kind, a message, and the HTTP status if any."""

    kind: str
    message: str
    status: int | None = None


@dataclass(frozen=True)
class Seen:
    """What one check saw. Either `failure`, or a page: unchanged bytes or a text."""

    failure: Failure | None = None
    not_modified: bool = False  # a 304 answer
    same_body: bool = False  # the last version's bytes under the same rules
    text_sha256: str | None = None  # the page's canonical text, when it was read
    shrink: str | None = None  # why the text looks truncated against the last version
    clean_removal: bool = False  # ... though it only drops whole blocks of it
    final_url: str | None = None  # where the fetch ended, after redirects


@dataclass(frozen=True)
class Policy:
    """How many sightings make a change: `confirm` for a text, `error_after` for failures."""

    confirm: int = 1
    error_after: int = 3


@dataclass(frozen=True)
class StateEvent:
    """An event the watch's state raises (not its text): recovered, fetch_error, moved."""

    kind: EventKind
    summary: str
    report: ChangeReport | None = None


@dataclass(frozen=True)
class Decision:
    """What to store after the check, and the events of the state (see the module docstring)."""

    outcome: Outcome
    failures: int = 0
    error_raised: bool = False
    error_kind: str | None = None
    error: str | None = None
    # The candidate text after this check; pending_count None: keep the stored one.
    pending_text_sha256: str | None = None
    pending_count: int | None = None
    keep_validators: bool = False  # pending: the next check must read the page in full
    events: tuple[StateEvent, ...] = ()


def decide(state: WatchState, seen: Seen, policy: Policy) -> Decision:
    """The outcome of one check of a watch in `state` (see the module docstring)."""
    if seen.failure is not None:
        return _failed(state, seen.failure, policy)
    events = _recovery(state) + _move(state, seen.final_url)
    if seen.not_modified:
        return Decision(Outcome.NOT_MODIFIED, pending_count=0, events=events)
    if seen.same_body or seen.text_sha256 == state.latest_text_sha256:
        return Decision(Outcome.UNCHANGED, pending_count=0, events=events)
    if state.latest is None:
        return Decision(Outcome.NEW_VERSION, pending_count=0, events=events)
    needed = policy.confirm
    held = seen.shrink is not None and not seen.clean_removal
    if held:
        needed = max(needed, policy.error_after)
    count = state.pending_count + 1 if state.pending_text_sha256 == seen.text_sha256 else 1
    if count < needed:
        return Decision(
            Outcome.PENDING,
            error_kind="suspicious" if held else None,
            error=f"not the document yet: {seen.shrink}" if held else None,
            pending_text_sha256=seen.text_sha256,
            pending_count=count,
            keep_validators=True,
            events=events,
        )
    return Decision(Outcome.NEW_VERSION, pending_count=0, events=events)


def _failed(state: WatchState, failure: Failure, policy: Policy) -> Decision:
    failures = state.failures + 1
    raised = state.error_raised
    events: tuple[StateEvent, ...] = ()
    # One flaky fetch does not alert: only a run of `error_after` failures does, once.
    if not raised and failures >= policy.error_after:
        raised = True
        summary = f"{failures} checks in a row failed: {failure.message}"
        events = (StateEvent(EventKind.FETCH_ERROR, summary),)
    return Decision(
        Outcome.ERROR,
        failures=failures,
        error_raised=raised,
        error_kind=failure.kind,
        error=failure.message,
        events=events,
    )


def _recovery(state: WatchState) -> tuple[StateEvent, ...]:
    if not state.error_raised:
        return ()
    summary = f"fetched again after {state.failures} failed checks"
    return (StateEvent(EventKind.RECOVERED, summary),)


def _move(state: WatchState, final_url: str | None) -> tuple[StateEvent, ...]:
    """`moved` when the fetch ended at another final URL than the last successful one.

    Said once: the new final URL is stored, so the next checks see it again and say nothing.
    The first check only records it. The text comparison is not affected.
    """
    old, new = state.final_url, final_url
    if old is None or new is None or old == new:
        return ()
    summary = f"now served from {new} (was {old})"
    report = ChangeReport(from_url=old, to_url=new)
    return (StateEvent(EventKind.MOVED, summary, report),)
