"""Detect: AI-training language in policy text, and how it changed between two versions.

Pure: text in, values out; no clock, no configuration, no I/O but reading the second
opinion's weights shipped inside the package. The rules are explainable — every
classification and finding carries the cues that made it (see classify.py for the decision,
relations.py for how words are linked, reading.py for how a passage is read, lexicon.py and
`watcher.languages` for the words of each language, second_opinion.py for the statistical
model asked where the rules find nothing).

* `detect_language(text)` — a code of `watcher.languages` (en, fr, de, es, it, pt, nl);
* `passages(text)` — (start, end) spans of the passages of canonical document text;
* `classify(text, lang=None)` — one passage -> topic, stance, language, confidence, cues;
* `scan(text)` — a document -> findings (user_data_training, third_party_training_ban);
* `compare(old, new)` — two versions' findings -> AIChange, or None when the terms did not
  change (scope.py: whether one clause now reaches further or less far).
"""

from __future__ import annotations

from watcher.detect.classify import classify
from watcher.detect.compare import compare
from watcher.detect.language import detect_language
from watcher.detect.passages import passages
from watcher.detect.scan import scan

__all__ = ["classify", "compare", "detect_language", "passages", "scan"]
