"""Pure rules, no I/O: is an item new, changed or unchanged; when is a source checked next.

Modelled on lemon24/reader's Decider and miniflux's feed scheduling:

- items: compared by `item_id` against what is stored (content hash, revision). A changed hash
  makes a new revision; nothing is deleted. Hash-only churn is capped at MAX_REVISIONS.
- schedule: after a success the next check is one interval away and the error count resets; after
  an error it is an exponential backoff with full jitter (capped, never disabled); a Retry-After
  from the server is honoured, capped at seven days.
- staleness: a source with no success in 2x its interval is stale.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from registry.records import Item

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
MAX_REVISIONS = 24                 # RELIABILITY C6: content churn stops making revisions here
BACKOFF_BASE_S = 15 * 60           # first retry after an error, at most (or the interval if shorter)
BACKOFF_CAP_S = 24 * 3600          # backoff ceiling (F8)
RETRY_AFTER_CAP_S = 7 * 24 * 3600  # a server's Retry-After is honoured up to this (A6)
MIN_DELAY_S = 60                   # full jitter never retries sooner than this
STALE_FACTOR = 2


@dataclass(frozen=True)
class Stored:
    """What the database holds for one item."""

    content_hash: str
    revision: int
    known_hashes: frozenset[str] = frozenset()  # every hash any revision has had


@dataclass(frozen=True)
class ItemDecision:
    item: Item
    action: str     # new | changed | unchanged
    revision: int   # the revision the item has after this run


def decide_items(
    stored: Mapping[str, Stored], items: Iterable[Item], *, replay: bool = False
) -> list[ItemDecision]:
    """Classify parsed items against the stored ones. A repeated item_id keeps its first entry.

    When replaying archived payloads (possibly older than what is stored), content that any
    earlier revision already had is not a change.
    """
    decisions: list[ItemDecision] = []
    seen: set[str] = set()
    for item in items:
        if item.item_id in seen:
            continue
        seen.add(item.item_id)
        before = stored.get(item.item_id)
        if before is None:
            decisions.append(ItemDecision(item, NEW, 1))
        elif (
            before.content_hash == item.content_hash
            or before.revision >= MAX_REVISIONS
            or (replay and item.content_hash in before.known_hashes)
        ):
            decisions.append(ItemDecision(item, UNCHANGED, before.revision))
        else:
            decisions.append(ItemDecision(item, CHANGED, before.revision + 1))
    return decisions


def count(decisions: Iterable[ItemDecision]) -> dict[str, int]:
    totals = {NEW: 0, CHANGED: 0, UNCHANGED: 0}
    for decision in decisions:
        totals[decision.action] += 1
    return totals


def backoff_ceiling_s(error_count: int, interval_s: float) -> float:
    """The upper bound of the delay after `error_count` consecutive errors (>= 1)."""
    base = min(float(interval_s), BACKOFF_BASE_S) if interval_s > 0 else BACKOFF_BASE_S
    exponent = min(max(error_count, 1) - 1, 32)
    return min(BACKOFF_CAP_S, base * 2**exponent)


def next_check_at(
    now: datetime,
    interval_s: float,
    *,
    error_count: int = 0,
    retry_after_s: float | None = None,
    uniform: Callable[[float, float], float] = random.uniform,
) -> datetime:
    """When to check a source next, given its error count after this run (0 = it succeeded)."""
    if error_count <= 0:
        delay = float(interval_s)
    else:
        ceiling = backoff_ceiling_s(error_count, interval_s)
        delay = max(min(MIN_DELAY_S, ceiling), uniform(0.0, ceiling))
    if retry_after_s is not None and retry_after_s > 0:
        delay = max(delay, min(float(retry_after_s), RETRY_AFTER_CAP_S))
    return now + timedelta(seconds=delay)


def is_due(next_check: datetime | None, now: datetime) -> bool:
    return next_check is None or now >= next_check


def is_stale(
    last_ok_at: datetime | None,
    interval_s: float | None,
    now: datetime,
    *,
    last_run_at: datetime | None = None,
) -> bool:
    """No success in STALE_FACTOR x the interval; a source tried but never successful is stale."""
    if last_ok_at is None:
        return last_run_at is not None
    if not interval_s:
        return False
    return now - last_ok_at > timedelta(seconds=STALE_FACTOR * float(interval_s))
