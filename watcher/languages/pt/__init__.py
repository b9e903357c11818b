"""Portuguese vocabulary (European and Brazilian usage)."""

from watcher.languages.pt.detector import PATTERNS as PATTERNS

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"saídas?", r"resultados\s+gerados", r"outputs?"),
    "conversations": (
        r"instruções|prompts?|entradas?|conversas?|conversações|chats?|consultas?|interações",
        r"perguntas?",
    ),
    "content": (
        r"textos?",
        r"conteúdos?|publicações|posts?|arquivos?|ficheiros?|fotos?|imagens?|vídeos?|comentários?",
        r"documentos?|mensagens?|e-?mails?",
    ),
    "personal_data": (r"dados\s+pessoais", r"informações\s+pessoais"),
    "usage": (
        r"histórico\s+de\s+(?:compras?|navegação|pesquisa|pedidos)",
        r"dados\s+de\s+(?:uso|utilização|navegação|localização|geolocalização)",
        r"atividades?",
        r"registos?|registros?",
        r"telemetria",
        r"metadados",
    ),
    "public_data": (
        r"(?:publicamente\s+disponíveis?|disponíveis?\s+publicamente)|fontes\s+públicas",
        r"informações\s+públicas|dados\s+públicos",
    ),
    "feedback": (r"opiniões", r"comentários\s+sobre", r"avaliações", r"feedback"),
    "recordings": (r"gravações(?:\s+de\s+voz)?", r"gravação", r"voz", r"áudio"),
    "sensitive": (
        r"dados\s+(?:de\s+saúde|sensíveis|biométricos)",
        r"biométric\w+",
        r"dados\s+(?:de|das|dos)\s+crianças",
    ),
    "data": (r"dados", r"informações", r"informação"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"nós", r"noss[oa]s?"),
    "affiliates": (r"afiliad[oa]s?", r"empresas\s+do\s+(?:nosso\s+)?grupo", r"subsidiárias?"),
    "partners": (r"parceiros?",),
    "vendors": (
        r"fornecedores?",
        r"prestadores?\s+de\s+serviços?",
        r"operadores?",
        r"subcontratad[oa]s?",
        r"subcontratantes?",
    ),
    "third_party_model_providers": (r"fornecedores?\s+de\s+(?:IA|modelos)",),
    "third_parties": (r"terceiros?",),
    "users": (r"você", r"usuários?", r"utilizadores?", r"clientes?"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"tod[oa]s?", r"qualquer", r"quaisquer"),
    "partial": (r"alguns|algumas", r"cert[oa]s", r"a\s+maioria", r"parte", r"determinad[oa]s"),
    "deidentified": (
        r"anonimizad[oa]s?",
        r"agregad[oa]s?",
        r"pseudonimizad[oa]s?",
        r"anónim[oa]s?",
        r"anônim[oa]s?",
    ),
}

STOPWORDS = """
os do da dos das não uma um com você vocês pelo pela pelos pelas seus suas seu sua nosso nossa
em na nas ou mas mais e o à ao aos às foi são isso também ainda muito
nossos nossas ao aos às é são serão está estão também podemos poderemos quando isso essa esse
através após qualquer dados utilizamos informações pode podem poderá poderão deverá será
serão estiver tiver nossos nossas também conosco então pelos
"""

ABBREVIATIONS = """
sr sra srs dr dra pág núm art p ex etc ltda s.a lda cia av aprox máx mín n.º nº
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "aliment",
    "recalibr",
    "trein",
    "treino",
    "aprendizagem",
    "aprendizado",
    "minera",
    "prospe",
    "reconhecimento",
    "linguagem",
    "afinamento",
    "afinar",
    "ensin",
    "destil",
    "geração de",
    "tradução automática",
    "transcrição automática",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = "isso isto este esta estes estas tal tais o desse dessa disso exceção"

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "janeiro",
    "fevereiro",
    "marco",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)
# "out" (outubro) is left out: it is an English word before a year as often as a month.
SHORT_MONTHS = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "", "nov", "dez")
DATE_CUES = (
    r"ultima (?:atualizacao|modificacao|revisao|alteracao)",
    r"data (?:da )?(?:ultima )?(?:atualizacao|modificacao|revisao)",
    r"(?:data de )?entrada em vigor",
    r"em vigor (?:desde|a partir de|em)",
    r"vigente (?:desde|a partir de)",
    r"atualizad[oa] (?:em|a)",
    r"data de (?:vigencia|efeito)",
    r"versao de",
)
DATE_CUE_WORDS = ("atualizad[oa]", "atualizacao")
DATE_LINK_WORDS = "em de desde a partir"
TIME_UNITS = r"segundos?|minutos?|horas?"
COUNT_WORDS = "uma? um"
RELATIVE_TIMES = (("há ", r"\bh[aá]\s+{count}\s+{units}\b"),)
SECTION_WORDS = "secao|secoes|artigos?|clausulas?|paragrafos?|anexo|capitulo|item|alinea|inciso"
JOINERS = "e ou a"
LETTERS = "ãõç"
