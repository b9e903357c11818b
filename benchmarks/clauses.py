"""Score the AI-training clause detector on the labelled clause corpus.

    python benchmarks/clauses.py [CORPUS] [--json] [--split] [--errors]

CORPUS is the corpus directory (holding clauses/dev.jsonl and clauses/dev_authored.jsonl) or a
.jsonl file; by default ../shared/corpus next to the repository. Every passage is classified
by `watcher.detect.classify` *without* its gold language, as the daemon would.

Figures:

* binary "is AI-training language" (topic in user_data_training / third_party_training_ban):
  precision, recall, F1; recall per language (topic accuracy for languages with no positive);
* stance accuracy = among passages whose gold AND predicted topic are user_data_training, the
  share whose predicted stance equals the gold stance; also end to end (over every gold
  user_data_training passage, a wrong topic counting as a wrong stance);
* per-topic precision / recall / F1 and the confusion matrix (rows gold, columns predicted);
* language identification accuracy, and scan() time of a 60 KB document.

--split scores two halves of the corpus separately, cut by corporate group (md5 of the group,
last byte even/odd), so that rules written while looking at one half can be checked on the
other; authored passages go with their language's half (by id parity).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.detect import classify, scan
from watcher.detect.classify import _analyse

TOPICS = ["user_data_training", "third_party_training_ban", "ai_other", "none"]
POSITIVE = {"user_data_training", "third_party_training_ban"}
LANGS = ["en", "fr", "de", "es", "it"]
# Services of one corporate group must fall in the same half (the test set is split that way).
GROUPS = {
    "AdSense": "google",
    "Blogger": "google",
    "Chrome and Chrome OS": "google",
    "Gmail": "google",
    "YouTube": "google",
    "Le Chat": "mistral",
    "Vibe": "mistral",
    "Match": "match",
    "OkCupid": "match",
    "Tinder": "match",
    "ArtStation": "epic",
    "Sketchfab": "epic",
    "App Store": "apple",
    "Apple": "apple",
}


def default_corpus() -> Path:
    """../shared/corpus relative to the repository root."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load(path: Path) -> list[dict]:
    """The labelled passages under `path` (a corpus directory or one .jsonl file)."""
    files = [path] if path.is_file() else sorted((path / "clauses").glob("dev*.jsonl"))
    if not files:
        files = sorted(path.glob("dev*.jsonl"))
    rows = []
    for file in files:
        with file.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def group_of(row: dict) -> str:
    """The corporate group of a passage's service (authored passages: their id)."""
    service = row.get("service")
    if not service:
        return row["id"]
    if service.startswith("Google"):
        return "google"
    return GROUPS.get(service, service.lower())


def half_of(row: dict) -> int:
    """0 or 1: which half of the corpus a passage belongs to."""
    return hashlib.md5(group_of(row).encode()).digest()[-1] % 2


def predict(rows: list[dict]) -> list[dict]:
    """Rows with the prediction added under `pred`."""
    out = []
    for row in rows:
        c = classify(row["text"])
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
    for lang in LANGS:
        sub = [r for r in rows if r["lang"] == lang]
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
    confusion = Counter((r["topic"], r["pred"]["topic"]) for r in rows)
    result["confusion"] = {g: {p: confusion[(g, p)] for p in TOPICS} for g in TOPICS}
    stances = Counter((r["stance"], r["pred"]["stance"]) for r in both)
    result["stance_confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(stances.items())}
    result["language_accuracy"] = round(
        sum(r["pred"]["lang"] == r["lang"] for r in rows) / len(rows), 3
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
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--split", action="store_true", help="also score the two halves")
    parser.add_argument("--errors", action="store_true", help="list the misclassified passages")
    args = parser.parse_args(argv)

    rows = load(args.corpus)
    if not rows:
        parser.error(f"no dev*.jsonl passages under {args.corpus}")
    rows = predict(rows)
    report: dict = {"overall": score(rows), "scan_ms_60kb": scan_speed(rows)}
    if args.split:
        for half in (0, 1):
            report[f"half_{half}"] = score([r for r in rows if _half(r) == half])
    if args.errors:
        report["errors"] = errors(rows)

    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(render("overall", report["overall"]))
    print(
        f"scan() of a 60 KB document made only of these passages (all AI-related, none seen "
        f"before): {report['scan_ms_60kb']} ms"
    )
    for half in (0, 1):
        if f"half_{half}" in report:
            print()
            print(
                render(f"half {half} (corporate groups, md5 parity {half})", report[f"half_{half}"])
            )
    if args.errors:
        print()
        print(f"== errors ({len(report['errors'])})")
        by_gold: dict[str, list[dict]] = defaultdict(list)
        for e in report["errors"]:
            by_gold[e["gold"]].append(e)
        for e in report["errors"]:
            print(
                f"{e['id']}  [{e['lang']}]  gold {e['gold']:<32} predicted {e['predicted']:<32}"
                f"  {e['text']}"
            )
    return 0


def _half(row: dict) -> int:
    if row.get("source", {}).get("dataset") == "authored":
        return int(row["id"].rsplit("-", 1)[-1]) % 2
    return half_of(row)


if __name__ == "__main__":
    raise SystemExit(main())
