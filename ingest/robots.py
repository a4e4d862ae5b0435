"""robots.txt for page fetches (RFC 9309), fetched through the hardened `fetch` and cached per origin.

Rules from robots.txt apply; a 4xx (or an empty file) allows all; a 5xx or an unreachable file
disallows all, and that refusal is re-checked sooner (ROBOTS_FAILURE_TTL_S) than rules are. `fetch`
is handed in by the caller, so this module does not import `ingest.fetch` (which imports it).
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

import httpx
from protego import Protego

from ingest.netguard import FetchFailure, Resolver

ROBOTS_AGENT = "FrontierLedger"
ROBOTS_TTL_S, ROBOTS_FAILURE_TTL_S = 24 * 3600, 1800

_ROBOTS_CACHE: dict[str, tuple[float, Protego | None, str | None]] = {}  # origin -> (at, rules, refusal)
_ROBOTS_LOCK = threading.Lock()


def clear_robots_cache() -> None:
    with _ROBOTS_LOCK:
        _ROBOTS_CACHE.clear()


def check_robots(url: httpx.URL, fetch: Callable[..., Any], *, deadline_at: float, resolver: Resolver,
                 transport: httpx.BaseTransport | None) -> None:
    """Raise FetchFailure("robots_disallowed") unless robots.txt lets ROBOTS_AGENT fetch `url`."""
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    with _ROBOTS_LOCK:
        cached = _ROBOTS_CACHE.get(origin)
    if cached is None or time.monotonic() - cached[0] > (ROBOTS_FAILURE_TTL_S if cached[2] else ROBOTS_TTL_S):
        result = fetch(f"{origin}/robots.txt", kind="robots", max_bytes=512 * 1024, retries=0,
                       deadline_s=max(0.1, min(10.0, deadline_at - time.monotonic())),
                       resolver=resolver, transport=transport)
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
