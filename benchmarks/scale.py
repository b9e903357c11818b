"""Ten thousand watches on two cores: `watcher run` at scale, one instance or several.

    python benchmarks/scale.py [--corpus PATH] [--watches 10000] [--hosts 100]
                               [--interval 10m] [--jitter D] [--duration 15m]
                               [--instances N] [--postgres URL] [--concurrency C]
                               [--json FILE] [--quick]

A page server (its own process, so that its CPU is counted apart) listens on 127.0.1.1,
127.0.1.2, ... (--hosts addresses, all in 127.0.0.0/8, one port) and serves --watches pages,
/p/0 ... /p/N-1, host i % hosts. Page i is policy document i % D of the corpus' wild
collection (wild/<collection>/<service>/<document>.md, current versions of real terms, privacy
and AI policies as Open Terms Archive recorded them; Open Terms Archive data, ODC-By 1.0),
rendered to HTML inside a <main>, with a "Document reference Wi" paragraph of its own. Its
bytes change on every request (a script nonce; no ETag) and its text never does: after the
first pass every check is "unchanged", the real-world steady state of a polled policy.

The daemon is the real one: `watcher run` as a subprocess with a generated configuration
(SQLite in a temporary directory by default; --postgres URL, or --instances 2 alone, which
starts a throw-away PostgreSQL cluster), WATCHER_ALLOW_NETWORKS=127.0.0.0/8 in its
environment, [http] on 127.0.0.1 for /metrics. Time is compressed: the default, 10,000 watches
every 10 minutes, is 6x the rate of hourly polling, so meeting the lag target here meets the
hourly one with margin. The jitter defaults to a sixth of the interval: [schedule]'s default
10m jitter to an hourly interval, scaled alike.

Measured while it runs (samples every 0.5 s) and from the database afterwards:

  first pass      every watch is new and due at once: a backlog, not lag; reported as the
                  time until every watch had its first check
  lag             how late each later check started against its due time (the due time the
                  watch's row held before that check, polled every 5 s; where a due time was
                  missed, the previous check's start + interval): p50, p99, max
  CPU per check   user + sys of each daemon's whole process tree over the checks it made;
                  the page server's and this harness's CPU are printed beside it
  peak memory     the sum of the RSS of each daemon's process tree
  database growth bytes used by the database per 1,000 unchanged checks (SQLite: pages in
                  use, WAL included; PostgreSQL: pg_total_relation_size of every table)
  sharing         with several instances, each one's checks (from its /metrics)
  twice           watches checked twice for one due time: a check that started before the
                  due time its watch's row held (more than a second early), or two fetches
                  of one page within a tenth of an interval, in the database and in the page
                  server's own request log (which also sees checks that were not recorded).
                  Two checks closer than an interval are no fault in themselves: a watch
                  first checked late in the first pass is next due one interval after it was
                  first due, not after it was checked

Targets: p99 lag < 60 s and peak memory < 200 MB per instance for hourly polling of 10,000
watches on 2 cores; instances within 10 % of an even share, nothing checked twice; < 1 KB of
database per unchanged check. --quick is --watches 1000 --interval 1m --duration 2m.
Exit status 1 when a daemon failed or a watch was checked twice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import itertools
import json
import os
import platform
import re
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
SAMPLE_EVERY = 0.5  # seconds between memory and CPU samples
PROBE_EVERY = 5.0  # seconds between reads of the watches' due times (each holds for an interval)
SERVER_MAX_SECONDS = 4 * 3600.0  # the page server stops by itself after this long
STOP_TIMEOUT = 60.0  # seconds a daemon gets to stop on SIGTERM before it is killed
MAX_HOSTS = 254  # 127.0.1.1 .. 127.0.1.254
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOURLY = 3600.0
SLOW_STATEMENT_MS = 250  # the throw-away cluster logs statements slower than this
TWICE_WITHIN = 0.1  # two fetches of a page closer than this many intervals: a double check
EARLY = 1.0  # seconds before its due time a check must start to count as a double check


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def address(host: int) -> str:
    return f"127.0.1.{1 + host}"


def page_url(i: int, hosts: int, port: int) -> str:
    return f"http://{address(i % hosts)}:{port}/p/{i}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# --- pages ---------------------------------------------------------------------------------


def page(body: bytes, title: bytes, i: int, nonce: str) -> bytes:
    """Page i of document `body`: new bytes with each nonce, the same text always."""
    return b"".join(
        (
            b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>',
            title,
            f'</title><script>window.__nonce="{nonce}";</script></head><body>'.encode(),
            b'<nav><a href="/">Home</a> <a href="/legal">Legal</a></nav><main>',
            body,
            f"<p>Document reference W{i}.</p></main>".encode(),
            b"<footer><p>All rights reserved.</p></footer></body></html>",
        )
    )


def plan_pages(args, work: Path) -> list[dict]:
    """Render up to --watches corpus documents to HTML files in `work`; check that a page's
    text does not depend on its nonce (with watcher's own normalizer, on the first few)."""
    import markdown

    from watcher.models import Rules
    from watcher.normalize import normalize

    wild = args.corpus / "wild"
    manifest = [json.loads(line) for line in (wild / "manifest.jsonl").read_text().splitlines()]
    # collection by collection would put one site's documents together: interleave them
    manifest.sort(key=lambda e: (e["service"], e["document"], e["file"]))
    docs, out = [], work / "pages"
    out.mkdir()
    for entry in manifest:
        if len(docs) >= args.watches:
            break
        path = wild / entry["file"]
        if not path.exists() or entry["bytes"] < 1000:
            continue
        body = markdown.markdown(path.read_text(errors="replace")).encode()
        target = out / f"{len(docs)}.html"
        target.write_bytes(body)
        title = html.escape(f"{entry['service']} - {entry['document']}")
        docs.append({"file": str(target), "title": title, "source": entry["file"]})
    if not docs:
        raise SystemExit(f"no document under {wild}")
    for k, d in enumerate(docs[:5]):
        body, title = Path(d["file"]).read_bytes(), d["title"].encode()
        texts = {
            normalize(page(body, title, k, nonce).decode(), "text/html", Rules()).text
            for nonce in ("a1", "b2")
        }
        if len(texts) != 1 or f"Document reference W{k}." not in texts.pop():
            raise SystemExit(f"page of {d['source']}: its text depends on the nonce")
    return docs


# --- the page server (its own process, `--serve PLAN`) ----------------------------------------


class Pages:
    """The served pages, and a log of which watch was fetched when."""

    def __init__(self, plan: dict) -> None:
        self.n, self.twice_within = plan["n"], plan["twice_within"]
        self.docs = [(Path(d["file"]).read_bytes(), d["title"].encode()) for d in plan["docs"]]
        self.last: dict[int, float] = {}
        self.twice: set[int] = set()
        self.requests = self.repeats = self.sent = 0
        self.counter = 0

    def reply(self, target: str) -> bytes:
        m = re.fullmatch(r"/p/(\d+)", target)
        i = int(m.group(1)) if m else -1
        if not 0 <= i < self.n:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        now = time.monotonic()
        self.requests += 1
        if i in self.last and now - self.last[i] < self.twice_within:
            self.repeats += 1
            self.twice.add(i)
        self.last[i] = now
        self.counter += 1
        body, title = self.docs[i % len(self.docs)]
        data = page(body, title, i, f"{self.counter:x}-{os.urandom(4).hex()}")
        self.sent += len(data)
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(data)}\r\nCache-Control: no-cache\r\n\r\n"
        )
        return head.encode() + data

    def stats(self) -> dict:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "cpu": ru.ru_utime + ru.ru_stime,
            "requests": self.requests,
            "repeats": self.repeats,
            "watches_twice": len(self.twice),
            "fetched": len(self.last),
            "bytes": self.sent,
        }


async def _connection(pages: Pages, reader, writer) -> None:
    try:
        while line := await reader.readline():
            words = line.split()
            close = False
            while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                k, _, v = h.decode("latin-1").partition(":")
                close |= k.strip().lower() == "connection" and v.strip().lower() == "close"
            if len(words) < 3:
                break
            writer.write(pages.reply(words[1].decode("latin-1")))
            await writer.drain()
            if close:
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def _serve(plan: dict) -> None:
    pages = Pages(plan)
    addrs = [address(h) for h in range(plan["hosts"])]
    for _ in range(20):  # one port free on every address
        port = free_port(addrs[0])
        with contextlib.suppress(OSError):
            handler = lambda r, w: _connection(pages, r, w)  # noqa: E731
            server = await asyncio.start_server(handler, addrs, port, backlog=1024)
            break
    else:
        raise SystemExit("could not bind the loopback addresses")
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    print(json.dumps({"port": port}), flush=True)
    parent, deadline = os.getppid(), time.monotonic() + SERVER_MAX_SECONDS
    async with server:  # until the harness says quit, closes the pipe, dies, or time runs out
        while time.monotonic() < deadline and os.getppid() == parent:
            try:
                line = await asyncio.wait_for(stdin.readline(), 1.0)
            except TimeoutError:
                continue
            if not line or line.strip() == b"quit":
                break
            print(json.dumps(pages.stats()), flush=True)


class Server:
    """The harness's handle on the page server process."""

    def __init__(self, plan_path: Path) -> None:
        cmd = [sys.executable, str(HERE), "--serve", str(plan_path)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._buf = b""
        self.port = self._reply(300.0)["port"]

    def _reply(self, timeout: float) -> dict:
        fd, deadline = self.proc.stdout.fileno(), time.monotonic() + timeout
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise SystemExit("the page server did not answer")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise SystemExit("the page server exited")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def stats(self) -> dict:
        self.proc.stdin.write(b"stats\n")
        self.proc.stdin.flush()
        return self._reply(30.0)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


# --- processes -----------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """`pid` and its descendants, leaving out children that have not exec()ed yet (they map
    their parent's memory: counting them would count the parent twice)."""
    out, todo = [], [(pid, None)]
    while todo:
        p, parent_cmdline = todo.pop()
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmdline = f.read()
            if cmdline == parent_cmdline:
                continue
            out.append(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [(int(c), cmdline) for c in f.read().split()]
        except (OSError, ValueError):
            continue  # gone meanwhile
    return out


def tree_rss_mb(pid: int) -> dict[str, float]:
    """The resident memory of each process of a tree, MB, by pid and command."""
    out = {}
    for p in tree(pid):
        with contextlib.suppress(OSError, StopIteration, ValueError):
            with open(f"/proc/{p}/status") as f:
                kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
            with open(f"/proc/{p}/cmdline", "rb") as f:
                words = f.read().split(b"\0")
            out[f"{p} {' '.join(w.decode() for w in words[1:3])}"] = kb / 1024
    return out


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + sys) of a process tree, its reaped children included."""
    total = 0
    for p in tree(pid):
        with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{p}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total / TICK


# --- PostgreSQL ----------------------------------------------------------------------------


class Cluster:
    """A throw-away PostgreSQL cluster on 127.0.0.1, run as the postgres user."""

    def __init__(self, work: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="watcher-scale-pg-"))
        os.chmod(self.dir, 0o755)
        shutil.chown(self.dir, "postgres", "postgres")
        self.data, self.port = self.dir / "data", free_port()
        self.log = work / "postgres.log"
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        # statements over SLOW_STATEMENT_MS are logged: the hot queries, if any (--keep)
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100 "
            f"-c log_min_duration_statement={SLOW_STATEMENT_MS}"
        )
        self._pg(
            "pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-o", opts, "-w", "start"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, tool: str, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=self.dir)

    def database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        with contextlib.suppress(OSError):
            shutil.copy(self.dir / "log", self.log)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the database, read while the daemons run ----------------------------------------------


class Probe:
    """Reads the watches' due times and the database's size through its own engine."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self.url = url
        self.engine = create_engine(url, poolclass=NullPool)
        self.sqlite = url.startswith("sqlite")
        self.due: dict[str, dict] = {}  # watch -> {last_check_at: next_due_at it set}
        self.first_due: dict[str, datetime] = {}  # watch -> due time before its first check
        self.checked = 0

    def poll(self) -> int:
        """Note every watch's (last check, next due); returns how many were ever checked."""
        from sqlalchemy import select

        from watcher.db import WatchRow

        q = select(WatchRow.id, WatchRow.last_check_at, WatchRow.next_due_at)
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        checked = 0
        for wid, last, due in rows:
            if last is None:
                if due is not None:
                    self.first_due[wid] = due
                continue
            checked += 1
            if due is not None:
                self.due.setdefault(wid, {}).setdefault(last, due)
        self.checked = checked
        return checked

    def tables(self) -> dict[str, dict]:
        """PostgreSQL's counters of each table (scans, rows written, dead rows, vacuums)."""
        from sqlalchemy import text

        if self.sqlite:
            return {}
        q = (
            "SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, "
            "n_tup_hot_upd, n_tup_del, n_live_tup, n_dead_tup, autovacuum_count, "
            "pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables"
        )
        with self.engine.connect() as c:
            return {r["relname"]: dict(r) for r in c.execute(text(q)).mappings()}

    def size(self) -> int:
        """Bytes the database uses now."""
        from sqlalchemy import text

        with self.engine.connect() as c:
            if self.sqlite:
                pages = c.execute(text("PRAGMA page_count")).scalar()
                free = c.execute(text("PRAGMA freelist_count")).scalar()
                return (pages - free) * c.execute(text("PRAGMA page_size")).scalar()
            q = (
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
            return int(c.execute(text(q)).scalar())

    def checks(self) -> list[tuple[str, datetime, int, str]]:
        from sqlalchemy import select

        from watcher.db import CheckRow

        q = select(CheckRow.watch_id, CheckRow.started_at, CheckRow.duration_ms, CheckRow.outcome)
        with self.engine.connect() as c:
            return [tuple(r) for r in c.execute(q.order_by(CheckRow.id)).all()]


# --- the daemons ---------------------------------------------------------------------------


def write_config(path: Path, url: str, args, port: int, http_port: int) -> None:
    q = json.dumps  # a JSON string is a valid TOML basic string
    schedule = f"interval = {q(args.interval)}\njitter = {q(args.jitter)}\n"
    if args.concurrency:
        schedule += f"concurrency = {args.concurrency}\n"
    if args.workers is not None:
        schedule += f"workers = {args.workers}\n"
    watches = "".join(
        f'[[watch]]\nname = "scale {i}"\nid = "scale-{i}"\n'
        f"url = {q(page_url(i, args.hosts, port))}\n"
        for i in range(args.watches)
    )
    path.write_text(
        f"[storage]\nurl = {q(url)}\n[schedule]\n{schedule}"
        f'[http]\nlisten = "127.0.0.1:{http_port}"\n{watches}'
    )


class Instance:
    """One `watcher run`, its figures sampled while it runs."""

    def __init__(self, k: int, cfg: Path, http_port: int, work: Path, env: dict) -> None:
        self.k, self.http_port, self.work = k, http_port, work
        self.err = work / f"daemon{k}.log"
        cmd = [sys.executable, "-m", "watcher", "--config", str(cfg), "run"]
        with open(self.err, "wb") as f:
            self.proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=work)
        self.peak_rss = 0.0
        self.peak_parts: dict[str, float] = {}
        self.cpu = 0.0
        self.cpu_at_backlog: float | None = None
        self.metrics_at_backlog: dict | None = None
        self.metrics: dict = {}
        self.rc: int | None = None

    def sample(self) -> None:
        if self.proc.poll() is None:
            rss = tree_rss_mb(self.proc.pid)
            if sum(rss.values()) > self.peak_rss:
                self.peak_rss, self.peak_parts = sum(rss.values()), rss
            self.cpu = max(self.cpu, tree_cpu(self.proc.pid))

    def scrape(self) -> dict:
        """checks_total (every outcome) and the scheduler's gauges from /metrics."""
        url = f"http://127.0.0.1:{self.http_port}/metrics"
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                body = r.read().decode()
        except OSError:
            return {}
        out = {"checks": 0.0}
        for line in body.splitlines():
            if line.startswith("watcher_checks_total{"):
                out["checks"] += float(line.rsplit(" ", 1)[1])
            elif line.startswith("watcher_schedule_lag_seconds "):
                out["lag_gauge"] = float(line.rsplit(" ", 1)[1])
        return out

    def stop(self) -> None:
        """SIGTERM, then the exit status and the CPU of the whole tree (reaped children
        included) from wait4(); killed after STOP_TIMEOUT."""
        self.metrics = self.scrape()
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while not (reaped := os.wait4(self.proc.pid, os.WNOHANG))[0]:
            if time.monotonic() > deadline:
                self.proc.kill()
                reaped = os.wait4(self.proc.pid, 0)
                break
            time.sleep(0.1)
        _, status, ru = reaped
        self.rc = self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.cpu = max(self.cpu, ru.ru_utime + ru.ru_stime)

    def problems(self, limit: int = 5) -> list[str]:
        lines = self.err.read_text(errors="replace").splitlines()
        bad = [line for line in lines if re.search(r"\b(ERROR|CRITICAL|Traceback)\b", line)]
        return bad[:limit]


# --- the run -------------------------------------------------------------------------------


def parse_seconds(text: str) -> float:
    from watcher.config.units import parse_duration

    return parse_duration(text)


def run(args) -> int:
    work = Path(tempfile.mkdtemp(prefix="watcher-scale-", dir=args.tmp))
    os.chmod(work, 0o755)
    info = machine()
    t0 = time.monotonic()
    docs = plan_pages(args, work)
    log(f"{len(docs)} corpus documents rendered in {time.monotonic() - t0:.1f}s ({work})")
    interval, duration = parse_seconds(args.interval), parse_seconds(args.duration)
    twice_within = interval * TWICE_WITHIN
    plan = {"n": args.watches, "hosts": args.hosts, "docs": docs, "twice_within": twice_within}
    (work / "plan.json").write_text(json.dumps(plan))
    cluster = None
    server = Server(work / "plan.json")
    instances: list[Instance] = []
    try:
        if args.postgres or args.instances > 1:
            if args.postgres:
                url = args.postgres
            else:
                cluster = Cluster(work)
                url = cluster.database("watcher")
                log(f"PostgreSQL cluster on 127.0.0.1:{cluster.port}")
        else:
            url = f"sqlite:///{work / 'watcher.db'}"
        env = dict(os.environ, WATCHER_ALLOW_NETWORKS="127.0.0.0/8")
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        cfgs = []
        for k in range(args.instances):
            cfg, http_port = work / f"watcher{k}.toml", free_port()
            write_config(cfg, url, args, server.port, http_port)
            cfgs.append((cfg, http_port))
        up = [sys.executable, "-m", "watcher", "--config", str(cfgs[0][0]), "db", "upgrade"]
        subprocess.run(up, check=True, env=env, cwd=work, stdout=subprocess.DEVNULL)
        probe = Probe(url)
        size0 = probe.size()
        srv0, self0 = server.stats(), resource.getrusage(resource.RUSAGE_SELF)
        info["loadavg_before"] = os.getloadavg()
        start_wall = datetime.now(UTC)
        start = time.monotonic()
        instances = [Instance(k, cfg, p, work, env) for k, (cfg, p) in enumerate(cfgs)]
        log(f"{args.instances} daemon(s) started; measuring for {args.duration}")
        backlog = None
        next_probe, next_note = start, start + 60
        while (now := time.monotonic()) < start + duration:
            for inst in instances:
                inst.sample()
                if inst.proc.poll() is not None:
                    raise SystemExit(f"daemon {inst.k} exited: {inst.problems()}")
            if server.proc.poll() is not None:  # (killed from outside: it never stops early)
                raise SystemExit(
                    f"the page server exited with status {server.proc.returncode} after "
                    f"{now - start:.0f}s; the figures would be those of failing fetches"
                )
            if now >= next_probe:
                next_probe = now + PROBE_EVERY
                checked = probe.poll()
                if backlog is None and checked >= args.watches:
                    backlog = {
                        "seconds": now - start,
                        "at": datetime.now(UTC),
                        "size": probe.size(),
                        "server": server.stats(),
                    }
                    for inst in instances:
                        inst.cpu_at_backlog = inst.cpu
                        inst.metrics_at_backlog = inst.scrape()
                    log(f"first pass done: every watch checked after {now - start:.0f}s")
            if now >= next_note:
                next_note = now + 60
                info.setdefault("loadavg_minutes", []).append(os.getloadavg()[0])
                rss = ", ".join(f"{i.peak_rss:.0f}" for i in instances)
                log(f"  {now - start:.0f}s: {probe.checked} watches checked; peak MB {rss}")
            time.sleep(SAMPLE_EVERY)
        probe.poll()
        size1, srv1 = probe.size(), server.stats()
        tables = probe.tables()
        for inst in instances:
            inst.stop()
        stopped = time.monotonic()
        checks = probe.checks()
        probe.engine.dispose()
    finally:
        for inst in instances:
            if inst.rc is None and inst.proc.poll() is None:
                inst.proc.kill()
        server.stop()
        if cluster:
            cluster.stop()
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    info["loadavg_after"] = os.getloadavg()
    res = summarize(
        args,
        info,
        docs=len(docs),
        interval=interval,
        duration=duration,
        start_wall=start_wall,
        wall=stopped - start,
        backlog=backlog,
        checks=checks,
        probe=probe,
        sizes=(size0, size1),
        server=(srv0, srv1),
        harness_cpu=(self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime),
        instances=instances,
        backend="PostgreSQL" if url.startswith("postgresql") else "SQLite",
    )
    res["pg_tables"] = tables
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str))
    if args.keep:
        log(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if res["correct"] else 1


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 1000) - 1]


def summarize(args, info, *, docs, interval, duration, start_wall, wall, backlog, checks, probe,
              sizes, server, harness_cpu, instances, backend) -> dict:  # fmt: skip
    by_watch: dict[str, list] = {}
    for wid, started, ms, outcome in checks:
        by_watch.setdefault(wid, []).append((started, ms, outcome))
    lags, lag_at, from_row, twice, early = [], [], 0, set(), set()
    first_starts = []
    outcomes: dict[str, int] = {}
    for wid, rows in by_watch.items():
        rows.sort()
        first_starts.append(rows[0][0])
        seen = probe.due.get(wid, {})
        for (prev, _, _), (started, _, outcome) in itertools.pairwise(rows):
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            row_due = seen.get(prev)  # what the row said after the previous check
            from_row += row_due is not None
            due = row_due or prev + timedelta(seconds=interval)
            lags.append((started - due).total_seconds())
            lag_at.append(((started - start_wall).total_seconds(), lags[-1]))
            if (started - prev).total_seconds() < interval * TWICE_WITHIN:
                twice.add(wid)
            if row_due is not None and lags[-1] < -EARLY:  # (the fallback knows no jitter)
                early.add(wid)
    steady = len(lags)
    first_pass = {
        "watches_checked": len(by_watch),
        "last_first_check_s": (max(first_starts) - start_wall).total_seconds()
        if first_starts
        else None,
        "seen_done_s": backlog["seconds"] if backlog else None,
    }
    # the largest lag per minute of the run: where lag builds up
    per_minute: dict[int, float] = {}
    for at, lag in lag_at:
        per_minute[int(at // 60)] = max(per_minute.get(int(at // 60), 0.0), lag)
    srv0, srv1 = server
    inst_rows = []
    for inst in instances:
        total = inst.metrics.get("checks")
        at_backlog = (inst.metrics_at_backlog or {}).get("checks")
        after = (total - at_backlog) if total is not None and at_backlog is not None else None
        cpu_after = inst.cpu - inst.cpu_at_backlog if inst.cpu_at_backlog is not None else None
        inst_rows.append(
            {
                "instance": inst.k + 1,
                "checks": total,
                "checks_after_first_pass": after,
                "cpu_s": inst.cpu,
                "cpu_ms_per_check": 1000 * inst.cpu / total if total else None,
                "cpu_first_pass_ms_per_check": 1000 * inst.cpu_at_backlog / at_backlog
                if at_backlog
                else None,
                "cpu_steady_ms_per_check": 1000 * cpu_after / after if after else None,
                "peak_rss_mb": inst.peak_rss,
                "peak_rss_parts_mb": inst.peak_parts,
                "rc": inst.rc,
                "log_errors": inst.problems(),
            }
        )
    db_growth = None
    if backlog is not None:
        later = sum(1 for _, started, _, _ in checks if started >= backlog["at"])
        if later > 0:
            db_growth = 1000 * (sizes[1] - backlog["size"]) / later
    counts = [r["checks"] or 0 for r in inst_rows]
    mean = sum(counts) / len(counts) if counts else 0
    spread = max(abs(c - mean) / mean for c in counts) if mean else None
    srv_twice = srv1["watches_twice"] - srv0["watches_twice"]
    lag_values = lags
    p99 = pct(lag_values, 0.99)
    targets = [
        ("p99 lag after the first pass < 60 s", p99, 60.0),
        ("peak memory per instance < 200 MB", max(r["peak_rss_mb"] for r in inst_rows), 200.0),
        (
            "database per unchanged check < 1 KB (bytes)",
            db_growth / 1000 if db_growth else None,
            1024.0,
        ),
        ("watches checked twice = 0", len(twice | early) + srv_twice, 0.5),
    ]
    if len(instances) > 1:
        targets.append(("largest departure from an even share < 10 %", 100 * spread, 10.0))
    problems = [f"daemon {r['instance']} exit status {r['rc']}" for r in inst_rows if r["rc"]]
    if twice or early or srv_twice:
        problems.append(
            f"watches checked twice: {len(twice)} within a tenth of an interval and {len(early)} "
            f"before their due time (database), {srv_twice} fetched twice (page server)"
        )
    return {
        "machine": info,
        "backend": backend,
        "instances": len(instances),
        "watches": args.watches,
        "hosts": args.hosts,
        "documents": docs,
        "interval_s": interval,
        "jitter": args.jitter,
        "duration_s": duration,
        "wall_s": wall,
        "rate_x_hourly": (args.watches / interval) / (args.watches / HOURLY),
        "concurrency": args.concurrency,
        "first_pass": first_pass,
        "checks": len(checks),
        "steady_checks": steady,
        "outcomes_after_first": outcomes,
        "lag": {
            "p50": pct(lag_values, 0.5),
            "p99": p99,
            "max": max(lag_values) if lag_values else None,
            "due_from_row": from_row,
            "due_from_previous_check": steady - from_row,
            "max_per_minute": {str(k): round(v, 1) for k, v in sorted(per_minute.items())},
        },
        "per_instance": inst_rows,
        "share_spread_pct": 100 * spread if spread is not None else None,
        "db_bytes": {
            "start": sizes[0],
            "end": sizes[1],
            "after_first_pass": backlog and backlog["size"],
        },
        "db_bytes_per_1000_unchanged": db_growth,
        "server": {
            "cpu_s": srv1["cpu"] - srv0["cpu"],
            "requests": srv1["requests"] - srv0["requests"],
            "watches_twice": srv_twice,
            "mb_sent": (srv1["bytes"] - srv0["bytes"]) / 1e6,
        },
        "harness_cpu_s": harness_cpu,
        "twice_db": len(twice),
        "early_db": len(early),
        "targets": [
            {"target": t, "value": v, "limit": lim, "met": v is not None and v < lim}
            for t, v, lim in targets
        ],
        "problems": problems,
        "correct": not problems,
    }


def fmt(v, spec: str = ".1f", none: str = "n/a") -> str:
    return none if v is None else format(v, spec)


def report(res: dict) -> str:
    m = res["machine"]
    fp, lag = res["first_pass"], res["lag"]
    lines = [
        f"machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, {m['platform']}; "
        f"load average {m['loadavg_before'][0]:.2f} before, {m['loadavg_after'][0]:.2f} after"
        + (
            f", {max(m['loadavg_minutes']):.2f} at most while measuring (sampled each minute)"
            if m.get("loadavg_minutes")
            else ""
        ),
        f"code: {m['code']}",
        f"{res['watches']:,} watches on {res['hosts']} loopback hosts ({res['documents']} corpus "
        f"documents); {res['instances']} instance(s) on {res['backend']}; interval "
        f"{res['interval_s']:g}s, jitter {res['jitter']}, measured {res['wall_s']:.0f}s",
        f"time scale: {res['watches']:,} watches every {res['interval_s']:g}s is "
        f"{res['rate_x_hourly']:.1f}x the rate of hourly polling",
        f"first pass (backlog, every watch new and due at once): the last watch's first check "
        f"started {fmt(fp['last_first_check_s'], '.0f')}s after start "
        f"({fp['watches_checked']:,} of {res['watches']:,} watches checked)",
        f"after the first pass: {res['steady_checks']:,} checks, "
        f"outcomes {res['outcomes_after_first']}",
        f"lag (start - due) after the first pass: p50 {fmt(lag['p50'])}s, p99 {fmt(lag['p99'])}s, "
        f"max {fmt(lag['max'])}s  (due time from the watch's row for {lag['due_from_row']:,}, "
        f"from the previous check + interval for {lag['due_from_previous_check']:,})",
        "largest lag per minute of the run: "
        + " ".join(f"{k}:{v:g}" for k, v in lag["max_per_minute"].items()),
        "",
        f"{'instance':<10}{'checks':>9}{'after 1st':>10}{'CPU s':>8}{'ms/check':>9}"
        f"{'1st pass':>9}{'steady':>8}{'peak MB':>8}",
    ]
    for r in res["per_instance"]:
        lines.append(
            f"{r['instance']:<10}{fmt(r['checks'], ',.0f'):>9}"
            f"{fmt(r['checks_after_first_pass'], ',.0f'):>10}{r['cpu_s']:>8.1f}"
            f"{fmt(r['cpu_ms_per_check']):>9}{fmt(r['cpu_first_pass_ms_per_check']):>9}"
            f"{fmt(r['cpu_steady_ms_per_check']):>8}{r['peak_rss_mb']:>8.0f}"
        )
    s = res["server"]
    db = res["db_bytes"]
    first_mb = db["after_first_pass"] / 1e6 if db["after_first_pass"] is not None else None
    lines += [
        "(CPU: the daemon's whole process tree, user + sys; ms/check over all its checks, then "
        "over the first pass and after it)",
        f"page server: {s['cpu_s']:.1f}s CPU for {s['requests']:,} requests "
        f"({1000 * s['cpu_s'] / max(s['requests'], 1):.2f} ms each, {s['mb_sent']:.0f} MB); "
        f"this harness: {res['harness_cpu_s']:.1f}s CPU (sampling, reading due times)",
        f"database: {db['start'] / 1e6:.1f} MB at start, {fmt(first_mb)} MB after the first "
        f"pass, {db['end'] / 1e6:.1f} MB at the end: "
        f"{fmt(res['db_bytes_per_1000_unchanged'], ',.0f')} bytes per 1,000 later checks",
        f"checked twice: {res['twice_db']} watches within a tenth of an interval and "
        f"{res['early_db']} before their due time (database); {s['watches_twice']} fetched "
        "twice within a tenth of an interval (page server)",
    ]
    if res["share_spread_pct"] is not None and res["instances"] > 1:
        lines.append(
            f"share of the checks: largest departure from even {res['share_spread_pct']:.1f} %"
        )
    for t in res["targets"]:
        lines.append(
            f"target: {t['target']}: {fmt(t['value'], '.2f')} - {'met' if t['met'] else 'NOT MET'}"
        )
    for name in ("watches", "checks"):
        if t := res.get("pg_tables", {}).get(name):
            lines.append(
                f"PostgreSQL {name}: {t['seq_scan']} sequential scans ({t['seq_tup_read']:,} rows "
                f"read), {t['idx_scan']} index scans; {t['n_tup_ins']:,} inserted, "
                f"{t['n_tup_upd']:,} updated ({t['n_tup_hot_upd']:,} HOT), {t['n_dead_tup']:,} "
                f"dead rows now, {t['autovacuum_count']} autovacuums, {t['bytes'] / 1e6:.1f} MB"
            )
    for r in res["per_instance"]:
        parts = ", ".join(f"{k}: {v:.0f}" for k, v in r["peak_rss_parts_mb"].items())
        lines.append(f"instance {r['instance']} at its peak, MB: {parts}")
    for r in res["per_instance"]:
        lines += [f"daemon {r['instance']} log: {e}" for e in r["log_errors"]]
    lines += [f"PROBLEM: {p}" for p in res["problems"]]
    return "\n".join(lines)


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    code = "installed"
    git = ["git", "--no-optional-locks", "-C", str(REPO)]  # read-only: no index refresh
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        head = subprocess.check_output([*git, "rev-parse", "--short", "HEAD"], text=True)
        dirty = subprocess.check_output([*git, "status", "--porcelain", "watcher"], text=True)
        code = f"{REPO} at {head.strip()}" + (" + uncommitted changes" if dirty else "")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "code": code,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="the shared corpus (default: ../shared/corpus next to the repository)",
    )
    p.add_argument("--watches", type=int, default=10000, help="watches (default 10000)")
    p.add_argument("--hosts", type=int, default=100, help=f"loopback hosts (max {MAX_HOSTS})")
    p.add_argument("--interval", default="10m", help="[schedule] interval (default 10m)")
    p.add_argument("--jitter", default=None, help="[schedule] jitter (default: interval / 6)")
    p.add_argument("--duration", default="15m", help="how long the daemons run (default 15m)")
    p.add_argument("--instances", type=int, default=1, help="daemons sharing one database")
    p.add_argument(
        "--postgres", default=None, help="SQLAlchemy URL of an empty PostgreSQL database"
    )
    p.add_argument("--concurrency", type=int, default=None, help="[schedule] concurrency")
    p.add_argument("--workers", type=int, default=None, help="[schedule] workers")
    p.add_argument(
        "--quick", action="store_true", help="--watches 1000 --interval 1m --duration 2m"
    )
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, database)")
    p.add_argument("--tmp", type=Path, default=None, help="where the work directory goes")
    p.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the page server's own process
    args = p.parse_args()
    if args.serve:
        asyncio.run(_serve(json.loads(args.serve.read_text())))
        return 0
    if args.quick:
        args.watches, args.interval, args.duration = 1000, "1m", "2m"
    if not 1 <= args.hosts <= MAX_HOSTS:
        p.error(f"--hosts must be between 1 and {MAX_HOSTS}")
    if args.instances > 1 and not args.postgres and os.geteuid() != 0:
        p.error(
            "starting a PostgreSQL cluster needs root (runuser -u postgres); or give --postgres"
        )
    interval = parse_seconds(args.interval)
    if args.jitter is None:
        args.jitter = f"{interval / 6:g}s"
    if not (args.corpus / "wild" / "manifest.jsonl").exists():
        p.error(f"no corpus at {args.corpus} (wild/manifest.jsonl); give --corpus")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
