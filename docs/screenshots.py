"""Screenshots of the web pages for the README, taken by headless Chromium.

    python docs/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Builds a small, realistic database the way a user would — real `watcher check` passes over
pages served on 127.0.0.1 — serves it with `watcher serve`, and photographs it:

  dashboard.png     every watch (laptop width): two failing first, then the rest by name
  history.png       the history of Microsoft Copilot's terms (laptop width)
  diff.png          the diff of its last change, an AI-training change toward opt-out
  diff-phone.png    the same diff on a phone

The pages are real Open Terms Archive snapshots (ODC-By 1.0, see tests/data/ATTRIBUTION.md):
Microsoft Copilot Terms of Use (steps 28 and 29 of `copilot-terms`, the second adding a clause
that Copilot Health data is not used to train AI), Perplexity's privacy policy and Reddit's
user agreement. The third version of Copilot's terms is made up for the picture: the same
page with that clause rewritten to let the data train AI unless the user opts out, and the
date moved. The two failing watches are made up too (example.com URLs would not resolve
here, so they point at 127.0.0.1 and fail there).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
sys.path.insert(0, str(REPO / "tests"))  # the suite's loopback HTTP server

from httpserver import HTTPTestServer, Reply  # noqa: E402

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CLAUSE = (
    "For example, the information you provide to Copilot Health is not used for advertising "
    "purposes, and it is not used to develop or train generative AI models."
)
OPT_OUT = (
    "For example, the information you provide to Copilot Health is not used for advertising "
    "purposes. It may be used to develop and train generative AI models unless you opt out "
    "in your Copilot privacy settings."
)


def page(name: str) -> str:
    return gzip.decompress((DATA / "pages" / f"{name}.html.gz").read_bytes()).decode("utf-8")


def opt_out_version() -> str:
    """Copilot's terms of step 29, with its AI-training clause turned into an opt-out."""
    html = page("copilot-terms-029")
    assert CLAUSE in html, "the Copilot Health clause is no longer in the snapshot"
    return html.replace(CLAUSE, OPT_OUT)


def configuration(directory: Path, server: HTTPTestServer) -> Path:
    config = directory / "watcher.toml"
    config.write_text(f"""
[storage]
url = "sqlite:///{directory}/watcher.db"
[fetch]
timeout = "5s"
retries = 0
allow_networks = ["127.0.0.1/32"]
[schedule]
error_after = 2

[[watch]]
name = "Microsoft Copilot Terms of Use"
id = "copilot-terms"
url = "{server.url("/copilot/terms")}"
kind = "terms"
select = ["#mainContent"]
remove = [".cdx_mkt_brand"]

[[watch]]
name = "Perplexity Privacy Policy"
id = "perplexity-privacy"
url = "{server.url("/perplexity/privacy")}"
kind = "privacy"
select = ["[data-framer-name=Post]"]

[[watch]]
name = "Reddit User Agreement"
id = "reddit-terms"
url = "{server.url("/reddit/terms")}"
kind = "terms"
select = ["main"]
remove = [".page-meta"]

[[watch]]
name = "Example Vendor AI Policy"
id = "example-ai-policy"
url = "{server.url("/example/ai-policy")}"
kind = "ai-policy"

[[watch]]
name = "Example Vendor Terms"
id = "example-terms"
url = "{server.url("/example/terms")}"
kind = "terms"
""")
    return config


def build(directory: Path, server: HTTPTestServer) -> Path:
    """Three `watcher check` passes; what each page answers, pass by pass, is routed here."""
    reddit = (DATA / "normalize" / "real_reddit_terms.html").read_text()
    example = "<main><h1>Example Vendor Terms</h1><p>Be nice.</p></main>"
    server.route(
        "/copilot/terms",
        Reply(body=page("copilot-terms-028")),
        Reply(body=page("copilot-terms-029")),
        Reply(body=opt_out_version()),
    )
    server.route(
        "/perplexity/privacy",
        Reply(body=page("perplexity-privacy-009")),
        Reply(body=page("perplexity-privacy-010")),
    )
    server.route("/reddit/terms", Reply(body=reddit))
    server.route("/example/ai-policy", Reply(status=502, body="Bad gateway"))
    server.route("/example/terms", Reply(body=example), Reply(body=example), Reply(status=503))
    config = configuration(directory, server)
    for _ in range(3):
        subprocess.run(
            [sys.executable, "-m", "watcher", "--config", str(config), "check"],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
    return config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(config: Path) -> tuple[subprocess.Popen, str]:
    """`watcher serve` on a free port, once it answers."""
    port = free_port()
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
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit(
                    f"watcher serve stopped: {process.stderr.read().decode()}"
                ) from None
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("watcher serve did not answer within 30 s")


def photograph(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = [
        ("dashboard.png", "/", LAPTOP),
        ("history.png", "/watches/copilot-terms", LAPTOP),
        ("diff.png", "/watches/copilot-terms/diff/2..3", LAPTOP),
        ("diff-phone.png", "/watches/copilot-terms/diff/2..3", PHONE),
    ]
    taken = []
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, chromium_sandbox=True)
        except Exception:  # no user namespaces here (root, a container): no sandbox then
            browser = p.chromium.launch(executable_path=chromium, chromium_sandbox=False)
        try:
            for name, path, viewport in shots:
                context = browser.new_context(viewport=viewport, java_script_enabled=False)
                tab = context.new_page()
                tab.goto(base + path, wait_until="load")
                target = out / name
                tab.screenshot(path=str(target), full_page=True)
                context.close()
                taken.append(target)
        finally:
            browser.close()
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TZ", "UTC")
    with tempfile.TemporaryDirectory() as tmp, HTTPTestServer() as server:
        config = build(Path(tmp), server)
        process, base = serve(config)
        try:
            for shot in photograph(base, args.out, args.chromium):
                print(shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
