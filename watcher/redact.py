"""Secrets out of what people see: URLs shown without their credentials.

A watch URL may carry a user name and password (`https://user:pw@host/terms`) or a signed
or keyed query (`?token=…`, `?X-Amz-Signature=…`); a notifier URL is a secret as a whole
(`slack://TOKEN_A/TOKEN_B/TOKEN_C`). Whatever shows or stores a URL for people — messages,
events, logs, the command line — passes it through here first; whatever fetches with it
keeps the real one. Imported by everyone; imports nothing of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

MASK = "***"

# Query parameter names (or parts of names, split at - _ .) whose value is a credential:
# API keys, OAuth tokens, signed-URL signatures, passwords.
_SECRET_WORDS = frozenset(
    {
        "token",
        "key",
        "apikey",
        "secret",
        "password",
        "passwd",
        "pwd",
        "sig",
        "signature",
        "auth",
        "authorization",
        "credential",
        "credentials",
    }
)
# Glued spellings of the same: accesstoken, clientsecret, apitoken, dbpassword.
_SECRET_ENDINGS = ("token", "secret", "password", "apikey")
_NAME_PARTS = re.compile(r"[-_.+\s]+")  # "+" starts Apprise's header parameters
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# A URL inside free text: up to whitespace, quotes or angle brackets (HTML, log lines).
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>`]+")
_TRAILING = ".,:;!?)]}"
# A password shorter than this is not masked in free text, where masking "pw" would garble
# every line it is in (in a URL, `redact_url` masks it whatever its length).
_MIN_SECRET = 4
# A user name, host, path segment or query value of a notifier URL (?format=markdown) is
# a token when it has a digit and this many characters
# (Slack's ids have 9 or more; a shorter one may be a year or a port in other lines)…
_MIN_TOKEN = 6
# …or this many letters (Slack's tokens have 24): shorter, it may be a word like "services".
_LONG_TOKEN = 16


def secret_name(name: str) -> bool:
    """Whether a query parameter called `name` holds a credential (`token`, `api_key`…)."""
    parts = [p for p in _NAME_PARTS.split(unquote(name).lower()) if p]
    return any(p in _SECRET_WORDS or p.endswith(_SECRET_ENDINGS) for p in parts)


def redact_url(url: str) -> str:
    """`url` with its user name, password and secret-named query values replaced by `***`.

    Everything else is kept as written, so the result still tells which document it is.
    A string that is not an absolute URL is returned unchanged.
    """
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    rest = url[scheme.end() :]
    cut = next((i for i, ch in enumerate(rest) if ch in "/?#"), len(rest))
    netloc, tail = rest[:cut], rest[cut:]
    userinfo, at, host = netloc.rpartition("@")
    if at:
        netloc = f"{MASK}:{MASK}@{host}" if ":" in userinfo else f"{MASK}@{host}"
    before, hash_, fragment = tail.partition("#")
    path, question, query = before.partition("?")
    return "".join(
        (scheme.group(), netloc, path, question, _params(query), hash_, _params(fragment))
    )


def redact_text(text: str) -> str:
    """`text` with every URL in it passed through `redact_url`."""
    if "://" not in text:  # the common case, cheaply
        return text
    return _URL_IN_TEXT.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    # Punctuation after a URL belongs to the sentence ("…/terms: HTTP 403", "(was …/old).").
    url = match.group()
    core = url.rstrip(_TRAILING)
    return redact_url(core) + url[len(core) :]


def secret_parts(url: str) -> frozenset[str]:
    """The pieces of a notifier URL that may be secrets, to mask wherever they appear.

    Apprise URLs keep their tokens anywhere: in the user info, the path, the query, even in
    the place of the host (`slack://TOKEN_A/…`). Passwords and secret-named query values are
    masked; a user name, host, path segment or other query value only when it looks like a
    token (a digit in it, or long), so that `/hooks/`, `?format=markdown` or a user called
    `alerts` do not garble every line they are in.
    A host name with a dot, or an address, is kept: it says where a message went without
    giving anyone the means to send one.
    """
    scheme = _SCHEME.match(url)
    rest = url[scheme.end() :] if scheme else url
    cut = next((i for i, ch in enumerate(rest) if ch in "/?#"), len(rest))
    netloc, tail = rest[:cut], rest[cut:]
    userinfo, _, hostport = netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    secrets = [password] if colon else []
    maybe = [user]
    host, _, port = hostport.partition(":") if hostport.count(":") == 1 else (hostport, "", "")
    if not port.isdigit():  # not a port: a token after a colon (tgram://BOT_ID:TOKEN/…)
        secrets.append(port)
    if "." not in host and not host.startswith("[") and host != "localhost":
        maybe.append(host)
    path, _, query = tail.partition("#")[0].partition("?")
    maybe.extend(path.split("/"))
    for param in query.split("&"):
        name, _, value = param.partition("=")
        (secrets if secret_name(name) else maybe).append(value)
    found = set()
    for piece in secrets:
        found.update(f for f in (piece, unquote(piece)) if len(f) >= _MIN_SECRET)
    for piece in maybe:
        found.update(f for f in (piece, unquote(piece)) if _token_like(f))
    return frozenset(found)


def mask(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each of `secrets` replaced by `***` (longest first)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without URL credentials (`redact_text`) or any of `secrets` (`mask`)."""
    return mask(redact_text(text), secrets)


def _token_like(piece: str) -> bool:
    """Whether a name-like piece of a URL looks like a token rather than a word."""
    if len(piece) < _MIN_TOKEN:
        return False
    return len(piece) >= _LONG_TOKEN or any(ch.isdigit() for ch in piece)


def _params(query: str) -> str:
    """A query string (or fragment) with the values of secret-named parameters masked."""
    if "=" not in query:
        return query
    out = []
    for param in query.split("&"):
        name, eq, value = param.partition("=")
        out.append(f"{name}={MASK}" if eq and value and secret_name(name) else param)
    return "&".join(out)


def credentials(url: str, *, lone_user: bool = True) -> frozenset[str]:
    """The credentials written in a URL, to mask in free text: its password (its user name
    when alone, unless `lone_user` is false: a database's role is a name, not a token) and
    its secret-named query values."""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return frozenset()
    rest = url[scheme.end() :]
    cut = next((i for i, ch in enumerate(rest) if ch in "/?#"), len(rest))
    userinfo, at, _host = rest[:cut].rpartition("@")
    user, colon, password = userinfo.partition(":")
    # A user name alone is often a token (https://TOKEN@host/…); beside a password, a name.
    pieces = [password if colon else user] if at and (colon or lone_user) else []
    query = rest[cut:].partition("#")[0].partition("?")[2]
    for param in query.split("&"):
        name, _, value = param.partition("=")
        if secret_name(name):
            pieces.append(value)
    return frozenset(f for p in pieces for f in (p, unquote(p)) if len(f) >= _MIN_SECRET)
