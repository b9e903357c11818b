"""English vocabulary. English AI terms are also looked for in every other language (loanwords)."""

from watcher.languages.en.detector import PATTERNS as PATTERNS

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
