"""Italian vocabulary. Lower-case "ai" is a preposition: the AI acronym is case-sensitive."""

from watcher.languages.it.detector import PATTERNS as PATTERNS

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"output", r"risultati\s+generati"),
    "conversations": (
        r"prompts?|input|conversazion[ei]|chat|richiest[ae]|interazion[ei]|domand[ae]",
    ),
    "content": (
        r"testi",
        r"contenut[oi]|post|pubblicazion[ei]|file|fot[oi]|immagin[ei]|video|comment[oi]",
        r"document[oi]|messaggi|e-?mail",
    ),
    "personal_data": (r"dati\s+personali", r"informazioni\s+personali"),
    "usage": (
        r"(?:cronologia|storico)\s+(?:degli\s+acquisti|di\s+navigazione|delle\s+ricerche|degli\s+ordini)",
        r"dati\s+di\s+utilizzo",
        r"attività",
        r"log",
        r"telemetria",
        r"dati\s+di\s+(?:navigazione|posizione|localizzazione)",
        r"metadati",
    ),
    "public_data": (
        r"pubblicamente\s+disponibil[ei]|disponibil[ei]\s+pubblicamente|fonti\s+pubbliche",
        r"dati\s+pubblici",
    ),
    "feedback": (r"feedback", r"valutazion[ei]"),
    "recordings": (r"registrazion[ei](?:\s+vocal[ei])?", r"voce", r"audio"),
    "sensitive": (r"dati\s+(?:sanitari|sensibili|biometrici|relativi\s+alla\s+salute)",),
    "data": (r"dati", r"informazion[ei]"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"noi", r"nostr[oaie]"),
    "affiliates": (r"affiliat[ei]", r"societ[àa]\s+del\s+gruppo", r"controllat[ei]"),
    "partners": (r"partner",),
    "vendors": (r"fornitor[ei]", r"responsabili\s+del\s+trattamento", r"sub-?responsabili"),
    "third_party_model_providers": (r"fornitor[ei]\s+di\s+(?:IA|AI|modelli)",),
    "third_parties": (r"terzi",),
    "users": (r"utent[ei]", r"client[ei]"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"tutt[oaie]", r"qualsiasi", r"ogni"),
    "partial": (r"alcun[ie]", r"cert[ie]", r"la\s+maggior\s+parte", r"parte", r"determinat[ie]"),
    "deidentified": (r"anonimizzat[ie]", r"aggregat[ie]", r"pseudonimizzat[ie]", r"anonim[ie]"),
}

STOPWORDS = """
il lo gli della delle dei degli e è che per una uno non sono alla alle nel nella nei le i di
da dal dalla suo sua tuoi tue tuo tua nostro nostra nostri nostre questo questa questi può
possono anche come quando se più essere dati servizio vengono viene si ogni
"""

ABBREVIATIONS = """
sig sigg dott dr ecc art artt pag pagg n nn es p cfr c.d s.p.a srl spa tel avv ing prof
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "aliment",
    "ricalibr",
    "affin",
    "apprendimento",
    "addestr",
    "estrazione",
    "linguaggio",
    "riconoscimento",
    "messa a punto",
    "insegn",
    "allena",
    "distill",
    "generazione di",
    "traduzione automatica",
    "trascrizione automatica",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = "ciò questo questa questi queste tale tali lo vi eccezione"

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
SHORT_MONTHS = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")
DATE_CUES = (
    r"ultim[oa] (?:aggiornamento|modifica|revisione)",
    r"data (?:dell'|di )?(?:ultimo aggiornamento|ultima modifica)",
    r"(?:data di )?entrata in vigore",
    r"in vigore (?:dal|a partire dal|da)",
    r"aggiornat[oa] (?:il|al)",
    r"data di (?:efficacia|decorrenza)",
    r"efficace (?:dal|a partire dal)",
    r"versione del",
)
DATE_CUE_WORDS = ("aggiornat[oa]",)
DATE_LINK_WORDS = "il dal al da in data"
TIME_UNITS = r"secondi|secondo|minuti|minuto|ore|ora"
COUNT_WORDS = "una? un"
RELATIVE_TIMES = ((" fa", r"\b{count}\s+{units}\s+fa\b"),)
SECTION_WORDS = "sezione|sezioni|articol[oi]|clausol[ae]|paragrafo|comma|allegato|capitolo"
JOINERS = "e ed al"
LETTERS = "ì"
