"""How long `watcher.diff` takes on real version pairs, full rewrites included.

Usage: python benchmarks/diff_speed.py [CORPUS]   (default: ../shared/corpus next to the repo)

For every replay sequence of the corpus it extracts the text of each step (with
`watcher.normalize` when it is importable, else a crude lxml extraction), then times
`compute()` and the three renderers on:

* every pair of consecutive distinct texts (the changes a watcher really sees);
* the first against the last text of each sequence (years of edits at once);
* each last text against a synthetic full rewrite of itself: every block's words
  shuffled (same words, new order: the slowest case for a word diff), and every word
  replaced (nothing in common).

Each figure is the best of a few runs of one pair; the table gives the max and the median
over the pairs of a kind, in milliseconds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import lxml.html
from lxml.cssselect import CSSSelector

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from watcher.diff import compute, render_html, render_markdown, render_text  # noqa: E402
from watcher.models import Rules  # noqa: E402

try:
    from watcher.normalize import normalize
except ImportError:  # the normalizer is not written yet: fall back to crude_text()
    normalize = None

RUNS = 3  # best of RUNS per pair, to keep scheduler noise out of the figures
EXCERPT_CHARS = 3000  # the notifier's default excerpt size
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd", "pre"}
_BLOCK_TAGS |= {"blockquote", "div", "section", "article", "td", "th", "ul", "ol", "table"}


def crude_text(html: str, select: list[str], remove: list[str]) -> str:
    """Leaf block elements' text, one block each, joined by blank lines."""
    root = lxml.html.fromstring(html)
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    for selector in remove:
        for element in CSSSelector(selector)(root):
            element.drop_tree()
    roots = [el for selector in select for el in CSSSelector(selector)(root)] or [root]
    blocks = []
    for top in roots:
        for element in top.iter():
            if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
                continue
            inner = (c.tag for c in element.iterdescendants() if isinstance(c.tag, str))
            if any(tag in _BLOCK_TAGS for tag in inner):
                continue  # not a leaf block: its inner blocks come out one by one
            text = " ".join(element.text_content().split())
            if text:
                level = element.tag[1] if re.fullmatch(r"h\d", element.tag) else ""
                marker = "#" * int(level) + " " if level else "- " if element.tag == "li" else ""
                blocks.append(marker + text)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def step_text(path: Path, select: list[str], remove: list[str]) -> str:
    body = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    if normalize is None:
        return crude_text(body, select, remove)
    try:
        return normalize(body, "text/html", Rules(tuple(select), tuple(remove))).text
    except Exception:  # a selector that matches nothing, say: that step has no text
        return ""


def rewrite(text: str, seed: int, *, replace: bool) -> str:
    """The same blocks with their words shuffled, or every word swapped for a made-up one."""
    rng = random.Random(seed)
    blocks = []
    for block in text.split("\n\n"):
        words = block.split()
        if replace:
            words = ["".join(rng.choice("bcdfgklmnprstvz") for _ in range(len(w))) for w in words]
        else:
            rng.shuffle(words)
        blocks.append(" ".join(words))
    return "\n\n".join(blocks) + "\n"


def best_ms(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def render_all(diff) -> None:
    for render in (render_text, render_markdown, render_html):
        render(diff)
        render(diff, max_chars=EXCERPT_CHARS)


def _row(label: str, computes: list[float], renders: list[float]) -> None:
    print(
        f"{label:<22}{len(computes):>4}{max(computes):>13.1f}{statistics.median(computes):>8.1f}"
        f"{max(renders):>12.1f}{statistics.median(renders):>8.1f}"
    )


def main() -> int:
    default = REPO.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    corpus = parser.parse_args().corpus
    if not (corpus / "replay" / "manifest.json").exists():
        parser.error(f"no replay/manifest.json under {corpus}")
    manifest = json.loads((corpus / "replay" / "manifest.json").read_text())
    print(f"text extraction: {'watcher.normalize' if normalize else 'crude lxml fallback'}")

    pairs: dict[str, list[tuple[str, str, str]]] = {
        "consecutive": [],
        "first-vs-last": [],
        "shuffled": [],
        "replaced": [],
    }
    for seq in manifest["sequences"]:
        texts = []
        for step in seq["steps"]:
            text = step_text(corpus / "replay" / step["file"], seq["select"], seq["remove"])
            if text and (not texts or text != texts[-1]):
                texts.append(text)
        if not texts:
            continue  # no step had text (selectors that match nothing)
        name = seq["id"]
        pairs["consecutive"] += [(name, a, b) for a, b in pairwise(texts)]
        pairs["first-vs-last"].append((name, texts[0], texts[-1]))
        pairs["shuffled"].append((name, texts[-1], rewrite(texts[-1], 1, replace=False)))
        pairs["replaced"].append((name, texts[-1], rewrite(texts[-1], 1, replace=True)))
        blocks = texts[-1].count("\n\n") + 1
        size = f"last {len(texts[-1])} chars, {blocks} blocks"
        print(f"  {name}: {len(texts)} distinct texts, {size}")

    print(f"\n{'pairs':<22}{'n':>4}{'compute max':>13}{'median':>8}{'render max':>12}{'median':>8}")
    slowest = (0.0, "")
    for kind, items in pairs.items():
        computes, renders = [], []
        for name, old, new in items:
            diff = compute(old, new)
            assert compute(old, new) == diff, "compute() is not deterministic"
            computes.append(best_ms(lambda old=old, new=new: compute(old, new)))
            renders.append(best_ms(lambda diff=diff: render_all(diff)))
            slowest = max(slowest, (computes[-1], f"{kind} {name}"))
        _row(kind, computes, renders)
        if kind == "consecutive":  # one line per sequence: language flips dominate the median
            for seq_id in dict.fromkeys(name for name, _, _ in items):
                mine = [k for k, (name, _, _) in enumerate(items) if name == seq_id]
                _row(f"  {seq_id}", [computes[k] for k in mine], [renders[k] for k in mine])
    print(f"\nslowest compute(): {slowest[0]:.1f} ms ({slowest[1]})")
    print(f"render = text + markdown + html, each whole and with max_chars={EXCERPT_CHARS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
