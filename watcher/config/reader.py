"""Typed reading of one TOML table, with errors that name the file and the full key."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

from watcher.errors import ConfigError

from .units import parse_duration, parse_size

T = TypeVar("T")

# TOML's own words for the types tomllib returns, for "expected …, got a list".
_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),  # before int: bool is a subclass of int
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (list, "a list"),
    (dict, "a table"),
    (datetime, "a date-time"),  # before date: datetime is a subclass of date
    (date, "a date"),
    (time, "a time"),
)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def type_name(value: object) -> str:
    """How TOML calls the type of `value`: "a string", "a list", "a table"…"""
    for cls, name in _TYPE_NAMES:
        if isinstance(value, cls):
            return name
    return type(value).__name__


def key_part(name: str) -> str:
    """`name` as it would be written in a dotted TOML key (quoted unless it is a bare key)."""
    return name if _BARE_KEY.fullmatch(name) else '"' + name.replace('"', '\\"') + '"'


def suggest(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest of `choices`, or ""."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Table:
    """One TOML table of the file, read key by key.

    Unknown keys are rejected as soon as the table is opened, so that a misspelt key is
    reported as such rather than as a missing one. Every getter raises `ConfigError` with
    the full key (`watch[3].interval`) and a reason a person can act on.
    """

    def __init__(self, data: dict[str, Any], *, path: str, prefix: str, known: Iterable[str]):
        self.data = data
        self.path = path
        self.prefix = prefix
        known = tuple(known)
        for name in data:
            if name not in known:
                hint = suggest(name, known) or f" (known keys: {', '.join(known)})"
                self.fail(name, f"unknown key{hint}")

    # --- plumbing -------------------------------------------------------------

    def key(self, name: str, index: int | None = None) -> str:
        """The full key of `name` (item `index` of it) as the user would look for it."""
        full = f"{self.prefix}.{key_part(name)}" if self.prefix else key_part(name)
        return full if index is None else f"{full}[{index}]"

    def fail(self, name: str, reason: str, index: int | None = None) -> NoReturn:
        """Raise a ConfigError about key `name` (item `index` of it) of this table."""
        raise ConfigError(self.path, self.key(name, index), reason)

    def has(self, name: str) -> bool:
        """Whether the file sets `name` in this table."""
        return name in self.data

    def table(self, name: str, known: Iterable[str]) -> Table:
        """The sub-table `name` (empty when absent)."""
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            self.fail(name, f"expected a table ([{self.key(name)}]), got {type_name(value)}")
        return Table(value, path=self.path, prefix=self.key(name), known=known)

    def _required(self, name: str) -> Any:
        if name not in self.data:
            self.fail(name, "required key is missing")
        return self.data[name]

    def _convert(self, name: str, convert: Callable[[Any], T], expected: str) -> T:
        value = self._required(name)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(name, f"expected {expected}, got {type_name(value)}")
        try:
            return convert(value)
        except ValueError as exc:
            self.fail(name, str(exc))

    # --- typed getters --------------------------------------------------------

    def string(self, name: str, default: str | None = None, *, allow_empty: bool = False) -> str:
        """A one-line string; `default` when absent (required when `default` is None)."""
        if default is not None and name not in self.data:
            return default
        value = self._required(name)
        if not isinstance(value, str):
            self.fail(name, f"expected a string, got {type_name(value)}")
        if not value.strip() and not (allow_empty and value == ""):
            self.fail(name, "must not be empty")
        if _CONTROL.search(value):
            self.fail(name, "must be one line of text, without control characters")
        return value

    def http_url(self, name: str) -> str:
        """An absolute http:// or https:// URL with a host (required)."""
        url = self.string(name)
        problem = _http_url_problem(url)
        if problem:
            self.fail(name, problem)
        return url

    def http_urls(self, name: str) -> tuple[str, ...]:
        """A list of distinct absolute http(s) URLs (`()` when absent)."""
        urls = self.string_list(name)
        for i, url in enumerate(urls):
            if _CONTROL.search(url):
                self.fail(name, "must be one line of text, without control characters", i)
            problem = _http_url_problem(url)
            if problem:
                self.fail(name, problem, i)
            if url in urls[:i]:
                self.fail(name, f"the same URL as {name}[{urls.index(url)}]", i)
        return urls

    def boolean(self, name: str, default: bool) -> bool:
        """true or false; `default` when absent."""
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, got {type_name(value)}")
        return value

    def integer(self, name: str, default: T, *, minimum: int) -> int | T:
        """An integer of at least `minimum`; `default` when absent."""
        if name not in self.data:
            return default
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"expected an integer, got {type_name(value)}")
        if value < minimum:
            self.fail(name, f"must be at least {minimum}, got {value}")
        return value

    def duration(self, name: str, default: T, *, allow_zero: bool = False) -> float | T:
        """Seconds from a duration like "6h" or a number; `default` when absent."""
        if name not in self.data:
            return default
        seconds = self._convert(name, parse_duration, 'a duration like "6h"')
        if seconds == 0 and not allow_zero:
            self.fail(name, "must be more than zero")
        return seconds

    def size(self, name: str, default: int) -> int:
        """Bytes from a size like "10MB" or an integer; `default` when absent; never zero."""
        if name not in self.data:
            return default
        if isinstance(self.data[name], float):
            self.fail(name, 'expected a size like "10MB", got a float')
        size = self._convert(name, parse_size, 'a size like "10MB"')
        if size == 0:
            self.fail(name, "must be more than zero")
        return size

    def string_list(self, name: str) -> tuple[str, ...]:
        """A list of non-empty strings (`()` when absent); items are checked one by one."""
        if name not in self.data:
            return ()
        value = self.data[name]
        if not isinstance(value, list):
            self.fail(name, f"expected a list of strings, got {type_name(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(name, f"expected a string, got {type_name(item)}", i)
            if not item.strip():
                self.fail(name, "must not be empty", i)
        return tuple(value)


def _http_url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL with a host, or None when it is one."""
    parts = urlsplit(url)
    if " " in url or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f'"{url}" is not an absolute http:// or https:// URL with a host'
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return f'"{url}" has an invalid port'
    return None
