"""Spanish vocabulary."""

from watcher.languages.es.detector import PATTERNS as PATTERNS

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
