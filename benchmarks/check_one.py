"""How long `watcher check` takes on one watch, start-up included, as cron runs it.

    python benchmarks/check_one.py [--corpus PATH] [--runs 10] [--code DIR] [--json]

A loopback HTTP server (its own process) serves one real policy page of the shared corpus
(replay/steps/; Open Terms Archive data, ODC-By 1.0). A first `watcher check` records its
first version, unmeasured; then each case runs --runs times in a new process and keeps the
best and the median wall time and CPU (user + sys, from wait4()):

  same bytes     the page served again, no validators: fetched whole, same sha256, not read
  not modified   the page served with an ETag, answered 304 (the database already at head)
  new text       the page's text changes on every run: read, diffed, scanned, recorded

and, for reference, the same interpreter doing nothing, importing SQLAlchemy's ORM (what any
command that opens the database pays), and `watcher --version`. `--code DIR` measures the
`watcher` package in DIR instead of the installed one (e.g. `git archive COMMIT | tar -x -C
DIR`). WATCHER_ALLOW_NETWORKS is set to 127.0.0.0/8 for the measured commands.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
PAGE = "perplexity-privacy/009.html.gz"  # a 300 KB privacy policy with AI-training clauses


class _Handler(http.server.BaseHTTPRequestHandler):
    """/same: the page, no validators; /etag: with an ETag, 304 when it matches; /new: the
    page with a paragraph that changes on every request."""

    body = b""
    count = 0

    def do_GET(self) -> None:
        cls = type(self)
        etag = '"v1"'
        if self.path == "/etag" and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        body = cls.body
        if self.path == "/new":
            cls.count += 1
            body = body.replace(b"</p>", f"</p><p>Revision {cls.count}.</p>".encode(), 1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/etag":
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def serve(page: Path) -> None:
    """The page server (`--serve PAGE`): prints its port, serves until stdin closes."""
    _Handler.body = gzip.decompress(page.read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


def run(cmd: list[str], env: dict, cwd: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit status {proc.returncode}: {err[-1500:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime}


def measure(args) -> dict:
    page = args.corpus / "replay" / "steps" / PAGE
    if not page.exists():
        raise SystemExit(f"no page {page}")
    work = Path(tempfile.mkdtemp(prefix="watcher-check-one-"))
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"))
    env["WATCHER_ALLOW_NETWORKS"] = "127.0.0.0/8"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.code:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.code), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        [sys.executable, str(HERE), "--serve", str(page)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        port = int(server.stdout.readline())
        cfg = work / "watcher.toml"
        cfg.write_text(
            f'[storage]\nurl = "sqlite:///{work / "w.db"}"\n[fetch]\nretries = 0\n'
            + "".join(
                f'[[watch]]\nname = "{name}"\nurl = "http://127.0.0.1:{port}/{name}"\n'
                for name in ("same", "etag", "new")
            )
        )
        py = sys.executable
        # Work from the temporary directory: `python -m` puts the working directory first
        # on the path, and the repository's `watcher` there would hide the one measured.
        run([py, "-m", "watcher", "--config", str(cfg), "check"], env, work)  # first versions
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "import sqlalchemy.orm": [py, "-c", "import sqlalchemy.orm"],
            "watcher --version": [py, "-m", "watcher", "--version"],
        }
        for case, watch in (("same bytes", "same"), ("not modified", "etag"), ("new text", "new")):
            cases[case] = [py, "-m", "watcher", "--config", str(cfg), "check", "--watch", watch]
        rows = {}
        for name, cmd in cases.items():
            run(cmd, env, work)  # byte code and page cache, unmeasured
            runs = [run(cmd, env, work) for _ in range(args.runs)]
            rows[name] = {
                "wall_best": min(r["wall"] for r in runs),
                "wall_median": statistics.median(r["wall"] for r in runs),
                "cpu_best": min(r["cpu"] for r in runs),
                "cpu_median": statistics.median(r["cpu"] for r in runs),
            }
            log(f"{name}: {rows[name]['wall_median']:.3f} s median wall")
    finally:
        server.stdin.close()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return {
        "machine": {
            "nproc": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg": os.getloadavg(),
            "code": str(args.code) if args.code else "installed",
        },
        "runs": args.runs,
        "rows": rows,
    }


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def report(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"machine: {m['nproc']} CPUs, Python {m['python']}, {m['platform']}, load "
        f"{m['loadavg'][0]:.2f}; code: {m['code']}; {res['runs']} runs each",
        f"{'':<24}{'wall best':>10}{'median':>8}{'CPU best':>10}{'median':>8}",
    ]
    for name, r in res["rows"].items():
        lines.append(
            f"{name:<24}{r['wall_best']:>10.3f}{r['wall_median']:>8.3f}"
            f"{r['cpu_best']:>10.3f}{r['cpu_median']:>8.3f}"
        )
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="the shared corpus (default: ../shared/corpus next to the repository)",
    )
    p.add_argument("--runs", type=int, default=10, help="runs of each case (default 10)")
    p.add_argument("--code", type=Path, metavar="DIR", help="measure the watcher package in DIR")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    if args.runs < 1:
        p.error("--runs must be positive")
    res = measure(args)
    print(json.dumps(res, indent=2) if args.json else report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
