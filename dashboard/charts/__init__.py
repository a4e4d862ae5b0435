"""The registry of named charts, shared by the views and by `python -m dashboard export`.

A chart is a pure builder (DataFrame -> plotly Figure) plus the name of the
`registry.queries` function whose DataFrame it plots, and which CLI parameters that query
takes (`models` -> model_ids, `benchmark` -> benchmark_id, `since` -> since).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import ledger, market, releases

PARAM_KWARGS = {"models": "model_ids", "benchmark": "benchmark_id", "since": "since"}


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    page: str
    query: str
    builder: Callable[[pd.DataFrame, str], go.Figure]
    params: tuple[str, ...] = ()
    sources: str = ""
    needs_models: bool = False
    default_models: str = "default_compare_models"

    def build(self, frame: pd.DataFrame, title: str | None = None) -> go.Figure:
        return self.builder(frame, title or self.title)


CHARTS: dict[str, Chart] = {c.name: c for c in [
    Chart("releases-timeline", "Model releases by lab", "Releases", "releases", releases.releases_timeline,
          ("since",), "models (curated and scraped)"),
    Chart("flagship-cadence", "Days between flagship releases", "Releases", "flagship_cadence",
          releases.flagship_cadence, ("since",), "models"),
    Chart("release-lags", "Announcement → API → weights lags", "Releases", "release_lags",
          releases.release_lags, ("since",), "models (announced_on, api_on, weights_on)"),
    Chart("open-share-quarterly", "Open vs closed releases per quarter", "Releases", "open_share_by_quarter",
          releases.open_share_quarterly, ("since",), "models"),
    Chart("open-share-by-lab", "Open-weight share of releases per lab", "Open weights", "open_share_by_lab",
          releases.open_share_by_lab, ("since",), "models"),
    Chart("compare-benchmarks", "Benchmark scores by category", "Compare", "compare_scores",
          market.compare_benchmarks, ("models", "benchmark"), "scores", needs_models=True),
    Chart("intelligence-vs-price", "Intelligence vs price", "Compare", "price_performance",
          market.intelligence_vs_price, ("models", "benchmark"), "api_terms, scores"),
    Chart("speed-vs-price", "Speed vs price", "Compare", "price_performance", market.speed_vs_price,
          ("models",), "api_terms, perf"),
    Chart("claims-gap", "Vendor claims vs independent measurements", "Claims", "claims", market.claims_gap,
          ("models", "benchmark"), "scores"),
    Chart("price-history", "Price history per model and provider", "Terms", "terms_history",
          ledger.price_history, ("models", "since"), "api_terms", needs_models=True,
          default_models="price_changed_models"),
    Chart("promise-kept-rate", "Promises kept per lab", "Open weights", "promise_kept_rate",
          ledger.promise_kept_rate, (), "promises, promise_updates"),
    Chart("run-history", "Ingestion runs per day", "Sources", "runs_daily", ledger.run_history,
          ("since",), "runs"),
]}


def names() -> list[str]:
    return list(CHARTS)


def get(name: str) -> Chart:
    try:
        return CHARTS[name]
    except KeyError:
        raise KeyError(f"unknown chart {name!r}; known: {', '.join(CHARTS)}") from None


def query_kwargs(chart: Chart, **params: object) -> dict[str, object]:
    """Map CLI-style parameters (models, benchmark, since) to the chart query's keywords,
    dropping those the query does not take and those left unset."""
    return {PARAM_KWARGS[k]: v for k, v in params.items()
            if k in chart.params and v not in (None, [], "")}


def sources_of(chart: Chart, frame: pd.DataFrame) -> str:
    """The footer's "Sources": the source ids present in the data, else the tables drawn from."""
    ids: set[str] = set()
    for column in ("source_id", "independent_source_id"):
        if column in frame.columns:
            ids.update(str(v) for v in frame[column].dropna().unique())
    if ids:
        listed = sorted(ids)
        more = f" +{len(listed) - 8} more" if len(listed) > 8 else ""
        return f"{chart.sources} via " + ", ".join(listed[:8]) + more
    return chart.sources
