"""Where `fetch` may connect: address classification, host parsing, DNS with a deadline, pinned connections.

A destination is parsed (including inet_aton's numeric host forms), resolved within the total
deadline, and refused unless every address is public (or the host is in LEDGER_ALLOW_HOSTS). The
checked IP is then pinned: `PinnedTransport` connects to that address and no other, with every
socket read and write bounded by the deadline. `FetchFailure` lives here, the bottom layer, so the
decoder, robots.txt and `fetch` all raise the same error.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import httpcore
import httpx

_NOT_PUBLIC_V6 = [ipaddress.ip_network(n) for n in ("::/96", "64:ff9b::/96", "64:ff9b:1::/48")]
Resolver = Callable[..., list]


class FetchFailure(Exception):
    """Internal: one failure with its error kind; turned into a FetchResult by `fetch`."""

    def __init__(self, kind: str, message: str, *, http_status: int | None = None,
                 retry_after_s: float | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.kind, self.http_status, self.retry_after_s, self.retryable = kind, http_status, retry_after_s, retryable
        self.url: str | None = None  # the hop at which it failed


def timeout_failure(deadline_at: float, exc: Exception) -> FetchFailure:
    """A timeout near the total deadline is "deadline"; any earlier one is a plain "timeout"."""
    if time.monotonic() >= deadline_at - 0.05:
        return FetchFailure("deadline", "total deadline reached")
    return FetchFailure("timeout", f"{type(exc).__name__}: {exc or 'timed out'}")


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses (IPv4 embedded in IPv6 judged strictly)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped or ip.teredo or any(ip in net for net in _NOT_PUBLIC_V6) or ip.is_site_local:
            return False
        if ip.sixtofour is not None and not is_public_address(ip.sixtofour):
            return False
    if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified):
        return False
    return ip.is_global


# ---- parsing and checking one destination ---------------------------------------------------------

@dataclass(frozen=True)
class Target:
    url: httpx.URL          # as the source named it
    pinned_url: httpx.URL   # same, with the checked IP as host
    host_header: str
    sni_hostname: str | None
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_url(url: str) -> httpx.URL:
    """An http(s) URL with a host, or a FetchFailure (numeric hosts httpx rejects are refused as such)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        if _ip_literal(_loose_host(url)) is not None:  # e.g. 0177.0.0.1, which httpx will not parse
            raise FetchFailure("blocked_destination", f"numeric host in {url!r} refused") from exc
        raise FetchFailure("bad_scheme", f"not a usable URL: {url!r} ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchFailure("bad_scheme", f"scheme {parsed.scheme or '(none)'!r} refused (http/https only): {url}")
    if not parsed.raw_host:
        raise FetchFailure("bad_scheme", f"URL without a host: {url}")
    return parsed


def check_destination(url: httpx.URL, resolver: Resolver, deadline_at: float) -> Target:
    """Resolve the host and refuse it unless every address is public or allowlisted; pin the first."""
    host = url.raw_host.decode("ascii").rstrip(".").lower()
    port = url.port or (443 if url.scheme == "https" else 80)
    literal = _ip_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = _resolve_within(resolver, host, port, deadline_at)
            addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
        except (OSError, UnicodeError, ValueError, IndexError) as exc:
            raise FetchFailure("dns", f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise FetchFailure("dns", f"{host} resolved to no address")
    if not _is_allowlisted(host, port):
        refused = [ip for ip in addresses if not is_public_address(ip)]
        if refused:
            raise FetchFailure("blocked_destination", f"{host} is (or resolves to) non-public address {refused[0]}")
    ip = sorted(addresses, key=lambda a: a.version)[0]
    host_header = url.netloc.decode("ascii")
    pinned = url.copy_with(host=str(ip), fragment=None, username=None, password=None)
    sni = None if literal is not None or url.scheme != "https" else host
    return Target(url=url, pinned_url=pinned, host_header=host_header, sni_hostname=sni, ip=ip)


def _resolve_within(resolver: Resolver, host: str, port: int, deadline_at: float) -> list:
    """getaddrinfo has no timeout of its own: run it in a daemon thread and stop waiting at the deadline."""
    outcome: dict = {}

    def resolve() -> None:
        try:
            outcome["infos"] = resolver(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=resolve, name=f"fetch-dns-{host}", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline_at - time.monotonic()))
    if worker.is_alive():
        raise FetchFailure("deadline", f"total deadline reached while resolving {host}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["infos"]


def _loose_host(url) -> str:
    try:
        return (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    except ValueError:
        return ""


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address written as the host, including inet_aton's odd forms (2130706433, 0x7f000001, 127.1)."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host) and any(c.isdigit() for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _is_allowlisted(host: str, port: int) -> bool:
    entries = {e.strip().lower() for e in os.environ.get("LEDGER_ALLOW_HOSTS", "").split(",") if e.strip()}
    return bool(entries & {host, f"[{host}]", f"{host}:{port}", f"[{host}]:{port}"})


# ---- deadline-enforcing, IP-pinned connections ----------------------------------------------------

class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline_at: float) -> None:
        self._inner, self._deadline_at = inner, deadline_at

    def _bound(self, timeout: float | None, error: type[Exception]) -> float:
        remaining = self._deadline_at - time.monotonic()
        if remaining <= 0:
            raise error("total deadline reached")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._bound(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline_at)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Connects only to the address that passed the check, with every I/O bounded by the deadline."""

    def __init__(self, deadline_at: float, pinned_ip) -> None:
        self._inner, self._deadline_at, self._pinned_ip = httpcore.SyncBackend(), deadline_at, pinned_ip

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if _ip_literal(host) != self._pinned_ip:
            raise FetchFailure("blocked_destination", f"connection to unchecked host {host} refused")
        remaining = self._deadline_at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("total deadline reached")
        bounded = remaining if timeout is None else min(timeout, remaining)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline_at)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise FetchFailure("blocked_destination", "unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool swapped for one on `DeadlineBackend` (httpx 0.28)."""

    def __init__(self, backend: DeadlineBackend) -> None:
        context = _ssl_context()
        super().__init__(verify=context, trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(ssl_context=context, network_backend=backend, retries=0,
                                             max_connections=2, http1=True, http2=False)


_SSL_CONTEXT: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        _SSL_CONTEXT = httpx.create_ssl_context(trust_env=False)
    return _SSL_CONTEXT
