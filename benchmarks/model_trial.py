"""Would a statistical second opinion beat the rules? A trial, scored held out by service group.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/model_trial.py [CORPUS]

Trains logistic regressions on the dev side of the labelled clause sets (see
benchmarks/clauses.py) and scores them on the held-out side, for the binary decision "is
AI-training language":

* character 3-5-grams alone (hashed, 2^18 features), at several regularizations and
  thresholds;
* the same n-grams plus the rules' own outputs (topic, cue kinds, confidence);
* the rules OR the n-gram model above a threshold (the model rescuing what the rules miss).

It prints precision and recall of each next to the rules'; docs/decisions/0012 records what
it measured and why the rules stay alone. Deterministic (liblinear-free lbfgs, fixed data).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from clauses import POSITIVE, default_corpus, load
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

from watcher.detect.classify import analyse

TOPICS = ["user_data_training", "third_party_training_ban", "ai_other", "none"]
KINDS = ["training", "ai_term", "negation", "condition", "ban", "data", "scope", "actor"]


def _prf(pred: np.ndarray, gold: np.ndarray) -> str:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    return f"P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f}"


def main() -> int:
    """Train on dev, score on held out, print the table."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default_corpus()
    rows = load(corpus if corpus.exists() else None)
    dev = [r for r in rows if r["split"] == "dev"]
    held = [r for r in rows if r["split"] == "heldout"]
    ngrams = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=2**18, alternate_sign=False
    )

    def rules(rs: list[dict]) -> np.ndarray:
        out = []
        for r in rs:
            a = analyse(r["text"])
            out.append(
                [float(str(a.topic) == t) for t in TOPICS]
                + [float(any(c.kind == k for c in a.cues)) for k in KINDS]
                + [a.confidence]
            )
        return np.array(out)

    y_dev = np.array([r["topic"] in POSITIVE for r in dev])
    y_held = np.array([r["topic"] in POSITIVE for r in held])
    n_dev, n_held = (
        ngrams.transform([r["text"] for r in dev]),
        ngrams.transform([r["text"] for r in held]),
    )
    r_dev, r_held = rules(dev), rules(held)
    by_rules = r_held[:, 0].astype(bool) | r_held[:, 1].astype(bool)
    print(f"{len(dev)} dev passages, {len(held)} held out ({int(y_held.sum())} positive)")
    print(f"rules alone                         {_prf(by_rules, y_held)}")
    for c in (1.0, 10.0, 30.0):
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        p = model.fit(n_dev, y_dev).predict_proba(n_held)[:, 1]
        for threshold in (0.5, 0.7, 0.9):
            print(
                f"n-grams C={c:<4} p>={threshold}            {_prf(p >= threshold, y_held)}"
                f"   rules OR model: {_prf(by_rules | (p >= threshold), y_held)}"
            )
        both = hstack([n_dev, csr_matrix(r_dev)]).tocsr()
        p = model.fit(both, y_dev).predict_proba(hstack([n_held, csr_matrix(r_held)]))[:, 1]
        print(f"n-grams + rule cues C={c:<4} p>=0.5    {_prf(p >= 0.5, y_held)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
