"""How fast normalize() is on real policy pages, and how stable its text is.

    python benchmarks/normalize_speed.py [CORPUS] [--repeat N] [--bs4]

CORPUS is the shared corpus (default: ../shared/corpus next to the repository); its pages are
replay/steps/<sequence>/NNN.html.gz, normalized with the select/remove rules of
replay/manifest.json. Prints MB/s (decoded HTML in, per wall-clock second, best of --repeat
passes) and per-page milliseconds. With a manifest, it also counts false differences: consecutive
steps labelled text_changed=false whose texts differ. --bs4 times the BeautifulSoup baseline
(BeautifulSoup(html, "lxml"), remove/select, get_text) on the same pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from watcher.models import Rules
from watcher.normalize import normalize

REPO = Path(__file__).resolve().parent.parent


def load(corpus: Path) -> list[tuple[str, dict, Rules, str]]:
    """(sequence id, manifest step or {}, rules, decoded HTML) for every replay page."""
    replay = corpus / "replay"
    manifest = replay / "manifest.json"
    pages = []
    if manifest.exists():
        for seq in json.loads(manifest.read_text())["sequences"]:
            rules = Rules(select=tuple(seq["select"]), remove=tuple(seq["remove"]))
            for step in seq["steps"]:
                html = gzip.decompress((replay / step["file"]).read_bytes()).decode("utf-8")
                pages.append((seq["id"], step, rules, html))
    else:
        for path in sorted(replay.glob("steps/*/*.html.gz")):
            html = gzip.decompress(path.read_bytes()).decode("utf-8")
            pages.append((path.parent.name, {}, Rules(), html))
    return pages


def bs4_text(html: str, rules: Rules) -> str:
    """The baseline: BeautifulSoup's tree builder and get_text with a separator."""
    from bs4 import BeautifulSoup  # only for --bs4: not a dependency of the normalizer

    soup = BeautifulSoup(html, "lxml")
    for selector in rules.remove:
        for el in soup.select(selector):
            el.decompose()
    roots = [el for s in rules.select for el in soup.select(s)] if rules.select else [soup]
    return "\n".join(root.get_text("\n") for root in roots)


def timed(fn: Callable[[str, Rules], object], pages: list, repeat: int) -> list[float]:
    """Per-page seconds, the best of `repeat` passes for each page."""
    best = [float("inf")] * len(pages)
    for _ in range(repeat):
        for i, (_, _, rules, html) in enumerate(pages):
            start = time.perf_counter()
            fn(html, rules)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def report(name: str, pages: list, seconds: list[float]) -> None:
    mb = sum(len(html.encode()) for *_, html in pages) / 1e6
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"{name}: {len(pages)} pages, {mb:.1f} MB, {mb / sum(seconds):.1f} MB/s, "
        f"per page median {statistics.median(ms):.2f} ms, p90 {ms[int(len(ms) * 0.9)]:.2f} ms, "
        f"max {ms[-1]:.2f} ms"
    )


def false_differences(pages: list) -> list[str]:
    """Steps labelled text_changed=false whose text differs from the last step with a match."""
    found = []
    previous: dict[str, str] = {}
    for seq, step, rules, html in pages:
        result = normalize(html, "text/html", rules)
        if step.get("selector_missing"):
            continue  # compared with the last step that matched, as the labels are
        if seq in previous and not step.get("text_changed", True) and result.text != previous[seq]:
            found.append(f"{seq} step {step['n']}")
        previous[seq] = result.text
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best time counts")
    parser.add_argument("--bs4", action="store_true", help="also time the BeautifulSoup baseline")
    args = parser.parse_args()
    pages = load(args.corpus)
    if not pages:
        parser.error(f"no pages under {args.corpus / 'replay' / 'steps'}")
    report("normalize", pages, timed(lambda h, r: normalize(h, "text/html", r), pages, args.repeat))
    if args.bs4:
        report("bs4+get_text", pages, timed(bs4_text, pages, args.repeat))
    if any(step for _, step, _, _ in pages):
        found = false_differences(pages)
        print(f"false differences (text_changed=false but text differs): {len(found)}")
        for where in found:
            print(f"  {where}")


if __name__ == "__main__":
    main()
