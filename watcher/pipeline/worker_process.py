"""The worker's side of `workers`: answer calls read from stdin, one at a time, on stdout.

A call is a length-prefixed pickle of (module, function name, arguments) naming a function of
this package; the answer is (ok, value or exception). The process imports only what it runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import os
import pickle
import signal
import struct
import sys
from typing import Any

HEADER = struct.Struct("!Q")  # length of the pickle that follows
ALLOWED = "watcher."  # a worker runs functions of this package only
PIPE_SIZE = 2**20


def _serve(stdin, stdout) -> None:
    """Answer calls until end-of-file: (module, name, args) in, (ok, value) out."""
    while header := stdin.read(HEADER.size):
        (size,) = HEADER.unpack(header)
        module, name, args = pickle.loads(stdin.read(size))
        try:
            if not module.startswith(ALLOWED):
                raise ValueError(f"not a function a worker runs: {module}.{name}")
            fn: Any = importlib.import_module(module)
            for part in name.split("."):
                fn = getattr(fn, part)
            reply = (True, fn(*args))
        except Exception as exc:
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result or exception
            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        stdout.write(HEADER.pack(len(data)) + data)
        stdout.flush()


def _main() -> None:
    # The main process decides when to stop (it closes our stdin): a Ctrl-C or a service
    # manager's SIGTERM to the whole group must not cut a call short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # Anything a library prints goes to stderr, never into the replies.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _widen(sys.stdin.fileno())
    _widen(replies.fileno())
    for module in sys.argv[1:]:  # imported while the main process is still starting
        if module.startswith(ALLOWED):
            importlib.import_module(module)
    _serve(sys.stdin.buffer, replies)


def _widen(fd: int) -> None:
    """Let the pipe hold a whole page (1 MiB, Linux's default maximum, instead of 64 KiB).

    The main process writes a call in one system call then, instead of one per 64 KiB each
    time its busy event loop gets round to it, with the worker waiting mid-call meanwhile.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or a lower limit
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


if __name__ == "__main__":
    _main()
