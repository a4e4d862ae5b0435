"""OpenRouter `/api/v1/models` -> SourceRecords (one per OpenRouter model id, variants kept).

Accepts the raw response (`{"data": [...]}`), the bare array, and the pt-BR HTML-table scrape
(`"Model Name & ID"`, `"$0,05"` per Mtok, `"204.800"` tokens) circulating as "OpenRouter models".
API prices are USD-per-token decimal strings; `"-1"` means variable (router) pricing.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ingest.apis._common import (
    OptCount, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect,
    compact, load_json, per_token_to_mtok, prefix_org, to_number, unix_to_date,
)

PROVIDER = "openrouter"
_MAIN_PRICES = {"prompt": "input", "completion": "output", "input_cache_read": "cached_input"}


class _Architecture(BaseModel):
    model_config = ConfigDict(extra="ignore")
    modality: OptText = None
    input_modalities: list[str] = []
    output_modalities: list[str] = []
    tokenizer: OptText = None


class _TopProvider(BaseModel):
    model_config = ConfigDict(extra="ignore")
    context_length: OptCount = None
    max_completion_tokens: OptCount = None
    is_moderated: bool | None = None


class _ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Text
    name: OptText = None
    canonical_slug: OptText = None
    hugging_face_id: OptText = None
    created: OptNumber = None
    context_length: OptCount = None
    architecture: _Architecture | None = None
    pricing: dict[str, OptNumber]
    top_provider: _TopProvider | None = None
    supported_parameters: list[str] | None = None
    knowledge_cutoff: OptDate = None
    expiration_date: OptDate = None


def _ptbr_number(value: Any) -> float | None:
    """'$0,05' -> 0.05, '1.048.576' -> 1048576, '--' -> None; en-US '$0.05' still reads 0.05."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "--", "-")):
        return None
    if isinstance(value, str):
        text = value.strip().replace("$", "")
        if "," in text:  # pt-BR: dots group thousands, the comma is the decimal mark
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):
            text = text.replace(".", "")
        value = text
    return to_number(value)


PtBrNumber = Annotated[float | None, BeforeValidator(_ptbr_number)]


class _ScrapedModel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model_id: Text
    model_name: OptText = None
    company: OptText = None
    input_price: PtBrNumber = Field(None, validation_alias="Input ($/1M tokens)")
    output_price: PtBrNumber = Field(None, validation_alias="Output ($/1M tokens)")
    context: PtBrNumber = Field(None, validation_alias="Context (tokens)")
    input_modalities: list[str] = []
    supports_tools: bool | None = None


def _variant(model_id: str) -> str | None:
    """'qwen/qwen3-coder:free' -> 'free'."""
    _, sep, tail = model_id.rpartition(":")
    return tail if sep and "/" not in tail else None


def _api_record(raw: Any) -> SourceRecord:
    m = _ApiModel.model_validate(raw)
    prices: dict[str, float | None] = {}
    variable = []
    for key, label in _MAIN_PRICES.items():
        value = m.pricing.get(key)
        if value is not None and value < 0:
            variable.append(key)
            value = None
        prices[label] = per_token_to_mtok(value)
    other_prices = {k: v for k, v in m.pricing.items() if k not in _MAIN_PRICES and v is not None}
    top = m.top_provider or _TopProvider()
    arch = m.architecture or _Architecture()
    extra = compact({
        "variant": _variant(m.id),
        "is_alias": m.id.startswith("~") or None,
        "variable_pricing": variable or None,
        "other_prices_per_unit": other_prices or None,
        "modalities_in": arch.input_modalities or None,
        "modalities_out": arch.output_modalities or None,
        "tokenizer": arch.tokenizer,
        "supported_parameters": m.supported_parameters or None,
        "hugging_face_id": m.hugging_face_id,
        "canonical_slug": m.canonical_slug,
        "knowledge_cutoff": m.knowledge_cutoff,
        "top_provider_context_length": top.context_length,
        "is_moderated": top.is_moderated,
    })
    terms = {
        "provider": PROVIDER, "source_model_name": m.id,
        "input_usd_per_mtok": prices["input"], "output_usd_per_mtok": prices["output"],
        "cached_input_usd_per_mtok": prices["cached_input"],
        "context_tokens": m.context_length, "max_output_tokens": top.max_completion_tokens,
    }
    return SourceRecord(
        source_name=m.id, display_name=m.name, org_hint=prefix_org(m.id.lstrip("~")),
        provider=PROVIDER, terms=terms, released_on=unix_to_date(m.created),
        deprecated_on=m.expiration_date, extra=extra,
    )


def _scraped_record(raw: Any) -> SourceRecord:
    m = _ScrapedModel.model_validate(raw)
    terms = {
        "provider": PROVIDER, "source_model_name": m.model_id,
        "input_usd_per_mtok": m.input_price, "output_usd_per_mtok": m.output_price,
        "context_tokens": int(m.context) if m.context is not None else None,
    }
    extra = compact({
        "variant": _variant(m.model_id), "scraped_table": True, "company": m.company,
        "modalities_in": m.input_modalities or None, "supports_tools": m.supports_tools,
    })
    return SourceRecord(source_name=m.model_id, display_name=m.model_name,
                        org_hint=prefix_org(m.model_id), provider=PROVIDER, terms=terms,
                        extra=extra)


def _rows(data: Any) -> list:
    """The model list, bare or inside the API's {"data": [...]} envelope."""
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return data["data"]
    if isinstance(data, list):
        return data
    raise PayloadError("schema", 'expected a list of models or {"data": [...]}')


def _is_scraped(rows: list) -> bool:
    first = next((r for r in rows if isinstance(r, dict)), {})
    return "Model Name & ID" in first or ("model_id" in first and "id" not in first)


def _name_of(raw: Any) -> Any:
    return raw.get("id") or raw.get("model_id") if isinstance(raw, dict) else None


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse an OpenRouter models payload (API response, bare array or table scrape)."""
    rows = _rows(load_json(body))
    build = _scraped_record if _is_scraped(rows) else _api_record
    return collect(((n, _name_of(r), r) for n, r in enumerate(rows)), build, source_id, source_url)
