"""AI-training language: a passage's classification, a document's findings, their change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Topic(StrEnum):
    """What a passage says about AI (the scheme of shared/corpus/clauses)."""

    USER_DATA_TRAINING = "user_data_training"
    THIRD_PARTY_TRAINING_BAN = "third_party_training_ban"
    AI_OTHER = "ai_other"
    NONE = "none"


class Stance(StrEnum):
    """For user_data_training: may the provider train on users' data?"""

    NOT_ALLOWED = "not_allowed"
    CONSENT = "consent"
    OPT_OUT = "opt_out"
    ALLOWED = "allowed"


# From most protective to most permissive: a move up this list is the most serious change.
PERMISSIVENESS = {Stance.NOT_ALLOWED: 0, Stance.CONSENT: 1, Stance.OPT_OUT: 2, Stance.ALLOWED: 3}


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for a classification: what matched, and where in the passage."""

    kind: str  # ai_term | training | data | negation | condition | actor | ban | other
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Classification:
    """The label of one passage, with the evidence behind it."""

    topic: Topic
    stance: Stance | None
    lang: str  # ISO 639-1
    confidence: float
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A passage of AI-training language in a document."""

    text: str
    start: int  # character offsets in the normalized document text
    end: int
    lang: str
    topic: Topic
    stance: Stance | None
    confidence: float
    cues: tuple[Cue, ...] = ()
    data: tuple[str, ...] = ()  # data categories named: content, personal_data, usage, ...
    actors: tuple[str, ...] = ()  # provider, affiliates, third_party_model_provider, ...

    def as_dict(self) -> dict:
        """JSON-ready form, as events and `scan --json` carry it."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "topic": self.topic.value,
            "stance": self.stance.value if self.stance else None,
            "confidence": round(self.confidence, 3),
            "cues": [{"kind": c.kind, "text": c.text} for c in self.cues],
            "data": list(self.data),
            "actors": list(self.actors),
        }


class AIChangeKind(StrEnum):
    """The design's `ai_change` values."""

    PRESENT = "present"  # first_seen of a text with findings
    APPEARED = "appeared"
    CHANGED = "changed"
    REMOVED = "removed"


class Direction(StrEnum):
    """Which way a change of AI-training terms moves."""

    MORE_PERMISSIVE = "more_permissive"
    LESS_PERMISSIVE = "less_permissive"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class FindingChange:
    """One finding that appeared, disappeared or changed between two versions."""

    kind: AIChangeKind  # APPEARED | REMOVED | CHANGED
    before: Finding | None
    after: Finding | None
    direction: Direction


@dataclass(frozen=True)
class AIChange:
    """How a document's AI-training language changed between two versions."""

    kind: AIChangeKind
    changes: tuple[FindingChange, ...]
    direction: Direction
    severity: str  # high | medium | low
