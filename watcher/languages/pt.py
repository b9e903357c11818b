"""Portuguese vocabulary (European and Brazilian usage)."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = (
    r"(?:você|vocês|o\s+usuário|os\s+usuários|usuários?|o\s+utilizador|os\s+utilizadores"
    r"|utilizadores?|o\s+cliente|clientes?|terceiros?|ninguém)"
)
_IA = (
    r"(?:IA|inteligência\s+artificial|aprendizagem\s+automática|aprendizado\s+de\s+máquina"
    r"|machine\s+learning)"
)

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"assistentes?\s+(?:virtua(?:l|is)|de\s+voz)",
        r"(?:sistemas?|modelos?|algoritmos?|motor(?:es)?|ferramentas?)\s+(?:\S+\s+){0,4}?baseados?\s+em\s+(?:IA|inteligência\s+artificial|aprendizagem\s+automática|aprendizado\s+de\s+máquina|redes\s+neura\w+)",
        r"redes?\s+neuronais|rede\s+neuronal",
        r"tradução\s+automática",
        r"geração\s+de\s+(?:imagens|texto|vídeo|conteúdo)",
        r"geradores?\s+de\s+(?:imagens|texto)",
        r"transcrição\s+automática",
        r"inteligências?\s+artificia(?:l|is)",
        r"aprendizagem\s+(?:automática|profunda|de\s+máquina)",
        r"aprendizado\s+(?:de\s+máquina|automático|profundo)",
        r"machine\s+learning",
        r"redes?\s+neura(?:l|is)",
        r"modelos?\s+(?:de\s+linguagem|linguísticos?|generativos?|fundacionais|de\s+IA"
        r"|de\s+inteligência\s+artificial|de\s+aprendizagem|de\s+aprendizado)",
        r"generativ[oa]s?",
        r"chat[- ]?bots?",
        r"assistentes?\s+virtua(?:l|is)",
        r"processamento\s+(?:de|da)\s+linguagem\s+natural",
        r"reconhecimento\s+(?:de\s+voz|da\s+fala|facial|de\s+imagens?)",
        r"deepfakes?",
    ),
    "ai_cs": (r"IA", r"I\.A\.?", r"IAG"),
    "ai_weak": (r"modelos?", r"algoritmos?", r"classificadores?"),
    "not_ai": (
        r"algoritmos?\s+(?:de\s+)?(?:hash|criptografia|cifragem|encriptação|compressão|criptográficos?)",
        r"algoritmos?\s+(?:bcrypt|sha-?\d*|aes|rsa)",
        r"modelos?\s+(?:de\s+negócios?|de\s+formulários?|de\s+contratos?|de\s+(?:seu\s+|sua\s+)?"
        r"(?:veículo|dispositivo|aparelho|carro|telemóvel|celular)|do\s+(?:veículo|dispositivo"
        r"|aparelho|carro|telemóvel|celular))",
        r"cláusulas\s+contratuais\s+(?:padrão|tipo)",
        r"(?:o|um)\s+modelo\s+de\s+formulário",
        r"desenhos\s+e\s+modelos",
    ),
    "ai_context": (
        r"decisões\s+(?:individuais\s+)?automatizadas|tomada\s+de\s+decisões?\s+automatizadas?",
        r"decisões\s+algorítmicas",
    ),
    "ranking": (
        r"classifica\w+|recomenda\w+|recomend\w+|ordena\w*|resultados\s+de\s+pesquisa",
        r"resultados\s+de\s+busca|personaliz\w+|publicidade\w*|anúncios?|preços?",
    ),
    "train": (
        r"aliment(?:am|a|ar|ará|arão|amos)",
        r"recalibr\w+",
        r"destil(?:ar|ação|ado)",
        r"ensin(?:ar|amos|am|ado|ados|ada|adas|ando|e|em)",
        r"trein(?:ar|amos|am|ado|ados|ada|adas|ando|amento|amentos|o|os|e|em|ará|arão|á)",
        r"retrein\w+",
        r"pré-?trein\w+",
        r"ajuste\s+fino",
        r"afin(?:ar|amos|ado|ados|amento)",
    ),
    "not_train": (
        r"treino\s+(?:físico|pessoal|desportivo|esportivo)",
        r"treinamentos?\s+(?:de|dos|para\s+(?:os\s+)?)\s*(?:nossos\s+)?(?:funcionários|colaboradores"
        r"|equipes?|equipas?|pessoal|empregados|atendentes)",
        r"trein\w+\s+(?:os\s+|a\s+)?(?:nossos?\s+|nossas?\s+)?(?:funcionários|colaboradores|equipes?"
        r"|equipas?|pessoal|empregados|atendentes)",
        r"personal\s+trainers?",
        r"dados\s+de\s+treino",
        r"dados\s+de\s+treinamento",
    ),
    "improve": (
        r"melhor(?:ar|amos|am|ado|ados|ada|adas|ando|ia|ias|e|em|ará)",
        r"aprimor\w+",
        r"desenvolv\w+",
        r"aperfeiço\w+",
        r"otimiz\w+",
        r"cria(?:r|mos|ção)",
        r"constru\w+",
        r"avali\w+",
        r"ensin\w+",
    ),
    "training_data": (r"como\s+dados\s+de\s+(?:treino|treinamento)",),
    "ml_purpose": (
        r"para\s+(?:a\s+)?aprendizagem\s+automática",
        r"para\s+(?:o\s+)?aprendizado\s+de\s+máquina",
        rf"(?:com|para)\s+(?:fins|finalidades)\s+de\s+{_IA}",
    ),
    "train_prep": (r"com", r"em", r"sobre", r"a\s+partir\s+d[eoa]s?", r"usando"),
    "relative": (r"que\s+(?:nós\s+)?",),
    "own_model": (r"(?:nossos?|nossas?|seus)\s+(?:próprios\s+)?(?:modelos?|algoritmos?)",),
    "not_model": (r"deepfakes?|chat[- ]?bots?|assistentes?\s+virtua(?:l|is)",),
    "third_agent": (r"por\s+(?:parte\s+de\s+)?terceiros",),
    "imperative": (r"(?:utilizar|usar|copiar|extrair|treinar|desenvolver)",),
    "use": (
        r"aproveit\w+",
        r"analis\w+",
        r"utiliz\w+",
        r"us(?:ar|amos|am|ado|ados|ada|adas|ando|a|e|em|o|ará|arão)",
        r"empreg\w+",
        r"trat\w+",
        r"process\w+",
        r"compartilh\w+",
        r"partilh\w+",
        r"permit\w+",
        r"autoriz\w+",
        r"inclu\w+",
    ),
    "instrument": (
        r"usando|utilizando|mediante|com\s+(?:a\s+)?ajuda\s+de|graças\s+a|basead[oa]s?\s+em",
        r"através\s+de|por\s+meio\s+de|com|(?:gerad|criad|produzid)[oa]s?\s+por",
    ),
    "product": (
        r"funções|funcionalidades?|recursos?|assistentes?|agentes?|produtos?|ferramentas?",
        r"respostas?",
    ),
    "negation": (
        r"impede(?:-o|-a|-os|-as)?",
        r"vedad[oa]s?|veda|vedam|proíbe|proíbem",
        r"não|nunca|jamais|nenhu(?:m|ma|ns|mas)|nem|exclu\w+|proibid[oa]s?",
    ),
    "not_negation": (
        r"não\s+exclusiv[oa]s?",
        r"(?:que\s+)?não\s+(?:permit\w+|possam|pode)\s+(?:\S+\s+){0,3}?identific\w+",
        r"nenhuma\s+outra\s+finalidade|nenhum\s+outro\s+fim",
        r"ou\s+não",
        r"não\s+apenas",
        r"não\s+só",
        r"sem\s+limitação",
        r"não\s+hesite",
    ),
    "scope_stop": (
        r"exceto",
        r"salvo\s+se",
        r"com\s+exceção",
        r"mas",
        r"porém",
        r"contudo",
        r"no\s+entanto",
        r"enquanto",
        r"embora",
    ),
    "opaque": (r"vend\w+", r"alug\w+", r"desej\w+", r"quer\w*", r"sab\w+", r"garant\w+"),
    "opt_out": (
        r"não\s+mais\s+(?:\S+\s+){0,2}?utiliz\w+",
        r"desmarcar",
        r"(?:pode|podem|poderá|poderão)\s+(?:\S+\s+){0,2}?exclu\w+",
        r"se\s+preferir\s+que\s+(?:\S+\s+){0,6}?não",
        r"(?:habilitad|ativad)[oa]s?\s+(?:por\s+(?:padrão|predefinição|defeito)|em\s+novas)",
        r"pré-?marcad[oa]s?|já\s+marcad[oa]s?",
        r"deix\w+\s+de\s+(?:\S+\s+){0,1}?utiliz\w+",
        r"(?:caso|se)\s+não\s+(?:concorde|concordar|deseje|desejar|queira|quiser|pretenda|pretender)",
        r"solicit\w+\s+a\s+exclusão",
        r"(?:decidir|escolher)\s+se",
        r"opor(?:-se)?",
        r"op(?:õe|onha|user)\w*",
        r"oposição",
        r"objeção",
        r"desativ\w+",
        r"desabilit\w+",
        r"descadastr\w+",
        r"opt-?out",
        r"configurações",
        r"definições",
        r"preferências",
        r"excluir\s+(?:os\s+)?seus\s+dados",
    ),
    "setting": (
        r"(?:se|quando|enquanto)\s+(?:\S+\s+){1,6}?(?:estiver|estiverem|está|estão|permanecer)"
        r"\s+(?:ativad[oa]s?|desativad[oa]s?|ligad[oa]s?)",
    ),
    "consent": (
        r"salvo\s+(?:autorização|consentimento|acordo)\s+(?:\S+\s+){0,3}?do\s+(?:Cliente|usuário|utilizador)",
        r"se\s+(?:você\s+)?(?:aderir|participar|se\s+inscrever)",
        r"(?:termo|formulário)\s+de\s+consentimento",
        r"(?:tiver|tenha|ter)\s+aderido",
        r"aderir\s+ao",
        r"adesão",
        r"(?:adesão|participação)\s+(?:\S+\s+){0,4}?é\s+(?:facultativa|voluntária)",
        r"(?:pedir|solicitar|pedirá|pediremos|solicitará|solicitaremos)\s+(?:\S+\s+){0,4}?(?:autorização|consentimento|permissão)",
        r"(?:caixa|quadrado)\s+(?:de\s+seleção\s*)?,?\s*desmarcad[oa]",
        r"exceto\s+nos\s+casos\s+em\s+que",
        r"retirar\s+(?:o\s+)?(?:seu\s+)?consentimento",
        r"revog\w+",
        r"desativad[oa]s?\s+por\s+(?:padrão|predefinição|defeito)",
        r"por\s+(?:padrão|predefinição|defeito)\s+(?:\S+\s+){0,3}?desativad[oa]s?",
        r"(?:o\s+)?seu\s+consentimento",
        r"(?:ao\s+)?marcar\s+(?:a\s+)?(?:caixa|opção)",
        r"consente\s+que",
        r"(?:apenas|somente|só)\s+(?:quando|caso)",
        r"mediante\s+(?:o\s+)?(?:seu\s+)?(?:\S+\s+){0,2}?consentimento",
        rf"(?:com|sem)\s+(?:o\s+)?(?:seu|sua|vosso|prévio|expresso)\s+{_W}{{0,2}}?(?:consentimento"
        r"|autorização|permissão)",
        r"consentimento\s+(?:expresso|explícito|prévio)",
        r"(?:apenas|somente|só)\s+se\s+(?:você|vocês|\w+s\b)",
        r"(?:salvo|a\s+menos)\s+que\s+(?:você\s+)?(?:ativ|aceit|consint|escolh|decid|autoriz)\w*",
        r"se\s+(?:você\s+)?(?:consentir|aceitar|optar|escolher|autorizar)",
        r"opt-?in",
    ),
    "unless": (
        r"(?:exceto|salvo)\s+(?:quando|se|caso)\s+(?:você|vocês|o\s+usuário|o\s+utilizador)",
        rf"(?:salvo|a\s+menos)\s+que\s+{_USER}",
    ),
    "feedback": (
        rf"(?:se|quando|ao)\s+(?:você\s+)?{_W}{{0,2}}?(?:envi\w+|fornec\w+|d[áae]\w*"
        rf"|compartilh\w+|partilh\w+)\s+{_W}{{0,3}}?(?:comentários|opiniões|avaliações|feedback)",
    ),
    "ban": (
        r"obriga-se\s+a\s+não",
        r"abster-se",
        r"só\s+(?:é|são)\s+permitid[oa]s?",
        r"(?:o|a)\s+\w+\s+não\s+(?:pode|poderá|deverá|poderão|deverão)",
        r"não\s+(?:pode|podem|poderá|poderão|deve|devem)\s+ser\s+(?:\S+\s+){0,2}?(?:utilizad|usad|incluíd|reproduzid|copiad|extraíd)\w*",
        rf"{_USER}\s+não\s+(?:pode|podem|poderá|poderão|deve|devem|deverá)",
        r"não\s+(?:é|são|está|estão|será|serão)\s+(?:permitid[oa]s?|autorizad[oa]s?)",
        r"(?:é|são|fica|ficam|está|estão)\s+(?:estritamente\s+|expressamente\s+)?proibid[oa]s?",
        r"proibid[oa]s?",
        r"proíb\w+",
        r"vedad[oa]s?",
        rf"sem\s+(?:o\s+)?(?:nosso|nossa|a)\s+{_W}{{0,3}}?(?:consentimento|autorização|permissão)",
        rf"reserva\w*\s+{_W}{{0,3}}?direitos",
        r"compromete\w*\s+a\s+não",
    ),
    "tdm": (
        r"prospeção\s+de\s+textos?\s+e\s+(?:de\s+)?dados",
        r"mineração\s+de\s+textos?\s+e\s+(?:de\s+)?dados",
        r"mineração\s+de\s+dados\s+e\s+textos?",
        r"text\s+and\s+data\s+mining",
        r"TDM",
        r"2019/790",
        r"robots\.txt[^.;]{0,80}?(?:treino|treinamento|IA)",
    ),
    "scrape": (
        r"scraping",
        r"raspagem",
        r"rastre\w+",
        r"crawl\w*",
        r"bots?",
        r"robôs?",
        r"robots\.txt",
        r"extra(?:ir|ção|íd[oa]s?)",
        r"meios\s+automatizados",
        r"ferramentas\s+automatizadas",
        r"mineração\s+de\s+dados",
    ),
    "service_source": (
        r"(?:utilizar|usar|extrair|copiar|recolher|coletar|aceder\s+a|acessar)\s+(?:o|a|os|as"
        rf"|nosso|nossa|nossos|nossas)\s+{_W}{{0,2}}?(?:conteúdos?|serviços?|sites?|plataformas?)",
        r"(?:do|da|de\s+nosso|de\s+nossa|dos\s+nossos)\s+(?:site|serviço|plataforma|sítio)",
    ),
    "compete": (r"concorr\w+", r"competidor\w*|competir|compitam|competitiv\w+"),
    "customer_side": (
        r"permite\s+(?:ao\s+Cliente|ao\s+usuário|ao\s+utilizador|que\s+você)\s+trein\w+",
        r"seus\s+próprios\s+modelos|teus\s+próprios\s+modelos|seu\s+próprio\s+modelo",
        r"API\s+de\s+ajuste\s+fino|(?:pode|podem)\s+treinar\s+(?:os\s+)?seus\s+próprios",
    ),
    "user_owner": (
        r"seus?",
        r"suas?",
        r"teus?",
        r"tuas?",
        r"usuários?",
        r"utilizadores?",
        r"clientes?",
        r"membros?",
        r"você",
    ),
    "trainer": (
        r"(?:o|a)\s+(?:Fornecedor|Prestador|Empresa|Plataforma|Controlador)",
        r"(?:utiliz|us|empreg|trat|trein|melhor|desenvolv|partilh|compartilh|incorpor|analis|aperfeiço|aprimor)(?:amos|aremos|aríamos|emos|eremos|imos|iremos)",
        r"nós",
        r"(?:utilizamos|usamos|treinamos|empregamos|tratamos|podemos|melhoramos|desenvolvemos"
        r"|aprimoramos)",
        rf"(?:nossos?|nossas?)\s+{_W}{{0,2}}?(?:modelos?|IA|algoritmos?|sistemas?)",
    ),
    "not_opt_out": (
        r"desativad[oa]s?\s+por\s+(?:padrão|predefinição|defeito)",
        r"independentemente\s+d[ao]s?\s+(?:\S+\s+){0,2}?(?:definições|configurações)",
        r"mesmo\s+que\s+(?:você\s+)?desativ\w+",
    ),
    "contract": (
        r"por\s+contrato",
        r"(?:contrato|acordo)\s+(?:\S+\s+){0,8}?impede",
        r"contratualmente",
        r"(?:contrato|acordo)\s+(?:\S+\s+){0,8}?(?:veda|proíbe)",
    ),
    "licence_limit": (
        r"licença\s+(?:\S+\s+){0,4}?não\s+(?:abrange|inclui|permite|autoriza|cobre)",
    ),
    "not_ban": (r"(?:conteúdos?|artigos?|produtos?|objetos?|itens)\s+proibid[oa]s",),
}

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
