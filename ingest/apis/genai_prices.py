"""pydantic/genai-prices -> one SourceRecord per (provider, model, price period).

Reads the built `data.json` (v1 or v2: a list of providers) and the hand-edited provider YAML
(one provider). `prices` is one price object or a list of `{constraint?, prices}` blocks: the
first block has no constraint and runs until the next block's `constraint.start_date`; a
`start_time`/`end_time` constraint is a daily window, kept in extra (no dates). Prices are USD
per million tokens already; a tiered price `{base, tiers: [{start, price}]}` gives its base to
the terms and its tiers to extra. Start dates may be in the future (announced price changes).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    OptCount, OptDate, OptText, ParsedSource, PayloadError, SourceRecord, Text, build_all,
    compact, finish, load_json, load_yaml, to_date, to_number,
)

_TERMS_FIELDS = {"input_mtok": "input_usd_per_mtok", "output_mtok": "output_usd_per_mtok",
                 "cache_read_mtok": "cached_input_usd_per_mtok"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Text
    name: OptText = None
    context_window: OptCount = None
    prices: dict | list
    match: dict | None = None
    deprecated: bool | None = None
    prices_checked: OptDate = None
    price_comments: OptText = None


def _price(key: str, value: Any) -> tuple[float | None, list | None]:
    """A flat or tiered price -> (base, tiers)."""
    if isinstance(value, dict):
        if "base" not in value:
            raise ValueError(f"prices.{key}: tiered price without base")
        tiers = value.get("tiers") or []
        if not isinstance(tiers, list):
            raise ValueError(f"prices.{key}: tiers is not a list")
        return to_number(value["base"]), [
            {"start_tokens": to_number(t["start"]), "usd_per_mtok": to_number(t["price"])}
            for t in tiers]
    try:
        return to_number(value), None
    except ValueError as exc:
        raise ValueError(f"prices.{key}: {exc}") from None


def _exact_names(match: Any) -> list[str]:
    """All `equals` strings in a match rule tree (aliases the source knows for the model)."""
    if isinstance(match, dict):
        found = [match["equals"]] if isinstance(match.get("equals"), str) else []
        for key in ("or", "and"):
            for rule in match.get(key) or []:
                found += _exact_names(rule)
        return found
    return []


def _blocks(prices: dict | list) -> list[tuple[dict, dict]]:
    """(constraint, prices) pairs in source order."""
    if isinstance(prices, dict):
        return [({}, prices)]
    blocks = []
    for block in prices:
        if not isinstance(block, dict) or not isinstance(block.get("prices"), dict):
            raise ValueError("prices: block without a prices object")
        constraint = block.get("constraint") or {}
        if not isinstance(constraint, dict):
            raise ValueError("prices.constraint: not an object")
        blocks.append((constraint, block["prices"]))
    return blocks


def _records(provider: str, raw: Any) -> list[SourceRecord]:
    model = _Model.model_validate(raw)
    blocks = _blocks(model.prices)
    starts = [to_date(c.get("start_date")) for c, _ in blocks]
    records = []
    for i, (constraint, prices) in enumerate(blocks):
        terms = {"provider": provider, "context_tokens": model.context_window}
        tiers, other = {}, {}
        for key, value in prices.items():
            base, tier_list = _price(key, value)
            if key in _TERMS_FIELDS:
                terms[_TERMS_FIELDS[key]] = base
            else:
                other[key] = base
            if tier_list:
                tiers[key] = tier_list
        later = [d for d in starts[i + 1:] if d is not None]
        window = (f"{constraint.get('start_time')}-{constraint.get('end_time')}"
                  if constraint.get("start_time") else None)
        extra = compact({
            "valid_from": starts[i], "valid_to": later[0] if later and not window else None,
            "daily_window": window, "price_block": i if len(blocks) > 1 else None,
            "price_tiers": tiers or None, "other_prices": other or None,
            "match_equals": _exact_names(model.match) or None, "match": model.match,
            "deprecated": model.deprecated, "prices_checked": model.prices_checked,
            "price_comments": model.price_comments,
        })
        records.append(SourceRecord(source_name=model.id, display_name=model.name,
                                    provider=provider, terms=terms, extra=extra))
    return records


def _providers(data: Any) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("models"), list):
        return [data]  # one provider YAML
    if isinstance(data, dict) and isinstance(data.get("providers"), list):
        data = data["providers"]
    if isinstance(data, list) and all(isinstance(p, dict) for p in data):
        return data
    raise PayloadError("schema", "expected a list of providers or one provider with models")


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse data.json (JSON) or a provider file (YAML); record n counts models in file order."""
    data = load_json(body) if body.lstrip()[:1] in (b"[", b"{") else load_yaml(body)
    records, errors, offset = [], [], 0
    for provider in _providers(data):
        models = provider.get("models")
        pid = provider.get("id")
        if not isinstance(pid, str) or not isinstance(models, list):
            errors.append(f"{source_id} provider {pid!r}: id or models missing")
            continue
        rows = ((offset + n, m.get("id") if isinstance(m, dict) else None, m)
                for n, m in enumerate(models))
        built, failed = build_all(rows, lambda m, p=pid: _records(p, m), source_id, source_url)
        records += built
        errors += failed
        offset += len(models)
    return finish(records, errors, source_id)
