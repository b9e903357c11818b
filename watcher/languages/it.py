"""Italian vocabulary. Lower-case "ai" is a preposition: the AI acronym is case-sensitive."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = r"(?:tu|voi|l'utente|gli\s+utenti|utenti|il\s+cliente|clienti|terzi|nessuno)"
_IA = r"(?:IA|AI|intelligenza\s+artificiale|apprendimento\s+automatico|machine\s+learning)"

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"assistent[ei]\s+(?:vocal[ei]|virtual[ei])",
        r"(?:sistem[ia]|modell[oi]|algoritm[oi]|motor[ei]|strumenti)\s+(?:\S+\s+){0,4}?basat[oiae]\s+(?:su|sull'|sulla)\s*(?:IA|intelligenza\s+artificiale|apprendimento\s+automatico|reti\s+neurali)",
        r"traduzione\s+automatica",
        r"generazione\s+di\s+(?:immagini|testi|video|contenuti)",
        r"generatori?\s+di\s+(?:immagini|testi)",
        r"trascrizione\s+automatica",
        r"intelligenz[ae]\s+artificial[ei]",
        r"apprendimento\s+(?:automatico|profondo)",
        r"machine\s+learning",
        r"reti?\s+neural[ei]",
        r"modell[oi]\s+(?:linguistic[oi]|di\s+linguaggio|generativ[oi]|di\s+IA|di\s+AI"
        r"|di\s+intelligenza\s+artificiale|di\s+apprendimento|fondazionali)",
        r"generativ[oaie]",
        r"chat-?bots?",
        r"assistenti?\s+virtuali?",
        r"elaborazione\s+del\s+linguaggio\s+naturale",
        r"riconoscimento\s+(?:vocale|facciale|delle\s+immagini)",
    ),
    "ai_cs": (r"IA", r"AI", r"I\.A\.?", r"LLMs?"),
    "ai_weak": (r"modell[oi]", r"algoritm[oi]", r"classificator[ei]"),
    "not_ai": (
        r"algoritm[oi]\s+(?:di\s+)?(?:hash|cifratura|crittografi\w+|compressione)",
        r"algoritm[oi]\s+(?:bcrypt|sha-?\d*|aes|rsa)",
        r"modell[oi]\s+(?:di\s+business|di\s+moduli|di\s+contratt[oi]|del\s+(?:veicolo"
        r"|dispositivo)|di\s+(?:veicolo|dispositivo))",
        r"clausole\s+contrattuali\s+(?:tipo|standard)",
        r"modello\s+di\s+recesso",
    ),
    "ai_context": (
        r"decisioni\s+(?:individuali\s+)?automatizzate|processo\s+decisionale\s+automatizzato",
        r"decisioni\s+algoritmiche",
    ),
    "ranking": (
        r"classific\w+|raccomandazion\w+|consigli\w*|ordina\w*|risultati\s+di\s+ricerca",
        r"personalizz\w+|pubblicit\w+|annunci|prezz[oi]",
    ),
    "train": (
        r"aliment(?:ano|a|are|iamo)",
        r"ricalibr\w+",
        r"allen(?:are|ato|ati|ata|iamo)",
        r"distill(?:are|azione|ato)",
        r"insegn(?:are|iamo|ano|ato|ati|ata|ate|ando)",
        r"addestr\w+|riaddestr\w+|preaddestr\w+|fine-?tuning|messa\s+a\s+punto",
    ),
    "not_train": (
        r"dati\s+di\s+addestramento",
        r"addestramento\s+(?:del|dei)\s+(?:personale|dipendenti|collaboratori)",
        r"addestrare\s+(?:il\s+)?(?:nostro\s+)?personale",
    ),
    "improve": (
        r"affin(?:are|iamo|ato|ati|ata|ate)",
        r"miglior(?:are|iamo|ano|ato|ati|ata|ate|amento|a)",
        r"svilupp\w+",
        r"perfezion\w+",
        r"ottimizz\w+",
        r"crea(?:re|zione)",
        r"costrui\w+",
        r"valut\w+",
    ),
    "training_data": (r"come\s+dati\s+di\s+addestramento",),
    "ml_purpose": (
        r"per\s+(?:l')?apprendimento\s+automatico",
        rf"(?:a|per)\s+fini\s+di\s+{_IA}",
    ),
    "train_prep": (r"su", r"con", r"a\s+partire\s+da"),
    "relative": (r"che\s+(?:noi\s+)?",),
    "own_model": (r"(?:i\s+)?(?:nostri|propri|loro)\s+(?:modelli|algoritmi)",),
    "not_model": (r"chat-?bots?", r"assistenti?\s+virtuali?"),
    "third_agent": (r"da\s+(?:parte\s+di\s+)?terzi",),
    "imperative": (r"(?:utilizzare|usare|copiare|estrarre|addestrare|sviluppare)",),
    "use": (
        r"sfrutt\w+",
        r"analizz\w+",
        r"utilizz\w+",
        r"us(?:are|iamo|ano|ato|ati|ata|ate|o|a)",
        r"impieg\w+",
        r"tratt\w+",
        r"elabor\w+",
        r"condivid\w+",
        r"consent\w+",
        r"permett\w+",
        r"autorizz\w+",
        r"inclu\w+",
    ),
    "instrument": (
        r"usando|utilizzando|mediante|tramite|grazie\s+a(?:ll[ae']?)?|basat[oaie]\s+su",
        r"con\s+l'aiuto\s+di|con|(?:generat|creat|prodott)[oiae]\s+da",
    ),
    "product": (r"funzion\w+|assistent[ei]|agent[ei]|prodott[oi]|strument[oi]|rispost[ae]",),
    "negation": (
        r"vieta|vietano",
        r"non",
        r"mai",
        r"nessun[oa]?",
        r"né",
        r"esclu\w+",
        r"vietat[oaie]",
    ),
    "not_negation": (
        r"non\s+esclusiv[oaie]",
        r"(?:che\s+)?non\s+(?:consent\w+|permett\w+|possono)\s+(?:\S+\s+){0,3}?identific\w+",
        r"nessun(?:'altra|\s+altro)\s+(?:fine|scopo|finalità)",
        r"o\s+meno",
        r"o\s+no",
        r"non\s+solo",
        r"senza\s+limitazion\w+",
        r"non\s+esitare",
    ),
    "scope_stop": (
        r"tranne",
        r"eccetto",
        r"salvo\s+che",
        r"ad\s+eccezione",
        r"ma",
        r"tuttavia",
        r"però",
        r"mentre",
        r"sebbene",
        r"bensì",
    ),
    "opaque": (r"vend\w+", r"noleggi\w+", r"desideri\w*", r"vuoi", r"vogli\w+", r"sappi\w*"),
    "opt_out": (
        r"deselezion\w+",
        r"(?:può|possono|potrà|potranno)\s+(?:\S+\s+){0,2}?escluder\w*",
        r"esclus[oa]\s+da\s+(?:tale|questo)\s+utilizzo",
        r"se\s+preferisce\s+che\s+(?:\S+\s+){0,6}?non",
        r"attivat[oa]\s+per\s+impostazione\s+predefinita",
        r"preselezionat[oa]|già\s+spuntat[oa]",
        r"non\s+(?:\S+\s+){0,2}?più\s+(?:\S+\s+){0,1}?(?:impiegat\w+|utilizzat\w+|usat\w+)",
        r"(?:qualora|se)\s+non\s+(?:desideri|desidera|voglia|vuole|sia\s+d'accordo)",
        r"(?:chiedere|richiedere)\s+(?:che\s+)?(?:\S+\s+){0,6}?(?:siano\s+|vengano\s+)?esclus\w+",
        r"decidere\s+se",
        r"scegliere\s+se",
        r"oppor(?:si|ti|vi)",
        r"opporsi",
        r"opposizione",
        r"obiezione",
        r"disattiv\w+",
        r"opt-?out",
        r"impostazioni",
        r"preferenze",
    ),
    "setting": (
        r"(?:se|quando|finché)\s+(?:\S+\s+){1,6}?(?:è|sono)\s+(?:attivat[oaie]|disattivat[oaie])",
    ),
    "consent": (
        r"salvo\s+(?:autorizzazione|consenso|accordo)\s+(?:\S+\s+){0,3}?del\s+(?:Cliente|cliente|l'utente)",
        r"se\s+(?:Lei\s+)?(?:aderisce|partecipa|si\s+iscrive)",
        r"modulo\s+di\s+consenso",
        r"(?:adesione|partecipazione)\s+(?:\S+\s+){0,4}?è\s+facoltativa",
        r"(?:chiedere|chiederemo|richiedere|richiederemo)\s+(?:\S+\s+){0,4}?(?:consenso|autorizzazione|permesso)",
        r"casella\s+non\s+(?:pre)?selezionat[oa]",
        r"fanno\s+eccezione",
        r"(?:se|qualora)\s+(?:Lei\s+)?(?:ha|hai|abbia)\s+aderito",
        r"aderendo",
        r"revoc\w+\s+(?:il\s+)?(?:Suo\s+|tuo\s+)?consenso",
        r"revocabile|revocato",
        r"disattivat[oa]\s+per\s+impostazione\s+predefinita",
        r"per\s+impostazione\s+predefinita\s+(?:\S+\s+){0,3}?disattivat[oa]",
        r"previo\s+(?:Suo\s+|tuo\s+)?consenso",
        r"(?:spuntando|selezionando)\s+la\s+casella",
        r"acconsent\w+",
        r"(?:solo|soltanto|unicamente)\s+(?:qualora|se|quando)",
        r"(?:Suo|tuo|suo)\s+consenso",
        r"con\s+il\s+(?:Suo\s+|tuo\s+)?consenso",
        rf"(?:con|senza)\s+(?:il\s+)?(?:tuo|suo|vostro|previo|esplicito)\s+{_W}{{0,2}}?"
        r"(?:consenso|autorizzazione|permesso)",
        r"consenso\s+(?:esplicito|espresso|preventivo)",
        r"solo\s+se\s+(?:tu\s+)?(?:accett|acconsent|sceg|attiv|autorizz)\w*",
        r"a\s+meno\s+che\s+(?:tu\s+)?non\s+(?:accett|acconsent|sceg|attiv|autorizz)\w*",
        r"opt-?in",
    ),
    "unless": (
        r"(?:tranne|salvo|eccetto)\s+(?:quando|se|qualora)\s+(?:Lei|tu|l'utente)",
        rf"(?:a\s+meno\s+che|salvo\s+che)\s+{_USER}",
    ),
    "feedback": (
        r"(?:qualora|se)\s+(?:Lei\s+|tu\s+)?decid\w+\s+di\s+inviar\w*\s+(?:\S+\s+){0,2}?feedback",
        rf"(?:se|quando|inviando|fornendo)\s+(?:tu\s+)?{_W}{{0,2}}?(?:invi\w+|fornisc\w+|fornir\w+"
        rf"|condivid\w+|lasc\w+)?\s*{_W}{{0,3}}?(?:feedback|commenti|valutazioni)",
    ),
    "ban": (
        r"(?:il|lo|la|l')\s*\w+\s+non\s+(?:può|potrà|dovrà)",
        r"si\s+asterrà",
        r"si\s+impegna\s+a\s+non",
        r"non\s+è\s+(?:invece\s+)?consentit[oa]",
        r"(?:è|sono)\s+consentit[oaie]\s+(?:solo|soltanto|esclusivamente)",
        r"non\s+(?:può|possono|potrà|potranno|deve|devono)\s+essere\s+(?:\S+\s+){0,2}?(?:utilizzat|usat|inclus|riprodott|copiat|estratt)\w*",
        rf"{_USER}\s+non\s+(?:può|possono|puoi|potrà|potranno|deve|devono|devi|dovrà)",
        r"(?:è|sono)\s+(?:severamente\s+|espressamente\s+)?vietat[oaie]",
        r"vietat[oaie]",
        r"divieto",
        r"non\s+(?:è|sono)\s+(?:consentit[oaie]|permess[oaie]|autorizzat[oaie])",
        rf"senza\s+(?:il\s+)?(?:nostro|nostra)\s+{_W}{{0,3}}?(?:consenso|autorizzazione|permesso)",
        rf"si\s+riserva\w*\s+{_W}{{0,3}}?diritti",
        r"si\s+impegna\w*\s+a\s+non",
    ),
    "tdm": (
        r"estrazion[ei]\s+di\s+test[oi]\s+e\s+(?:di\s+)?dati",
        r"estrazione\s+di\s+testo\s+e\s+(?:di\s+)?dati",
        r"text\s+and\s+data\s+mining",
        r"TDM",
        r"2019/790",
        r"robots\.txt[^.;]{0,80}?(?:addestramento|IA|AI)",
    ),
    "scrape": (
        r"scraping|crawl\w*|bots?|robots?|robots\.txt|estratt[oaie]|estrazion\w+|estrarre",
        r"tecniche\s+automatizzate|mezzi\s+automatizzati|strumenti\s+automatizzati|data\s+mining",
    ),
    "service_source": (
        r"(?:utilizzare|usare|estrarre|copiare|raccogliere)\s+(?:il|lo|la|i|gli|le|il\s+nostro"
        rf"|i\s+nostri|la\s+nostra|le\s+nostre)\s+{_W}{{0,2}}?(?:contenut[oi]|serviz[io]|sit[oi]"
        r"|piattaform[ae])",
        r"(?:dal|dalla|dai|dagli|dal\s+nostro|dalla\s+nostra)\s+(?:servizio|sito|piattaforma)",
    ),
    "compete": (r"concorren\w+", r"compet(?:ere|itor\w*|itiv\w+)"),
    "customer_side": (
        r"(?:consente|permette)\s+(?:al\s+Cliente|all'Utente|a\s+te|a\s+Lei)\s+di\s+addestrare",
        r"(?:i\s+)?tuoi\s+modelli|(?:il\s+)?tuo\s+modello|(?:i\s+)?propri\s+modelli",
        r"(?:puoi|possono|può)\s+addestrare\s+(?:i\s+)?(?:tuoi|propri|suoi)",
    ),
    "user_owner": (r"tuo", r"tua", r"tuoi", r"tue", r"suo", r"sua", r"suoi", r"sue", r"utent[ei]"),
    "trainer": (
        r"(?:il|la)\s+(?:Fornitore|Società|Piattaforma|Titolare)",
        r"(?:utilizz|us|impieg|tratt|addestr|miglior|svilupp|condivid|incorpor|analizz)(?:iamo|eremo|eremmo)",
        r"noi",
        r"(?:utilizziamo|usiamo|addestriamo|impieghiamo|trattiamo|potremmo|possiamo|miglioriamo"
        r"|sviluppiamo|utilizzeremo)",
        rf"(?:nostr[oaie])\s+{_W}{{0,2}}?(?:modell[oi]|IA|AI|algoritm[oi]|sistem[ia])",
    ),
    "not_opt_out": (
        r"disattivat[oa]\s+per\s+impostazione\s+predefinita",
        r"indipendentemente\s+dalle\s+(?:\S+\s+){0,2}?impostazioni",
        r"anche\s+se\s+(?:Lei\s+|tu\s+)?disattiv\w+",
    ),
    "contract": (
        r"per\s+contratto",
        r"contrattualmente",
        r"(?:contratto|accordo)\s+(?:\S+\s+){0,6}?vieta",
    ),
    "licence_limit": (
        r"licenza\s+(?:\S+\s+){0,4}?non\s+(?:consente|include|comprende|copre|autorizza|si\s+estende)",
    ),
    "not_ban": (r"(?:contenuti|articoli|prodotti|oggetti)\s+vietat[ie]",),
}

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
