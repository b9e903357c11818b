"""The README's first command, as a newcomer runs it: the first checks within seconds.

The command is read from the README itself; the example configuration is copied with its
watches' URLs pointed at pages served on 127.0.0.1 (their selectors dropped: the local pages
are not the vendors' markup), and the embedded SQLite default kept (the state directory is a
temporary one). The daemon must record every watch's first check within seconds of start,
and say so on the console as it happens.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from httpserver import Reply

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<html><head><title>{name}</title></head><body><main><h1>{name}</h1>
<p>These terms govern your use of the service.</p>
<p>We do not use your content to train our artificial intelligence models.</p>
</main></body></html>"""


def first_command() -> list[str]:
    """The arguments of `watcher` in the README's first command."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Two commands", 1)[1]
    first = re.search(r"```sh\n(.+?)\n```", section, re.S).group(1)
    return first.split(".venv/bin/watcher ", 1)[1].split()


def test_the_readmes_first_command_shows_the_first_checks_within_seconds(tmp_path, http_server):
    args = first_command()
    assert args == ["--config", "config.example.toml", "run"]
    example = (ROOT / "config.example.toml").read_text()
    paths: list[str] = []

    def local(match: re.Match) -> str:
        paths.append(f"/doc{len(paths)}")
        http_server.route(paths[-1], Reply(body=PAGE.format(name=f"Document {len(paths)}")))
        return f'url = "{http_server.url(paths[-1])}"'

    copy = re.sub(r'^url = "https://[^"]+"', local, example, flags=re.M)
    copy = re.sub(r"^(select|remove) = .*$", "", copy, flags=re.M)
    assert len(paths) >= 10  # every watch of the example points at a local page now
    (tmp_path / "config.example.toml").write_text(copy)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "WATCHER_ALLOW_NETWORKS": "127.0.0.0/8",
    }
    env.pop("STATE_DIRECTORY", None)
    database = tmp_path / "state" / "watcher" / "watcher.db"
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "watcher", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        checked = 0
        while time.monotonic() - started < 30 and checked < len(paths):
            time.sleep(0.2)
            if database.exists():
                try:
                    with sqlite3.connect(database) as db:
                        (checked,) = db.execute(
                            "SELECT count(DISTINCT watch_id) FROM checks"
                        ).fetchone()
                except sqlite3.OperationalError:  # not migrated yet
                    checked = 0
        elapsed = time.monotonic() - started
    finally:
        proc.send_signal(signal.SIGTERM)
        console, _ = proc.communicate(timeout=30)
    assert checked == len(paths), console
    assert elapsed < 15, f"first checks took {elapsed:.1f} s"
    # What the newcomer reads: the start, then each first version as it is recorded.
    assert re.search(r"watching \d+ documents", console), console
    assert console.count("new_version (version 1)") == len(paths), console
    assert "Traceback" not in console
