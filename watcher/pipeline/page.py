"""One check's page and record: what fetching and reading gave, the boundary every stage of a
check goes through (any failure becomes a `Failure` of its kind), and the record a check
writes from its decision. Pure but for the logging of internal errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from watcher import normalize
from watcher.blobs import prepare
from watcher.errors import FetchError, NormalizeError, TooSlow
from watcher.models import CheckRecord, FetchResult, NewEvent, Outcome, Watch, WatchState
from watcher.pipeline import analyse
from watcher.pipeline.decide import Decision, Failure, Seen
from watcher.redact import redact_text, redact_url

log = logging.getLogger("watcher.pipeline.core")  # where a check's failures were always logged


@dataclass(frozen=True)
class Page:
    """What fetching and reading a watch's document gave: what `decide` needs (`seen`), and
    what recording a new version needs besides."""

    seen: Seen
    result: FetchResult | None = None
    body_sha256: str | None = None
    reading: analyse.Reading | None = None
    old_text: str | None = None  # the last version's text, when the page's text differs


def check_record(
    events: list[NewEvent],
    watch: Watch,
    state: WatchState,
    started: datetime,
    page: Page,
    decision: Decision,
    version: tuple[NewEvent, analyse.Analysis] | None,
    fingerprint: str,
) -> CheckRecord:
    """What the check writes: the decision, its state `events`, and what the page gave that
    must be kept (`version`: a new version's event and analysis; `fingerprint`: the watch's
    rules fingerprint)."""
    rec = CheckRecord(
        watch_id=watch.id,
        url=redact_url(watch.url),
        started_at=started,
        duration_ms=0,
        outcome=decision.outcome,
        error_kind=decision.error_kind,
        error=decision.error,
        failures=decision.failures,
        error_raised=decision.error_raised,
        pending_text_sha256=decision.pending_text_sha256,
        pending_count=decision.pending_count,
        events=tuple(events),
    )
    if decision.outcome is Outcome.ERROR:
        return replace(rec, status=page.seen.failure.status if page.seen.failure else None)
    result = page.result
    assert result is not None
    rec = replace(rec, status=result.status, final_url=redact_url(result.final_url))
    if decision.keep_validators:
        # A candidate, not a version yet: the validators and body sha stay the last
        # version's, so that the next check reads the page in full and can count it.
        return rec
    rec = replace(rec, validators=result.validators)
    if page.body_sha256 is None:  # a 304
        return rec
    # Bytes whose text is known (read, or the latest version's: the same bytes, or new bytes
    # only in scripts and comments): the next check of the same bytes need not look further.
    rec = replace(rec, body_sha256=page.body_sha256, body_fingerprint=fingerprint)
    if page.reading is None or decision.outcome is not Outcome.NEW_VERSION:
        return rec
    assert version is not None and page.body_sha256 is not None
    version_event, analysis = version
    # Hashed and compressed here, outside the database transaction: the worker is the
    # busier process (zstd takes about 1 ms for a 200 KB page).
    new_version = prepare(
        page.reading.normalized.text,
        result.body,
        normalize.stored_type(result),
        fingerprint,
        text_sha256=page.reading.text_sha256,
        body_sha256=page.body_sha256,
        findings=analysis.findings,
    )
    return replace(
        rec,
        version=new_version,
        expected_latest=state.latest,
        events=(*rec.events, version_event),
    )


class StageFailed(Exception):
    """A stage of one check failed; `failure` says how (internal to the pipeline)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure

    @property
    def seen(self) -> Seen:
        return Seen(failure=self.failure)


async def run_stage(watch: Watch, stage: str, work, *, status: int | None = None):
    """Await one stage of a check; any failure becomes `_StageFailed` with its kind.

    A fetch error keeps its own kind; a page that cannot be parsed is `parse`; one that
    takes too long `too_slow`; anything else is a fault of Watcher's (`internal`), logged
    with its traceback, once, and still only this watch's failed check.
    """
    shown = redact_url(watch.url)
    try:
        return await work
    except FetchError as exc:
        raise StageFailed(Failure(exc.kind, str(exc), exc.status)) from exc
    except NormalizeError as exc:
        raise StageFailed(
            Failure("parse", f"{shown}: cannot read the document: {exc}", status)
        ) from exc
    except TooSlow as exc:
        raise StageFailed(Failure(exc.kind, f"{shown}: {exc}", status)) from exc
    except Exception as exc:
        log.exception(
            "%s: internal error while trying to %s the page",
            watch.id,
            stage,
            extra={"watch": watch.id},
        )
        message = redact_text(f"{shown}: internal error ({stage}): {type(exc).__name__}: {exc}")
        raise StageFailed(Failure("internal", message, status)) from exc
