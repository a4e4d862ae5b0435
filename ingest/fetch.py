"""The one HTTP choke point: every byte Frontier Ledger reads from the network comes through `fetch`.

Per call: a total wall-clock deadline enforced on every socket read and write (a trickling server
cannot hold it), a cap on *decoded* bytes (gzip/deflate decoded here, bounded), redirects followed
by hand (at most 5) with the scheme and the destination address checked on every hop, the checked
IP pinned for the connection (DNS rebinding), conditional GET, jittered retries for 5xx and refused
connections, Retry-After read for 429/503, robots.txt for pages. No exception escapes: every
failure is a `FetchResult` with `status="error"` and one `error_kind`.
"""
from __future__ import annotations

import email.utils
import ipaddress
import os
import random
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Mapping
from urllib.parse import urlsplit

import httpcore
import httpx
from protego import Protego

USER_AGENT = "FrontierLedger/0.1 (+https://github.com/frontier-ledger)"
ROBOTS_AGENT = "FrontierLedger"
MiB = 1 << 20
MAX_BYTES = 15 * MiB
MAX_REDIRECTS = 5
RETRY_AFTER_CAP_S = 7 * 24 * 3600
INLINE_RETRY_AFTER_MAX_S = 5.0
ROBOTS_TTL_S, ROBOTS_FAILURE_TTL_S = 24 * 3600, 1800
ERROR_KINDS = ("timeout", "deadline", "connect", "dns", "tls", "too_large", "blocked_destination",
               "bad_scheme", "too_many_redirects", "bad_redirect", "http_4xx", "http_5xx", "rate_limited",
               "blocked", "empty_body", "truncated", "decode", "robots_disallowed", "internal")
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
            "text/xml;q=0.9, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    "robots": "text/plain, */*;q=0.5",
}
_REDIRECTS = (301, 302, 303, 307, 308)
_NOT_PUBLIC_V6 = [ipaddress.ip_network(n) for n in ("::/96", "64:ff9b::/96", "64:ff9b:1::/48")]
Resolver = Callable[..., list]


@dataclass(frozen=True)
class FetchResult:
    """What one fetch produced: `fetched` (body set), `not_modified` (304) or `error` (error_kind set)."""

    status: str
    url: str
    final_url: str | None = None
    body: bytes | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error_kind: str | None = None
    error: str | None = None
    retry_after_s: float | None = None
    attempts: int = 1

    @property
    def is_modified(self) -> bool:
        return self.status == "fetched"


class FetchFailure(Exception):
    """Internal: one failure with its error kind; turned into a FetchResult by `fetch`."""

    def __init__(self, kind: str, message: str, *, http_status: int | None = None,
                 retry_after_s: float | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.kind, self.http_status, self.retry_after_s, self.retryable = kind, http_status, retry_after_s, retryable
        self.url: str | None = None  # the hop at which it failed


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, kind: str = "feed",
          deadline_s: float = 30.0, max_bytes: int = MAX_BYTES, read_timeout_s: float = 20.0,
          connect_timeout_s: float = 10.0, retries: int = 2, retry_base_s: float = 0.5,
          headers: Mapping[str, str] | None = None, resolver: Resolver | None = None,
          transport: httpx.BaseTransport | None = None,
          sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """GET `url` within `deadline_s` seconds in total; never raises.

    `kind` picks the Accept header and turns on robots.txt for "page"; `headers` (e.g. an API key)
    are dropped on a redirect to another origin; `resolver`, `transport` and `sleep` are for tests."""
    plan = _Plan(kind=kind, max_bytes=max_bytes, deadline_at=time.monotonic() + deadline_s,
                 resolver=resolver or socket.getaddrinfo, transport=transport, extra_headers=dict(headers or {}),
                 timeout=httpx.Timeout(connect=connect_timeout_s, read=read_timeout_s, write=read_timeout_s,
                                       pool=connect_timeout_s),
                 validators=(etag, last_modified))
    attempt = 0
    while True:
        attempt += 1
        try:
            return _finished(_follow(url, plan), url, attempt)
        except FetchFailure as failure:
            delay = _retry_delay(failure, attempt, retries, retry_base_s)
            if delay is None or time.monotonic() + delay >= plan.deadline_at:
                return _error_result(url, failure, attempt)
            sleep(delay)
        except Exception as exc:  # a bug, not a network fault; still never escapes
            return _error_result(url, FetchFailure("internal", f"{type(exc).__name__}: {exc}"), attempt)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped at 7 days."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(min(int(value), RETRY_AFTER_CAP_S))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    return float(min(max(seconds, 0.0), RETRY_AFTER_CAP_S))


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


def clear_robots_cache() -> None:
    with _ROBOTS_LOCK:
        _ROBOTS_CACHE.clear()


# ---- one attempt: hops, address checks, the request ---------------------------------------------

@dataclass(frozen=True)
class _Target:
    url: httpx.URL          # as the source named it
    pinned_url: httpx.URL   # same, with the checked IP as host
    host_header: str
    sni_hostname: str | None
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class _Plan:
    kind: str
    max_bytes: int
    deadline_at: float
    resolver: Resolver
    transport: httpx.BaseTransport | None
    extra_headers: dict[str, str]
    timeout: httpx.Timeout
    validators: tuple[str | None, str | None]


def _follow(url: str, plan: _Plan) -> FetchResult:
    """One attempt: the request and up to MAX_REDIRECTS redirects, every hop checked anew."""
    current, extra_headers = _parse_url(url), plan.extra_headers
    try:
        for hop in range(MAX_REDIRECTS + 1):
            outcome = _one_hop(current, plan, extra_headers, is_last=hop == MAX_REDIRECTS)
            if isinstance(outcome, FetchResult):
                return outcome
            if (outcome.raw_host, outcome.port, outcome.scheme) != (current.raw_host, current.port, current.scheme):
                extra_headers = {}  # credentials never follow a redirect to another origin
            current = outcome
    except FetchFailure as failure:
        failure.url = failure.url or str(current)
        raise
    raise AssertionError("unreachable")


def _one_hop(url: httpx.URL, plan: _Plan, extra_headers: dict[str, str], is_last: bool) -> FetchResult | httpx.URL:
    """Check the destination (and robots.txt for pages), send, and read; a redirect returns its target."""
    target = _check_destination(url, plan.resolver, plan.deadline_at)
    if plan.kind == "page":
        _check_robots(target.url, plan)
    transport = plan.transport or _PinnedTransport(_DeadlineBackend(plan.deadline_at, target.ip))
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False, timeout=plan.timeout) as client:
        request = client.build_request(
            "GET", target.pinned_url, headers=_headers(plan.kind, target, extra_headers, plan.validators),
            extensions={"sni_hostname": target.sni_hostname} if target.sni_hostname else {})
        response = _send(client, request, plan.deadline_at)
        try:
            status = response.status_code
            if status not in _REDIRECTS:
                return _read_response(response, url, plan.validators, plan.max_bytes, plan.deadline_at)
            location = response.headers.get("location", "").strip()
            if not location:
                raise FetchFailure("bad_redirect", f"HTTP {status} without Location", http_status=status)
            if is_last:
                raise FetchFailure("too_many_redirects", f"more than {MAX_REDIRECTS} redirects", http_status=status)
            return _parse_url(str(url.join(location)))
        finally:
            response.close()


def _parse_url(url: str) -> httpx.URL:
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


def _check_destination(url: httpx.URL, resolver: Resolver, deadline_at: float) -> _Target:
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
    return _Target(url=url, pinned_url=pinned, host_header=host_header, sni_hostname=sni, ip=ip)


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


def _headers(kind: str, target: _Target, extra: Mapping[str, str], validators) -> dict[str, str]:
    etag, last_modified = validators
    headers = {"Host": target.host_header, "User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
               "Accept": _ACCEPT.get(kind, "application/json, */*;q=0.5")}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return {**headers, **{name: value for name, value in extra.items() if name.lower() != "host"}}


def _send(client: httpx.Client, request: httpx.Request, deadline_at: float) -> httpx.Response:
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException as exc:
        raise _timeout_failure(deadline_at, exc) from exc
    except httpx.HTTPError as exc:
        is_tls = _caused_by(exc, ssl.SSLError)
        raise FetchFailure("tls" if is_tls else "connect", f"{type(exc).__name__}: {exc}",
                           retryable=not is_tls) from exc


def _read_response(response: httpx.Response, url: httpx.URL, validators, max_bytes: int,
                   deadline_at: float) -> FetchResult:
    status, headers = response.status_code, response.headers
    common = dict(url=str(url), final_url=str(url), http_status=status, content_type=headers.get("content-type"))
    if status == 304:
        return FetchResult(status="not_modified", etag=headers.get("etag") or validators[0],
                           last_modified=headers.get("last-modified") or validators[1], **common)
    if status == 429 or status >= 500:
        retry_after = parse_retry_after(headers.get("retry-after")) if status in (429, 503) else None
        kind = "rate_limited" if status == 429 else "http_5xx"
        raise FetchFailure(kind, f"HTTP {status} from {url}", http_status=status, retry_after_s=retry_after,
                           retryable=kind == "http_5xx")
    if status == 403 and headers.get("cf-mitigated", "").lower() == "challenge":
        raise FetchFailure("blocked", f"bot challenge (HTTP 403 cf-mitigated) from {url}", http_status=status)
    if status >= 400:
        raise FetchFailure("http_4xx", f"HTTP {status} from {url}", http_status=status)
    if not 200 <= status < 300:
        raise FetchFailure("bad_redirect", f"unexpected HTTP {status} from {url}", http_status=status)
    body = _read_body(response, max_bytes, deadline_at)
    if not body:
        raise FetchFailure("empty_body", f"HTTP {status} with an empty body from {url}", http_status=status)
    return FetchResult(status="fetched", body=body, etag=headers.get("etag"),
                       last_modified=headers.get("last-modified"), **common)


def _read_body(response: httpx.Response, max_bytes: int, deadline_at: float) -> bytes:
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "")
    declared_len = int(declared) if declared.strip().isdigit() else None
    if declared_len is not None and declared_len > max_bytes:
        raise FetchFailure("too_large", f"Content-Length {declared_len} exceeds the {max_bytes}-byte cap")
    decoder = _BoundedDecoder(encoding, max_bytes)
    received = 0
    try:
        for chunk in response.iter_raw():
            if time.monotonic() >= deadline_at:
                raise FetchFailure("deadline", "total deadline reached while reading the body")
            received += len(chunk)
            if received > max_bytes:
                raise FetchFailure("too_large", f"body exceeds the {max_bytes}-byte cap")
            decoder.feed(chunk)
    except httpx.TimeoutException as exc:
        raise _timeout_failure(deadline_at, exc) from exc
    except httpx.HTTPError as exc:
        raise FetchFailure("truncated", f"body cut short after {received} bytes: {exc}") from exc
    if declared_len is not None and received != declared_len and "transfer-encoding" not in response.headers:
        raise FetchFailure("truncated", f"Content-Length {declared_len} but {received} bytes received")
    return decoder.finish()


class _BoundedDecoder:
    """Decode gzip/deflate incrementally, never producing more than max_bytes (+1) of output."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        if encoding in ("", "identity"):
            self._wbits = None
        elif encoding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            self._wbits = zlib.MAX_WBITS
        else:
            raise FetchFailure("decode", f"unsupported Content-Encoding {encoding!r}")
        self._z = zlib.decompressobj(self._wbits) if self._wbits else None
        self._max, self._out, self._members, self._done = max_bytes, bytearray(), 0, False

    def feed(self, data: bytes) -> None:
        if self._z is None:
            return self._append(data)
        while data and not self._done:
            try:
                out = self._z.decompress(data, self._max - len(self._out) + 1)
            except zlib.error as exc:
                data = self._recover(data, exc)
                continue
            self._append(out)
            data = self._z.unconsumed_tail
            if self._z.eof:
                data, self._members = self._z.unused_data, self._members + 1
                self._z = zlib.decompressobj(self._wbits)

    def finish(self) -> bytes:
        if self._z is not None and not self._done:
            self._append(self._z.flush(self._max - len(self._out) + 1))
            if self._members == 0 and not self._z.eof:
                raise FetchFailure("truncated", "compressed body ended early")
        return bytes(self._out)

    def _recover(self, data: bytes, exc: zlib.error) -> bytes:
        if self._members > 0:  # trailing garbage after a complete member: ignore it, as browsers do
            self._done = True
            return b""
        if self._wbits == zlib.MAX_WBITS and not self._out:  # "deflate" sent without the zlib header
            self._wbits = -zlib.MAX_WBITS
            self._z = zlib.decompressobj(self._wbits)
            return data
        raise FetchFailure("decode", f"corrupt compressed body: {exc}")

    def _append(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self._max:
            raise FetchFailure("too_large", f"decoded body exceeds the {self._max}-byte cap")


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


class _DeadlineBackend(httpcore.NetworkBackend):
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


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool swapped for one on `_DeadlineBackend` (httpx 0.28)."""

    def __init__(self, backend: _DeadlineBackend) -> None:
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


# ---- robots.txt, retries, results -------------------------------------------------------------------

_ROBOTS_CACHE: dict[str, tuple[float, Protego | None, str | None]] = {}  # origin -> (at, rules, refusal)
_ROBOTS_LOCK = threading.Lock()


def _check_robots(url: httpx.URL, plan: _Plan) -> None:
    """RFC 9309: rules from robots.txt; 4xx -> allow all; 5xx or unreachable -> disallow all. Cached per origin."""
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    with _ROBOTS_LOCK:
        cached = _ROBOTS_CACHE.get(origin)
    if cached is None or time.monotonic() - cached[0] > (ROBOTS_FAILURE_TTL_S if cached[2] else ROBOTS_TTL_S):
        result = fetch(f"{origin}/robots.txt", kind="robots", max_bytes=512 * 1024, retries=0,
                       deadline_s=max(0.1, min(10.0, plan.deadline_at - time.monotonic())),
                       resolver=plan.resolver, transport=plan.transport)
        rules = Protego.parse(result.body.decode("utf-8", "replace")) if result.status == "fetched" else None
        refusal = None
        if result.status != "fetched" and result.error_kind not in ("http_4xx", "empty_body"):
            refusal = f"robots.txt unavailable ({result.error_kind}: {result.error}), so disallowed"
        cached = (time.monotonic(), rules, refusal)
        with _ROBOTS_LOCK:
            _ROBOTS_CACHE[origin] = cached
    _, rules, refusal = cached
    if refusal:
        raise FetchFailure("robots_disallowed", refusal)
    if rules is not None and not rules.can_fetch(str(url), ROBOTS_AGENT):
        raise FetchFailure("robots_disallowed", f"robots.txt disallows {url}")


def _retry_delay(failure: FetchFailure, attempt: int, retries: int, base_s: float) -> float | None:
    """Full-jitter backoff for retryable failures; None when this failure must not be retried in-run."""
    if not failure.retryable or attempt > retries:
        return None
    if failure.retry_after_s is not None:
        return failure.retry_after_s if failure.retry_after_s <= INLINE_RETRY_AFTER_MAX_S else None
    return random.uniform(0, min(4.0, base_s * 2 ** (attempt - 1)))


def _timeout_failure(deadline_at: float, exc: Exception) -> FetchFailure:
    if time.monotonic() >= deadline_at - 0.05:
        return FetchFailure("deadline", "total deadline reached")
    return FetchFailure("timeout", f"{type(exc).__name__}: {exc or 'timed out'}")


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kind):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _finished(result: FetchResult, url: str, attempt: int) -> FetchResult:
    return FetchResult(**{**result.__dict__, "url": url, "attempts": attempt})


def _error_result(url: str, failure: FetchFailure, attempt: int) -> FetchResult:
    return FetchResult(status="error", url=url, final_url=failure.url, error_kind=failure.kind, error=str(failure)[:500],
                       http_status=failure.http_status, retry_after_s=failure.retry_after_s, attempts=attempt)
