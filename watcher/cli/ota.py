"""`watcher import-ota PATH…`: Open Terms Archive declarations as `[[watch]]` entries.

An OTA declaration (`declarations/<Service>.json`) names a service and, per terms type, the
page(s) holding the document and which parts of them are the document: `fetch` (or `combine`
for several pages), `select`, `remove`, `executeClientScripts` and custom JavaScript
`filter`s. What Watcher cannot express is reported on stderr and as a comment in the output:
a document whose rules cannot be expressed is written commented out, never dropped.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from watcher.config import parse
from watcher.config.units import slugify
from watcher.errors import ConfigError

HISTORY_SUFFIX = ".history.json"  # earlier declarations, with `validUntil`: not imported
KINDS_BY_TYPE = {"Terms of Service": "terms", "Privacy Policy": "privacy"}
_AI_TYPE = re.compile(r"\bAI\b|Generative")
_RANGE_KEYS = {
    "startBefore": "start_before",
    "startAfter": "start_after",
    "endBefore": "end_before",
    "endAfter": "end_after",
}


@dataclass(frozen=True)
class Document:
    """One terms type of one declaration, as a watch (or why it cannot be one)."""

    source: str  # the declaration file, as named on the command line
    terms_type: str
    name: str
    id: str
    kind: str
    urls: tuple[str, ...]
    select: tuple[object, ...] = ()
    remove: tuple[object, ...] = ()
    # Combined pages with rules of their own ([[watch.parts]]): (url, select, remove) each.
    parts: tuple[tuple[str, tuple[object, ...], tuple[object, ...]], ...] = ()
    browser: bool = False
    notes: tuple[str, ...] = ()  # what is not applied, the watch still written
    problem: str | None = None  # why the watch is written commented out


def kind_of(terms_type: str) -> str:
    """Watcher's `kind` for an OTA terms type."""
    if terms_type in KINDS_BY_TYPE:
        return KINDS_BY_TYPE[terms_type]
    return "ai-policy" if _AI_TYPE.search(terms_type) else "other"


def declaration_files(paths: list[str]) -> list[Path]:
    """The declaration files named: a folder stands for its `*.json` declarations."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            files.extend(p for p in found if not p.name.endswith(HISTORY_SUFFIX))
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError(raw, "", "no such file or folder")
    return files


def read_declaration(path: Path) -> dict:
    """The JSON object of one declaration file; ConfigError when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(str(path), "", f"not JSON: {exc}") from None
    valid = isinstance(data, dict) and isinstance(data.get("name"), str)
    if not valid or not isinstance(data.get("terms"), dict):
        raise ConfigError(
            str(path), "", 'not an Open Terms Archive declaration: no "name" and "terms"'
        )
    return data


def documents(data: dict, source: str) -> list[Document]:
    """Every terms type of one declaration, in file order."""
    service = data["name"]
    return [_document(service, t, doc, source) for t, doc in data["terms"].items()]


def _listed(value: object) -> tuple[object, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _document(service: str, terms_type: str, doc: object, source: str) -> Document:
    name = f"{service} {terms_type}"
    base = {"source": source, "terms_type": terms_type, "name": name, "kind": kind_of(terms_type)}
    base["id"] = slugify(name) or "ota-document"
    if not isinstance(doc, dict):
        return Document(**base, urls=(), problem="its declaration is not a JSON object")
    parts = doc.get("combine") or [{}]
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        return Document(**base, urls=(), problem='its "combine" is not a list of objects')
    inherited = {k: doc.get(k) for k in ("fetch", "select", "remove", "executeClientScripts")}
    merged = [{**inherited, **part} for part in parts]  # a part's own keys win
    urls = tuple(p["fetch"] if isinstance(p["fetch"], str) else "" for p in merged)
    rules = {(repr(_listed(p["select"])), repr(_listed(p["remove"]))) for p in merged}
    first = merged[0]
    document = Document(
        **base,
        urls=urls,
        select=_listed(first["select"]),
        remove=_listed(first["remove"]),
        browser=any(p.get("executeClientScripts") is True for p in merged),
        notes=_notes(doc, parts),
    )
    if len(rules) > 1:
        own = tuple(
            (u, _listed(p["select"]), _listed(p["remove"]))
            for u, p in zip(urls, merged, strict=True)
        )
        document = replace(document, select=(), remove=(), parts=own)
    return _checked(document)


def _notes(doc: dict, parts: list[dict]) -> tuple[str, ...]:
    filters = [f for p in [doc, *parts] for f in _listed(p.get("filter"))]
    if not filters:
        return ()
    names = ", ".join(f if isinstance(f, str) else json.dumps(f) for f in filters)
    return (f"custom JavaScript filters not applied: {names}",)


def _with_problem(document: Document, problem: str) -> Document:
    return replace(document, problem=problem)


def _checked(document: Document) -> Document:
    """`document` with the reason Watcher's configuration would refuse its watch, if any."""
    if not all(document.urls):
        return _with_problem(document, 'a page has no "fetch" URL')
    try:
        parse(watch_toml(document), path=document.source)
    except ConfigError as exc:
        key = exc.key.removeprefix("watch[0].")
        return _with_problem(document, f"{key}: {exc.reason}" if key else exc.reason)
    return document


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string, once DEL (allowed raw in JSON) is escaped too.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_selector(value: object) -> str:
    """A CSS selector as a string; OTA's range object as Watcher's range table."""
    if not isinstance(value, dict):
        return _toml_string(str(value))
    items = []
    for key, css in value.items():
        name = _RANGE_KEYS.get(str(key), str(key))
        shown = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)
        items.append(f"{shown} = {_toml_string(str(css))}")
    return "{ " + ", ".join(items) + " }"


def _toml_list(values: tuple[object, ...]) -> str:
    return "[" + ", ".join(_toml_selector(v) for v in values) + "]"


def _rules_toml(select: tuple[object, ...], remove: tuple[object, ...]) -> list[str]:
    lines = [f"select = {_toml_list(select)}"] if select else []
    return lines + ([f"remove = {_toml_list(remove)}"] if remove else [])


def watch_toml(document: Document) -> str:
    """The `[[watch]]` table of `document`, commented out when it has a problem."""
    lines = ["[[watch]]", f"name = {_toml_string(document.name)}"]
    lines.append(f"id = {_toml_string(document.id)}")
    lines.append(f"kind = {_toml_string(document.kind)}")
    if document.parts:
        pass  # in [[watch.parts]] below
    elif len(document.urls) == 1:
        lines.append(f"url = {_toml_string(document.urls[0])}")
    else:
        lines.append(f"urls = {_toml_list(document.urls)}")
    lines += _rules_toml(document.select, document.remove)
    if document.browser:
        lines.append('render = "browser"')
    for url, select, remove in document.parts:
        lines += ["[[watch.parts]]", f"url = {_toml_string(url)}"]
        lines += _rules_toml(select, remove)
    if document.problem:
        lines = [f"# {line}" for line in lines]
    return "\n".join(lines) + "\n"


def _unique(docs: list[Document]) -> list[Document]:
    """`docs` with ids and names made distinct (two services may slug alike)."""
    taken: set[str] = set()
    out = []
    for doc in docs:
        name, watch_id, n = doc.name, doc.id, 1
        while name in taken or watch_id in taken:
            n += 1
            name, watch_id = f"{doc.name} ({n})", f"{doc.id}-{n}"
        if not doc.problem:
            taken.update((name, watch_id))
        out.append(replace(doc, name=name, id=watch_id))
    return out


def render(docs: list[Document]) -> str:
    """The configuration text of the imported documents, with a comment for each problem."""
    out = [
        "# Watches imported from Open Terms Archive declarations (https://opentermsarchive.org).",
        "# Add notifiers and other settings as the README says.",
    ]
    for doc in docs:
        out.append("")
        out.append(f"# {doc.source}: {_toml_string(doc.terms_type)}")
        for note in doc.notes:
            out.append(f"# note: {note}")
        if doc.problem:
            out.append(f"# not imported: {doc.problem}")
        out.append(watch_toml(doc).rstrip("\n"))
    return "\n".join(out) + "\n"


def import_declarations(paths: list[str]) -> list[Document]:
    """Every document of the declaration files named, with ids and names made unique."""
    docs: list[Document] = []
    for path in declaration_files(paths):
        if path.name.endswith(HISTORY_SUFFIX):
            raise ConfigError(str(path), "", "a declaration's history is not imported")
        docs.extend(documents(read_declaration(path), str(path)))
    return _unique(docs)


def import_ota(args: argparse.Namespace) -> int:
    """`watcher import-ota PATH… [--out FILE]`."""
    docs = import_declarations(args.paths)
    for doc in docs:
        for note in doc.notes:
            print(f"{doc.source}: {doc.terms_type}: {note}", file=sys.stderr)
        if doc.problem:
            print(f"{doc.source}: {doc.terms_type}: not imported: {doc.problem}", file=sys.stderr)
    text = render(docs)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(args.out, "", f"cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    imported = sum(1 for d in docs if not d.problem)
    skipped = len(docs) - imported
    where = f" to {args.out}" if args.out else ""
    print(
        f"{imported} of {len(docs)} documents imported{where}"
        + (f"; {skipped} written commented out (see above)" if skipped else ""),
        file=sys.stderr,
    )
    return 0
