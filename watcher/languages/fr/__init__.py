"""French vocabulary."""

from watcher.languages.fr.detector import PATTERNS as PATTERNS

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"r[ée]sultats\s+g[ée]n[ée]r[ée]s", r"sorties?"),
    "conversations": (
        r"requ[êe]tes?|invites?|prompts?|entr[ée]es?|conversations?|[ée]changes?|interactions?",
        r"discussions?|questions?",
    ),
    "content": (
        r"textes?",
        r"contenus?|publications?|posts?|fichiers?|photos?|images?|vid[ée]os?|commentaires?",
        r"documents?|messages?|e-?mails?|courriels?|cr[ée]ations?|avis",
    ),
    "personal_data": (
        r"donn[ée]es\s+(?:à\s+caract[èe]re\s+)?personnelles|informations\s+personnelles",
    ),
    "usage": (
        r"historiques?\s+(?:d'achats?|de\s+navigation|de\s+recherche|de\s+commandes?)",
        r"donn[ée]es\s+d'utilisation",
        r"activit[ée]s?",
        r"journaux",
        r"t[ée]l[ée]m[ée]trie",
        r"donn[ée]es\s+de\s+(?:navigation|g[ée]olocalisation|localisation|connexion)",
        r"m[ée]tadonn[ée]es",
        r"comportements?\s+de\s+navigation",
    ),
    "public_data": (
        r"(?:accessibles?|disponibles?)\s+publiquement",
        r"publiquement\s+(?:accessibles?|disponibles?)",
        r"sources?\s+publiques",
        r"informations\s+publiques",
        r"donn[ée]es\s+publiques",
    ),
    "feedback": (r"retours?", r"feedback", r"commentaires\s+sur"),
    "recordings": (r"enregistrements?(?:\s+(?:audio|vocaux|vid[ée]o))?", r"voix", r"audio"),
    "sensitive": (
        r"donn[ée]es\s+(?:de\s+sant[ée]|sensibles|biom[ée]triques)",
        r"biom[ée]tri\w+",
        r"donn[ée]es\s+des\s+enfants",
    ),
    "data": (r"donn[ée]es", r"informations?"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"nous", r"nos", r"notre"),
    "affiliates": (r"affili[ée]+s?", r"soci[ée]t[ée]s\s+(?:du|de\s+notre)\s+groupe", r"filiales?"),
    "partners": (r"partenaires?",),
    "vendors": (r"fournisseurs?|prestataires?|sous-traitants?|sous-traitants\s+ult[ée]rieurs",),
    "third_party_model_providers": (
        r"fournisseurs?\s+(?:d'IA|de\s+mod[èe]les?)",
        r"mod[èe]les?\s+(?:d'IA\s+)?(?:tiers|de\s+tiers)",
    ),
    "third_parties": (r"tiers", r"quiconque"),
    "users": (r"vous", r"utilisateurs?", r"clients?"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"tou(?:t|te|s|tes)", r"l'ensemble", r"n'importe\s+quel\w*"),
    "partial": (r"certain\w*", r"la\s+plupart", r"une\s+partie", r"quelques", r"limit[ée]+s?"),
    "deidentified": (
        r"anonymis[ée]+s?|d[ée]-?identifi[ée]+s?|agr[ée]g[ée]+s?|pseudonymis[ée]+s?|anonymes?",
    ),
}

STOPWORDS = """
le les des du et est sont que qui pour dans sur avec une nous vous votre vos notre nos ne
pas par au aux ce cette ces il elle ils leur leurs être peut peuvent ou plus afin lorsque
comme tout tous toute toutes son sa ses été avons avez aussi dont où êtes d'une d'un
l'utilisation qu'il n'est c'est
"""

ABBREVIATIONS = """
p ex cf m mm mme mmes mlle mlles av bd etc env art al chap min max pp vol éd cie réf tél n°
nº s.a s.a.s
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "aliment",
    "recalibr",
    "apprentissage",
    "entraîn",
    "entrain",
    "modèle",
    "générati",
    "bot de",
    "fouille",
    "122-5-3",
    "automatis",
    "hypertrucage",
    " formation",
    " former",
    " forman",
    " formons",
    " formé",
    "affiner",
    "affinage",
    "affiné",
    "conversationnel",
    "langage",
    "reconnaissance",
    "vision par ordinateur",
    "réglage",
    "reglage",
    "appren",
    "distill",
    "génération d",
    "traduction automatique",
    "transcription automatique",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = "y en cela ceci ce cette ces celui celle ceux exception"

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
SHORT_MONTHS = ("janv", "fev fevr", "", "avr", "", "", "juil", "", "sept", "oct", "nov", "dec")
DATE_CUES = (
    r"derniere (?:mise a jour|modification|revision)",
    r"mise? a jour le",
    r"date de (?:la )?(?:derniere )?mise a jour",
    r"en vigueur (?:le|au|a compter du|a partir du|depuis le)",
    r"date d'(?:entree en vigueur|effet|application)",
    r"entree en vigueur",
    r"version du",
)
DATE_CUE_WORDS = ("mise? a jour",)
DATE_LINK_WORDS = "le du au a compter partir depuis"
TIME_UNITS = r"secondes?|minutes?|heures?"
COUNT_WORDS = "une? un"
RELATIVE_TIMES = (("il y a ", r"\bil y a\s+{count}\s+{units}\b"),)
SECTION_WORDS = "paragraphes?|alineas?|annexe|chapitre|titre|articles?"
JOINERS = "et ou a au"
LETTERS = "çêèàùœâî"
