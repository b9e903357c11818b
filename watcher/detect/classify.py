"""One passage -> topic, stance, cues: the explainable rules of the detector.

Order of the decision (the label scheme is shared/corpus/clauses/README.md):

1. a text-and-data-mining reservation is a third-party training ban, with or without "AI";
2. a training relation (see `relations`) — or a prohibition of scraping for AI — makes the
   passage about training; then
   * a prohibition addressed to users or third parties, on the service's own content, or on
     scraping, outweighing signs that the provider trains on users' data -> ban;
   * the customer training their own model (fine-tuning API, "your own model") -> ai_other;
   * a question ("Can we train models …?"), or a bare participle with no data, trainer or
     negation (a definition of a "pre-trained model") -> ai_other;
   * otherwise user_data_training, with a stance from conditions and negations;
3. an AI term without a training relation -> ai_other; a bare "algorithm" outside ranking and
   recommendation -> ai_other;
4. otherwise none.

Where the rules find no AI-training language in a passage that holds a trigger word, the
statistical second opinion (`second_opinion`) is asked; above its threshold it decides, and
its finding carries a cue of kind "model".

Stance, strongest first: an opt-out or a user setting -> opt_out; consent / opt-in -> consent;
"unless you …" -> consent after a negation, opt_out otherwise; "if you send feedback" ->
consent unless negated; a negation whose scope reaches the training words -> not_allowed;
otherwise allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from watcher.detect.evidence import Evidence, Hit, triggered
from watcher.detect.language import detect_language
from watcher.detect.lexicon import LANGUAGES
from watcher.detect.reading import reading_form
from watcher.detect.relations import (
    Relation,
    ai_terms,
    customer_side,
    governing_negations,
    interrogative,
    relations,
    weak_ai_terms,
)
from watcher.detect.scores import (
    ban_score,
    ban_without_ai,
    owns_data,
    processor_commitment,
    user_data_score,
)
from watcher.detect.second_opinion import Opinion, opinion
from watcher.models import Classification, Cue, Stance, Topic

CACHE_SIZE = 4096  # passages; an Analysis is a few hundred bytes
MAX_MODEL_CHARS = 2000  # the second opinion reads passages, not pages
_FINDINGS = frozenset({Topic.USER_DATA_TRAINING, Topic.THIRD_PARTY_TRAINING_BAN})
# Every text-and-data-mining pattern holds one of these (a cheap gate before the regex).
_TDM_NEEDLES = (
    "mining",
    "minera",
    "prospe",
    "fouille",
    "tdm",
    "2019/790",
    "robots.txt",
    "122-5-3",
    "44b",
    "minería",
    "estrazion",
    "single market",
)
SCOPE_WINDOW = 4  # words between a scope word ("most", "de-identified") and its data word
# Participles that describe a model rather than say who trains it on what.
_PARTICIPLE = re.compile(
    r"(?i)^(?:pr[eé]-?|re-?)?(?:trained|fine-?tuned|entra[îi]n[ée]+s?|trainiert\w*|entrenad[oa]s?"
    r"|addestrat[oiae]|treinad[oa]s?|getraind|geleerd|learned|learnt)$"
)
_CUE_KINDS = {
    "ai": "ai_term",
    "ai_cs": "ai_term",
    "ai_weak": "ai_term",
    "own_model": "ai_term",
    "ai_context": "ai_term",
    "train": "training",
    "improve": "training",
    "ml_purpose": "training",
    "training_data": "training",
    "negation": "negation",
    "opt_out": "condition",
    "setting": "condition",
    "consent": "condition",
    "unless": "condition",
    "feedback": "condition",
    "ban": "ban",
    "tdm": "ban",
    "scrape": "ban",
    "service_source": "ban",
    "compete": "ban",
    "data": "data",
    "actors": "actor",
    "customer_side": "actor",  # the customer is the one who trains
    "scope": "scope",
}

_CUE_ORDER = {
    "training": 0,
    "ai_term": 1,
    "negation": 2,
    "condition": 3,
    "ban": 4,
    "data": 5,
    "scope": 6,
    "actor": 7,
}


@dataclass(frozen=True)
class Analysis:
    """A classification plus what `scan` needs to build a finding."""

    topic: Topic
    stance: Stance | None
    lang: str
    confidence: float
    cues: tuple[Cue, ...] = ()
    data: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    def classification(self) -> Classification:
        """The public view of this analysis."""
        return Classification(self.topic, self.stance, self.lang, self.confidence, self.cues)


def classify(text: str, lang: str | None = None, *, second_opinion: bool = True) -> Classification:
    """Topic, stance (for user_data_training), language, confidence and cues of one passage."""
    return analyse(text, lang, second_opinion=second_opinion).classification()


def analyse(text: str, lang: str | None = None, *, second_opinion: bool = True) -> Analysis:
    """The full analysis of one passage (see the module docstring for the rules), read in its
    reading form (`reading`); cues keep their offsets in `text`. With `second_opinion`, the
    statistical model is asked where the rules find nothing (`second_opinion.py`)."""
    reading, back = reading_form(text)
    if lang not in LANGUAGES:
        lang = detect_language(reading)
    analysis = _analyse(reading, lang, second_opinion)
    if reading == text or not analysis.cues:
        return analysis
    spans = [
        (c.start, c.end) if back is None else (back[c.start], back[c.end - 1] + 1)
        for c in analysis.cues
    ]
    cues = tuple(
        Cue(c.kind, text[a:b], a, b) for c, (a, b) in zip(analysis.cues, spans, strict=True)
    )
    return replace(analysis, cues=cues)


@lru_cache(maxsize=CACHE_SIZE)
def _analyse(text: str, lang: str, second_opinion: bool = True) -> Analysis:
    # Cached: documents repeat passages (a section per region, a summary of the terms), and
    # every version of a watched document repeats almost all of the previous one.
    if not triggered(text):
        return Analysis(Topic.NONE, None, lang, 0.95)
    ev = Evidence(text, lang)
    analysis = _rules(ev, text)
    if analysis.topic in _FINDINGS or not second_opinion or len(text) > MAX_MODEL_CHARS:
        return analysis
    if analysis.topic is Topic.NONE and not (ev.hits("train") or ev.hits("improve")):
        return analysis  # no AI and no training word: nothing for a second opinion to weigh
    view = opinion(text)
    return _by_model(ev, text, view) if view.decided else analysis


def _rules(ev: Evidence, text: str) -> Analysis:
    """The rules' analysis (see the module docstring)."""
    lang = ev.lang
    strong = ai_terms(ev)
    weak = weak_ai_terms(ev, strong)
    rels = relations(ev, strong, weak)
    used = [h for r in rels for h in (r.training, r.ai) if h is not None]

    if ev.mentions(_TDM_NEEDLES) and ev.hits("tdm"):
        return _ban(ev, text, used + strong, 0.9)
    if rels or ban_without_ai(ev, strong):
        sentences = {ev.sentence(h.start) for h in used} or None
        ban, udt = ban_score(ev, bool(rels), used), user_data_score(ev, sentences)
        if customer_side(ev) and not ev.hits("ban"):
            ban = 0  # "rights in the training data you upload to build your own models"
        if (ban >= 2 and ban > udt) or (ban >= 1 and udt == 0):
            return _ban(ev, text, used + strong, 0.9 if ban >= 2 else 0.75)
        if interrogative(ev):
            return _other(ev, text, used + strong, 0.7)
        negations = governing_negations(ev, rels)
        if customer_side(ev) and not negations and not processor_commitment(ev):
            return _other(ev, text, used + strong + customer_side(ev), 0.75)
        descriptive = all(
            _PARTICIPLE.match(ev.text[r.training.start : r.training.end]) for r in rels
        )
        if descriptive and udt == 0 and not negations:
            return _other(ev, text, used + strong, 0.6)
        return _training(ev, text, rels, used, negations)
    if customer_side(ev):
        return _other(ev, text, strong + customer_side(ev), 0.7)
    if strong or ev.hits("ai_context"):
        return _other(ev, text, strong + ev.hits("ai_context"), 0.8)
    algorithms = [h for h in weak if _is_algorithm(ev, h)]
    if algorithms and not ev.hits("ranking"):
        return _other(ev, text, algorithms, 0.6)
    return Analysis(Topic.NONE, None, lang, 0.85)


# --- outcomes -----------------------------------------------------------------------------


def _by_model(ev: Evidence, text: str, view: Opinion) -> Analysis:
    """The second opinion found AI-training language the rules did not: a ban where a
    prohibition is worded, else users' data, with the stance the rules read; the cue of kind
    "model" says the model decided, on the word that weighed most."""
    ban = bool(ev.hits("ban") or ev.hits("tdm")) and not owns_data(ev)
    negated = bool(_negations(ev))
    stance, conditions = (None, []) if ban else _stance(ev, negated)
    start, end = view.word
    hits = ev.hits("train") + ai_terms(ev) + conditions + _data_hits(ev)
    cues = (Cue("model", text[start:end], start, end), *_cues(text, hits))
    return Analysis(
        Topic.THIRD_PARTY_TRAINING_BAN if ban else Topic.USER_DATA_TRAINING,
        stance,
        ev.lang,
        round(0.5 * view.probability, 2),
        cues,
        () if ban else _categories(ev),
        ("users",) if ban else _training_actors(ev),
    )


def _training(
    ev: Evidence, text: str, rels: list[Relation], used: list[Hit], negations: list[Hit]
) -> Analysis:
    if not negations and ev.hits("contract"):
        # "Our contract forbids it … from using your e-mails, in particular to train":
        # the prohibition binds a processor, however far from the training words.
        negations = ev.hits("ban") + _negations(ev)
    stance, conditions = _stance(ev, bool(negations))
    strength = max((r.strength for r in rels), default=0.6)
    hits = used + negations + conditions + _data_hits(ev) + ev.labelled("actors")
    return Analysis(
        Topic.USER_DATA_TRAINING,
        stance,
        ev.lang,
        round(strength, 2),
        _cues(text, hits + _scope_hits(ev)),
        _categories(ev),
        _training_actors(ev),
    )


def _ban(ev: Evidence, text: str, used: list[Hit], confidence: float) -> Analysis:
    bans = [
        h for group in ("ban", "tdm", "scrape", "service_source", "compete") for h in ev.hits(group)
    ]
    hits = used + bans + _data_hits(ev) + ev.labelled("actors")
    actors = sorted({h.label for h in ev.labelled("actors") if h.label in _BANNED}) or ["users"]
    return Analysis(
        Topic.THIRD_PARTY_TRAINING_BAN,
        None,
        ev.lang,
        confidence,
        _cues(text, hits),
        _categories(ev),
        tuple(actors),
    )


def _other(ev: Evidence, text: str, terms: list[Hit], confidence: float) -> Analysis:
    return Analysis(Topic.AI_OTHER, None, ev.lang, confidence, _cues(text, terms))


_BANNED = frozenset({"users", "third_parties"})


# --- stance --------------------------------------------------------------------------------


def _negations(ev: Evidence) -> list[Hit]:
    """Negation words that negate something ("not only" negates nothing), wherever they are."""
    return [n for n in ev.hits("negation") if not ev.inside(n, "not_negation")]


def _stance(ev: Evidence, negated: bool) -> tuple[Stance, list[Hit]]:
    opt_out = [
        h for h in ev.hits("opt_out") + ev.hits("setting") if not ev.inside(h, "not_opt_out")
    ]
    consent = ev.hits("consent")
    # Both: the first one states the rule, the other how to change it ("with your consent,
    # which you may withdraw in settings"; "you may object; where the law requires, we ask").
    if opt_out and not (consent and consent[0].start < opt_out[0].start):
        return Stance.OPT_OUT, opt_out
    if consent:
        return Stance.CONSENT, consent
    if ev.hits("unless"):
        return (Stance.CONSENT if negated else Stance.OPT_OUT), ev.hits("unless")
    if ev.hits("feedback") and not negated:
        return Stance.CONSENT, ev.hits("feedback")
    return (Stance.NOT_ALLOWED if negated else Stance.ALLOWED), []


# --- data, actors, cues -------------------------------------------------------------------


def _data_hits(ev: Evidence) -> list[Hit]:
    return ev.labelled("data")


def _categories(ev: Evidence) -> tuple[str, ...]:
    labels = {h.label for h in ev.labelled("data")}
    if len(labels) > 1:
        labels.discard("data")  # "data" only when nothing more specific is named
    return tuple(sorted(labels))


def _training_actors(ev: Evidence) -> tuple[str, ...]:
    labels = {h.label for h in ev.labelled("actors")} - {"users"}
    if not labels - {"provider"} or ev.hits("trainer"):
        labels.add("provider")
    return tuple(sorted(labels))


def _scope_hits(ev: Evidence) -> list[Hit]:
    data = ev.labelled("data")
    return [
        s
        for s in ev.labelled("scope")
        if any(
            d.start >= s.end and ev.words_between(s, d) <= SCOPE_WINDOW and ev.same_segment(s, d)
            for d in data
        )
    ]


def _is_algorithm(ev: Evidence, hit: Hit) -> bool:
    word = ev.text[hit.start : hit.end].lower()
    return word.startswith("algori")


def _cues(text: str, hits: list[Hit]) -> tuple[Cue, ...]:
    seen: dict[tuple[int, int, str], Cue] = {}
    for hit in hits:
        kind = _CUE_KINDS.get(hit.group, "other")
        key = (hit.start, hit.end, kind)
        if key not in seen:
            seen[key] = Cue(kind, text[hit.start : hit.end], hit.start, hit.end)
    # Most telling first (a message shows only the first few), then in reading order.
    return tuple(sorted(seen.values(), key=lambda c: (_CUE_ORDER.get(c.kind, 9), c.start, c.end)))


__all__ = ["Analysis", "analyse", "classify"]
