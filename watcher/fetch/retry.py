"""When to try again: exponential backoff with jitter, and the server's Retry-After."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from watcher.errors import FetchError, HTTPStatusError
from watcher.models import FetchResult, FetchSettings

log = logging.getLogger(__name__)

# Each delay is drawn from [0.5, 1.5) × its nominal value, so that watches failing together
# (one host down) do not all come back at the same instant.
JITTER = 0.5


def backoff_delay(settings: FetchSettings, retry: int, rng: random.Random) -> float:
    """Delay before retry number `retry` (1-based): `backoff`, doubled each time, jittered."""
    nominal = settings.backoff * 2 ** (retry - 1)
    return nominal * (1 - JITTER + 2 * JITTER * rng.random())


def parse_retry_after(value: str | None, date: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), None if absent.

    An HTTP-date is measured against the response's own Date header when it has one, so
    that a server whose clock is off still gets the wait it asked for.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    reference = _http_date(date) or now
    return max(0.0, (when - reference).total_seconds())


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def retry_delay(
    settings: FetchSettings, error: FetchError, attempts: int, rng: random.Random
) -> float | None:
    """How long to wait before another attempt after `error`, or None to give up now.

    Transient errors (timeouts, connection failures, 5xx, 429) are retried `settings.retries`
    times. A Retry-After is honoured (never retrying sooner), unless it asks for more than
    `settings.max_retry_after`: then we fail at once rather than hold a check that long.
    """
    if not error.transient or attempts > settings.retries:
        return None
    delay = backoff_delay(settings, attempts, rng)
    if isinstance(error, HTTPStatusError) and error.retry_after is not None:
        if error.retry_after > settings.max_retry_after:
            return None
        delay = max(delay, error.retry_after)
    return delay


async def with_retries(
    url: str,
    settings: FetchSettings,
    attempt: Callable[[], Awaitable[FetchResult]],
    rng: random.Random,
    sleep: Callable[[float], Awaitable[object]],
) -> FetchResult:
    """`attempt()` until it succeeds or `retry_delay` says to stop (its FetchError is raised);
    the result carries the time and the number of attempts of all of them."""
    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        try:
            result = await attempt()
        except FetchError as error:
            delay = retry_delay(settings, error, attempts, rng)
            if delay is None:
                raise
            log.info(
                "%s: %s, attempt %d of %d in %.2fs",
                url,
                error.detail,
                attempts + 1,
                settings.retries + 1,
                delay,
            )
            await sleep(delay)
            continue
        return replace(result, elapsed=time.monotonic() - started, attempts=attempts)
