"""The relations the rules are built on: AI terms, training relations, negation scope.

A *training relation* links a training word to an AI term: an explicit verb or noun ("train",
"fine-tune", "entraîner", "Training") within a few words of any AI term, including a bare
"model" or "algorithm"; or an improvement verb ("improve", "develop", "verbessern") whose
object is an unambiguous AI term ("improve … (including our AI models)", "the AI that we
develop"), but not when the AI is the instrument ("improve … using machine learning") or a
product or output ("improve our AI features", "create deepfakes"); or training *on* users'
data ("training on the conversations people have with it"), which needs no AI word.

A negation negates a relation when its scope reaches the training word or the verb of use that
introduces it ("we do not use your data … to train"); a negated verb of use carries its
negation over the rest of its clause ("will not use … for (i) …; (ii) the development of …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from watcher.detect.evidence import Evidence, Hit
from watcher.detect.lexicon import LANGUAGES, stopwords, words

STRICT_WINDOW = 6  # words between an explicit training word and its AI term
VERB_LAST_EXTRA = 4  # more words, where the training verb ends its clause
LOOSE_WINDOW = 15  # the same, for an unambiguous AI term elsewhere in the clause
OBJECT_WINDOW = 10  # words between an improvement verb and the AI term it acts on
BARE_WINDOW = 3  # the same, for a bare "model" ("improving the models")
OWN_WINDOW = 4  # the same, for the provider's own models ("develop and improve our models")
NEGATION_WINDOW = 8  # words a negation reaches forward
DETERMINER_WINDOW = 5  # words a negative determiner ("no", "kein") reaches either way
USE_WINDOW = 12  # words between a verb of use and the training word it introduces
ON_WINDOW = 3  # words between "training on" and the users' data it is trained on
NAME_REACH = 80  # characters before "AI" where a company name glued to it is looked for
PREP_GAP = 3  # words between a training word and its "on"/"with": "training or improvement with"
# Data that is users' when a training is said to be "on" it, whoever's it is said to be.
ON_CATEGORIES = frozenset({"conversations", "content", "recordings", "public_data", "usage"})

# Words before "AI" that make it part of a generic phrase rather than a company name.
_AI_ADJECTIVES = words(
    """
generative gen conversational responsible agentic multimodal general applied ethical
trustworthy explainable predictive creative cloud enterprise applicable covered frontier
open narrow human trusted safe secure powered use using with about new how your our their
its of and for
"""
)
# English words a verbal negation may skip before its verb ("will not be used").
_SKIP_AFTER_NOT = words(
    """
be been being ever directly currently knowingly intentionally otherwise actually yet also
further
"""
)
_CAPITALIZED_BEFORE = re.compile(r"([A-Z][\w&-]*)\s+$")
_DETERMINER = re.compile(r"(?i)^(?:no|none|kein\w*|aucun\w*|ning[uú]n\w*|nessun\w*)$")
# Words after "not" that start a noun phrase: "… that is not the case", "not our models".
_NOMINAL_HEAD = words("a an the this that these those our your their its his her my")
_NEXT_WORD = re.compile(r"[\w'-]+")
# "AI-based", "KI-gestützt": the AI term qualifies something else.
_MANNER_AFTER = re.compile(
    r"(?i)-(?:based|powered|driven|enabled|assisted|generated|supported|gestützt\w*|basiert\w*)"
)
# "Acme AI models", "the General-Purpose AI Act": AI followed by these is no company name.
_MODEL_AFTER = re.compile(r"(?i)\s+(?:models?|systems?|technolog\w+|acts?|laws?|regulations?)\b")


@dataclass(frozen=True)
class Relation:
    """A training word and the AI term it is about (None when the word carries its own)."""

    training: Hit
    ai: Hit | None
    strength: float
    explicit: bool  # an explicit training word, not "improve"/"develop"


def ai_terms(ev: Evidence) -> list[Hit]:
    """Unambiguous AI terms, minus hard negatives and company names such as 'Acme AI'."""
    out = [
        hit
        for hit in ev.hits("ai") + ev.hits("ai_cs")
        if not ev.inside(hit, "not_ai") and not _is_company_name(ev, hit)
    ]
    return sorted(out, key=lambda h: h.start)


def weak_ai_terms(ev: Evidence, strong: list[Hit]) -> list[Hit]:
    """'model', 'algorithm' … that are not hard negatives and not part of a strong term."""
    return [
        h
        for h in ev.hits("ai_weak")
        if not ev.inside(h, "not_ai") and not any(_overlaps(h, s) for s in strong)
    ]


def training_words(ev: Evidence) -> list[Hit]:
    """Explicit training words that are not staff/railway/fitness training."""
    words = [
        h
        for h in ev.hits("train")
        if (not ev.inside(h, "not_train") or ev.inside(h, "training_data"))
        and not _within_ai_term(ev, h)
    ]
    return words + ev.hits("ml_purpose") + ev.hits("training_data")


def _within_ai_term(ev: Evidence, word: Hit) -> bool:
    """'leren' in 'machinaal leren': part of a longer AI term, not a training word of its own
    ('KI-Training' is both, and stays a training word)."""
    return any(
        a.start <= word.start and word.end <= a.end and a.end - a.start > word.end - word.start
        for a in ev.hits("ai")
    )


def relations(ev: Evidence, strong: list[Hit], weak: list[Hit]) -> list[Relation]:
    """Every training relation in the passage (see the module docstring)."""
    out: list[Relation] = []
    for word in training_words(ev):
        if any(h.start <= word.start and word.end <= h.end for h in customer_side(ev)):
            continue  # "Fine-Tuned Model", "fine-tuning API": the name of a customer feature
        if word.group in ("ml_purpose", "training_data"):
            out.append(Relation(word, None, 0.85, True))
            continue
        # German and Dutch put the training verb last: "onze modellen voor … te trainen".
        window = STRICT_WINDOW + VERB_LAST_EXTRA if ev.lex.verb_last else STRICT_WINDOW
        near = _closest(ev, word, strong + weak, window)
        if near is not None:
            out.append(Relation(word, near, 0.9 if near in strong else 0.85, True))
            continue
        far = _closest(ev, word, strong, LOOSE_WINDOW)
        if far is not None:
            out.append(Relation(word, far, 0.65, True))
        elif _trained_on_users_data(ev, word):
            out.append(Relation(word, None, 0.7, True))
    own = [h for h in ev.hits("own_model") if not ev.inside(h, "not_ai")] if weak else []
    if (strong or weak) and (ev.labelled("data") or ev.hits("use")):
        for verb in ev.hits("improve"):
            target = _improvement_object(ev, verb, strong, OBJECT_WINDOW)
            if target is None:
                # "improve our algorithms", not "create an item listing …, our algorithms"
                target = _improvement_object(ev, verb, own, OWN_WINDOW)
            if target is None and ev.labelled("data"):
                # "the improvement of the models": a bare model word right after the verb
                target = _improvement_object(ev, verb, _model_words(ev, weak), BARE_WINDOW)
            if target is not None:
                strength = 0.7 if target.group in ("ai", "ai_cs") else 0.6
                out.append(Relation(verb, target, strength, False))
    return out


def governing_negations(ev: Evidence, rels: list[Relation]) -> list[Hit]:
    """Negations whose scope reaches a relation (see the module docstring)."""
    targets = anchors(ev, rels)
    words = [r.training for r in rels]
    out = []
    for neg in ev.hits("negation"):
        if ev.inside(neg, "not_negation") or not _verbal(ev, neg):
            continue
        if any(_governs(ev, neg, a) for a in targets) or any(
            _carried(ev, use, w) for use in _negated_uses(ev, neg) for w in words
        ):
            out.append(neg)
    return out


def anchors(ev: Evidence, rels: list[Relation]) -> list[Hit]:
    """The words a negation must reach to negate a relation: training words and their verbs."""
    out = []
    for rel in rels:
        out.append(rel.training)
        # The nearest verb of use before the training word is the one that introduces it.
        uses = [
            use
            for use in ev.hits("use")
            if use.end <= rel.training.start
            and ev.words_between(use, rel.training) <= USE_WINDOW
            and ev.same_segment(use, rel.training)
        ]
        if uses:
            out.append(uses[-1])
        if ev.lex.verb_last and rel.ai is not None:
            out.append(rel.ai)  # "Wir trainieren unsere Modelle nicht": the verb comes first
    return out


def customer_side(ev: Evidence) -> list[Hit]:
    """The customer trains their own model ('you can opt out of training' does not count)."""
    hits = ev.hits("customer_side")
    if not hits:
        return []
    # "you may not use … to train" is a prohibition, "you can opt out of training" a control
    others = ev.hits("opt_out") + ev.hits("consent") + ev.hits("ban") + ev.hits("negation")
    return [h for h in hits if not any(c.start >= h.start and c.end <= h.end for c in others)]


def interrogative(ev: Evidence) -> bool:
    """A question ("Can we train models …?") asks; it states no policy."""
    return ev.text.rstrip(" *_)\"'").endswith("?")


# --- training relations -------------------------------------------------------------------


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _closest(ev: Evidence, word: Hit, candidates: list[Hit], window: int) -> Hit | None:
    best: tuple[int, Hit] | None = None
    for cand in candidates:
        if _overlaps(cand, word) and cand.group != "ai_weak":
            return cand  # "KI-Training": the AI term is inside the training word
        if not ev.same_segment(word, cand):
            continue
        gap = ev.words_between(word, cand)
        if gap <= window and (best is None or gap < best[0]):
            best = (gap, cand)
    return best[1] if best else None


def _model_words(ev: Evidence, weak: list[Hit]) -> list[Hit]:
    """Bare 'model' words (not 'algorithm': ranking algorithms are improved all the time)."""
    return [h for h in weak if not ev.text[h.start : h.end].lower().startswith("algori")]


def _improvement_object(ev: Evidence, verb: Hit, strong: list[Hit], window: int) -> Hit | None:
    either_side = ev.lex.verb_last  # German and Dutch put the verb after its object
    for term in strong:
        if ev.inside(term, "not_model"):
            continue
        after = term.start >= verb.end
        relative = not after and ev.between("relative", term.end, verb.start)
        if not (after or either_side or relative):
            continue
        if not ev.same_segment(verb, term) or ev.words_between(verb, term) > window:
            continue
        lo, hi = (verb.end, term.start) if after else (term.end, verb.start)
        if ev.between("instrument", lo, hi) or is_product(ev, term):
            continue
        return term
    return None


def is_product(ev: Evidence, term: Hit) -> bool:
    """'AI features', 'AI-based recommendations': the AI is a product or a manner, not a model."""
    if _MANNER_AFTER.match(ev.text, term.end):
        return True
    return any(p.start >= term.end and ev.words_between(term, p) <= 1 for p in ev.hits("product"))


def _trained_on_users_data(ev: Evidence, word: Hit) -> bool:
    """'training on the conversations', 'train on my content': ML training, whatever words."""
    for prep in ev.hits("train_prep"):
        if prep.start < word.end or ev.words_between(word, prep) > PREP_GAP:
            continue
        for data in ev.labelled("data"):
            if data.start < prep.end or ev.words_between(prep, data) > ON_WINDOW:
                continue
            owned = any(o.start >= prep.end and o.end <= data.start for o in ev.hits("user_owner"))
            if data.label in ON_CATEGORIES or owned:
                return True
    return False


# --- negation -----------------------------------------------------------------------------


def _verbal(ev: Evidence, neg: Hit) -> bool:
    """English 'not'/'never' negate a verb, not a noun ('User Content that is not personal
    data to develop …' negates nothing about developing)."""
    if ev.lang != "en":
        return True
    word = ev.text[neg.start : neg.end].lower()
    if not (word in ("not", "never", "cannot") or word.endswith("n't")):
        return True
    match = _NEXT_WORD.search(ev.text, neg.end)
    if match is None or ev.text[neg.end : match.start()].strip(" "):
        return False  # punctuation first: "will not, and will not allow …"
    while match is not None and match.group().lower() in _SKIP_AFTER_NOT:
        match = _NEXT_WORD.search(ev.text, match.end())
    if match is None or match.group().lower() in _NOMINAL_HEAD:
        return False
    return not any(d.start == match.start() for d in ev.labelled("data"))


def _governs(ev: Evidence, neg: Hit, anchor: Hit) -> bool:
    if neg.start <= anchor.start < neg.end:
        return True  # French "n'utilisons pas" holds its verb
    determiner = bool(_DETERMINER.match(ev.text[neg.start : neg.end]))
    if anchor.start >= neg.end:
        lo, hi = neg.end, anchor.start
    elif determiner or ev.lex.verb_last:
        lo, hi = anchor.end, neg.start  # "We use no customer data", "… nicht"
    else:
        return False
    window = DETERMINER_WINDOW if determiner else NEGATION_WINDOW
    if ev.words_between(neg, anchor) > window or not ev.scope_open(lo, hi):
        return False
    return not (ev.between("scope_stop", lo, hi) or ev.between("opaque", lo, hi))


def _negated_uses(ev: Evidence, neg: Hit) -> list[Hit]:
    return [u for u in ev.hits("use") if u.start >= neg.start and _governs(ev, neg, u)]


def _carried(ev: Evidence, use: Hit, word: Hit) -> bool:
    """A training word in the rest of the clause of a negated verb of use."""
    if word.start < use.end or word.start >= ev.segment_end(use.end):
        return False
    return not (
        ev.between("scope_stop", use.end, word.start) or ev.between("opaque", use.end, word.start)
    )


# --- company names ------------------------------------------------------------------------


def _is_company_name(ev: Evidence, hit: Hit) -> bool:
    """'Acme AI', 'Acme.AI': an upper-case word (not sentence-initial) glued to 'AI'."""
    if ev.text[hit.start : hit.end] != "AI":
        return False
    # Only the words just before count: searching the whole prefix for every "AI" was
    # quadratic on a page of "AI-" runs.
    before = ev.text[max(0, hit.start - NAME_REACH) : hit.start]
    if before.endswith("."):
        return True
    match = _CAPITALIZED_BEFORE.search(before)
    if not match or _MODEL_AFTER.match(ev.text, hit.end):
        return False
    words = match.group(1).lower().split("-")
    if any(w in _AI_ADJECTIVES or w in _all_stopwords() for w in words):
        return False
    head = before[: match.start()].rstrip(" *_([\"'")
    return bool(head) and head[-1] not in ".!?:-|"


@cache
def _all_stopwords() -> frozenset[str]:
    return frozenset(w for lang in LANGUAGES for w in stopwords(lang))
