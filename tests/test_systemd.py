"""The sd_notify protocol, against a real datagram socket like systemd's."""

import socket

from watcher.systemd import Notifier


def test_states_reach_the_notify_socket(tmp_path):
    path = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.settimeout(5)
        n = Notifier(path, "120000000")
        n.send("READY=1")
        n.send("WATCHDOG=1")
        assert server.recv(64) == b"READY=1"
        assert server.recv(64) == b"WATCHDOG=1"
    assert n.watchdog_interval == 60.0  # half of WatchdogSec=120s


def test_outside_systemd_nothing_is_sent_and_nothing_fails(tmp_path):
    Notifier(None).send("READY=1")
    Notifier(str(tmp_path / "gone.sock")).send("READY=1")  # logged, not raised
    assert Notifier(None).watchdog_interval is None
