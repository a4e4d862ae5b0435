"""Named read functions -> DataFrame. All dashboard SQL lives in this package, parameterised.

Every function takes a DuckDB connection first and keyword filters after; list filters are
`None` for "no filter". Functions never write. Dates are `date`s, times naive UTC datetimes.
The modules group them by page: catalog (models, orgs, benchmarks), releases (timeline,
cadence, lags, open share), market (scores, price/performance, claims), terms (prices and
their history), news (event feed), ledger (promises) and ops (overview, source health, runs,
review queues).
"""
from __future__ import annotations

from registry.queries.catalog import (
    access_history, benchmarks, default_compare_models, model_aliases, model_detail, model_names, models,
    orgs, snapshot_published_at,
)
from registry.queries.ledger import promise_kept_rate, promise_updates, promises
from registry.claims import claim_counts, claims, inflation_by_lab
from registry.queries.market import compare_scores, model_scores, price_performance
from registry.queries.news import event_kinds, events_feed
from registry.queries.ops import (
    changes, change_counts, freshness, kpis, promise_candidates, quarantine, review_names, runs,
    runs_daily, source_health,
)
from registry.queries.releases import (
    flagship_cadence, lab_cadence_summary, open_share_by_lab, open_share_by_quarter, release_lags,
    releases,
)
from registry.queries.terms import (
    current_terms, price_changed_models, providers, terms_changes, terms_history,
)

__all__ = [
    "access_history", "benchmarks", "change_counts", "changes", "claim_counts", "claims", "compare_scores",
    "current_terms", "default_compare_models", "event_kinds", "events_feed", "flagship_cadence",
    "freshness", "inflation_by_lab", "kpis", "lab_cadence_summary", "model_aliases", "model_detail", "model_scores",
    "model_names", "models", "open_share_by_lab", "open_share_by_quarter", "orgs", "price_changed_models", "price_performance",
    "promise_candidates", "promise_kept_rate", "promise_updates", "promises", "providers",
    "quarantine", "release_lags", "releases", "review_names", "runs", "runs_daily",
    "snapshot_published_at", "source_health", "terms_changes", "terms_history",
]
