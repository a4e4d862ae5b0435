"""AppTest for every view on the fixture snapshot: renders, shows the expected numbers."""
from __future__ import annotations

import pytest
from dash_helpers import default_page, frames, run_page, texts

VIEWS = ["overview", "releases", "compare", "claims", "terms", "open_weights", "news", "model", "sources"]
CHARTS = {"overview": 0, "releases": 4, "compare": 3, "claims": 1, "terms": 1, "open_weights": 2, "news": 0,
          "model": 0, "sources": 1}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def cells(at) -> str:
    return "\n".join(frame.to_csv() for frame in frames(at))


@pytest.mark.parametrize("view", VIEWS)
def test_view_renders_with_charts_and_downloads(ledger_dir, view):
    at = default_page(view)
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert not at.error
    charts = at.get("plotly_chart")
    assert len(charts) == CHARTS[view]
    downloads = [b.label for b in at.get("download_button")]
    assert downloads == ["PNG", "SVG", "HTML", "CSV"] * CHARTS[view]


def test_overview_kpis_and_changes(page):
    at = default_page("overview")
    m = metrics(at)
    assert (m["Models tracked"], m["Labs"], m["Open-weight share"], m["Sources healthy"]) == ("14", "6", "50.0%", "3 / 5")
    assert [m[k] for k in ("New models", "Price changes", "New scores", "Access changes", "Promise updates")] == \
        ["1", "1", "2", "1", "1"]
    assert "min ago" in m["Snapshot published"]
    changes = frames(at)[0]
    assert set(changes["kind"]) == {"new model", "price change", "new score", "access change", "promise update"}
    assert "deepseek: input $0.55 → $0.28, output $2.19 → $1.10 per Mtok" in set(changes["detail"])


def test_overview_window_comes_from_the_url(page):
    at = page("overview", {"window": "30 days"})
    m = metrics(at)
    assert [m[k] for k in ("New models", "Price changes", "New scores", "Access changes", "Promise updates")] == \
        ["2", "2", "3", "1", "2"]
    assert len(frames(at)[0]) == 10


def test_releases_cadence_table(page):
    at = default_page("releases")
    cadence = frames(at)[0].set_index("org")
    assert cadence.loc["Mistral AI", "median_gap_days"] == 566
    assert cadence.loc["Anthropic", "latest_flagship"] == "Claude Opus 4.1"
    assert cadence.loc["DeepSeek", "flagships"] == 3


def test_releases_lab_filter_from_url(page):
    at = page("releases", {"labs": ["DeepSeek"]})
    assert at.multiselect(key="labs").value == ["deepseek"]
    assert list(frames(at)[0]["org"]) == ["DeepSeek"]


def test_compare_defaults_to_muse_spark_and_peers(page):
    at = default_page("compare")
    assert at.multiselect(key="models").value == ["muse-spark", "gpt-5", "claude-opus-4.1", "gemini-2.5-pro"]
    assert any("No public API terms for Muse Spark" in t for t in texts(at))
    terms = frames(at)[0].set_index("model")
    assert terms.loc["GPT-5", "input_usd_per_mtok"] == 1.25
    assert terms.loc["Claude Opus 4.1", "output_usd_per_mtok"] == 75.0
    links = [link.label for link in at.get("page_link")]
    assert links == ["Muse Spark", "GPT-5", "Claude Opus 4.1", "Gemini 2.5 Pro"]


def test_compare_models_from_url(page):
    at = page("compare", {"models": ["GPT-5", "DeepSeek-R1"]})
    assert at.multiselect(key="models").value == ["gpt-5", "deepseek-r1"]
    assert set(frames(at)[0]["model"]) == {"GPT-5", "DeepSeek-R1"}


def test_claims_numbers_and_variant_flag(page):
    at = default_page("claims")
    m = metrics(at)
    assert (m["Vendor claims"], m["Independently checked"], m["Vendor number higher"],
            m["Variant not the shipped model"]) == ("13", "7", "7", "1")
    table = frames(at)[0]
    flagged = table[table["flag"] == "⚠ variant"]
    assert list(flagged["model"]) == ["Llama 4 Maverick"]
    gpt5 = table[(table["model"] == "GPT-5") & (table["benchmark"] == "SWE-bench Verified")].iloc[0]
    assert (gpt5["vendor_value"], gpt5["independent_value"], round(gpt5["gap"], 1)) == (74.9, 65.0, 9.9)


def test_claims_benchmark_filter_from_url(page):
    at = page("claims", {"benchmark": "GPQA Diamond"})
    m = metrics(at)
    assert (m["Vendor claims"], m["Independently checked"]) == ("6", "3")


def test_terms_current_history_and_changelog(page):
    at = default_page("terms")
    current, changes = frames(at)
    assert len(current) == 13
    assert any("13 current offers" in t for t in texts(at))
    assert (changes["change"] == "price cut").sum() == 3
    assert at.multiselect(key="models").value == ["deepseek-r1", "llama-4-maverick", "gpt-4o"]


@pytest.mark.parametrize(("query", "rows"), [
    ({"fine_tuning": "true"}, 4), ({"min_context": "1M"}, 2), ({"open_weights": "true"}, 7),
    ({"providers": ["groq"]}, 2),
])
def test_terms_filters_from_url(page, query, rows):
    at = page("terms", query)
    assert len(frames(at)[0]) == rows


def test_open_weights_ledger(page):
    at = default_page("open_weights")
    ledger = frames(at)[0]
    assert len(ledger) == 4
    assert list(ledger.loc[ledger["overdue"] == "⚠ overdue", "org"]) == ["Mistral AI"]
    assert any("1 open past their due date" in t for t in texts(at))


def test_news_feed_and_search(page):
    at = default_page("news")
    assert len(frames(at)[0]) == 11
    at = page("news", {"q": "PRICE cut"})
    feed = frames(at)[0]
    assert list(feed["title"]) == ["DeepSeek API price cut"]


def test_news_empty_filter_says_so(page):
    at = page("news", {"q": "no such headline"})
    assert any("No events match these filters" in t for t in texts(at))


def test_model_page_default_and_url(page):
    at = default_page("model")
    assert at.title[0].value == "Muse Spark"
    assert any("No API terms for this model" in t for t in texts(at))
    at = page("model", {"model": "GPT-5"})
    assert at.title[0].value == "GPT\\-5"  # markdown-escaped
    body = cells(at)
    assert "openai/gpt-5" in body and "87.3" in body and "Introducing GPT-5" in body
    assert len(at.get("plotly_chart")) == 1  # its price history


def test_sources_health_and_queues(page):
    at = default_page("sources")
    m = metrics(at)
    assert (m["Sources"], m["Stale"], m["With errors"]) == ("5", "2", "2")
    health = frames(at)[0].set_index("source_id")
    assert health.loc["meta-blog", "stale"] == "⚠ stale" and health.loc["openrouter", "stale"] == "ok"
    body = cells(at)
    assert "meta/muse-spark-preview" in body and "price fell more than 90%" in body


@pytest.mark.parametrize("view", VIEWS)
def test_missing_snapshot_shows_a_message_not_a_traceback(ledger_dir, tmp_path, monkeypatch, view):
    monkeypatch.setenv("LEDGER_DATA_DIR", str(tmp_path))
    at = run_page(view)
    assert not at.exception
    assert "No data to show yet" in at.error[0].value
    assert any("python -m registry load" in t for t in texts(at))
