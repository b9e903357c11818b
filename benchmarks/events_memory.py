"""What `watcher events --json` costs over many events: time per event and peak memory.

    python benchmarks/events_memory.py [--corpus PATH] [--n 1000,10000] [--code DIR] [--json]

For each N, a new SQLite database gets 100 watches and N events whose details are real: the
first-version reports (AI-training findings included) that Watcher's own reading gives for
the pages of the shared corpus (replay/steps/*/NNN.html.gz; Open Terms Archive data, ODC-By
1.0), two thirds `first_seen`, one third `changed`, spread over a year. Then
`watcher events --json` runs in a child process, its output thrown away, and is timed (wall
and CPU, best of --repeat) and its peak RSS read from wait4(). The database is filled by a
child too, with the code measured.

If events are streamed, the peak RSS is the same for every N; if they are built whole first,
it grows with N. The "x first" column is the peak over the peak of the smallest N.
`--code DIR` measures the `watcher` package in DIR instead of the installed one (e.g.
`git archive COMMIT | tar -x -C DIR`, to measure a commit before a change).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
WATCHES = 100
PAGES = 60  # corpus pages read for their first-version reports (every fourth file)
SEED = 20261203


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def reports(corpus: Path) -> list[tuple[str, dict, str | None]]:
    """(summary, stored details, ai_change) of the first version of real corpus pages."""
    from watcher.models import Rules, report_json
    from watcher.normalize import normalize
    from watcher.pipeline.analyse import first_version

    files = sorted((corpus / "replay" / "steps").glob("*/*.html.gz"))[::4][:PAGES]
    if not files:
        raise SystemExit(f"no corpus pages under {corpus / 'replay' / 'steps'}")
    out = []
    for path in files:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        a = first_version(normalize(html, "text/html", Rules()).text)
        ai = a.report.ai_change.value if a.report.ai_change else None
        out.append((a.summary, report_json(a.report), ai))
    return out


def fill(db_path: Path, n: int, corpus: Path) -> dict:
    """A new database at `db_path` with WATCHES watches and `n` events (the child's job)."""
    from sqlalchemy import insert

    from watcher import db, migrate
    from watcher.db import EventRow
    from watcher.models import Watch
    from watcher.store import Store

    engine = db.create(f"sqlite:///{db_path}")
    try:
        migrate.upgrade(engine)
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        watches = [
            Watch(id=f"w{i}", name=f"Policy {i}", url=f"https://example.org/{i}/terms")
            for i in range(WATCHES)
        ]
        Store(engine).sync_watches(watches, t0)
        found, rng, rows = reports(corpus), random.Random(SEED), []
        for i in range(n):
            summary, details, ai = found[i % len(found)]
            first = i < WATCHES or rng.random() < 2 / 3
            rows.append(
                {
                    "watch_id": f"w{i % WATCHES}",
                    "kind": "first_seen" if first else "changed",
                    "at": t0 + timedelta(seconds=i * 3600 * 24 * 365 // max(n, 1)),
                    "url": f"https://example.org/{i % WATCHES}/terms",
                    "version_from": None if first else 1,
                    "version_to": 1 if first else 2,
                    "ai_change": ai if first else None,
                    "summary": summary,
                    "details": details,
                }
            )
        with engine.begin() as conn:
            for start in range(0, n, 1000):
                conn.execute(insert(EventRow), rows[start : start + 1000])
        sizes = [len(json.dumps(r["details"])) for r in rows]
        return {"events": n, "details_bytes_mean": sum(sizes) / max(len(sizes), 1)}
    finally:
        engine.dispose()


def run_child(cmd: list[str], env: dict, out=subprocess.DEVNULL) -> dict:
    """Run `cmd`: wall time, CPU (user + sys) and peak RSS (MB) from wait4().

    In the temporary directory: `python -m` puts the working directory first on the path,
    and a `watcher` package there (the repository's) would hide the one measured."""
    t0 = time.perf_counter()
    cwd = tempfile.gettempdir()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc
    if rc != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit status {rc}: {err[-1500:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024}


def measure(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="watcher-events-"))
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.code:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.code), env.get("PYTHONPATH")]))
    py = sys.executable
    rows = []
    try:
        for n in args.n:
            db_path, cfg = work / f"e{n}.db", work / f"e{n}.toml"
            cfg.write_text(f'[storage]\nurl = "sqlite:///{db_path}"\n')
            log(f"filling {n} events ...")
            filled = work / f"fill{n}.json"
            with open(filled, "w") as f:
                fill_cmd = [py, str(HERE), "--fill", str(db_path), "--corpus", str(args.corpus)]
                run_child([*fill_cmd, "--n", str(n)], env, out=f)
            info = json.loads(filled.read_text())
            cmd = [py, "-m", "watcher", "--config", str(cfg), "events", "--json"]
            run_child(cmd, env)  # byte code and page cache, unmeasured
            runs = [run_child(cmd, env) for _ in range(args.repeat)]
            best = {
                "wall": min(r["wall"] for r in runs),
                "cpu": min(r["cpu"] for r in runs),
                "rss_mb": max(r["rss_mb"] for r in runs),
            }
            log(f"  {n} events: {best['wall']:.2f}s wall, {best['rss_mb']:.0f} MB")
            rows.append({"n": n, **info, **best})
        empty = work / "empty.toml"
        empty.write_text(f'[storage]\nurl = "sqlite:///{work / "empty.db"}"\n')
        run_child([py, "-m", "watcher", "--config", str(empty), "db", "upgrade"], env)
        base = min(
            (
                run_child([py, "-m", "watcher", "--config", str(empty), "events", "--json"], env)
                for _ in range(args.repeat)
            ),
            key=lambda r: r["wall"],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in rows:
        r["ms_per_event"] = 1000 * (r["wall"] - base["wall"]) / r["n"]
        r["cpu_ms_per_event"] = 1000 * (r["cpu"] - base["cpu"]) / r["n"]
        r["rss_x_first"] = r["rss_mb"] / rows[0]["rss_mb"]
    return {
        "machine": {
            "nproc": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "code": str(args.code) if args.code else "installed",
        },
        "no_events": base,
        "rows": rows,
    }


def report(res: dict) -> str:
    m = res["machine"]
    b = res["no_events"]
    lines = [
        f"machine: {m['nproc']} CPUs, Python {m['python']}, {m['platform']}; code: {m['code']}",
        f"no events: {b['wall']:.3f}s wall, {b['cpu']:.3f}s CPU, {b['rss_mb']:.0f} MB "
        "(start-up, subtracted from the per-event figures)",
        f"{'events':>7} {'details B':>10} {'wall s':>8} {'ms/event':>9} {'CPU ms/ev':>10} "
        f"{'peak MB':>8} {'x first':>8}",
    ]
    for r in res["rows"]:
        lines.append(
            f"{r['n']:>7} {r['details_bytes_mean']:>10.0f} {r['wall']:>8.2f} "
            f"{r['ms_per_event']:>9.3f} {r['cpu_ms_per_event']:>10.3f} {r['rss_mb']:>8.0f} "
            f"{r['rss_x_first']:>8.2f}"
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
    p.add_argument(
        "--n",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1000, 10000],
        help="event counts, comma-separated (default 1000,10000)",
    )
    p.add_argument("--repeat", type=int, default=2, help="runs of each, best kept (default 2)")
    p.add_argument("--code", type=Path, metavar="DIR", help="measure the watcher package in DIR")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--fill", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.fill:
        print(json.dumps(fill(args.fill, args.n[0], args.corpus)))
        return 0
    if min(args.n) < 1 or args.repeat < 1:
        p.error("--n and --repeat must be positive")
    res = measure(args)
    print(json.dumps(res, indent=2) if args.json else report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
