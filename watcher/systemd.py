"""The systemd notify protocol (Type=notify, WatchdogSec=): a datagram to $NOTIFY_SOCKET."""

from __future__ import annotations

import logging
import socket

log = logging.getLogger(__name__)


class Notifier:
    """Sends READY/WATCHDOG/STOPPING to systemd; does nothing outside systemd."""

    def __init__(self, socket_path: str | None, watchdog_usec: str | None = None) -> None:
        self._path = socket_path
        # Ping at half the watchdog period, as sd_watchdog_enabled(3) advises.
        self.watchdog_interval = int(watchdog_usec) / 2e6 if watchdog_usec else None

    def send(self, state: str) -> None:
        """Send one state string, e.g. "READY=1"; errors are logged, never raised."""
        if not self._path:
            return
        address = "\0" + self._path[1:] if self._path.startswith("@") else self._path
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.connect(address)
                sock.sendall(state.encode())
        except OSError as exc:
            log.warning("cannot notify systemd: %s", exc)
