"""Artificial Analysis `/api/v2/data/llms/models` -> independent scores, perf and median prices.

Index evaluations stay on their own scale; per-benchmark evaluations given as 0-1 fractions
(gpqa, hle, mmlu_pro, livecodebench, aime...) become percent. Each `slug` is one record: effort
variants such as "(high)" or "(Non-reasoning)" have their own slugs and stay separate records.
Only page 1 may be present (`pagination.has_more`); that is recorded in extra, not an error.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect, compact,
    fraction_to_percent, load_json, slugify,
)

PROVIDER = "artificial_analysis"
# evaluation key -> (benchmark_id, is_fraction)
BENCHMARKS: dict[str, tuple[str, bool]] = {
    "artificial_analysis_intelligence_index": ("aa-intelligence-index", False),
    "artificial_analysis_coding_index": ("aa-coding-index", False),
    "artificial_analysis_agentic_index": ("aa-agentic-index", False),
    "artificial_analysis_math_index": ("aa-math-index", False),
    "gpqa": ("gpqa-diamond", True),
    "hle": ("hle", True),
    "mmlu_pro": ("mmlu-pro", True),
    "livecodebench": ("livecodebench", True),
    "scicode": ("scicode", True),
    "math_500": ("math-500", True),
    "aime": ("aime", True),
    "aime_25": ("aime-2025", True),
    "ifbench": ("ifbench", True),
    "lcr": ("aa-lcr", True),
    "terminalbench_hard": ("terminal-bench-hard", True),
    "tau2": ("tau2-bench", True),
}


class _Creator(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: OptText = None
    slug: OptText = None


class _Pricing(BaseModel):
    model_config = ConfigDict(extra="ignore")
    price_1m_input_tokens: OptNumber = None
    price_1m_output_tokens: OptNumber = None
    price_1m_cache_hit_tokens: OptNumber = None
    price_1m_cache_write_tokens: OptNumber = None
    price_1m_blended_3_to_1: OptNumber = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: OptText = None
    name: Text
    slug: Text
    release_date: OptDate = None
    model_creator: _Creator | None = None
    evaluations: dict[str, OptNumber] | None = None
    pricing: _Pricing | None = None
    performance: dict[str, OptNumber] | None = None
    median_output_tokens_per_second: OptNumber = None  # older, flat response shape
    median_time_to_first_token_seconds: OptNumber = None


def _scores(evaluations: dict[str, float | None], reported_on: date | None) -> list[dict]:
    scores = []
    for key, value in evaluations.items():
        if value is None or key not in BENCHMARKS:
            continue
        benchmark_id, is_fraction = BENCHMARKS[key]
        if is_fraction and value <= 1:
            value = fraction_to_percent(value)
        scores.append({"benchmark_id": benchmark_id, "value": value,
                       "measured_by": "independent", "reported_on": reported_on})
    return scores


def _builder(observed_on: date | None, page: str | None):
    measured_at = datetime.combine(observed_on, time()) if observed_on else None

    def build(raw: Any) -> SourceRecord:
        m = _Model.model_validate(raw)
        m.evaluations, m.performance = m.evaluations or {}, m.performance or {}
        speed = m.performance.get("median_output_tokens_per_second",
                                  m.median_output_tokens_per_second)
        ttft = m.performance.get("median_time_to_first_token_seconds",
                                 m.median_time_to_first_token_seconds)
        perf = None
        if speed is not None or ttft is not None:
            perf = {"provider": PROVIDER, "ttft_s": ttft, "output_tokens_per_s": speed,
                    "measured_at": measured_at}
        price = m.pricing or _Pricing()
        terms = None
        if price.price_1m_input_tokens is not None or price.price_1m_output_tokens is not None:
            terms = {"provider": PROVIDER,
                     "input_usd_per_mtok": price.price_1m_input_tokens,
                     "output_usd_per_mtok": price.price_1m_output_tokens,
                     "cached_input_usd_per_mtok": price.price_1m_cache_hit_tokens}
        creator = m.model_creator or _Creator()
        other = {k: v for k, v in m.evaluations.items() if k not in BENCHMARKS and v is not None}
        extra = compact({
            "aa_id": m.id, "creator_name": creator.name,
            "price_basis": "median across API providers" if terms else None,
            "cache_write_usd_per_mtok": price.price_1m_cache_write_tokens,
            "blended_usd_per_mtok": price.price_1m_blended_3_to_1,
            "other_evaluations": other or None,
            "other_performance": {k: v for k, v in m.performance.items() if v is not None
                                  and k not in ("median_output_tokens_per_second",
                                                "median_time_to_first_token_seconds")} or None,
            "partial_listing": page,
        })
        return SourceRecord(
            source_name=m.slug, display_name=m.name,
            org_hint=creator.slug or slugify(creator.name), provider=PROVIDER, terms=terms,
            scores=_scores(m.evaluations, observed_on), perf=perf, released_on=m.release_date,
            extra=extra,
        )

    return build


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse one page of the models endpoint; scores are reported on `observed_on`."""
    data = load_json(body)
    rows = data.get("data") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise PayloadError("schema", "expected {data: [...]} or a list of models")
    page = data.get("pagination") if isinstance(data, dict) else None
    page = (f"page {page.get('page')} of {page.get('total_pages')}"
            if isinstance(page, dict) and page.get("has_more") else None)
    names = ((n, r.get("slug") if isinstance(r, dict) else None, r) for n, r in enumerate(rows))
    return collect(names, _builder(observed_on, page), source_id, source_url)

