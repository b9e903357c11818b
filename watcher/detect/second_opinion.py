"""A statistical second opinion on passages the rules do not take for AI-training language.

A logistic regression over the passage's character 3-5-grams (counted within words, as
scikit-learn's `char_wb` analyzer counts them, then scaled to unit length), trained by
`benchmarks/train_second_opinion.py` on the dev side of the labelled clause sets and shipped
as `second_opinion.json.gz` beside this module: its n-grams and weights, its intercept and
the threshold it is used at. No download, no randomness; the same passage always gets the
same probability.

It is asked only when the rules find nothing, and it decides only above a high threshold
(docs/decisions/0012-languages-and-held-out-figures.md says what it measured): it rescues
AI-training passages the rules miss ("we will use voice recordings to inform training"),
and says so — the finding carries a cue of kind "model" on the word that weighed most.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat

NGRAMS = (3, 4, 5)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Opinion:
    """The model's probability that a passage is AI-training language, and its best word."""

    probability: float
    word: tuple[int, int]  # (start, end) of the word that weighed most for it, when decided
    decided: bool  # probability at or above the model's threshold


@dataclass(frozen=True)
class _Model:
    weights: dict[str, float]
    intercept: float
    threshold: float


def features(text: str) -> dict[str, float]:
    """The passage's character n-grams within words, each word padded with a space on either
    side, counted and scaled to unit length (scikit-learn's char_wb with l2 norm)."""
    counts = _counts(text)
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {gram: v / norm for gram, v in counts.items()}


def _counts(text: str) -> Counter[str]:
    return Counter(gram for word in _WORD.findall(text.lower()) for gram in _grams(word))


def _grams(word: str) -> list[str]:
    padded = f" {word} "
    size = len(padded)
    if size <= NGRAMS[0]:
        return [padded]  # a short word counts once, whole
    out = [padded[i : i + n] for n in NGRAMS if n < size for i in range(size - n + 1)]
    if size <= NGRAMS[-1]:
        out.append(padded)  # as long as an n-gram: once more, whole (as char_wb counts it)
    return out


def opinion(text: str) -> Opinion:
    """The second opinion on one passage (see the module docstring)."""
    model = _model()
    grams = [gram for word in _WORD.findall(text.lower()) for gram in _grams(word)]
    # sum(w * count) / |counts| without building the feature vector: the same number.
    norm = math.hypot(*Counter(grams).values()) or 1.0
    score = model.intercept + math.fsum(map(model.weights.get, grams, repeat(0.0))) / norm
    probability = 1.0 / (1.0 + math.exp(-score))
    decided = probability >= model.threshold
    return Opinion(probability, _best_word(text, model) if decided else (0, 0), decided)


def _best_word(text: str, model: _Model) -> tuple[int, int]:
    best, span = -math.inf, (0, 0)
    for m in _WORD.finditer(text):
        weight = sum(model.weights.get(g, 0.0) for g in _grams(m.group().lower()))
        if weight > best:
            best, span = weight, m.span()
    return span


@cache
def _model() -> _Model:
    """The shipped weights, read on first use."""
    raw = resources.files(__package__).joinpath("second_opinion.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return _Model(data["weights"], data["intercept"], data["threshold"])
