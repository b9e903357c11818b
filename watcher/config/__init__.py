"""The configuration stage: one TOML file into frozen, typed settings (`watcher.models.Config`).

Every problem raises `ConfigError(path, key, reason)`. Keys are written as a user finds
them in the file: `schedule.interval`, `notifiers.legal.urls[1]`, `watch[3].interval`.
Positions in arrays count from 0, as in TOML tools: `watch[0]` is the first `[[watch]]`.
A TOML syntax error has the position as its key: `line 3, column 9`.

Defaults worth knowing: without [storage], SQLite at `default_state_dir()/watcher.db`; a
relative SQLite path is relative to the file's directory; a watch without `notify` is sent
to every notifier (`notify = []`: to none); a watch's id defaults to `slugify(name)`.

Only the one file is read, and environment variables only through the `environ` mapping
given (default `os.environ`): for `${VAR}` in notifier urls and the default state directory.
"""

from .environment import default_state_dir
from .parse import load, parse
from .units import parse_duration, parse_size, slugify

__all__ = ["default_state_dir", "load", "parse", "parse_duration", "parse_size", "slugify"]
