"""Dutch vocabulary. Like German, Dutch puts verbs last in subclauses and "niet" after objects."""

from watcher.languages.nl.detector import PATTERNS as PATTERNS
from watcher.languages.nl.detector import VERB_LAST as VERB_LAST

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"output", r"uitvoer", r"gegenereerde\s+resultaten"),
    "conversations": (
        r"invoer|prompts?|chats?|gesprekk?\w*|conversaties?|vragen|interacties?|verzoeken",
    ),
    "content": (
        r"teksten",
        r"inhoud|content|berichten|bericht|bestanden|foto's|afbeeldingen|video's|reacties",
        r"documenten|e-?mails?|posts?",
    ),
    "personal_data": (r"persoonsgegevens", r"persoonlijke\s+(?:gegevens|informatie)"),
    "usage": (
        r"(?:aankoop|zoek|bestel|kijk)geschiedenis",
        r"gebruiksgegevens|activiteit\w*|logbestanden|logs|telemetrie|locatiegegevens|metadata",
        r"surfgedrag|gebruiksgedrag",
    ),
    "public_data": (
        r"openbaar\s+(?:beschikbare|toegankelijke)",
        r"openbare\s+(?:bronnen|informatie|gegevens)",
    ),
    "feedback": (r"feedback", r"beoordeling\w*"),
    "recordings": (r"opnamen?|opnames|spraakopnamen?|stem|audio\w*",),
    "sensitive": (r"gezondheidsgegevens", r"biometrische\s+gegevens", r"gegevens\s+van\s+kinderen"),
    "data": (r"gegevens", r"informatie", r"data", r"\w+gegevens"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"wij", r"we", r"ons", r"onze"),
    "affiliates": (
        r"gelieerde\s+(?:ondernemingen|bedrijven)",
        r"groepsmaatschappij\w*",
        r"dochterondernemingen",
        r"concern\w*",
    ),
    "partners": (r"partners?",),
    "vendors": (
        r"dienstverleners?",
        r"verwerkers?",
        r"leveranciers?",
        r"aanbieders?",
        r"subverwerkers?",
    ),
    "third_party_model_providers": (r"AI-aanbieders?|modelaanbieders?|AI-modellen\s+van\s+derden",),
    "third_parties": (r"derden", r"derde\s+partijen"),
    "users": (r"u", r"gebruikers?", r"klanten?"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"alle", r"al\s+uw", r"elke?"),
    "partial": (r"sommige", r"bepaalde", r"de\s+meeste", r"een\s+deel", r"geselecteerde"),
    "deidentified": (r"geanonimiseerde?", r"geaggregeerde?", r"gepseudonimiseerde?", r"anonieme?"),
}

STOPWORDS = """
het een van en niet met voor wij we u uw zijn worden wordt deze dit die dat op te ook of om
bij naar onze ons door kunnen kan heeft hebben als aan uit er zal zullen wanneer geen alle
welke hun gebruiken gegevens
"""

ABBREVIATIONS = """
bijv bv enz d.w.z dwz i.e nr art blz o.a m.b.t t.a.v e.d etc vs resp incl excl max min
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "voed",
    "herkalibr",
    "machinaal",
    "datamining",
    "herkenning",
    "verfijn",
    "bijgeschaafd",
    "bij te schaven",
    "leren",
    "leert",
    "geleerd",
    "distiller",
    "generatie",
    "machinevertaling",
    "automatische vertaling",
    "zelflerend",
    "taalmodel",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = (
    "dit dat deze hiertegen daartegen hierop daarop dergelijke hiervan daarvan uitzondering"
)

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
SHORT_MONTHS = (
    "jan",
    "feb",
    "mrt",
    "apr",
    "",
    "jun",
    "jul",
    "aug",
    "sep sept",
    "okt",
    "nov",
    "dec",
)
DATE_CUES = (
    r"laatst (?:bijgewerkt|gewijzigd|herzien|aangepast)",
    r"laatste (?:wijziging|update|herziening|aanpassing)",
    r"(?:datum (?:van )?)?inwerkingtreding",
    r"van kracht (?:vanaf|sinds|per|op)",
    r"geldig (?:vanaf|sinds|per)",
    r"ingangsdatum",
    r"versie van",
)
DATE_CUE_WORDS = ("bijgewerkt", "gewijzigd", "versie")
DATE_LINK_WORDS = "op per vanaf sinds van"
TIME_UNITS = r"seconden?|minuten?|uur|uren"
COUNT_WORDS = "een"
RELATIVE_TIMES = ((" geleden", r"\b{count}\s+{units}\s+geleden\b"),)
SECTION_WORDS = "artikelen|afdeling|hoofdstuk|paragraaf|lid|bijlage|sectie|onderdeel"
JOINERS = "en of tot"
LETTERS = ""
