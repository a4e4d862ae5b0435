"""Stanford CRFM Ecosystem Graphs asset YAML -> SourceRecords for assets of type `model`.

Many fields are either a bare value or `{explanation, value}`; both are read, and the explanation
is kept as evidence. Access: `open` -> open_weights, `limited` -> api; `closed` -> product_only
when the explanation says the model is used in a product or offered somewhere, else unreleased.
`created_date` may be a date, a dict, 'unknown' or a bare year (kept in extra, not a date).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ingest.apis._common import (
    OptDate, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect, compact, load_yaml,
    slugify,
)

# "closed" but in use: the explanation says it ships in a product or is offered somewhere.
_PRODUCT_HINTS = re.compile(r"\b(products?|app|chatbot|assistant|powers|integrated into"
                            r"|(?:made )?available (?:via|on|through|in))\b", re.IGNORECASE)
_UNUSABLE_LICENSE = {"unknown", "none", "", "n/a"}


def _value(field: Any) -> Any:
    """`{explanation, value}` -> value; anything else as is."""
    return field.get("value") if isinstance(field, dict) else field


def _explanation(field: Any) -> str | None:
    if isinstance(field, dict) and isinstance(field.get("explanation"), str):
        return " ".join(field["explanation"].split()) or None
    return None


def _date_or_year(value: Any) -> Any:
    value = _value(value)
    return None if isinstance(value, int) and not isinstance(value, bool) else value


class _Asset(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Text
    name: Annotated[Text, BeforeValidator(_value)]
    organization: Annotated[Text, BeforeValidator(_value)]
    access: Annotated[Text, BeforeValidator(_value)]
    created_date: Annotated[OptDate, BeforeValidator(_date_or_year)] = None
    license: Annotated[OptText, BeforeValidator(_value)] = None
    modality: Annotated[OptText, BeforeValidator(_value)] = None
    size: Annotated[OptText, BeforeValidator(_value)] = None
    url: Annotated[OptText, BeforeValidator(_value)] = None
    nationality: Annotated[OptText, BeforeValidator(_value)] = None


def _access(asset: _Asset, raw: dict) -> dict:
    level = asset.access.strip().lower()
    explanation = _explanation(raw.get("access"))
    if level == "open":
        access, reading = "open_weights", "open"
    elif level == "limited":
        access, reading = "api", "limited (read as API or gated access)"
    elif level == "closed":
        if explanation and _PRODUCT_HINTS.search(explanation):
            access, reading = "product_only", "closed (read as product-only: in use, not released)"
        else:
            access, reading = "unreleased", "closed (read as unreleased: no outside access)"
    else:
        raise ValueError(f"access: unknown value {asset.access!r}")
    evidence = f"ecosystem-graphs access {reading}"
    if explanation:
        evidence += f": {explanation}"
    license_ = asset.license if (asset.license or "").lower() not in _UNUSABLE_LICENSE else None
    return {"access": access, "license": license_, "valid_from": asset.created_date,
            "evidence": evidence}


def _record(raw: Any) -> SourceRecord | None:
    if not isinstance(raw, dict):
        raise ValueError("asset: expected a mapping")
    if _value(raw.get("type")) != "model":
        return None
    asset = _Asset.model_validate(raw)
    created = _value(raw.get("created_date"))
    extra = compact({
        "modality": asset.modality, "size": asset.size, "url": asset.url,
        "nationality": asset.nationality,
        "created_year": created if isinstance(created, int) else None,
        "created_date_note": _explanation(raw.get("created_date")),
        "license_note": _explanation(raw.get("license")),
    })
    return SourceRecord(source_name=asset.name, display_name=asset.name,
                        org_hint=slugify(asset.organization), access=_access(asset, raw),
                        released_on=asset.created_date, extra=extra)


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse one organization's asset file (datasets and applications are skipped)."""
    assets = load_yaml(body)
    if assets is None:
        raise PayloadError("empty", "empty YAML document")
    if not isinstance(assets, list):
        raise PayloadError("schema", "expected a YAML list of assets")
    named = ((n, _value(a.get("name")) if isinstance(a, dict) else None, a)
             for n, a in enumerate(assets))
    return collect(named, _record, source_id, source_url)
