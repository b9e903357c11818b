"""Random hostile documents through the pure stages, each under a time limit.

Hypothesis builds documents from the pieces that make regular expressions and parsers work
hard — long runs of dots, question marks, brackets, hyphens at line ends, '@', URLs, control
characters, unclosed tags, AI and training words, dates, list markers — and runs the
normalizer, the detector (scan and compare), the date reader, the diff and the soft-failure
judgement on them. Each example must finish within its deadline (a quadratic expression on
inputs this long takes seconds) and return a value of the right shape, never raise.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watcher import dates, detect, diff, normalize
from watcher.models import Rules
from watcher.pipeline import suspect

# Pieces that stress the expressions of the pipeline, in several languages.
PIECES = [
    ".",
    "?",
    "!",
    "(",
    ")",
    "[",
    "]",
    "-",
    "-\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    ":",
    ";",
    ",",
    "'",
    '"',
    "«",
    "»",
    "…",
    "@",
    "@.",
    "http://",
    "https://a.example/",
    "www.",
    "#",
    "•",
    "- ",
    "1.",
    "(a)",
    "iv)",
    "§",
    "Art. 5",
    "Mr.",
    "e.g.",
    "i.e.",
    "z.B.",
    "p.ex.",
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\ufeff",
    "\u200b",
    "\u00ad",
    "ﬁ",
    "AI",
    "IA",
    "KI",
    "AI-",
    "KI-\nTraining",
    "model",
    "models",
    "modèles",
    "Modelle",
    "algorithm",
    "machine learning",
    "apprentissage automatique",
    "train",
    "training",
    "entraîner",
    "trainieren",
    "entrenar",
    "addestrare",
    "treinar",
    "trainen",
    "we",
    "We do not",
    "nous n'utilisons pas",
    "wir",
    "no",
    "not",
    "ne … pas",
    "unless",
    "except",
    "sauf",
    "opt out",
    "consent",
    "your data",
    "vos données",
    "Ihre Daten",
    "content",
    "users",
    "third parties",
    "may not",
    "is prohibited",
    "est interdite",
    "text and data mining",
    "scrape",
    "January 5, 2024",
    "5 janvier 2024",
    "2024-01-05",
    "01/05/2024",
    "Last updated:",
    "Effective",
    "Dernière mise à jour",
    "Stand:",
    "3 days ago",
    "il y a 3 jours",
    "vor 3 Tagen",
    "hace 3 días",
    "Section 4",
    "Article",
    "<",
    ">",
    "</",
    "<p>",
    "<div>",
    "<font>",
    "<li>",
    "<br>",
    "<table><tr><td>",
    "<pre>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "&#x1F600;",
    "<h2>",
]
TOKEN = st.one_of(
    st.sampled_from(PIECES),
    st.text(min_size=1, max_size=12),
    st.builds(lambda p, n: p * n, st.sampled_from(PIECES[:30]), st.integers(50, 3000)),
)
DOCUMENT = st.lists(TOKEN, min_size=1, max_size=400).map("".join)
FUZZ = settings(
    max_examples=int(os.environ.get("WATCHER_FUZZ_EXAMPLES", "40")),
    deadline=timedelta(seconds=3),  # per example; linear work on these sizes takes ms
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(DOCUMENT)
def test_normalize_reads_any_html(doc):
    for rules in (Rules(), Rules(remove=("div", "font")), Rules(select=("p",))):
        n = normalize.normalize_document(doc.encode("utf-8", "replace"), doc, "text/html", rules)
        assert isinstance(n.text, str)
        assert "\x00" not in n.text and "\x01" not in n.text


@FUZZ
@given(DOCUMENT)
def test_detect_scans_any_text(doc):
    findings = detect.scan(doc)
    assert all(0 <= f.start <= f.end <= len(doc) for f in findings)
    assert detect.compare(findings, findings) is None  # a text against itself: no change
    detect.compare(findings, detect.scan(doc[: len(doc) // 2]))


@FUZZ
@given(DOCUMENT, DOCUMENT)
def test_dates_diff_and_suspicion_take_any_text(a, b):
    dates.effective_date(a)
    d = diff.compute(a, b)
    diff.render_text(d, max_chars=2000)
    suspect.suspicion(b, a, a[: suspect.HEAD_CHARS])
