"""Spanish vocabulary."""

_W = r"(?:[\w'-]+\s+)"  # one word and its space
_USER = (
    r"(?:usted(?:es)?|tú|el\s+usuario|los\s+usuarios|usuarios?|el\s+cliente|clientes?"
    r"|terceros?|nadie)"
)
_IA = r"(?:IA|inteligencia\s+artificial|aprendizaje\s+automático|machine\s+learning)"

PATTERNS: dict[str, tuple[str, ...]] = {
    "ai": (
        r"asistentes?\s+de\s+voz",
        r"(?:sistemas?|modelos?|algoritmos?|motor(?:es)?|herramientas?)\s+(?:\S+\s+){0,4}?basad[oa]s?\s+en\s+(?:la\s+|el\s+)?(?:IA|inteligencia\s+artificial|aprendizaje\s+automático|redes\s+neuronales)",
        r"traducción\s+automática",
        r"generación\s+de\s+(?:imágenes|texto|vídeo|contenido)",
        r"generadores?\s+de\s+(?:imágenes|texto)",
        r"transcripción\s+automática",
        r"inteligencias?\s+artificial(?:es)?",
        r"aprendizaje\s+(?:automático|profundo|autom[aá]tico)",
        r"machine\s+learning",
        r"redes?\s+neuronal(?:es)?",
        r"modelos?\s+(?:de\s+lenguaje|lingüísticos?|generativos?|fundacionales?|de\s+IA"
        r"|de\s+inteligencia\s+artificial|de\s+aprendizaje)",
        r"generativ[oa]s?",
        r"chat[- ]?bots?",
        r"bots\s+de\s+chat",
        r"asistentes?\s+virtuales?",
        r"procesamiento\s+del\s+lenguaje\s+natural",
        r"reconocimiento\s+(?:de\s+voz|del\s+habla|facial|de\s+imágenes)",
        r"ultrafalsos?",
    ),
    "ai_cs": (r"IA", r"I\.A\.?", r"IAG"),
    "ai_weak": (r"modelos?", r"algoritmos?", r"clasificadores?"),
    "not_ai": (
        r"algoritmos?\s+(?:de\s+)?(?:hash|cifrado|encriptación|compresión|criptográficos?)",
        r"algoritmos?\s+(?:bcrypt|sha-?\d*|aes|rsa)",
        r"modelos?\s+(?:de\s+negocio|de\s+formularios?|de\s+contratos?|de\s+(?:su\s+)?"
        r"(?:vehículo|dispositivo|coche)|del\s+(?:vehículo|dispositivo|coche))",
        r"cláusulas\s+contractuales\s+tipo",
        r"(?:el|un)\s+modelo\s+de\s+formulario",
    ),
    "ai_context": (
        r"decisiones\s+(?:individuales\s+)?automatizadas|toma\s+de\s+decisiones\s+automatizadas?",
        r"decisiones\s+algorítmicas",
    ),
    "ranking": (
        r"clasificaci\w+|recomendaci\w+|recomend\w+|ordena\w*|resultados\s+de\s+búsqueda",
        r"personaliz\w+|publicidad\w*|anuncios?|precios?",
    ),
    "train": (
        r"aliment(?:an|a|ar|ará|arán|amos)",
        r"recalibr\w+",
        r"destil(?:ar|ación|ado)",
        r"enseñ(?:ar|amos|an|ado|ados|ada|adas|ando|e|en)",
        r"entren(?:ar|amos|an|ado|ados|ada|adas|ando|amiento|amientos|ará|arán|e|en)",
        r"reentren\w+",
        r"preentren\w+",
        r"ajuste\s+fino",
        r"afin(?:ar|amos|ado|ados)",
    ),
    "not_train": (
        r"entrenamiento\s+(?:personal(?:izado)?|físico|deportivo)",
        r"entrenadores?\s+personales?",
        r"entrenar\s+(?:a\s+)?(?:nuestro|su)\s+personal",
        r"datos\s+de\s+entrenamiento",
    ),
    "improve": (
        r"mejor(?:ar|amos|an|ado|ados|ada|adas|ando|a|as|e|en|ará)",
        r"desarroll\w+",
        r"perfeccion\w+",
        r"optimiz\w+",
        r"crea(?:r|mos|ción)",
        r"constru\w+",
        r"evalu\w+",
    ),
    "training_data": (r"como\s+datos\s+de\s+entrenamiento",),
    "ml_purpose": (
        r"para\s+(?:el\s+)?aprendizaje\s+automático",
        rf"(?:con|para)\s+fines\s+de\s+{_IA}",
    ),
    "train_prep": (r"con", r"en", r"sobre", r"a\s+partir\s+de"),
    "relative": (r"que\s+(?:nosotros\s+)?",),
    "own_model": (r"(?:nuestros?|sus)\s+(?:propios\s+)?(?:modelos?|algoritmos?)",),
    "not_model": (r"ultrafalsos?|chat[- ]?bots?|bots\s+de\s+chat|asistentes?\s+virtuales?",),
    "third_agent": (r"por\s+(?:parte\s+de\s+)?terceros",),
    "imperative": (r"(?:utilizar|usar|copiar|extraer|entrenar|desarrollar)",),
    "use": (
        r"aprovech\w+",
        r"analiz\w+",
        r"utiliz\w+",
        r"us(?:ar|amos|an|ado|ados|ada|adas|ando|a|e|en|o|ará|arán)",
        r"emple\w+",
        r"trat\w+",
        r"proces\w+",
        r"compart\w+",
        r"permit\w+",
        r"autoriz\w+",
        r"inclu\w+",
    ),
    "instrument": (
        r"usando|utilizando|mediante|con\s+(?:la\s+)?ayuda\s+de|gracias\s+a|basad[oa]s?\s+en",
        r"a\s+través\s+de|con|(?:generad|cread|producid)[oa]s?\s+por",
    ),
    "product": (
        r"funciones?|funcionalidades?|asistentes?|agentes?|productos?|herramientas?|respuestas?",
    ),
    "negation": (
        r"prohíbe|prohíben",
        r"no|nunca|jamás|ningun[oa]?|ni|tampoco|exclu\w+|prohibid[oa]s?",
    ),
    "not_negation": (
        r"no\s+exclusiv[oa]s?",
        r"(?:que\s+)?no\s+(?:permit\w+|pued\w+)\s+(?:\S+\s+){0,3}?identific\w+",
        r"ningún\s+otro\s+fin|ninguna\s+otra\s+finalidad",
        r"o\s+no",
        r"no\s+solo",
        r"no\s+sólo",
        r"sin\s+limitarse\s+a",
        r"no\s+dude",
    ),
    "scope_stop": (
        r"excepto",
        r"salvo\s+que",
        r"con\s+excepción",
        r"pero",
        r"sino",
        r"sin\s+embargo",
        r"mientras",
        r"aunque",
    ),
    "opaque": (r"vend\w+", r"alquil\w+", r"dese\w+", r"quier\w+", r"sab\w+", r"garantiz\w+"),
    "opt_out": (
        r"si\s+(?:usted\s+|tú\s+)?no\s+(?:desea|deseas|quiere|quieres)",
        r"desmarc\w+",
        r"no\s+esté\s+de\s+acuerdo",
        r"exclu(?:ir|ida|idas|idos|sión)\s+del?\s+(?:\S+\s+){0,2}?entrenamiento",
        r"(?:puede|podrá|pueden|podrán)\s+(?:\S+\s+){0,2}?exclu\w+",
        r"interrumpir",
        r"activad[oa]s?\s+por\s+defecto",
        r"premarcad[oa]s?|ya\s+marcad[oa]s?",
        r"dej\w+\s+de\s+(?:\S+\s+){0,1}?utiliz\w+",
        r"ya\s+no\s+(?:se\s+)?(?:\S+\s+){0,1}?utiliz\w+",
        r"si\s+no\s+(?:desea|deseas|quiere|quieres|está\s+de\s+acuerdo)",
        r"solicit\w+\s+(?:que\s+)?(?:\S+\s+){0,6}?(?:se\s+)?exclu\w+",
        r"decidir\s+si",
        r"elegir\s+si",
        r"oponer(?:se|te)?",
        r"op[oó]n(?:g|e)\w*",
        r"oposici[oó]n",
        r"objeci[oó]n",
        r"desactiv\w+",
        r"exclusión\s+voluntaria",
        r"opt-?out",
        r"configuraci[oó]n",
        r"ajustes",
        r"preferencias",
    ),
    "setting": (
        r"(?:si|cuando|mientras)\s+(?:\S+\s+){1,6}?(?:está|están)\s+(?:activad[oa]s?|desactivad[oa]s?)",
    ),
    "consent": (
        r"salvo\s+(?:autorización|consentimiento|acuerdo)\s+(?:\S+\s+){0,3}?del\s+(?:Cliente|usuario)",
        r"si\s+(?:usted\s+)?(?:se\s+une|se\s+inscribe|participa|se\s+adhiere)",
        r"formulario\s+de\s+consentimiento",
        r"(?:únicamente|solamente|solo|sólo)\s+(?:\S+\s+){0,2}?si\s+usted",
        r"ha\s+elegido\s+(?:expresamente\s+)?participar",
        r"participación\s+(?:\S+\s+){0,3}?es\s+(?:voluntaria|facultativa)",
        r"(?:pedir|solicitar|pedirá|pediremos|solicitará|solicitaremos)\s+(?:\S+\s+){0,4}?(?:autorización|consentimiento|permiso)",
        r"casilla,?\s+(?:que\s+)?no\s+(?:aparece\s+|está\s+)?marcada",
        r"casilla\s+desmarcada",
        r"salvo\s+en\s+los\s+casos\s+en\s+que",
        r"retirar\s+(?:su|tu|el|este)\s+consentimiento",
        r"revoca\w*",
        r"desactivad[oa]s?\s+por\s+defecto",
        r"por\s+defecto\s+(?:\S+\s+){0,3}?desactivad[oa]s?",
        r"(?:si\s+)?marca\s+la\s+casilla",
        r"(?:únicamente|solamente|solo|sólo)\s+cuando",
        r"previo\s+consentimiento",
        r"su\s+consentimiento",
        rf"(?:con|sin)\s+(?:su|tu|el|previo|expreso)\s+{_W}{{0,2}}?(?:consentimiento|autorización"
        r"|permiso)",
        r"consentimiento\s+(?:expreso|explícito|previo)",
        r"sólo\s+si\s+(?:usted|tú|\w+s\b)",
        r"solo\s+si\s+(?:usted|tú|\w+s\b)",
        r"salvo\s+que\s+(?:usted\s+|tú\s+)?(?:activ|acept|consient|elij|decid|autoric)\w*",
        r"a\s+menos\s+que\s+(?:usted\s+|tú\s+)?(?:activ|acept|consient|elij|decid|autoric)\w*",
        r"opt-?in",
    ),
    "unless": (
        r"(?:excepto|salvo)\s+(?:cuando|si)\s+(?:usted|tú|el\s+usuario)",
        rf"(?:salvo|a\s+menos)\s+que\s+{_USER}",
    ),
    "feedback": (
        rf"(?:si|cuando|al)\s+(?:usted\s+|tú\s+)?{_W}{{0,2}}?(?:envi\w+|proporcion\w+|d[ae]\w*"
        rf"|compart\w+)\s+{_W}{{0,3}}?(?:comentarios|opiniones|valoraciones)",
    ),
    "ban": (
        r"(?:el|la)\s+\w+\s+no\s+(?:podrá|puede|deberá)",
        r"se\s+abstendrá",
        r"se\s+obliga\s+a\s+no",
        r"(?:solo|sólo|únicamente)\s+se\s+permite\s+con",
        r"no\s+(?:puede|pueden|podrá|podrán|debe|deben)\s+ser\s+(?:\S+\s+){0,2}?(?:utilizad|usad|incluid|reproducid|copiad|extraíd)\w*",
        rf"{_USER}\s+no\s+(?:puede|pueden|puedes|podrá|podrán|debe|deben|debes|deberá)",
        r"no\s+(?:está|están|estará)\s+(?:permitid[oa]s?|autorizad[oa]s?)",
        r"(?:queda|quedan|está|están)\s+(?:estrictamente\s+)?prohibid[oa]s?",
        r"prohibid[oa]s?",
        r"prohib\w+",
        rf"sin\s+(?:nuestro|nuestra|el)\s+{_W}{{0,3}}?(?:consentimiento|autorización|permiso)",
        rf"se\s+reserva\w*\s+{_W}{{0,3}}?derechos",
        r"se\s+compromete\w*\s+a\s+no",
    ),
    "tdm": (
        r"minería\s+de\s+textos\s+y\s+datos",
        r"minería\s+de\s+datos\s+y\s+textos",
        r"text\s+and\s+data\s+mining",
        r"TDM",
        r"2019/790",
        r"robots\.txt[^.;]{0,80}?(?:entrenamiento|IA)",
    ),
    "scrape": (
        r"scraping",
        r"rastre\w+",
        r"crawl\w*",
        r"bots?",
        r"robots?",
        r"robots\.txt",
        r"extra(?:er|cción|ídos?|ídas?)",
        r"técnicas\s+automatizadas",
        r"medios\s+automatizados",
        r"herramientas\s+automatizadas",
        r"minería\s+de\s+datos",
    ),
    "service_source": (
        r"(?:utilizar|usar|extraer|copiar|recopilar|acceder\s+a)\s+(?:el|la|los|las|nuestro|nuestra"
        rf"|nuestros|nuestras)\s+{_W}{{0,2}}?(?:contenidos?|servicios?|sitios?|plataformas?)",
        r"(?:del|de\s+la|de\s+nuestro|de\s+nuestra)\s+(?:sitio|servicio|plataforma|web)",
    ),
    "compete": (r"compet(?:idor\w*|ir|itiv\w+)|compit\w+",),
    "customer_side": (
        r"permite\s+(?:al\s+Cliente|al\s+usuario|a\s+usted)\s+entrenar",
        r"sus\s+propios\s+modelos|tus\s+propios\s+modelos|su\s+propio\s+modelo",
        r"API\s+de\s+ajuste\s+fino|(?:puede|puedes|pueden)\s+entrenar\s+(?:sus|tus)\s+propios",
    ),
    "user_owner": (r"sus?", r"tus?", r"usuarios?", r"clientes?", r"miembros?", r"usted", r"suyos?"),
    "trainer": (
        r"(?:el|la)\s+(?:Proveedor|Prestador|Empresa|Compañía|Plataforma)",
        r"(?:utiliz|us|emple|trat|entren|mejor|desarroll|compart|incorpor|analiz)(?:amos|aremos|aríamos|emos|eremos)",
        r"nosotros",
        r"(?:utilizamos|usamos|entrenamos|empleamos|tratamos|podemos|mejoramos|desarrollamos)",
        rf"(?:nuestros?|nuestras?)\s+{_W}{{0,2}}?(?:modelos?|IA|algoritmos?|sistemas?)",
    ),
    "not_opt_out": (
        r"con\s+independencia\s+de\s+(?:\S+\s+){0,3}?(?:configuración|ajustes)",
        r"desactivad[oa]s?\s+por\s+defecto",
        r"por\s+defecto\s+(?:\S+\s+){0,3}?desactivad[oa]s?",
        r"independientemente\s+de\s+(?:\S+\s+){0,3}?(?:configuración|ajustes)",
        r"incluso\s+si\s+(?:usted\s+)?desactiva",
    ),
    "contract": (
        r"por\s+contrato",
        r"contractualmente",
        r"(?:contrato|acuerdo)\s+(?:\S+\s+){0,6}?prohíbe",
    ),
    "licence_limit": (
        r"licencia\s+(?:\S+\s+){0,6}?no\s+(?:incluye|cubre|se\s+extiende|permite|autoriza)",
        r"autorización\s+no\s+se\s+extiende",
    ),
    "not_ban": (r"(?:contenidos?|artículos?|productos?|objetos?)\s+prohibid[oa]s",),
}

DATA: dict[str, tuple[str, ...]] = {
    "outputs": (r"salidas?", r"resultados\s+generados"),
    "conversations": (
        r"instrucciones|prompts?|entradas?|conversaciones?|chats?|consultas?|interacciones?",
        r"preguntas?",
    ),
    "content": (
        r"textos?",
        r"contenidos?|publicaciones?|archivos?|fotos?|imágenes?|vídeos?|videos?|comentarios?",
        r"documentos?|mensajes?|correos?",
    ),
    "personal_data": (r"datos\s+personales", r"información\s+personal"),
    "usage": (
        r"historial(?:es)?\s+de\s+(?:compras?|navegación|búsqueda|pedidos|actividad)",
        r"datos\s+de\s+uso",
        r"actividad\w*",
        r"registros?",
        r"telemetría",
        r"datos\s+de\s+(?:navegación|ubicación|geolocalización)",
        r"metadatos",
    ),
    "public_data": (
        r"(?:públicamente\s+disponibles?|disponibles?\s+públicamente)|fuentes\s+públicas",
        r"información\s+pública|datos\s+públicos",
    ),
    "feedback": (r"opiniones", r"comentarios\s+sobre", r"valoraciones", r"feedback"),
    "recordings": (r"grabaciones?(?:\s+de\s+voz)?", r"voz", r"audio"),
    "sensitive": (r"datos\s+(?:de\s+salud|sensibles|biométricos)", r"biométric\w+"),
    "data": (r"datos", r"información"),
}

ACTORS: dict[str, tuple[str, ...]] = {
    "provider": (r"nosotros", r"nuestr[oa]s?"),
    "affiliates": (r"afiliad[oa]s?", r"empresas\s+del\s+grupo", r"filiales?"),
    "partners": (r"socios?", r"partners?"),
    "vendors": (r"proveedores?", r"encargados\s+del\s+tratamiento", r"subencargados?"),
    "third_party_model_providers": (r"proveedores?\s+de\s+(?:IA|modelos)",),
    "third_parties": (r"terceros?",),
    "users": (r"usted", r"usuarios?", r"clientes?"),
}

SCOPE: dict[str, tuple[str, ...]] = {
    "all": (r"tod[oa]s?", r"cualquier\w*"),
    "partial": (r"algun[oa]s?", r"ciert[oa]s?", r"la\s+mayoría", r"parte", r"determinad[oa]s"),
    "deidentified": (r"anonimizad[oa]s?", r"agregad[oa]s?", r"seudonimizad[oa]s?", r"anónim[oa]s?"),
}

STOPWORDS = """
el los las del y que para por una es son su sus tu tus nuestro nuestra nuestros nuestras se
lo al como más este esta estos estas puede pueden sobre cuando o usted también sin hasta
desde entre ser ha han podemos puedes utilizamos usamos datos información estamos uso
"""

ABBREVIATIONS = """
sr sra sres srta ud uds dr dra pág págs núm art p ej etc ee uu cía apdo av avda vd vds aprox
máx mín s.a s.l
"""

# Stems (lower case) of which every rule of the detector needs one: a passage holding none of
# any language's is not read (a cheap pre-filter; tests/test_detect.py checks it).
TRIGGERS = (
    "aliment",
    "recalibr",
    "intelig",
    "aprendizaje",
    "entren",
    "minería",
    "automatiz",
    "ultrafals",
    "lenguaje",
    "reconocimiento",
    "asistente",
    "ajuste fino",
    "enseñ",
    "destil",
    "generación de",
    "traducción automática",
    "transcripción automática",
)

# Words that point back to what the previous sentence said ("You can object to this").
REFERENCES = "esto ello este esta estos estas dicho dicha dichos dichas lo tal tales excepción"

# --- reading text: dates, relative times, section numbers ---------------------------------
# Folded (lower case, no accents); a month's alternatives are separated by spaces.

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre setiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
SHORT_MONTHS = ("ene", "feb", "mar", "abr", "", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
DATE_CUES = (
    r"ultima (?:actualizacion|modificacion|revision)",
    r"fecha de (?:la )?(?:ultima )?(?:actualizacion|modificacion|revision)",
    r"(?:fecha de )?entrada en vigor",
    r"vigente (?:desde|a partir de)",
    r"actualizad[oa] (?:el|a)",
    r"fecha de (?:vigencia|efecto)",
)
DATE_CUE_WORDS = ("actualizad[oa]",)
DATE_LINK_WORDS = "el del desde de"
TIME_UNITS = r"segundos?|minutos?|horas?"
COUNT_WORDS = "una? un"
RELATIVE_TIMES = (("hace ", r"\bhace\s+{count}\s+{units}\b"),)
SECTION_WORDS = (
    "seccion|secciones|articulos?|apartados?|clausulas?|parrafos?|anexo|capitulo|punto|"
    "numeral|inciso"
)
JOINERS = "y o a al"
LETTERS = "ñ¿¡"
