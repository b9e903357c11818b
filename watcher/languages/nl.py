"""Dutch vocabulary. Like German, Dutch puts verbs last in subclauses and "niet" after objects."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = (
    r"(?:u|jij|je|gebruikers?|de\s+gebruiker|klanten?|de\s+klant|derden|een\s+derde|niemand"
    r"|leden)"
)
_KI = r"(?:AI|KI|kunstmatige\s+intelligentie|machine\s+learning|machinaal\s+leren)"

# Verbs after their objects, "nicht"/"niet" after what they negate (see detect.relations).
VERB_LAST = True

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"spraakassistent\w*|virtuele\s+assistent\w*",
        r"(?:systemen|systeem|modellen|model|algoritmen|algoritme\w*|software)\s+(?:\S+\s+){0,3}?(?:op\s+basis\s+van|gebaseerd\s+op)\s+(?:AI|kunstmatige\s+intelligentie|machinaal\s+leren)",
        r"zelflerend\w*",
        r"machinevertaling\w*|automatische\s+vertaling\w*",
        r"(?:beeld|tekst|video|afbeeldings)generati\w*",
        r"(?:beeld|tekst|afbeeldings)generator\w*",
        r"automatische\s+transcriptie",
        r"kunstmatige\s+intelligentie",
        r"artificiële\s+intelligentie",
        r"machinaal\s+leren",
        r"machine[- ]learning",
        r"deep[- ]learning",
        r"neurale\s+netwerken?",
        r"taalmodel(?:len)?",
        r"(?:AI|KI|ML)-\w+",
        r"generatieve?",
        r"basismodel(?:len)?",
        r"chat-?bots?",
        r"(?:spraak|stem|beeld|gezichts|tekst|object)herkenning",
        r"deepfakes?",
    ),
    "ai_cs": (r"AI", r"KI", r"A\.I\.?", r"LLMs?"),
    "ai_weak": (r"model(?:len)?", r"\w+model(?:len)?", r"algoritmen?", r"algoritmes"),
    "not_ai": (
        r"(?:hash|versleutelings|encryptie|compressie)algoritm\w*",
        r"algoritmen?\s+(?:bcrypt|sha-?\d*|aes|rsa)",
        r"bedrijfsmodel\w*",
        r"verdienmodel\w*",
        r"businessmodel\w*",
        r"apparaatmodel\w*",
        r"voertuigmodel\w*",
        r"automodel\w*",
        r"prijsmodel\w*",
        r"abonnementsmodel\w*",
        r"modelformulier\w*",
        r"model(?:nummer|jaar)\w*",
        r"model\s+(?:van\s+)?(?:uw|het|je)\s+(?:apparaat|toestel|voertuig|auto)",
        r"modelcontract\w*|modelclausules?|standaardcontractbepalingen",
    ),
    "ai_context": (
        r"geautomatiseerde\s+(?:individuele\s+)?besluit\w*",
        r"geautomatiseerde\s+beslissing\w*|algoritmische\s+besluit\w*",
    ),
    "ranking": (
        r"ranking\w*|rangschik\w+|\w*aanbeveling\w*|aanbevel\w+|sorteer\w*|zoekresultat\w*",
        r"gepersonaliseer\w*|personalis\w+|reclame\w*|advertenties?|prijs\w*",
    ),
    "train": (
        r"voed(?:en|t|de|den)",
        r"herkalibr\w+",
        r"leer(?:t|den)?\s+(?:\S+\s+){0,2}?van",
        r"distiller\w*|distillatie",
        r"(?:aan)?leren",
        r"geleerd",
        r"train(?:en|t|de|den)|getraind\w*|\w+training\w*|training(?:en)?|hertrain\w*",
        r"fine-?tun\w*|finetun\w*|bijgeschaafd|bij\s+te\s+schaven|verfijn(?:en|d|t)",
    ),
    "not_train": (
        r"fitnesstraining\w*",
        r"personeelstraining\w*",
        r"personal\s*training\w*",
        r"training(?:en)?\s+(?:voor|van|aan)\s+(?:onze\s+|ons\s+|het\s+)?(?:medewerkers|werknemers"
        r"|personeel)",
        r"(?:medewerkers|werknemers|personeel)\s+(?:te\s+)?train\w*",
        r"trainingsdata\w*",
        r"trainingsgegevens",
        r"trainings(?:schema|programma|sessie)\w*",
        r"krachttraining\w*",
        r"hardlooptraining\w*",
    ),
    "improve": (
        r"verbeter\w*|ontwikkel\w*|optimali\w+|bouwen|gebouwd|ontwerp\w*|evalu\w+",
        r"(?:leren|leert|leerden)\s+van|aanleren|te\s+leren",
    ),
    "training_data": (
        r"(?:opgenomen\s+in|in|aan)\s+(?:de\s+)?trainingsset\w*",
        r"(?:als|in\s+(?:onze|de))\s+(?:trainingsdata|trainingsgegevens)",
    ),
    "ml_purpose": (
        rf"(?:ten\s+behoeve\s+van|voor\s+doeleinden\s+van)\s+{_KI}",
        r"voor\s+(?:AI|KI|ML)-doeleinden",
    ),
    "train_prep": (r"op", r"met", r"aan\s+de\s+hand\s+van", r"op\s+basis\s+van"),
    "relative": (r"(?:die|dat|welke)\s+wij",),
    "own_model": (
        r"onze\s+(?:eigen\s+)?(?:model(?:len)?|\w+model(?:len)?|algoritmen?|algoritmes)",
    ),
    "not_model": (r"deepfakes?", r"chat-?bots?"),
    "third_agent": (r"door\s+derden",),
    "imperative": (r"(?:gebruiken|kopiëren|extraheren|trainen|ontwikkelen)",),
    "use": (
        r"analyse\w*|analyser\w*",
        r"gebruik\w*|verwerk\w*|inzet\w*|ingezet|toestaan|staat\s+toe|toegestaan|delen|gedeeld",
        r"deel|benutt?\w*|aanwend\w*",
    ),
    "instrument": (
        r"met\s+behulp\s+van|op\s+basis\s+van|gebaseerd\s+op|door\s+middel\s+van|middels|via",
        r"gegenereerd\s+door|met",
    ),
    "product": (
        r"functie\w*|functionaliteit\w*|assistent\w*|agent\w*|product\w*|tool\w*|antwoord\w*",
    ),
    "negation": (
        r"evenmin|noch",
        r"niet|geen|nooit|noch|uitgesloten|uitgezonderd|verboden",
    ),
    "not_negation": (
        r"niet[- ]exclusie\w*",
        r"niet\s+(?:\S+\s+){0,2}?(?:identificeer|herleidba)\w*",
        r"geen\s+ander\s+doel\s+dan",
        r"of\s+niet",
        r"al\s+dan\s+niet",
        r"niet\s+alleen",
        r"niet\s+uitputtend",
        r"zonder\s+beperking",
    ),
    "scope_stop": (
        r"behalve",
        r"met\s+uitzondering",
        r"maar",
        r"echter",
        r"terwijl",
        r"daarentegen",
    ),
    "opaque": (r"verk(?:o|oo)\w+", r"verhuren", r"willen", r"wil", r"weten", r"garander\w*"),
    "opt_out": (
        r"niet\s+langer\s+(?:\S+\s+){0,2}?(?:gebruikt|gebruiken)",
        r"uitvinken|vinkt\s+(?:\S+\s+){0,3}?uit",
        r"(?:kunt|kan|kunnen)\s+(?:\S+\s+){0,4}?uitsluiten",
        r"(?:liever|wilt)\s+(?:\S+\s+){0,3}?niet",
        r"standaard\s+(?:ingeschakeld|aan)",
        r"(?:bepaalt|bepaalt|beslist|kiest)\s+(?:zelf\s+)?of",
        r"(?:al|standaard)\s+aangevinkt",
        r"niet\s+meer\s+(?:\S+\s+){0,3}?(?:gebruikt|gebruiken)",
        r"(?:wilt|wil)\s+(?:u|je)\s+(?:dit|dat|dit\s+niet|dat\s+niet)",
        r"(?:als|indien|wanneer)\s+(?:u|je)\s+(?:\S+\s+){0,4}?niet\s+wilt",
        r"(?:kiezen|bepalen|beslissen)\s+of",
        r"laten\s+uitsluiten",
        r"uitsluiten",
        r"bezwaar|afmelden|afmelding|opt-?out|uitschakel\w*|uitzetten|uit\s+te\s+zetten",
        r"deactiver\w*|instellingen|voorkeuren",
    ),
    "setting": (
        r"(?:als|indien|wanneer|zolang)\s+(?:\S+\s+){1,8}?(?:aan|uit|ingeschakeld|uitgeschakeld|geactiveerd)\s+(?:staat|staan|is|zijn)",
        r"(?:als|indien|wanneer|zolang)\s+(?:\S+\s+){1,6}?(?:is|zijn|staat|staan)\s+"
        r"(?:ingeschakeld|uitgeschakeld|aan|uit|geactiveerd)",
    ),
    "consent": (
        r"tenzij\s+(?:de\s+)?(?:Klant|klant|gebruiker)\s+(?:\S+\s+){0,4}?toestemming",
        r"als\s+(?:u|je)\s+(?:deelneemt|zich\s+aanmeldt|meedoet)",
        r"toestemmingsformulier",
        r"geeft\s+(?:ons\s+)?toestemming",
        r"deelname\s+(?:\S+\s+){0,3}?is\s+vrijwillig",
        r"(?:vragen|vraagt)\s+(?:wij\s+|we\s+)?(?:u\s+|je\s+)?(?:\S+\s+){0,3}?toestemming",
        r"niet\s+aangevinkt",
        r"alleen\s+in\s+dat\s+geval",
        r"uitzondering\s+(?:\S+\s+){0,3}?(?:als|wanneer)\s+(?:u|je)",
        r"toestemming\s+(?:\S+\s+){0,4}?intrekken|intrekking\s+van\s+(?:uw\s+)?toestemming",
        r"standaard\s+(?:\S+\s+){0,2}?uitgeschakeld",
        r"(?:als|indien|nadat|wanneer)\s+(?:u|je)\s+(?:\S+\s+){0,5}?toestemming",
        r"(?:uw|jouw|je)\s+(?:uitdrukkelijke\s+)?toestemming",
        r"(?:alleen|uitsluitend|enkel)\s+(?:als|indien|wanneer|nadat)",
        r"(?:vinkt|aanvinkt)\s+(?:\S+\s+){0,3}?(?:aan)?",
        r"standaard\s+uit",
        r"(?:met|zonder)\s+(?:uw|jouw|je|hun|voorafgaande|uitdrukkelijke)\s+"
        rf"{_W}{{0,2}}?(?:toestemming|instemming)",
        r"(?:uitdrukkelijke|voorafgaande)\s+toestemming",
        r"alleen\s+(?:als|indien|wanneer)\s+(?:u|je|jij)",
        r"opt-?in",
        r"(?:als|indien)\s+(?:u|je)\s+(?:daar(?:voor|mee)\s+)?(?:toestemming\s+(?:heeft|hebt)\s+gegeven"
        r"|(?:heeft|hebt)\s+ingestemd|instemt|akkoord\s+gaat)",
    ),
    "unless": (
        r"behalve\s+(?:als|wanneer|indien)\s+(?:u|je|jij)",
        rf"(?:tenzij)\s*,?\s*{_USER}",
    ),
    "feedback": (
        r"(?:geeft|stuurt|geef|stuur)\s+(?:u|je)\s+(?:ons\s+)?(?:\S+\s+){0,8}?(?:feedback|beoordeling\w*)",
        r"(?:geeft|stuurt|geef|stuur)\s+(?:u|je)\s+(?:ons\s+)?(?:\S+\s+){0,3}?(?:feedback|beoordeling\w*)",
        rf"(?:als|indien|wanneer)\s+(?:u|je)\s+{_W}{{0,4}}?(?:feedback|beoordeling\w*|reactie\w*)",
    ),
    "ban": (
        r"(?:zich\s+)?(?:te\s+)?onthouden\s+van",
        r"(?:is|zijn)\s+(?:slechts|alleen|uitsluitend)\s+toegestaan",
        r"uitgesloten\s+is\s+(?:elk|ieder)\s+gebruik",
        r"niets\s+(?:\S+\s+){0,6}?(?:mag|mogen)",
        r"(?:mag|mogen)\s+(?:\S+\s+){0,3}?niet\s+worden",
        r"is\s+niet\s+toegestaan",
        rf"{_USER}\s+(?:{_W}{{0,3}}?)?(?:mag|mogen|kan|kunnen)\s+(?:{_W}{{0,8}}?)?(?:niet|geen)",
        rf"(?:is|zijn)\s+(?:{_W}{{0,3}}?)?(?:niet\s+toegestaan|verboden|uitdrukkelijk\s+verboden)",
        r"niet\s+toegestaan",
        r"verboden",
        r"is\s+het\s+(?:niet\s+toegestaan|verboden)",
        rf"zonder\s+(?:onze|de)\s+{_W}{{0,3}}?(?:toestemming|goedkeuring)",
        rf"(?:behouden|behoudt)\s+(?:ons|zich)\s+{_W}{{0,4}}?(?:rechten|voor)",
        rf"verplicht\w*\s+(?:zich\s+)?{_W}{{0,6}}?niet",
    ),
    "tdm": (
        r"tekst-?\s*en\s+datamining",
        r"text\s+and\s+data\s+mining",
        r"TDM",
        r"2019/790",
        r"artikel\s+15o\s+(?:van\s+de\s+)?Auteurswet",
        r"robots\.txt[^.;]{0,80}?(?:training|AI|KI)",
    ),
    "scrape": (
        r"scraping|scrap\w+|crawl\w*|bots?|robots\.txt|geautomatiseerde\s+(?:middelen|systemen"
        r"|hulpmiddelen|tools)|extraher\w*|datamining|uitlezen",
    ),
    "service_source": (
        r"(?:de|het|onze|deze)\s+(?:inhoud|content|diensten|dienst|website|platform|databank)",
        r"(?:van|uit)\s+(?:de|het|onze)\s+(?:platform|website|dienst\w*|site)",
    ),
    "compete": (r"concurre\w+",),
    "customer_side": (
        r"(?:kunt|kan)\s+(?:u|je)\s+(?:\S+\s+){0,10}?(?:laten\s+)?trainen",
        r"(?:stelt|laat)\s+(?:de\s+klant|u|je)\s+(?:in\s+staat\s+)?(?:om\s+)?(?:\S+\s+){0,3}?(?:te\s+)?trainen",
        r"(?:uw\s+|hun\s+)?eigen\s+\w*model(?:len)?",
        r"uw\s+eigen\s+(?:modellen|trainingsdata)|uw\s+eigen\s+model|fine-?tuning-?API",
        r"(?:u|klanten)\s+(?:kunt|kan|kunnen)\s+(?:\w+\s+){0,4}?(?:trainen|finetunen)",
    ),
    "user_owner": (r"uw|u|jouw|je|gebruikers?\w*|klanten?\w*|leden",),
    "trainer": (
        r"(?:de|het)\s+(?:Aanbieder|Leverancier|Verwerker|Platform)",
        r"wij|we",
        rf"onze\s+{_W}{{0,2}}?(?:model\w*|AI\w*|algoritm\w*|systemen|\w+model\w*)",
    ),
    "trainer_cs": (r"(?:AI|model\w*)\s+van\s+[A-Z][\w.&-]+",),
    "not_opt_out": (
        r"standaard\s+(?:\S+\s+){0,2}?uitgeschakeld",
        r"ongeacht\s+(?:de\s+|uw\s+)?(?:\S+\s+){0,2}?instellingen",
        r"ook\s+als\s+(?:u|je)\s+(?:\S+\s+){0,4}?uitschakel\w*",
    ),
    "contract": (
        r"contractueel",
        r"(?:overeenkomst|contract)\s+(?:\S+\s+){0,6}?verbiedt",
    ),
    "licence_limit": (r"licentie\s+(?:\S+\s+){0,6}?(?:omvat|staat|geeft)\s+(?:\S+\s+){0,4}?niet",),
    "not_ban": (r"verboden\s+(?:inhoud|artikelen|producten|goederen)",),
}

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
