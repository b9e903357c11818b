"""Score the AI-training clause detector on the labelled clause sets, dev and held out.

    python benchmarks/clauses.py [CORPUS] [--json] [--errors] [--heldout-errors]
                                 [--only dev|heldout]

Passages (every one classified by `watcher.detect.classify` *without* its gold language, as
the daemon would):

* CORPUS/clauses/dev*.jsonl — the shared clause dev set (by default ../shared/corpus; skipped
  when absent), on which the rules were first written: all `dev`;
* tests/data/clauses/wild.jsonl and authored.jsonl — the project's own labelled set, each
  passage with its `split` (see benchmarks/clauseset.py and tests/data/clauses/README.md):
  `heldout` passages come from service groups the rules were never written on.

Figures, for the dev side and the held-out side apart (the held-out ones are the ones to
quote):

* binary "is AI-training language" (topic in user_data_training / third_party_training_ban):
  precision, recall, F1; recall and topic accuracy per language (en fr de es it pt nl, the
  rest as "other");
* stance accuracy = among passages whose gold AND predicted topic are user_data_training, the
  share whose predicted stance equals the gold stance; also end to end (over every gold
  user_data_training passage, a wrong topic counting as a wrong stance); and per stance,
  precision and recall end to end;
* per-topic precision / recall / F1 and the confusion matrix (rows gold, columns predicted);
* language identification accuracy (on the seven languages); scan() time of a 60 KB
  document, of 1 MB of real policy text (wild-corpus documents end to end), and of hostile
  passages (20,000 dots or question marks …) that a quadratic regular expression would stall
  on.

The detector is scored as it ships, the statistical second opinion included; --rules-only
scores the rules alone. --errors lists the dev side's misclassified passages;
--heldout-errors the held-out side's (reading them is how a held-out set stops being one:
look only to report, not to tune).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.detect import classify, compare, scan
from watcher.detect.classify import _analyse

TOPICS = ["user_data_training", "third_party_training_ban", "ai_other", "none"]
POSITIVE = {"user_data_training", "third_party_training_ban"}
LANGS = ["en", "fr", "de", "es", "it", "pt", "nl"]
STANCES = ["allowed", "opt_out", "consent", "not_allowed"]
OWN = Path(__file__).resolve().parent.parent / "tests" / "data" / "clauses"


def default_corpus() -> Path:
    """../shared/corpus relative to the repository root."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load(corpus: Path | None) -> list[dict]:
    """Every labelled passage: the shared dev set (split `dev`) and the project's own set."""
    rows = []
    files = sorted((corpus / "clauses").glob("dev*.jsonl")) if corpus else []
    for file in files:
        with file.open(encoding="utf-8") as handle:
            rows += [{**json.loads(line), "split": "dev"} for line in handle if line.strip()]
    for name in ("wild.jsonl", "authored.jsonl"):
        if (OWN / name).exists():
            with (OWN / name).open(encoding="utf-8") as handle:
                rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def predict(rows: list[dict], second_opinion: bool = True) -> list[dict]:
    """Rows with the prediction added under `pred`."""
    out = []
    for row in rows:
        c = classify(row["text"], second_opinion=second_opinion)
        pred = {"topic": str(c.topic), "stance": c.stance and str(c.stance), "lang": c.lang}
        out.append({**row, "pred": pred})
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn}


def score(rows: list[dict]) -> dict:
    """Every figure of the module docstring for predicted rows."""
    gold_pos = [r["topic"] in POSITIVE for r in rows]
    pred_pos = [r["pred"]["topic"] in POSITIVE for r in rows]
    tp = sum(g and p for g, p in zip(gold_pos, pred_pos, strict=True))
    fp = sum(p and not g for g, p in zip(gold_pos, pred_pos, strict=True))
    fn = sum(g and not p for g, p in zip(gold_pos, pred_pos, strict=True))
    result: dict = {"n": len(rows), "binary": _prf(tp, fp, fn)}

    per_lang = {}
    for lang in [*LANGS, "other"]:
        sub = [r for r in rows if (r["lang"] if r["lang"] in LANGS else "other") == lang]
        if not sub:
            continue
        pos = [r for r in sub if r["topic"] in POSITIVE]
        entry: dict = {"n": len(sub), "positives": len(pos)}
        if pos:
            found = sum(r["pred"]["topic"] in POSITIVE for r in pos)
            entry["binary_recall"] = round(found / len(pos), 3)
        entry["topic_accuracy"] = round(
            sum(r["pred"]["topic"] == r["topic"] for r in sub) / len(sub), 3
        )
        per_lang[lang] = entry
    result["per_language"] = per_lang

    udt = [r for r in rows if r["topic"] == "user_data_training"]
    both = [r for r in udt if r["pred"]["topic"] == "user_data_training"]
    right = sum(r["pred"]["stance"] == r["stance"] for r in both)
    result["stance"] = {
        "accuracy": round(right / len(both), 3) if both else 0.0,
        "n": len(both),
        "end_to_end": round(right / len(udt), 3) if udt else 0.0,
        "n_gold": len(udt),
    }

    result["topics"] = {
        t: _prf(
            sum(r["topic"] == t and r["pred"]["topic"] == t for r in rows),
            sum(r["topic"] != t and r["pred"]["topic"] == t for r in rows),
            sum(r["topic"] == t and r["pred"]["topic"] != t for r in rows),
        )
        for t in TOPICS
    }
    result["per_stance"] = {}
    for stance in STANCES:
        gold = [r for r in udt if r["stance"] == stance]
        predicted = [
            r
            for r in rows
            if r["pred"]["topic"] == "user_data_training" and r["pred"]["stance"] == stance
        ]
        hits = sum(r["topic"] == "user_data_training" and r["stance"] == stance for r in predicted)
        result["per_stance"][stance] = _prf(hits, len(predicted) - hits, len(gold) - hits)
    confusion = Counter((r["topic"], r["pred"]["topic"]) for r in rows)
    result["confusion"] = {g: {p: confusion[(g, p)] for p in TOPICS} for g in TOPICS}
    stances = Counter((r["stance"], r["pred"]["stance"]) for r in both)
    result["stance_confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(stances.items())}
    known = [r for r in rows if r["lang"] in LANGS]
    result["language_accuracy"] = round(
        sum(r["pred"]["lang"] == r["lang"] for r in known) / max(1, len(known)), 3
    )
    return result


def errors(rows: list[dict]) -> list[dict]:
    """Passages whose topic or (for user_data_training) stance is wrong."""
    out = []
    for r in rows:
        wrong_topic = r["pred"]["topic"] != r["topic"]
        wrong_stance = r["topic"] == "user_data_training" and r["pred"]["stance"] != r["stance"]
        if wrong_topic or wrong_stance:
            out.append(
                {
                    "id": r["id"],
                    "gold": f"{r['topic']}/{r['stance']}" if r["stance"] else r["topic"],
                    "predicted": (
                        f"{r['pred']['topic']}/{r['pred']['stance']}"
                        if r["pred"]["stance"]
                        else r["pred"]["topic"]
                    ),
                    "lang": r["lang"],
                    "text": r["text"][:160],
                }
            )
    return out


def scan_speed(rows: list[dict], size: int = 60_000) -> float:
    """Milliseconds for scan() of a ~60 KB document built from the corpus passages."""
    parts, total = [], 0
    while total < size:
        for r in rows:
            parts.append(r["text"])
            total += len(r["text"]) + 2
            if total >= size:
                break
    document = "\n\n".join(parts) + "\n"
    scan(document)  # compile the patterns
    _analyse.cache_clear()  # and time the passages as if never seen
    start = time.perf_counter()
    scan(document)
    return round((time.perf_counter() - start) * 1000, 1)


def big_document(corpus: Path | None, size: int = 1_000_000) -> tuple[str, str]:
    """About `size` characters of real policy text: wild-corpus documents laid end to end
    (all AI-related passages of a real policy included), or the labelled passages repeated
    when the corpus is absent."""
    parts, total, source = [], 0, "the labelled passages, repeated"
    files = sorted((corpus / "wild").rglob("*.md")) if corpus else []
    for file in files:
        text = file.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text)
        source = f"{len(parts)} wild-corpus documents end to end"
        if total >= size:
            break
    if total < size:
        rows = load(None)
        while total < size:
            for r in rows:
                parts.append(r["text"])
                total += len(r["text"]) + 2
    return "\n\n".join(parts)[:size] + "\n", source


def hostile_documents() -> dict[str, str]:
    """Passages that cost quadratic time to a careless regular expression, 20,000 marks long."""
    clause = "We may use your content to train our AI models"
    return {
        "20,000 dots": f"{clause} " + "." * 20_000 + " and more.",
        "20,000 question marks": f"{clause} " + "?" * 20_000 + " And more.",
        "10,000 '. '": f"{clause} " + ". " * 10_000,
        "10,000 'Mr. '": f"{clause} " + "Mr. " * 10_000,
        "20,000 '('": f"{clause} " + "(" * 20_000,
        "10,000 words, no stop": f"{clause} " + "data " * 10_000,
    }


def compare_speed(n: int = 1000) -> dict[str, float]:
    """Milliseconds of compare() between two versions of `n` findings each: every clause
    unchanged, and a third of them reworded (stance changed)."""
    clauses = [
        f"We may use your content number {i} to train our AI models for product {i}."
        for i in range(n)
    ]
    old = scan("\n\n".join(clauses))
    reworded = scan(
        "\n\n".join(
            c.replace("may use", "do not use") if i % 3 == 0 else c for i, c in enumerate(clauses)
        )
    )
    out = {}
    for name, new in (("unchanged", old), ("a third reworded", reworded)):
        start = time.perf_counter()
        compare(old, new)
        out[name] = round((time.perf_counter() - start) * 1000, 1)
    return out


def timed_scan(text: str) -> float:
    """Milliseconds of one scan() of `text`, nothing cached."""
    _analyse.cache_clear()
    start = time.perf_counter()
    scan(text)
    return round((time.perf_counter() - start) * 1000, 1)


def render(name: str, s: dict) -> str:
    """A human-readable report of one score."""
    b = s["binary"]
    lines = [
        f"== {name}: {s['n']} passages",
        f"binary AI-training  precision {b['precision']:.3f}  recall {b['recall']:.3f}"
        f"  f1 {b['f1']:.3f}  (positives {b['support']})",
        f"stance accuracy     {s['stance']['accuracy']:.3f} on {s['stance']['n']} passages"
        f" gold & predicted user_data_training;  end to end {s['stance']['end_to_end']:.3f}"
        f" on {s['stance']['n_gold']}",
        f"language id         {s['language_accuracy']:.3f}",
        "per language:",
    ]
    for lang, e in s["per_language"].items():
        recall = (
            f"binary recall {e['binary_recall']:.3f}" if "binary_recall" in e else "no positive"
        )
        lines.append(
            f"  {lang}  n={e['n']:<4} positives={e['positives']:<4} {recall:<22}"
            f" topic accuracy {e['topic_accuracy']:.3f}"
        )
    lines.append("per stance (end to end): precision  recall   f1     support")
    for st, m in s["per_stance"].items():
        lines.append(
            f"  {st:<24} {m['precision']:.3f}    {m['recall']:.3f}   {m['f1']:.3f}  {m['support']}"
        )
    lines.append("per topic:              precision  recall   f1     support")
    for t, m in s["topics"].items():
        lines.append(
            f"  {t:<24} {m['precision']:.3f}    {m['recall']:.3f}   {m['f1']:.3f}  {m['support']}"
        )
    lines.append("confusion (rows gold, columns predicted): " + " / ".join(TOPICS))
    for g in TOPICS:
        row = " ".join(f"{s['confusion'][g][p]:>5}" for p in TOPICS)
        lines.append(f"  {g:<24} {row}")
    if s["stance_confusion"]:
        pairs = ", ".join(f"{k}: {v}" for k, v in s["stance_confusion"].items())
        lines.append(f"stances (gold->predicted): {pairs}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = default_corpus()
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=default if default.exists() else None
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list the dev side's errors")
    parser.add_argument(
        "--heldout-errors", action="store_true", help="list the held-out side's errors (to report)"
    )
    parser.add_argument("--only", choices=["dev", "heldout"], help="score one side only")
    parser.add_argument(
        "--rules-only", action="store_true", help="without the statistical second opinion"
    )
    args = parser.parse_args(argv)

    rows = load(args.corpus)
    if not rows:
        parser.error("no labelled passages found")
    rows = predict(rows, second_opinion=not args.rules_only)
    sides = [args.only] if args.only else ["dev", "heldout"]
    report: dict = {side: score([r for r in rows if r["split"] == side]) for side in sides}
    report["scan_ms_60kb"] = scan_speed(rows)
    document, source = big_document(args.corpus)
    report["scan_1mb"] = {"ms": timed_scan(document), "source": source}
    report["hostile_ms"] = {name: timed_scan(text) for name, text in hostile_documents().items()}
    report["compare_1000_ms"] = compare_speed()
    if args.errors:
        report["errors"] = errors([r for r in rows if r["split"] == "dev"])
    if args.heldout_errors:
        report["heldout_errors"] = errors([r for r in rows if r["split"] == "heldout"])

    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    names = {
        "dev": "dev (the groups the rules were written on)",
        "heldout": "HELD OUT (service groups never looked at while writing rules)",
    }
    for side in sides:
        print(render(names[side], report[side]))
        print()
    print(
        f"scan() of a 60 KB document made only of these passages (none seen before): "
        f"{report['scan_ms_60kb']} ms"
    )
    big = report["scan_1mb"]
    print(f"scan() of 1 MB of policy text ({big['source']}): {big['ms']} ms")
    print(
        "scan() of hostile passages: "
        + ", ".join(f"{k} {v} ms" for k, v in report["hostile_ms"].items())
    )
    print(
        "compare() of two versions of 1,000 findings each: "
        + ", ".join(f"{k} {v} ms" for k, v in report["compare_1000_ms"].items())
    )
    for key in ("errors", "heldout_errors"):
        if key in report:
            print()
            print(f"== {key.replace('_', ' ')} ({len(report[key])})")
            for e in report[key]:
                print(
                    f"{e['id']}  [{e['lang']}]  gold {e['gold']:<32} predicted "
                    f"{e['predicted']:<32}  {e['text']}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
