"""The Relay: a SOCKS5 proxy on 127.0.0.1 through which Chromium opens every connection.

Chromium resolves names and connects by itself, so a page could reach any address: its
scripts, images, frames, redirects and WebSockets, and a host name that resolves to a public
address for a check and to 127.0.0.1 for the connection. Pointed at this relay
(`--proxy-server=socks5://…`, with loopback proxied too), Chromium hands every connection
over with the host name unresolved, and the relay opens it as the HTTP client does: to an
address the `AddressPolicy` allows, resolved once, here. A refused connection gets the SOCKS
answer "not allowed by ruleset", which Chromium reports as a failed request.

Chromium says only that the proxy failed (net::ERR_SOCKS_CONNECTION_FAILED); the relay keeps
the last failure per host and port, so that the Browser can tell a refused address from a
refused connection or a timeout when the page's own navigation fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import struct
import time
from collections import OrderedDict
from urllib.parse import urlsplit

from watcher.fetch.network import AddressPolicy, AddressRefused

log = logging.getLogger(__name__)

SOCKS_VERSION = 5
NO_AUTHENTICATION, NO_ACCEPTABLE_METHOD = 0x00, 0xFF
CONNECT = 0x01
IPV4, DOMAIN, IPV6 = 0x01, 0x03, 0x04
# Reply codes (RFC 1928 §6).
SUCCEEDED = 0x00
GENERAL_FAILURE = 0x01
NOT_ALLOWED = 0x02
HOST_UNREACHABLE = 0x04
CONNECTION_REFUSED = 0x05
COMMAND_NOT_SUPPORTED = 0x07
ADDRESS_TYPE_NOT_SUPPORTED = 0x08

CHUNK = 64 * 1024
KEPT_FAILURES = 256  # hosts whose last failure is remembered: a page asks for a few dozen


class Relay:
    """A SOCKS5 server (CONNECT, no authentication) on 127.0.0.1 that connects only to the
    addresses `policy` allows; `start()` it, give Chromium `url`, `aclose()` it."""

    def __init__(self, policy: AddressPolicy, *, connect_timeout: float) -> None:
        self._policy = policy
        self._timeout = connect_timeout
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        # (host, port) → (when, the exception); the last attempt only: a success clears it.
        self._failures: OrderedDict[tuple[str, int], tuple[float, BaseException]] = OrderedDict()
        self.url = ""

    async def start(self) -> str:
        """Listen on an ephemeral port of 127.0.0.1; the proxy URL for Chromium."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"socks5://127.0.0.1:{port}"
        return self.url

    async def aclose(self) -> None:
        """Stop listening and cut every relayed connection."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if server is not None:
            await server.wait_closed()

    def failure(self, url: str, since: float) -> BaseException | None:
        """Why the last connection to `url`'s host and port failed, if it did after `since`
        (`time.monotonic()`): AddressRefused, TimeoutError or an OSError."""
        parts = urlsplit(url)
        default = 443 if parts.scheme == "https" else 80
        try:
            port = parts.port or default
        except ValueError:
            return None
        found = self._failures.get(_key(parts.hostname or "", port))
        if found is None or found[0] < since:
            return None
        return found[1]

    # --- one connection -----------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        upstream: asyncio.StreamWriter | None = None
        try:
            try:
                async with asyncio.timeout(self._timeout):
                    target = await _handshake(reader, writer)
                if target is None:
                    return
                up_reader, upstream = await self._connect(writer, *target)
            except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                return  # a client that went silent or away before the connection was made
            if up_reader is None or upstream is None:
                return
            await _relay(reader, writer, up_reader, upstream)
        finally:
            self._tasks.discard(task)
            for w in (upstream, writer):
                if w is not None:
                    w.close()

    async def _connect(
        self, writer: asyncio.StreamWriter, host: str, port: int
    ) -> tuple[asyncio.StreamReader | None, asyncio.StreamWriter | None]:
        """Open the connection Chromium asked for, answering it; (None, None) on failure."""
        key = _key(host, port)
        try:
            async with asyncio.timeout(self._timeout):
                up_reader, upstream = await self._open(host, port)
        except (AddressRefused, OSError, TimeoutError) as exc:
            self._remember(key, exc)
            if isinstance(exc, AddressRefused):
                log.info(
                    "refused a connection to %s port %d: %s is %s",
                    host,
                    port,
                    exc.address,
                    exc.reason,
                )
            await _reply(writer, _reply_code(exc))
            return None, None
        self._failures.pop(key, None)
        await _reply(writer, SUCCEEDED)
        return up_reader, upstream

    async def _open(
        self, host: str, port: int
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to the first of `host`'s allowed addresses that accepts one."""
        error: OSError | None = None
        for address in await self._policy.addresses(host, port):
            try:
                return await asyncio.open_connection(address, port)
            except OSError as exc:
                error = exc
        assert error is not None  # `addresses` is never empty
        raise error

    def _remember(self, key: tuple[str, int], exc: BaseException) -> None:
        self._failures.pop(key, None)
        self._failures[key] = (time.monotonic(), exc)
        while len(self._failures) > KEPT_FAILURES:
            self._failures.popitem(last=False)


async def _handshake(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> tuple[str, int] | None:
    """The SOCKS5 greeting and request (RFC 1928): the host and port asked for, or None
    after answering a request this relay does not serve."""
    version, count = await reader.readexactly(2)
    methods = await reader.readexactly(count)
    if version != SOCKS_VERSION or NO_AUTHENTICATION not in methods:
        writer.write(bytes((SOCKS_VERSION, NO_ACCEPTABLE_METHOD)))
        await writer.drain()
        return None
    writer.write(bytes((SOCKS_VERSION, NO_AUTHENTICATION)))
    await writer.drain()
    version, command, _, kind = await reader.readexactly(4)
    if kind == IPV4:
        host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
    elif kind == IPV6:
        host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
    elif kind == DOMAIN:
        (length,) = await reader.readexactly(1)
        host = (await reader.readexactly(length)).decode("ascii", "replace")
    else:
        await _reply(writer, ADDRESS_TYPE_NOT_SUPPORTED)
        return None
    (port,) = struct.unpack("!H", await reader.readexactly(2))
    if version != SOCKS_VERSION or command != CONNECT:
        await _reply(writer, COMMAND_NOT_SUPPORTED)
        return None
    return host, port


async def _reply(writer: asyncio.StreamWriter, code: int) -> None:
    # The bound address is of no use to Chromium: 0.0.0.0:0.
    writer.write(bytes((SOCKS_VERSION, code, 0, IPV4, 0, 0, 0, 0, 0, 0)))
    await writer.drain()


def _reply_code(exc: BaseException) -> int:
    if isinstance(exc, AddressRefused):
        return NOT_ALLOWED
    if isinstance(exc, ConnectionRefusedError):
        return CONNECTION_REFUSED
    if isinstance(exc, socket.gaierror | TimeoutError):
        return HOST_UNREACHABLE
    return GENERAL_FAILURE


async def _relay(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader,
    upstream: asyncio.StreamWriter,
) -> None:
    """Copy bytes both ways until either side is done; then the connection is over."""
    pumps = [
        asyncio.create_task(_pump(reader, upstream)),
        asyncio.create_task(_pump(up_reader, writer)),
    ]
    try:
        await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for pump in pumps:
            pump.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)


async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await source.read(CHUNK):
            sink.write(data)
            await sink.drain()


def _key(host: str, port: int) -> tuple[str, int]:
    """A host as both Chromium's request and a URL may spell it: IPs in canonical form."""
    host = host.strip("[]").rstrip(".").lower()
    with contextlib.suppress(ValueError):
        host = str(ipaddress.ip_address(host))
    return host, port
