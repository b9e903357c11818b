"""The check, delivery and rebuild loops: fetch → normalize → analyse → store → notify.

`Pipeline.check` runs one check of one watch and writes it in one transaction;
`Pipeline.deliver` sends what the outbox owes; `Pipeline.rebuild` re-derives a
watch's versions from the stored raw bodies after its rules changed.
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
from watcher.errors import FetchError, NormalizeError
from watcher.fetch import Browser, Fetcher
from watcher.models import Config, EventKind, FetchResult, Watch
from watcher.pipeline import analyse, delivery, document, suspect
from watcher.pipeline.delivery import DeliveryReport
from watcher.pipeline.recorder import Recorder
from watcher.pipeline.workers import Workers
from watcher.store import CheckRecord, NewEvent, Store, WatchState

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class CheckResult:
    """What one check did, for logs and the CLI."""

    watch_id: str
    outcome: str  # new_version | pending | unchanged | not_modified | error
    version: int | None = None
    events: tuple[EventKind, ...] = ()
    error: str | None = None


class EmptyText(FetchError):
    """The page was fetched but its rules leave no text (nothing is stored)."""

    kind = "empty_text"


class SuspiciousPage(FetchError):
    """The page was fetched but does not look like the document (nothing is stored).

    A bot challenge, a login wall, an error page served with 200, a text that lost most of
    its length: counted as a failed check, so one alerts only after `error_after` in a row.
    """

    kind = "suspicious"


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
        """Fetch, normalize, compare and record one watch; never raises on a bad site.

        `state` may be given when a whole pass read the watches' states in one query.
        """
        started = self.clock()
        t0 = time.monotonic()
        if state is None:
            state = await asyncio.to_thread(self.store.state, watch.id)
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
            result = await document.fetch(self.fetcher, watch, validators, browser=self.browser)
            if result.not_modified:
                rec = self._unchanged(watch, state, started, result, "not_modified")
            else:
                rec = await self._fetched(watch, state, started, result, fingerprint, consistent)
        except FetchError as exc:
            rec = self._failed(watch, state, started, exc)
        if rec.outcome != "error":
            rec = self._with_move(watch, state, rec)
        rec = _with_duration(rec, t0)
        number = await self.recorder.record(rec)
        kinds = tuple(e.kind for e in rec.events)
        if rec.outcome == "error":
            log.warning("%s: check failed: %s", watch.id, rec.error)
        else:
            log.info("%s: %s%s", watch.id, rec.outcome, f" (version {number})" if number else "")
        return CheckResult(watch.id, rec.outcome, number, kinds, rec.error)

    async def _fetched(
        self,
        watch: Watch,
        state: WatchState,
        started: datetime,
        result: FetchResult,
        fingerprint: str,
        consistent: bool,
    ) -> CheckRecord:
        body_sha = sha256(result.body)
        if consistent and body_sha == state.body_sha256:
            # Same bytes under the same rules: the text cannot differ; skip parsing.
            return self._unchanged(watch, state, started, result, "unchanged")
        # A watch with no version: its text will be the first one, unless refused below. The
        # worker reads it as such in the same call, unless the workers are saturated: then this
        # process, which has time to spare, does (a pass over new watches keeps both busy).
        first = state.latest is None and not self.workers.saturated
        try:
            reading = await self.workers.run(
                analyse.read, document.reading_copy(result), watch.rules, first
            )
        except NormalizeError as exc:
            raise EmptyText(
                result.final_url, f"cannot read the document: {exc}", status=result.status
            ) from exc
        text = reading.normalized.text
        if not text.strip():
            what = (
                "the select rules match nothing"
                if reading.normalized.unmatched_select
                else "the page has no text"
            )
            raise EmptyText(result.final_url, what, status=result.status)
        base = dict(
            validators=result.validators,
            body_sha256=body_sha,
            body_fingerprint=fingerprint,
            status=result.status,
            final_url=result.final_url,
        )
        text_sha = reading.text_sha256
        if text_sha == state.latest_text_sha256:
            return self._unchanged(watch, state, started, result, "unchanged", **base)
        old = None
        if state.latest is not None:
            old = await asyncio.to_thread(self.store.text_of, state.latest_text_sha256)
        reason = suspect.impostor(text, result.text[: suspect.HEAD_CHARS])
        if reason:
            raise SuspiciousPage(
                result.final_url, f"not the document: {reason}", status=result.status
            )
        needed = watch.confirm or self.config.schedule.confirm
        shrunk = suspect.shrinkage(text, old)
        if shrunk:
            # Usually a truncated page; but a document that really got shorter comes back
            # the same on every check: it becomes a version once seen `error_after` times.
            needed = max(needed, self.config.schedule.error_after)
        seen = state.pending_count + 1 if state.pending_text_sha256 == text_sha else 1
        if state.latest is not None and seen < needed:
            # Not a version yet: an A/B page flips back before it is seen `needed` times in
            # a row. The validators and body sha stay the last version's, so the next check
            # reads the page in full and can count it.
            return self._unchanged(
                watch,
                state,
                started,
                result,
                "pending",
                validators=None,
                status=result.status,
                error_kind=SuspiciousPage.kind if shrunk else None,
                error=f"not the document yet: {shrunk}" if shrunk else None,
                pending_text_sha256=text_sha,
                pending_count=seen,
            )
        if reading.first is not None:
            a = reading.first
        elif old is None:
            a = analyse.first_version(text)
        else:
            max_chars = self.config.notify.max_excerpt_chars
            a = await self.workers.run(analyse.change, old, text, max_chars)
        # Hashed and compressed here, outside the database transaction: the worker is the
        # busier process (zstd takes about 1 ms for a 200 KB page).
        version = prepare(
            text,
            result.body,
            document.stored_type(result),
            fingerprint,
            text_sha256=text_sha,
            body_sha256=body_sha,
        )
        events = list(self._recovery(watch, state))
        version_to = (state.latest or 0) + 1
        kind = EventKind.FIRST_SEEN if old is None else EventKind.CHANGED
        events.append(
            self._event(
                watch,
                kind,
                a.summary,
                state.latest,
                version_to,
                a.details,
                ai_change=a.ai_change,
                substantive=a.substantive,
            )
        )
        if a.ai_change:
            log.warning("%s: %s", watch.id, a.summary)
        return CheckRecord(
            watch_id=watch.id,
            url=watch.url,
            started_at=started,
            duration_ms=0,
            outcome="new_version",
            failures=0,
            error_raised=False,
            version=version,
            expected_latest=state.latest,
            events=tuple(events),
            pending_count=0,  # clears any candidate: this text is a version now
            **base,
        )

    def _unchanged(
        self,
        watch: Watch,
        state: WatchState,
        started: datetime,
        result: FetchResult,
        outcome: str,
        **extra,
    ) -> CheckRecord:
        extra.setdefault("validators", result.validators)
        extra.setdefault("status", result.status)
        extra.setdefault("final_url", result.final_url)
        extra.setdefault("pending_count", 0)  # the last version's text: no candidate stands
        return CheckRecord(
            watch_id=watch.id,
            url=watch.url,
            started_at=started,
            duration_ms=0,
            outcome=outcome,
            failures=0,
            error_raised=False,
            events=tuple(self._recovery(watch, state)),
            **extra,
        )

    def _failed(
        self, watch: Watch, state: WatchState, started: datetime, exc: FetchError
    ) -> CheckRecord:
        failures = state.failures + 1
        events = []
        raised = state.error_raised
        # One flaky fetch does not alert: only a run of `error_after` failures does.
        if not raised and failures >= self.config.schedule.error_after:
            raised = True
            summary = f"{failures} checks in a row failed: {exc.detail}"
            events.append(self._event(watch, EventKind.FETCH_ERROR, summary, state.latest, None))
        return CheckRecord(
            watch_id=watch.id,
            url=watch.url,
            started_at=started,
            duration_ms=0,
            outcome="error",
            status=exc.status,
            error_kind=exc.kind,
            error=str(exc),
            failures=failures,
            error_raised=raised,
            events=tuple(events),
        )

    def _with_move(self, watch: Watch, state: WatchState, rec: CheckRecord) -> CheckRecord:
        """`rec` with a `moved` event when the fetch ended at another final URL than before.

        Said once: the new final URL is stored, so the next checks see it again and say
        nothing. The first check only records it. The text comparison is not affected.
        """
        old, new = state.final_url, rec.final_url
        if old is None or new is None or old == new:
            return rec
        summary = f"now served from {new} (was {old})"
        moved = self._event(
            watch,
            EventKind.MOVED,
            summary,
            state.latest,
            None,
            {"from_url": old, "to_url": new},
        )
        # After a recovery (it happened first), before the text's own event.
        recovered = tuple(e for e in rec.events if e.kind is EventKind.RECOVERED)
        rest = tuple(e for e in rec.events if e.kind is not EventKind.RECOVERED)
        return replace(rec, events=(*recovered, moved, *rest))

    def _recovery(self, watch: Watch, state: WatchState) -> list[NewEvent]:
        if not state.error_raised:
            return []
        summary = f"fetched again after {state.failures} failed checks"
        return [self._event(watch, EventKind.RECOVERED, summary, state.latest, None)]

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
            texts[number] = document.stored_text(body, stored_type, watch.rules)
        changed = self.store.rederive(watch.id, texts, fingerprint, self.clock())
        log.info(
            "%s: rebuilt %d versions under new rules (%d texts changed)",
            watch.id,
            len(texts),
            changed,
        )
        return changed


def _with_duration(rec: CheckRecord, t0: float) -> CheckRecord:
    return replace(rec, duration_ms=int((time.monotonic() - t0) * 1000))
