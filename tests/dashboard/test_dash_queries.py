"""registry.queries on the fixture snapshot: literal figures, filters, parameter safety."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from registry import queries as q
from registry.store import utcnow


def test_every_public_query_is_exported():
    assert sorted(q.__all__) == sorted(n for n in dir(q) if not n.startswith("_") and callable(getattr(q, n))
                                       and getattr(q, n).__module__.startswith(("registry.queries.", "registry.claims")))


def test_kpis(con):
    k = q.kpis(con, now=utcnow()).iloc[0]
    assert (k.models, k.labs, k.open_weight_share_pct, k.sources, k.sources_healthy) == (14, 6, 50.0, 5, 3)


def test_change_counts(con):
    counts = q.change_counts(con, now=utcnow()).set_index("kind")
    assert counts["last_7_days"].tolist() == [1, 1, 2, 1, 1]
    assert counts["last_30_days"].tolist() == [2, 2, 3, 1, 2]


def test_default_compare_models(con):
    assert q.default_compare_models(con) == ["muse-spark", "gpt-5", "claude-opus-4.1", "gemini-2.5-pro"]
    assert q.default_compare_models(con, n=2) == ["muse-spark", "gpt-5"]


def test_flagship_cadence_and_lags(con):
    cadence = q.flagship_cadence(con, org_ids=["deepseek"])
    assert cadence["days_since_previous"].dropna().tolist() == [213, 443]
    lags = q.release_lags(con).set_index("model_id")
    assert lags.loc["gemini-2.5-pro", "announce_to_api_days"] == 84
    assert lags.loc["deepseek-v4-preview", "announce_to_weights_days"] == 23


def test_open_share_by_quarter_fills_empty_quarters(con):
    quarters = q.open_share_by_quarter(con, since=date(2025, 1, 1))
    assert quarters["quarter"].iloc[0] == "2025-Q1"
    assert quarters.set_index("quarter").loc["2025-Q4", "releases"] == 0
    assert quarters["releases"].sum() == 13


def test_claims_gap_and_variant(con):
    claims = q.claims(con)
    maverick = claims[claims["model_id"] == "llama-4-maverick"].iloc[0]
    assert (maverick["gap"], maverick["gap_pct"], bool(maverick["is_variant"])) == (147.0, 11.6, True)
    assert claims["gap"].isna().sum() == 6  # vendor claims nobody has measured


def test_price_performance_picks_the_cheapest_current_provider(con):
    perf = q.price_performance(con, model_ids=["deepseek-r1"]).set_index("model_id")
    r1 = perf.loc["deepseek-r1"]
    assert (r1["provider"], r1["input_usd_per_mtok"], r1["score"], bool(r1["is_selected"])) == ("deepseek", 0.28, 52.0, True)
    assert r1["output_tokens_per_s"] == 52.5  # median of two providers
    assert "muse-spark" not in perf.index  # no public price


def test_terms_filters_and_changes(con):
    assert len(q.current_terms(con)) == 13
    assert len(q.current_terms(con, fine_tuning=True)) == 4
    assert len(q.current_terms(con, min_context=1_000_000)) == 2
    assert set(q.current_terms(con, open_weights=False)["model_id"]) >= {"gpt-5", "claude-opus-4.1"}
    changes = q.terms_changes(con)
    assert changes["change"].value_counts()["price cut"] == 3
    assert q.price_changed_models(con) == ["deepseek-r1", "llama-4-maverick", "gpt-4o"]
    history = q.terms_history(con, model_ids=["deepseek-r1"], providers=["deepseek"])
    assert history["input_usd_per_mtok"].tolist() == [0.55, 0.28]


def test_events_feed_filters(con):
    assert len(q.events_feed(con)) == 11
    assert q.events_feed(con, text="  gpt-OSS ")["title"].tolist() == ["gpt-oss: open-weight reasoning models"]
    assert set(q.events_feed(con, kinds=["open_weights"])["model_id"]) == {"gpt-oss-120b", "deepseek-v4-preview"}
    recent = q.events_feed(con, since=utcnow().date() - timedelta(days=7))
    assert len(recent) == 5
    assert q.events_feed(con, until=date(2025, 1, 1)).empty


def test_events_feed_newest_window_matches_the_full_query(con):
    full = q.events_feed(con)
    for kwargs in ({}, {"kinds": ["release"]}, {"org_ids": ["openai"]}, {"text": "model"}):
        expected = q.events_feed(con, **kwargs)["event_id"].head(2).tolist()
        assert q.events_feed(con, limit=2, **kwargs)["event_id"].tolist() == expected  # window of 8 items
    assert q.events_feed(con, limit=2)["event_id"].tolist() == full["event_id"].head(2).tolist()


@pytest.mark.parametrize("needle", ["%", "_", "' OR 1=1 --", "'); DROP TABLE items; --", "\\"])
def test_search_text_is_a_literal(con, needle):
    assert q.events_feed(con, text=needle).empty


def test_promises(con):
    today = utcnow().date()
    ledger = q.promises(con, today=today).set_index("promise_id")
    assert bool(ledger.loc["mistral-open-larger", "is_overdue"]) is True
    assert ledger.loc["deepseek-v4-weights", "updates"] == 2
    assert q.promises(con, today=today, model_id="muse-spark")["promise_id"].tolist() == ["meta-open-source-future-muse"]
    assert q.promises(con, today=today, model_id="deepseek-v4-preview")["promise_id"].tolist() == ["deepseek-v4-weights"]
    rate = q.promise_kept_rate(con).set_index("org_id")
    assert rate.loc["openai", "kept_rate_pct"] == 100.0 and pd.isna(rate.loc["meta", "kept_rate_pct"])


def test_source_health(con):
    health = q.source_health(con, now=utcnow()).set_index("source_id")
    assert sorted(health.index[health["is_stale"]]) == ["lmarena", "meta-blog"]
    assert health.loc["openrouter", "runs_7d"] == 28
    assert health.loc["lmarena", "last_run_status"] == "error"


def test_model_identity_queries(con):
    detail = q.model_detail(con, "muse-spark").iloc[0]
    assert (detail["org"], detail["predecessor"]) == ("Meta", "Llama 4 Maverick")
    assert q.model_detail(con, "no-such-model").empty
    assert q.model_aliases(con, "gpt-4o")["alias"].tolist() == ["gpt-4o-2024-08-06", "openai/gpt-4o"]
    access = q.access_history(con, "deepseek-v4-preview")
    assert access["access"].tolist() == ["api", "open_weights"]
    assert len(q.model_scores(con, "gpt-5")) == 7


def test_snapshot_published_at(con):
    published = q.snapshot_published_at(con)
    assert abs((utcnow() - published).total_seconds()) < 3600
