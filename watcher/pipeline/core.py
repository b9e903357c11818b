"""The check and rebuild loops: fetch → read → decide → analyse → record.

`Pipeline.check` runs one check of one watch and writes it in one transaction: the document
is fetched (`fetch.fetch_document`), read into text in a worker (`analyse.read`), the watch's state
machine says what that means (`decide`, pure), a new version is read against the last one
(`analyse.change`, in a worker), and the check is recorded. Whatever one page does, the check
ends as a record: a failure of any stage is a failed check of that watch with its kind.
`Pipeline.deliver` sends what the outbox owes (see `delivery`); `Pipeline.rebuild` re-derives
a watch's versions from the stored raw bodies after its rules changed.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from watcher import normalize, notify
from watcher.blobs import prepare, sha256
from watcher.errors import FetchError, NormalizeError, TooSlow
from watcher.fetch import Browser, Fetcher, fetch_document
from watcher.models import (
    CheckRecord,
    Config,
    EventKind,
    FetchResult,
    NewEvent,
    Outcome,
    Watch,
    WatchState,
)
from watcher.pipeline import analyse, delivery, suspect
from watcher.pipeline.decide import Decision, Failure, Policy, Seen, decide
from watcher.pipeline.delivery import DeliveryReport
from watcher.pipeline.recorder import Recorder
from watcher.pipeline.workers import Workers
from watcher.redact import redact_text, redact_url
from watcher.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class CheckResult:
    """What one check did, for logs and the CLI."""

    watch_id: str
    outcome: Outcome
    version: int | None = None
    events: tuple[EventKind, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Page:
    """What fetching and reading a watch's document gave: what `decide` needs (`seen`), and
    what recording a new version needs besides."""

    seen: Seen
    result: FetchResult | None = None
    body_sha256: str | None = None
    reading: analyse.Reading | None = None
    old_text: str | None = None  # the last version's text, when the page's text differs


class Pipeline:
    """Runs checks, deliveries and rebuilds for one configuration."""

    def __init__(
        self,
        config: Config,
        store: Store,
        fetcher: Fetcher,
        clock: Clock = utcnow,
        workers: Workers | None = None,
        browser: Browser | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.browser = browser  # for watches with render = "browser"
        self.clock = clock
        self.recorder = Recorder(store)
        # Where reading pages and new versions runs (CPU-bound); threads unless given a pool.
        self.workers = workers or Workers(0)

    def fingerprint(self, watch: Watch) -> str:
        """The rules fingerprint of `watch` under this normalizer."""
        return watch.rules.fingerprint(normalize.VERSION)

    # --- one check --------------------------------------------------------------

    async def check(self, watch: Watch, state: WatchState | None = None) -> CheckResult:
        """Fetch, read, decide and record one watch; never raises on a bad site or page.

        `state` may be given when a whole pass read the watches' states in one query.
        """
        started = self.clock()
        t0 = time.monotonic()
        if state is None:
            state = await asyncio.to_thread(self.store.state, watch.id)
        page = await self._page(watch, state)
        policy = Policy(
            confirm=watch.confirm or self.config.schedule.confirm,
            error_after=self.config.schedule.error_after,
        )
        # Final URLs are stored without credentials; one stored by an older release may still
        # hold them, and must not look like a move.
        shown = replace(state, final_url=state.final_url and redact_url(state.final_url))
        decision = decide(shown, page.seen, policy)
        version_event: NewEvent | None = None
        if decision.outcome is Outcome.NEW_VERSION:
            try:
                version_event = await self._version_event(watch, state, page)
            except _StageFailed as exc:
                page = Page(Seen(failure=exc.failure))
                decision = decide(shown, page.seen, policy)
        rec = self._record(watch, state, started, page, decision, version_event)
        rec = replace(rec, duration_ms=int((time.monotonic() - t0) * 1000))
        number = await self.recorder.record(rec)
        kinds = tuple(e.kind for e in rec.events)
        if rec.outcome is Outcome.ERROR:
            log.warning("%s: check failed: %s", watch.id, rec.error)
        else:
            log.info("%s: %s%s", watch.id, rec.outcome, f" (version {number})" if number else "")
        return CheckResult(watch.id, rec.outcome, number, kinds, rec.error)

    async def _page(self, watch: Watch, state: WatchState) -> Page:
        """Fetch and read the watch's document; every failure becomes `Seen.failure`."""
        fingerprint = self.fingerprint(watch)
        # A conditional GET is only safe when the stored text came from these rules; a
        # combined document has no validators of its own, and is always read afresh.
        consistent = (
            not watch.combined
            and state.latest is not None
            and state.body_fingerprint == fingerprint
        )
        try:
            validators = state.validators if consistent else None
            result = await _stage(
                watch,
                "fetch",
                fetch_document(self.fetcher, watch, validators, browser=self.browser),
            )
        except _StageFailed as exc:
            return Page(exc.seen)
        if result.not_modified:
            return Page(Seen(not_modified=True, final_url=redact_url(result.final_url)), result)
        body_sha = sha256(result.body)
        if consistent and body_sha == state.body_sha256:
            # Same bytes under the same rules: the text cannot differ; skip parsing.
            return Page(
                Seen(same_body=True, final_url=redact_url(result.final_url)), result, body_sha
            )
        # A watch with no version: its text will be the first one, unless refused below. The
        # worker reads it as such in the same call, unless the workers are saturated: then this
        # process, which has time to spare, does (a pass over new watches keeps both busy).
        first = state.latest is None and not self.workers.saturated
        limit = self.config.schedule.page_time_limit
        try:
            reading = await _stage(
                watch,
                "read",
                self.workers.run(
                    analyse.read, normalize.reading_copy(result), watch.rules, first, budget=limit
                ),
                status=result.status,
            )
        except _StageFailed as exc:
            return Page(exc.seen, result)
        return await self._looked_at(watch, state, result, body_sha, reading)

    async def _looked_at(
        self,
        watch: Watch,
        state: WatchState,
        result: FetchResult,
        body_sha: str,
        reading: analyse.Reading,
    ) -> Page:
        """The page's text, and whether it is the document (see `suspect`)."""
        text = reading.normalized.text
        url = redact_url(result.final_url)

        def failed(kind: str, why: str) -> Page:
            return Page(Seen(failure=Failure(kind, f"{url}: {why}", result.status)), result)

        if not text.strip():
            if reading.normalized.unmatched_select:
                return failed("empty_text", "the select rules match nothing")
            return failed("empty_text", "the page has no text")
        if reading.text_sha256 == state.latest_text_sha256:
            seen = Seen(text_sha256=reading.text_sha256, final_url=url)
            return Page(seen, result, body_sha, reading)
        reason = suspect.impostor(text, result.text[: suspect.HEAD_CHARS])
        if reason:
            return failed("suspicious", f"not the document: {reason}")
        old = None
        if state.latest is not None:
            old = await asyncio.to_thread(self.store.text_of, state.latest_text_sha256)
        shrink = suspect.shrinkage(text, old)
        seen = Seen(
            text_sha256=reading.text_sha256,
            shrink=shrink,
            clean_removal=bool(shrink) and suspect.clean_removal(text, old),
            final_url=url,
        )
        return Page(seen, result, body_sha, reading, old)

    async def _version_event(self, watch: Watch, state: WatchState, page: Page) -> NewEvent:
        """The event of a new version: its text read against the last one (in a worker)."""
        assert page.reading is not None
        text = page.reading.normalized.text
        if page.reading.first is not None:
            a = page.reading.first
        elif page.old_text is None:
            a = analyse.first_version(text)
        else:
            max_chars = self.config.notify.max_excerpt_chars
            a = await _stage(
                watch,
                "compare",
                self.workers.run(
                    analyse.change,
                    page.old_text,
                    text,
                    max_chars,
                    budget=self.config.schedule.page_time_limit,
                ),
            )
        if a.ai_change:
            log.warning("%s: %s", watch.id, a.summary)
        kind = EventKind.FIRST_SEEN if page.old_text is None else EventKind.CHANGED
        return self._event(
            watch,
            kind,
            a.summary,
            state.latest,
            (state.latest or 0) + 1,
            a.details,
            ai_change=a.ai_change,
            substantive=a.substantive,
        )

    def _record(
        self,
        watch: Watch,
        state: WatchState,
        started: datetime,
        page: Page,
        decision: Decision,
        version_event: NewEvent | None,
    ) -> CheckRecord:
        """What the check writes: the decision, and what the page gave that must be kept."""
        events = [
            self._event(watch, e.kind, e.summary, state.latest, None, e.details)
            for e in decision.events
        ]
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
        if page.reading is None:  # a 304, or the same bytes
            return rec
        rec = replace(rec, body_sha256=page.body_sha256, body_fingerprint=self.fingerprint(watch))
        if decision.outcome is not Outcome.NEW_VERSION:
            return rec
        assert version_event is not None and page.body_sha256 is not None
        # Hashed and compressed here, outside the database transaction: the worker is the
        # busier process (zstd takes about 1 ms for a 200 KB page).
        version = prepare(
            page.reading.normalized.text,
            result.body,
            normalize.stored_type(result),
            self.fingerprint(watch),
            text_sha256=page.reading.text_sha256,
            body_sha256=page.body_sha256,
        )
        return replace(
            rec,
            version=version,
            expected_latest=state.latest,
            events=(*rec.events, version_event),
        )

    def _event(
        self,
        watch: Watch,
        kind: EventKind,
        summary: str,
        version_from: int | None,
        version_to: int | None,
        details: dict | None = None,
        *,
        ai_change: str | None = None,
        substantive: bool = True,
    ) -> NewEvent:
        notifiers = [self.config.notifier(name) for name in watch.notify]
        return NewEvent(
            kind=kind,
            summary=summary,
            version_from=version_from,
            version_to=version_to,
            ai_change=ai_change,
            details=details,
            deliveries=notify.route(notifiers, kind, ai_change, substantive),
        )

    # --- delivery -----------------------------------------------------------------

    async def deliver(self, rng: random.Random | None = None) -> DeliveryReport:
        """Send every due outbox row once (see `delivery.deliver`)."""
        return await delivery.deliver(self.config, self.store, self.clock, rng)

    # --- rebuild -------------------------------------------------------------------

    def needs_rebuild(self, watch: Watch, stored: str | None) -> bool:
        """True when the watch's versions were derived under other rules than its own."""
        return stored is not None and stored != self.fingerprint(watch)

    def rebuild(self, watch: Watch) -> int:
        """Re-derive every version of `watch` from its raw body; notifies nobody."""
        fingerprint = self.fingerprint(watch)
        texts = {}
        for number, body, stored_type in self.store.bodies(watch.id):
            texts[number] = normalize.stored_text(body, stored_type, watch.rules)
        changed = self.store.rederive(watch.id, texts, fingerprint, self.clock())
        log.info(
            "%s: rebuilt %d versions under new rules (%d texts changed)",
            watch.id,
            len(texts),
            changed,
        )
        return changed


class _StageFailed(Exception):
    """A stage of one check failed; `failure` says how (internal to the pipeline)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure

    @property
    def seen(self) -> Seen:
        return Seen(failure=self.failure)


async def _stage(watch: Watch, stage: str, work, *, status: int | None = None):
    """Await one stage of a check; any failure becomes `_StageFailed` with its kind.

    A fetch error keeps its own kind; a page that cannot be parsed is `parse`; one that
    takes too long `too_slow`; anything else is a fault of Watcher's (`internal`), logged
    with its traceback, once, and still only this watch's failed check.
    """
    shown = redact_url(watch.url)
    try:
        return await work
    except FetchError as exc:
        raise _StageFailed(Failure(exc.kind, str(exc), exc.status)) from exc
    except NormalizeError as exc:
        raise _StageFailed(
            Failure("parse", f"{shown}: cannot read the document: {exc}", status)
        ) from exc
    except TooSlow as exc:
        raise _StageFailed(Failure(exc.kind, f"{shown}: {exc}", status)) from exc
    except Exception as exc:
        log.exception("%s: internal error while trying to %s the page", watch.id, stage)
        message = redact_text(f"{shown}: internal error ({stage}): {type(exc).__name__}: {exc}")
        raise _StageFailed(Failure("internal", message, status)) from exc
