"""How fast `watcher check` goes over many watches, next to plain fetch-and-hash floors.

    python benchmarks/throughput.py [--corpus PATH] [--n 1000] [--changed 0.10] [--hosts 250]
                                    [--concurrency 16] [--select CSS] [--repeat R] [--json]
                                    [--no-etags]

A loopback HTTP/1.1 server (its own process, so its CPU is not counted) serves N real policy
pages from the shared corpus (replay/steps/<seq>/NNN.html.gz, page i = file i % count; Open
Terms Archive data, ODC-By 1.0) spread over 127.0.0.2, 127.0.0.3, ... so that the per-host
politeness limit does not serialize the run. Every page's bytes and text are its watch's own
(a `<!-- watch i -->` comment, a script nonce, a "Document reference Wi" paragraph inside the
content). It sends an ETag, answers If-None-Match with 304 and keeps connections alive; with
--no-etags it sends no validator at all, as most policy sites do, and every fetch is a full one.

Each measured thing is a fresh child process reaped with wait4(), so its CPU (user + sys) and
peak RSS are its own:

  floor           plain async httpx GET of every URL (same concurrency, 1 per host) + sha256 of
                  each body; run before and after the passes, the better run is the reference
  parse floor     the same, and each body parsed with lxml into its text, the text hashed, and
                  both hashes stored in SQLite (a row per page, a commit per 64): the least a
                  check that reads every page can do; before and after the passes, the better
                  run's CPU is the reference of the "xP" columns
  start-up        `watcher --version`, and `watcher check` over 0 watches on the migrated
                  database (interpreter, imports, database, delivery pass)
  1 new           `watcher check` with every watch new: N first_seen events
  2 same          nothing changed (same bytes and ETag): conditional GETs answered 304 (with
                  --no-etags: full answers, the same bytes)
  2b noisy        every page's bytes and ETag change (a new script nonce) but not its text: the
                  real-world steady state, every page fetched and normalized, nothing stored
  3 changed       --changed of the pages get a new paragraph inside their content (new ETag),
                  the rest are identical: that many changed events

Each pass is a new process, as `watcher check` runs from cron, so the figures include
start-up; the "net" columns subtract it (check over 0 watches; for the floor, the floor over
0 URLs). The database is checked after every pass (events by kind, checks by outcome); a
wrong count, a failed child or a failed fetch makes the exit status 1. Targets (N = 1000): an
unchanged pass within 1.5x the floor's wall time, the first pass within 3x, peak memory under
150 MB; the noisy pass within 1.3x the parse floor's CPU. `--code DIR` measures the `watcher`
package in DIR instead of the installed one (e.g. `git archive HEAD | tar -x -C DIR`, to
measure a commit while the tree is being edited).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import platform
import random
import re
import resource
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
CHANGE_SEED = 20260301  # which pages change in pass 3
SERVER_MAX_SECONDS = 3600.0  # the page server stops by itself after this long, whatever happens
CHILD_TIMEOUT = 1200.0  # a measured child running longer than this is killed
MAX_HOSTS = 253  # 127.0.0.2 .. 127.0.0.254
PASSES = ("1 new", "2 same", "2b noisy", "3 changed")

# --- pages ---------------------------------------------------------------------------------
# A corpus file is cut in three: A (to the end of the <head> tag), B (to a point inside the
# content, found by `place`), C (the rest). Page i = A + nonce script + <!-- watch i --> + B +
# reference paragraph [+ change paragraph] + C.


def address(host: int) -> str:
    return f"127.0.0.{2 + host}"


def page_url(i: int, hosts: int, port: int) -> str:
    return f"http://{address(i % hosts)}:{port}/p/{i}"


def assemble(parts: tuple[bytes, bytes, bytes], i: int, gen: int, changed: bool) -> bytes:
    a, b, c = parts
    nonce = hashlib.sha1(f"{i}/{gen}".encode()).hexdigest()[:16]
    change = (
        f"<p>Update W{i}: we may use the content you share with us to train and improve our "
        "artificial intelligence models; you can opt out of this use in your settings.</p>"
    )
    return b"".join(
        (
            a,
            f'<script>window.__nonce="{nonce}";</script><!-- watch {i} -->'.encode(),
            b,
            f"<p>Document reference W{i}.</p>".encode(),
            change.encode() if changed else b"",
            c,
        )
    )


_HEAD = re.compile(rb"<head(?:\s[^>]*)?>|<html(?:\s[^>]*)?>", re.IGNORECASE)
_P_END = re.compile(rb"</p\s*>", re.IGNORECASE)
_BLOCK_END = re.compile(rb"</(?:li|h[1-6]|div|section|td)\s*>", re.IGNORECASE)


def place(html: bytes, rules, normalize) -> tuple[int, int] | None:
    """(end of the <head> tag, a point in the content) where both added paragraphs come out
    in the text under `rules` (ends of paragraphs nearest the middle first); None if none."""
    m = _HEAD.search(html)
    head = m.end() if m else 0
    mid = (head + len(html)) / 2

    def near(rx: re.Pattern) -> list[int]:
        return sorted((m.end() for m in rx.finditer(html, head)), key=lambda p: abs(p - mid))[:12]

    for pos in near(_P_END) + near(_BLOCK_END):
        page = assemble((html[:head], html[head:pos], html[pos:]), 7, 0, True)
        text = normalize(page.decode("utf-8", "replace"), "text/html", rules).text
        if "Document reference W7." in text and "Update W7: we may use" in text:
            return head, pos
    return None


def plan_pages(args) -> list[dict]:
    """Up to N corpus files with their cut points, verified with watcher's own normalizer."""
    from watcher.models import Rules
    from watcher.normalize import normalize

    # step by step across the sequences, so that any N mixes every site
    files = sorted(
        (args.corpus / "replay" / "steps").glob("*/*.html.gz"), key=lambda p: (p.name, str(p))
    )
    rules = Rules(select=tuple(args.select), remove=tuple(args.remove))
    planned, skipped = [], 0
    for path in files:
        cut = place(gzip.decompress(path.read_bytes()), rules, normalize)
        if cut is None:
            skipped += 1
        else:
            planned.append({"file": str(path), "head": cut[0], "pos": cut[1]})
        if len(planned) >= args.n:
            break
    if skipped:
        log(f"{skipped} corpus files skipped: no point where new text shows under the rules")
    if not planned:
        raise SystemExit(f"no usable page under {args.corpus / 'replay' / 'steps'}")
    return planned


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- the page server (its own process, `--serve PLAN`) ----------------------------------------


class Pages:
    """The served state: page parts in memory, a nonce generation, the changed pages."""

    def __init__(self, plan: dict) -> None:
        self.n = plan["n"]
        self.etags = plan.get("etags", True)
        self.parts = []
        for entry in plan["pages"]:
            html = gzip.decompress(Path(entry["file"]).read_bytes())
            h, p = entry["head"], entry["pos"]
            self.parts.append((html[:h], html[h:p], html[p:]))
        self.gen, self.changed = 0, set()
        self.requests = self.not_modified = 0

    def reply(self, target: str, if_none_match: str) -> bytes:
        m = re.fullmatch(r"/p/(\d+)", target)
        i = int(m.group(1)) if m else -1
        self.requests += 1
        if not 0 <= i < self.n:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        etag = f'"w{i}-g{self.gen}-c{int(i in self.changed)}"'
        if self.etags and etag in {t.strip() for t in if_none_match.split(",")}:
            self.not_modified += 1
            return f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n\r\n".encode()
        body = assemble(self.parts[i % len(self.parts)], i, self.gen, i in self.changed)
        validator = f"ETag: {etag}\r\n" if self.etags else ""
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n{validator}Cache-Control: no-cache\r\n\r\n"
        )
        return head.encode() + body

    def control(self, words: list[str]) -> dict:
        if words == ["reset"]:
            self.gen, self.changed = 0, set()
        elif words == ["mode", "noisy"]:
            self.gen += 1
        elif words[:2] == ["mode", "changed"]:
            k = round(self.n * float(words[2]))
            self.changed |= set(random.Random(CHANGE_SEED).sample(range(self.n), k))
        elif words not in (["mode", "same"], ["stats"]):
            return {"error": f"unknown command {words}"}
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "cpu": ru.ru_utime + ru.ru_stime,
            "requests": self.requests,
            "not_modified": self.not_modified,
        }


async def _connection(pages: Pages, reader, writer) -> None:
    try:
        while line := await reader.readline():
            words = line.split()
            headers = {}
            while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                k, _, v = h.decode("latin-1").partition(":")
                headers[k.strip().lower()] = v.strip()
            if len(words) < 3:
                break
            writer.write(pages.reply(words[1].decode("latin-1"), headers.get("if-none-match", "")))
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def _serve(plan: dict) -> None:
    import socket

    pages = Pages(plan)
    addrs = [address(h) for h in range(plan["hosts"])]
    for _ in range(20):  # one port free on every address
        with socket.socket() as s:
            s.bind((addrs[0], 0))
            port = s.getsockname()[1]
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
            print(json.dumps(pages.control(line.decode().split())), flush=True)


class Server:
    """The harness's handle on the page server process."""

    def __init__(self, plan_path: Path) -> None:
        cmd = [sys.executable, str(HERE), "--serve", str(plan_path)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._buf = b""
        self.port = self._reply(120.0)["port"]

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

    def command(self, text: str) -> dict:
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()
        reply = self._reply(30.0)
        if "error" in reply:
            raise SystemExit(f"page server: {reply['error']}")
        return reply

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


# --- the floor (its own process, `--floor URLS`) -------------------------------------------


async def _floor(urls: list[str], concurrency: int, store: Path | None = None) -> dict:
    """GET and hash every URL; with `store` (a new SQLite file) also parse each body with
    lxml into its text, hash the text, and store both hashes, 64 rows to a commit."""
    import httpx

    limit, hosts = asyncio.Semaphore(concurrency), {}
    digests, errors, size = set(), 0, 0
    db, rows = None, []
    if store is not None:
        import lxml.html

        db = sqlite3.connect(store)
        db.execute("create table pages (url text primary key, body_sha text, text_sha text)")

    def parse_and_store(url: str, body: bytes, body_sha: str) -> None:
        text = lxml.html.document_fromstring(body).text_content()
        rows.append((url, body_sha, hashlib.sha256(text.encode()).hexdigest()))
        if len(rows) >= 64:
            with db:
                db.executemany("insert or replace into pages values (?, ?, ?)", rows)
            rows.clear()

    async with httpx.AsyncClient(timeout=60.0, trust_env=False) as client:

        async def one(url: str) -> None:
            nonlocal errors, size
            async with hosts.setdefault(httpx.URL(url).host, asyncio.Semaphore(1)), limit:
                try:
                    r = await client.get(url)
                except httpx.HTTPError:
                    errors += 1
                    return
            errors += r.status_code != 200
            size += len(r.content)
            digest = hashlib.sha256(r.content).hexdigest()
            digests.add(digest)
            if db is not None and r.status_code == 200:
                parse_and_store(url, r.content, digest)

        await asyncio.gather(*(one(u) for u in urls))
    if db is not None:
        with db:
            db.executemany("insert or replace into pages values (?, ?, ?)", rows)
        db.close()
    return {"urls": len(urls), "errors": errors, "bytes": size, "distinct": len(digests)}


# --- measuring -----------------------------------------------------------------------------


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants (its worker processes), MB.

    A child that has not called exec() yet (its command line is still its parent's) is left
    out: between fork and exec it maps its parent's memory, and counting it then would count
    the parent twice (a random 20-40 MB on the first pass, when a worker starts).
    """
    total, todo = 0, [(pid, None)]
    while todo:
        p, parent_cmdline = todo.pop()
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmdline = f.read()
            if cmdline == parent_cmdline:
                continue
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [(int(c), cmdline) for c in f.read().split()]
        except (OSError, ValueError):
            continue  # gone meanwhile
    return total / 1024


def measure(cmd: list[str], out: Path, cwd: Path, env: dict) -> dict:
    """Run `cmd` to completion: wall time, CPU (user + sys), peak RSS and exit status.

    CPU includes the worker processes (reaped by the child before it exits); ru_maxrss is the
    largest single process only, so the whole tree's RSS is also sampled every 10 ms.
    """
    tree_peak = 0.0
    with open(out, "wb") as f_out, open(out.with_suffix(".err"), "wb") as f_err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=f_out, stderr=f_err, cwd=cwd, env=env)
        deadline = time.monotonic() + CHILD_TIMEOUT
        while not (reaped := os.wait4(proc.pid, os.WNOHANG))[0]:
            if time.monotonic() > deadline:
                proc.kill()
                reaped = os.wait4(proc.pid, 0)
                break
            tree_peak = max(tree_peak, tree_rss_mb(proc.pid))
            time.sleep(0.01)
        wall = time.perf_counter() - t0
    _, status, ru = reaped
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "rss_mb": max(ru.ru_maxrss / 1024, tree_peak),
        "rc": proc.returncode,
    }


def counts(db: Path) -> dict[str, int]:
    """{"event:<kind>": n, "check:<outcome>": n} in the database."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        events = con.execute("select 'event:' || kind, count(*) from events group by kind")
        checks = con.execute("select 'check:' || outcome, count(*) from checks group by outcome")
        return dict(events.fetchall() + checks.fetchall())
    finally:
        con.close()


def write_config(path: Path, db: Path, args, port: int, n: int) -> None:
    q = json.dumps  # a JSON string is a valid TOML basic string
    rules = "".join(
        f"{key} = [{', '.join(q(s) for s in values)}]\n"
        for key, values in (("select", args.select), ("remove", args.remove))
        if values
    )
    watches = "".join(
        f'[[watch]]\nname = "bench {i}"\nid = "bench-{i}"\n'
        f"url = {q(page_url(i, args.hosts, port))}\n{rules}"
        for i in range(n)
    )
    path.write_text(
        f"[storage]\nurl = {q(f'sqlite:///{db}')}\n"
        f"[schedule]\nconcurrency = {args.concurrency}\nper_host = 1\n"
        + (f"workers = {args.workers}\n" if args.workers is not None else "")
        + f'[fetch]\nretries = 0\ntimeout = "60s"\nallow_networks = ["127.0.0.0/8"]\n{watches}'
    )


def machine(args) -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    code = str(args.code) if args.code else "installed"
    if not args.code:
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
        "loadavg_before": os.getloadavg(),
    }


class Harness:
    """Runs the measured children of one benchmark and keeps their figures."""

    def __init__(self, args, work: Path, server: Server) -> None:
        self.args, self.work, self.server = args, work, server
        # Byte code is cached (as an installed package has it) under the work directory, so
        # every child starts alike whatever the tree's __pycache__ holds or PYTHONDONTWRITEBYTECODE.
        self.env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"))
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.code:
            path = [str(args.code), self.env.get("PYTHONPATH", "")]
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, path))
        py = sys.executable
        self.watcher = args.watcher.split() if args.watcher else [py, "-m", "watcher"]
        self.floor = [py, str(HERE), "--concurrency", str(args.concurrency), "--floor"]
        self.urls, self.no_urls = work / "urls.txt", work / "no-urls.txt"
        self.urls.write_text("\n".join(page_url(i, args.hosts, server.port) for i in range(args.n)))
        self.no_urls.write_text("")
        self.db_deltas: dict[str, dict] = {}
        self.problems: list[str] = []

    def child(self, name: str, cmd: list[str], spy: bool = False) -> dict:
        stem = name.replace(" ", "_")
        if spy and self.args.py_spy:
            spy_bin = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            out = str(self.args.py_spy / f"{stem}.txt")
            extra = self.args.py_spy_args.split()
            cmd = [spy_bin, "record", "-r", "200", "--format", "raw", "-o", out, *extra, "--", *cmd]
        log(f"running {name} ...")
        m = measure(cmd, self.work / f"{stem}.out", self.work, self.env)
        if m["rc"] != 0:
            err = (self.work / f"{stem}.err").read_text(errors="replace")[-1500:]
            self.problems.append(f"{name}: exit status {m['rc']}: {err}")
        log(f"  {m['wall']:.2f}s wall, {m['cpu']:.2f}s CPU, {m['rss_mb']:.0f} MB")
        return m

    def floor_run(self, name: str, parse: bool = False) -> dict:
        store = self.work / f"{name.replace(' ', '_')}.db"
        store.unlink(missing_ok=True)
        extra = ["--floor-store", str(store)] if parse else []
        m = self.child(name, [*self.floor, str(self.urls), *extra])
        out = json.loads((self.work / f"{name.replace(' ', '_')}.out").read_text() or "{}")
        if out.get("errors") or out.get("distinct") != self.args.n:
            self.problems.append(f"{name}: {out}")
        return m

    def watcher_pass(self, name: str, cfg: Path, db: Path, expect: dict[str, int]) -> dict:
        srv, before = self.server.command("stats"), counts(db)
        m = self.child(name, [*self.watcher, "--config", str(cfg), "check"], spy=True)
        srv_after, after = self.server.command("stats"), counts(db)
        got = {x: after[x] - before.get(x, 0) for x in after if after[x] != before.get(x)}
        self.db_deltas[name] = got
        m["server_cpu"] = srv_after["cpu"] - srv["cpu"]
        m["not_modified"] = srv_after["not_modified"] - srv["not_modified"]
        if got != {x: v for x, v in expect.items() if v}:
            self.problems.append(f"{name}: expected {expect}, got {got}")
        return m

    def round(self, r: int) -> dict[str, dict]:
        """Floor, start-up and the four passes, on a fresh database."""
        args, n = self.args, self.args.n
        k = round(n * args.changed)
        db, cfg, empty = (self.work / f"r{r}.{ext}" for ext in ("db", "toml", "empty.toml"))
        write_config(cfg, db, args, self.server.port, n)
        write_config(empty, db, args, self.server.port, 0)
        self.server.command("reset")
        rows = {
            "floor start-up": self.child("floor start-up", [*self.floor, str(self.no_urls)]),
            "floor": self.floor_run("floor"),
            "parse floor": self.floor_run("parse floor", parse=True),
            "--version": self.child("version", [*self.watcher, "--version"]),
        }
        rows["1 new"] = self.watcher_pass(
            "1 new", cfg, db, {"check:new_version": n, "event:first_seen": n}
        )
        startup = [*self.watcher, "--config", str(empty), "check"]
        rows["check start-up"] = self.child("check start-up", startup)
        # Without validators an unchanged page is fetched whole: the same bytes, not a 304.
        same = "check:unchanged" if args.no_etags else "check:not_modified"
        self.server.command("mode same")
        rows["2 same"] = self.watcher_pass("2 same", cfg, db, {same: n})
        self.server.command("mode noisy")
        rows["2b noisy"] = self.watcher_pass("2b noisy", cfg, db, {"check:unchanged": n})
        self.server.command(f"mode changed {args.changed}")
        expect = {"check:new_version": k, "event:changed": k, same: n - k}
        rows["3 changed"] = self.watcher_pass("3 changed", cfg, db, expect)
        rows["floor again"] = self.floor_run("floor again")
        rows["parse floor again"] = self.floor_run("parse floor again", parse=True)
        return rows


def run(args) -> int:
    if args.code:
        sys.path.insert(0, str(args.code))
    t0 = time.monotonic()
    plan = plan_pages(args)
    log(f"{len(plan)} corpus files planned and verified in {time.monotonic() - t0:.1f}s")
    work = Path(tempfile.mkdtemp(prefix="watcher-throughput-", dir=args.tmp))
    plan_file = work / "plan.json"
    served = {"n": args.n, "hosts": args.hosts, "pages": plan, "etags": not args.no_etags}
    plan_file.write_text(json.dumps(served))
    info = machine(args)
    server = Server(plan_file)
    try:
        h = Harness(args, work, server)
        write_config(work / "warm.toml", work / "warm.db", args, server.port, 0)
        warm = [*h.watcher, "--config", str(work / "warm.toml"), "check"]
        for cmd in (warm, [*h.floor, str(h.no_urls)]):  # byte code and page cache, unmeasured
            measure(cmd, work / "warm.out", work, h.env)
        rounds = []
        for r in range(args.repeat):
            log(f"--- round {r + 1} of {args.repeat}")
            rounds.append(h.round(r))
    finally:
        server.stop()
    info["loadavg_after"] = os.getloadavg()
    res = summarize(args, best_of(rounds), h.db_deltas, h.problems, info, len(plan))
    print(json.dumps(res, indent=2) if args.json else report(res))
    if args.keep:
        log(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if res["correct"] else 1


def best_of(rounds: list[dict[str, dict]]) -> dict[str, dict]:
    """Each row's best wall and CPU time over the rounds, and its largest peak RSS."""
    out = {}
    for name in rounds[0]:
        runs = [r[name] for r in rounds]
        best = min(runs, key=lambda m: m["cpu"])
        out[name] = best | {
            "wall": min(m["wall"] for m in runs),
            "rss_mb": max(m["rss_mb"] for m in runs),
        }
    return out


def summarize(args, rows, checks, problems, info, files) -> dict:
    n = args.n
    fbase, base = rows["floor start-up"], rows["check start-up"]
    ref = min((rows["floor"], rows["floor again"]), key=lambda m: m["wall"])
    floor_net = ref["wall"] - fbase["wall"]
    parse_cpu = min(rows["parse floor"]["cpu"], rows["parse floor again"]["cpu"])
    floors = ("floor", "floor again", "parse floor", "parse floor again")
    table = []
    for name, r in rows.items():
        e = {
            "pass": name,
            "wall_s": r["wall"],
            "cpu_s": r["cpu"],
            "user_s": r["user"],
            "sys_s": r["sys"],
            "peak_rss_mb": r["rss_mb"],
        }
        if name in PASSES or name in floors:
            start = fbase if name.startswith("floor") else base
            net = r["wall"] - start["wall"]
            e |= {
                "wall_ms_per_url": 1000 * r["wall"] / n,
                "cpu_ms_per_url": 1000 * r["cpu"] / n,
                "net_wall_ms_per_url": 1000 * net / n,
                "net_cpu_ms_per_url": 1000 * (r["cpu"] - start["cpu"]) / n,
                "wall_x_floor": r["wall"] / ref["wall"],
                "cpu_x_floor": r["cpu"] / min(rows["floor"]["cpu"], rows["floor again"]["cpu"]),
                "cpu_x_parse_floor": r["cpu"] / parse_cpu,
                # net over net; meaningless when the floor's net time is tiny (small N)
                "net_wall_x_floor": net / floor_net if floor_net > 0.05 * ref["wall"] else None,
            }
            if "server_cpu" in r:
                e["server_cpu_ms_per_url"] = 1000 * r["server_cpu"] / n
                e["not_modified"] = r["not_modified"]
        table.append(e)
    by = {e["pass"]: e for e in table}
    peak = max(by[p]["peak_rss_mb"] for p in PASSES)
    targets = [
        ("unchanged pass (2 same, 304s): wall <= 1.5x floor", by["2 same"]["wall_x_floor"], 1.5),
        (
            "unchanged pass (2b noisy, 200s): wall <= 1.5x floor",
            by["2b noisy"]["wall_x_floor"],
            1.5,
        ),
        ("first pass (1 new): wall <= 3x floor", by["1 new"]["wall_x_floor"], 3.0),
        (
            "unchanged text, new bytes (2b noisy): CPU <= 1.3x parse floor",
            by["2b noisy"]["cpu_x_parse_floor"],
            1.3,
        ),
        ("peak RSS of the watcher passes < 150 MB", peak, 150.0),
    ]
    return {
        "machine": info,
        "n": n,
        "corpus_files": files,
        "hosts": args.hosts,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "changed": args.changed,
        "repeat": args.repeat,
        "rules": {"select": args.select, "remove": args.remove},
        "etags": not args.no_etags,
        "table": table,
        "targets": [
            {"target": t, "value": v, "limit": lim, "met": v < lim} for t, v, lim in targets
        ],
        "db_deltas": checks,
        "problems": problems,
        "correct": not problems,
    }


def report(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, {m['platform']}; "
        f"load average {m['loadavg_before'][0]:.2f} before, {m['loadavg_after'][0]:.2f} after",
        f"code: {m['code']}",
        f"N = {res['n']} watches on {res['hosts']} loopback hosts ({res['corpus_files']} corpus "
        f"files), concurrency {res['concurrency']}, per_host 1, rules {res['rules']}"
        + ("" if res["etags"] else ", served without ETags")
        + (f"; best of {res['repeat']} rounds" if res["repeat"] > 1 else ""),
    ]
    cols = [
        ("wall s", "wall_s", 8, 2),
        ("wall ms/URL", "wall_ms_per_url", 12, 2),
        ("CPU ms/URL", "cpu_ms_per_url", 11, 2),
        ("net wall", "net_wall_ms_per_url", 9, 2),
        ("net CPU", "net_cpu_ms_per_url", 8, 2),
        ("peak MB", "peak_rss_mb", 8, 0),
        ("wall xF", "wall_x_floor", 8, 2),
        ("CPU xF", "cpu_x_floor", 7, 2),
        ("CPU xP", "cpu_x_parse_floor", 7, 2),
        ("net xF", "net_wall_x_floor", 7, 2),
        ("srv CPU", "server_cpu_ms_per_url", 8, 2),
    ]
    head = f"{'pass':<18}" + "".join(f"{title:>{w}}" for title, _, w, _ in cols)
    lines += [head, "-" * len(head)]
    for e in res["table"]:
        cells = [
            f"{e[key]:>{w}.{d}f}"
            if e.get(key) is not None
            else (f"{'n/a':>{w}}" if key in e else " " * w)
            for _, key, w, d in cols
        ]
        extra = "" if "wall_ms_per_url" in e else f"  (CPU {e['cpu_s']:.2f} s)"
        lines.append(f"{e['pass']:<18}" + "".join(cells).rstrip() + extra)
    lines.append(
        "ms/URL: the whole process over N; net: minus the start-up row (check over 0 watches;\n"
        "floor over 0 URLs); xF: ratio to the better floor run (net xF: net over net); xP: CPU\n"
        "over the better parse floor's (fetch, hash, lxml, SQLite); srv CPU:\n"
        "the page server's CPU ms/URL (in no other column)."
    )
    for name, got in res["db_deltas"].items():
        lines.append(f"db after {name}: " + (", ".join(f"{x} +{v}" for x, v in got.items()) or "-"))
    for t in res["targets"]:
        lines.append(
            f"target: {t['target']}: {t['value']:.2f} - {'met' if t['met'] else 'NOT MET'}"
        )
    lines += [f"PROBLEM: {p}" for p in res["problems"]]
    lines.append("correctness: " + ("OK" if res["correct"] else "FAILED"))
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="the shared corpus (default: ../shared/corpus next to the repository)",
    )
    p.add_argument("--n", type=int, default=1000, help="watches (default 1000)")
    p.add_argument("--changed", type=float, default=0.10, help="fraction changed in pass 3")
    p.add_argument("--hosts", type=int, default=250, help=f"loopback hosts (max {MAX_HOSTS})")
    p.add_argument("--concurrency", type=int, default=16, help="[schedule] concurrency")
    p.add_argument(
        "--workers", type=int, default=None, help="[schedule] workers (default: watcher's own)"
    )
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CSS",
        help="a select rule for every watch (repeatable); pages it misses are skipped",
    )
    p.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="CSS",
        help="a remove rule for every watch (repeatable)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="run everything R times, a fresh database each time, and keep each "
        "row's best time: steadier figures on a busy machine",
    )
    p.add_argument(
        "--no-etags",
        action="store_true",
        help="serve the pages without validators: every fetch is a full one",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--code", type=Path, metavar="DIR", help="measure the watcher package in DIR")
    p.add_argument(
        "--watcher",
        metavar="CMD",
        help="the command that runs watcher (default: this Python -m watcher)",
    )
    p.add_argument("--tmp", type=Path, help="where the work directory goes (default: $TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument(
        "--py-spy",
        type=Path,
        metavar="DIR",
        help="run each pass under `py-spy record` (every thread), collapsed stacks "
        "in DIR/<pass>.txt; the timings then include py-spy",
    )
    p.add_argument("--py-spy-args", default="", metavar="ARGS", help='e.g. "--gil"')
    p.add_argument("--serve", metavar="PLAN", help=argparse.SUPPRESS)
    p.add_argument("--floor", metavar="URLS", help=argparse.SUPPRESS)
    p.add_argument("--floor-store", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        asyncio.run(_serve(json.loads(Path(args.serve).read_text())))
        return 0
    if args.floor:
        urls = Path(args.floor).read_text().split()
        print(json.dumps(asyncio.run(_floor(urls, args.concurrency, args.floor_store))))
        return 0
    if not 1 <= args.hosts <= MAX_HOSTS:
        p.error(f"--hosts must be between 1 and {MAX_HOSTS}")
    if min(args.n, args.concurrency, args.repeat) < 1 or not 0 <= args.changed <= 1:
        p.error("--n, --concurrency and --repeat must be positive, --changed within 0..1")
    if args.py_spy:
        args.py_spy.mkdir(parents=True, exist_ok=True)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
