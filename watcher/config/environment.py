"""The only places the configuration looks at the environment, always through a mapping."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

try:
    import pwd
except ImportError:  # not POSIX: fall back to Path.home()
    pwd = None  # type: ignore[assignment]

# `${NAME}`; the closing brace is optional in the pattern so that a missing one is reported.
_REFERENCE = re.compile(r"\$\{([^}]*)(\})?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def default_state_dir(environ: Mapping[str, str]) -> Path:
    """Where Watcher keeps its state when the file does not say.

    `$STATE_DIRECTORY` (set by systemd's `StateDirectory=`; when it lists several
    ':'-separated paths, the first), else `$XDG_STATE_HOME/watcher`, else
    `~/.local/state/watcher`. Relative values are ignored, as the XDG spec asks.
    Nothing is created here.
    """
    for candidate in environ.get("STATE_DIRECTORY", "").split(":"):
        if os.path.isabs(candidate):
            return Path(candidate)
    xdg = environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "watcher"
    return home_dir(environ) / ".local" / "state" / "watcher"


def home_dir(environ: Mapping[str, str]) -> Path:
    """The user's home: $HOME when absolute, else the account database."""
    home = environ.get("HOME", "")
    if os.path.isabs(home):
        return Path(home)
    if pwd is not None:  # the account database, not the environment
        try:
            return Path(pwd.getpwuid(os.getuid()).pw_dir)
        except KeyError:
            pass
    return Path.home()


def expand_env(text: str, environ: Mapping[str, str]) -> str:
    """`text` with every `${NAME}` replaced by the value of NAME in `environ`.

    Raises ValueError naming the variable when one is unset or empty, or when `${...}`
    does not hold a variable name. A `$` not followed by `{` is left alone.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if match.group(2) is None:
            raise ValueError('"${" is not closed; use ${NAME}')
        if not _NAME.fullmatch(name):
            raise ValueError(f'"${{{name}}}" is not a variable reference; use ${{NAME}}')
        found = environ.get(name)
        if not found:
            raise ValueError(f"environment variable {name} is not set (or is empty)")
        return found

    return _REFERENCE.sub(value, text)
