"""Replay the labelled corpus through a real HTTP server and the real `watcher check`; score it.

    python benchmarks/replay.py [CORPUS] [--selectors manifest|none] [--json] [--steps-detail]

CORPUS is the shared corpus (default: ../shared/corpus next to the repository). Its
replay/manifest.json lists real version histories of policy pages (Open Terms Archive data,
ODC-By 1.0) with labels per step; replay/README.md defines the procedure followed here:

1. One threaded HTTP server on 127.0.0.1 (in this process) serves every sequence at its own URL,
   http://127.0.0.1:PORT/<sequence id>, all starting at step 0: the gunzipped bytes of
   steps/<id>/NNN.html.gz as `text/html; charset=utf-8`, with no ETag or Last-Modified, so every
   poll is a full fetch. A sequence that has run out keeps serving its last step. The same server
   takes webhook deliveries (Apprise `json://127.0.0.1:PORT/hook`) and keeps their bodies.
2. A temporary configuration (SQLite in a temporary directory) has one [[watch]] per sequence
   (name and id = the sequence id), with the manifest's select/remove rules
   (--selectors manifest, the default) or none (--selectors none), and one notifier on that hook
   with `on = ["ai", "change", "error"]` (no `minor = true`: cosmetic changes are stored but not
   sent). `[fetch] retries = 0`, `[schedule] error_after = 3`.
3. Poll: `watcher.cli.main(["--config", CFG, "check"])` in-process, read the new events
   (`watcher events --json`, the event contract) and the new check rows (the database), then
   advance every sequence by one step; repeat until the longest sequence is done.
4. Score every step >= 1 against the labels:
   * alert   = the webhook received a "changed" message for the watch at that poll (what a user
     sees; a change judged cosmetic is stored but not sent). Precision/recall of alerts.
   * stored  = a `changed` event was recorded at that poll (sent or not): the watcher noticed.
   * false alert = alert on a step with text_changed false; missed = text_changed without alert.
   * noise_kind steps (cosmetic changes): alerted, stored quietly, or not detected at all.
   * AI: a step whose ai_event is set is a hit when an event of that poll has ai_change
     appeared/changed/removed (kind agreement reported separately), otherwise a miss; such an
     ai_change on a step without ai_event is a false AI alert.
   * check errors (e.g. `empty_text` when select matches nothing), fetch_error events.

Prints a per-sequence table and a total; --steps-detail adds one line per labelled or alerted
step; --json prints everything as JSON instead. The exit status is 0 whatever the scores (this
is a measurement); 1 when the run itself broke (a command failed, the server missed a poll).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import re
import sqlite3
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

from watcher.cli import main as watcher_main  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SERVER_MAX_SECONDS = 1800.0  # the server stops by itself after this long, whatever happens
HOOK_PATH = "/hook"
AI_CHANGES = ("appeared", "changed", "removed")
# Message titles are "<watch name> <what>" (watcher/notify/render.py _TITLES).
TITLE_KINDS = {
    "changed": "changed",
    "now watched": "first_seen",
    "cannot be fetched": "fetch_error",
    "can be fetched again": "recovered",
}


class RunBroken(Exception):
    """The replay itself failed (not a bad score)."""


# --- the server ------------------------------------------------------------------------------


class ReplayServer:
    """Serves each sequence's current step at /<id> and records webhook POSTs at /hook."""

    def __init__(self, replay_dir: Path, sequences: list[dict]) -> None:
        self.replay_dir = replay_dir
        self.files = {s["id"]: [replay_dir / st["file"] for st in s["steps"]] for s in sequences}
        self.poll = 0
        self.lock = threading.Lock()
        self.cache: dict[str, tuple[int, bytes]] = {}  # id -> (step index, raw bytes)
        self.gets: Counter[tuple[str, int]] = Counter()  # (id, poll) -> GET requests
        self.other_requests: list[str] = []
        self.hooks: list[tuple[int, dict]] = []  # (poll, JSON body)
        self.httpd = _HTTPD(self)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.timer = threading.Timer(SERVER_MAX_SECONDS, self._expire)
        self.timer.daemon = True

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def step_of(self, seq_id: str, poll: int) -> int:
        """The step served at `poll`: the last one once the sequence has run out."""
        return min(poll, len(self.files[seq_id]) - 1)

    def set_poll(self, poll: int) -> None:
        with self.lock:
            self.poll = poll

    def page(self, seq_id: str) -> bytes:
        with self.lock:
            self.gets[(seq_id, self.poll)] += 1
            n = self.step_of(seq_id, self.poll)
            cached = self.cache.get(seq_id)
        if cached is not None and cached[0] == n:
            return cached[1]
        body = gzip.decompress(self.files[seq_id][n].read_bytes())
        with self.lock:
            self.cache[seq_id] = (n, body)
        return body

    def hook(self, body: bytes) -> None:
        try:
            data = json.loads(body)
        except ValueError:
            data = {"raw": body.decode("utf-8", "replace")}
        with self.lock:
            self.hooks.append((self.poll, data))

    def start(self) -> ReplayServer:
        self.thread.start()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.cancel()
        self._expire()

    def _expire(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


class _HTTPD(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: ReplayServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up is not our business


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5.0  # idle keep-alive connections are dropped
    server: _HTTPD

    def do_GET(self) -> None:
        owner = self.server.owner
        seq_id = self.path.split("?", 1)[0].lstrip("/")
        if seq_id not in owner.files:
            with owner.lock:
                owner.other_requests.append(f"{self.command} {self.path}")
            self._reply(404, b"not found", "text/plain")
            return
        self._reply(200, owner.page(seq_id), "text/html; charset=utf-8")

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.split("?", 1)[0] != HOOK_PATH:
            with owner.lock:
                owner.other_requests.append(f"{self.command} {self.path}")
            self._reply(404, b"not found", "text/plain")
            return
        owner.hook(body)
        self._reply(200, b"{}", "application/json")

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


# --- configuration ---------------------------------------------------------------------------


def toml_str(s: str) -> str:
    """A TOML basic string holding exactly `s`."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(s) for s in items) + "]"


def write_config(
    path: Path, db_path: Path, server: ReplayServer, sequences: list[dict], selectors: str
) -> None:
    hook = f"json://127.0.0.1:{server.port}{HOOK_PATH}"
    lines = [
        "[storage]",
        f"url = {toml_str('sqlite:///' + str(db_path))}",
        "[schedule]",
        "error_after = 3",
        "[fetch]",
        "retries = 0",
        'timeout = "10s"',
        'allow_networks = ["127.0.0.0/8"]  # the replay server is local',
        "[notify]",
        'retry_backoff = "10ms"',
        'retry_max_backoff = "10ms"',
        "[notifiers.replay]",
        f"urls = [{toml_str(hook)}]",
        'on = ["ai", "change", "error"]',
    ]
    for s in sequences:
        lines += [
            "",
            "[[watch]]",
            f"name = {toml_str(s['id'])}",
            f"id = {toml_str(s['id'])}",
            f"url = {toml_str(server.url('/' + s['id']))}",
        ]
        if selectors == "manifest":
            if s.get("select"):
                lines.append(f"select = {toml_list(s['select'])}")
            if s.get("remove"):
                lines.append(f"remove = {toml_list(s['remove'])}")
    text = "\n".join(lines) + "\n"
    # The selectors must survive the quoting exactly.
    parsed = tomllib.loads(text)
    for s, w in zip(sequences, parsed["watch"], strict=True):
        want = (list(s.get("select") or []), list(s.get("remove") or []))
        if selectors == "manifest" and (w.get("select", []), w.get("remove", [])) != want:
            raise RunBroken(f"{s['id']}: selectors do not survive TOML quoting")
    path.write_text(text, encoding="utf-8")


# --- running the watcher ---------------------------------------------------------------------


def run_cli(config: Path, *args: str) -> tuple[int, str, str]:
    """`watcher --config CONFIG ARGS` in-process; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = watcher_main(["--config", str(config), *args], environ={})
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code if isinstance(exc.code, int) else 1
    return rc, out.getvalue(), err.getvalue()


def db_rows(db_path: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def parse_check_output(out: str, ids: set[str]) -> dict[str, str]:
    """`watch-id: outcome …` lines of `watcher check` (a fallback for the checks table)."""
    lines = {}
    for line in out.splitlines():
        wid, sep, rest = line.partition(": ")
        if sep and wid in ids:
            lines[wid] = rest
    return lines


def title_kind(title: str, names: list[str]) -> tuple[str | None, str]:
    """(watch name, event kind) of a message title.

    Titles are "<name> <what>" (watcher/notify/render.py _TITLES), or for an AI-training
    change "[SEVERITY] <name>: AI-training terms <verb>: …" ("found" on a first version).
    """
    title = re.sub(r"^\[[A-Z]+\] ", "", title)
    for name in sorted(names, key=len, reverse=True):
        if title.startswith(name + ": AI-training terms "):
            verb = title[len(name) + len(": AI-training terms ") :].split(":")[0].strip()
            return name, "first_seen" if verb == "found" else "changed"
        if title.startswith(name + " "):
            what = title[len(name) + 1 :].strip()
            return name, TITLE_KINDS.get(what, what)
    return None, title


def replay(corpus: Path, selectors: str) -> dict:
    replay_dir = corpus / "replay"
    manifest = json.loads((replay_dir / "manifest.json").read_text(encoding="utf-8"))
    sequences = manifest["sequences"]
    ids = [s["id"] for s in sequences]
    polls = max(len(s["steps"]) for s in sequences)
    for s in sequences:
        if [st["n"] for st in s["steps"]] != list(range(len(s["steps"]))):
            raise RunBroken(f"{s['id']}: steps are not numbered 0..N-1")

    # Per (id, poll): what the watcher did.
    events_at: dict[tuple[str, int], list[dict]] = defaultdict(list)
    checks_at: dict[tuple[str, int], list[dict]] = defaultdict(list)
    check_lines: dict[tuple[str, int], str] = {}
    hooks_at: dict[tuple[str, int], list[dict]] = defaultdict(list)
    sent_events: set[int] = set()
    problems: list[str] = []
    poll_seconds: list[float] = []

    server = ReplayServer(replay_dir, sequences).start()
    t_start = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="watcher-replay-") as tmp:
            config = Path(tmp) / "watcher.toml"
            db_path = Path(tmp) / "watcher.db"
            write_config(config, db_path, server, sequences, selectors)
            last_event = last_check = 0
            for k in range(polls):
                server.set_poll(k)
                t0 = time.monotonic()
                rc, out, err = run_cli(config, "check")
                poll_seconds.append(time.monotonic() - t0)
                if rc != 0:
                    raise RunBroken(f"poll {k}: `watcher check` exited {rc}: {err.strip()[-2000:]}")
                for wid, rest in parse_check_output(out, set(ids)).items():
                    check_lines[(wid, k)] = rest
                rc, out, err = run_cli(config, "events", "--json")
                if rc != 0:
                    raise RunBroken(f"poll {k}: `watcher events --json` exited {rc}: {err.strip()}")
                for e in json.loads(out):
                    if e["id"] > last_event:
                        events_at[(e["watch"], k)].append(e)
                        last_event = max(last_event, e["id"])
                for cid, wid, outcome, ekind, error in db_rows(
                    db_path,
                    "SELECT id, watch_id, outcome, error_kind, error FROM checks "
                    f"WHERE id > {last_check} ORDER BY id",
                ):
                    checks_at[(wid, k)].append(
                        {"outcome": outcome, "error_kind": ekind, "error": error}
                    )
                    last_check = max(last_check, cid)
                for seq_id in ids:
                    if server.gets[(seq_id, k)] != 1:
                        problems.append(
                            f"poll {k}: {seq_id} was fetched {server.gets[(seq_id, k)]} times"
                        )
            # Which events the outbox says were sent (a cross-check of the webhook).
            with contextlib.suppress(sqlite3.Error):
                sent_events = {
                    r[0]
                    for r in db_rows(db_path, "SELECT event_id FROM outbox WHERE state = 'sent'")
                }
            pending = []
            with contextlib.suppress(sqlite3.Error):
                pending = db_rows(
                    db_path, "SELECT event_id, state FROM outbox WHERE state <> 'sent'"
                )
            if pending:
                problems.append(f"{len(pending)} outbox rows not sent: {pending[:10]}")
    finally:
        server.stop()
    elapsed = time.monotonic() - t_start

    for poll, body in server.hooks:
        name, kind = title_kind(str(body.get("title", "")), ids)
        if name is None:
            problems.append(f"poll {poll}: webhook message for no known watch: {body!r:.200}")
            continue
        hooks_at[(name, poll)].append(
            {
                "kind": kind,
                "title": body.get("title"),
                "message": str(body.get("message", ""))[:300],
            }
        )
    if server.other_requests:
        problems.append(f"unexpected requests: {server.other_requests[:10]}")

    return score(
        manifest,
        selectors,
        polls,
        events_at,
        checks_at,
        check_lines,
        hooks_at,
        sent_events,
        problems,
        elapsed,
        poll_seconds,
    )


# --- scoring -----------------------------------------------------------------------------------


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score(
    manifest,
    selectors,
    polls,
    events_at,
    checks_at,
    check_lines,
    hooks_at,
    sent_events,
    problems,
    elapsed,
    poll_seconds,
) -> dict:
    steps_out = []
    per_seq = []
    after_end = []
    for s in manifest["sequences"]:
        sid = s["id"]
        last = len(s["steps"]) - 1
        for k in range(polls):
            if k > last and (events_at.get((sid, k)) or hooks_at.get((sid, k))):
                after_end.append(
                    {
                        "seq": sid,
                        "poll": k,
                        "serving_step": last,
                        "events": [(e["kind"], e["summary"]) for e in events_at.get((sid, k), [])],
                        "messages": [h["kind"] for h in hooks_at.get((sid, k), [])],
                        "check_errors": [
                            c["error_kind"]
                            for c in checks_at.get((sid, k), [])
                            if c["outcome"] == "error"
                        ],
                    }
                )
        # Step 0: baseline, not scored, but shown.
        base_events = events_at.get((sid, 0), [])
        baseline = {
            "events": [e["kind"] for e in base_events],
            "ai_change": [e["ai_change"] for e in base_events if e["ai_change"]],
            "ai_findings": sum(len(e.get("ai_findings") or []) for e in base_events),
            "check": checks_at.get((sid, 0), []),
        }
        rows = []
        for st in s["steps"][1:]:
            k = st["n"]
            evs = events_at.get((sid, k), [])
            msgs = hooks_at.get((sid, k), [])
            checks = checks_at.get((sid, k), [])
            changed = [e for e in evs if e["kind"] == "changed"]
            ai = [e["ai_change"] for e in evs if e.get("ai_change") in AI_CHANGES]
            odd_ai = [
                e["ai_change"]
                for e in evs
                if e.get("ai_change") and e["ai_change"] not in AI_CHANGES
            ]
            alerted = any(m["kind"] == "changed" for m in msgs)
            row = {
                "seq": sid,
                "step": k,
                "date": st.get("date"),
                "text_changed": bool(st["text_changed"]),
                "markup_only": bool(st.get("markup_only_change")),
                "selector_missing": bool(st.get("selector_missing")),
                "noise_kind": st.get("noise_kind"),
                "ai_event": st.get("ai_event"),
                "events": [e["kind"] for e in evs],
                "changed_events": len(changed),
                "stored": bool(changed),
                "alerted": alerted,
                "messages": [m["kind"] for m in msgs],
                "outbox_sent": any(e["id"] in sent_events for e in changed),
                "ai_change": ai,
                "ai_change_other": odd_ai,
                "ai_findings": [f for e in evs for f in (e.get("ai_findings") or [])][:10],
                "check_errors": [
                    c["error_kind"] or "error" for c in checks if c["outcome"] == "error"
                ],
                "check_error_text": [c["error"] for c in checks if c["outcome"] == "error"],
                "check_outcomes": [c["outcome"] for c in checks],
                "check_line": check_lines.get((sid, k)),
                "summary": "; ".join(e["summary"] for e in evs),
                "version_to": [e["version_to"] for e in changed],
            }
            if row["alerted"] != row["outbox_sent"]:
                problems.append(
                    f"{sid} step {k}: webhook says alerted={row['alerted']}, "
                    f"outbox says sent={row['outbox_sent']}"
                )
            rows.append(row)
        steps_out += rows
        per_seq.append(summarize(sid, rows, baseline))
    total = summarize("total", steps_out, None)
    return {
        "selectors": selectors,
        "polls": polls,
        "seconds": round(elapsed, 2),
        "seconds_per_poll": round(sum(poll_seconds) / max(1, len(poll_seconds)), 3),
        "attribution": manifest.get("attribution"),
        "sequences": per_seq,
        "total": total,
        "after_end": after_end,
        "problems": problems,
        "steps": steps_out,
    }


def summarize(sid: str, rows: list[dict], baseline: dict | None) -> dict:
    n = len(rows)
    changes = sum(r["text_changed"] for r in rows)
    alerts = sum(r["alerted"] for r in rows)
    false = sum(r["alerted"] and not r["text_changed"] for r in rows)
    missed = sum(r["text_changed"] and not r["alerted"] for r in rows)
    stored = sum(r["stored"] for r in rows)
    stored_false = sum(r["stored"] and not r["text_changed"] for r in rows)
    stored_missed = sum(r["text_changed"] and not r["stored"] for r in rows)
    noise = [r for r in rows if r["noise_kind"]]
    real = [r for r in rows if r["text_changed"] and not r["noise_kind"]]
    ai_rows = [r for r in rows if r["ai_event"]]
    ai_hits = [r for r in ai_rows if r["ai_change"]]
    ai_false = [r for r in rows if not r["ai_event"] and r["ai_change"]]
    sel_missing = [r for r in rows if r["selector_missing"]]
    errors = Counter(k for r in rows for k in r["check_errors"])
    out = {
        "seq": sid,
        "steps": n,
        "text_changes": changes,
        "no_change_steps": n - changes,
        "alerts": alerts,
        "false_alerts": false,
        "missed": missed,
        "precision": ratio(alerts - false, alerts),
        "recall": ratio(changes - missed, changes),
        "changed_events": sum(r["changed_events"] for r in rows),
        "stored_steps": stored,
        "stored_false": stored_false,
        "stored_missed": stored_missed,
        "stored_precision": ratio(stored - stored_false, stored),
        "stored_recall": ratio(changes - stored_missed, changes),
        "real_edits": len(real),
        "real_edits_alerted": sum(r["alerted"] for r in real),
        "noise_steps": len(noise),
        "noise_alerted": sum(r["alerted"] for r in noise),
        "noise_quiet": sum(r["stored"] and not r["alerted"] for r in noise),
        "noise_undetected": sum(not r["stored"] for r in noise),
        "noise_by_kind": dict(Counter(r["noise_kind"] for r in noise)),
        "markup_only_steps": sum(r["markup_only"] for r in rows),
        "markup_only_alerted": sum(r["markup_only"] and r["alerted"] for r in rows),
        "selector_missing_steps": len(sel_missing),
        "selector_missing_check_errors": sum(bool(r["check_errors"]) for r in sel_missing),
        "selector_missing_changed": sum(r["stored"] for r in sel_missing),
        "ai_events": len(ai_rows),
        "ai_hits": len(ai_hits),
        "ai_missed": len(ai_rows) - len(ai_hits),
        "ai_kind_agree": sum(r["ai_event"] in r["ai_change"] for r in ai_hits),
        "ai_false_alerts": len(ai_false),
        "ai_false_on_no_change": sum(not r["text_changed"] for r in ai_false),
        "ai_false_on_noise": sum(bool(r["noise_kind"]) for r in ai_false),
        "check_errors": sum(bool(r["check_errors"]) for r in rows),
        "check_errors_by_kind": dict(errors),
        "fetch_error_events": sum(r["events"].count("fetch_error") for r in rows),
        "recovered_events": sum(r["events"].count("recovered") for r in rows),
    }
    if baseline is not None:
        out["baseline"] = baseline
    return out


# --- output -------------------------------------------------------------------------------------


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def print_report(res: dict, detail: bool) -> None:
    print(
        f"replay: {len(res['sequences'])} sequences, {res['polls']} polls, "
        f"selectors={res['selectors']}, {res['seconds']:.1f} s "
        f"({res['seconds_per_poll']:.2f} s per poll)"
    )
    print(
        "alert = a 'changed' message reached the webhook; stored = a 'changed' event was "
        "recorded (sent or not)"
    )
    print()
    head = [
        "sequence",
        "steps",
        "changes",
        "alerts",
        "false (of N no-change)",
        "missed",
        "precision",
        "recall",
        "AI hits",
        "AI kind ok",
        "AI false",
        "noise alerted/quiet/none",
    ]
    table = []
    for s in [*res["sequences"], res["total"]]:
        nc = s["no_change_steps"]
        pct = f" ({100 * s['false_alerts'] / nc:.1f} %)" if nc else ""
        table.append(
            [
                s["seq"],
                str(s["steps"]),
                str(s["text_changes"]),
                str(s["alerts"]),
                f"{s['false_alerts']} of {nc}{pct}",
                str(s["missed"]),
                fmt_ratio(s["precision"]),
                fmt_ratio(s["recall"]),
                f"{s['ai_hits']}/{s['ai_events']}",
                f"{s['ai_kind_agree']}/{s['ai_hits']}",
                str(s["ai_false_alerts"]),
                f"{s['noise_alerted']}/{s['noise_quiet']}/{s['noise_undetected']}"
                f" of {s['noise_steps']}",
            ]
        )
    print_table(head, table)
    print()
    head = [
        "sequence",
        "changed events",
        "stored false",
        "stored missed",
        "stored prec",
        "stored recall",
        "real edits alerted",
        "markup-only alerted",
        "sel. missing: err/chg",
        "check errors",
        "fetch_error",
        "recovered",
    ]
    table = []
    for s in [*res["sequences"], res["total"]]:
        errs = ", ".join(f"{k} {v}" for k, v in sorted(s["check_errors_by_kind"].items()))
        table.append(
            [
                s["seq"],
                str(s["changed_events"]),
                str(s["stored_false"]),
                str(s["stored_missed"]),
                fmt_ratio(s["stored_precision"]),
                fmt_ratio(s["stored_recall"]),
                f"{s['real_edits_alerted']}/{s['real_edits']}",
                f"{s['markup_only_alerted']}/{s['markup_only_steps']}",
                f"{s['selector_missing_check_errors']}/{s['selector_missing_changed']} "
                f"of {s['selector_missing_steps']}",
                f"{s['check_errors']}" + (f" ({errs})" if errs else ""),
                str(s["fetch_error_events"]),
                str(s["recovered_events"]),
            ]
        )
    print_table(head, table)
    print()
    for s in res["sequences"]:
        b = s["baseline"]
        err = [c["error_kind"] for c in b["check"] if c["outcome"] == "error"]
        print(
            f"baseline {s['seq']}: events {b['events'] or 'none'}"
            f"{', check error ' + str(err) if err else ''}"
            f"{', ai_change ' + str(b['ai_change']) if b['ai_change'] else ''}"
            f", {b['ai_findings']} AI findings"
        )
    for a in res["after_end"]:
        print(
            f"after the end: {a['seq']} poll {a['poll']} (still serving step "
            f"{a['serving_step']}): events {a['events']}, messages {a['messages']}, "
            f"check errors {a['check_errors']}"
        )
    for p in res["problems"]:
        print(f"PROBLEM: {p}")
    if detail:
        print()
        print("per step (labelled, alerted, stored or failed steps):")
        print(f"{'sequence':<18} {'step':>4}  {'label':<34} {'ours':<40} summary")
        for r in res["steps"]:
            labelled = (
                r["text_changed"]
                or r["markup_only"]
                or r["selector_missing"]
                or r["noise_kind"]
                or r["ai_event"]
            )
            ours = r["events"] or r["messages"] or r["check_errors"] or r["ai_change"]
            if not (labelled or ours):
                continue
            label = "changed" if r["text_changed"] else "no change"
            if r["noise_kind"]:
                label += f" [{r['noise_kind']}]"
            if r["markup_only"]:
                label += " [markup-only]"
            if r["selector_missing"]:
                label += " [selector missing]"
            if r["ai_event"]:
                label += f" AI:{r['ai_event']}"
            parts = []
            if r["stored"]:
                parts.append("ALERT" if r["alerted"] else "stored quietly")
            other = [e for e in r["events"] if e != "changed"]
            parts += other
            if r["check_errors"]:
                parts.append("check error " + ",".join(r["check_errors"]))
            if r["ai_change"] or r["ai_change_other"]:
                parts.append("ai:" + ",".join(r["ai_change"] + r["ai_change_other"]))
            if not parts:
                parts.append("—")
            verdict = ""
            if r["alerted"] and not r["text_changed"]:
                verdict = "FALSE "
            elif r["text_changed"] and not r["alerted"]:
                verdict = "MISS "
            if r["ai_event"] and not r["ai_change"]:
                verdict += "AI-MISS "
            elif r["ai_change"] and not r["ai_event"]:
                verdict += "AI-FALSE "
            summary = r["summary"] or (r["check_error_text"][0] if r["check_error_text"] else "")
            print(
                f"{r['seq']:<18} {r['step']:>4}  {label:<34} "
                f"{(verdict + ' '.join(parts)):<40} {summary[:110]}"
            )
    print()
    print(f"Data: {res['attribution']}")


def print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help="the shared corpus (default: ../shared/corpus next to the repository)",
    )
    parser.add_argument(
        "--selectors",
        choices=["manifest", "none"],
        default="manifest",
        help="watch rules: the manifest's select/remove (default) or none",
    )
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.add_argument(
        "--steps-detail", action="store_true", help="one line per labelled, alerted or failed step"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "replay" / "manifest.json").exists():
        print(f"Error: {args.corpus}/replay/manifest.json not found", file=sys.stderr)
        return 2
    try:
        res = replay(args.corpus, args.selectors)
    except RunBroken as exc:
        print(f"Error: the replay broke: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        print_report(res, args.steps_detail)
    return 1 if any("fetched" in p for p in res["problems"]) else 0


if __name__ == "__main__":
    sys.exit(main())
