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
from datetime import UTC, datetime, timedelta

from watcher import normalize, notify
from watcher.blobs import sha256
from watcher.cadence import interval_of
from watcher.fetch import Browser, Fetcher, fetch_document
from watcher.models import (
    ChangeReport,
    Config,
    EventKind,
    FetchResult,
    NewEvent,
    Outcome,
    Watch,
    WatchState,
)
from watcher.pipeline import analyse, delivery, suspect
from watcher.pipeline.decide import Failure, Policy, Seen, decide
from watcher.pipeline.delivery import DeliveryReport
from watcher.pipeline.page import Page, StageFailed, check_record, run_stage
from watcher.pipeline.recorder import Recorder
from watcher.pipeline.workers import Workers
from watcher.redact import redact_url
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
    error_kind: str | None = None  # the failure's kind (timeout, http_status…), for metrics


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

    async def check(
        self,
        watch: Watch,
        state: WatchState | None = None,
        *,
        claim: str | None = None,
        next_due_at: datetime | None = None,
    ) -> CheckResult:
        """Fetch, read, decide and record one watch; never raises on a bad site or page.

        `state` may be given when a whole pass (or the daemon's claim) read it already.
        `claim`: the token of the daemon's claim on the watch, and `next_due_at` when the
        watch is due next, both recorded with the check; a check made without a claim (`watcher
        check`) makes the watch due an interval later.
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
        version: tuple[NewEvent, analyse.Analysis] | None = None
        if decision.outcome is Outcome.NEW_VERSION:
            try:
                version = await self._version_event(watch, state, page)
            except StageFailed as exc:
                page = Page(Seen(failure=exc.failure))
                decision = decide(shown, page.seen, policy)
        events = [
            self._event(watch, e.kind, e.summary, state.latest, None, e.report)
            for e in decision.events
        ]
        rec = check_record(
            events, watch, state, started, page, decision, version, self.fingerprint(watch)
        )
        if next_due_at is None:
            next_due_at = started + timedelta(seconds=interval_of(watch, self.config.schedule))
        rec = replace(
            rec,
            duration_ms=int((time.monotonic() - t0) * 1000),
            claim=claim,
            next_due_at=next_due_at,
        )
        number = await self.recorder.record(rec)
        kinds = tuple(e.kind for e in rec.events)
        where = {"watch": watch.id}
        if rec.outcome is Outcome.ERROR:
            # One failed check is INFO: pages fail now and then and the next check usually
            # reads them (`check` prints the error anyway). The fetch_error event raised after
            # `error_after` failures in a row is what a person must act on: WARNING.
            raised = EventKind.FETCH_ERROR in kinds
            log.log(
                logging.WARNING if raised else logging.INFO,
                "%s: check failed%s: %s",
                watch.id,
                f" {rec.failures} times in a row, fetch_error raised" if raised else "",
                rec.error,
                extra=where,
            )
        else:
            shown = f" (version {number})" if number else ""
            log.info("%s: %s%s", watch.id, rec.outcome, shown, extra=where)
        return CheckResult(watch.id, rec.outcome, number, kinds, rec.error, rec.error_kind)

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
            result = await run_stage(
                watch,
                "fetch",
                fetch_document(self.fetcher, watch, validators, browser=self.browser),
            )
        except StageFailed as exc:
            return Page(exc.seen)
        if result.not_modified:
            return Page(Seen(not_modified=True, final_url=redact_url(result.final_url)), result)
        body_sha = sha256(result.body)
        if consistent and body_sha == state.body_sha256:
            # Same bytes under the same rules: the text cannot differ; skip parsing.
            return Page(
                Seen(same_body=True, final_url=redact_url(result.final_url)), result, body_sha
            )
        if consistent and await self._same_markup(watch, state, result):
            # New bytes only in scripts, styles and comments: the latest version's text.
            url = redact_url(result.final_url)
            return Page(Seen(text_sha256=state.latest_text_sha256, final_url=url), result, body_sha)
        # A watch with no version: its text will be the first one, unless refused below. The
        # worker reads it as such in the same call, unless the workers are saturated: then this
        # process, which has time to spare, does (a pass over new watches keeps both busy).
        first = state.latest is None and not self.workers.saturated
        limit = self.config.schedule.page_time_limit
        try:
            reading = await run_stage(
                watch,
                "read",
                self.workers.run(
                    analyse.read, normalize.reading_copy(result), watch.rules, first, budget=limit
                ),
                status=result.status,
            )
        except StageFailed as exc:
            return Page(exc.seen, result)
        return await self._looked_at(watch, state, result, body_sha, reading)

    async def _same_markup(self, watch: Watch, state: WatchState, result: FetchResult) -> bool:
        """True when the page's bytes differ from the latest version's stored body only where
        no text is read (`normalize.markup`), so that its text need not be read. Whatever
        fails here, the page is read instead."""
        if not normalize.markup.decides(watch.rules, result.content_type):
            return False
        stored_type = normalize.stored_type(result)
        try:
            return await asyncio.to_thread(
                _same_as_version, self.store, watch.id, state.latest, stored_type, result.body
            )
        except Exception as exc:  # a shortcut only: whatever fails, the page is read
            log.debug("%s: page read in full: %s", watch.id, exc, extra={"watch": watch.id})
            return False

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
            if watch.render != "browser" and "<script" in result.text.lower():
                # Written by JavaScript: the raw page is scripts and an empty mount point.
                return failed("empty_text", 'the page has no text; try render = "browser"')
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

    async def _version_event(
        self, watch: Watch, state: WatchState, page: Page
    ) -> tuple[NewEvent, analyse.Analysis]:
        """The event of a new version, and its analysis: its text read against the last one
        (in a worker)."""
        assert page.reading is not None
        text = page.reading.normalized.text
        if page.reading.first is not None:
            a = page.reading.first
        elif page.old_text is None:
            a = analyse.first_version(text)
        else:
            a = await run_stage(
                watch,
                "compare",
                self.workers.run(
                    analyse.change,
                    page.old_text,
                    text,
                    budget=self.config.schedule.page_time_limit,
                ),
            )
        if a.report.ai_change:
            # A change of AI-training language is WARNING; a first version that mentions AI
            # training is not a change of anything: INFO, like every first version.
            level = logging.INFO if page.old_text is None else logging.WARNING
            log.log(level, "%s: %s", watch.id, a.summary, extra={"watch": watch.id})
        kind = EventKind.FIRST_SEEN if page.old_text is None else EventKind.CHANGED
        event = self._event(watch, kind, a.summary, state.latest, (state.latest or 0) + 1, a.report)
        return event, a

    def _event(
        self,
        watch: Watch,
        kind: EventKind,
        summary: str,
        version_from: int | None,
        version_to: int | None,
        report: ChangeReport | None = None,
    ) -> NewEvent:
        notifiers = [self.config.notifier(name) for name in watch.notify]
        ai_change = report.ai_change if report else None
        substantive = report.substantive if report else True
        return NewEvent(
            kind=kind,
            summary=summary,
            version_from=version_from,
            version_to=version_to,
            report=report,
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


def _same_as_version(
    store: Store, watch_id: str, number: int, stored_type: str, body: bytes
) -> bool:
    """`normalize.markup.same_text` of `body` and the stored body of version `number`, when
    that was stored with the same content type (in another charset the same bytes may read
    otherwise). In a thread with the query: a scan of two bodies costs less than sending
    them to a worker process."""
    stored = store.version_body(watch_id, number)
    if stored is None or stored[1] != stored_type:
        return False
    return normalize.markup.same_text(stored[0], body)
