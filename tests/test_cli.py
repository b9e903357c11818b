"""The command line: help everywhere, one-line errors, exit codes, the daemon's life cycle."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from httpserver import Reply

from watcher.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"


def subcommands(parser: argparse.ArgumentParser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from subcommands(sub, (*prefix, name))


def test_every_command_has_help_text():
    commands = list(subcommands(build_parser()))
    assert {c[0] for c, _ in commands} >= {
        "run",
        "check",
        "validate",
        "events",
        "history",
        "show",
        "diff",
        "rebuild",
        "db",
        "notify-test",
    }
    for name, sub in commands:
        assert sub.description and len(sub.description) > 20, name
        for action in sub._actions:
            if action.dest not in ("help", "command", "db_command"):
                assert action.help, f"{' '.join(name)} {action.dest} has no help"


@pytest.mark.parametrize("argv", [[], ["nonsense"], ["check", "--bogus"], ["show"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv, environ={})
    assert exc.value.code == 2
    assert "Error:" in capsys.readouterr().err


def test_config_error_is_one_line_naming_file_key_and_reason(tmp_path, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[[watch]]\nname = "A"\nurl = "https://example.org/"\ninterval = "6 hours"\n')
    assert main(["--config", str(cfg), "validate"], environ={}) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("Error: ")
    assert str(cfg) in err and "watch[0].interval" in err and "6 hours" in err


def test_missing_config_file_exits_2(tmp_path, capsys):
    assert main(["validate"], environ={"WATCHER_CONFIG": str(tmp_path / "nope.toml")}) == 2
    assert "nope.toml" in capsys.readouterr().err


def test_unknown_watch_exits_2(tmp_path, capsys):
    env = {"XDG_STATE_HOME": str(tmp_path)}
    assert main(["--config", str(EXAMPLE), "history", "no-such-watch"], environ=env) == 2
    assert "no-such-watch" in capsys.readouterr().err


def test_example_config_validates(capsys):
    assert main(["--config", str(EXAMPLE), "validate"], environ={}) == 0
    assert "OK" in capsys.readouterr().out


def test_db_upgrade_reports_revision(tmp_path, capsys):
    env = {"XDG_STATE_HOME": str(tmp_path)}
    assert main(["--config", str(EXAMPLE), "db", "upgrade"], environ=env) == 0
    assert "upgraded from empty" in capsys.readouterr().out
    assert (tmp_path / "watcher" / "watcher.db").exists()  # the embedded default
    assert main(["--config", str(EXAMPLE), "db", "upgrade"], environ=env) == 0
    assert "already at revision" in capsys.readouterr().out


def run_watcher(args, tmp_path, **kw):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "XDG_STATE_HOME": str(tmp_path),
        "HOME": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(EXAMPLE), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        **kw,
    )


def test_daemon_starts_and_stops_gracefully_on_sigterm(tmp_path):
    proc = run_watcher(["run"], tmp_path)
    try:
        deadline = time.monotonic() + 30
        db_file = tmp_path / "watcher" / "watcher.db"
        while not db_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "watching" in err and "stopping" in err


def test_example_watches_without_network_record_errors_and_exit_0(tmp_path):
    """The sandbox has no route to the internet: every example watch fails cleanly."""
    proc = run_watcher(["check"], tmp_path)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) >= 10  # one line per watch


def test_classify_jsonl_labels_each_line(tmp_path):
    lines = [
        {"id": "a", "text": "We may use your content to train our machine learning models."},
        {"id": "b", "text": "Nous n'utilisons pas vos données pour entraîner nos modèles d'IA."},
        {"id": "c", "text": "Fees are billed monthly in advance."},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "watcher", "classify", "--jsonl"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out == [
        {"id": "a", "topic": "user_data_training", "stance": "allowed", "lang": "en"},
        {"id": "b", "topic": "user_data_training", "stance": "not_allowed", "lang": "fr"},
        {"id": "c", "topic": "none", "stance": None, "lang": "en"},
    ]


def test_classify_reports_bad_lines_and_goes_on(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "watcher", "classify", "--jsonl"],
        input='not json\n{"id": 1, "text": "Hello."}\n',
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "stdin line 1" in proc.stderr
    assert json.loads(proc.stdout)["id"] == 1


def test_scan_file_and_url(tmp_path, http_server, capsys):
    html = (
        "<html><body><nav>x</nav><main><h1>Terms</h1><p>Fees are billed monthly.</p>"
        "<p>You may not use the service or its content to train artificial intelligence "
        "models.</p></main></body></html>"
    )
    page = tmp_path / "terms.html"
    page.write_text(html)
    assert main(["scan", str(page)], environ={}) == 0
    out = capsys.readouterr().out
    assert "1 passage about" in out and "Ban on others training AI" in out and "why:" in out
    http_server.route("/t", Reply(body=html))
    assert main(["scan", http_server.url("/t"), "--json"], environ={}) == 0
    [finding] = json.loads(capsys.readouterr().out)
    assert finding["topic"] == "third_party_training_ban"
    assert main(["scan", str(tmp_path / "missing.html")], environ={}) == 2


@pytest.mark.parametrize("kind", ["windows-1252", "pdf"])
def test_scan_reads_a_local_file_as_a_check_reads_the_same_bytes(
    tmp_path, http_server, capsys, kind
):
    from pdfdoc import make_pdf

    clause = "Nous utilisons vos données pour entraîner nos modèles d'intelligence artificielle."
    if kind == "pdf":  # the test PDFs are written in ASCII
        clause = "We use your content to train our artificial intelligence models."
        name, body, served = "terms.pdf", make_pdf([[clause]]), "application/pdf"
    else:
        html = f"<html><head><meta charset='windows-1252'></head><body><p>{clause}</p></body>"
        name, body, served = "terms.html", html.encode("cp1252"), "text/html"
    path = tmp_path / name
    path.write_bytes(body)
    assert main(["scan", str(path), "--json"], environ={}) == 0
    from_file = json.loads(capsys.readouterr().out)
    http_server.route("/t", Reply(body=body, content_type=served))
    assert main(["scan", http_server.url("/t"), "--json"], environ={}) == 0
    over_http = json.loads(capsys.readouterr().out)
    assert [f["topic"] for f in from_file] == ["user_data_training"]
    assert clause.split()[2] in from_file[0]["text"]  # "données" decoded as windows-1252
    assert [f["text"] for f in from_file] == [f["text"] for f in over_http]


def test_a_config_file_others_can_read_with_a_secret_gets_a_warning(tmp_path, capsys):
    cfg = tmp_path / "watcher.toml"
    cfg.write_text('[notifiers.legal]\nurls = ["json://127.0.0.1:9/hook-5e1f0a9b77c2"]\n')
    os.chmod(cfg, 0o644)
    assert main(["--config", str(cfg), "validate"], environ={}) == 0
    err = capsys.readouterr().err
    assert f"{cfg} holds secrets (notifiers.legal.urls[0])" in err
    assert "mode 0644" in err and f"chmod 600 {cfg}" in err
    assert "hook-5e1f0a9b77c2" not in err
    os.chmod(cfg, 0o600)
    assert main(["--config", str(cfg), "validate"], environ={}) == 0
    assert capsys.readouterr().err == ""


def test_an_error_line_is_one_line_without_credentials(tmp_path, capsys):
    cfg = tmp_path / "watcher.toml"
    cfg.write_text('[storage]\nurl = "postgresql+psycopg://watcher:pw-1234@127.0.0.1:1/w"\n')
    os.chmod(cfg, 0o600)
    rc = main(["--config", str(cfg), "-vv", "db", "upgrade"], environ={})
    err = capsys.readouterr().err
    assert rc == 1 and "Traceback" not in err and "pw-1234" not in err
    [line] = [line for line in err.splitlines() if line.startswith("Error:")]
    assert "postgresql+psycopg://***:***@127.0.0.1:1/w" in line


def test_logged_urls_lose_their_credentials(capsys):
    from watcher.cli import configure_logging, logs

    configure_logging(2)
    logs.conceal({"tok-998877"})
    try:
        logging.getLogger("watcher.test").info(
            "fetching %s via %s", "https://a:b@h/x?token=t", "json://h/tok-998877"
        )
        logging.getLogger("urllib3.connectionpool").debug('"POST /tok-998877 HTTP/1.1" 200')
    finally:
        logs.conceal(())
        configure_logging(0)
    err = capsys.readouterr().err
    assert "fetching https://***:***@h/x?token=*** via json://h/***" in err
    assert "tok-998877" not in err and "POST" not in err


def test_a_check_of_an_unchanged_page_imports_no_detector_diff_or_apprise(tmp_path, http_server):
    """They are for new versions, deliveries and validation: a one-watch `watcher check` run
    from cron on a page that did not change (most runs) starts without them."""
    html = "<main><h1>Terms</h1><p>We may use your content to train our AI models.</p></main>"
    http_server.route("/t", Reply(body=html))
    cfg = tmp_path / "w.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n'
        f'[[watch]]\nname = "T"\nurl = "{http_server.url("/t")}"\n'
    )
    code = (
        "import sys\n"
        "from watcher.cli import main\n"
        f"assert main(['--config', {str(cfg)!r}, 'check', '--watch', 'T'], environ={{}}) == 0\n"
        "print(' '.join(m for m in sys.modules if m.startswith(PREFIXES)))\n"
    ).replace("PREFIXES", repr(("watcher.detect", "watcher.diff", "watcher.dates", "apprise")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    first, again = (r.stdout.splitlines()[-1].split() for r in runs)
    assert "watcher.detect" in first  # a first version is read for AI-training language
    assert again == []
