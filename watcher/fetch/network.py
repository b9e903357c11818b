"""Which addresses a fetch may connect to, and connecting only to those.

A watched page is untrusted: it may redirect to, or its host name may resolve to, a
loopback, private or link-local address (a database's admin page, a cloud's metadata
service at 169.254.169.254), and whatever that answers would be stored and sent to Slack.
So every connection, the first and each redirect's, is opened here: the host name is
resolved, each address is judged by the `AddressPolicy`, and the connection is made to an
allowed address itself, never to the name again (no second lookup a rebinding DNS server
could answer differently). Addresses that are not global unicast are refused unless they
lie in a network the operator allowed: `[fetch] allow_networks`, and the networks of the
environment variable WATCHER_ALLOW_NETWORKS (comma-separated CIDRs), which apply to every
fetch of the process, whatever built its settings (`watcher scan URL` has no file).

IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible
::a.b.c.d, 6to4 2002::/16, NAT64 64:ff9b::/96) are judged by the IPv4 address they carry.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import time
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import anyio
import httpcore
import httpx

from watcher.errors import ConfigError
from watcher.models import FetchSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ENVIRONMENT_VARIABLE = "WATCHER_ALLOW_NETWORKS"
SETTING = f"[fetch] allow_networks or {ENVIRONMENT_VARIABLE}"  # named in every refusal

# What `ipaddress` calls private besides these is loopback, link-local, documentation,
# benchmarking or reserved, and is refused under those names.
_PRIVATE = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # RFC 6598: carrier-grade NAT
_THIS_NETWORK = ipaddress.IPv4Network("0.0.0.0/8")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated (RFC 4291): never a real host
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, the well-known prefix


def parse_network(text: str) -> IPNetwork:
    """A network from CIDR text ("10.1.0.0/16"; a bare address is a /32 or /128).

    Raises ValueError with a reason a person can act on; host bits set ("10.1.2.3/16") are
    refused as the likely typo they are.
    """
    text = text.strip()
    try:
        return ipaddress.ip_network(text)
    except ValueError:
        pass
    try:
        loose = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError(
            f'"{text}" is not an IP network; use CIDR notation like "10.1.0.0/16" or "fd00::/8"'
        ) from None
    raise ValueError(f'"{text}" has host bits set; did you mean "{loose}"?')


def environment_networks(environ: Mapping[str, str]) -> tuple[IPNetwork, ...]:
    """The networks WATCHER_ALLOW_NETWORKS allows (comma-separated CIDRs); ConfigError if bad."""
    networks = []
    for item in environ.get(ENVIRONMENT_VARIABLE, "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(parse_network(item))
        except ValueError as exc:
            raise ConfigError("environment", ENVIRONMENT_VARIABLE, str(exc)) from None
    return tuple(networks)


def refusal(address: IPAddress) -> str | None:
    """Why `address` is not one a fetch may reach unasked ("loopback", "private"…), or None.

    Pure: the operator's allowed networks are applied by `AddressPolicy`, not here.
    """
    carried = embedded_ipv4(address)
    if carried is not None:
        reason = refusal(carried)
        if reason is not None:
            return f"{reason}, {_form(address)}"
        if address in _IPV4_COMPATIBLE:
            return "reserved (IPv4-compatible)"
        return None
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if any(address in network for network in _PRIVATE if network.version == address.version):
        return "private"
    if address.version == 4 and address in _SHARED:
        return "shared (carrier-grade NAT)"
    if address.version == 4 and address in _THIS_NETWORK:
        return "reserved (this network)"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "site-local"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "not globally routable"
    return None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64), or None."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):  # not :: or ::1
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _literal(host: str) -> ipaddress.IPv4Address | None:
    """`host` as an IPv4 address, when it is one written the dotted-quad way (IPv6 literals,
    which come in several spellings, are left to the resolver and named as it writes them)."""
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        return None
    return address if str(address) == host else None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _form(address: ipaddress.IPv6Address) -> str:
    if address.ipv4_mapped is not None:
        return "IPv4-mapped IPv6"
    if address.sixtofour is not None:
        return "6to4"
    if address in _NAT64:
        return "NAT64"
    return "IPv4-compatible IPv6"


class AddressRefused(Exception):
    """No connection to `host`: `address` (the first of its addresses) is `reason`."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        self.host = host
        self.address = address
        self.reason = reason
        super().__init__(f"{host}: {address} is {reason}")


@dataclass(frozen=True)
class AddressPolicy:
    """Global unicast addresses, and those inside `allowed`."""

    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def of(cls, settings: FetchSettings, environ: Mapping[str, str] | None = None) -> AddressPolicy:
        """The policy of a fetcher: `settings.allow_networks` and WATCHER_ALLOW_NETWORKS."""
        extra = environment_networks(os.environ if environ is None else environ)
        return cls(tuple(dict.fromkeys((*settings.allow_networks, *extra))))

    def why_refused(self, address: IPAddress) -> str | None:
        """`refusal(address)`, unless the address (or the IPv4 one it carries) is allowed."""
        reason = refusal(address)
        if reason is None or self._allows(address):
            return None
        carried = embedded_ipv4(address)
        return None if carried is not None and self._allows(carried) else reason

    def _allows(self, address: IPAddress) -> bool:
        return any(address in n for n in self.allowed if n.version == address.version)

    async def addresses(self, host: str, port: int) -> list[str]:
        """The addresses of `host` a connection may be opened to, in resolver order.

        `host` is a name or an IP literal; AddressRefused when every address is refused,
        socket.gaierror when the name does not resolve.
        """
        literal = _literal(host)
        if literal is not None:
            # An address in canonical form needs no resolver (a thread hop per connection);
            # any other spelling ("2130706433", "0x7f.1") is left to it, which reads them all.
            reason = self.why_refused(literal)
            if reason is not None:
                raise AddressRefused(host, str(literal), reason)
            return [str(literal)]
        found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        allowed: list[str] = []
        first: AddressRefused | None = None
        for *_, sockaddr in found:
            text = str(sockaddr[0])
            if text in allowed:
                continue
            reason = self.why_refused(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason is None:
                allowed.append(text)
            elif first is None:
                first = AddressRefused(text if _is_literal(host) else host, text, reason)
        if not allowed:
            if first is None:  # the resolver answered with nothing at all
                raise socket.gaierror(socket.EAI_NONAME, "no address")
            raise first
        return allowed


# --- the HTTP client's connections ---------------------------------------------------------


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to the addresses the policy allows.

    TLS is unaffected: httpcore starts it on the connected stream with the URL's host name
    for SNI and certificate checks, not the address connected to.
    """

    def __init__(self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None):
        self._policy = policy
        self._inner = inner if inner is not None else httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            with anyio.fail_after(timeout):
                addresses = await self._policy.addresses(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host}: timed out") from exc
        except OSError as exc:  # socket.gaierror: the name does not resolve
            raise httpcore.ConnectError(str(exc)) from exc
        error: Exception | None = None
        for address in addresses:  # each in turn, as a resolver-ordered fallback
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=left,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None  # `addresses` is never empty
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(policy: AddressPolicy, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport, its connections opened by a `GuardedBackend`.

    httpx takes no network backend: its connection pool is replaced by one built the same
    way (TLS verified with certifi's roots, HTTP/1.1, no proxy) with the guarded backend.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(policy),
    )
    return transport


def _ssl_context() -> ssl.SSLContext:
    """The TLS context of httpx's own transport: certifi's roots (a test trusts its own)."""
    return httpx.create_ssl_context(trust_env=False)
