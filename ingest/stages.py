"""The per-source stage choices the pipeline makes: how often, how to fetch, which parser, extract.

A source is the pydantic `ingest.sources.Source` (or any object with the same attributes):
id, kind, url, org, schedule (`.interval_s` or `.cron`), jitter_s, selectors, max_entries,
api_key_env.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import duckdb

from registry.records import Extraction, Item

log = logging.getLogger("ingest")

NEWS_KINDS = ("feed", "page")
DEFAULT_INTERVAL_S = {"feed": 3600, "page": 6 * 3600}
STRUCTURED_INTERVAL_S = 24 * 3600
DEFAULT_DEADLINE_S = 30
API_KEY_HEADERS = {"artificial-analysis": "x-api-key"}


def is_structured(source: Any) -> bool:
    return source.kind not in NEWS_KINDS


def org_of(source: Any) -> str | None:
    return getattr(source, "org", None) or getattr(source, "org_id", None)


def _schedule_value(source: Any, name: str) -> Any:
    """`source.schedule.<name>` (ingest.sources.Schedule), or a plain attribute on simple fakes."""
    schedule = getattr(source, "schedule", None)
    value = getattr(schedule, name, None) if schedule is not None else None
    return value if value is not None else getattr(source, name, None)


def cron_of(source: Any) -> str | None:
    """The cron expression of a source scheduled by cron, else None."""
    cron = _schedule_value(source, "cron")
    return cron if isinstance(cron, str) and len(cron.split()) == 5 else None


def interval_s(source: Any) -> int:
    """Seconds between checks: the configured interval, the cron's period, or the kind's default."""
    value = _schedule_value(source, "interval_s")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return int(value)
    cron = cron_of(source)
    if cron:
        return cron_period_s(cron)
    return DEFAULT_INTERVAL_S.get(source.kind, STRUCTURED_INTERVAL_S)


def cron_period_s(expression: str) -> int:
    """The gap between the next two fire times of a cron expression (for backoff and staleness)."""
    from apscheduler.triggers.cron import CronTrigger

    trigger = CronTrigger.from_crontab(expression, timezone="UTC")  # weekday numbering is irrelevant here
    first = trigger.get_next_fire_time(None, datetime.now(trigger.timezone))
    second = trigger.get_next_fire_time(first, first)
    return max(60, int((second - first).total_seconds())) if first and second else 86400


def jitter_s(source: Any) -> int | None:
    value = getattr(source, "jitter_s", None)
    return int(value) if value else None


def fetch_kind(source: Any) -> str:
    return source.kind if source.kind in NEWS_KINDS else "api"


def deadline_s(source: Any) -> float:
    """The total fetch deadline: the source's own, else $LEDGER_FETCH_DEADLINE_S, else 30 s."""
    configured = getattr(source, "deadline_s", None) or os.environ.get("LEDGER_FETCH_DEADLINE_S")
    return float(configured or DEFAULT_DEADLINE_S)


def auth_headers(source: Any) -> dict[str, str]:
    """The API key header for a structured source with `api_key_env` set (empty without a key)."""
    env = getattr(source, "api_key_env", None)
    key = os.environ.get(env) if env else None
    if not key:
        return {}
    name = API_KEY_HEADERS.get(source.kind, "Authorization")
    return {name: key if name != "Authorization" else f"Bearer {key}"}


def structured_parser(kind: str):
    """The adapter for a structured kind; a missing one is a clear error of kind `parse`."""
    from ingest.apis import parser_for
    from ingest.errors import ParseError

    try:
        return parser_for(kind)
    except KeyError as exc:
        raise ParseError("parse", str(exc).strip("'\"")) from None


def parse(source: Any, body: bytes, url: str | None, now: datetime):
    """Bytes -> list[Item] for news kinds, ParsedSource for structured ones (parsers raise `.kind`)."""
    if source.kind == "feed":
        from ingest.feeds import parse_feed

        max_entries = getattr(source, "max_entries", None)
        return parse_feed(body, source.id, now=now, **({"max_entries": max_entries} if max_entries else {}))
    if source.kind == "page":
        from ingest.pages import parse_page

        return parse_page(body, source.id, url or source.url, selectors=getattr(source, "selectors", None))
    parser = structured_parser(source.kind)
    return parser(body, source_id=source.id, source_url=url or source.url, observed_on=now.date())


def extract(con: duckdb.DuckDBPyConnection, items: Iterable[Item], *, org_id: str | None) -> dict[str, Extraction]:
    """Extraction per item; one item that breaks the extractor only loses its own events."""
    from ingest.extract import extract_item
    from ingest.model_index import ModelIndex

    index = ModelIndex.from_db(con)
    found: dict[str, Extraction] = {}
    for item in items:
        try:
            found[item.item_id] = extract_item(item, index, source_org=org_id)
        except Exception as exc:  # noqa: BLE001 - logged, the item is still stored
            log.warning("source=%s item=%s extract failed: %s: %s", item.source_id, item.item_id,
                        type(exc).__name__, exc)
    return found


_RESOLVERS: dict[int, tuple[Any, Any, float]] = {}  # id(con) -> (con, Resolver, built at)
RESOLVER_TTL_S = 600.0


def resolver_for(con: duckdb.DuckDBPyConnection):
    """The name resolver, reused across runs on one connection (building it costs ~1 s)."""
    from registry.resolve import Resolver

    hit = _RESOLVERS.get(id(con))
    if hit and hit[0] is con and time.monotonic() - hit[2] < RESOLVER_TTL_S:
        return hit[1]
    resolver = Resolver.from_db(con)
    _RESOLVERS[id(con)] = (con, resolver, time.monotonic())
    return resolver


def forget_resolver(con: duckdb.DuckDBPyConnection) -> None:
    """After a rolled-back run: the resolver's memory may hold models the rollback removed."""
    _RESOLVERS.pop(id(con), None)
