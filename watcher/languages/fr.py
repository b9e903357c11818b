"""French vocabulary."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_D = r"(?:d'|de\s+(?:l'|la\s+|les\s+)?|des\s+|du\s+)"  # de, d', des, du, de la
_USER = (
    r"(?:vous|l'utilisateur|les\s+utilisateurs|utilisateurs?|le\s+client|clients?"
    r"|un\s+tiers|des\s+tiers|tiers|quiconque|personne|le\s+membre|membres?)"
)
_IA = r"(?:IA|intelligence\s+artificielle|apprentissage\s+automatique|machine\s+learning)"

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"assistants?\s+(?:vocaux|vocal|virtuels?)",
        r"(?:syst[èe]mes?|mod[èe]les?|algorithmes?|moteurs?|outils?|logiciels?)\s+(?:\S+\s+){0,4}?(?:bas[ée]e?s?\s+sur|reposant\s+sur|fond[ée]e?s?\s+sur)\s+(?:l'|le\s+|les\s+|des\s+)?(?:IA|intelligence\s+artificielle|apprentissage\s+automatique|r[ée]seaux\s+de\s+neurones)",
        r"auto-?apprenant\w*",
        r"traduction\s+automatique",
        r"g[ée]n[ée]ration\s+d'(?:images?|textes?|vid[ée]os?|contenus?)",
        r"g[ée]n[ée]rateurs?\s+d'(?:images?|textes?)",
        r"transcription\s+automatique",
        r"intelligences?\s+artificielles?",
        r"apprentissage\s+(?:automatique|profond|machine)",
        r"machine\s+learning",
        r"deep\s+learning",
        r"r[ée]seaux?\s+(?:de\s+)?neurones?",
        r"r[ée]seaux?\s+neuronaux",
        r"mod[èe]les?\s+(?:de\s+langage|de\s+langue|linguistiques?|g[ée]n[ée]ratifs?"
        r"|de\s+fondation|d'IA|d'intelligence\s+artificielle|d'apprentissage)",
        r"g[ée]n[ée]rati(?:f|fs|ve|ves)",
        r"chat[- ]?bots?",
        r"agents?\s+conversationnels?",
        r"traitement\s+(?:automatique\s+)?du\s+langage\s+naturel",
        r"vision\s+par\s+ordinateur",
        r"reconnaissance\s+(?:vocale|faciale|d'images?|de\s+la\s+parole)",
        r"hypertrucages?",
    ),
    "ai_cs": (r"IA", r"I\.A\.?", r"IAG"),
    "ai_weak": (r"mod[èe]les?", r"mod[ée]lisations?", r"algorithmes?", r"classificateurs?"),
    "not_ai": (
        r"algorithmes?\s+(?:de\s+)?(?:hachage|chiffrement|cryptage|compression|cryptographiques?)",
        r"algorithmes?\s+(?:bcrypt|sha-?\d*|aes|rsa)",
        r"mod[èe]les?\s+(?:[ée]conomiques?|d'affaires|de\s+contrats?|types?|de\s+formulaires?"
        r"|de\s+lettres?|de\s+(?:votre\s+|du\s+|d'un\s+)?v[ée]hicules?|du\s+v[ée]hicule"
        r"|d'appareils?|de\s+l'appareil|contractuels?)",
        r"dessins\s+et\s+mod[èe]les",
        r"clauses\s+contractuelles\s+types",
        r"(?:le|un|au)\s+mod[èe]le\s+de\s+(?:votre|ce|cet|cette)",
    ),
    "ai_context": (
        r"d[ée]cisions?\s+(?:individuelles?\s+)?automatis[ée]+s?",
        r"prise\s+de\s+d[ée]cision\s+automatis[ée]e|d[ée]cisions?\s+algorithmiques?",
    ),
    "ranking": (
        r"classement\w*",
        r"class(?:er|é|ée|és|ées)",
        r"ventes",
        r"recommandation\w*",
        r"recommand\w+",
        r"fil\s+d'actualit[ée]",
        r"tri(?:er|[ée]s?)?",
        r"r[ée]sultats\s+de\s+recherche",
        r"personnalis\w+",
        r"publicit\w+",
        r"annonces?",
        r"prix",
    ),
    "train": (
        r"aliment(?:e|ent|er|ons|era|eront)",
        r"recalibr\w+",
        r"r[ée]glage\s+fin",
        r"formation\s+et\s+(?:le\s+)?r[ée]glage",
        r"r[ée]glage\s+(?:de|des|du)\s+(?:nos\s+|ses\s+|leurs\s+)?(?:mod[èe]les|algorithmes)",
        r"distill(?:er|ation|é|ée)",
        r"appren(?:d|nent|nant|ons)",
        r"apprendre\s+(?:à|a)\s+(?:nos|ses|leurs|des|un|une|l')",
        r"enseigner\s+(?:à|a)",
        r"entra[îi]n(?:er|e|es|ent|ons|ez|é|ée|és|ées|ant|era|eront|erait|eraient|ement|ements)",
        r"r[ée]-?entra[îi]n\w*",
        r"pr[ée]-?entra[îi]n\w*",
        r"affin(?:er|age|é|ée|és|ées)",
        r"apprentissage\s+(?:de|des|du)\s+(?:nos\s+|ses\s+|leurs\s+|l')?(?:mod[èe]les?|IA|algorithmes?)",
        r"formation\s+(?:de|des|du)\s+(?:nos\s+|ses\s+|leurs\s+|l')?(?:mod[èe]les?|IA|algorithmes?"
        r"|syst[èe]mes?\s+d'IA)",
        r"(?:la\s+)?formation(?=\s+ou\s+d'autres\s+activit)",
        r"form(?:er|ons|ent|é|ée|és|ées|ant)\s+(?:des|les|nos|ses|leurs|de\s+nouveaux|ces)\s+"
        r"(?:[\w'-]+\s+)?(?:mod[èe]les?|syst[èe]mes?|algorithmes?|IA|r[ée]seaux)",
    ),
    "not_train": (
        r"affin(?:er|ons|ent|é|ée|és|ées)\s+(?:les\s+|nos\s+|vos\s+|leurs\s+|ses\s+|la\s+|le\s+)?(?:recommandations|r[ée]sultats|recherches?|suggestions|crit[èe]res|offres|annonces|pertinence|ciblage|profils?)",
        r"former\s+(?:ses|nos|leurs|les|son|notre)\s+(?:[ée]quipes?|collaborateurs|salari[ée]s"
        r"|employ[ée]s|personnels?|agents|conseillers)",
        r"formation\s+(?:de|des|du)\s+(?:nos\s+|ses\s+|leurs\s+)?(?:personnels?|collaborateurs"
        r"|[ée]quipes?|salari[ée]s|employ[ée]s|agents|conseillers)",
        r"(?:à|a)\s+des\s+fins\s+de\s+formation",
        r"entra[îi]nement\s+(?:sportif|physique|personnalis[ée])",
        r"donn[ée]es\s+d'entra[îi]nement",
        r"jeux?\s+(?:de\s+donn[ée]es\s+)?d'entra[îi]nement",
    ),
    "improve": (
        r"am[ée]lior\w+",
        r"d[ée]velopp\w+",
        r"conce(?:voir|vons|vez|ption)",
        r"perfectionn\w+",
        r"optimis\w+",
        r"cr[ée](?:er|ons|ez|ation)",
        r"construi\w+",
        r"[ée]valu\w+",
    ),
    "training_data": (
        r"(?:comme|en\s+tant\s+que|dans\s+(?:nos|les|leurs))\s+(?:jeux\s+de\s+)?donn[ée]es"
        r"\s+d'entra[îi]nement",
    ),
    "ml_purpose": (
        r"pour\s+l'apprentissage\s+automatique",
        rf"(?:à|a)\s+des\s+fins\s+{_D}{_IA}",
        rf"(?:pour|dans)\s+(?:le\s+cadre\s+)?{_D}?{_IA}\s+(?:à|a)\s+des\s+fins",
    ),
    "train_prep": (r"sur", r"avec", r"à\s+partir\s+d[eu']", r"à\s+l'aide\s+d[eu']"),
    "relative": (r"qu(?:e|')\s*nous",),
    "own_model": (r"(?:nos|notre|ses|leurs)\s+(?:propres\s+)?(?:mod[èe]les?|algorithmes?)",),
    "not_model": (r"hypertrucages?", r"chat[- ]?bots?", r"agents?\s+conversationnels?"),
    "third_agent": (r"par\s+des\s+tiers", r"par\s+(?:tout|un)\s+tiers"),
    "imperative": (
        r"(?:en\s+)?(?:utilis(?:er|ant)|copi(?:er|ant)|extra(?:ire|yant)|entra[îi]n(?:er|ant)"
        r"|d[ée]velopp(?:er|ant))",
    ),
    "use": (
        r"analys\w+",
        r"utilis\w+|servi\w*|sert|trait\w+|exploit\w+|partag\w+|employ\w+|permet\w*|autoris\w+",
        r"inclu\w*|recour\w+",
    ),
    "instrument": (
        r"(?:en\s+)?utilisant",
        r"(?:à|a)\s+l'aide\s+d[eu']",
        r"gr[âa]ce\s+(?:à|a|au|aux)",
        r"via",
        r"bas[ée]e?s?\s+sur",
        r"reposant\s+sur",
        r"au\s+moyen\s+d[eu']",
        r"par\s+le\s+biais\s+d[eu']",
        r"avec",
        r"(?:g[ée]n[ée]r[ée]|cr[ée]{2}|produit)e?s?\s+par",
    ),
    "product": (
        r"fonctionnalit[ée]s?|assistants?|agents?|exp[ée]riences?|produits?|outils?|r[ée]ponses?",
        r"contenus?",
    ),
    "negation": (
        r"(?:ne|n')\s*(?:[\w'-]+\s+){0,3}?(?:pas|jamais|plus|aucun\w*|nullement|gu[èe]re)",
        r"jamais",
        r"aucun\w*",
        r"ni",
        r"exclu\w*",
        r"à\s+l'exclusion\s+de",
        r"interdi(?:t|te|ts|tes|sons|re)",
    ),
    "not_negation": (
        r"ne\s+(?:plus|pas)\s+permettre\s+(?:\S+\s+){0,3}?identifi\w+",
        r"ne\s+permett\w+\s+(?:pas|plus)\s+(?:\S+\s+){0,3}?identifi\w+",
        r"non[- ]exclusi(?:f|ve)s?",
        r"ne\s+permettant\s+pas\s+(?:de\s+|d')(?:\S+\s+){0,3}?(?:identifier|rattacher|r[ée]-?identifier|relier)",
        r"(?:à\s+)?aucune\s+autre\s+fin\s+que",
        r"ou\s+non",
        r"ou\s+pas",
        r"non\s+seulement|pas\s+seulement|sans\s+(?:toutefois\s+)?s'y\s+limiter",
        r"(?:de\s+)?mani[èe]re\s+non\s+exhaustive|n'h[ée]sitez\s+pas|ne\s+(?:[\w'-]+\s+){0,2}?que",
    ),
    "scope_stop": (
        r"except[ée]",
        r"à\s+l'exception",
        r"mais",
        r"cependant",
        r"toutefois",
        r"tandis",
        r"alors\s+que",
        r"sauf",
    ),
    "opaque": (
        r"vend\w*|lou\w+|souhait\w+|voul\w+|veu\w+|sav\w+|garanti\w*|appara[îi]t\w*|saisi\w*",
    ),
    "opt_out": (
        r"demander\s+(?:que|à\s+ce\s+que)\s+(?:\S+\s+){0,8}?(?:soient\s+|soit\s+)?exclu\w*",
        r"à\s+d[ée]faut\s+de\s+(?:cette|ce|votre)",
        r"d[ée]coch\w+",
        r"(?:pouvez|peut|peuvent|pourra|pourront)\s+(?:\S+\s+){0,3}?(?:exclure|retirer)",
        r"si\s+vous\s+pr[ée]f[ée]rez\s+que\s+(?:\S+\s+){0,6}?ne",
        r"activ[ée]e?s?\s+par\s+d[ée]faut",
        r"(?:est|sont)\s+r[ée]gie?s?\s+par\s+(?:le|la|les)\s+(?:\S+\s+){0,2}?(?:r[ée]glage|param[èe]tre|option)",
        r"(?:vous|l'administrateur)\s+(?:d[ée]cidez|d[ée]cide|choisissez|choisit)\s+si",
        r"pr[ée]-?coch[ée]e?s?|d[ée]j[àa]\s+coch[ée]e?s?",
        r"ne\s+(?:\S+\s+){0,3}?plus\s+(?:\S+\s+){0,2}?(?:utilis\w+|servir)",
        r"si\s+vous\s+ne\s+(?:souhaitez|voulez|désirez)\s+pas",
        r"si\s+vous\s+n'êtes\s+pas\s+d'accord",
        r"exclu(?:re|sion)\s+(?:de\s+)?(?:vos|ses|leurs)\s+(?:\S+\s+){0,4}?(?:des|de\s+nos)\s+(?:\S+\s+){0,3}?mod[èe]les",
        r"se\s+d[ée]sengager",
        r"d[ée]cider\s+si",
        r"choisir\s+si",
        r"opposer|vous\s+opposer|opposition|oppos\w+|d[ée]sactiv\w+|d[ée]sinscri\w+",
        r"opt[- ]?out|refuser|param[èe]tres?|pr[ée]f[ée]rences",
        r"choisir\s+de\s+ne\s+pas",
    ),
    "setting": (
        r"(?:si|lorsque|quand)\s+(?:\S+\s+){1,6}?(?:est|sont)\s+(?:activ[ée]+s?|d[ée]sactiv[ée]+s?)",
    ),
    "consent": (
        r"sauf\s+(?:accord|autorisation|consentement)\s+(?:\S+\s+){0,3}?(?:du|de\s+l'|de\s+la)\s+(?:Client|utilisateur|Utilisateur|Membre)",
        r"si\s+vous\s+(?:rejoignez|adh[ée]rez|participez|vous\s+inscrivez)",
        r"formulaire\s+de\s+consentement",
        r"(?:adh[ée]sion|participation)\s+(?:\S+\s+){0,4}?est\s+facultative",
        r"(?:demander|demanderons|solliciter|solliciterons)\s+(?:\S+\s+){0,4}?(?:consentement|autorisation|accord)",
        r"case\s+non\s+coch[ée]e",
        r"qu'(?:à\s+(?:la\s+)?condition|avec\s+(?:votre|leur|son)|après\s+(?:avoir|votre|leur)|si\s+vous|lorsque\s+vous)",
        r"à\s+la\s+seule\s+condition",
        r"retirer\s+(?:votre|leur|ce|son)\s+consentement",
        r"d[ée]sactiv[ée]e?s?\s+par\s+d[ée]faut",
        r"par\s+d[ée]faut\s+(?:\S+\s+){0,3}?d[ée]sactiv[ée]e?s?",
        r"(?:express[ée]ment|explicitement)\s+activ\w+",
        r"votre\s+consentement",
        r"(?:si\s+vous\s+)?coch\w+\s+la\s+case",
        r"(?:uniquement|seulement)\s+(?:lorsque|quand|après)",
        r"(?:avec|sans|sur\s+la\s+base\s+de|sous\s+r[ée]serve\s+de)\s+(?:votre|leur|son|le)\s+"
        rf"{_W}{{0,3}}?(?:consentement|accord|autorisation)",
        r"consentement\s+(?:expr[eè]s|explicite|pr[ée]alable)",
        r"uniquement\s+si\s+vous",
        r"seulement\s+si\s+vous",
        r"si\s+vous\s+(?:y\s+)?(?:consentez|acceptez|avez\s+accept[ée]|avez\s+consenti|choisissez)",
        r"opt[- ]?in",
    ),
    "unless": (
        r"sauf\s+(?:lorsque|quand|si)\s+(?:vous|l'utilisateur|les\s+utilisateurs)",
        rf"(?:sauf|à\s+moins)\s+(?:si|que|qu')\s*{_USER}",
    ),
    "feedback": (
        rf"(?:si|lorsque|quand|en)\s+(?:vous\s+)?{_W}{{0,2}}?(?:fourni\w*|envoy\w*|donn\w+|partag\w+"
        rf"|soumet\w*|laiss\w+)\s+{_W}{{0,3}}?(?:commentaires?|avis|retours?|feedback)",
    ),
    "ban": (
        r"s'abst(?:ient|iendra)",
        r"ne\s+(?:peut|peuvent|pourra|pourront)\s+(?:\S+\s+){0,4}?servir",
        r"n'est\s+autoris[ée]e?\s+qu'",
        r"(?:uniquement|seulement)\s+avec\s+l'accord",
        r"ne\s+(?:peut|peuvent|pourra|pourront|doit|doivent)\s+(?:pas\s+|en\s+aucun\s+cas\s+)?être\s+(?:\S+\s+){0,2}?(?:utilisé|reprodui|copié|extrait|inclus)\w*",
        rf"{_USER}\s+(?:ne\s+)?(?:pouvez|pourrez|devez|pourra|peut|doit|doivent|peuvent)"
        r"\s+(?:en\s+aucun\s+cas\s+)?pas",
        rf"{_USER}\s+(?:n'[êe]tes|n'est|ne\s+sont)\s+pas\s+autoris[ée]+s?",
        r"(?:vous\s+)?(?:vous\s+)?engag\w+\s+(?:à|a)\s+ne\s+pas",
        r"(?:est|sont)\s+(?:strictement\s+)?interdit\w*",
        r"interdi\w+",
        r"(?:n'est|ne\s+sont)\s+pas\s+(?:autoris[ée]+s?|permis\w*)",
        rf"sans\s+(?:notre|l')\s+{_W}{{0,3}}?(?:consentement|accord|autorisation)",
        r"r[ée]serv\w+\s+(?:tous\s+)?(?:les\s+|ses\s+|nos\s+)?droits",
        r"(?:il\s+est\s+)?d[ée]fendu",
    ),
    "tdm": (
        r"fouilles?\s+de\s+textes?\s+et\s+de\s+donn[ée]es",
        r"fouille\s+de\s+donn[ée]es",
        r"text\s+and\s+data\s+mining",
        r"TDM",
        r"article\s+L\.?\s*122-5-3",
        r"2019/790",
        r"robots\.txt[^.;]{0,80}?(?:formation|entra[îi]nement|IA)",
    ),
    "scrape": (
        r"aspir\w+",
        r"moissonn\w+",
        r"scraping",
        r"crawl\w*",
        r"robots?",
        r"robots\.txt",
        r"extra(?:ire|ction|it|its)",
        r"moyens\s+automatis[ée]s",
        r"outils?\s+automatis[ée]s",
        r"data\s+mining",
    ),
    "service_source": (
        r"(?:utiliser|utilisant|extraire|copier|collecter|acc[ée]der\s+(?:à|au|aux))\s+"
        rf"(?:tout\s+ou\s+partie\s+)?(?:le|la|les|nos|notre|du|des|de\s+nos)\s+{_W}{{0,2}}?"
        r"(?:contenus?|services?|sites?|plateformes?|bases?\s+de\s+donn[ée]es)",
        r"(?:provenant|issus?|issues?|extraits?)\s+(?:de|des|du|de\s+nos)\s+"
        rf"{_W}{{0,2}}?(?:services?|sites?|plateformes?)",
        rf"par\s+le\s+biais\s+de\s+nos\s+{_W}{{0,1}}?(?:services?|sites?|plateformes?)",
    ),
    "compete": (r"concurren\w+",),
    "customer_side": (
        r"vos\s+propres\s+(?:mod[èe]les?|donn[ée]es\s+d'entra[îi]nement)",
        r"votre\s+(?:propre\s+)?mod[èe]le\s+(?:affin[ée]|personnalis[ée])",
        r"API\s+d'affinage",
        r"votre\s+propre\s+mod[èe]le",
        r"vous\s+(?:pouvez|permet\w*)\s+(?:de\s+|d')?(?:entra[îi]ner|affiner)",
        r"(?:vous\s+permet|permet\s+(?:à|aux)\s+\w+)\s+d'(?:entra[îi]ner|affiner)",
    ),
    "user_owner": (r"vos|votre|vous|utilisateurs?|clients?|membres?|cr[ée]ateurs?",),
    "trainer": (
        r"(?:le|la)\s+(?:Prestataire|Fournisseur|Soci[ée]t[ée]|Plateforme|[ÉE]diteur)",
        r"nous",
        rf"(?:nos|notre|ses|leurs)\s+(?:propres\s+)?{_W}{{0,2}}?(?:mod[èe]les?|IA|algorithmes?"
        r"|syst[èe]mes?|technologies?)",
    ),
    "trainer_cs": (rf"(?:mod[èe]les?|IA|algorithmes?)\s+{_W}{{0,3}}?de\s+[A-Z][\w.&-]+",),
    "not_opt_out": (
        r"d[ée]sactiv[ée]e?s?\s+par\s+d[ée]faut",
        r"par\s+d[ée]faut\s+(?:\S+\s+){0,3}?d[ée]sactiv[ée]e?s?",
        r"nous\s+avons\s+(?:\S+\s+){0,2}?(?:désactivé|refusé)",
        r"ind[ée]pendamment\s+(?:de\s+vos|des)\s+(?:\S+\s+){0,2}?param[èe]tres",
        r"m[êe]me\s+si\s+vous\s+(?:d[ée]sactivez|vous\s+opposez)",
    ),
    "contract": (
        r"par\s+contrat",
        r"(?:contrat|engagements?\s+contractuels?)\s+(?:\S+\s+){0,6}?interdi\w+",
        r"contractuellement",
    ),
    "licence_limit": (
        r"licence\s+(?:\S+\s+){0,4}?(?:ne\s+(?:comprend|couvre|permet|autorise|s'[ée]tend)|n'(?:inclut|autorise))",
    ),
    "not_ban": (
        r"(?:contenus?|articles?|produits?|objets?|comportements?|annonces?)\s+interdit\w*",
    ),
}

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
