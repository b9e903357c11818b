"""German vocabulary. German puts verbs last and negations after objects: see classify."""

from watcher.languages.de.detector import PATTERNS as PATTERNS
from watcher.languages.de.detector import VERB_LAST as VERB_LAST

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"Ausgaben?", r"generierte[nr]?\s+Ergebnisse?"),
    "conversations": (
        r"Eingaben?|Prompts?|Chats?|Chatverl\w+|Unterhaltung\w*|Konversation\w*|Anfragen?",
        r"Interaktion\w*|Gespräch\w*",
    ),
    "content": (
        r"Texte?n?",
        r"Inhalte?n?|\w+inhalte?n?|Beiträge?n?|Beitrags?|Dateien|Fotos?|Bilder?n?|Videos?",
        r"Kommentare?n?|Dokumente?n?|Nachrichten|E-?Mails?",
    ),
    "personal_data": (
        r"personenbezogene[nr]?\s+Daten",
        r"persönliche[nr]?\s+(?:Daten|Informationen)",
    ),
    "usage": (
        r"(?:Kauf|Such|Browser|Bestell)verlauf\w*|Kaufhistorie",
        r"Nutzungsdaten|Aktivität\w*|Protokoll\w*|Telemetrie\w*|Standortdaten|Metadaten",
        r"Surfverhalten|Nutzungsverhalten",
    ),
    "public_data": (
        r"öffentlich\s+(?:verfügbare[nr]?|zugängliche[nr]?)",
        r"öffentliche[nr]?\s+(?:Quellen|Informationen|Daten|Beiträge\w*)",
    ),
    "feedback": (r"Feedback", r"Rückmeldung\w*", r"Bewertung\w*"),
    "recordings": (r"\w*[Aa]ufnahme\w*|Aufzeichnung\w*|Stimme|Sprachdaten|Audio\w*",),
    "sensitive": (r"Gesundheitsdaten", r"biometrische[nr]?\s+Daten", r"Daten\s+von\s+Kindern"),
    "data": (r"Daten", r"Informationen", r"\w+daten"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"wir", r"uns", r"unsere[nmrs]?"),
    "affiliates": (r"verbundene[nr]?\s+Unternehmen", r"Konzern\w*", r"Tochtergesellschaft\w*"),
    "partners": (r"Partner\w*",),
    "vendors": (r"Dienstleister\w*", r"Auftragsverarbeiter\w*", r"Anbieter\w*", r"Lieferant\w*"),
    "third_party_model_providers": (r"KI-Anbieter\w*|Modellanbieter\w*|KI-Modelle\s+Dritter",),
    "third_parties": (r"Dritte\w*", r"Drittanbieter\w*"),
    "users": (r"Sie", r"Nutzer\w*", r"Kunden\w*"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"alle[nmrs]?", r"sämtliche\w*", r"jegliche\w*"),
    "partial": (r"einige\w*", r"bestimmte\w*", r"die\s+meisten", r"ausgewählte\w*", r"Teile?"),
    "deidentified": (r"anonymisiert\w*", r"aggregiert\w*", r"pseudonymisiert\w*", r"anonyme\w*"),
}

STOPWORDS = """
der die das und ist sind nicht mit für von zu zum zur den dem des ein eine einen einem einer
wir sie ihr ihre ihren ihrer ihnen unsere unser unseren unserer auf auch werden wird kann
können oder wenn bei durch aus nach über um sich dass als wie nur diese dieser dieses keine
kein im haben hat
"""

ABBREVIATIONS = """
z b bzw usw ggf evtl vgl inkl exkl ca s nr abs d h u a ä o sog bspw gem lit ziff str tel dr
prof st ff f etc zzgl
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "einspeis",
    "eingespeist",
    "kalibrier",
    "verfeiner",
    "lernen",
    "lernt",
    "gelernt",
    "anlern",
    "angelernt",
    "44b",
    "sprach",
    "erkennung",
    "assistent",
    "feinabstimm",
    "beibring",
    "beigebracht",
    "lehren",
    "destillier",
    "generier",
    "generator",
    "übersetzung",
    "selbstlernend",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = (
    "dies diese dieser dieses diesem diesen dem dagegen hiergegen davon darauf hierfür dafür"
)

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "januar janner",
    "februar",
    "marz maerz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
SHORT_MONTHS = (
    "jan",
    "feb febr",
    "mrz",
    "apr",
    "",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dez",
)
DATE_CUES = (
    r"zuletzt (?:aktualisiert|geandert|uberarbeitet)",
    r"letzte (?:aktualisierung|anderung|uberarbeitung)",
    r"gultig (?:ab|seit)",
    r"in kraft (?:seit|ab)",
    r"(?:datum des )?inkrafttretens?",
    r"stand:",
)
DATE_CUE_WORDS = ("stand", "aktualisiert")
DATE_LINK_WORDS = "am vom ab seit zum"
TIME_UNITS = r"sekunden?|minuten?|stunden?"
COUNT_WORDS = "einer?"
RELATIVE_TIMES = (("vor ", r"\bvor\s+{count}\s+{units}\b"),)
SECTION_WORDS = (
    "abschnitte?|ziffer|ziff|absatz|abs|artikel|paragraf|nr|nummer|punkt|kapitel|anhang|anlage"
)
JOINERS = "und oder bis"
LETTERS = "äöüß"
