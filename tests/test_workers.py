"""Worker processes for the CPU-bound stages: same results as in-process, failures contained."""

from __future__ import annotations

import asyncio
import codecs
import gzip
import os
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from watcher import normalize
from watcher.envelope import COMBINED_TYPE
from watcher.errors import NormalizeError
from watcher.fetch.charset import decode_body
from watcher.models import FetchResult, Rules, Validators
from watcher.normalize import normalize_document
from watcher.pipeline import analyse
from watcher.pipeline.workers import Workers, default_count, launch

PAGES = Path(__file__).parent / "data" / "pages"


def _result(name: str) -> FetchResult:
    body = gzip.decompress((PAGES / f"{name}.html.gz").read_bytes())
    return FetchResult(
        url="https://example.org/p",
        final_url="https://example.org/p",
        status=200,
        body=body,
        text=body.decode("utf-8"),
        content_type="text/html",
        charset="utf-8",
        validators=Validators(),
        elapsed=0.0,
    )


PAGE_NAMES = ["copilot-terms-027", "copilot-terms-028", "perplexity-privacy-009"]


@pytest.mark.parametrize(
    ("body", "header", "content_type"),
    [
        pytest.param(
            codecs.BOM_UTF8 + "<p>Caf\u00e9 \u2019terms\u2019</p>".encode(),
            None,
            "text/html",
            id="utf8-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "<p>\u00e9t\u00e9</p>".encode("utf-16-le"),
            None,
            "text/html",
            id="utf16-bom",
        ),
        pytest.param(
            '<meta charset="windows-1252"><p>d\u00e9j\u00e0 \u201cvu\u201d</p>'.encode("cp1252"),
            None,
            "text/html",
            id="meta-cp1252",
        ),
        pytest.param(
            "<p>na\u00efve r\u00e9sum\u00e9 ".encode("latin-1") * 40,
            None,
            "text/html",
            id="detected-legacy",
        ),
        pytest.param(
            "Terms \u2014 plain\n\n\ufeffSecond".encode(), "utf-8", "text/plain", id="plain-text"
        ),
        pytest.param(
            b"<p>Broken \xff byte, caf\xc3\xa9</p>", "utf-8", "text/html", id="invalid-utf8"
        ),
        pytest.param(
            "<p>Pr\u00e9nom \u2019ok\u2019</p>".encode(), "utf-8", "text/html", id="utf8-as-is"
        ),
    ],
)
def test_a_page_sent_to_a_worker_as_bytes_reads_as_the_text_the_fetcher_decoded(
    body, header, content_type
):
    text, codec = decode_body(body, header)
    result = replace(
        _result(PAGE_NAMES[0]), body=body, text=text, content_type=content_type, charset=codec
    )
    copy = normalize.reading_copy(result)
    assert copy.text == "" and copy.body == body  # only the bytes cross
    # The same text as the fetcher's decoded text gives.
    from_text = normalize_document(body, text, content_type, Rules())
    assert normalize.text_of(copy, Rules()) == from_text
    assert from_text.text.strip()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_give_the_same_texts_and_analyses_as_the_main_process():
    results = [_result(n) for n in PAGE_NAMES]
    rules = Rules(remove=("nav",))
    expected = [normalize.text_of(r, rules) for r in results]

    async def go():
        workers = Workers(2)
        try:
            texts = await asyncio.gather(
                *(workers.run(normalize.text_of, r, rules) for r in results)
            )
            started = workers.started
            a = await asyncio.gather(
                workers.run(analyse.first_version, texts[0].text),
                workers.run(analyse.change, texts[0].text, texts[1].text),
            )
            return texts, started, a
        finally:
            await workers.close()

    texts, started, (first, change) = asyncio.run(go())
    assert texts == expected
    assert started >= 1  # three calls in flight together start the workers
    assert first == analyse.first_version(expected[0].text)
    assert change == analyse.change(expected[0].text, expected[1].text)


def test_one_call_at_a_time_starts_no_process():
    result = _result(PAGE_NAMES[0])

    async def go():
        workers = Workers(2)
        try:
            for _ in range(3):
                await workers.run(normalize.text_of, result, Rules())
            return workers.started
        finally:
            await workers.close()

    assert asyncio.run(go()) == 0


def test_an_exception_in_a_worker_reaches_the_caller_with_its_type():
    broken = FetchResult(
        url="u",
        final_url="u",
        status=200,
        body=b"not an envelope",
        text="",
        content_type=COMBINED_TYPE,
        charset=None,
        validators=Validators(),
        elapsed=0.0,
    )

    async def go():
        workers = Workers(1)
        try:
            # Two calls together, so that they go to the worker, not a thread.
            return await asyncio.gather(
                workers.run(normalize.text_of, broken, Rules()),
                workers.run(normalize.text_of, broken, Rules()),
                return_exceptions=True,
            ), workers.started
        finally:
            await workers.close()

    errors, started = asyncio.run(go())
    assert started == 1
    assert all(isinstance(e, NormalizeError) for e in errors), errors
    assert "envelope" in str(errors[0])


def test_a_worker_runs_only_functions_of_the_package():
    async def go():
        workers = Workers(1)
        try:
            return await asyncio.gather(
                workers.run(os.getcwd), workers.run(os.getcwd), return_exceptions=True
            )
        finally:
            await workers.close()

    outcomes = asyncio.run(go())
    # One call ran in a thread (nothing was in flight yet); the worker refused the other.
    refused = [o for o in outcomes if isinstance(o, ValueError)]
    assert len(refused) == 1 and "not a function a worker runs" in str(refused[0])


def test_a_killed_worker_loses_no_call_and_is_replaced(caplog):
    results = [_result(n) for n in PAGE_NAMES]
    expected = [normalize.text_of(r, Rules()) for r in results]

    async def go():
        workers = Workers(1)
        try:
            await asyncio.gather(*(workers.run(normalize.text_of, r, Rules()) for r in results))
            (victim,) = [w.process.pid for w in workers._all]
            os.kill(victim, signal.SIGKILL)
            await asyncio.sleep(0.1)
            again = await asyncio.gather(
                *(workers.run(normalize.text_of, r, Rules()) for r in results)
            )
            pids = [w.process.pid for w in workers._all]
            return victim, again, pids
        finally:
            await workers.close()

    victim, again, pids = asyncio.run(go())
    assert again == expected
    assert victim not in pids and len(pids) == 1  # a new worker took the slot
    assert "worker process failed" in caplog.text


def test_close_stops_every_worker_and_a_worker_exits_when_its_parent_closes_the_pipe():
    results = [_result(n) for n in PAGE_NAMES]

    async def go():
        workers = Workers(2)
        await asyncio.gather(*(workers.run(normalize.text_of, r, Rules()) for r in results))
        pids = [w.process.pid for w in workers._all]
        await workers.close()
        return pids

    pids = asyncio.run(go())
    assert pids and not any(_alive(p) for p in pids)


def test_zero_workers_means_threads():
    result = _result(PAGE_NAMES[0])

    async def go():
        workers = Workers(0)
        out = await asyncio.gather(*(workers.run(normalize.text_of, result, Rules()) for _ in "ab"))
        return out, workers.started

    out, started = asyncio.run(go())
    assert started == 0 and out[0] == out[1] == normalize.text_of(result, Rules())


def test_default_count_leaves_a_core_to_the_main_process():
    n = default_count()
    assert 1 <= n <= 4
    assert n == max(1, min(4, len(os.sched_getaffinity(0)) - 1))


@pytest.mark.parametrize("value,reason", [("-1", "at least 0"), ('"two"', "integer")])
def test_workers_setting_is_validated(tmp_path, value, reason):
    from watcher import config
    from watcher.errors import ConfigError

    path = tmp_path / "w.toml"
    path.write_text(f"[schedule]\nworkers = {value}\n")
    with pytest.raises(ConfigError) as err:
        config.load(str(path), environ={})
    assert "schedule.workers" in str(err.value) and reason in str(err.value)
    assert str(path) in str(err.value)


def test_a_pass_over_several_pages_reads_them_in_workers_with_the_same_result(
    tmp_path, http_server, capsys
):
    from tests.httpserver import Reply
    from watcher.cli import main

    names = [*PAGE_NAMES, "perplexity-privacy-010", "copilot-terms-029"]
    watches = ""
    for i, name in enumerate(names):
        body = gzip.decompress((PAGES / f"{name}.html.gz").read_bytes())
        http_server.route(f"/p{i}", Reply(body=body))
        watches += f'[[watch]]\nname = "w{i}"\nurl = "{http_server.url(f"/p{i}")}"\n'
    config = tmp_path / "watcher.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n'
        f"[schedule]\nconcurrency = {len(names)}\nper_host = {len(names)}\nworkers = 2\n"
        f'[fetch]\nretries = 0\ntimeout = "5s"\n{watches}'
    )
    assert main(["--config", str(config), "-vv", "check"], environ={}) == 0
    err = capsys.readouterr().err
    assert "worker process" in err and "started" in err  # the pages went to workers
    for i, name in enumerate(names):
        assert main(["--config", str(config), "show", f"w{i}"], environ={}) == 0
        shown = capsys.readouterr().out
        assert shown.strip() == normalize.text_of(_result(name), Rules()).text.strip()


def test_workers_and_the_command_line_start_without_the_heavy_libraries():
    """A worker holds only the pure stages (memory); `watcher` parses its arguments before
    importing the database and HTTP layers (start-up time of every `watcher check`)."""
    import subprocess
    import sys

    heavy = {"sqlalchemy", "httpx", "apprise", "pypdf", "apscheduler", "alembic", "playwright"}
    probe = "import sys, {mods}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    for mods in (
        "watcher.pipeline.workers, watcher.normalize.document, watcher.pipeline.analyse",
        "watcher.cli",
    ):
        out = subprocess.run(
            [sys.executable, "-c", probe.format(mods=mods)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert "watcher" in out and not heavy & set(out), (mods, heavy & set(out))


def test_calls_queued_in_one_worker_each_get_their_own_answer_even_when_one_is_cancelled():
    from watcher.blobs import sha256

    inputs = [f"call {i}".encode() * (i + 1) for i in range(24)]

    async def go():
        workers = Workers(1)
        try:
            calls = [asyncio.ensure_future(workers.run(sha256, data)) for data in inputs]
            # Call 0 runs in a thread; calls 1 to 3 are written to the worker together.
            while not workers._all or len(workers._all[0].pending) < Workers.DEPTH:
                await asyncio.sleep(0.001)
            calls[2].cancel()  # written, not yet answered: its answer must be skipped
            done = await asyncio.gather(*calls, return_exceptions=True)
            # The pipe is still in step after the cancelled call's answer was skipped.
            after = await asyncio.gather(workers.run(sha256, b"a"), workers.run(sha256, b"b"))
            return done, after, workers.started
        finally:
            await workers.close()

    done, after, started = asyncio.run(go())
    assert started == 1
    assert isinstance(done[2], asyncio.CancelledError)
    assert [d for i, d in enumerate(done) if i != 2] == [
        sha256(x) for i, x in enumerate(inputs) if i != 2
    ]
    assert after == [sha256(b"a"), sha256(b"b")]


def test_a_worker_killed_with_several_calls_queued_loses_none_of_them(caplog):
    results = [_result(n) for n in PAGE_NAMES] * 3
    expected = [normalize.text_of(r, Rules()) for r in results]

    async def go():
        workers = Workers(1)
        try:
            calls = [
                asyncio.ensure_future(workers.run(normalize.text_of, r, Rules())) for r in results
            ]
            while not workers._all or len(workers._all[0].pending) < Workers.DEPTH:
                await asyncio.sleep(0.001)
            victim = workers._all[0].process.pid
            os.kill(victim, signal.SIGKILL)  # with DEPTH calls written to it, not answered
            done = await asyncio.gather(*calls)
            return victim, done, [w.process.pid for w in workers._all]
        finally:
            await workers.close()

    victim, done, pids = asyncio.run(go())
    assert done == expected
    assert victim not in pids
    assert "worker process failed" in caplog.text


def test_a_first_version_is_read_in_the_same_call_as_its_text():
    result = _result("perplexity-privacy-009")
    copy = normalize.reading_copy(result)
    plain = analyse.read(copy, Rules())
    assert plain.first is None
    assert plain.normalized == normalize.text_of(result, Rules())

    async def go():
        workers = Workers(1)
        try:
            return await asyncio.gather(*(workers.run(analyse.read, copy, Rules(), True),) * 2)
        finally:
            await workers.close()

    reading = asyncio.run(go())[0]
    assert reading.normalized == plain.normalized
    assert reading.text_sha256 == plain.text_sha256
    assert reading.first == analyse.first_version(plain.normalized.text)
    assert reading.first.summary.startswith("first version recorded")
    empty = normalize.reading_copy(replace(result, body=b"<p> </p>"))
    assert analyse.read(empty, Rules(), True).first is None  # no text: nothing read ahead


def test_a_worker_launched_early_takes_the_first_call_and_is_stopped_with_the_pool():
    result = _result(PAGE_NAMES[0])
    launched = launch(("watcher.pipeline.analyse",))

    async def go():
        workers = Workers(1, launched)
        try:
            text = await workers.run(normalize.text_of, result, Rules())  # one call only
            return text, [w.process.pid for w in workers._all]
        finally:
            await workers.close()

    text, pids = asyncio.run(go())
    assert pids == [launched.pid]  # not a thread: the launched process is already there
    assert text == normalize.text_of(result, Rules())
    assert launched.poll() == 0  # it ended with the pool


@pytest.mark.parametrize("count", [0, 1])
def test_a_worker_launched_but_never_needed_is_let_go(count):
    launched = launch()

    async def go():
        workers = Workers(count, launched)
        if count == 0:
            assert launched.wait(10) == 0  # no workers at all: let go at once
        await workers.close()

    asyncio.run(go())
    assert launched.poll() == 0


def test_a_launched_worker_that_died_before_its_first_call_loses_nothing(caplog):
    result = _result(PAGE_NAMES[1])
    launched = launch()
    launched.kill()
    launched.wait()

    async def go():
        workers = Workers(1, launched)
        try:
            first = await workers.run(normalize.text_of, result, Rules())
            again = await asyncio.gather(
                *(workers.run(normalize.text_of, result, Rules()) for _ in range(3))
            )
            return first, again, [w.process.pid for w in workers._all]
        finally:
            await workers.close()

    first, again, pids = asyncio.run(go())
    expected = normalize.text_of(result, Rules())
    assert first == expected and again == [expected] * 3
    assert pids and launched.pid not in pids  # replaced by a new worker
    assert "running text_of here" in caplog.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[watch]]\nurl = "http://a/"\n[[watch]]\nurl = "http://b/"\n', True),
        ('[[watch]]\nurl = "http://a/"\n', False),
        (
            '[schedule]\nworkers = 0\n[[watch]]\nurl = "http://a/"\n[[watch]]\nurl = "http://b/"\n',
            False,
        ),
        ("[[watch]\nbroken", False),
    ],
    ids=["several", "one", "workers-off", "invalid"],
)
def test_check_launches_a_worker_early_only_for_several_watches(tmp_path, text, expected):
    from watcher.cli import _several_watches

    path = tmp_path / "w.toml"
    path.write_text(text)
    assert _several_watches(str(path)) is expected
    assert _several_watches(str(tmp_path / "missing.toml")) is False


def test_workers_are_saturated_while_twice_their_queue_waits_for_room():
    from watcher.blobs import sha256

    async def go():
        workers = Workers(1)
        try:
            seen = []
            calls = [asyncio.ensure_future(workers.run(sha256, b"x" * i)) for i in range(12)]
            while not all(c.done() for c in calls):
                seen.append(workers.saturated)
                await asyncio.sleep(0)
            await asyncio.gather(*calls)
            return seen, workers.saturated
        finally:
            await workers.close()

    seen, after = asyncio.run(go())
    # 12 calls: one in a thread, 3 queued in the worker, 8 waiting: saturated (>= 6) at first,
    # and no more once the waiting ones have gone through.
    assert True in seen and seen[-1] is False and after is False
    assert Workers(0).saturated is False


def _slow_text() -> str:
    # Seconds of detector work (1 MB of policy-like text reads in about 0.6 s), far past the
    # budgets below: the margin makes the timing safe on a slow machine.
    sentence = "We may use your content to train and improve our artificial intelligence models. "
    return sentence * 40_000


def test_a_call_over_its_budget_in_a_worker_fails_too_slow_and_the_worker_is_replaced(caplog):
    from watcher import detect
    from watcher.errors import TooSlow

    quick = _result(PAGE_NAMES[0])
    expected = normalize.text_of(quick, Rules())

    async def go():
        workers = Workers(1)
        try:
            # Two calls in flight: the first goes to a thread, the second starts the worker.
            warm = workers.run(normalize.text_of, quick, Rules())
            await asyncio.gather(warm, workers.run(normalize.text_of, quick, Rules()))
            (first,) = [w.process.pid for w in workers._all]
            slow = asyncio.ensure_future(workers.run(detect.scan, _slow_text(), budget=0.05))
            behind = asyncio.ensure_future(workers.run(normalize.text_of, quick, Rules()))
            with pytest.raises(TooSlow) as caught:
                await slow
            after = await behind  # queued behind the slow call: run again, not lost
            again = await asyncio.gather(
                *(workers.run(normalize.text_of, quick, Rules()) for _ in range(2))
            )
            return first, caught.value, after, again, [w.process.pid for w in workers._all]
        finally:
            await workers.close()

    first, error, after, again, pids = asyncio.run(go())
    assert error.kind == "too_slow" and "page_time_limit" in str(error)
    assert after == expected and again == [expected, expected]
    assert first not in pids  # killed and replaced
    assert "overran" in caplog.text


def test_a_call_over_its_budget_in_a_thread_fails_too_slow():
    from watcher import detect
    from watcher.errors import TooSlow

    async def go():
        workers = Workers(0)
        try:
            await workers.run(detect.scan, _slow_text(), budget=0.05)
        finally:
            await workers.close()

    with pytest.raises(TooSlow):
        asyncio.run(go())
