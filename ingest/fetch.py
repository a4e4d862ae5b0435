"""The one HTTP choke point: every byte Frontier Ledger reads from the network comes through `fetch`.

Per call: a total wall-clock deadline enforced on every socket read and write (a trickling server
cannot hold it), a cap on *decoded* bytes (gzip/deflate decoded here, bounded), redirects followed
by hand (at most 5) with the scheme and the destination address checked on every hop, the checked
IP pinned for the connection (DNS rebinding), conditional GET, jittered retries for 5xx and refused
connections, Retry-After read for 429/503, robots.txt for pages. No exception escapes: every
failure is a `FetchResult` with `status="error"` and one `error_kind`.

This module holds the request, redirects, retries and results; the address checks and pinned
connections are in `ingest.netguard`, the bounded body reading in `ingest.decode`, robots.txt in
`ingest.robots`.
"""
from __future__ import annotations

import email.utils
import random
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Mapping

import httpx

from ingest.decode import read_body
from ingest.netguard import (
    DeadlineBackend, FetchFailure, PinnedTransport, Resolver, Target, check_destination, is_public_address,
    parse_url, timeout_failure,
)
from ingest.robots import check_robots, clear_robots_cache

__all__ = ["ERROR_KINDS", "MAX_BYTES", "USER_AGENT", "FetchFailure", "FetchResult", "clear_robots_cache", "fetch",
           "is_public_address", "parse_retry_after"]

USER_AGENT = "FrontierLedger/0.1 (+https://github.com/frontier-ledger)"
MiB = 1 << 20
MAX_BYTES = 15 * MiB
MAX_REDIRECTS = 5
RETRY_AFTER_CAP_S = 7 * 24 * 3600
INLINE_RETRY_AFTER_MAX_S = 5.0
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


# ---- one attempt: hops, the request, the response ----------------------------------------------

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
    current, extra_headers = parse_url(url), plan.extra_headers
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
    target = check_destination(url, plan.resolver, plan.deadline_at)
    if plan.kind == "page":
        check_robots(target.url, fetch, deadline_at=plan.deadline_at, resolver=plan.resolver,
                     transport=plan.transport)
    transport = plan.transport or PinnedTransport(DeadlineBackend(plan.deadline_at, target.ip))
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
            return parse_url(str(url.join(location)))
        finally:
            response.close()


def _headers(kind: str, target: Target, extra: Mapping[str, str], validators) -> dict[str, str]:
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
        raise timeout_failure(deadline_at, exc) from exc
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
    body = read_body(response, max_bytes, deadline_at)
    if not body:
        raise FetchFailure("empty_body", f"HTTP {status} with an empty body from {url}", http_status=status)
    return FetchResult(status="fetched", body=body, etag=headers.get("etag"),
                       last_modified=headers.get("last-modified"), **common)


# ---- retries, results -----------------------------------------------------------------------------

def _retry_delay(failure: FetchFailure, attempt: int, retries: int, base_s: float) -> float | None:
    """Full-jitter backoff for retryable failures; None when this failure must not be retried in-run."""
    if not failure.retryable or attempt > retries:
        return None
    if failure.retry_after_s is not None:
        return failure.retry_after_s if failure.retry_after_s <= INLINE_RETRY_AFTER_MAX_S else None
    return random.uniform(0, min(4.0, base_s * 2 ** (attempt - 1)))


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
