"""Who a training passage is about: the users or third parties a prohibition binds, or the
provider that trains on users' data. `classify` weighs the two scores to tell a
third-party training ban from the provider's own terms.
"""

from __future__ import annotations

from watcher.detect.evidence import Evidence, Hit
from watcher.detect.relations import is_product

BAN_WINDOW = 45  # words between a prohibition and the training words it forbids
LEAD_IN_REACH = 12  # characters after a prohibition where a ":" makes it a list's lead-in
OWNER_WINDOW = 3  # words between "your"/"users'" and the data word it owns
# Data categories that belong to users whoever names them.
_USER_CATEGORIES = frozenset(
    {"conversations", "personal_data", "feedback", "recordings", "sensitive", "public_data"}
)
_PROCESSORS = frozenset({"vendors", "third_party_model_providers", "partners", "affiliates"})


def ban_score(ev: Evidence, related: bool, near: list[Hit]) -> int:
    """Evidence that users or third parties are the ones forbidden to train.

    Only wording in the sentences of the training words, within BAN_WINDOW words of one of
    them, counts ("… models that help us identify items which are prohibited" bans nothing),
    and a prohibiting lead-in ("You agree not to: (a) …; (c) use … to train …").
    """

    def hits(group: str) -> list[Hit]:
        return [
            h
            for h in ev.hits(group)
            if not ev.inside(h, "not_ban")
            and (
                not near
                or ":" in ev.text[h.end : h.end + LEAD_IN_REACH]  # a lead-in governs its items
                or any(
                    ev.sentence(h.start) == ev.sentence(w.start)
                    and ev.words_between(h, w) <= BAN_WINDOW
                    for w in near
                )
            )
        ]

    score = 2 if hits("ban") else 0
    if not score and hits("licence_limit") and not owns_data(ev):
        score = 2  # "the licence does not include the right to use the images to train"
    first = ev.first_word()
    imperative = any(h.start == first for h in ev.hits("imperative"))  # "Use … to train …"
    # The service's own content is banned only where something forbids: "the Provider may use
    # data of the Platform to train" is the provider's own training.
    if score or imperative or hits("negation"):
        score += bool(hits("service_source"))
    score += bool(hits("compete"))
    if hits("ban") or hits("negation"):
        score += bool(hits("third_agent"))  # "… not … used by third parties for AI"
    if (score or related) and hits("scrape"):
        score += 1  # scraping next to training is a prohibition's wording
    return score + imperative


def user_data_score(ev: Evidence, sentences: set[int] | None) -> int:
    """Evidence that the provider trains on users' data: a trainer, and users' data.

    Only the sentences holding the training relation count (a passage may hold a few).
    """

    def here(hit: Hit) -> bool:
        return sentences is None or ev.sentence(hit.start) in sentences

    trainer = any(here(h) for h in ev.hits("trainer") + ev.hits("trainer_cs"))
    owned = any(here(h) and _owned_by_users(ev, h) for h in ev.labelled("data"))
    # A processor that must not train on users' data is the provider's side: its commitment
    # is the provider's ("our AI vendors may not use your data to train their models").
    vendor = owned and any(h.label in _PROCESSORS for h in ev.labelled("actors"))
    contract = 2 * bool(ev.hits("contract"))  # "our agreement prohibits it from training …"
    return int(trainer) + int(owned) + int(vendor) + contract


def owns_data(ev: Evidence) -> bool:
    """Users' data is named in the passage ("your content")."""
    return any(_owned_by_users(ev, h) for h in ev.labelled("data"))


def _owned_by_users(ev: Evidence, data: Hit) -> bool:
    if data.label in _USER_CATEGORIES:
        return True
    return any(
        ev.words_between(owner, data) <= OWNER_WINDOW and ev.same_segment(owner, data)
        for owner in ev.hits("user_owner")
    )


def processor_commitment(ev: Evidence) -> bool:
    """A processor named next to users' data: "their own models" are the processor's, and
    training them on users' data is the provider's side of the terms."""
    return ev.hits("negation") != [] and user_data_score(ev, None) >= 3


def ban_without_ai(ev: Evidence, strong: list[Hit]) -> bool:
    """A prohibition of scraping for AI, or of training (for) a competing product."""
    if not (strong or ev.hits("train")):
        return False
    if not (ev.hits("scrape") or ev.hits("compete")) or not ev.hits("ban"):
        return False
    if ev.hits("train"):
        return True
    # Scraping "for AI": the AI must be what the content goes to, not the bot ("AI agents").
    targets = [t for t in strong if not is_product(ev, t) and not ev.inside(t, "not_model")]
    return bool(targets and ev.hits("scrape"))
