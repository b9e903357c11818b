"""Secrets written out in the configuration file, and whether other users can read them.

A secret is a notifier URL (Apprise URLs hold tokens and passwords), a webhook's signing
secret, a database URL with a password, or the web server's password ([http] auth or
password), written in the file itself. A value that
refers to the environment (`${SLACK_TOKEN}`) is not a secret in the file: the file can be
shown to anyone, and that is the way to keep it readable by others.
"""

from __future__ import annotations

import os
import stat
import tomllib
from typing import Any
from urllib.parse import urlsplit

from .reader import key_part

# Who a mode bit lets read the file, in the words of `ls -l`.
_READERS = ((stat.S_IRGRP, "its group"), (stat.S_IROTH, "every user"))


def exposure(path: str | os.PathLike[str]) -> str | None:
    """A warning when the file at `path` holds a secret and its group or everyone may read it.

    None when the file is private, holds no secret, or cannot be read or parsed (loading it
    reports that). The file is read only when its mode lets others read it.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    readers = [who for bit, who in _READERS if mode & bit]
    if not readers:
        return None
    try:
        with open(path, "rb") as f:
            doc = tomllib.loads(f.read().decode("utf-8-sig"))
    except (OSError, ValueError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return None
    keys = literal_secrets(doc)
    if not keys:
        return None
    shown = os.fspath(path)
    held = ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
    return (
        f"{shown} holds secrets ({held}) and {' and '.join(readers)} may read it "
        f"(mode {stat.S_IMODE(mode):04o}): run `chmod 600 {shown}`, or move the secrets "
        "to environment variables (${NAME})"
    )


def literal_secrets(doc: dict[str, Any]) -> list[str]:
    """The keys of a parsed configuration that hold a secret written out, in file order."""
    keys = []
    storage = doc.get("storage")
    if isinstance(storage, dict) and _written(storage.get("url")):
        try:
            password = urlsplit(storage["url"]).password
        except ValueError:
            password = None
        if password:
            keys.append("storage.url")
    http = doc.get("http")
    if isinstance(http, dict):
        auth = http.get("auth")
        if _written(auth) and auth.partition(":")[2]:
            keys.append("http.auth")
        if _written(http.get("password")):
            keys.append("http.password")
    notifiers = doc.get("notifiers")
    for name, body in notifiers.items() if isinstance(notifiers, dict) else ():
        if not isinstance(body, dict):
            continue
        prefix = f"notifiers.{key_part(name)}"
        urls = body.get("urls")
        for i, url in enumerate(urls if isinstance(urls, list) else ()):
            if _written(url):
                keys.append(f"{prefix}.urls[{i}]")
        if _written(body.get("webhook")):  # its path or query is often its token
            keys.append(f"{prefix}.webhook")
        if _written(body.get("secret")):
            keys.append(f"{prefix}.secret")
    return keys


def _written(value: object) -> bool:
    """Whether `value` is a non-empty string written out rather than a `${NAME}` reference.

    A value with any reference in it is taken as keeping its secret in the environment:
    `mailtos://alerts:${SMTP_PASSWORD}@smtp.example.com` names a server, not a password.
    """
    return isinstance(value, str) and bool(value.strip()) and "${" not in value
