"""LMArena (Chatbot Arena) -> independent Elo scores.

Three payloads:
- arena-catalog leaderboard JSON, `{category: {model: {rating, rating_q975, rating_q025}}}`: the
  `full` category is the score (`lmarena-text` or `lmarena-vision`); other categories go to extra.
  The image arena has no benchmark here: its ratings go to extra only.
- the wide history CSV (`yyyymmdd` rows x model columns, `0.0` = absent): one record per model
  with one `lmarena-text` score per dated row.
- the catalog's scatterplot JSON (list of models with price strings per Mtok): terms only.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    Number, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect, compact,
    load_json, read_csv, slugify, to_date, to_number,
)

BENCHMARK = {"text": "lmarena-text", "vision": "lmarena-vision", "image": None}
_VISION_CATEGORIES = {"captioning", "ocr", "diagram", "homework", "entity_recognition", "humor"}
_IMAGE_CATEGORIES = {"is_preset_generation", "not_preset_generation"}


class _Rating(BaseModel):
    model_config = ConfigDict(extra="ignore")
    rating: Number
    rating_q025: OptNumber = None
    rating_q975: OptNumber = None


class _PricePoint(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model_api_name: Text
    name: OptText = None
    organization: OptText = None
    license: OptText = None
    input_token_price: OptNumber = None
    output_token_price: OptNumber = None
    price_source: OptText = None


def _arena_kind(source_url: str | None, categories: set[str]) -> str:
    url = (source_url or "").lower()
    for kind in ("vision", "image", "text"):
        if f"leaderboard-{kind}" in url or f"/{kind}" in url:
            return kind
    if categories & _IMAGE_CATEGORIES:
        return "image"
    return "vision" if categories & _VISION_CATEGORIES else "text"


def _catalog(data: dict, source_id: str, source_url: str | None,
             observed_on: date | None) -> ParsedSource:
    if not all(isinstance(v, dict) for v in data.values()):
        raise PayloadError("schema", "expected {category: {model: {rating...}}}")
    kind = _arena_kind(source_url, set(data))
    benchmark = BENCHMARK[kind]
    overall = data.get("full") or next(iter(data.values()), {})
    models = list(dict.fromkeys([*overall, *(m for c in data.values() for m in c)]))

    def build(name: str) -> SourceRecord:
        categories = {}
        for category, table in data.items():
            if name in table:
                categories[category] = _Rating.model_validate(table[name])
        main = categories.get("full") if "full" in data else next(iter(categories.values()))
        extra = compact({
            "arena": kind,
            "rating_ci95": [main.rating_q025, main.rating_q975] if main else None,
            "category_ratings": {c: r.rating for c, r in categories.items() if c != "full"} or None,
        })
        scores = []
        if benchmark and main is not None and name in overall:
            scores.append({"benchmark_id": benchmark, "value": main.rating,
                           "measured_by": "independent", "settings": "category: full",
                           "reported_on": observed_on})
        elif main is not None:
            extra["rating"] = main.rating
        return SourceRecord(source_name=name, scores=scores, extra=extra)

    return collect(((n, m, m) for n, m in enumerate(models)), build, source_id, source_url)


def _price_points(rows: list, source_id: str, source_url: str | None) -> ParsedSource:
    def build(raw: Any) -> SourceRecord:
        p = _PricePoint.model_validate(raw)
        org = slugify(p.organization)
        terms = {"provider": org or "unknown", "input_usd_per_mtok": p.input_token_price,
                 "output_usd_per_mtok": p.output_token_price}
        extra = compact({"license": p.license, "price_source": p.price_source,
                         "hidden": raw.get("hidden") or None})
        return SourceRecord(source_name=p.model_api_name, display_name=p.name, org_hint=org,
                            provider=org, terms=terms, extra=extra)

    names = ((n, r.get("model_api_name") if isinstance(r, dict) else None, r)
             for n, r in enumerate(rows))
    return collect(names, build, source_id, source_url)


def _history(body: bytes, source_id: str, source_url: str | None) -> ParsedSource:
    """Wide CSV: first column the yyyymmdd date, then one column per model."""
    rows = read_csv(body)
    if not rows:
        raise PayloadError("empty", "history CSV has no rows")
    date_column = next(iter(rows[0]))
    dated, bad_dates = [], []
    for n, row in enumerate(rows):
        try:
            day = to_date(row[date_column])
        except ValueError as exc:
            bad_dates.append(f"{source_id} record {n} ({row[date_column]}): date: {exc}")
            continue
        if day is not None:
            dated.append((day, row))
    models = [c for c in rows[0] if c != date_column]

    def build(model: str) -> SourceRecord | None:
        scores = []
        for day, row in dated:
            value = to_number(row.get(model))
            if value:  # 0.0 and empty mean "not on the board that day"
                scores.append({"benchmark_id": "lmarena-text", "value": value,
                               "measured_by": "independent", "settings": "category: full",
                               "reported_on": day})
        return SourceRecord(source_name=model, scores=scores) if scores else None

    parsed = collect(((n, m, m) for n, m in enumerate(models)), build, source_id, source_url,
                     as_of=max((d for d, _ in dated), default=None))
    parsed.errors[:0] = bad_dates
    return parsed


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse a catalog leaderboard or scatterplot JSON, or the Elo history CSV."""
    head = body.lstrip()[:1]
    if head not in (b"{", b"["):
        return _history(body, source_id, source_url)
    data = load_json(body)
    if isinstance(data, list):
        return _price_points(data, source_id, source_url)
    if not isinstance(data, dict):
        raise PayloadError("schema", "expected a leaderboard object or a list of models")
    return _catalog(data, source_id, source_url, observed_on)
