"""What the log says, as a person or a log pipeline reads it: `watcher` run as a process
against pages on 127.0.0.1, its stderr read back."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from httpserver import Reply

from watcher.cli import configure_logging, logs

TERMS = "<html><body><main><h1>Terms</h1><p>{}</p></main></body></html>"
PLAIN = TERMS.format("You may use the service as described here.")
TRAIN = TERMS.format("We may use your content to train our artificial intelligence models.")
STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR) ")
PASSWORD = "pw-5566778899"


@pytest.fixture
def config(tmp_path, http_server):
    path = tmp_path / "watcher.toml"
    path.write_text(f"""
[storage]
url = "sqlite:///{tmp_path}/watcher.db"
[fetch]
timeout = "2s"
retries = 0
[[watch]]
name = "Example Terms"
url = "{http_server.url("/terms")}"
kind = "terms"
[[watch]]
name = "Locked"
url = "http://reader:{PASSWORD}@127.0.0.1:{http_server.port}/locked"
kind = "terms"
""")
    http_server.route("/locked", Reply(status=404))
    return path


def watcher(config, *args, env=None, stderr=subprocess.PIPE):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNAL_", "WATCHER_L"))}
    environ |= env or {}
    return subprocess.run(
        [sys.executable, "-m", "watcher", "--config", str(config), "-v", *args],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        timeout=60,
    )


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def test_text_lines_start_with_the_local_time(config, http_server):
    http_server.route("/terms", Reply(body=PLAIN))
    done = watcher(config, "check")
    got = lines(done.stderr)
    assert got and all(STAMP.match(line) for line in got), got
    first = [line for line in got if "example-terms: new_version (version 1)" in line]
    assert first and " INFO watcher.pipeline.core: " in first[0]
    assert PASSWORD not in done.stderr + done.stdout


def test_journald_gets_no_timestamp_of_ours(config, http_server, tmp_path):
    http_server.route("/terms", Reply(body=PLAIN))
    with open(tmp_path / "stderr", "w+") as err:
        st = os.fstat(err.fileno())
        watcher(config, "check", env={"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"}, stderr=err)
        err.seek(0)
        got = lines(err.read())
    assert "INFO watcher.pipeline.core: example-terms: new_version (version 1)" in got
    assert not any(STAMP.match(line) for line in got)


def test_a_journal_stream_of_another_file_is_not_journald(config, http_server):
    http_server.route("/terms", Reply(body=PLAIN))
    done = watcher(config, "check", env={"JOURNAL_STREAM": "1:1"})
    assert all(STAMP.match(line) for line in lines(done.stderr))


@pytest.mark.parametrize("how", ["option", "environment"])
def test_json_lines(config, http_server, how):
    http_server.route("/terms", Reply(body=TRAIN), Reply(body=PLAIN))
    args, env = (("--log-format", "json"), None) if how == "option" else ((), {})
    if how == "environment":
        env = {"WATCHER_LOG_FORMAT": "json"}
    records = [json.loads(line) for line in lines(watcher(config, *args, "check", env=env).stderr)]
    assert records
    for r in records:
        assert {"time", "level", "logger", "message"} <= r.keys()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["time"])
    by_watch = {r["message"]: r for r in records if r.get("watch") == "example-terms"}
    # A first version is INFO, even one that already speaks of AI training.
    first = [r for m, r in by_watch.items() if m.startswith("example-terms: first version")]
    assert [r["level"] for r in first] == ["INFO"]
    assert by_watch["example-terms: new_version (version 1)"]["level"] == "INFO"
    # One failed check is INFO (the fetch_error event after several is a WARNING).
    [locked] = [r for r in records if r.get("watch") == "locked"]
    assert locked["level"] == "INFO" and "check failed" in locked["message"]
    text = "\n".join(lines(watcher(config, "--log-format", "json", "check").stderr))
    assert PASSWORD not in text


def test_an_ai_change_is_a_warning(config, http_server):
    http_server.route("/terms", Reply(body=PLAIN), Reply(body=TRAIN))
    watcher(config, "check")
    out = watcher(config, "--log-format", "json", "check").stderr
    records = [json.loads(line) for line in lines(out)]
    ai = [r for r in records if r.get("watch") == "example-terms" and r["level"] == "WARNING"]
    assert ai and "AI" in ai[0]["message"], records


def test_a_bad_log_format_in_the_environment_is_refused(config):
    done = watcher(config, "check", env={"WATCHER_LOG_FORMAT": "xml"})
    assert done.returncode == 2 and "WATCHER_LOG_FORMAT" in done.stderr


def test_the_daemon_prints_intervals_as_people_write_them(config, http_server):
    http_server.route("/terms", Reply(body=PLAIN))
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOURNAL_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(config), "run"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            if "scheduled every" in line:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    scheduled = [line for line in seen if "scheduled every" in line]
    assert scheduled and "example-terms: scheduled every 6h, first at" in scheduled[0], seen


def test_json_lines_are_scrubbed_traceback_included(capsys):
    configure_logging(1, "json")
    logs.conceal({"tok-443322"})
    try:
        try:
            raise RuntimeError("posting to json://h/tok-443322 failed")
        except RuntimeError:
            logging.getLogger("watcher.test").exception(
                "%s: sending via %s", "w1", "https://a:b@h/x", extra={"watch": "w1"}
            )
    finally:
        logs.conceal(())
        configure_logging(0)
    [line] = lines(capsys.readouterr().err)
    record = json.loads(line)
    assert record["watch"] == "w1" and record["level"] == "ERROR"
    assert record["logger"] == "watcher.test"
    assert record["message"] == "w1: sending via https://***:***@h/x"
    assert "RuntimeError" in record["exc"] and "tok-443322" not in line
