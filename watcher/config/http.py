"""The [http] table: where the web server listens and who may read it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from ipaddress import IPv4Address, IPv6Address, ip_address

from watcher.models.config import HttpSettings

from .environment import expand_env
from .reader import Table

HTTP_KEYS = ("listen", "auth", "user", "password", "open_health")
LISTEN_EXAMPLE = 'HOST:PORT like "127.0.0.1:8080", "[::1]:8080" or "0.0.0.0:8080"'

_LISTEN = re.compile(r"(?:\[(?P<v6>[^\]]*)\]|(?P<host>[^:\[\]]*)):(?P<port>[0-9]+)")


def parse_listen(text: str) -> tuple[str, int]:
    """(host, port) of a listen address; ValueError saying what is wrong.

    The host is an IP address (IPv6 in brackets) or `localhost`, which means 127.0.0.1:
    a name that resolves to other addresses would make "loopback only" a guess.
    """
    match = _LISTEN.fullmatch(text.strip())
    if match is None:
        if text.count(":") > 1 and "[" not in text:
            raise ValueError(f'"{text}": write an IPv6 address in brackets, like "[::1]:8080"')
        raise ValueError(f'"{text}" is not an address to listen on; expected {LISTEN_EXAMPLE}')
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(f'"{text}": the port must be from 1 to 65535')
    if match["v6"] is not None:
        try:
            address = ip_address(match["v6"])
        except ValueError:
            address = None
        if not isinstance(address, IPv6Address):
            raise ValueError(f'"{text}": "{match["v6"]}" is not an IPv6 address')
        return str(address), port
    host = match["host"]
    if host.lower() == "localhost":
        return "127.0.0.1", port
    try:
        address = ip_address(host)
    except ValueError:
        address = None
    if not isinstance(address, IPv4Address):
        raise ValueError(
            f'"{text}": "{host}" is not an IP address; use 127.0.0.1 (this host only), '
            "0.0.0.0 (every interface) or the address of one interface"
        )
    return str(address), port


def exposed_without_auth(settings: HttpSettings) -> str | None:
    """Why `settings` may not be used (reachable from other hosts, no password), or None."""
    if settings.loopback or settings.auth:
        return None
    return (
        f"{settings.listen} is reachable from other hosts, and [http] sets no password: "
        'set auth = "USER:${WATCHER_HTTP_PASSWORD}" (HTTP basic), or listen on 127.0.0.1'
    )


def read_http(top: Table, environ: Mapping[str, str]) -> HttpSettings | None:
    """The [http] table (None when the file has none)."""
    if not top.has("http"):
        return None
    table = top.table("http", HTTP_KEYS)
    try:
        host, port = parse_listen(table.string("listen"))
    except ValueError as exc:
        table.fail("listen", str(exc))
    user, password = _credentials(table, environ)
    settings = HttpSettings(
        host=host,
        port=port,
        user=user,
        password=password,
        open_health=table.boolean("open_health", True),
    )
    problem = exposed_without_auth(settings)
    if problem:
        table.fail("listen", problem)
    return settings


def _credentials(table: Table, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(user, password) from `auth = "USER:PASSWORD"` or from `user` and `password`.

    `${NAME}` is replaced from the environment. Values are never echoed back in errors:
    they hold the password.
    """
    if table.has("auth"):
        for other in ("user", "password"):
            if table.has(other):
                table.fail(other, "set either auth, or user and password, not both")
        user, sep, password = _expanded(table, "auth", environ).partition(":")
        if not sep:
            table.fail("auth", 'expected "USER:PASSWORD", e.g. "watcher:${WATCHER_HTTP_PASSWORD}"')
        if not user:
            table.fail("auth", "the user name (before the colon) is empty")
        if not password:
            table.fail("auth", "the password (after the colon) is empty")
        return user, password
    if not table.has("user") and not table.has("password"):
        return None, None
    for needed in ("user", "password"):
        if not table.has(needed):
            other = "password" if needed == "user" else "user"
            table.fail(needed, f"required when {other} is set")
    user = _expanded(table, "user", environ)
    if ":" in user:
        table.fail("user", "an HTTP basic user name cannot hold a colon")
    return user, _expanded(table, "password", environ)


def _expanded(table: Table, name: str, environ: Mapping[str, str]) -> str:
    try:
        value = expand_env(table.string(name), environ)
    except ValueError as exc:
        table.fail(name, str(exc))
    if not value.strip():
        table.fail(name, "must not be empty")
    return value
