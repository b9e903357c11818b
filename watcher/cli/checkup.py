"""What `watcher validate` checks beyond the configuration's own rules: that someone will be
told, that each notifier URL is one Apprise can use, and that the database driver is there."""

from __future__ import annotations

import importlib.metadata
import logging

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from watcher import notify
from watcher.models import Config

# The optional extra that brings each database's driver (pyproject.toml's extras).
EXTRAS = {"postgresql": "postgres"}
DIST_FALLBACK = "policy-watcher"


def warnings(cfg: Config) -> list[str]:
    """What works but is probably not what the operator meant."""
    if cfg.notifiers:
        return []
    return ["nobody will be told of changes: add a [notifiers.NAME] with urls = [...]"]


def problems(cfg: Config) -> list[str]:
    """What will fail when used: notifier URLs Apprise cannot use, a missing database driver."""
    found = []
    for n in cfg.notifiers:
        for url in n.urls:
            if not _apprise_accepts(url):
                found.append(
                    f"notifier {n.name}: {_shown(url)} is not a URL Apprise can use "
                    "(see its wiki for the service's URL form)"
                )
    driver = _driver_problem(cfg.storage.url)
    if driver:
        found.append(driver)
    return found


def _shown(url: str) -> str:
    """`url` with its secrets masked; one with nothing recognisably secret shows its scheme only
    (the whole URL is a secret of the configuration, which the CLI's scrubber would mask)."""
    shown = notify.shown_url(url)
    return shown if shown != url else f"{url.partition(':')[0]}://***"


def _apprise_accepts(url: str) -> bool:
    # Apprise explains its refusal in a log warning; the problem line says it for us.
    import apprise  # heavy to import: only when a configuration is validated

    quiet = logging.getLogger("apprise")
    level, quiet.level = quiet.level, logging.CRITICAL + 1
    try:
        return bool(apprise.Apprise().add(url))
    finally:
        quiet.setLevel(level)


def _driver_problem(url: str) -> str | None:
    """Why the database at `url` cannot be opened for want of its driver, or None."""
    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
        dialect.import_dbapi()
    except (ArgumentError, NoSuchModuleError) as exc:
        return f"[storage] url: {' '.join(str(exc).split())}"
    except ImportError as exc:
        name = exc.name or str(exc)
        extra = EXTRAS.get(parsed.get_backend_name())
        hint = (
            f"install the {extra} extra: pip install '{_dist()}[{extra}]'"
            if extra
            else (f"install the {name} module")
        )
        return f"[storage] url: the {parsed.drivername} driver is not installed ({name}); {hint}"
    return None


def _dist() -> str:
    """The distribution that installed Watcher, for a pip command line."""
    names = importlib.metadata.packages_distributions().get("watcher")
    return names[0] if names else DIST_FALLBACK
