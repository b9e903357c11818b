"""The detect stage: real labelled passages as data, then the rules' edge cases, passages,
languages, cues, scan() and compare().

tests/data/detect/passages.jsonl holds real passages from Open Terms Archive (ODC-By 1.0, see
tests/data/ATTRIBUTION.md) and the corpus' authored German, Spanish and Italian passages.
"""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import pytest

from watcher.detect import classify, compare, detect_language, passages, scan
from watcher.detect.compare import explicit_training, scope_labels
from watcher.detect.evidence import trigger_positions, triggered
from watcher.detect.lexicon import GROUPS, LANGUAGES, lexicon
from watcher.detect.scan import clause_key
from watcher.models import (
    PERMISSIVENESS,
    AIChangeKind,
    Classification,
    Direction,
    Finding,
    Stance,
    Topic,
)

DATA = Path(__file__).parent / "data" / "detect"
PASSAGES = [
    json.loads(line)
    for line in (DATA / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
CUE_KINDS = {"ai_term", "training", "data", "negation", "condition", "actor", "ban", "scope"}
UDT, BAN = Topic.USER_DATA_TRAINING, Topic.THIRD_PARTY_TRAINING_BAN


def _label(c: Classification) -> tuple[str, str | None]:
    return c.topic.value, c.stance.value if c.stance else None


def _doc(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


# --- real passages --------------------------------------------------------------------------


def test_the_passages_cover_every_topic_and_stance_in_every_language() -> None:
    seen = {(p["lang"], p["topic"], p["stance"]) for p in PASSAGES}
    for lang in ("de", "es", "it"):  # the authored passages hold every label
        for topic in ("third_party_training_ban", "ai_other", "none"):
            assert (lang, topic, None) in seen
        for stance in Stance:
            assert (lang, "user_data_training", stance.value) in seen
    for stance in Stance:
        assert ("en", "user_data_training", stance.value) in seen
    for topic in Topic:
        assert any(p["lang"] == "fr" and p["topic"] == topic.value for p in PASSAGES)
    sources = {p["source"]["dataset"] for p in PASSAGES}
    assert "authored" in sources and any(s.startswith("OpenTermsArchive/") for s in sources)


@pytest.mark.parametrize("row", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_a_labelled_passage_gets_its_label(row: dict) -> None:
    c = classify(row["text"])
    assert _label(c) == (row["topic"], row["stance"])
    assert c.lang == row["lang"]


@pytest.mark.parametrize("row", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_cues_point_into_their_passage(row: dict) -> None:
    c = classify(row["text"], row["lang"])
    assert 0.0 <= c.confidence <= 1.0
    for cue in c.cues:
        assert cue.kind in CUE_KINDS
        assert row["text"][cue.start : cue.end] == cue.text
    kinds = {cue.kind for cue in c.cues}
    if c.topic is UDT:
        assert "training" in kinds
    if c.topic is BAN:
        assert kinds & {"ban", "training"}
    if c.topic is Topic.AI_OTHER:
        assert kinds & {"ai_term", "ban", "training", "actor"}


def test_the_trigger_prefilter_lets_every_ai_passage_through() -> None:
    for row in PASSAGES:
        if row["topic"] != "none":
            assert triggered(row["text"]), row["id"]
    assert not triggered("We collect your name and email address to send you receipts.")
    assert trigger_positions("x\n\nWe train models.\n") == [6, 12]  # "train", "model"


def test_trigger_positions_are_every_occurrence_of_every_trigger_word() -> None:
    from watcher.detect.evidence import _ACRONYMS, stems

    def naive(text: str) -> list[int]:
        low = text.lower()
        return sorted(
            i
            for needles, hay in ((_ACRONYMS, text), (stems(), low))
            for needle in needles
            for i in range(len(hay))
            if hay.startswith(needle, i)
        )

    texts = [row["text"] for row in PASSAGES] + [
        "Retraining: we retrain, entraînent l'IA (A.I., K.I. and LLMs) on machine-learning "
        "models; fine-tuning, finetuned, AIAI, robots.txt and 2019/790.",
        "",
    ]
    for text in texts:
        assert trigger_positions(text) == naive(text), text
    # Lower-casing "İ" changes the length: offsets would shift, so every one is a candidate.
    assert trigger_positions("İ train") == list(range(7))


def test_the_given_language_selects_the_lexicon() -> None:
    text = "Wir verwenden Ihre Inhalte zum Trainieren unserer KI-Modelle."
    assert classify(text, "de").lang == "de"
    assert classify(text).lang == "de"
    assert classify(text, "xx").lang == "de"  # an unknown language is detected instead


# --- paraphrases the corpus does not hold ---------------------------------------------------

PARAPHRASES = [
    ("We use your content to train our models.", UDT, Stance.ALLOWED),
    ("Your data may be used for model training.", UDT, Stance.ALLOWED),
    ("Content you share may be used to improve our AI.", UDT, Stance.ALLOWED),
    ("We may use your inputs to develop and improve machine learning models.", UDT, Stance.ALLOWED),
    ("Your conversations may be reviewed and used to improve our models.", UDT, Stance.ALLOWED),
    ("We don't use your data to train our models.", UDT, Stance.NOT_ALLOWED),
    ("We will not use Customer Data to train our AI models.", UDT, Stance.NOT_ALLOWED),
    ("By default, we do not use your data to train our models.", UDT, Stance.NOT_ALLOWED),
    ("You can opt out of model training in your settings.", UDT, Stance.OPT_OUT),
    ("Unless you opt out, we may use your content to train our models.", UDT, Stance.OPT_OUT),
    ("We will not use your data to train our AI models without your consent.", UDT, Stance.CONSENT),
    ("Wir verwenden Ihre Inhalte zum Trainieren unserer KI-Modelle.", UDT, Stance.ALLOWED),
    ("Ihre Daten werden nicht zum Training von KI-Modellen verwendet.", UDT, Stance.NOT_ALLOWED),
    ("Nous utilisons vos contenus pour entraîner nos modèles.", UDT, Stance.ALLOWED),
    ("Nous n'utilisons pas vos données pour entraîner nos modèles d'IA.", UDT, Stance.NOT_ALLOWED),
    ("Vos données ne sont jamais utilisées pour entraîner nos modèles.", UDT, Stance.NOT_ALLOWED),
    ("Utilizamos sus datos para entrenar nuestros modelos.", UDT, Stance.ALLOWED),
    ("No utilizamos sus datos para entrenar modelos de IA.", UDT, Stance.NOT_ALLOWED),
    (
        "Puede oponerse al uso de sus datos para entrenar nuestros modelos de IA.",
        UDT,
        Stance.OPT_OUT,
    ),
    ("Utilizziamo i tuoi dati per addestrare i nostri modelli.", UDT, Stance.ALLOWED),
    (
        "Non utilizziamo i tuoi dati per addestrare modelli di intelligenza artificiale.",
        UDT,
        Stance.NOT_ALLOWED,
    ),
    (
        "Con il tuo consenso, utilizziamo le tue conversazioni per migliorare i nostri modelli "
        "di IA.",
        UDT,
        Stance.CONSENT,
    ),
    ("You may not use the Services or any Output to train or improve any AI model.", BAN, None),
    (
        "Es ist untersagt, Inhalte dieser Website für das Training von KI-Systemen zu verwenden.",
        BAN,
        None,
    ),
    (
        "Queda prohibido utilizar el contenido del sitio para entrenar sistemas de inteligencia "
        "artificial.",
        BAN,
        None,
    ),
    (
        "Wir behalten uns die Nutzung unserer Inhalte für Text und Data Mining im Sinne von § 44b "
        "UrhG ausdrücklich vor.",
        BAN,
        None,
    ),
]


PARAPHRASES += [
    (
        "We prohibit our service providers from using your personal data to train AI models.",
        UDT,
        Stance.NOT_ALLOWED,
    ),
    ("Diese Inhalte dürfen nicht zum Training von KI-Modellen verwendet werden.", BAN, None),
    (
        "Sauf opposition de votre part, vos données peuvent être utilisées pour entraîner nos "
        "modèles.",
        UDT,
        Stance.OPT_OUT,
    ),
    (
        "Wir können Ihre Eingaben verwenden, um unsere Modelle zu verbessern, es sei denn, Sie "
        "widersprechen.",
        UDT,
        Stance.OPT_OUT,
    ),
    (
        "Vous pouvez désactiver l'utilisation de vos données pour l'amélioration des modèles dans "
        "les paramètres.",
        UDT,
        Stance.OPT_OUT,
    ),
    (
        "I contenuti pubblicati dagli utenti possono essere utilizzati per addestrare modelli di "
        "intelligenza artificiale, salvo opposizione.",
        UDT,
        Stance.OPT_OUT,
    ),
    (
        "Los datos de los usuarios menores de edad no se utilizan para entrenar nuestros sistemas "
        "de IA.",
        UDT,
        Stance.NOT_ALLOWED,
    ),
    (
        "Our partners may use the data they receive to train their own machine learning models.",
        UDT,
        Stance.ALLOWED,
    ),
    (
        "Content you submit through the API is not used to improve our models unless you "
        "explicitly opt in.",
        UDT,
        Stance.CONSENT,
    ),
]


@pytest.mark.parametrize(("text", "topic", "stance"), PARAPHRASES)
def test_paraphrases_of_training_clauses(text: str, topic: Topic, stance: Stance | None) -> None:
    c = classify(text)
    assert (c.topic, c.stance) == (topic, stance)


# --- negation and conditions ----------------------------------------------------------------


def test_a_negation_does_not_reach_into_the_next_sentence() -> None:
    text = _doc("We do not sell your data. We use it to train our models.")
    (finding,) = scan(text)
    assert finding.text == "We use it to train our models."
    assert finding.stance is Stance.ALLOWED
    assert classify("We do not sell your data.").topic is Topic.NONE


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "This license does not include the right to use your content for training AI models.",
            Stance.NOT_ALLOWED,
        ),
        ("We use your data to improve our services, not to train AI models.", Stance.NOT_ALLOWED),
        ("We will never use your messages to train our language models.", Stance.NOT_ALLOWED),
        (
            "We may use your data for purposes including, but not limited to, training our AI "
            "models.",
            Stance.ALLOWED,
        ),
        (
            "We not only use your posts to train our AI models but also to improve search.",
            Stance.ALLOWED,
        ),
        (
            "Please don't share anything you would not want us to use to improve our AI models.",
            Stance.ALLOWED,
        ),
        ("We do not sell your data and we use it to train our AI models.", Stance.ALLOWED),
        (
            "Content that is not personal data may be used to develop our machine learning models.",
            Stance.ALLOWED,
        ),
        (
            "We will not use your User Content for use (i) in datasets; (ii) in the development "
            "of generative AI programs.",
            Stance.NOT_ALLOWED,
        ),
        (
            "Our AI providers are contractually prohibited from using your data to train their "
            "models.",
            Stance.NOT_ALLOWED,
        ),
        (
            "Wir trainieren unsere Modelle nicht mit Daten aus Unternehmenskonten.",
            Stance.NOT_ALLOWED,
        ),
    ],
)
def test_negation_scope(text: str, stance: Stance) -> None:
    c = classify(text)
    assert c.topic is UDT
    assert c.stance is stance
    negations = [cue for cue in c.cues if cue.kind == "negation"]
    assert bool(negations) == (stance is Stance.NOT_ALLOWED)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "Your chats won't be used to train our models, unless you choose to send us feedback.",
            Stance.CONSENT,
        ),
        (
            "We may use your content to train our AI models, unless you have turned off data "
            "sharing.",
            Stance.OPT_OUT,
        ),
        (
            "If Improve the Model is on, your conversations are used to train our AI models.",
            Stance.OPT_OUT,
        ),
        (
            "If history is off, we also do not use your chats to improve our AI models.",
            Stance.OPT_OUT,
        ),
        (
            "By providing feedback, you agree that we may use it to train our AI models.",
            Stance.CONSENT,
        ),
        (
            "We will not use feedback to train our models, except to address abuse.",
            Stance.NOT_ALLOWED,
        ),
        (
            "Avec votre consentement, nous utilisons vos enregistrements pour améliorer nos "
            "modèles de reconnaissance vocale.",
            Stance.CONSENT,
        ),
        (
            "Vous pouvez vous opposer à l'utilisation de vos données pour l'entraînement de nos "
            "modèles.",
            Stance.OPT_OUT,
        ),
        (
            "Sie können der Nutzung Ihrer Beiträge für das KI-Training in den Einstellungen "
            "widersprechen.",
            Stance.OPT_OUT,
        ),
        (
            "Tus datos no se usan para entrenar modelos salvo que actives la opción de mejora.",
            Stance.CONSENT,
        ),
        (
            "Puoi disattivare l'uso delle tue conversazioni per l'addestramento dei modelli nelle "
            "impostazioni.",
            Stance.OPT_OUT,
        ),
    ],
)
def test_conditions(text: str, stance: Stance) -> None:
    c = classify(text)
    assert (c.topic, c.stance) == (UDT, stance)
    if stance in (Stance.CONSENT, Stance.OPT_OUT):
        assert any(cue.kind == "condition" for cue in c.cues)


# --- hard negatives and the other topics ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Our staff are trained to handle your data securely.", Topic.NONE),
        ("Calls may be recorded for training and quality purposes.", Topic.NONE),
        ("Intérêts légitimes de former ses équipes pour améliorer leurs compétences.", Topic.NONE),
        ("We collect your device model and operating system.", Topic.NONE),
        ("Our business model is to sell subscriptions.", Topic.NONE),
        ("Le non-respect de ces conditions peut entraîner la résiliation du compte.", Topic.NONE),
        ("Vos bagages peuvent faire l'objet d'une fouille de sécurité.", Topic.NONE),
        ("Bots may not be used to inflate views.", Topic.NONE),
        ("Access LinkedIn Learning courses from your account.", Topic.NONE),
        ("We use business intelligence tools to understand sales.", Topic.NONE),
        ("We use analytics cookies to improve our website.", Topic.NONE),
        ("We process User Content to improve our services.", Topic.NONE),
        ("Our feed ranking algorithm orders posts by engagement.", Topic.NONE),
        ("You may not scrape or crawl the Services by automated means.", Topic.NONE),
        ("Das Fitnesstraining kann jederzeit pausiert werden.", Topic.NONE),
        ("El entrenamiento personalizado está disponible para los socios.", Topic.NONE),
        ("L'allenamento della squadra si svolge ogni martedì.", Topic.NONE),
        ("Audits will be conducted by a firm selected by Acme AI.", Topic.NONE),
        ("We use machine learning to detect spam and fraud.", Topic.AI_OTHER),
        ("We improve our services using machine learning.", Topic.AI_OTHER),
        ("We use your data to improve our AI features.", Topic.AI_OTHER),
        ("Our fine-tuning API allows you to fine-tune our models using your data.", Topic.AI_OTHER),
        ("Outputs may resemble the data the model was trained on.", Topic.AI_OTHER),
        ("Can we train models that are reliable under adversarial inputs?", Topic.AI_OTHER),
        ("Users must not use AI to create deepfakes that mislead viewers.", Topic.AI_OTHER),
        ("Our recommendation algorithms are based on machine learning.", Topic.AI_OTHER),
        ("Nous avons recours à une prise de décision automatisée.", Topic.AI_OTHER),
        (
            "We may use your data to develop new features, such as AI-based recommendations.",
            Topic.AI_OTHER,
        ),
        (
            "You may not use automated means, including bots or AI agents, to access the Services.",
            Topic.AI_OTHER,
        ),
        ("We do not use facial recognition.", Topic.AI_OTHER),
    ],
)
def test_hard_negatives_and_other_ai(text: str, topic: Topic) -> None:
    assert classify(text).topic is topic


@pytest.mark.parametrize(
    "text",
    [
        "We reserve all rights against text and data mining under Article 4 of Directive (EU) "
        "2019/790.",
        "Nous nous opposons à la fouille de textes et de données.",
        "robots.txt files that disallow crawling, training or other activities",
        "Customer may not use Outputs to develop or train any product that competes with ours.",
        "Use any of our content for any machine learning purposes.",
        "You may not scrape the Site to build datasets for AI.",
    ],
)
def test_third_party_training_bans(text: str) -> None:
    c = classify(text)
    assert c.topic is BAN and c.stance is None
    assert any(cue.kind == "ban" for cue in c.cues)


def test_training_a_named_model_on_user_data_is_user_data_training() -> None:
    c = classify("We build and train fraud risk models with your transaction history.")
    assert (c.topic, c.stance) == (UDT, Stance.ALLOWED)
    c = classify("Entraînement de l'algorithme de matching.", "fr")
    assert c.topic is UDT


# --- passages ---------------------------------------------------------------------------------


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in passages(text)]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "We collect data, e.g. logs, i.e. events, etc. and use it. Then we stop.",
            ["We collect data, e.g. logs, i.e. events, etc. and use it.", "Then we stop."],
        ),
        (
            "Acme Inc. trains models in the U.S. and the E.U. on version 1.2 data. Done.",
            ["Acme Inc. trains models in the U.S. and the E.U. on version 1.2 data.", "Done."],
        ),
        (
            "Mr. Smith and Dr. Jones agree. See Art. 4 DSM. Fine!",
            ["Mr. Smith and Dr. Jones agree.", "See Art. 4 DSM.", "Fine!"],
        ),
        (
            "Nous utilisons, p. ex. vos avis, ceux de M. Dupont. Puis nous arrêtons.",
            ["Nous utilisons, p. ex. vos avis, ceux de M. Dupont.", "Puis nous arrêtons."],
        ),
        (
            "Wir nutzen z. B. Daten bzw. Inhalte, siehe S. 3 und Nr. 4 usw. Danach nicht.",
            ["Wir nutzen z. B. Daten bzw. Inhalte, siehe S. 3 und Nr. 4 usw.", "Danach nicht."],
        ),
        (
            "Según el art. 5 y el Sr. García, no. Fin.",
            ["Según el art. 5 y el Sr. García, no.", "Fin."],
        ),
        (
            "Come indicato dal Dott. Rossi, dati, immagini ecc. Poi basta.",
            ["Come indicato dal Dott. Rossi, dati, immagini ecc.", "Poi basta."],
        ),
        ("Is it allowed? Yes. No.", ["Is it allowed?", "Yes.", "No."]),
    ],
)
def test_sentences_respect_abbreviations(block: str, expected: list[str]) -> None:
    assert _texts(_doc(block)) == expected


def test_passages_follow_blocks_headings_and_list_items() -> None:
    text = _doc(
        "# 1. Your Content",
        "We may use it:",
        "- First item. Second sentence.",
        "- Second item",
        "A | B | C",
    )
    assert _texts(text) == [
        "1. Your Content",
        "We may use it:",
        "First item.",
        "Second sentence.",
        "Second item",
        "A | B | C",
    ]
    for start, end in passages(text):
        assert "\n\n" not in text[start:end]
    assert passages("") == []


def test_a_line_ending_with_a_colon_ends_a_passage() -> None:
    assert _texts("We use data for:\nthe following purposes\n") == [
        "We use data for:",
        "the following purposes",
    ]


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We may use the information you provide to improve our services.", "en"),
        ("Nous pouvons utiliser les informations que vous nous fournissez.", "fr"),
        ("Wir können die Informationen verwenden, die Sie uns zur Verfügung stellen.", "de"),
        ("Podemos utilizar la información que nos proporcionas para mejorar el servicio.", "es"),
        ("Possiamo utilizzare le informazioni che ci fornisci per migliorare il servizio.", "it"),
        ("Podemos utilizar as informações que você nos fornece para melhorar o serviço.", "pt"),
        ("Os seus dados não são utilizados para treinar os nossos modelos.", "pt"),
        (
            "Wij kunnen de informatie die u ons verstrekt gebruiken om de dienst te verbeteren.",
            "nl",
        ),
        ("Uw gegevens worden niet gebruikt om onze modellen te trainen.", "nl"),
        ("", "en"),
        ("12345 67890", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# --- scan ---------------------------------------------------------------------------------------

DOCUMENT = _doc(
    "# Privacy Policy",
    "We collect your name and email address.",
    "We may use your posts and comments to train our AI models. We do not sell your data.",
    "## Restrictions",
    "You may not:",
    "- copy the Services;",
    "- use any content of the Services to train machine learning models.",
    "Ihre Nachrichten werden nicht zum Training unserer KI verwendet.",
)


def test_scan_finds_the_training_language_with_document_offsets() -> None:
    findings = scan(DOCUMENT)
    assert [(f.topic, f.stance, f.lang) for f in findings] == [
        (UDT, Stance.ALLOWED, "en"),
        (BAN, None, "en"),
        (UDT, Stance.NOT_ALLOWED, "de"),
    ]
    for f in findings:
        assert DOCUMENT[f.start : f.end] == f.text
        for cue in f.cues:
            assert f.text[cue.start : cue.end] == cue.text
    allowed, ban, german = findings
    assert allowed.text == "We may use your posts and comments to train our AI models."
    assert allowed.data == ("content",) and allowed.actors == ("provider",)
    assert ban.text.startswith("You may not:") and ban.text.endswith("machine learning models.")
    assert any(c.kind == "ban" and c.text == "You may not" for c in ban.cues)
    assert german.data == ("content",)


def test_a_list_item_is_read_with_its_lead_in() -> None:
    text = _doc(
        "We will never use your data to:",
        "- sell it to advertisers;",
        "- train our AI models.",
        "We may use your data to:",
        "- improve our services;",
        "- train our AI models.",
    )
    never, may = scan(text)
    assert never.stance is Stance.NOT_ALLOWED and may.stance is Stance.ALLOWED
    assert never.text.startswith("We will never use your data to:")
    assert any(c.kind == "negation" and c.text == "never" for c in never.cues)
    for f in (never, may):
        assert text[f.start : f.end] == f.text
        assert all(f.text[c.start : c.end] == c.text for c in f.cues)


def test_a_lead_in_reaches_past_items_without_trigger_words_and_stops_at_a_paragraph() -> None:
    text = _doc(
        "We will never use your data to:",
        "- sell it to advertisers;",
        "- share it with brokers;",
        "- train our AI models.",
        "# Heading:",
        "- train our AI models.",
        "A paragraph that ends the list of promises.",
        "- train our AI models on your posts.",
    )
    findings = scan(text)
    assert findings[0].text.startswith("We will never use your data to:")
    assert findings[0].stance is Stance.NOT_ALLOWED
    # Under a heading, or after a paragraph that is no lead-in, an item is read alone.
    assert [f.text for f in findings[1:]] == [
        "train our AI models.",
        "train our AI models on your posts.",
    ]


def test_scan_of_a_document_without_ai_language_is_empty() -> None:
    assert scan(_doc("We collect your name.", "We use cookies.")) == ()
    assert scan("") == ()


def test_scan_is_deterministic_and_fast() -> None:
    document = DOCUMENT * 200  # ~60 KB
    assert len(document) > 50_000
    start = time.perf_counter()
    first = scan(document)
    elapsed = time.perf_counter() - start
    assert scan(document) == first
    # Findings are a set: the document repeats the same few clauses 200 times.
    keys = [clause_key(f) for f in first]
    assert len(keys) == len(set(keys)) < 10
    assert {clause_key(f) for f in scan(DOCUMENT)} <= set(keys)
    assert elapsed < 1.0  # well under 100 ms on a laptop; generous for loaded CI machines


# --- compare ------------------------------------------------------------------------------------

EN = _doc(
    "# Terms",
    "1. We may use your content to train our AI models.",
    "2. You may not use the Services to develop machine learning models.",
)
FR = _doc(
    "# Conditions",
    "1. Nous pouvons utiliser vos contenus pour entraîner nos modèles d'IA.",
    "2. Vous ne pouvez pas utiliser les Services pour développer des modèles d'apprentissage "
    "automatique.",
)


def test_a_language_flip_is_no_change() -> None:
    assert len(scan(EN)) == len(scan(FR)) == 2
    assert compare(scan(EN), scan(FR)) is None
    assert compare(scan(FR), scan(EN)) is None


def test_rewording_renumbering_and_formatting_are_no_change() -> None:
    reworded = _doc(
        "## Conditions of use",
        "3. Your content may be used to train our AI models.",
        "4. You must not use the Services to build machine learning models.",
    )
    assert compare(scan(EN), scan(reworded)) is None
    moved = _doc(EN.split("\n\n")[2], EN.split("\n\n")[1])
    assert compare(scan(EN), scan(moved)) is None
    assert compare(scan(EN), scan(EN)) is None


def test_will_not_becoming_may_is_a_more_permissive_change() -> None:
    old = scan(_doc("We will not use your content to train our AI models."))
    new = scan(_doc("We may use your content to train our AI models."))
    change = compare(old, new)
    assert change is not None
    assert change.kind is AIChangeKind.CHANGED
    assert change.direction is Direction.MORE_PERMISSIVE and change.severity == "high"
    (one,) = change.changes
    assert one.before.stance is Stance.NOT_ALLOWED and one.after.stance is Stance.ALLOWED
    back = compare(new, old)
    assert back.direction is Direction.LESS_PERMISSIVE and back.severity == "low"


def test_appeared_and_removed() -> None:
    base = scan(_doc("We collect your name."))
    added = scan(_doc("We collect your name.", "We may use your posts to train AI models."))
    change = compare(base, added)
    assert change.kind is AIChangeKind.APPEARED
    assert change.direction is Direction.MORE_PERMISSIVE
    assert compare([], added).kind is AIChangeKind.APPEARED
    gone = compare(added, base)
    assert gone.kind is AIChangeKind.REMOVED and gone.direction is Direction.LESS_PERMISSIVE
    restriction = scan(_doc("We never use your data to train our AI models."))
    assert compare(restriction, []).direction is Direction.MORE_PERMISSIVE
    assert compare([], restriction).direction is Direction.LESS_PERMISSIVE
    assert compare([], []) is None


def test_a_removed_third_party_ban_is_more_permissive() -> None:
    ban = scan(_doc("You may not use our content to train artificial intelligence models."))
    assert ban[0].topic is BAN
    change = compare(ban, [])
    assert change.kind is AIChangeKind.REMOVED
    assert change.direction is Direction.MORE_PERMISSIVE


def test_a_substance_change_with_the_same_stance_is_a_change() -> None:
    old = scan(_doc("We may use any of the above information to improve our AI models."))
    new = scan(_doc("We may use most of the above information to improve our AI models."))
    assert scope_labels(old[0]) == {"all"} and scope_labels(new[0]) == {"partial"}
    change = compare(old, new)
    assert change.kind is AIChangeKind.CHANGED
    assert change.direction is Direction.LESS_PERMISSIVE
    improve = scan(_doc("We use your content to improve our AI models."))
    train = scan(_doc("We use your content to train and improve our AI models."))
    assert not explicit_training(improve[0]) and explicit_training(train[0])
    assert compare(improve, train).kind is AIChangeKind.CHANGED


def test_mixed_changes_are_changed_and_the_most_serious_direction_wins() -> None:
    old = scan(_doc("We never use your data to train our AI models."))
    new = scan(
        _doc(
            "You may not scrape the Site to train AI models.",
            "We may use your posts to train AI models.",
        )
    )
    change = compare(old, new)
    assert change.kind is AIChangeKind.CHANGED
    assert change.direction is Direction.MORE_PERMISSIVE
    assert {c.kind for c in change.changes} >= {AIChangeKind.APPEARED}
    assert [c.after.start if c.after else c.before.start for c in change.changes] == sorted(
        c.after.start if c.after else c.before.start for c in change.changes
    )


def test_compare_is_deterministic_and_takes_any_sequence() -> None:
    old, new = scan(EN), scan(_doc("We will not use your content to train our AI models."))
    assert compare(old, new) == compare(list(old), list(new))
    assert PERMISSIVENESS[Stance.ALLOWED] > PERMISSIVENESS[Stance.NOT_ALLOWED]


def test_findings_built_by_hand_compare_by_what_they_say() -> None:
    def finding(text: str, lang: str, stance: Stance) -> Finding:
        return Finding(text, 0, len(text), lang, UDT, stance, 0.9, (), ("content",), ("provider",))

    a = finding("We train on your posts.", "en", Stance.ALLOWED)
    b = finding("Nous entraînons sur vos publications.", "fr", Stance.ALLOWED)
    assert compare([a], [b]) is None
    c = finding("We train on your posts unless you opt out.", "en", Stance.OPT_OUT)
    change = compare([a], [c])
    assert change.kind is AIChangeKind.CHANGED and change.direction is Direction.LESS_PERMISSIVE


# --- lexicon and purity -----------------------------------------------------------------------


def test_every_language_has_a_valid_lexicon() -> None:
    for lang in LANGUAGES:
        lex = lexicon(lang)
        assert lex.lang == lang
        for name in ("ai", "train", "negation", "ban", "opt_out", "consent", "use"):
            assert lex.groups[name] is not None, (lang, name)
        assert set(lex.groups) == set(GROUPS)
        assert lex.data.labels[-1] == "data"  # the generic label comes last
        assert lex.stopwords and lex.abbreviations


def test_the_detect_package_imports_only_models_and_errors_of_ours() -> None:
    package = Path(__file__).parents[1] / "watcher" / "detect"
    allowed = {"watcher.models", "watcher.errors", "watcher.languages"}
    sources = list(package.rglob("*.py"))
    assert len(sources) >= 6
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("watcher"):
                assert module in allowed or module.startswith("watcher.detect"), source
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("watcher") for a in node.names), source
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open":
                pytest.fail(f"{source} opens a file")


def test_modules_stay_small() -> None:
    package = Path(__file__).parents[1] / "watcher" / "detect"
    for source in package.rglob("*.py"):
        assert len(source.read_text(encoding="utf-8").splitlines()) <= 450, source


# --- changes of reach, duplicates, lists ----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "direction"),
    [
        # a plan dropped from a no-training commitment: fewer people protected
        (
            "We do not use data from Enterprise, Team and Edu plans to train our AI models.",
            "We do not use data from Enterprise and Edu plans to train our AI models.",
            Direction.MORE_PERMISSIVE,
        ),
        (
            "Nous n'utilisons pas les données des offres Entreprise, Équipe et Éducation pour "
            "entraîner nos modèles d'IA.",
            "Nous n'utilisons pas les données des offres Entreprise et Éducation pour entraîner "
            "nos modèles d'IA.",
            Direction.MORE_PERMISSIVE,
        ),
        # a ban extended from one kind of AI to all of it
        (
            "You may not use our content to train generative AI models.",
            "You may not use our content to train any AI models.",
            Direction.LESS_PERMISSIVE,
        ),
        # more data under a permission
        (
            "We may use your posts to train our AI models.",
            "We may use your posts and comments to train our AI models.",
            Direction.MORE_PERMISSIVE,
        ),
        (
            "Wir können Ihre Beiträge und Kommentare zum Training unserer KI-Modelle verwenden.",
            "Wir können Ihre Beiträge zum Training unserer KI-Modelle verwenden.",
            Direction.LESS_PERMISSIVE,
        ),
    ],
)
def test_a_clause_that_reaches_further_or_less_far_is_changed(
    old: str, new: str, direction: Direction
) -> None:
    change = compare(scan(_doc(old)), scan(_doc(new)))
    assert change is not None and change.kind is AIChangeKind.CHANGED
    assert change.direction is direction
    (one,) = change.changes
    assert one.before.stance == one.after.stance


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a clause appended after the commitment changes no one's data
        (
            "We do not use your data to train our AI models.",
            "We do not use your data to train our AI models, as explained below.",
        ),
        # reordered sentences
        (
            "We do not use your data to train our AI models. We do not sell it.",
            "We do not sell your data. We do not use your data to train our AI models.",
        ),
    ],
)
def test_an_appended_clause_or_a_reordering_is_no_change(old: str, new: str) -> None:
    assert compare(scan(_doc(old)), scan(_doc(new))) is None


def test_a_clause_shown_twice_is_one_finding_and_its_duplicate_no_change() -> None:
    clause = "We may use your posts to train our AI models."
    once = scan(_doc("# Current terms", clause))
    twice = scan(_doc("# Upcoming terms", clause, "# Current terms", clause))
    assert len(once) == len(twice) == 1
    assert compare(once, twice) is None and compare(twice, once) is None
    # Findings stored before findings were a set may hold the clause twice.
    assert compare(list(once) * 2, once) is None


def test_a_list_split_into_items_is_no_change() -> None:
    inline = scan(_doc("We will never use your content to train our AI models."))
    listed = scan(
        _doc("We will never use your content to:", "- sell it;", "- train our AI models.")
    )
    assert [f.stance for f in listed] == [Stance.NOT_ALLOWED]
    assert compare(inline, listed) is None


def test_a_retranslation_with_the_same_meaning_is_no_change() -> None:
    old = scan(_doc("Não utilizamos os seus dados para treinar os nossos modelos de IA."))
    new = scan(_doc("Os seus dados não são utilizados para treinar os nossos modelos de IA."))
    assert old[0].stance is new[0].stance is Stance.NOT_ALLOWED
    assert compare(old, new) is None


def test_a_list_inside_one_sentence_is_read_item_by_item_with_its_lead_in() -> None:
    text = _doc(
        "You agree not to: (a) copy or resell the Service; (b) use the Service or its content "
        "to train artificial intelligence models; (c) harass other users.",
        "Nous utilisons vos informations pour : fournir les Services ; respecter la loi ; "
        "entraîner nos modèles d'IA ; nous ne vendons pas vos données.",
    )
    ban, udt = scan(text)
    assert ban.topic is BAN and ban.text.startswith("You agree not to:")
    assert ban.text.endswith("to train artificial intelligence models;")
    assert "harass" not in ban.text
    # The negation of another item ("nous ne vendons pas") does not reach the training item.
    assert udt.topic is UDT and udt.stance is Stance.ALLOWED
    assert udt.text.endswith("entraîner nos modèles d'IA ;")
    for f in (ban, udt):
        assert text[f.start : f.end] == f.text
        assert all(f.text[c.start : c.end] == c.text for c in f.cues)


# --- the statistical second opinion -------------------------------------------------------


def test_the_second_opinion_rescues_what_the_rules_miss_and_says_so() -> None:
    text = (
        "With your consent, we will use voice recordings to inform training and product "
        "improvement."
    )
    assert classify(text, second_opinion=False).topic is Topic.NONE
    c = classify(text)
    assert c.topic is UDT and c.stance is Stance.CONSENT
    (model,) = [q for q in c.cues if q.kind == "model"]
    assert text[model.start : model.end] == model.text != ""
    assert c.confidence < 0.5  # below every rule's


def test_the_second_opinion_is_deterministic_and_never_overrides_the_rules() -> None:
    from watcher.detect.second_opinion import features, opinion

    text = "We will not use your posts to train our AI models."
    assert classify(text) == classify(text, second_opinion=False)
    a, b = opinion(text), opinion(text)
    assert a == b and 0.0 <= a.probability <= 1.0
    f = features("Train AI")
    assert abs(sum(v * v for v in f.values()) - 1.0) < 1e-9
    assert " ai " in f and " tr" in f and "ain " in f
    # Passages with neither an AI word nor a training word are never sent to it.
    assert classify("We collect your name and address to ship your orders.").topic is Topic.NONE


@pytest.mark.parametrize(
    ("permission", "condition", "stance"),
    [
        (
            "We use your messages to train our AI models.",
            "You can object to this at any time in your settings.",
            Stance.OPT_OUT,
        ),
        (
            "Nous utilisons vos publications pour entraîner nos modèles d'IA.",
            "Vous pouvez vous y opposer depuis les paramètres de votre compte.",
            Stance.OPT_OUT,
        ),
        (
            "Wij gebruiken uw berichten om onze taalmodellen te trainen.",
            "U kunt hiertegen bezwaar maken via de instellingen.",
            Stance.OPT_OUT,
        ),
    ],
)
def test_a_permission_is_read_with_the_sentence_that_says_how_to_refuse(
    permission: str, condition: str, stance: Stance
) -> None:
    text = _doc(f"{permission} {condition}")
    (finding,) = scan(text)
    assert finding.stance is stance
    assert finding.text == f"{permission} {condition}"
    assert all(finding.text[c.start : c.end] == c.text for c in finding.cues)
    # A following sentence about something else leaves the permission alone.
    (alone,) = scan(_doc(f"{permission} We keep invoices for ten years."))
    assert alone.stance is Stance.ALLOWED and alone.text == permission


def test_a_refusal_is_read_with_the_opt_in_exception_after_it() -> None:
    refusal = "We do not use your conversations to train our AI models."
    exception = "The exception is when you choose to rate a response with thumbs up or down."
    (finding,) = scan(_doc(f"{refusal} {exception}"))
    assert finding.stance is Stance.CONSENT and finding.text.endswith(exception)
    (alone,) = scan(_doc(f"{refusal} You can delete your account at any time."))
    assert alone.stance is Stance.NOT_ALLOWED and alone.text == refusal


# The Zoom 2023 and Slack 2024 clauses, in French as French-language sources rendered them.
ZOOM_SLACK_FR = [
    (
        "Vous acceptez que Zoom accède aux données générées par le service, les utilise, les "
        "collecte, les crée, les modifie, les distribue, les traite, les partage, les maintienne "
        "et les stocke à toutes fins, y compris à des fins d'apprentissage automatique ou "
        "d'intelligence artificielle (y compris à des fins de formation et de réglage des "
        "algorithmes et des modèles).",
        Stance.ALLOWED,
    ),
    (
        "Zoom n'utilise aucun de vos contenus audio, vidéo, de chat, de partage d'écran, de pièces "
        "jointes ou d'autres contenus client de type communication pour entraîner les modèles "
        "d'intelligence artificielle de Zoom ou de tiers.",
        Stance.NOT_ALLOWED,
    ),
    (
        "Pour développer des modèles d'IA/ML, nos systèmes analysent les Données client (par "
        "exemple, les messages, le contenu et les fichiers) envoyées à Slack.",
        Stance.ALLOWED,
    ),
    (
        "Si vous souhaitez exclure vos Données client de l'entraînement des modèles globaux de "
        "Slack, vous pouvez vous désinscrire en écrivant à notre équipe Expérience client.",
        Stance.OPT_OUT,
    ),
    (
        "Slack n'entraîne pas de grands modèles de langage (LLM) sur les données client.",
        Stance.NOT_ALLOWED,
    ),
]


@pytest.mark.parametrize(("text", "stance"), ZOOM_SLACK_FR)
def test_the_zoom_and_slack_clauses_in_french(text: str, stance: Stance) -> None:
    c = classify(text)
    assert (c.topic, c.stance, c.lang) == (UDT, stance, "fr")


def test_entrainer_that_causes_is_no_training() -> None:
    assert classify("Tout manquement entraîne la résiliation du compte.").topic is Topic.NONE


# --- passages as a reader reads them ------------------------------------------------------


def test_pdf_ligatures_and_line_end_hyphens_are_read_as_words() -> None:
    from watcher.detect.reading import reading_form

    text = "Nous pouvons utiliser vos données pour entraî-\nner nos modèles d'IA et les afﬁner."
    reading, back = reading_form(text)
    assert "entraîner" in reading and "affiner" in reading
    assert back is not None and len(back) == len(reading) + 1
    c = classify(text)
    assert c.topic is UDT and c.stance is Stance.ALLOWED
    training = next(q for q in c.cues if q.kind == "training")
    assert training.text == text[training.start : training.end] == "entraî-\nner"


def test_sentences_glued_by_extraction_are_two_passages() -> None:
    text = "Nous traitons vos données.Utilisation de l'IA : nous entraînons nos modèles d'IA."
    assert [text[a:b] for a, b in passages(text)] == [
        "Nous traitons vos données.",
        "Utilisation de l'IA : nous entraînons nos modèles d'IA.",
    ]
    # An initial, a dotted acronym or a domain is no sentence end.
    assert len(passages("Ask J.Smith at the U.S.A. office about example.com terms.")) == 1


def test_an_address_is_never_a_passage_nor_a_cue() -> None:
    assert scan(_doc("https://example.com/ai/train-our-models-on-your-data")) == ()
    text = "We also use [algorithms](https://example.com/privacy#train-ai-models) to sort results."
    assert classify(text).topic is not UDT
    assert detect_language("[Help & Learning](https://help.example.com/hc/)") == "en"


# --- from a review of this detector: hostile input, conditions, compounds, reach -----------


def test_addresses_are_looked_for_in_linear_time() -> None:
    # "@." repeated made the address pattern cubic; bounded parts keep it linear.
    text = "@." * 2500 + "\n\nAI training.\n\n"
    assert [f.text for f in scan(text)] == ["AI training."]
    assert detect_language("@." * 2500) == "en"
    assert classify("@ we train AI on " + "a." * 10000).topic in (Topic.AI_OTHER, UDT)
    # A company name glued to "AI" is looked for just before it, not in the whole prefix.
    assert scan("\n\n".join("AI-" * 480 + f"x{i}" for i in range(14))) == ()


def test_we_do_not_train_is_no_do_not_train_flag() -> None:
    assert classify("We do not train our models on your chats.").stance is Stance.NOT_ALLOWED
    flagged = (
        'Unless a Contributor has applied the "Do Not Train" flag, we may use the asset to '
        "train our AI models."
    )
    assert classify(flagged).stance is Stance.OPT_OUT


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "Please note: we use your conversations to train our AI models; you can opt out at "
            "any time in your settings.",
            Stance.OPT_OUT,
        ),
        (
            "We use your messages to train our AI models. You can opt out of cookies in your "
            "browser settings.",
            Stance.ALLOWED,
        ),
        (
            "We don't use your chats to train our AI models. Cookies are only set with your "
            "consent.",
            Stance.NOT_ALLOWED,
        ),
    ],
)
def test_a_condition_counts_only_where_it_is_about_the_clause(text: str, stance: Stance) -> None:
    (finding,) = scan(_doc(text))
    assert finding.stance is stance


def test_a_word_cut_at_a_line_end_is_found_and_a_compound_is_kept() -> None:
    (finding,) = scan(
        _doc("We will use your conversations for the trai-\nning of our chat-\nbots.")
    )
    assert finding.topic is UDT
    assert classify("Wir nutzen Ihre Inhalte für das KI-\nTraining.").topic is not Topic.NONE


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "We use your posts and comments to train our AI models.",
            "We use your posts and public comments to train our AI models.",
        ),
        (
            "We use the content of messages to train our AI models.",
            "We use the content of private messages to train our AI models.",
        ),
        (
            "We use your posts, to train our AI models.",
            "We use your posts, except private ones, to train our AI models.",
        ),
        (
            "We use de-identified content to train our AI models.",
            "We use de-identi\ufb01ed content to train our AI models.",
        ),
    ],
)
def test_a_qualifier_an_exception_or_a_ligature_widens_nothing(old: str, new: str) -> None:
    change = compare(scan(_doc(old)), scan(_doc(new)))
    assert change is None or change.direction is not Direction.MORE_PERMISSIVE


def test_more_data_under_consent_is_neither_more_nor_less_permissive() -> None:
    old = scan(_doc("With your consent, we use your posts to train our AI models."))
    new = scan(_doc("With your consent, we use your posts and comments to train our AI models."))
    change = compare(old, new)
    assert change is not None and change.direction is Direction.NEUTRAL
