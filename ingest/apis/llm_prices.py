"""simonw/llm-prices vendor files (`data/<vendor>.json`) -> one SourceRecord per price period.

`{vendor, models: [{id, name, price_history: [{input, output, input_cached, from_date,
to_date}]}]}`, USD per million tokens; `null` dates are open-ended. Also accepts a list of such
vendor objects (e.g. several files bundled). The vendor is both the provider and the org hint.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, build_all,
    compact, finish, load_json,
)


class _Period(BaseModel):
    model_config = ConfigDict(extra="ignore")
    input: OptNumber
    output: OptNumber
    input_cached: OptNumber = None
    from_date: OptDate = None
    to_date: OptDate = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Text
    name: OptText = None
    price_history: list[_Period]


def _records(vendor: str, raw: Any) -> list[SourceRecord]:
    model = _Model.model_validate(raw)
    if not model.price_history:
        raise ValueError("price_history: empty")
    records = []
    for i, period in enumerate(model.price_history):
        if period.from_date and period.to_date and period.to_date < period.from_date:
            raise ValueError(f"price_history.{i}: to_date {period.to_date} before from_date")
        terms = {"provider": vendor, "input_usd_per_mtok": period.input,
                 "output_usd_per_mtok": period.output,
                 "cached_input_usd_per_mtok": period.input_cached}
        extra = compact({"valid_from": period.from_date, "valid_to": period.to_date,
                         "price_period": i if len(model.price_history) > 1 else None})
        records.append(SourceRecord(source_name=model.id, display_name=model.name,
                                    org_hint=vendor, provider=vendor, terms=terms, extra=extra))
    return records


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse one vendor file (or a list of them); record n counts models in file order."""
    data = load_json(body)
    vendors = data if isinstance(data, list) else [data]
    records, errors, offset = [], [], 0
    for vendor in vendors:
        if not isinstance(vendor, dict) or not isinstance(vendor.get("models"), list) \
                or not isinstance(vendor.get("vendor"), str):
            raise PayloadError("schema", "expected {vendor: str, models: [...]}")
        models = vendor["models"]
        rows = ((offset + n, m.get("id") if isinstance(m, dict) else None, m)
                for n, m in enumerate(models))
        built, failed = build_all(rows, lambda m, v=vendor["vendor"]: _records(v, m), source_id,
                                  source_url)
        records += built
        errors += failed
        offset += len(models)
    return finish(records, errors, source_id)
