"""Chart builders are pure: DataFrame -> Figure, with empty states and consistent styling."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts
from dashboard.charts import market, style
from dashboard.charts.ledger import _price_steps
from registry import queries as q

CHART_ARGS = {"compare_scores": {"model_ids": ["muse-spark", "gpt-5", "claude-opus-4.1"]},
              "terms_history": {"model_ids": ["deepseek-r1", "gpt-4o"]}}


@pytest.mark.parametrize("name", charts.names())
def test_each_chart_builds_from_its_query(con, name):
    chart = charts.get(name)
    frame = getattr(q, chart.query)(con, **CHART_ARGS.get(chart.query, {}))
    assert not frame.empty
    figure = chart.build(frame)
    assert figure.layout.title.text == chart.title
    assert len(figure.data) > 0
    assert figure.layout.template.layout.paper_bgcolor is not None or figure.layout.paper_bgcolor == "white"


@pytest.mark.parametrize("name", charts.names())
def test_each_chart_has_an_empty_state(con, name):
    chart = charts.get(name)
    frame = getattr(q, chart.query)(con, **CHART_ARGS.get(chart.query, {})).head(0)
    figure = chart.build(frame, "Empty")
    assert figure.layout.annotations and figure.layout.annotations[0].text


def test_pareto_frontier():
    frame = pd.DataFrame({"price": [1, 2, 3, 4, 0.5], "score": [10, 30, 20, 40, 5]})
    assert market._pareto(frame, "price", "score")["price"].tolist() == [0.5, 1, 2, 4]


def test_price_steps_extend_open_periods_to_last_observation():
    frame = pd.DataFrame({
        "model": ["M", "M"], "provider": ["p", "p"], "source_id": ["s", "s"],
        "valid_from": pd.to_datetime(["2025-01-01", "2025-03-01"]),
        "valid_to": pd.to_datetime(["2025-03-01", None]),
        "observed_at": pd.to_datetime(["2025-03-01", "2025-06-01"]),
        "input_usd_per_mtok": [2.0, 1.0], "output_usd_per_mtok": [8.0, 4.0],
    })
    steps = _price_steps(frame)
    inputs = steps[steps["price"] == "input"]
    assert inputs["date"].max() == pd.Timestamp("2025-06-01") and inputs["usd_per_mtok"].tolist() == [2.0, 1.0, 1.0]


def test_claims_chart_flags_variants(con):
    figure = market.claims_gap(q.claims(con), "t")
    bar = figure.data[0]
    flagged = [label for label, shape in zip(bar.y, bar.marker.pattern.shape) if shape == "x"]
    assert flagged == ["Llama 4 Maverick · LMArena Text ⚠ variant"]


def test_compare_chart_marks_vendor_claims_with_a_pattern(con):
    figure = market.compare_benchmarks(q.compare_scores(con, model_ids=["gpt-5"]), "t")
    patterns = {(t.offsetgroup, t.marker.pattern.shape) for t in figure.data if t.offsetgroup}
    assert patterns == {("independent", ""), ("vendor", "/")}
    assert {t.name for t in figure.data} >= {"vendor claim", "independent measurement"}


def test_chart_labels_are_literal_for_plotly():
    frame = pd.DataFrame({"model_id": ["x"], "model": ["<a href='javascript:1'>x</a>"], "org": ["o"],
                          "org_id": ["o"], "provider": ["p"], "blended_usd_per_mtok": [1.0], "score": [5.0],
                          "is_selected": [True], "output_tokens_per_s": [1.0]})
    figure = market.intelligence_vs_price(frame, "t")
    assert "<a" not in str(figure.data[0].text) and "&lt;a" in str(figure.data[0].text)


def test_org_colours_are_stable():
    assert style.org_color("meta") == style.ORG_COLORS["meta"]
    assert style.org_color("some-new-lab") == style.org_color("some-new-lab")
    assert style.org_color(None) == "#7f7f7f"


def test_query_kwargs_and_sources():
    chart = charts.get("price-history")
    assert charts.query_kwargs(chart, models=["a"], benchmark="b", since=None) == {"model_ids": ["a"]}
    frame = pd.DataFrame({"source_id": ["openrouter", "litellm", None]})
    assert charts.sources_of(chart, frame) == "api_terms via litellm, openrouter"
    assert charts.sources_of(charts.get("releases-timeline"), pd.DataFrame()) == "models (curated and scraped)"
    with pytest.raises(KeyError, match="unknown chart"):
        charts.get("nope")
