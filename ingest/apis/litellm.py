"""LiteLLM `model_prices_and_context_window.json` -> SourceRecords for text-generation models.

Keys are kept exactly (provider and region prefixes such as `bedrock/`, `us.` stay in the name);
the serving provider is `litellm_provider`. Only `chat`, `completion` and `responses` modes become
records; other modes (embedding, image, audio, rerank, ...) and non-model keys are skipped silently.
Costs are USD per token and are converted to USD per million tokens.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    OptCount, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect,
    compact, load_json, per_token_to_mtok, to_date,
)

TEXT_MODES = ("chat", "completion", "responses")
NON_MODEL_KEYS = ("sample_spec", "fallback_generalizations", "last_updated")
# Variant prices kept in extra: context tiers, service tiers and batch/flex discounts.
_TIERED_COST = re.compile(r"^(input_cost_per_token|output_cost_per_token"
                          r"|cache_read_input_token_cost"
                          r"|cache_creation_input_token_cost)_(above_\w+|priority|batches|flex)$")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="allow")
    litellm_provider: Text
    mode: Text
    input_cost_per_token: OptNumber = None
    output_cost_per_token: OptNumber = None
    cache_read_input_token_cost: OptNumber = None
    cache_creation_input_token_cost: OptNumber = None
    output_cost_per_reasoning_token: OptNumber = None
    max_input_tokens: OptCount = None
    max_output_tokens: OptCount = None
    max_tokens: OptCount = None
    deprecation_date: OptDate = None
    supported_modalities: list[str] | None = None
    supported_output_modalities: list[str] | None = None
    source: OptText = None


def _extras(entry: _Entry) -> dict:
    """Capabilities, tiered prices and limits that have no Terms column."""
    fields = entry.model_extra or {}
    capabilities = sorted(k.removeprefix("supports_") for k, v in fields.items()
                          if k.startswith("supports_") and v is True)
    tiered = {}
    for key, value in fields.items():
        if _TIERED_COST.match(key):
            try:
                price = per_token_to_mtok(value)
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from None
            tiered[re.sub(r"cost_per_token|token_cost", "usd_per_mtok", key)] = price
    return compact({
        "mode": entry.mode,
        "capabilities": capabilities or None,
        "tiered_prices_usd_per_mtok": tiered or None,
        "cache_write_usd_per_mtok": per_token_to_mtok(entry.cache_creation_input_token_cost),
        "reasoning_output_usd_per_mtok": per_token_to_mtok(entry.output_cost_per_reasoning_token),
        "max_tokens_legacy": entry.max_tokens,
        "modalities_in": entry.supported_modalities,
        "modalities_out": entry.supported_output_modalities,
        "tiered_pricing_usd_per_token": fields.get("tiered_pricing"),
        "rpm": fields.get("rpm"),
        "tpm": fields.get("tpm"),
        "pricing_source": entry.source,
    })


def _record(name: str, raw: Any) -> SourceRecord | None:
    if not isinstance(raw, dict):
        raise ValueError("record: expected an object")
    if raw.get("mode") not in TEXT_MODES:
        if raw.get("mode") is None or isinstance(raw.get("mode"), str):
            return None  # embeddings, images, audio, pricing tiers without a mode...
    entry = _Entry.model_validate(raw)
    context = entry.max_input_tokens
    max_output = entry.max_output_tokens
    rate_limits = None
    if raw.get("rpm") is not None or raw.get("tpm") is not None:
        rate_limits = f"rpm {raw.get('rpm')}, tpm {raw.get('tpm')}"
    terms = {
        "provider": entry.litellm_provider, "source_model_name": name,
        "input_usd_per_mtok": per_token_to_mtok(entry.input_cost_per_token),
        "output_usd_per_mtok": per_token_to_mtok(entry.output_cost_per_token),
        "cached_input_usd_per_mtok": per_token_to_mtok(entry.cache_read_input_token_cost),
        "context_tokens": context, "max_output_tokens": max_output, "rate_limits": rate_limits,
    }
    return SourceRecord(source_name=name, provider=entry.litellm_provider, terms=terms,
                        deprecated_on=entry.deprecation_date, extra=_extras(entry))


def _as_of(data: dict) -> date | None:
    try:
        return to_date(data.get("last_updated"))
    except ValueError:
        return None


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse a LiteLLM price map (object keyed by model name)."""
    data = load_json(body)
    if not isinstance(data, dict):
        raise PayloadError("schema", "expected an object keyed by model name")
    rows = ((n, name, raw) for n, (name, raw) in enumerate(data.items())
            if name not in NON_MODEL_KEYS)
    return collect(((n, name, (name, raw)) for n, name, raw in rows),
                   lambda pair: _record(*pair), source_id, source_url, as_of=_as_of(data))
