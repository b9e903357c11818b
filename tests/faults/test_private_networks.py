"""Private networks refused by default (server-side request forgery).

The address policy as a pure function, range class by range class; the Fetcher against real
servers on loopback (which the suite allows, conftest.py; these tests take it back); and
`watcher check` end to end, where a refused watch is a failed check and the others go on.
The browser's side is in tests/test_browser.py.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address, ip_network

import pytest
from faults.private_server import SECRET, SecretServer
from httpserver import Reply
from sqlalchemy import select

from watcher import db
from watcher.cli import main
from watcher.db import CheckRow, TextBlob
from watcher.errors import ConfigError, FetchConnectionError, ForbiddenAddress
from watcher.fetch import Fetcher
from watcher.fetch import network as network_mod
from watcher.fetch.network import AddressPolicy, embedded_ipv4, parse_network, refusal
from watcher.models import FetchResult, FetchSettings

FIRST_LOOPBACK = (ip_network("127.0.0.1/32"),)  # the test server's address, not 127.0.0.2


@pytest.fixture
def no_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment as an operator's: WATCHER_ALLOW_NETWORKS unset."""
    monkeypatch.delenv("WATCHER_ALLOW_NETWORKS", raising=False)


@pytest.fixture
def secret() -> SecretServer:
    with SecretServer() as server:
        yield server


# --- the policy: which addresses, and why ------------------------------------------------

REFUSED = [
    # IPv4
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata services
    ("169.254.0.1", "link-local"),
    ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("100.127.255.254", "shared (carrier-grade NAT)"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "reserved (this network)"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),  # broadcast
    ("192.0.2.10", "not globally routable"),  # documentation (TEST-NET-1)
    ("198.51.100.10", "not globally routable"),  # documentation (TEST-NET-2)
    ("203.0.113.10", "not globally routable"),  # documentation (TEST-NET-3)
    ("198.18.0.1", "not globally routable"),  # benchmarking
    # IPv6
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1", "link-local"),
    ("fc00::1", "private"),
    ("fd12:3456:789a::1", "private"),
    ("ff02::1", "multicast"),
    ("ff0e::1", "multicast"),
    ("fec0::1", "site-local"),
    ("2001:db8::1", "not globally routable"),  # documentation
    # IPv6 forms carrying an IPv4 address are judged by it
    ("::ffff:127.0.0.1", "loopback, IPv4-mapped IPv6"),
    ("::ffff:10.0.0.1", "private, IPv4-mapped IPv6"),
    ("::ffff:169.254.169.254", "link-local, IPv4-mapped IPv6"),
    ("::127.0.0.1", "loopback, IPv4-compatible IPv6"),
    ("::8.8.8.8", "reserved (IPv4-compatible)"),  # deprecated: never a real host
    ("2002:7f00:1::1", "loopback, 6to4"),
    ("2002:c0a8:101::", "private, 6to4"),
    ("64:ff9b::a9fe:a9fe", "link-local, NAT64"),
    ("64:ff9b::10.0.0.1", "private, NAT64"),
]

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "100.128.0.1",  # just past the shared space
    "172.32.0.1",  # just past 172.16.0.0/12
    "2606:4700:4700::1111",
    "2a00:1450:4007:80e::200e",
    "::ffff:8.8.8.8",  # judged by the IPv4 address they carry
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
]


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_non_public_addresses_are_refused_by_class(address: str, reason: str) -> None:
    assert refusal(ip_address(address)) == reason
    assert AddressPolicy().why_refused(ip_address(address)) == reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_fetched(address: str) -> None:
    assert refusal(ip_address(address)) is None
    assert AddressPolicy().why_refused(ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "carried"),
    [
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("::10.1.2.3", "10.1.2.3"),
        ("2002:a01:203::", "10.1.2.3"),
        ("64:ff9b::a01:203", "10.1.2.3"),
        ("::1", None),
        ("::", None),
        ("2001:db8::1", None),
        ("10.1.2.3", None),
    ],
)
def test_the_ipv4_address_an_ipv6_one_carries(address: str, carried: str | None) -> None:
    found = embedded_ipv4(ip_address(address))
    assert (str(found) if found else None) == carried


@pytest.mark.parametrize(
    ("allowed", "address", "refused"),
    [
        ("10.1.0.0/16", "10.1.200.3", None),
        ("10.1.0.0/16", "10.2.0.1", "private"),
        ("10.1.0.0/16", "::ffff:10.1.0.9", None),  # the IPv4 address it carries is allowed
        ("10.1.0.0/16", "64:ff9b::a01:9", None),
        ("127.0.0.1/32", "127.0.0.1", None),
        ("127.0.0.1/32", "127.0.0.2", "loopback"),
        ("127.0.0.1/32", "::1", "loopback"),
        ("169.254.169.254/32", "169.254.169.254", None),
        ("fd00::/8", "fd12::1", None),
        ("fd00::/8", "fc00::1", "private"),
        ("::ffff:10.0.0.0/104", "::ffff:10.3.2.1", None),
    ],
)
def test_allowed_networks_are_fetched(allowed: str, address: str, refused: str | None) -> None:
    policy = AddressPolicy((ip_network(allowed),))
    assert policy.why_refused(ip_address(address)) == refused


def test_the_environment_adds_to_the_configured_networks() -> None:
    settings = FetchSettings(user_agent="", allow_networks=(ip_network("10.1.0.0/16"),))
    environ = {"WATCHER_ALLOW_NETWORKS": " 192.168.5.0/24, fd00::/8 ,,10.1.0.0/16"}
    assert AddressPolicy.of(settings, environ).allowed == (
        ip_network("10.1.0.0/16"),
        ip_network("192.168.5.0/24"),
        ip_network("fd00::/8"),
    )
    assert AddressPolicy.of(settings, {}).allowed == (ip_network("10.1.0.0/16"),)
    assert AddressPolicy.of(FetchSettings(user_agent=""), {}).allowed == ()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("10.1.2.3/16", '"10.1.2.3/16" has host bits set; did you mean "10.1.0.0/16"?'),
        ("intranet", '"intranet" is not an IP network; use CIDR notation like "10.1.0.0/16"'),
        ("10.0.0.0/33", '"10.0.0.0/33" is not an IP network'),
    ],
)
def test_a_bad_environment_value_is_a_config_error(value: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        AddressPolicy.of(
            FetchSettings(user_agent=""), {"WATCHER_ALLOW_NETWORKS": f"127.0.0.0/8,{value}"}
        )
    assert caught.value.key == "WATCHER_ALLOW_NETWORKS"
    assert caught.value.reason.startswith(reason)


def test_parse_network() -> None:
    assert parse_network(" 10.1.0.0/16 ") == ip_network("10.1.0.0/16")
    assert parse_network("10.1.2.3") == ip_network("10.1.2.3/32")
    assert parse_network("::1") == ip_network("::1/128")


# --- the Fetcher, against real servers -----------------------------------------------------


def fetch(url: str, *, allow=(), retries: int = 2) -> tuple[FetchResult, list[float]]:
    """Fetch `url` with `allow_networks = allow` (and the process environment's networks)."""
    settings = FetchSettings(
        user_agent="", timeout=5.0, retries=retries, backoff=0.0, allow_networks=tuple(allow)
    )
    sleeps: list[float] = []

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    async def go() -> FetchResult:
        async with Fetcher(settings, sleep=sleep) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go()), sleeps


def refused(url: str, *, allow=()) -> ForbiddenAddress:
    with pytest.raises(ForbiddenAddress) as caught:
        fetch(url, allow=allow)
    error = caught.value
    assert error.kind == "forbidden_address" and not error.transient
    assert "[fetch] allow_networks or WATCHER_ALLOW_NETWORKS" in error.detail
    return error


def test_loopback_is_refused_by_default(http_server, no_allowance) -> None:
    http_server.route("/terms", Reply(body="<p>Terms</p>"))
    error = refused(http_server.url("/terms"))
    assert error.detail.startswith("refused to connect to 127.0.0.1: not a public address")
    assert (error.host, error.address, error.reason) == ("127.0.0.1", "127.0.0.1", "loopback")
    assert http_server.requests == []  # refused before connecting


def test_a_redirect_to_another_loopback_server_is_refused(http_server, secret, no_allowance):
    """The page's host is allowed (127.0.0.1/32); the internal service it redirects to is not."""
    http_server.route("/terms", Reply(status=302, headers={"Location": secret.url("/admin")}))
    error = refused(http_server.url("/terms"), allow=FIRST_LOOPBACK)
    assert "127.0.0.2: not a public address (loopback)" in error.detail
    assert error.url == http_server.url("/terms")  # the watch's URL; the detail names the hop
    assert secret.hits == 0
    assert len(http_server.requests_to("/terms")) == 1  # not retried (retries = 2)


def test_the_redirect_is_followed_when_its_network_is_allowed(
    http_server, secret, no_allowance, monkeypatch
) -> None:
    http_server.route("/terms", Reply(status=302, headers={"Location": secret.url("/admin")}))
    result, _ = fetch(http_server.url("/terms"), allow=(*FIRST_LOOPBACK, ip_network("127.0.0.2")))
    assert SECRET in result.text and result.final_url == secret.url("/admin")
    # The environment's networks add to the file's.
    monkeypatch.setenv("WATCHER_ALLOW_NETWORKS", "127.0.0.2/32")
    result, _ = fetch(http_server.url("/terms"), allow=FIRST_LOOPBACK)
    assert SECRET in result.text and secret.hits == 2


def test_a_redirect_to_the_metadata_service_is_refused(http_server) -> None:
    """Loopback allowed (the suite's setting) allows nothing else."""
    metadata = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    http_server.route("/terms", Reply(status=301, headers={"Location": metadata}))
    error = refused(http_server.url("/terms"))
    assert "169.254.169.254: not a public address (link-local)" in error.detail


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1: not a public address (loopback, IPv4-mapped"),
        ("[::ffff:7f00:1]", "::ffff:127.0.0.1: not a public address (loopback, IPv4-mapped"),
        ("[::127.0.0.1]", "::127.0.0.1: not a public address (loopback, IPv4-compatible"),
        ("[64:ff9b::7f00:1]", "64:ff9b::7f00:1: not a public address (loopback, NAT64)"),
        ("[2002:7f00:1::]", "2002:7f00:1::: not a public address (loopback, 6to4)"),
        ("[::1]", "::1: not a public address (loopback)"),
        ("0.0.0.0", "0.0.0.0: not a public address (unspecified)"),
        ("2130706433", "2130706433 (127.0.0.1): not a public address (loopback)"),  # a number
    ],
)
def test_ip_literals_are_checked_too(http_server, no_allowance, host: str, shown: str) -> None:
    http_server.route("/terms", Reply(body="<p>Terms</p>"))
    error = refused(f"http://{host}:{http_server.port}/terms")
    assert shown in error.detail
    assert http_server.requests == []


def test_a_name_that_resolves_to_loopback_is_refused(http_server, no_allowance) -> None:
    http_server.route("/terms", Reply(body="<p>Terms</p>"))
    error = refused(f"http://localhost:{http_server.port}/terms")
    assert error.host == "localhost" and error.reason == "loopback"
    assert error.detail.startswith(f"refused to connect to localhost ({error.address}): ")
    assert http_server.requests == []


def test_only_the_allowed_addresses_of_a_name_are_connected_to(http_server, no_allowance):
    """localhost is 127.0.0.1 and ::1: with 127.0.0.1/32 allowed, 127.0.0.1 is the one used."""
    http_server.route("/terms", Reply(body="<p>Terms</p>"))
    result, _ = fetch(f"http://localhost:{http_server.port}/terms", allow=FIRST_LOOPBACK)
    assert result.status == 200 and "Terms" in result.text


def test_a_refusal_is_not_retried(http_server, secret, no_allowance) -> None:
    http_server.route("/terms", Reply(status=302, headers={"Location": secret.url("/")}))
    sleeps: list[float] = []

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    async def go() -> None:
        settings = FetchSettings(user_agent="", retries=3, allow_networks=FIRST_LOOPBACK)
        async with Fetcher(settings, sleep=sleep) as fetcher:
            await fetcher.fetch(http_server.url("/terms"))

    with pytest.raises(ForbiddenAddress):
        asyncio.run(go())
    assert sleeps == [] and len(http_server.requests_to("/terms")) == 1


# --- TLS: verified against the URL's host, although the connection is to an address -------


def _certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for the name localhost (only), and its key."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on 127.0.0.1 with a certificate for localhost; yields (port, SNI seen)."""
    cert, key = _certificate(tmp_path)
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<p>Terms over TLS</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], names, cert
    server.shutdown()
    server.server_close()


def test_tls_keeps_the_host_name_for_sni_and_verification(tls_server, monkeypatch) -> None:
    port, names, cert = tls_server
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(network_mod, "_ssl_context", lambda: trusting)
    result, _ = fetch(f"https://localhost:{port}/terms", retries=0)
    assert "Terms over TLS" in result.text
    assert names == ["localhost"]  # SNI: the URL's host, not the address connected to
    with pytest.raises(FetchConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(f"https://127.0.0.1:{port}/terms", retries=0)  # the certificate is not for it


# --- end to end: `watcher check` and `watcher validate` ----------------------------------


def test_check_records_refused_watches_and_checks_the_others(
    tmp_path, http_server, secret, capsys, no_allowance
) -> None:
    http_server.route("/terms", Reply(body="<h1>Terms</h1><p>We do not sell your data.</p>"))
    metadata = "http://169.254.169.254/latest/meta-data/"
    http_server.route("/moved", Reply(status=302, headers={"Location": metadata}))
    config = tmp_path / "watcher.toml"
    config.write_text(f"""
[storage]
url = "sqlite:///{tmp_path}/watcher.db"
[fetch]
timeout = "5s"
retries = 1
backoff = "0s"
allow_networks = ["127.0.0.1/32"]

[[watch]]
name = "Intranet wiki"
url = "{secret.url("/wiki")}"

[[watch]]
name = "Example terms"
url = "{http_server.url("/terms")}"

[[watch]]
name = "Moved policy"
url = "{http_server.url("/moved")}"
""")
    assert main(["--config", str(config), "check"], environ={}) == 0
    out = capsys.readouterr().out
    assert "intranet-wiki: error" in out and "example-terms: " in out
    engine = db.create(f"sqlite:///{tmp_path}/watcher.db")
    try:
        with engine.connect() as conn:
            checks = {c.watch_id: c for c in conn.execute(select(CheckRow)).all()}
            texts = conn.execute(select(TextBlob)).all()
    finally:
        engine.dispose()
    assert checks["example-terms"].outcome == "new_version"
    wiki, moved = checks["intranet-wiki"], checks["moved-policy"]
    assert (wiki.outcome, wiki.error_kind, wiki.version_id) == ("error", "forbidden_address", None)
    assert "127.0.0.2: not a public address (loopback)" in wiki.error
    assert "[fetch] allow_networks or WATCHER_ALLOW_NETWORKS" in wiki.error
    assert (moved.outcome, moved.error_kind) == ("error", "forbidden_address")
    assert "169.254.169.254: not a public address (link-local)" in moved.error
    assert secret.hits == 0 and len(texts) == 1
    assert len(http_server.requests_to("/moved")) == 1  # retries = 1, yet no second attempt


def test_validate_accepts_allow_networks_and_names_a_bad_one(tmp_path, capsys) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text('[fetch]\nallow_networks = ["10.1.0.0/16", "fd00::/8"]\n')
    assert main(["--config", str(config), "validate"], environ={"HOME": str(tmp_path)}) == 0
    config.write_text('[fetch]\nallow_networks = ["10.1.0.0/16", "10.2.0.1/8"]\n')
    capsys.readouterr()
    assert main(["--config", str(config), "validate"], environ={"HOME": str(tmp_path)}) == 2
    assert capsys.readouterr().err == (
        f"Error: {config}: fetch.allow_networks[1]: "
        '"10.2.0.1/8" has host bits set; did you mean "10.0.0.0/8"?\n'
    )


def test_a_bad_environment_value_stops_check(tmp_path, http_server, capsys, monkeypatch):
    monkeypatch.setenv("WATCHER_ALLOW_NETWORKS", "127.0.0.0/8,intranet")
    config = tmp_path / "watcher.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path}/w.db"\n'
        f'[[watch]]\nname = "T"\nurl = "{http_server.url("/terms")}"\n'
    )
    assert main(["--config", str(config), "check"], environ={}) == 2
    err = capsys.readouterr().err
    assert 'WATCHER_ALLOW_NETWORKS: "intranet" is not an IP network' in err
    assert http_server.requests == []
