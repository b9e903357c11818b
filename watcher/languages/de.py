"""German vocabulary. German puts verbs last and negations after objects: see classify."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = (
    r"(?:Sie|Nutzer(?:innen)?|Nutzende|Benutzer(?:innen)?|Kund(?:e|en|innen)|Dritte|Dritten"
    r"|niemand|Mitglieder)"
)
_KI = r"(?:KI|künstliche[nr]?\s+Intelligenz|maschinelle[nms]?\s+Lernens?|Machine\s+Learning)"

# Verbs after their objects, "nicht"/"niet" after what they negate (see detect.relations).
VERB_LAST = True

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"auf\s+(?:KI|künstlicher\s+Intelligenz|maschinellem\s+Lernen)\s+basierende[nmrs]?\s+(?:System\w*|Modell\w*|Algorithm\w*|Software)",
        r"(?:System\w*|Modell\w*|Algorithm\w*|Software|Werkzeug\w*)\s+(?:\S+\s+){0,3}?(?:auf\s+Basis|auf\s+Grundlage|basierend\s+auf)\s+(?:von\s+)?(?:KI|künstlicher\s+Intelligenz|maschinellem\s+Lernen)",
        r"KI-gestützte[nrs]?\s+(?:System\w*|Modell\w*|Algorithm\w*|Software)",
        r"selbstlernend\w*",
        r"neuronale[nms]?\s+\w*[Mm]odell\w*",
        r"maschinelle[nr]?\s+Übersetzung\w*",
        r"(?:Bild|Text|Video|Musik)generier\w*",
        r"(?:Bild|Text)generator\w*",
        r"Spracherkennung\w*",
        r"künstliche[nr]?\s+Intelligenz",
        r"maschinelle[nms]?\s+Lernens?",
        r"Machine[- ]Learning",
        r"Deep[- ]Learning",
        r"neuronale[nms]?\s+Netz(?:e|es|en|werk\w*)?",
        r"Sprachmodell\w*",
        r"(?:KI|ML)-\w+",
        r"generative[nms]?",
        r"Basismodell\w*",
        r"Chat-?[Bb]ots?",
        r"(?:Sprach|Bild|Gesichts|Objekt)erkennung",
        r"Deepfakes?",
    ),
    "ai_cs": (r"KI", r"AI", r"K\.I\.?", r"LLMs?"),
    "ai_weak": (
        r"Modell(?:e|en|s)?",
        r"\w+modell(?:e|en|s)?",
        r"Algorithm(?:us|en)",
        r"Klassifikator\w*",
    ),
    "not_ai": (
        r"(?:Hash|Verschlüsselungs|Kompressions)algorithm\w*",
        r"Algorithm(?:us|en)\s+(?:bcrypt|SHA-?\d*|AES|RSA)",
        r"Geschäftsmodell\w*",
        r"Gerätemodell\w*",
        r"Fahrzeugmodell\w*",
        r"Automodell\w*",
        r"Preismodell\w*",
        r"Abomodell\w*",
        r"Abonnementmodell\w*",
        r"Muster-?\w*",
        r"Modell(?:nummer|jahr|bezeichnung)\w*",
        r"Modell\s+(?:Ihres|des)\s+(?:Geräts|Fahrzeugs|Autos)",
    ),
    "ai_context": (
        r"automatisierte[nr]?\s+(?:Einzel)?[Ee]ntscheidung\w*",
        r"automatisierte[nr]?\s+Entscheidungsfindung|algorithmische[nr]?\s+Entscheidung\w*",
    ),
    "ranking": (
        r"Ranking\w*|\w*[Ee]mpfehl\w+|Sortier\w+|Suchergebnis\w*|personalisier\w+|Werb\w+",
        r"Anzeigen|\w*[Aa]nzeige\w*|Preis\w*",
    ),
    "train": (
        r"einspeis\w*|eingespeist",
        r"rekalibrier\w*|nachkalibrier\w*",
        r"lern\w*\s+(?:\S+\s+){0,2}?(?:daraus|davon)",
        r"lern(?:en|t|te|ten)\s+(?:\S+\s+){0,2}?aus",
        r"destillier\w*|Destillation",
        r"beibring\w*|beigebracht",
        r"lehren",
        r"trainier\w*|\w*-?Training\w*|\w+training\w*|nachtrainier\w*|feinabstimm\w*",
        r"Feinabstimmung|Fine-?Tuning|anlern\w*|angelernt",
    ),
    "not_train": (
        r"Fitnesstraining\w*",
        r"Mitarbeiter\w*training\w*",
        r"Personal\s*training\w*",
        r"Trainings(?:plan|einheit|programm|kurs|zentrum|daten|datensatz|datensätze)\w*",
        r"Training(?:s)?\s+(?:für|unserer|unseres|der)\s+(?:Mitarbeit\w+|Beschäftigt\w+|Personal)",
        r"Sicherheitstraining\w*",
        r"Sprachtraining\w*",
        r"Krafttraining\w*",
        r"Lauftraining\w*",
    ),
    "improve": (
        r"verfeiner\w*",
        r"verbesser\w*|weiterzuentwickeln|\w*entwickel\w*|\w*entwickl\w*|optimier\w*|erstell\w*",
        r"aufzubauen|aufbau\w*|bewert\w*",
    ),
    "training_data": (r"(?:als|in\s+(?:unsere|die))\s+Trainingsdaten\w*",),
    "ml_purpose": (
        r"für\s+(?:das\s+)?maschinelle\s+Lernen",
        rf"(?:zu|für)\s+(?:Zwecken|Zwecke)\s+(?:des|der)\s+{_KI}",
        rf"zum\s+Zweck\s+(?:des|der)\s+{_KI}",
    ),
    "train_prep": (r"auf", r"mit", r"anhand"),
    "relative": (r"(?:die|das|den|welche\w*)\s+wir",),
    "own_model": (r"unsere[nmrs]?\s+(?:eigenen?\s+)?(?:Modell\w*|\w+modell\w*|Algorithm\w*)",),
    "not_model": (r"Deepfakes?", r"Chat-?[Bb]ots?"),
    "third_agent": (r"durch\s+Dritte", r"von\s+Dritten"),
    "use": (
        r"analysier\w*|auswert\w*",
        r"verwend\w*|\w*nutz\w*|verarbeit\w*|einsetz\w*|eingesetzt|gestatt\w*|erlaub\w*|teil\w*",
        r"weitergeg\w*|herangezogen|heranzieh\w*",
    ),
    "instrument": (
        r"mit\s*Hilfe|mithilfe|anhand|basiert\s+auf|basierend\s+auf|auf\s+Basis|auf\s+Grundlage",
        r"durch\s+den\s+Einsatz|unter\s+Einsatz|gestützt|durch",
    ),
    "product": (r"Funktion\w*|Assistent\w*|Agent\w*|Produkt\w*|Tool\w*|Antwort\w*",),
    "negation": (
        r"ebenso\s+wenig|genauso\s+wenig",
        r"nicht|kein\w*|niemals|nie|weder|ausgenommen|ausgeschlossen|untersagt",
    ),
    "not_negation": (
        r"nicht[- ]exklusiv\w*",
        r"nicht\s+(?:\S+\s+){0,2}?(?:identifizier|zuordn)\w*",
        r"(?:zu\s+)?keinem\s+anderen\s+Zweck",
        r"oder\s+nicht",
        r"nicht\s+nur",
        r"nicht\s+abschließend",
        r"ohne\s+darauf\s+beschränkt",
    ),
    "scope_stop": (
        r"hingegen",
        r"dagegen",
        r"allerdings",
        r"außer\s+dass",
        r"ausgenommen\s+(?:davon\s+)?(?:ist|sind)",
        r"mit\s+Ausnahme",
        r"aber",
        r"jedoch",
        r"sondern",
        r"während",
        r"wohingegen",
    ),
    "opaque": (r"verkauf\w*", r"vermiet\w*", r"möchten", r"wollen", r"wiss\w+", r"garantier\w*"),
    "opt_out": (
        r"(?:deaktivieren|entfernen)\s+Sie\s+(?:\S+\s+){0,4}?(?:Häkchen|Option|Einstellung)",
        r"(?:lässt|lassen)\s+sich\s+(?:\S+\s+){0,8}?(?:beenden|deaktivieren|abschalten|abbestellen|widerrufen)",
        r"jederzeit\s+(?:\S+\s+){0,3}?beenden",
        r"standardmäßig\s+(?:\S+\s+){0,2}?(?:aktiviert|eingeschaltet)",
        r"Entscheidung\s+darüber\s*,?\s+ob",
        r"(?:entscheiden|bestimmen)\s+(?:\S+\s+){0,3}?ob",
        r"bereits\s+angehakt|vorausgewählt|voreingestellt|bereits\s+aktiviert",
        r"nicht\s+mehr\s+(?:\S+\s+){0,3}?(?:verwendet|genutzt|verwenden|nutzen)",
        r"(?:wenn|falls|sofern)\s+Sie\s+(?:\S+\s+){0,4}?nicht\s+(?:möchten|wünschen|wollen|einverstanden)",
        r"verlangen\s*,?\s+dass",
        r"(?:festlegen|entscheiden|wählen|bestimmen)\s*,?\s+ob",
        r"ausschließen\s+lassen",
        r"widersprech\w*|widersprochen|Widerspruch\w*|Opt-?[Oo]ut|deaktivier\w*|abschalt\w*",
        r"ausschalt\w*|abmelden|Einstellungen",
    ),
    "setting": (
        r"(?:wenn|falls|sofern|solange)\s+(?:\S+\s+){1,6}?(?:aktiviert|deaktiviert|eingeschaltet|ausgeschaltet)",
    ),
    "consent": (
        r"(?:es\s+sei\s+denn|außer)\s+(?:mit\s+)?(?:vorheriger\s+)?(?:Zustimmung|Einwilligung)\s+des\s+(?:Kunden|Nutzers)",
        r"wenn\s+Sie\s+(?:\S+\s+){0,4}?(?:teilnehmen|beitreten)",
        r"wenn\s+Sie\s+sich\s+(?:\S+\s+){0,4}?anmelden",
        r"Einwilligungserklärung\w*",
        r"stimm\w+\s+(?:\S+\s+){0,5}?zu\s*,?\s+dass",
        r"Teilnahme\s+(?:\S+\s+){0,3}?ist\s+freiwillig",
        r"(?:bitten|fragen)\s+(?:wir\s+)?(?:Sie\s+)?(?:\S+\s+){0,3}?(?:Einwilligung|Zustimmung|Erlaubnis)",
        r"nicht\s+(?:angehakt|vorausgewählt)",
        r"Ausnahme\s+(?:gilt\s+)?(?:nur\s+)?(?:für|bilden|sind)",
        r"nur\s+(?:\S+\s+){0,3}?(?:wenn|falls|sofern)",
        r"kommt\s+nur\s+in\s+Betracht",
        r"(?:Ihre|Ihrer|diese)\s+Einwilligung\s+(?:\S+\s+){0,3}?widerruf\w*",
        r"widerrufen",
        r"standardmäßig\s+(?:\S+\s+){0,2}?(?:deaktiviert|ausgeschaltet)",
        r"(?:ausdrücklich|aktiv)\s+(?:\S+\s+){0,2}?aktiviert",
        r"(?:Ihre|Ihrer|deren)\s+(?:ausdrückliche[nr]?\s+)?(?:Einwilligung|Zustimmung)",
        r"(?:nur|ausschließlich)\s+(?:dann\s+)?(?:wenn|falls|sofern)",
        r"(?:aktivieren|setzen)\s+Sie\s+(?:\S+\s+){0,4}?(?:Häkchen|Kontrollkästchen)",
        r"willigen\s+Sie\s+ein",
        r"eingewilligt",
        r"(?:mit|ohne|nach|auf\s+Grundlage)\s+(?:Ihrer|Ihre|deren|seiner|vorheriger|ausdrücklicher)\s+"
        rf"{_W}{{0,2}}?(?:Zustimmung|Einwilligung|Erlaubnis|Genehmigung)",
        r"(?:ausdrücklich\w*|vorherig\w*)\s+(?:Zustimmung|Einwilligung)",
        r"nur\s+(?:wenn|falls|sofern)\s+Sie",
        r"Opt-?[Ii]n",
        r"sofern\s+Sie\s+(?:\w+\s+){0,3}?(?:zugestimmt|eingewilligt|zustimmen|einwilligen)",
    ),
    "unless": (
        r"außer\s+(?:wenn|falls|sofern)\s+Sie",
        rf"(?:es\s+sei\s+denn|außer\s+wenn)\s*,?\s*{_USER}",
    ),
    "feedback": (
        r"(?:senden|geben|übermitteln|schicken)\s+Sie\s+(?:uns\s+)?(?:\S+\s+){0,3}?(?:Feedback|Rückmeldung\w*|Bewertung\w*)",
        r"(?:bewerten|melden)\s+Sie\s+(?:\S+\s+){0,3}?(?:Antwort\w*|Ergebnis\w*)",
        rf"(?:wenn|falls|sofern|indem)\s+Sie\s+{_W}{{0,4}}?(?:Feedback|Rückmeldung\w*|Bewertung\w*)",
    ),
    "ban": (
        r"(?:dürfen|darf)\s+Sie\s+(?:\S+\s+){0,8}?nicht",
        r"nicht\s+berechtigt",
        r"nur\s+mit\s+(?:vorheriger\s+)?(?:schriftlicher\s+)?(?:Zustimmung|Genehmigung|Lizenz)",
        r"(?:zu\s+)?unterlassen",
        r"(?:darf|dürfen)\s+(?:\S+\s+){0,6}?nicht\s+(?:\S+\s+){0,4}?(?:verwendet|genutzt|eingesetzt|vervielfältigt)\s+werden",
        rf"{_USER}\s+(?:{_W}{{0,3}}?)?(?:dürfen|darf)\s+(?:{_W}{{0,8}}?)?(?:nicht|kein\w*)",
        rf"(?:ist|sind)\s+(?:{_W}{{0,3}}?)?(?:nicht\s+gestattet|untersagt|verboten|nicht\s+erlaubt|unzulässig)",
        r"nicht\s+gestattet",
        r"untersagt",
        r"verboten",
        r"unzulässig",
        rf"ohne\s+(?:unsere|die)\s+{_W}{{0,3}}?(?:Zustimmung|Genehmigung|Erlaubnis|Einwilligung)",
        rf"(?:behalten|behält)\s+(?:uns|sich)\s+{_W}{{0,4}}?(?:Rechte|vor)",
        r"Nutzungsvorbehalt",
        rf"verpflicht\w+\s+sich\s*,?\s+{_W}{{0,6}}?nicht",
    ),
    "tdm": (
        r"Text-?\s*und\s+Data-?Mining",
        r"Text\s+und\s+Data\s+Mining",
        r"TDM",
        r"§\s*44b\s+UrhG",
        r"2019/790",
        r"robots\.txt[^.;]{0,80}?(?:Training|KI)",
    ),
    "scrape": (
        r"Scraping",
        r"scrap\w+",
        r"Crawl\w*",
        r"crawl\w*",
        r"Bots?",
        r"robots\.txt",
        r"automatisierte[nr]?\s+(?:Mitteln|Systeme[ns]?|Werkzeuge[ns]?|Verfahren|Techniken|Tools)",
        r"extrahier\w*",
        r"Data-?Mining",
        r"auszulesen",
    ),
    "service_source": (
        r"(?:der|die|diese[rn]?|unsere[rn]?)\s+(?:Inhalte|Dienste|Website|Plattform|Datenbank\w*)",
        r"(?:von|aus)\s+(?:der|dem|unserer|unserem|unseren)\s+(?:Plattform|Website|Dienst\w*|Seite)",
    ),
    "compete": (r"konkurrier\w+", r"Wettbewerb\w*", r"Konkurren\w+"),
    "customer_side": (
        r"können\s+Sie\s+(?:\S+\s+){0,10}?(?:trainieren|feinabstimmen)",
        r"Ihre\s+eigenen\s+(?:Modelle|Trainingsdaten)",
        r"Ihr\s+eigenes\s+Modell",
        r"Fine-?Tuning-?API",
        r"eigene[nmrs]?\s+(?:KI-)?Modell\w*",
        r"(?:Sie|Kunden)\s+können\s+(?:\w+\s+){0,4}?(?:trainieren|feinabstimmen)",
        r"ermöglicht\s+(?:es\s+)?Ihnen\s*,?\s+\w+\s+(?:zu\s+)?(?:trainieren|feinabzustimmen)",
    ),
    "user_owner": (r"Ihre[nmrs]?|Sie|Nutzer\w*|Kunden\w*|Mitglied\w*|Nutzende\w*",),
    "trainer": (
        r"(?:der|die|dem)\s+(?:Anbieter|Betreiber|Lizenzgeber)(?:in)?",
        r"wir",
        r"uns",
        rf"unsere[nmrs]?\s+{_W}{{0,2}}?(?:Modell\w*|KI\w*|Algorithm\w*|Systeme?\w*|\w+modell\w*)",
    ),
    "trainer_cs": (r"(?:KI|Modell\w*)\s+von\s+[A-Z][\w.&-]+",),
    "not_opt_out": (
        r"standardmäßig\s+(?:\S+\s+){0,2}?(?:deaktiviert|ausgeschaltet)",
        r"unabhängig\s+von\s+(?:\S+\s+){0,3}?Einstellungen",
        r"auch\s+wenn\s+Sie\s+(?:\S+\s+){0,4}?(?:deaktivieren|ausschalten|widersprechen)",
    ),
    "contract": (
        r"(?:Vertrag|Vereinbarung)\s+(?:\S+\s+){0,4}?(?:untersagt|verbietet)",
        r"(?:per|laut)\s+Vertrag",
        r"vertraglich\w*",
    ),
    "licence_limit": (
        r"Lizenz\s+(?:\S+\s+){0,6}?(?:umfasst|erlaubt|gestattet|berechtigt)\s+(?:\S+\s+){0,4}?nicht",
    ),
    "not_ban": (r"verbotene[nr]?\s+(?:Inhalte\w*|Artikel\w*|Produkte\w*|Waren|Gegenstände\w*)",),
}

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
