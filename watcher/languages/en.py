"""English vocabulary. English AI terms are also looked for in every other language (loanwords)."""

# Short fillers used inside patterns.
_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = (
    r"(?:you|users?|customers?|the\s+customer|licensees?|developers?|third[- ]part(?:y|ies)"
    r"|anyone|no\s+one|nobody|visitors?|members?|subscribers?|recipients?|end[- ]users?)"
)
_AI_NOUN = r"(?:AI|artificial[- ]intelligence|machine[- ]learning|ML)"

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"(?:voice|virtual)\s+assistants?",
        r"(?:systems?|models?|algorithms?|engines?|tools?|classifiers?|software)\s+(?:\S+\s+){0,3}?(?:based\s+on|powered\s+by|built\s+on|using)\s+(?:artificial\s+intelligence|machine\s+learning|AI|neural\s+networks?)",
        r"self-learning",
        r"machine\s+translation",
        r"neural\s+(?:networks?|machine\s+translation)",
        r"speech[- ]to[- ]text",
        r"text[- ]to[- ]speech",
        r"(?:image|text|video|music)[- ]generat(?:ion|ors?)",
        r"(?:speech|voice|image|face|facial)\s+recognition",
        r"artificial[- ]intelligence",
        r"machine[- ]learning",
        r"deep[- ]learning",
        r"neural[- ]net(?:work)?s?",
        r"(?:large[- ])?language[- ]models?",
        r"generative",
        r"foundation(?:al)?[- ]models?",
        r"chat[- ]?bots?",
        r"natural[- ]language[- ]processing",
        r"computer[- ]vision",
        r"(?:speech|voice|image|facial|face|object)[- ]recognition",
        r"deep[- ]?fakes?",
        r"multimodal(?:[- ]models?)?",
        r"(?:pre-?|re)?trained[- ]models?",
        r"model[- ](?:weights?|parameters?)",
    ),
    "ai_cs": (r"AI", r"A\.I\.?", r"ML", r"LLMs?", r"GenAI", r"GPTs?", r"NLP"),
    "ai_weak": (r"models?", r"modell?ing", r"algorithms?", r"classifiers?"),
    "not_ai": (
        r"(?:hash(?:ing)?|encryption|cryptographic|compression|checksum)\s+algorithms?",
        r"(?:the\s+)?(?:bcrypt|scrypt|argon2|sha-?\d*|aes(?:-\d+)?|rsa|md5)\s+algorithms?",
        r"business[- ]models?",
        r"(?:device|vehicle|car|phone|product|hardware|browser|pricing|operating|subscription"
        r"|revenue|cookie|consent|contract|delivery|service|data[- ]protection)[- ]models?",
        r"models?[- ](?:numbers?|years?|names?|release|contractual|clauses?|forms?|letters?)",
        r"role[- ]models?",
        r"standard\s+contractual",
        r"models?\s+of\s+(?:[\w-]+\s+){0,2}?(?:cars?|vehicles?|devices?|phones?|products?)",
    ),
    "ai_context": (
        r"automated\s+(?:individual\s+)?decision(?:s|[- ]making)?",
        r"algorithmic\s+decision(?:s|[- ]making)?",
        r"automatically\s+(?:generated|made)\s+decisions?",
    ),
    "ranking": (
        r"rank\w*",
        r"recommend\w*",
        r"feeds?",
        r"sort\w*",
        r"search\s+results?",
        r"personali[sz]\w+",
        r"advert\w*",
        r"ads?",
        r"matching",
        r"spam",
        r"pric(?:e|es|ing)",
    ),
    "train": (
        r"(?:feed|feeds|feeding|fed)\s+(?:into\s+)?",
        r"recalibrat\w+",
        r"distil(?:l|ls|led|ling|lation)?",
        r"(?:re|pre)?-?train(?:s|ed|ing)?",
        r"fine[- ]?tun(?:e|es|ed|ing)",
        r"teach(?:es|ing)?",
        r"taught",
    ),
    "not_train": (
        r"fine-?tun(?:e|es|ed|ing)\s+(?:the\s+|our\s+|your\s+)?(?:recommendations|results|search|settings|targeting|experience|preferences)",
        r"train(?:s|ed|ing)?\s+(?:of\s+|for\s+)?(?:our\s+|its\s+|their\s+|the\s+|your\s+|all\s+)?"
        r"(?:staff|employees?|personnel|teams?|workforce|agents|representatives|moderators"
        r"|reviewers|people|members|volunteers|drivers|hosts|workers|managers|colleagues)",
        r"(?:staff|employee|security|safety|compliance|privacy|awareness|sales|customer[- ]service"
        r"|quality|professional|fitness|personal|sports?|athletic|first[- ]aid|mandatory"
        r"|regular|annual|internal|language|vocational|on-the-job)[- ]training",
        r"training\s+(?:courses?|sessions?|programs?|programmes?|plans?|videos?"
        r"|classes|exercises?|workouts?|modules?|events?|records?|certificates?|requirements?"
        r"|providers?|centers?|centres?|camps?)",
        r"training\s+(?:data(?:sets?)?|sets?|corpus|corpora)",
        r"for\s+(?:quality\s+(?:assurance\s+)?(?:and|or)\s+)?training"
        r"(?:\s+(?:and|or)\s+quality(?:\s+assurance)?)?\s+purposes",
        r"(?:by|per)\s+train",
        r"train\s+(?:tickets?|travel|journeys?|trips?|operators?|companies|stations?|times"
        r"|lines?|services?|fares?|routes?|carriers?|bookings?)",
        r"trained\s+(?:staff|professionals?|personnel|employees|experts|agents|specialists)",
        r"well[- ]trained",
    ),
    "improve": (
        r"improv(?:e|es|ed|ing|ements?)",
        r"develop(?:s|ed|ing|ments?)?",
        r"build(?:s|ing)?",
        r"creat(?:e|es|ed|ing|ion)",
        r"enhanc(?:e|es|ed|ing|ements?)",
        r"refin(?:e|es|ed|ing|ement)",
        r"optimi[sz](?:e|es|ed|ing|ation)",
        r"evaluat(?:e|es|ed|ing)",
    ),
    "training_data": (
        r"(?:included\s+in|added\s+to|in)\s+(?:the\s+|our\s+)?training\s+(?:set|dataset|corpus)s?",
        r"(?:as|into|in|for)\s+(?:(?:our|the|their|its)\s+)?(?:\w+\s+)?training\s+"
        r"(?:data(?:sets?)?|sets?|corpus|corpora)",
    ),
    "ml_purpose": (
        rf"for\s+(?:any\s+)?{_AI_NOUN}(?:\s+(?:and/or|and|or)\s+{_AI_NOUN})?\s+purposes",
        rf"{_AI_NOUN}\s+training",
        r"(?:help|helping|make|making)\s+(?:our|its|their|the)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:models?|AI|algorithms?)\s+(?:become\s+|get\s+)?(?:more|better|smarter)",
    ),
    "train_prep": (r"on", r"using", r"with", r"from"),
    "relative": (r"(?:that|which)\s+we",),
    "own_model": (r"(?:our|its|their)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:models?|algorithms?)",),
    "not_model": (
        r"deep[- ]?fakes?",
        r"chat[- ]?bots?",
        r"generative\s+(?:content|outputs?|media|images?|text)",
        r"synthetic\s+media",
    ),
    "third_agent": (r"by\s+(?:any\s+)?third[- ]part(?:y|ies)", r"by\s+others"),
    "imperative": (
        r"(?:use|using|utili[sz]e|utili[sz]ing|employ|copy|copying|share|sharing|access"
        r"|accessing|scrape|scraping|mine|mining|train|training|develop|developing)",
    ),
    "use": (
        r"analy[sz](?:e|es|ed|ing)",
        r"access(?:es|ed|ing)?",
        r"us(?:e|es|ed|ing)",
        r"utili[sz](?:e|es|ed|ing)",
        r"process(?:es|ed|ing)?",
        r"leverag(?:e|es|ed|ing)",
        r"permit(?:s|ted)?",
        r"allow(?:s|ed)?",
        r"licen[sc]e",
        r"includ(?:e|es|ed|ing)",
        r"shar(?:e|es|ed|ing)",
        r"feed(?:s|ing)?",
        r"fed",
    ),
    "instrument": (
        r"using",
        r"with",
        r"through",
        r"via",
        r"by\s+means\s+of",
        r"powered\s+by",
        r"based\s+on",
        r"thanks\s+to",
        r"by\s+leveraging",
        r"by",  # "content generated by AI": the AI is the agent, not the object
    ),
    "product": (
        r"features?|assistants?|chat[- ]?bots?|agents?|experiences?|products?|tools?|companions?",
        r"mode|search|summar\w+|responses?|outputs?|content",
    ),
    "negation": (
        r"prohibit(?:s|ed)?\s+(?:\S+\s+){0,3}?from",
        r"forbids?",
        r"not",
        r"cannot",
        r"\w+n't",
        r"never",
        r"no",
        r"none",
        r"neither",
        r"nor",
        r"refrain(?:s|ed)?\s+from",
        r"(?:prohibited|restricted|barred|precluded|forbidden)\s+from",
        r"(?:prohibit|forbid|bar|restrict|preclude)s?\s+(?:[\w-]+\s+){1,4}?from",
        r"exclud(?:e|es|ed|ing)",
        r"not\s+including",
    ),
    "not_negation": (
        r"non-?exclusive",
        r"(?:that|which|who)\s+(?:does\s+not|do\s+not|cannot|can't|could\s+not)\s+(?:\S+\s+){0,3}?(?:identify|be\s+(?:used\s+to\s+)?identif\w+|be\s+linked)",
        r"(?:for\s+)?no\s+(?:other\s+)?purpose\s+other\s+than",
        r"for\s+no\s+other\s+purpose",
        r"or\s+not",
        r"whether\s+or\s+not",
        r"not\s+(?:only|just|merely|limited\s+to|necessarily)",
        r"but\s+not\s+limited\s+to",
        r"whether\s+or\s+not",
        r"may\s+or\s+may\s+not",
        r"if\s+not",
        r"no\s+(?:matter|later|more\s+than|less\s+than|longer\s+than)",
        r"not\s+(?:exceed|later|less|more)",
        r"do\s+not\s+hesitate",
    ),
    "scope_stop": (
        r"except",
        r"save\s+that",
        r"other\s+than\s+(?:\S+\s+){0,6}?,",
        r"(?:and|or)\s+(?:we|they)|but|however|although|though|whereas|instead|rather|while",
    ),
    "opaque": (
        r"sell(?:s|ing)?",
        r"sold",
        r"rent(?:s|ing)?",
        r"want(?:s|ed)?",
        r"wish(?:es)?",
        r"(?<!-)like",
        r"know(?:ingly)?",
        r"guarantee",
        r"warrant",
        r"enter",
        r"upload",
        r"appear",
        r"need",
        r"own",
        r"claim",
        r"see",
        r"have\s+access",
    ),
    "opt_out": (
        r"if\s+you\s+would\s+rather",
        r"(?:deselect|untick|uncheck)(?:s|ed|ing)?",
        r"[\"“'«‘]do\s+not\s+train",
        r"do\s+not\s+train[\"”'»’]?\s+(?:flag|label|tag|setting|option|tick\s*box|checkbox)",
        r"unless\s+(?:\S+\s+){0,3}?(?:has|have)\s+(?:applied|set|opted\s+out|selected|turned\s+off|switched\s+off)",
        r"(?:can|may)\s+(?:\S+\s+){0,2}?(?:exclude|remove)\s+(?:\S+\s+){0,4}?from",
        r"if\s+you\s+(?:would\s+)?prefer\s+(?:that|not)",
        r"(?:enabled|on|turned\s+on|switched\s+on)\s+by\s+default",
        r"by\s+default\s+(?:\S+\s+){0,3}?(?:enabled|on)",
        r"governed\s+by\s+the\s+(?:\S+\s+){0,6}?(?:setting|toggle|option|control)",
        r"(?:you|administrators?|admins?)\s+(?:can\s+|may\s+)?(?:decide|control|choose|determine)\s+whether",
        r"pre-?(?:ticked|checked|selected)",
        r"already\s+(?:ticked|checked|selected)",
        r"no\s+longer\s+(?:be\s+)?us(?:e|ed)",
        r"if\s+you\s+(?:do\s+not|don't|no\s+longer)\s+(?:want|wish|agree)",
        r"(?:request|ask)\s+(?:us\s+)?(?:that|to)\s+(?:\S+\s+){0,8}?(?:exclud|remov|omit)\w*",
        r"choose\s+whether",
        r"opt(?:s|ed|ing)?[- ]?outs?",
        r"object(?:s|ed|ing)?\s+to",
        r"(?:right|ability|option)\s+to\s+object",
        r"objections?",
        rf"(?:turn|switch)(?:s|ed|ing)?\s+{_W}{{0,3}}?off",
        r"disabl(?:e|es|ed|ing)",
        r"deactivat(?:e|es|ed|ing)",
        r"(?:choose|elect|decide|ask\s+us)\s+not\s+to",
        r"(?:ability|able|option|choice|right|control)\s+to\s+(?:control|choose|decide|manage"
        r"|stop|limit|restrict|exclude|prevent)",
        rf"(?:stop|prevent)\s+{_W}{{1,2}}?from\s+(?:using|training)",
        r"(?:your|their|privacy|data|account|sharing)\s+(?:data\s+)?(?:sharing\s+)?"
        r"(?:settings|preferences|controls?)",
        r"user\s+controls?",
        r"(?:can|may)\s+(?:control|choose|decide|manage)\s+(?:whether|if|how)",
        r"in\s+(?:your\s+)?(?:account\s+|privacy\s+)?settings",
    ),
    "setting": (
        r"(?:if|when|while|unless|as\s+long\s+as)\s+(?:\S+\s+){1,6}?(?:is|are)\s+"
        r"(?:turned\s+|switched\s+|set\s+to\s+)?(?:on|off|enabled|disabled|activated|deactivated)",
    ),
    "consent": (
        r"(?:unless|except)\s+(?:with\s+)?(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|agreement|approval|authori[sz]ation)\s+of\s+(?:the\s+)?(?:Customer|Client|user|you)",
        r"unless\s+(?:the\s+)?(?:Customer|Client)\s+(?:has\s+)?(?:agreed|consented|opted\s+in|enabled)",
        r"if\s+you\s+(?:join|enrol\w*|sign\s+up|opt\s+in|participate|take\s+part)",
        r"consent\s+form",
        r"only\s+from\s+(?:\S+\s+){0,2}?(?:enrolled|consenting|participating)",
        r"participation\s+(?:\S+\s+){0,4}?is\s+(?:voluntary|optional)",
        r"(?:ask|request|seek)(?:s|ed|ing)?\s+(?:for\s+)?(?:your\s+)?(?:\S+\s+){0,3}?(?:consent|permission|authori[sz]ation)",
        r"(?:unticked|unchecked)\s+(?:box|checkbox)",
        r"(?:the\s+)?(?:only\s+)?exception\s+(?:is|being)\s+(?:when|where|if)\s+you",
        r"only\s+(?:in\s+that\s+case|then|where\s+you|when\s+you)",
        r"withdraw\w*\s+(?:your\s+|their\s+|this\s+)?consent",
        r"by\s+(?:enrolling|opting\s+in|joining|signing\s+up\s+for|participating\s+in)",
        r"(?:affirmatively|expressly|explicitly)\s+(?:enabl|activat|turn|opt)\w*",
        r"(?:disabled|off|turned\s+off|switched\s+off)\s+by\s+default",
        r"by\s+default\s+(?:\S+\s+){0,3}?(?:disabled|off)",
        r"(?:tick|check|select)(?:s|ed|ing)?\s+(?:the\s+)?box",
        r"(?:without|with|upon|subject\s+to|based\s+on|only\s+with)\s+(?:your|the\s+user's"
        r"|the\s+customer's|their|users'|user's|customer's|prior|explicit|express|separate"
        rf"|specific|affirmative)\s+{_W}{{0,3}}?(?:consent|permission|authori[sz]ation|approval)",
        r"opt(?:s|ed|ing)?[- ]?ins?",
        r"only\s+(?:if|when|where|after)\s+(?:you|your|customers?|users?)",
        r"if\s+(?:you|customers?|users?)\s+(?:have\s+|has\s+)?(?:explicitly\s+|expressly\s+"
        r"|affirmatively\s+)?(?:opted[- ]in|opt[- ]in|agreed|agree|consented|consent"
        r"|chosen\s+to|choose\s+to|decide\s+to|elect\s+to)",
        r"(?:explicit|express|affirmative|separate)\s+consent",
        rf"(?:you|customers?|users?)\s+{_W}?(?:direct|instruct|authori[sz]e|ask)s?\s+us",
        r"(?:you|customers?|users?)\s+(?:have\s+|has\s+)?(?:given|provided|granted)\s+(?:us\s+)?"
        rf"{_W}{{0,2}}?(?:consent|permission|authori[sz]ation)",
    ),
    "unless": (
        r"except\s+(?:when|where|if)\s+you",
        rf"unless\s+(?:\(\w+\)\s+)?{_USER}",
    ),
    "feedback": (
        rf"(?:if|when|where|by|after|once)\s+(?:{_USER}\s+)?{_W}{{0,2}}?(?:provid\w*|submit\w*"
        rf"|send\w*|giv\w+|shar\w+|leav\w+|rat\w+)\s+{_W}{{0,3}}?feedback",
        r"thumbs[- ]?(?:up|down)",
    ),
    "ban": (
        r"undertakes?\s+not\s+to",
        r"refrain\s+from",
        r"only\s+(?:be\s+)?permitted\s+(?:with|under)",
        r"only\s+with\s+(?:the\s+|our\s+)?(?:prior\s+)?written\s+(?:permission|consent|licen[cs]e)",
        r"no\s+part\s+of",
        r"without\s+the\s+(?:\S+\s+){0,4}?(?:permission|consent|authori[sz]ation)\s+of\s+the",
        rf"{_USER}\s+(?:(?:also|further|hereby|expressly|otherwise|agree\s+that\s+you)\s+)?"
        r"(?:may|must|shall|will|can|should|could)\s*(?:not|n't)",
        rf"{_USER}\s+(?:won't|cannot|can't|mustn't|shan't|shouldn't)",
        rf"{_USER}\s+(?:are|is)\s+not\s+(?:permitted|allowed|authori[sz]ed|entitled)",
        r"agrees?\s+not\s+to",
        r"prohibit(?:s|ed|ions?)?",
        r"forbid(?:s|den)?",
        r"not\s+(?:be\s+)?(?:permitted|allowed|authori[sz]ed)\s+to",
        r"disallow(?:s|ed)?",
        r"(?:without|except\s+with|unless\s+with|absent)\s+(?:our|the\s+company's|[\w.&-]+'s)\s+"
        rf"{_W}{{0,3}}?(?:consent|permission|authori[sz]ation|approval|agreement)",
        rf"reserv(?:e|es|ed|ing)\s+(?:all\s+)?{_W}?rights?",
        r"(?<![\w,] )do\s+not\s+use",
        r"no\s+(?:text\s+and\s+data\s+mining|scraping|crawling|AI\s+training)",
    ),
    "tdm": (
        r"text\s*(?:and|or|&|/|-)?\s*data[- ]mining",
        r"TDM",
        r"Art(?:icle|\.)?\s*4\s+(?:of\s+)?(?:the\s+)?(?:EU\s+)?(?:DSM|Digital\s+Single\s+Market"
        r"|Directive)",
        r"2019/790",
        r"Digital\s+Single\s+Market\s+Directive",
        r"robots\.txt[^.;]{0,80}?(?:training|AI)",
    ),
    "scrape": (
        r"scrap(?:e|es|ed|ing|ers?)",
        r"crawl(?:s|ed|ing|ers?)?",
        r"spider(?:s|ing)?",
        r"data[- ]min(?:e|ing)",
        r"harvest(?:s|ed|ing)?",
        r"robots?\.txt",
        r"(?:automated|automatic)\s+(?:means|tools?|systems?|scripts?|software|processes"
        r"|techniques)",
        r"bots?",
        r"extract(?:s|ed|ing|ion)?",
        r"plucked",
    ),
    "service_source": (
        r"(?:use|using|access|accessing|copy|copying|extract|extracting|collect|collecting"
        r"|mine|mining|download|downloading|take|taking|reproduce|includes?)\s+(?:any\s+(?:part\s+)?"
        rf"(?:of\s+)?|all\s+(?:of\s+)?)?(?:our|the|its)\s+{_W}{{0,2}}?(?:content|contents|services?"
        r"|sites?|website|platform|databases?|outputs?|materials?|works?)",
        r"(?:from|on|through|via|by\s+means\s+of)\s+(?:any\s+of\s+)?(?:our|the)\s+"
        rf"{_W}{{0,2}}?(?:services?|sites?|website|platform|apps?)",
    ),
    "compete": (r"compet(?:e|es|ing|itive|itor|itors)", r"rival(?:s|ing)?"),
    "customer_side": (
        r"(?:allows|enables|lets)\s+(?:the\s+)?(?:customer|you|users?)\s+to\s+(?:train|fine-tune)",
        r"fine[- ]?tun(?:ing|ed)\s+(?:API|APIs|jobs?|models?|data|process|service|feature)",
        r"your\s+(?:own\s+)?(?:fine[- ]?tuned\s+|custom\s+)?models?",
        r"your\s+own\s+(?:training\s+)?data",
        r"(?:allows?|enables?|lets?|helps?|help)\s+(?:you|customers?|users?|developers?)\s+"
        rf"(?:to\s+)?{_W}{{0,3}}?(?:train|fine[- ]?tune|build|create|customi[sz]e)",
        r"(?:you|customers?)\s+(?:used?|can|may)\s+(?:to\s+)?(?:train|fine[- ]?tune)",
        r"(?:you|customers?)\s+(?:train|fine[- ]?tune)",
        rf"(?:you|customers?)\s+(?:can|may)\s+{_W}{{0,8}}?(?:train|fine[- ]?tun)\w*",
        rf"your\s+own\s+{_W}{{0,2}}?(?:data|examples|pairs|datasets?)",
        r"(?:submitted|uploaded|provided)\s+(?:by\s+you\s+)?(?:to|for)\s+fine[- ]?tun\w*",
        r"AutoTrain",
        r"custom\s+models?",
    ),
    "user_owner": (
        r"your|my|you|users?'?s?|customers?'?s?|members?'?s?|creators?'?s?|end[- ]users?'?s?",
        r"individuals?'?s?|people's|children's|players?'?s?|account\s+holders?'?s?",
    ),
    "trainer": (
        r"the\s+(?:Provider|Company|Supplier|Licensor|Service\s+Provider)",
        r"we",
        r"us",
        rf"(?:our|its|their)\s+(?:own\s+)?{_W}{{0,3}}?(?:models?|AI|algorithms?|systems?|tools?"
        r"|machine[- ]learning|artificial[- ]intelligence|technolog(?:y|ies))",
    ),
    "trainer_cs": (
        r"[A-Z][\w.&-]*'s\s+(?:[\w-]+\s+){0,3}?(?:models?|AI|algorithms?|machine[- ]learning)",
    ),
    "not_opt_out": (
        r"(?:disabled|off)\s+by\s+default",
        r"by\s+default\s+(?:\S+\s+){0,3}?(?:disabled|off)",
        r"we\s+have\s+(?:\S+\s+){0,2}?(?:disabled|turned\s+off|switched\s+off|opted\s+out)",
        r"regardless\s+of\s+(?:\S+\s+){0,3}?settings?",
        r"even\s+if\s+you\s+(?:turn|switch)\s+(?:\S+\s+){0,3}?off",
        r"even\s+if\s+you\s+(?:opt|object|disable)\w*",
    ),
    "contract": (
        r"by\s+contract",
        r"(?:agreement|contract|terms)\s+(?:\S+\s+){0,8}?(?:prohibits?|forbids?|bars?|does\s+not\s+(?:permit|allow))",
        r"contractually\s+(?:prohibited|barred|bound|required|committed)",
    ),
    "licence_limit": (
        r"licen[cs]e\s+(?:\S+\s+){0,6}?(?:does\s+not|doesn't|shall\s+not|will\s+not)\s+(?:include|cover|extend|permit|allow|grant)",
    ),
    "not_ban": (
        r"(?:which|that)\s+(?:are|is)\s+(?:\S+\s+){0,2}?prohibited",
        r"prohibited\s+(?:items?|content|products?|goods|listings?|conduct|activities|uses?|material)",
    ),
}

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"outputs?",),
    "conversations": (
        r"prompts?",
        r"inputs?",
        r"chats?",
        r"conversations?",
        r"quer(?:y|ies)",
        r"interactions?",
        r"transcripts?",
        r"responses?",
    ),
    "content": (
        r"texts?",
        r"(?:user[- ]generated\s+)?content|UGC|posts?|uploads?|files?|photos?|images?|videos?",
        r"comments?|documents?|assets?|creations?|e-?mails?|messages?|notes?|submissions?",
        r"reviews?",
    ),
    "personal_data": (
        r"personal\s+(?:data|information)",
        r"information\s+about\s+you",
        r"personally\s+identifiable\s+information",
        r"PII",
    ),
    "usage": (
        r"(?:purchase|browsing|search|order|viewing|listening|watch)\s+history",
        r"usage\s+(?:data|information)",
        r"activit(?:y|ies)",
        r"telemetry",
        r"logs?",
        r"log\s+data",
        r"service[- ]generated\s+data",
        r"diagnostic\s+data",
        r"(?:geo)?location\s+data",
        r"device\s+data",
        r"browsing\s+(?:data|history|behaviou?r)",
        r"(?:technical|analytics)\s+data",
        r"metadata",
    ),
    "public_data": (
        r"publicly[- ](?:available|accessible)",
        r"public\s+(?:sources?|information|data|posts?|content|web)",
        r"(?:from|on)\s+the\s+(?:internet|web)",
    ),
    "feedback": (r"feedback", r"ratings?", r"thumbs[- ]?(?:up|down)"),
    "recordings": (
        r"(?:audio|voice|video|call|screen)\s+recordings?|recordings?|voice\s+data|audio",
    ),
    "sensitive": (
        r"health\s+(?:data|information)",
        r"biometric\w*",
        r"children's\s+(?:data|information)",
        r"sensitive\s+(?:personal\s+)?(?:data|information)",
    ),
    "data": (r"data", r"information", r"datasets?"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"we", r"us", r"our"),
    "affiliates": (
        r"affiliat(?:e|es|ed)",
        r"group\s+compan(?:y|ies)",
        r"subsidiar(?:y|ies)",
        r"parent\s+company",
    ),
    "partners": (r"partners?",),
    "vendors": (r"vendors?|service\s+providers?|sub-?processors?|suppliers?|contractors?",),
    "third_party_model_providers": (
        r"third[- ]party\s+(?:AI|artificial\s+intelligence|models?|LLMs?|language\s+models?"
        r"|generative)(?:\s+(?:models?|providers?|services?|tools?|vendors?))?",
        r"(?:AI|model|LLM)\s+(?:providers?|vendors?)",
        r"OpenAI",
        r"Anthropic",
    ),
    "third_parties": (r"third[- ]part(?:y|ies)", r"anyone", r"any\s+other\s+person"),
    "users": (r"you", r"users?", r"customers?"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"any(?:\s+and\s+all)?", r"all", r"every", r"entire"),
    "partial": (r"most|some|certain|limited|selected|(?:a\s+)?portions?|subsets?",),
    "deidentified": (
        r"de-?identified|anonymi[sz]ed|aggregated|pseudonymi[sz]ed|anonymous|non-?identifiable",
    ),
}

STOPWORDS = """
the and of to is are that with for this you your we our will be by it or not from which have
has may any as at these those their they was were would should can if when about such other
into than also how what who its been do does using used us them only more
"""

ABBREVIATIONS = """
e.g i.e etc inc ltd corp co vs nos art arts sec para approx mr mrs ms dr prof st jr sr fig
cf al u.s u.k e.u viz dept govt op ibid pp vol ch ed eds esp incl excl min max jan feb mar
apr jun jul aug sep sept oct nov dec
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "recalibrat",
    "feed",
    "intellig",
    "learning",
    "train",
    "fine-tun",
    "fine tun",
    "finetun",
    "model",
    "algori",
    "neural",
    "neuron",
    "generativ",
    "chatbot",
    "chat-bot",
    "mining",
    "robots.txt",
    "2019/790",
    "automated",
    "algorithmic",
    "deepfake",
    "language",
    "recognition",
    "computer vision",
    "autotrain",
    "tuning",
    "distil",
    "teach",
    "taught",
    "speech-to-text",
    "text-to-speech",
    "speech to text",
    "image generat",
    "text generat",
    "video generat",
    "machine translation",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = "this that these such it its thereof exception"

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
SHORT_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "",
    "jun",
    "jul",
    "aug",
    "sep sept",
    "oct",
    "nov",
    "dec",
)
DATE_CUES = (  # phrases that introduce a document's own date, a few words before it
    r"last (?:updated|modified|revised|amended|changed)",
    r"effective (?:date|as of|from|since)",
    r"date effective",
    r"version date",
    r"date of (?:the )?last (?:revision|update|modification)",
)
DATE_CUE_WORDS = ("effective", "updated", "revised", "modified", "amended", "dated", "version")
DATE_LINK_WORDS = "on as of from since at the"
TIME_UNITS = r"seconds?|secs?|minutes?|mins?|hours?|hrs?"
COUNT_WORDS = "an? one"
RELATIVE_TIMES = ((" ago", r"\b{count}\s+{units}\s+ago\b"),)  # (hint, pattern): 3 minutes ago
SECTION_WORDS = (
    "sections?|sec|clauses?|articles?|arts?|paragraphs?|paras?|chapters?|annex|appendix|"
    "schedule|exhibit"
)
JOINERS = "and or to through"
LETTERS = ""  # letters only this language uses (a tie-breaker of language identification)
