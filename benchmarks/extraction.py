"""Main-content extraction without `select`: Watcher's rule against trafilatura and readability.

    python benchmarks/extraction.py [CORPUS] [--only NAME ...] [--sample K]

CORPUS is the shared corpus (default: ../shared/corpus next to the repository); its replay pages
(Open Terms Archive data, ODC-By 1.0) go through each extractor with no rules. The reference is
Watcher's text with the manifest's select/remove (0 false, 0 missed in replay.py). Outputs are
laid out by Watcher's own walker, so only the choice of content differs. Per extractor:

* false alerts: text_changed=false steps whose text differs from the previous step's with a
  substantive diff or an AI change (what replay.py alerts on); "differs": any difference;
* changes: text_changed steps whose text differs; edits: share of the reference's added and
  removed sentences that the output adds/removes too (real edits only);
* AI events: ai_event steps with an AI change; false AI: AI changes elsewhere;
* coverage: share of the reference's words (multiset) and sentences in the output (mean, worst
  page); noise: share of the output's words not in the reference;
* AI passages: distinct passages `watcher.detect.scan` finds in the reference, kept verbatim on
  every page where the reference has them;
* determinism: a second pass in reverse order, and every K-th page in a child process with
  another PYTHONHASHSEED, give the same text; CPU ms per page: process time, best of 2.

The libraries are in the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

from normalize_speed import load  # noqa: E402
from replay import print_table  # noqa: E402

from watcher.detect import compare  # noqa: E402
from watcher.detect import scan as _scan  # noqa: E402
from watcher.diff import compute  # noqa: E402
from watcher.models import Rules  # noqa: E402
from watcher.normalize import normalize  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
CHILD_HASHSEED = "4242"  # any fixed seed; the parent's is random unless PYTHONHASHSEED is set
_MARKER = re.compile(r"^(?:#{1,6} |- )", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_WORD = re.compile(r"\w+")
scan = functools.cache(_scan)  # the same texts come back for every extractor


def layout(html: str | None) -> str:
    """An extractor's HTML output as canonical text, laid out like Watcher's own."""
    return normalize(html, "text/html", Rules(select=("body",))).text if html else ""


def ours(html: str) -> str:
    return normalize(html, "text/html", Rules()).text


# Precision and determinism: no comments, links or images; tables kept; no deduplication cache
# (it would make a page's text depend on the pages extracted before it).
TRAFILATURA = dict(include_tables=True, include_comments=False, include_images=False)
TRAFILATURA |= dict(include_links=False, deduplicate=False, with_metadata=False)


def trafilatura_extractor(precision: bool) -> Callable[[str], str]:
    import trafilatura

    def run(html: str) -> str:
        out = trafilatura.extract(
            html, output_format="html", favor_precision=precision, **TRAFILATURA
        )
        return layout(out)

    return run


def readability_extractor(html: str) -> str:
    from readability import Document
    from readability.readability import Unparseable

    try:
        return layout(Document(html).summary(html_partial=True))
    except Unparseable:
        return ""


EXTRACTORS: dict[str, Callable[[], Callable[[str], str]]] = {
    "watcher": lambda: ours,
    "trafilatura": lambda: trafilatura_extractor(precision=True),
    "trafilatura-default": lambda: trafilatura_extractor(precision=False),
    "readability": lambda: readability_extractor,
}


def flat(text: str) -> str:
    return " ".join(_MARKER.sub("", text).split())


@functools.cache  # many steps have the same text: count it once
def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


@functools.cache
def sentences(text: str) -> frozenset[str]:
    lines = _MARKER.sub("", text).splitlines()
    return frozenset(s for line in lines for s in _SENTENCE_END.split(line.strip()) if s)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_all(pages: list, extract: Callable[[str], str]) -> tuple[list[str], list[float], int]:
    """Outputs, per-page CPU seconds (better of two passes), and repeat mismatches."""
    outs, cpu = [""] * len(pages), [0.0] * len(pages)
    mismatches = 0
    for n, order in enumerate((range(len(pages)), reversed(range(len(pages))))):
        for i in order:
            t = time.process_time()
            text = extract(pages[i][3])
            dt = time.process_time() - t
            if n == 0:
                outs[i], cpu[i] = text, dt
            else:
                mismatches += text != outs[i]
                cpu[i] = min(cpu[i], dt)
    return outs, cpu, mismatches


def child_digests(corpus: Path, names: list[str], sample: int) -> dict[str, list[str]]:
    """Digests of every `sample`-th page's output, from a child with another hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": CHILD_HASHSEED}
    cmd = [sys.executable, __file__, str(corpus), "--sample", str(sample), "--digests"]
    out = subprocess.run(
        [*cmd, "--only", *names], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def score(pages: list, refs: list[str], outs: list[str]) -> dict:
    """Stability, recall, coverage, noise and AI retention of one extractor's outputs."""
    s = Counter(dict.fromkeys(("empty", "false", "differs", "seen", "ai_hits", "ai_false"), 0))
    cov_w, cov_s, noise, edits = [], [], [], []
    passages: dict[tuple[str, str], bool] = {}
    for _, group in groupby(range(len(pages)), key=lambda i: pages[i][0]):
        idx = list(group)
        last_ref = None  # the last step whose selectors matched, as the labels compare
        for prev, i in zip([None, *idx], idx, strict=False):
            seq, step, ref, out = pages[i][0], pages[i][1], refs[i], outs[i]
            s["empty"] += not out
            if ref:
                rw, ow = words(ref), words(out)
                cov_w.append(sum((rw & ow).values()) / max(1, sum(rw.values())))
                rs, os_ = sentences(ref), sentences(out)
                cov_s.append(len(rs & os_) / max(1, len(rs)))
                noise.append(sum((ow - rw).values()) / max(1, sum(ow.values())))
                found = flat(out)
                for f in scan(ref):
                    key = (seq, flat(f.text))
                    passages[key] = passages.get(key, True) and key[1] in found
            if prev is not None:
                old = outs[prev]
                differs = out != old
                ai = compare(scan(old), scan(out)) if differs else None
                alert = differs and (ai is not None or compute(old, out).substantive)
                if step["text_changed"]:
                    s["changes"] += 1
                    s["seen"] += differs
                    if not step["noise_kind"] and last_ref is not None:
                        edits.append(edit_share(refs[last_ref], ref, old, out))
                else:
                    s["no_change"] += 1
                    s["differs"] += differs
                    s["false"] += alert
                if step["ai_event"]:
                    s["ai_events"] += 1
                    s["ai_hits"] += ai is not None
                else:
                    s["ai_false"] += ai is not None
            if ref:
                last_ref = i
    s["passages"], s["kept"] = len(passages), sum(passages.values())
    return {
        **s,
        "edits": statistics.mean(edits) if edits else 1.0,
        "cov_words": statistics.mean(cov_w),
        "cov_words_min": min(cov_w),
        "cov_sent": statistics.mean(cov_s),
        "cov_sent_min": min(cov_s),
        "noise": statistics.mean(noise),
    }


def edit_share(ref_old: str, ref_new: str, old: str, new: str) -> float:
    """Share of the reference's added and removed sentences that the output adds/removes too."""
    ro, rn, eo, en = map(sentences, (ref_old, ref_new, old, new))
    wanted = len(rn - ro) + len(ro - rn)
    got = len((rn - ro) & (en - eo)) + len((ro - rn) & (eo - en))
    return got / wanted if wanted else float(new != old)


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def report(results: dict[str, dict]) -> None:
    rows = {
        "false alerts (of no-change steps)": lambda r: (
            f"{r['false']} of {r['no_change']} ({pct(r['false'] / r['no_change'])})"
        ),
        "text differs on no-change steps": lambda r: f"{r['differs']} of {r['no_change']}",
        "changes seen": lambda r: f"{r['seen']} of {r['changes']}",
        "real edits: changed sentences seen": lambda r: pct(r["edits"]),
        "AI events / false AI": lambda r: f"{r['ai_hits']}/{r['ai_events']} / {r['ai_false']}",
        "coverage, words (worst page)": lambda r: (
            f"{pct(r['cov_words'])} ({pct(r['cov_words_min'])})"
        ),
        "coverage, sentences (worst page)": lambda r: (
            f"{pct(r['cov_sent'])} ({pct(r['cov_sent_min'])})"
        ),
        "noise (words not in reference)": lambda r: pct(r["noise"]),
        "AI passages kept": lambda r: f"{r['kept']} of {r['passages']}",
        "determinism: repeat / other process": lambda r: f"{r['repeat']} / {r['process']}",
        "CPU ms/page median (p90)": lambda r: f"{r['cpu_median']:.1f} ({r['cpu_p90']:.1f})",
        "pages with no text": lambda r: str(r["empty"]),
    }
    print_table(["", *results], [[k, *(f(r) for r in results.values())] for k, f in rows.items()])


def report_sequences(pages: list, refs: list[str], outputs: dict[str, list[str]]) -> None:
    """False alerts and coverage (words, sentences; mean over the pages) per sequence."""
    rows = []
    for seq in dict.fromkeys(p[0] for p in pages):
        idx = [i for i, p in enumerate(pages) if p[0] == seq]
        cells = []
        for outs in outputs.values():
            r = score([pages[i] for i in idx], [refs[i] for i in idx], [outs[i] for i in idx])
            cells.append(f"{r['false']}, {pct(r['cov_words'])}, {pct(r['cov_sent'])}")
        rows.append([seq, *cells])
    print_table(["false alerts, coverage words, sentences", *outputs], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", nargs="+", choices=list(EXTRACTORS), default=list(EXTRACTORS))
    parser.add_argument(
        "--sample", type=int, default=3, help="every K-th page for the other-process check"
    )
    parser.add_argument("--digests", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args(argv)
    if not (args.corpus / "replay" / "manifest.json").exists():
        print(f"Error: {args.corpus}/replay/manifest.json not found", file=sys.stderr)
        return 2
    pages = load(args.corpus)
    if args.digests:
        sampled = pages[:: args.sample]
        digests = {n: [digest(EXTRACTORS[n]()(p[3])) for p in sampled] for n in args.only}
        print(json.dumps(digests))
        return 0
    others = child_digests(args.corpus, args.only, args.sample)
    refs = [normalize(html, "text/html", rules).text for _, _, rules, html in pages]
    n_seq = len({p[0] for p in pages})
    print(f"{len(pages)} pages of {n_seq} sequences; reference: the manifest's selectors")
    results, outputs = {}, {}
    for name in args.only:
        outs, cpu, repeat = run_all(pages, EXTRACTORS[name]())
        outputs[name] = outs
        ms = sorted(c * 1000 for c in cpu)
        results[name] = score(pages, refs, outs) | {
            "repeat": repeat,
            "process": sum(
                digest(o) != d for o, d in zip(outs[:: args.sample], others[name], strict=True)
            ),
            "cpu_median": statistics.median(ms),
            "cpu_p90": ms[int(len(ms) * 0.9)],
        }
        print(f"  {name}: done", file=sys.stderr)
    print()
    report(results)
    print()
    report_sequences(pages, refs, outputs)
    print("\nData: Open Terms Archive (opentermsarchive.org), ODC-By 1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
