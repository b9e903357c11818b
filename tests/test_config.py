"""The configuration stage: the example file, a full file, every kind of error, the units."""

from __future__ import annotations

import dataclasses
import os
import re
from ipaddress import ip_network
from pathlib import Path

import pytest

from watcher import config
from watcher.config.secrets import exposure
from watcher.errors import ConfigError
from watcher.models import (
    Config,
    FetchSettings,
    NotifierSettings,
    NotifyOn,
    NotifySettings,
    Rules,
    ScheduleSettings,
    Watch,
)
from watcher.models.config import HttpSettings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"
DATA = Path(__file__).resolve().parent / "data" / "config"
HOME = {"HOME": "/home/alice"}
SECRETS = {"SLACK_A": "TA", "SLACK_B": "TB", "SLACK_C": "TC", "SMTP_PASSWORD": "s3cret"}
SECRETS |= {"WATCHER_HTTP_PASSWORD": "hunter2", "SIEM_TOKEN": "t0k3n", "WEBHOOK_SECRET": "k3y"}


def load_text(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Config:
    path = tmp_path / "watcher.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path, environ=HOME if environ is None else environ)


# --- the example --------------------------------------------------------------


def test_example_config_loads_with_defaults():
    cfg = config.load(EXAMPLE, environ=HOME)
    assert cfg.path == str(EXAMPLE)
    assert cfg.storage.url == "sqlite:////home/alice/.local/state/watcher/watcher.db"
    assert cfg.schedule == ScheduleSettings()
    assert cfg.fetch == FetchSettings(user_agent="")
    assert cfg.notify == NotifySettings()
    assert cfg.notifiers == ()
    assert len(cfg.watches) >= 12
    assert {w.kind for w in cfg.watches} == {"terms", "privacy", "ai-policy"}
    zoom = cfg.watch("zoom-terms")
    assert zoom.url == "https://www.zoom.com/en/trust/terms/"
    assert zoom.interval == 2 * 3600
    assert all(w.url.startswith("https://") and w.notify == () for w in cfg.watches)


def test_example_notifiers_are_valid_once_uncommented():
    """The commented [notifiers.*] examples are what a user will uncomment: they must load."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("# [notifiers.legal]")
    end = text.index("# --- What to watch")
    block = "\n".join(re.sub(r"^# ?", "", line) for line in text[start:end].splitlines())
    environ = {**HOME, **SECRETS, "SLACK_TOKEN_A": "a", "SLACK_TOKEN_B": "b"}
    environ |= {"SLACK_TOKEN_C": "c", "WEBHOOK_TOKEN": "w", "WATCHER_WEBHOOK_SECRET": "s"}
    cfg = config.parse(text[:start] + block + text[end:], environ=environ)
    assert [n.name for n in cfg.notifiers] == ["legal", "ops", "siem"]
    assert cfg.notifier("legal").urls[0] == "slack://a/b/c/#legal-watch"
    assert cfg.notifier("siem").webhook == "https://siem.example.org/hooks/watcher"
    assert (cfg.notifier("siem").urls, cfg.notifier("siem").secret) == ((), "s")
    assert all(w.notify == ("legal", "ops", "siem") for w in cfg.watches)


def test_allow_networks_are_read_as_networks():
    text = '[fetch]\nallow_networks = ["10.1.0.0/16", " fd00::/8", "192.168.1.10"]\n'
    cfg = config.parse(text, environ=HOME)
    assert cfg.fetch.allow_networks == (
        ip_network("10.1.0.0/16"),
        ip_network("fd00::/8"),
        ip_network("192.168.1.10/32"),  # one address
    )
    assert config.parse("", environ=HOME).fetch.allow_networks == ()  # none by default
    # WATCHER_ALLOW_NETWORKS is not the file's: the fetcher adds it (watcher/fetch/network.py).
    environ = {**HOME, "WATCHER_ALLOW_NETWORKS": "10.9.0.0/16"}
    assert config.parse(text, environ=environ).fetch == cfg.fetch


# --- a full file --------------------------------------------------------------


def test_full_config_parses_into_frozen_settings():
    path = DATA / "full.toml"
    cfg = config.load(path, environ=SECRETS)
    assert cfg.path == str(path)
    assert cfg.storage.url == f"sqlite:///{DATA}/state/watcher.db"
    assert cfg.schedule == ScheduleSettings(
        interval=5400.0,
        jitter=0.0,
        concurrency=4,
        per_host=2,
        error_after=5,
        page_time_limit=10.0,
    )
    assert cfg.fetch == FetchSettings(
        user_agent="watcher-test/1.0 (+https://example.org/watcher)",
        timeout=20.0,
        connect_timeout=2.5,
        max_bytes=1_572_864,
        max_redirects=0,
        retries=0,
        backoff=0.5,
        max_retry_after=60.0,
        allow_networks=(ip_network("10.1.0.0/16"), ip_network("fd00::/8")),
    )
    assert cfg.notify == NotifySettings(
        base_url="https://watcher.example.org",
        max_excerpt_chars=500,
        retry_backoff=30.0,
        retry_max_backoff=86400.0,
    )
    assert cfg.http == HttpSettings(
        host="::", port=8443, user="reader", password="hunter2", open_health=False
    )
    assert cfg.notifiers == (
        NotifierSettings(
            name="legal",
            urls=("slack://TA/TB/TC", "mailtos://user:s3cret@example.com?to=legal@example.com"),
            on=frozenset({NotifyOn.AI, NotifyOn.ERROR}),
        ),
        NotifierSettings(
            name="everything",
            urls=("json://localhost:8080/hook",),
            on=frozenset({NotifyOn.CHANGE, NotifyOn.ERROR}),
        ),
        NotifierSettings(
            name="siem",
            webhook="https://siem.example.com/hooks/t0k3n",
            secret="k3y",
            on=frozenset({NotifyOn.AI}),
            minor=True,
        ),
    )
    assert cfg.watches == (
        Watch(
            id="zoom-terms",
            name="Zoom Terms of Service",
            url="https://www.zoom.com/en/trust/terms/",
            kind="terms",
            interval=86400.0,
            rules=Rules(select=("main",), remove=("nav", ".cookie-banner")),
            notify=("legal",),
        ),
        Watch(
            id="societe-generale-politique-de-confidentialite",
            name="Société Générale — Politique de confidentialité",
            url="https://particuliers.sg.fr/politique-de-confidentialite",
            kind="privacy",
            notify=("legal", "everything", "siem"),  # omitted: every notifier
        ),
        Watch(
            id="quiet-page",
            name="Quiet page",
            url="http://example.org:8080/terms?lang=en",
            notify=(),  # an explicit empty list: nobody
        ),
    )
    assert cfg.watch("Quiet page") is cfg.watches[2]


def test_settings_are_frozen():
    cfg = config.load(DATA / "full.toml", environ=SECRETS)
    targets = [
        (cfg, "watches"),
        (cfg.storage, "url"),
        (cfg.schedule, "interval"),
        (cfg.fetch, "timeout"),
        (cfg.notify, "base_url"),
        (cfg.http, "port"),
        (cfg.notifiers[0], "urls"),
        (cfg.watches[0], "url"),
        (cfg.watches[0].rules, "select"),
    ]
    for obj, field in targets:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, field, None)
    assert isinstance(cfg.watches, tuple) and isinstance(cfg.watches[0].rules.select, tuple)
    assert isinstance(cfg.notifiers[0].on, frozenset)


def test_empty_file_is_valid_with_no_watches():
    cfg = config.parse("", environ=HOME)
    assert cfg.watches == () and cfg.notifiers == ()
    assert cfg.path == "<string>"


def test_environ_defaults_to_os_environ(monkeypatch):
    monkeypatch.setenv("WATCHER_TEST_TOKEN", "tok")
    cfg = config.parse('[notifiers.n]\nurls = ["json://h/${WATCHER_TEST_TOKEN}"]')
    assert cfg.notifier("n").urls == ("json://h/tok",)


def test_env_substitution_only_in_notifier_urls(tmp_path):
    text = '[fetch]\nuser_agent = "ua ${HOME}"\n[[watch]]\nname = "${X}"\nurl = "https://e.org/"\n'
    cfg = load_text(tmp_path, text)
    assert cfg.fetch.user_agent == "ua ${HOME}"
    assert cfg.watches[0].name == "${X}"


def test_permissive_edges():
    """Values at the edge of what is allowed are accepted, not rounded into errors."""
    text = (
        'watch = [{name = "Inline", url = "HTTPS://Example.org"}]\n'
        '[fetch]\nuser_agent = ""\nretries = 0\n[schedule]\njitter = "0s"\n'
        "[notify]\nmax_excerpt_chars = 0\n"
    )
    cfg = config.parse(text, environ=HOME)
    assert cfg.fetch.user_agent == "" and cfg.schedule.jitter == 0.0
    assert cfg.notify.max_excerpt_chars == 0
    assert cfg.watches[0].id == "inline" and cfg.watches[0].url == "HTTPS://Example.org"
    assert config.parse("watch = []\n", environ=HOME).watches == ()


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[schedule]\ninterval = 60\n")
    assert config.load(path, environ=HOME).schedule.interval == 60.0


# --- storage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///watcher.db", "sqlite:////etc/watcher/watcher.db"),
        ("sqlite:///../data/w.db", "sqlite:////etc/data/w.db"),
        ("sqlite+pysqlite:///w.db", "sqlite+pysqlite:////etc/watcher/w.db"),
        ("sqlite:////var/lib/watcher/w.db", "sqlite:////var/lib/watcher/w.db"),
        ("sqlite:///~/w.db", "sqlite:////home/alice/w.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql+psycopg://u:p%40ss@db:5432/w", "postgresql+psycopg://u:p%40ss@db:5432/w"),
    ],
)
def test_storage_url(url, expected):
    text = f'[storage]\nurl = "{url}"\n'
    cfg = config.parse(text, path="/etc/watcher/config.toml", environ=HOME)
    assert cfg.storage.url == expected


def test_combined_document_and_accept_language(tmp_path):
    cfg = load_text(
        tmp_path,
        '[[watch]]\nname = "Doc"\nurls = ["https://a.org/terms", "https://b.org/ai.pdf"]\n'
        'accept_language = "fr-FR,fr;q=0.9,en;q=0.5,*;q=0.1"\n' + W.replace("Doc", "One"),
    )
    doc, one = cfg.watches
    assert doc.url == "https://a.org/terms" and doc.combined
    assert doc.urls == doc.parts == ("https://a.org/terms", "https://b.org/ai.pdf")
    assert doc.accept_language == "fr-FR,fr;q=0.9,en;q=0.5,*;q=0.1"
    assert (one.urls, one.parts, one.combined) == ((), ("https://example.org/terms",), False)
    assert one.accept_language is None


# --- errors -------------------------------------------------------------------

W = '[[watch]]\nname = "Doc"\nurl = "https://example.org/terms"\n'  # a valid watch


def ws(n: int) -> str:
    """`n` valid watches with distinct names."""
    return "".join(W.replace("Doc", f"Doc {i}") for i in range(n))


N = '[notifiers.legal]\nurls = ["json://localhost/hook"]\n'  # a valid notifier

INVALID = [
    # syntax
    ("toml-syntax", "[schedule]\ninterval = 6h\n", "line 2, column 13", "Expected newline"),
    ("toml-value", "[schedule]\ninterval = six\n", "line 2, column 12", "Invalid value"),
    ("toml-twice", "[fetch]\n[fetch]\n", "line 2, column 7", "Cannot declare ('fetch',) twice"),
    # unknown keys, everywhere
    ("unknown-top", "[[watches]]\n", "watches", "unknown key (did you mean 'watch'?)"),
    ("unknown-top-no-hint", "zzz = 1\n", "zzz", "unknown key (known keys: storage, schedule"),
    ("unknown-storage", '[storage]\nuri = "sqlite://"\n', "storage.uri", "did you mean 'url'?"),
    ("unknown-schedule", "[schedule]\nintervall = 1\n", "schedule.intervall", "unknown key"),
    ("unknown-fetch", '[fetch]\nuseragent = "x"\n', "fetch.useragent", "'user_agent'"),
    ("unknown-notify", '[notify]\nbase = "x"\n', "notify.base", "unknown key"),
    ("unknown-notifier", N + 'url = "x"\n', "notifiers.legal.url", "did you mean 'urls'?"),
    (
        "unknown-watch",
        ws(4) + 'intervall = "1d"\n',
        "watch[3].intervall",
        "unknown key (did you mean 'interval'?)",
    ),
    # wrong types
    (
        "type-duration",
        '[schedule]\ninterval = ["6h"]\n',
        "schedule.interval",
        'expected a duration like "6h", got a list',
    ),
    ("type-duration-bool", "[fetch]\ntimeout = true\n", "fetch.timeout", "got a boolean"),
    ("type-int", '[schedule]\nconcurrency = "8"\n', "schedule.concurrency", "got a string"),
    ("type-int-float", "[fetch]\nretries = 2.0\n", "fetch.retries", "got a float"),
    ("type-string", "[fetch]\nuser_agent = 1\n", "fetch.user_agent", "expected a string"),
    ("type-size", "[fetch]\nmax_bytes = 1.5\n", "fetch.max_bytes", 'a size like "10MB", got'),
    ("type-section", 'schedule = "6h"\n', "schedule", "expected a table ([schedule])"),
    ("type-watch-table", W.replace("[[watch]]", "[watch]"), "watch", "expected an array"),
    ("type-watch-item", "watch = [1]\n", "watch[0]", "expected a table ([[watch]])"),
    ("type-notifiers", 'notifiers = ["a"]\n', "notifiers", "expected tables like"),
    ("type-notifier", 'notifiers.legal = "x"\n', "notifiers.legal", "expected a table"),
    ("type-select", W + 'select = "main"\n', "watch[0].select", "expected a list of strings"),
    ("type-select-item", W + 'select = ["main", 1]\n', "watch[0].select[1]", "got an integer"),
    ("type-name", W.replace('"Doc"', "1"), "watch[0].name", "expected a string, got an integer"),
    # durations and numbers
    (
        "bad-duration",
        ws(3) + 'interval = "6 hours"\n',
        "watch[2].interval",
        '"6 hours" is not a duration; use e.g. 90s, 10m, 6h, 1d',
    ),
    ("bad-duration-order", '[schedule]\njitter = "5m1h"\n', "schedule.jitter", "largest first"),
    ("zero-duration", '[schedule]\ninterval = "0s"\n', "schedule.interval", "more than zero"),
    ("zero-watch-interval", W + "interval = 0\n", "watch[0].interval", "more than zero"),
    ("negative-duration", "[schedule]\njitter = -1\n", "schedule.jitter", "negative"),
    ("inf-duration", "[fetch]\ntimeout = inf\n", "fetch.timeout", "not a duration"),
    ("int-too-small", "[schedule]\nper_host = 0\n", "schedule.per_host", "at least 1, got 0"),
    ("int-negative", "[fetch]\nretries = -1\n", "fetch.retries", "at least 0, got -1"),
    (
        "backoff-order",
        '[notify]\nretry_backoff = "1h"\nretry_max_backoff = "1m"\n',
        "notify.retry_max_backoff",
        "shorter than the first",
    ),
    # sizes
    ("bad-size", '[fetch]\nmax_bytes = "10 megs"\n', "fetch.max_bytes", '"10 megs" is not a size'),
    ("zero-size", "[fetch]\nmax_bytes = 0\n", "fetch.max_bytes", "more than zero"),
    ("fraction-size", '[fetch]\nmax_bytes = "1.5B"\n', "fetch.max_bytes", "whole number"),
    # watches: required keys, ids, kinds, urls
    ("missing-name", '[[watch]]\nurl = "https://e.org/"\n', "watch[0].name", "required key"),
    ("missing-url", '[[watch]]\nname = "Doc"\n', "watch[0].url", "required key is missing"),
    ("empty-name", W.replace('"Doc"', '"  "'), "watch[0].name", "must not be empty"),
    ("newline-name", W.replace('"Doc"', '"a\\nb"'), "watch[0].name", "one line"),
    ("bad-id", W + 'id = "Zoom Terms"\n', "watch[0].id", "is not an id"),
    ("no-slug", W.replace('"Doc"', '"日本語"'), "watch[0].id", "none can be made from the name"),
    ("long-id", W + f'id = "{"a" * 201}"\n', "watch[0].id", "longer than 200"),
    ("bad-kind", W + 'kind = "term"\n', "watch[0].kind", "not one of terms, privacy, ai-policy"),
    ("bad-kind-hint", W + 'kind = "ai_policy"\n', "watch[0].kind", "(did you mean 'ai-policy'?)"),
    ("url-scheme", W.replace("https://", "ftp://"), "watch[0].url", "absolute http:// or https://"),
    ("url-relative", W.replace("https://example.org", ""), "watch[0].url", "absolute http"),
    ("url-no-host", W.replace("example.org", ""), "watch[0].url", "with a host"),
    ("url-space", W.replace("terms", "t s"), "watch[0].url", "absolute http"),
    ("url-port", W.replace("example.org", "example.org:99999"), "watch[0].url", "invalid port"),
    ("base-url", '[notify]\nbase_url = "watcher.local"\n', "notify.base_url", "absolute http"),
    # duplicates
    ("dup-name", W + W, "watch[1].name", "duplicate of watch[0]"),
    (
        "dup-name-later",
        W + ws(3) + W,
        "watch[4].name",
        "duplicate of watch[0]",
    ),
    ("dup-id", W + 'id = "x"\n' + W.replace("Doc", "Other") + 'id = "x"\n', "watch[1].id", "dup"),
    ("dup-id-made", W + 'id = "other"\n' + W.replace("Doc", "Other"), "watch[1].id", "made from"),
    (
        "name-is-id",
        W + 'id = "zoom"\n' + W.replace("Doc", "zoom") + 'id = "z"\n',
        "watch[1].name",
        "is the id of watch[0]",
    ),
    # notifiers
    (
        "unknown-notifier-ref",
        N + W + 'notify = ["legal", "legl"]\n',
        "watch[0].notify[1]",
        'no notifier named "legl" (known: legal)',
    ),
    ("no-notifiers", W + 'notify = ["legal"]\n', "watch[0].notify[0]", "none are configured"),
    ("dup-notify", N + W + 'notify = ["legal", "legal"]\n', "watch[0].notify[1]", "twice"),
    ("on-value", N + 'on = ["ai", "chnage"]\n', "notifiers.legal.on[1]", "did you mean 'change'?"),
    ("on-empty", N + "on = []\n", "notifiers.legal.on", "at least one of ai, change, error"),
    ("urls-empty", "[notifiers.legal]\nurls = []\n", "notifiers.legal.urls", "at least one"),
    ("urls-missing", "[notifiers.legal]\non = []\n", "notifiers.legal.urls", "required key"),
    ("urls-blank", '[notifiers.legal]\nurls = [""]\n', "notifiers.legal.urls[0]", "empty"),
    ("urls-type", '[notifiers.legal]\nurls = "json://h"\n', "notifiers.legal.urls", "list"),
    (
        "urls-shape",
        '[notifiers.legal]\nurls = ["hooks.slack.com/x"]\n',
        "notifiers.legal.urls[0]",
        "not an Apprise URL",
    ),
    (
        "urls-dup",
        '[notifiers.a]\nurls = ["json://h", "json://h"]\n',
        "notifiers.a.urls[1]",
        "urls[0]",
    ),
    (
        "notifier-name",
        '[notifiers."legal team"]\nurls = ["json://h"]\n',
        'notifiers."legal team"',
        "a notifier name",
    ),
    (
        "env-unset",
        '[notifiers.legal]\nurls = ["json://h", "slack://${SLACK_TOKEN}/b/c"]\n',
        "notifiers.legal.urls[1]",
        "environment variable SLACK_TOKEN is not set",
    ),
    (
        "env-malformed",
        '[notifiers.a]\nurls = ["json://h/${1X}"]\n',
        "notifiers.a.urls[0]",
        "not a variable reference",
    ),
    (
        "env-unclosed",
        '[notifiers.a]\nurls = ["json://h/${X"]\n',
        "notifiers.a.urls[0]",
        "not closed",
    ),
    # CSS selectors
    (
        "css-select",
        W + 'select = ["main", "div["]\n',
        "watch[0].select[1]",
        'invalid CSS selector "div["',
    ),
    ("css-remove", W + 'remove = ["p::before"]\n', "watch[0].remove[0]", "invalid CSS selector"),
    ("css-empty", W + 'remove = [" "]\n', "watch[0].remove[0]", "must not be empty"),
    # storage
    ("storage-url", '[storage]\nurl = "watcher.db"\n', "storage.url", "not a database URL"),
    (
        "storage-port",
        '[storage]\nurl = "postgresql://u:pw@h:x/db"\n',
        "storage.url",
        "not a database URL",
    ),
    (
        "storage-dialect",
        '[storage]\nurl = "postgress://u@h/db"\n',
        "storage.url",
        'unknown database "postgress"',
    ),
    ("storage-empty", '[storage]\nurl = ""\n', "storage.url", "must not be empty"),
    # networks fetched although private
    (
        "networks-cidr",
        '[fetch]\nallow_networks = ["10.0.0.0/8", "intranet"]\n',
        "fetch.allow_networks[1]",
        '"intranet" is not an IP network; use CIDR notation like "10.1.0.0/16"',
    ),
    (
        "networks-prefix",
        '[fetch]\nallow_networks = ["10.0.0.0/33"]\n',
        "fetch.allow_networks[0]",
        '"10.0.0.0/33" is not an IP network',
    ),
    (
        "networks-host-bits",
        '[fetch]\nallow_networks = ["10.1.2.3/16"]\n',
        "fetch.allow_networks[0]",
        '"10.1.2.3/16" has host bits set; did you mean "10.1.0.0/16"?',
    ),
    (
        "networks-twice",
        '[fetch]\nallow_networks = ["fd00::/8", "FD00::/8"]\n',
        "fetch.allow_networks[1]",
        '"FD00::/8" is listed twice',
    ),
    (
        "networks-string",
        '[fetch]\nallow_networks = "10.0.0.0/8"\n',
        "fetch.allow_networks",
        "expected a list of strings, got a string",
    ),
    ("networks-empty", '[fetch]\nallow_networks = [""]\n', "fetch.allow_networks[0]", "empty"),
    # combined documents and Accept-Language
    (
        "url-and-urls",
        W + 'urls = ["https://a.org/", "https://b.org/"]\n',
        "watch[0].urls",
        "not both",
    ),
    (
        "urls-one",
        '[[watch]]\nname = "D"\nurls = ["https://a.org/"]\n',
        "watch[0].urls",
        "at least two",
    ),
    ("urls-empty", '[[watch]]\nname = "D"\nurls = []\n', "watch[0].urls", "at least two"),
    (
        "urls-not-list",
        '[[watch]]\nname = "D"\nurls = "https://a.org/"\n',
        "watch[0].urls",
        "expected a list",
    ),
    (
        "urls-bad",
        '[[watch]]\nname = "D"\nurls = ["https://a.org/", "ftp://b.org/"]\n',
        "watch[0].urls[1]",
        "not an absolute http",
    ),
    (
        "urls-port",
        '[[watch]]\nname = "D"\nurls = ["https://a.org:x/", "https://b.org/"]\n',
        "watch[0].urls[0]",
        "invalid port",
    ),
    (
        "urls-twice",
        '[[watch]]\nname = "D"\nurls = ["https://a.org/", "https://a.org/"]\n',
        "watch[0].urls[1]",
        "the same URL as urls[0]",
    ),
    (
        "urls-newline",
        '[[watch]]\nname = "D"\nurls = ["https://a.org/", "https://b.org/\\n"]\n',
        "watch[0].urls[1]",
        "one line",
    ),
    ("lang-type", W + "accept_language = 1\n", "watch[0].accept_language", "expected a string"),
    ("lang-empty", W + 'accept_language = " "\n', "watch[0].accept_language", "must not be empty"),
    (
        "lang-newline",
        W + 'accept_language = "fr\\r\\nX-Evil: 1"\n',
        "watch[0].accept_language",
        "one line",
    ),
    (
        "lang-shape",
        W + 'accept_language = "fr;q=2"\n',
        "watch[0].accept_language",
        "not an Accept-Language value",
    ),
    (
        "lang-header",
        W + 'accept_language = "Accept-Language: fr"\n',
        "watch[0].accept_language",
        "not an Accept-Language",
    ),
    (
        "lang-long",
        W + f'accept_language = "{",".join(["fr"] * 100)}"\n',
        "watch[0].accept_language",
        "longer than 200",
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "reason"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_config(tmp_path, text, key, reason):
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text)
    err = caught.value
    assert err.key == key
    assert reason in err.reason
    assert str(err) == f"{tmp_path / 'watcher.toml'}: {key}: {err.reason}"


def test_secrets_are_not_echoed_in_errors():
    text = '[notifiers.a]\nurls = ["${TOKEN}"]\n[storage]\nurl = "nope:pa55word"\n'
    with pytest.raises(ConfigError) as caught:
        config.parse(text, environ={"TOKEN": "hunter2-token"})
    assert caught.value.key == "storage.url" and "pa55word" not in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        config.parse(text.split("[storage]")[0], environ={"TOKEN": "hunter2-token"})
    assert "hunter2" not in str(caught.value)


def test_missing_file():
    with pytest.raises(ConfigError) as caught:
        config.load("/nonexistent/watcher.toml", environ=HOME)
    assert str(caught.value).startswith("/nonexistent/watcher.toml: cannot read the file")
    assert caught.value.key == ""


def test_file_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[watch]]\nname = "Société"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        config.load(path, environ=HOME)


def test_parse_names_the_given_path():
    with pytest.raises(ConfigError) as caught:
        config.parse("[schedule]\nevery = 1\n", path="inline.toml")
    assert str(caught.value) == (
        "inline.toml: schedule.every: unknown key "
        "(known keys: interval, jitter, concurrency, per_host, error_after, confirm, workers, "
        "page_time_limit, lease)"
    )


def test_the_database_password_may_come_from_the_environment():
    text = '[storage]\nurl = "postgresql+psycopg://watcher:${DB_PASSWORD}@db/watcher"\n'
    cfg = config.parse(text, environ={**HOME, "DB_PASSWORD": "s3cret"})
    assert cfg.storage.url == "postgresql+psycopg://watcher:s3cret@db/watcher"
    with pytest.raises(ConfigError) as caught:
        config.parse(text, path="w.toml", environ=HOME)
    assert str(caught.value).startswith("w.toml: storage.url: ")
    assert "DB_PASSWORD" in str(caught.value)


def test_the_lease_is_two_minutes_unless_set_and_never_under_five_seconds():
    assert config.parse("", environ=HOME).schedule.lease == 120.0
    assert config.parse('[schedule]\nlease = "45s"\n', environ=HOME).schedule.lease == 45.0
    with pytest.raises(ConfigError) as caught:
        config.parse('[schedule]\nlease = "2s"\n', path="w.toml", environ=HOME)
    assert str(caught.value) == "w.toml: schedule.lease: must be at least 5s"


# --- units --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("90s", 90.0),
        ("10m", 600.0),
        ("6h", 21600.0),
        ("1d", 86400.0),
        ("2w", 1_209_600.0),
        ("1h30m", 5400.0),
        ("1d12h", 129_600.0),
        ("1.5h", 5400.0),
        ("250ms", 0.25),
        ("1m30s500ms", 90.5),
        (" 10m ", 600.0),
        ("45", 45.0),
        ("0s", 0.0),
        (90, 90.0),
        (2.5, 2.5),
        (0, 0.0),
    ],
)
def test_parse_duration(value, seconds):
    assert config.parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("6 hours", '"6 hours" is not a duration; use e.g. 90s, 10m, 6h, 1d'),
        ("1h 30m", "is not a duration"),
        ("10M", "is not a duration"),
        ("h", "is not a duration"),
        ("1x", "is not a duration"),
        ("", "empty string"),
        ("30m1h", "largest first"),
        ("1h1h", "largest first"),
        ("-5m", "is not a duration"),
        ("\u0663h", "is not a duration"),  # an Arabic-Indic digit three
        (-5, "negative"),
        (float("nan"), "not a duration"),
        (float("inf"), "not a duration"),
        (True, "not a duration"),
        ([1], "not a duration"),
    ],
)
def test_parse_duration_rejects(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        config.parse_duration(value)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (21600, "6h"),
        (600, "10m"),
        (5400, "1h30m"),
        (90, "90s"),
        (60, "1m"),
        (150, "2m30s"),
        (86400, "1d"),
        (129_600, "1d12h"),
        (90061, "1d1h1m1s"),
        (2.5, "2.5s"),
        (0.25, "250ms"),
        (0, "0s"),
        (3600.4, "1h"),  # from a minute up, rounded to the second
    ],
)
def test_format_duration(seconds, shown):
    assert config.units.format_duration(seconds) == shown


@pytest.mark.parametrize(
    "text", ["6h", "10m", "1h30m", "90s", "250ms", "1d12h", "2m30s", "1.5s", "0s"]
)
def test_format_duration_inverts_parse_duration(text):
    seconds = config.parse_duration(text)
    assert config.units.format_duration(seconds) == text
    assert config.parse_duration(config.units.format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("value", "message"), [(-1, "negative"), (float("nan"), "not a"), (True, "not a")]
)
def test_format_duration_rejects(value, message):
    with pytest.raises(ValueError, match=message):
        config.units.format_duration(value)


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("100B", 100),
        ("512KB", 512_000),
        ("10MB", 10_000_000),
        ("1GB", 1_000_000_000),
        ("1KiB", 1024),
        ("1.5MiB", 1_572_864),
        ("10MiB", 10 * 1024 * 1024),
        ("2GiB", 2 * 1024**3),
        ("10mb", 10_000_000),
        ("10 MB", 10_000_000),
        ("0.3KB", 300),
        ("4096", 4096),
        (4096, 4096),
        (0, 0),
    ],
)
def test_parse_size(value, size):
    assert config.parse_size(value) == size


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10 megs", '"10 megs" is not a size; use e.g. 512KB, 10MB, 1GiB'),
        ("MB", "is not a size"),
        ("1.5B", "not a whole number of bytes"),
        ("0.1KiB", "not a whole number of bytes"),
        ("-1KB", "is not a size"),
        (-1, "negative"),
        (1.5, "is not a size"),
        (True, "is not a size"),
    ],
)
def test_parse_size_rejects(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        config.parse_size(value)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoom Terms of Service", "zoom-terms-of-service"),
        ("Société Générale — Conditions", "societe-generale-conditions"),
        ("Straße & Œuvre", "strasse-oeuvre"),
        ("  OpenAI: Terms (EU)  ", "openai-terms-eu"),
        ("X/Twitter ToS v2.1", "x-twitter-tos-v2-1"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("日本語", ""),
    ],
)
def test_slugify(name, slug):
    assert config.slugify(name) == slug


# --- state directory ----------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"STATE_DIRECTORY": "/var/lib/watcher", **HOME}, "/var/lib/watcher"),
        ({"STATE_DIRECTORY": "/var/lib/watcher:/var/lib/other"}, "/var/lib/watcher"),
        ({"STATE_DIRECTORY": "", "XDG_STATE_HOME": "/xdg", **HOME}, "/xdg/watcher"),
        ({"XDG_STATE_HOME": "/xdg", **HOME}, "/xdg/watcher"),
        ({"XDG_STATE_HOME": "relative", **HOME}, "/home/alice/.local/state/watcher"),
        (HOME, "/home/alice/.local/state/watcher"),
    ],
)
def test_default_state_dir(environ, expected):
    assert config.default_state_dir(environ) == Path(expected)


def test_default_state_dir_without_home_uses_account_database():
    path = config.default_state_dir({})
    assert path.is_absolute() and path.parts[-3:] == (".local", "state", "watcher")


def test_default_database_is_in_state_dir():
    cfg = config.parse("", environ={"STATE_DIRECTORY": "/var/lib/watcher"})
    assert cfg.storage.url == "sqlite:////var/lib/watcher/watcher.db"


def test_notifier_minor_flag(tmp_path):
    from watcher.config import load

    cfg = tmp_path / "w.toml"
    cfg.write_text(
        '[notifiers.a]\nurls = ["json://h/x"]\nminor = true\n[notifiers.b]\nurls = ["json://h/y"]\n'
    )
    loaded = load(cfg, environ={})
    assert [n.minor for n in loaded.notifiers] == [True, False]
    cfg.write_text('[notifiers.a]\nurls = ["json://h/x"]\nminor = "yes"\n')
    with pytest.raises(ConfigError) as exc:
        load(cfg, environ={})
    assert exc.value.key == "notifiers.a.minor" and "true or false" in exc.value.reason


# --- secrets in a file others may read ---------------------------------------------------


def secret_file(tmp_path: Path, text: str, mode: int) -> Path:
    path = tmp_path / "watcher.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


LITERAL_NOTIFIER = '[notifiers.legal]\nurls = ["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkc"]\n'


@pytest.mark.parametrize(
    ("mode", "who"),
    [(0o644, "its group and every user"), (0o604, "every user"), (0o640, "its group")],
)
def test_a_readable_file_with_a_literal_notifier_url_is_warned_about(tmp_path, mode, who):
    path = secret_file(tmp_path, LITERAL_NOTIFIER, mode)
    warning = exposure(path)
    assert warning is not None
    assert str(path) in warning and f"mode {mode:04o}" in warning and who in warning
    assert f"chmod 600 {path}" in warning and "notifiers.legal.urls[0]" in warning
    assert "T1JJ3T3L2" not in warning  # the warning is no leak itself


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o700, 0o620])
def test_a_private_file_is_not_warned_about(tmp_path, mode):
    assert exposure(secret_file(tmp_path, LITERAL_NOTIFIER, mode)) is None


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (LITERAL_NOTIFIER, ["notifiers.legal.urls[0]"]),
        ('[notifiers.legal]\nurls = ["slack://${SLACK_A}/${SLACK_B}/${SLACK_C}"]\n', []),
        ('[notifiers.m]\nurls = ["mailtos://alerts:${SMTP_PASSWORD}@smtp.example.com"]\n', []),
        ('[notifiers.siem]\nsecret = "hmac-key-123"\n', ["notifiers.siem.secret"]),
        ('[notifiers.siem]\nsecret = "${WATCHER_WEBHOOK_SECRET}"\n', []),
        (
            '[storage]\nurl = "postgresql+psycopg://watcher:pw@db.example.org/watcher"\n',
            ["storage.url"],
        ),
        ('[storage]\nurl = "postgresql+psycopg://watcher:${DB_PASSWORD}@db/watcher"\n', []),
        ('[storage]\nurl = "postgresql+psycopg://watcher@db.example.org/watcher"\n', []),
        ('[storage]\nurl = "sqlite:////var/lib/watcher/watcher.db"\n', []),
        ('[[watch]]\nname = "A"\nurl = "https://example.org/"\n', []),
    ],
)
def test_which_values_are_secrets_written_in_the_file(tmp_path, text, keys):
    path = secret_file(tmp_path, text, 0o644)
    warning = exposure(path)
    if not keys:
        assert warning is None
    else:
        assert warning is not None and all(k in warning for k in keys)


def test_an_unreadable_or_invalid_file_is_left_to_the_loader(tmp_path):
    assert exposure(tmp_path / "missing.toml") is None
    assert exposure(secret_file(tmp_path, "[notifiers.legal\nurls = [", 0o644)) is None
