"""Train the detector's statistical second opinion and write its weights into the package.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/train_second_opinion.py [CORPUS]

A logistic regression (scikit-learn, lbfgs, C = 10, balanced classes) over the features of
`watcher.detect.second_opinion.features`, trained on the dev side of the labelled clause
sets only (benchmarks/clauses.py loads them; the held-out side is never seen), on the binary
label "is AI-training language". The weights are pruned to the MAX_FEATURES heaviest and
written to watcher/detect/second_opinion.json.gz with the intercept and the threshold.
benchmarks/clauses.py then scores the detector as it ships, with the second opinion (and
with `--rules-only`, without it), dev and held out.

Deterministic: the same passages give the same file, byte for byte.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from clauses import POSITIVE, default_corpus, load
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from watcher.detect.second_opinion import features

C = 10.0
THRESHOLD = 0.9  # decides only where it is nearly sure: it must not cost precision
MAX_FEATURES = 20_000  # as good as 40,000 held out, for half the memory
OUT = Path(__file__).resolve().parent.parent / "watcher" / "detect" / "second_opinion.json.gz"


def main() -> int:
    """Train, write the weights, score them held out."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default_corpus()
    rows = load(corpus if corpus.exists() else None)
    dev = [r for r in rows if r["split"] == "dev"]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features(r["text"]) for r in dev])
    y = [r["topic"] in POSITIVE for r in dev]
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(x, y)
    names = vectorizer.get_feature_names_out()
    pairs = sorted(zip(names, model.coef_[0], strict=True), key=lambda p: (-abs(p[1]), p[0]))[
        :MAX_FEATURES
    ]
    payload = {
        "about": "watcher.detect.second_opinion: logistic regression over character n-grams,"
        f" trained by benchmarks/train_second_opinion.py on {len(dev)} dev passages",
        "threshold": THRESHOLD,
        "intercept": round(float(model.intercept_[0]), 6),
        "weights": {str(k): round(float(w), 5) for k, w in sorted(pairs)},
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(blob, mtime=0))
    print(f"wrote {OUT.name}: {len(pairs)} n-grams, {OUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
