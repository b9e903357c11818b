"""The command line: parses arguments, wires the stages, prints. Nothing else prints.

Library errors become one `Error: …` line on stderr and an exit status:
0 success, 2 usage or configuration error, 1 any other failure.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence

from watcher import __version__
from watcher.cli import logs
from watcher.errors import ConfigError, WatcherError
from watcher.pipeline import workers

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
DEFAULT_CONFIG = "watcher.toml"
# What a pass's worker process imports while this one starts: reading pages, and reading new
# versions (which `analyse` imports only when one comes).
READING_MODULES = ("watcher.pipeline.analyse", "watcher.detect", "watcher.diff", "watcher.dates")


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one `Error:` line, like the rest of the CLI."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _common() -> argparse.ArgumentParser:
    # Accepted before or after the command: `watcher --config F check`, `watcher check --config F`.
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="configuration file (default: $WATCHER_CONFIG, else ./watcher.toml)",
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS,
        help="more log output (-vv for debug)",
    )
    p.add_argument(
        "--log-format",
        choices=logs.FORMATS,
        default=argparse.SUPPRESS,
        help="log lines as text, or one JSON object a line (default: $WATCHER_LOG_FORMAT, "
        "else text)",
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command and its help text."""
    common = _common()
    parser = _Parser(
        prog="watcher",
        description="Watch Terms of Service, privacy and AI policies; record every version "
        "of their text and tell people when it changes.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"watcher {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, help: str, func: str | None, description: str | None = None):
        p = sub.add_parser(name, help=help, description=description or help, parents=[common])
        p.set_defaults(func=func)
        return p

    add(
        "run",
        "run the daemon: check every watch on schedule and deliver notifications "
        "until stopped (SIGTERM/SIGINT); SIGHUP reloads the configuration; with [http], "
        "also serve the pages, feeds, /metrics and /healthz",
        "daemon.run",
    )
    p = add(
        "serve",
        "serve the pages, feeds, /metrics and /healthz of the database, read-only",
        "web.serve",
        "Serve the web pages, feeds and JSON API of the configured database, with /metrics "
        "and /healthz, read-only (nothing is checked, written or sent), until stopped "
        "(SIGTERM/SIGINT). The address and HTTP basic authentication come from [http]; "
        "without it, 127.0.0.1:8080.",
    )
    p.add_argument(
        "--listen",
        metavar="HOST:PORT",
        help="address to listen on instead of [http] listen, e.g. 127.0.0.1:8080 or [::1]:8080 "
        "(an address other hosts can reach needs [http] auth)",
    )
    p = add(
        "check",
        "check all watches (or one) now, deliver notifications, then exit",
        "commands.check",
    )
    p.add_argument("--watch", metavar="NAME", help="only this watch (its name or id)")
    p = add(
        "validate",
        "check the configuration file and say what is wrong",
        "commands.validate",
        "Check the configuration file. With --fetch, also fetch each watch twice and "
        "report text that differs between the two fetches (noise that would cause false "
        "alerts) and select rules that match nothing.",
    )
    p.add_argument("--fetch", action="store_true", help="also fetch every watch twice")
    p = add("events", "list recorded events, oldest first", "browse.events")
    p.add_argument("--watch", metavar="NAME", help="only events of this watch")
    p.add_argument(
        "--since",
        metavar="ISO",
        help="only events at or after this time "
        "(ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p = add("history", "list the stored versions of a watch", "browse.history")
    p.add_argument("name", metavar="NAME", help="watch name or id")
    p = add("show", "print the text of a version (default: the newest)", "browse.show")
    p.add_argument("name", metavar="NAME", help="watch name or id")
    p.add_argument("--version", dest="number", type=int, metavar="N", help="version number")
    p = add(
        "diff", "show what changed between two versions (default: the last change)", "browse.diff"
    )
    p.add_argument("name", metavar="NAME", help="watch name or id")
    p.add_argument("--from", dest="from_", type=int, metavar="N", help="older version")
    p.add_argument("--to", type=int, metavar="M", help="newer version")
    p.add_argument(
        "--format",
        choices=["text", "markdown", "html"],
        default="text",
        help="output format (default: text)",
    )
    p = add(
        "rebuild",
        "re-derive versions from stored raw pages after the normalizer or a "
        "watch's select/remove rules changed; notifies nobody",
        "commands.rebuild",
    )
    p.add_argument("--watch", metavar="NAME", help="only this watch")
    p.add_argument(
        "--all", action="store_true", help="rebuild every watch, not only those whose rules changed"
    )
    p = add(
        "scan",
        "list the passages of one document about training AI on users' data",
        "detection.scan",
        "Read one document (a local HTML or text file, or an http(s) URL), find the "
        "passages about training AI on users' data or banning others from doing so, and "
        "say what each means and which words made the detector decide.",
    )
    p.add_argument("target", metavar="FILE_OR_URL", help="an HTML/text file or a URL")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--select",
        action="append",
        metavar="CSS",
        help="keep only what this CSS selector matches (repeatable)",
    )
    p.add_argument(
        "--remove",
        action="append",
        metavar="CSS",
        help="drop what this CSS selector matches (repeatable)",
    )
    p = add(
        "classify",
        "label passages read as JSON lines on stdin",
        "detection.classify",
        'Read {"id", "text"} JSON lines on stdin and write {"id", "topic", "stance", "lang"} '
        "lines on stdout, one per input line, with the detector's labels.",
    )
    p.add_argument("--jsonl", action="store_true", help="JSON lines in and out (required)")
    p.add_argument(
        "--explain", action="store_true", help="also write each label's confidence and cues"
    )
    p = add("db", "database maintenance: `watcher db upgrade` applies migrations", None)
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", parser_class=_Parser)
    dbsub.required = True
    q = dbsub.add_parser(
        "upgrade",
        help="apply database migrations (also done at every start)",
        description="Apply database migrations.",
        parents=[common],
    )
    q.set_defaults(func="commands.db_upgrade")
    p = add(
        "notify-test", "send a test message through every notifier (or one)", "commands.notify_test"
    )
    p.add_argument("notifier", nargs="?", metavar="NOTIFIER", help="notifier name")
    p = add(
        "import-ota",
        "print [[watch]] entries for Open Terms Archive declaration files",
        "ota.import_ota",
        "Read Open Terms Archive declarations (<Service>.json, or a folder of them) and print "
        "the equivalent [[watch]] entries. What cannot be expressed (custom JavaScript filters, "
        "selectors Watcher cannot run) is reported on stderr and as a comment in the output.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="a declaration file or a folder of them"
    )
    p.add_argument("--out", metavar="FILE", help="write the entries to FILE instead of printing")
    return parser


def configure_logging(
    verbosity: int, fmt: str = "text", environ: Mapping[str, str] | None = None
) -> None:
    """Log to stderr, timestamped unless journald reads it, secrets masked; see `logs`."""
    logs.configure(verbosity, fmt, environ)


def _error(exc: BaseException) -> None:
    """`exc` as the one `Error: …` line the user sees: on one line, secrets masked."""
    text = " ".join(logs.scrub(str(exc)).split()) or type(exc).__name__
    print(f"Error: {text}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again on the closed
    pipe (as Python's documentation of SIGPIPE recommends)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (a test's capture)
        pass


def _several_watches(path: str) -> bool:
    """True when the configuration at `path` lists several watches and does not turn worker
    processes off. Read without validating it: the command reports what is wrong."""
    try:
        with open(path, "rb") as f:
            doc = tomllib.load(f)
    except (OSError, ValueError):  # tomllib.TOMLDecodeError is a ValueError
        return False
    watches, schedule = doc.get("watch"), doc.get("schedule")
    off = isinstance(schedule, dict) and schedule.get("workers") == 0
    return isinstance(watches, list) and len(watches) > 1 and not off


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point of the `watcher` command; returns the exit status."""
    environ = os.environ if environ is None else environ
    parser = build_parser()
    args = parser.parse_args(argv)
    args.config = getattr(args, "config", None) or environ.get("WATCHER_CONFIG") or DEFAULT_CONFIG
    # The daemons report what they do by default; one-off commands only print their result.
    args.verbose = getattr(args, "verbose", 0) + (1 if args.command in ("run", "serve") else 0)
    args.environ = environ
    log_format = getattr(args, "log_format", None) or environ.get("WATCHER_LOG_FORMAT") or "text"
    if log_format not in logs.FORMATS:
        parser.error(f"WATCHER_LOG_FORMAT={log_format!r}: use one of {', '.join(logs.FORMATS)}")
    configure_logging(args.verbose, log_format, environ)
    args.worker = None
    if args.command == "check" and args.watch is None and _several_watches(args.config):
        # A pass over several watches reads their pages in a worker process: launched now,
        # it imports what it runs while this process imports the rest (a third of a second).
        args.worker = workers.launch(READING_MODULES)
    # A command's module is imported only when it runs: the others' imports (SQLAlchemy,
    # httpx, the detector) would slow every start-up, and worker processes import this module.
    module, _, name = args.func.partition(".")
    func = getattr(importlib.import_module(f"watcher.cli.{module}"), name)
    from watcher.cli.wiring import UsageError

    try:
        status = func(args) or EXIT_OK
        sys.stdout.flush()  # a reader gone away shows here, not as a traceback at exit
        return status
    except BrokenPipeError:
        # `watcher events | head -1`: the reader has what it wanted, like any Unix tool.
        _silence_stdout()
        return EXIT_OK
    except ConfigError as exc:
        _error(exc)
        return EXIT_USAGE
    except UsageError as exc:
        _error(exc)
        return EXIT_USAGE
    except WatcherError as exc:
        _error(exc)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    finally:
        if args.worker is not None:  # stopped already if the pass adopted it
            workers.dismiss(args.worker)
