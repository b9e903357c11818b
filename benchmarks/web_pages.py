"""How fast the web pages answer: the dashboard of many watches, and the diff of two big versions.

    python benchmarks/web_pages.py [--watches 1000] [--requests 20] [--cold 5] [--corpus PATH]
                                   [--json]

Builds a database as a user's daemon would — real `watcher check` passes over real policy
pages served on 127.0.0.1 — then serves it with `watcher serve` (its own process) and times
requests from this one, over HTTP with a kept-alive connection:

  /                          the dashboard of --watches watches: the latest step of each replay
                             sequence of the shared corpus (Open Terms Archive data, ODC-By 1.0),
                             watch i serving page i % 6 with that sequence's selectors; one watch
                             in 32 answers 500 (failing watches come first)
  /watches/big/diff/1..2     the diff of two ~300 KB versions of one document: the distinct texts
                             of the corpus' six documents joined (~300 KB of real policy text),
                             then edited as publishers do — an AI-training clause turned into an
                             opt-out, a date, sentences added to a dozen paragraphs, paragraphs
                             removed and added
  /watches/big, /watches/big/ai   its history and AI-training page, for reference

Pages keep the overview of every watch between requests and read it again once a check was
recorded (`watcher/web/pages/reads.py`), so each page is timed two ways: "cold", right after
a `watcher check` of one small watch (every watch read again, as after each check in a
daemon's day), --cold times; and "warm", nothing checked since, --requests times after a
warm-up. The figures are the median and the slowest, in milliseconds per request. The target
is under 200 ms, cold, for the dashboard of 1,000 watches and for the diff. Then, in this
process, where the time goes: the store's reads, the view, and the template, each alone
(best of five).
Without the corpus, the pages of tests/data/pages are used.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the suite's loopback HTTP server

from httpserver import HTTPTestServer, Reply  # noqa: E402

from watcher import db, detect  # noqa: E402
from watcher.models import Rules  # noqa: E402
from watcher.normalize import normalize  # noqa: E402
from watcher.store import Store  # noqa: E402
from watcher.web import pages, views  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
TARGET_MS = 200.0
BIG_BYTES = 300_000
FAILING_EVERY = 32
WARM_UP = 3
OPT_OUT = (
    " We may use this information to train and improve our AI models unless you opt out in "
    "your account settings."
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def corpus_pages(corpus: Path) -> list[tuple[str, bytes, Rules]]:
    """(name, raw page, rules) of the latest step of each replay sequence."""
    manifest = corpus / "replay" / "manifest.json"
    if not manifest.exists():
        data = REPO / "tests" / "data" / "pages"
        return [
            (
                "copilot",
                gzip.decompress((data / "copilot-terms-029.html.gz").read_bytes()),
                Rules(select=("#mainContent",), remove=(".cdx_mkt_brand",)),
            ),
            (
                "perplexity",
                gzip.decompress((data / "perplexity-privacy-010.html.gz").read_bytes()),
                Rules(select=("[data-framer-name=Post]",)),
            ),
        ]
    out = []
    for seq in json.loads(manifest.read_text())["sequences"]:
        steps = [s for s in seq["steps"] if not s.get("selector_missing")]
        raw = gzip.decompress((corpus / "replay" / steps[-1]["file"]).read_bytes())
        out.append(
            (seq["id"], raw, Rules(select=tuple(seq["select"]), remove=tuple(seq["remove"])))
        )
    return out


def corpus_texts(corpus: Path) -> list[str]:
    """The distinct texts of every document of the corpus, the longest of each first."""
    manifest = corpus / "replay" / "manifest.json"
    if not manifest.exists():
        return [normalize(raw, "text/html", rules).text for _, raw, rules in corpus_pages(corpus)]
    firsts, others = [], []
    for seq in json.loads(manifest.read_text())["sequences"]:
        rules = Rules(select=tuple(seq["select"]), remove=tuple(seq["remove"]))
        seen: dict[str, None] = {}
        for step in seq["steps"]:
            if step.get("selector_missing"):
                continue
            raw = gzip.decompress((corpus / "replay" / step["file"]).read_bytes())
            seen[normalize(raw, "text/html", rules).text] = None
        texts = sorted(seen, key=len, reverse=True)
        firsts.append(texts[0])
        others += texts[1:]
    return firsts + others


def big_versions(corpus: Path) -> tuple[str, str]:
    """Two versions of a ~300 KB document of real policy text: joined, then edited."""
    blocks: list[str] = []
    seen: set[str] = set()
    for text in corpus_texts(corpus):
        new = [b for b in text.split("\n\n") if b.strip() and b not in seen]
        if len(new) < len(text.split("\n\n")) / 2:  # mostly a text already in: skip it
            continue
        blocks += new
        seen.update(new)
        if len("\n\n".join(blocks).encode()) >= BIG_BYTES:
            break
    old = "\n\n".join(blocks) + "\n"
    edited = list(blocks)
    paragraphs = [i for i, b in enumerate(blocks) if len(b) > 200 and not b.startswith(("#", "|"))]
    findings = detect.scan(old)
    clause = next(
        (f for f in findings if f.stance is not None and f.stance.value == "not_allowed"), None
    )
    for k, i in enumerate(paragraphs[5::40][:12]):
        edited[i] = blocks[i] + " This section also applies to our affiliates."
        if k % 4 == 3:
            edited.insert(i + 1, f"New paragraph {k}: we will tell you before this changes.")
    for i in paragraphs[27::150][:3]:
        edited[i] = ""
    new = "\n\n".join(b for b in edited if b) + "\n"
    if clause is not None:
        new = new.replace(clause.text, clause.text + OPT_OUT, 1)
    return old, new


def configuration(directory: Path, server: HTTPTestServer, sources, watches: int) -> Path:
    lines = [
        f'[storage]\nurl = "sqlite:///{directory}/watcher.db"',
        '[fetch]\ntimeout = "20s"\nretries = 0\nallow_networks = ["127.0.0.1/32"]',
        "[schedule]\nerror_after = 1",
        '[[watch]]\nname = "Big Policy"\nid = "big"\n'
        f'url = "{server.url("/big")}"\nkind = "privacy"',
    ]
    for i in range(watches - 1):
        name, _, rules = sources[i % len(sources)]
        path = f"/fail/{i}" if i % FAILING_EVERY == FAILING_EVERY - 1 else f"/{name}"
        lines.append(
            f'[[watch]]\nname = "{name} {i:04d}"\nurl = "{server.url(path)}"\nkind = "terms"\n'
            f"select = {json.dumps(list(rules.select))}\nremove = {json.dumps(list(rules.remove))}"
        )
    config = directory / "watcher.toml"
    config.write_text("\n\n".join(lines) + "\n")
    return config


def check(config: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "watcher", "--config", str(config), "check", *args],
        check=False,  # failing watches make the exit status 1
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serve(config: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "watcher",
            "--config",
            str(config),
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("watcher serve did not answer")


def timed(client: httpx.Client, path: str, n: int) -> dict:
    """Warm: `n` requests after a warm-up, nothing checked in between."""
    for _ in range(WARM_UP):
        client.get(path).raise_for_status()
    return _stats([_get(client, path) for _ in range(n)])


def timed_cold(client: httpx.Client, path: str, n: int, config: Path, watch: str) -> dict:
    """Cold: each of `n` requests right after a check of `watch` was recorded."""
    ms = []
    for _ in range(n):
        check(config, "--watch", watch)
        ms.append(_get(client, path))
    return _stats(ms)


def _get(client: httpx.Client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, len(response.content)


def _stats(samples: list[tuple[float, int]]) -> dict:
    ms = [m for m, _ in samples]
    return {"median_ms": statistics.median(ms), "max_ms": max(ms), "bytes": samples[-1][1]}


def best(call, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), result


def breakdown(db_url: str) -> dict:
    """Where a request's time goes, measured in this process (best of five)."""
    engine = db.create(db_url)
    store = Store(engine)
    site = pages._Pages(store, None, frozenset())  # its templates, filters and globals
    dashboard = site.env.get_template("pages/dashboard.html")
    diff_page = site.env.get_template("pages/diff.html")
    out: dict[str, float] = {}
    out["store.overview() (every watch)"], overview = best(store.overview)
    out["dashboard: views.dashboard()"], rows = best(lambda: views.dashboard(overview))
    out["dashboard: template"], _ = best(lambda: dashboard.render(rows=rows, failing=0, retrying=0))
    out["diff: texts and findings read"], (old, new, fo, fn) = best(
        lambda: (
            store.text("big", 1)[1],
            store.text("big", 2)[1],
            store.findings("big", 1),
            store.findings("big", 2),
        )
    )
    out["diff: views.diff_view()"], view = best(lambda: views.diff_view(old, new, fo, fn))
    versions = {v.number: v for v in store.versions("big")}
    big = next(w for w in overview if w.id == "big")
    out["diff: template"], _ = best(
        lambda: diff_page.render(
            watch=big,
            start=versions[1],
            end=versions[2],
            view=view,
            event=None,
            older=None,
            newer=None,
        )
    )
    out["diff: the whole page (overview kept)"], _ = best(
        lambda: site.diff(_Request("big", "1..2"))
    )
    engine.dispose()
    return {k: round(v, 1) for k, v in out.items()}


class _Request:
    """Just what `_Pages.diff` reads of a request."""

    def __init__(self, watch: str, span: str) -> None:
        self.path_params = {"watch": watch, "span": span}
        self.query_params: dict[str, str] = {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watches", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sources = corpus_pages(args.corpus)
    old, new = big_versions(args.corpus)
    with tempfile.TemporaryDirectory() as tmp, HTTPTestServer() as server:
        directory = Path(tmp)
        for name, raw, _ in sources:
            server.route(f"/{name}", Reply(body=raw))
        for i in range(args.watches):
            server.route(f"/fail/{i}", Reply(status=500, body="down"))
        plain = "text/plain; charset=utf-8"
        server.route("/big", Reply(body=old, content_type=plain))
        config = configuration(directory, server, sources, args.watches)
        started = time.monotonic()
        check(config)
        server.route("/big", Reply(body=new, content_type=plain))
        check(config, "--watch", "Big Policy")
        built = time.monotonic() - started
        db_url = f"sqlite:///{directory}/watcher.db"
        process, base = serve(config)
        try:
            small = f"{sources[0][0]} 0000"  # a watch that answers: its check is quick
            paths = ("/", "/watches/big/diff/1..2", "/watches/big", "/watches/big/ai")
            with httpx.Client(base_url=base, timeout=60) as client:
                cold = {p: timed_cold(client, p, args.cold, config, small) for p in paths[:2]}
                warm = {p: timed(client, p, args.requests) for p in paths}
        finally:
            process.terminate()
            process.wait(timeout=10)
        where = breakdown(db_url)
    report = {
        "machine": machine(),
        "watches": args.watches,
        "big_versions_bytes": [len(old.encode()), len(new.encode())],
        "database_built_s": round(built, 1),
        "cold": {p: {k: round(v, 1) for k, v in r.items()} for p, r in cold.items()},
        "warm": {p: {k: round(v, 1) for k, v in r.items()} for p, r in warm.items()},
        "in_process_ms": where,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['machine']}")
        print(
            f"{args.watches} watches; big versions {report['big_versions_bytes']} bytes; "
            f"database built by watcher check in {report['database_built_s']} s"
        )
        print(
            f"{'page':<26} {'cold median':>11} {'max':>7} {'warm median':>11} {'max':>7} {'KB':>5}"
        )
        for path, r in warm.items():
            c = cold.get(path)
            cold_cols = f"{c['median_ms']:>11.1f} {c['max_ms']:>7.1f}" if c else f"{'':>11} {'':>7}"
            print(
                f"{path:<26} {cold_cols} {r['median_ms']:>11.1f} {r['max_ms']:>7.1f} "
                f"{r['bytes'] / 1024:>5.0f}"
            )
        print("where the time goes (in process, best of 5, ms):")
        for what, ms in where.items():
            print(f"  {what:<44} {ms:>7.1f}")
    slow = [p for p, r in cold.items() if r["median_ms"] >= TARGET_MS]
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
