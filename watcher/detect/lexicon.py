"""Per-language word lists and patterns of the detector, compiled once on first use.

Each language module of `watcher.languages` defines, for the detector:

* `PATTERNS`: group name -> regular expressions (case-insensitive; groups whose name ends in
  `_cs` are case-sensitive). Every pattern is wrapped in word boundaries.
* `DATA`, `ACTORS`, `SCOPE`: label -> patterns, for data categories, actors and data scope.
* `STOPWORDS` (language identification) and `ABBREVIATIONS` (sentence splitting), as
  whitespace-separated words;
* `REFERENCES`: words that point back to what the previous sentence said ("this", "y");
* `VERB_LAST` (optional, False by default): the language puts verbs after their objects and
  negations after what they negate ("Wir trainieren unsere Modelle nicht").

The groups are the vocabulary of `classify` (see `GROUPS` for what each one means). Patterns
describe the language, not particular documents: no service names, no memorized sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from types import ModuleType

from watcher.languages import CODES, module

# Every language the detector reads, English first (see `watcher.languages`).
LANGUAGES: dict[str, ModuleType] = {code: module(code) for code in CODES}

GROUPS = {
    "ai": "unambiguous AI / ML wording",
    "ai_cs": "AI acronyms, case-sensitive (AI, KI, IA, LLM)",
    "ai_weak": "'model', 'algorithm': AI only in a training relation",
    "not_ai": "spans where a model/algorithm word is no AI (business model, device model)",
    "ai_context": "AI-ish wording that is never training: automated decision-making",
    "ranking": "ranking / recommendation / advertising context: a bare algorithm there is none",
    "train": "explicit training verbs and nouns (train, fine-tune, entraîner, trainieren)",
    "not_train": "training that is no AI training: staff training, railway, fitness",
    "train_prep": "'on', 'using': 'training on your content' is ML training without an AI word",
    "own_model": "'our models', 'nos modèles': a bare model word that is the provider's own",
    "relative": "'that we': 'the AI technologies that we develop'",
    "not_model": "AI words naming outputs or products (deepfakes, chatbots), never a trained model",
    "third_agent": "'by third parties': someone else is the one who would train",
    "contract": "a contract binding a processor: its no-training commitment is the provider's",
    "licence_limit": "a licence that does not extend to a use: a ban, unless it is on users' data",
    "imperative": "an item of a list of prohibited uses: 'use …', 'copy …'",
    "improve": "verbs that are training when their object is an AI model: improve, develop",
    "training_data": "'used as training data'",
    "ml_purpose": "'for machine learning purposes'",
    "use": "verbs of use that a negation passes through: use, process, permit, include",
    "instrument": "'using', 'with', 'based on': AI as a tool, not as an object",
    "product": "nouns after an AI term that make it a product, not a model: feature, assistant",
    "negation": "negation words",
    "not_negation": "negation words that negate nothing: 'not only', 'not limited to'",
    "scope_stop": "words that end a negation's scope: but, however",
    "opaque": "verbs a negation stops at: sell, want, know",
    "opt_out": "opt-out / objection / user-controlled setting wording",
    "not_opt_out": "spans where opt-out words grant none: 'regardless of your settings'",
    "setting": "'if … is on/off': training depends on a setting",
    "consent": "opt-in / consent wording",
    "unless": "'unless you …': consent after a negation, opt-out otherwise",
    "feedback": "'if you send feedback': consent when not negated",
    "ban": "prohibitions addressed to users or third parties",
    "not_ban": "prohibited as an adjective: 'items which are prohibited', 'contenus interdits'",
    "tdm": "text-and-data-mining reservations (always a third-party training ban)",
    "scrape": "scraping, crawling, bots, automated extraction",
    "service_source": "the service's own content as what is used: 'use our content'",
    "compete": "competing products",
    "customer_side": "the customer trains their own model: fine-tuning API, your own model",
    "user_owner": "possessives that make data the users' data: your, users'",
    "trainer": "the provider as the one who trains: we, our models",
    "trainer_cs": "case-sensitive trainer patterns: 'Acme's models'",
}


@dataclass(frozen=True)
class Group:
    """One group's pattern. Case-insensitive groups are also compiled in lower case, to be run
    on lower-cased text: two to three times faster than re.IGNORECASE.

    Each form is compiled on first use: compiling every group of every language took a worker
    process over a second, and most documents need one language's lower-cased forms only.
    """

    source: str
    case_sensitive: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """As written (IGNORECASE unless case-sensitive)."""
        return re.compile(self.source, 0 if self.case_sensitive else re.IGNORECASE)

    @cached_property
    def lowered(self) -> re.Pattern[str] | None:
        """Lower-cased, for lower-cased text; None for case-sensitive groups."""
        return None if self.case_sensitive else re.compile(_lower_pattern(self.source))

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """Matches in `text`; `low` is text.lower() when that keeps every offset, else None."""
        if self.lowered is not None and low is not None:
            return self.lowered.finditer(low)
        return self.pattern.finditer(text)


@dataclass(frozen=True)
class Labelled:
    """A table (label -> patterns) compiled as one pattern: one pass finds every label.

    At one position the first label in table order wins, so tables list specific labels
    before generic ones ("personal_data" before "data").
    """

    labels: tuple[str, ...]
    group: Group | None

    def finditer(self, text: str, low: str | None) -> Iterator[tuple[str, int, int]]:
        """(label, start, end) of every match."""
        if self.group is None:
            return
        for m in self.group.finditer(text, low):
            yield self.labels[int(m.lastgroup[1:])], m.start(), m.end()  # type: ignore[index]

    def label_of(self, text: str) -> str | None:
        """The label of a whole cue text, or None."""
        if self.group is None:
            return None
        m = self.group.pattern.fullmatch(text)
        return self.labels[int(m.lastgroup[1:])] if m else None  # type: ignore[index]


@dataclass(frozen=True)
class Lexicon:
    """The compiled vocabulary of one language."""

    lang: str
    groups: dict[str, Group | None]
    data: Labelled
    actors: Labelled
    scope: Labelled
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    verb_last: bool  # verbs after their objects, negations after them: German, Dutch

    def group(self, name: str) -> re.Pattern[str] | None:
        """The compiled pattern of a group, or None when the language has none."""
        group = self.groups[name]
        return group.pattern if group else None


def _compile(patterns: tuple[str, ...], case_sensitive: bool = False) -> Group | None:
    if not patterns:
        return None
    return _compile_body("|".join(f"(?:{p})" for p in patterns), case_sensitive)


def _compile_body(body: str, case_sensitive: bool = False) -> Group:
    # Look-arounds rather than \b, so that a pattern may start or end with punctuation.
    return Group(rf"(?<!\w)(?:{body})(?!\w)", case_sensitive)


def _lower_pattern(source: str) -> str:
    """Lower-case the letters of a regular expression, leaving escapes (\\S, \\W) alone."""
    out = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out).replace("(?p<", "(?P<")  # named groups keep their syntax


def _labelled(table: dict[str, tuple[str, ...]]) -> Labelled:
    labels = tuple(label for label, patterns in table.items() if patterns)
    if not labels:
        return Labelled((), None)
    body = "|".join(
        f"(?P<_{i}>" + "|".join(f"(?:{p})" for p in table[label]) + ")"
        for i, label in enumerate(labels)
    )
    return Labelled(labels, _compile_body(body))


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of `lang` (one of LANGUAGES); compiled on first use, then cached."""
    module = LANGUAGES[lang]
    patterns: dict[str, tuple[str, ...]] = module.PATTERNS
    unknown = set(patterns) - set(GROUPS)
    if unknown:  # a typo in a group name would silently disable a rule
        raise ValueError(f"lexicon {lang}: unknown groups {sorted(unknown)}")
    groups = {
        name: _compile(patterns.get(name, ()), case_sensitive=name.endswith("_cs"))
        for name in GROUPS
    }
    return Lexicon(
        lang=lang,
        groups=groups,
        data=_labelled(module.DATA),
        actors=_labelled(module.ACTORS),
        scope=_labelled(module.SCOPE),
        stopwords=stopwords(lang),
        abbreviations=words(module.ABBREVIATIONS),
        verb_last=getattr(module, "VERB_LAST", False),
    )


@cache
def stopwords(lang: str) -> frozenset[str]:
    """The stopwords of `lang`, without compiling its patterns (language identification)."""
    return words(LANGUAGES[lang].STOPWORDS)


def words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list (word lists read best as running text)."""
    return frozenset(text.split())


_REF_WORD = re.compile(r"\w+")


def refers_back(text: str, lang: str) -> bool:
    """True when `text` holds a word of `lang` that points back to what was just said."""
    refs = _references(lang)
    return any(word in refs for word in _REF_WORD.findall(text.lower()))


@cache
def _references(lang: str) -> frozenset[str]:
    return words(getattr(LANGUAGES.get(lang, LANGUAGES["en"]), "REFERENCES", ""))


@cache
def all_abbreviations() -> frozenset[str]:
    """Abbreviations of every language: a document may mix them, and splitting is cheap."""
    out: set[str] = set()
    for language in LANGUAGES.values():
        out.update(a.lower().rstrip(".") for a in words(language.ABBREVIATIONS))
    return frozenset(out)
