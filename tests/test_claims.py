"""The claim audit compares only like with like and flags benchmarked variants."""
import pandas as pd
import pytest

from registry import claims, store


@pytest.mark.parametrize("a,b,expected", [
    ("pass@1, no tools", "pass@1", True),
    ("pass@1, no tools", "with tools", False),
    ("reasoning: high", "reasoning: low", False),
    ("reasoning effort high", "reasoning: high; edit format: diff", True),
    ("pass@1", "pass@5", False),
    (None, "with tools", True),
    ("majority voting @64", "pass@1", False),
])
def test_comparable_settings(a, b, expected):
    assert claims.is_comparable(a, b) is expected


def _score(model, bench, value, by, settings=None, variant=None, name=None, on="2025-01-20", src="curated"):
    return {"score_id": store.stable_id(model, bench, value, by, settings, on), "model_id": model,
            "benchmark_id": bench, "value": value, "measured_by": by, "settings": settings,
            "variant_note": variant, "source_model_name": name, "source_id": src,
            "source_url": f"https://{src}.example/{model}", "reported_on": on}


def _seed(con):
    orgs = pd.DataFrame([{"org_id": "deepseek", "name": "DeepSeek"}, {"org_id": "meta", "name": "Meta"}])
    store.upsert(con, "orgs", orgs, ["org_id"])
    models = pd.DataFrame([{"model_id": "deepseek-r1", "org_id": "deepseek", "name": "DeepSeek-R1"},
                           {"model_id": "llama-4-maverick", "org_id": "meta", "name": "Llama 4 Maverick"}])
    store.upsert(con, "models", models, ["model_id"])
    benches = pd.DataFrame([
        {"benchmark_id": "aider-polyglot", "name": "Aider Polyglot", "category": "coding", "unit": "percent", "higher_is_better": True},
        {"benchmark_id": "lmarena-text", "name": "LMArena text", "category": "preference", "unit": "elo", "higher_is_better": True},
        {"benchmark_id": "vectara-hallucination-rate", "name": "Hallucination rate", "category": "hallucination", "unit": "rate_percent", "higher_is_better": False},
    ])
    store.upsert(con, "benchmarks", benches, ["benchmark_id"])
    rows = [
        _score("deepseek-r1", "aider-polyglot", 53.3, "vendor", "pass@2"),
        _score("deepseek-r1", "aider-polyglot", 56.9, "independent", "edit format: diff", on="2025-01-24", src="aider"),
        _score("deepseek-r1", "aider-polyglot", 20.0, "independent", "pass@1", on="2025-01-25", src="other"),
        _score("llama-4-maverick", "lmarena-text", 1417, "vendor", None,
               "LMArena figure from Llama-4-Maverick-03-26-Experimental, a chat-optimised variant", on="2025-04-05"),
        _score("llama-4-maverick", "lmarena-text", 1271, "independent", None, None,
               "llama-4-maverick-17b-128e-instruct", on="2025-04-20", src="lmarena"),
        _score("deepseek-r1", "vectara-hallucination-rate", 3.0, "vendor"),
        _score("deepseek-r1", "vectara-hallucination-rate", 14.3, "independent", on="2025-02-01", src="vectara"),
    ]
    store.upsert(con, "scores", pd.DataFrame(rows), ["score_id"])


def test_gaps_only_between_comparable_settings(con):
    _seed(con)
    audit = claims.claims(con).sort_values(["model_id", "benchmark_id"]).reset_index(drop=True)
    table = audit[["model_id", "benchmark_id", "vendor_value", "independent_value", "gap", "is_variant"]]
    assert table.round(2).values.tolist() == [
        ["deepseek-r1", "aider-polyglot", 53.3, 56.9, -3.6, False],  # the pass@1 run is not comparable
        ["deepseek-r1", "vectara-hallucination-rate", 3.0, 14.3, 11.3, False],  # lower is better: flips
        ["llama-4-maverick", "lmarena-text", 1417.0, 1271.0, 146.0, True],
    ]
    assert audit.loc[2, "independent_source_url"] == "https://lmarena.example/llama-4-maverick"
    assert claims.claim_counts(con).iloc[0].tolist() == [3, 3, 2, 1]


def test_a_claim_without_comparable_measurement_stays_unchecked(con):
    _seed(con)
    con.execute("UPDATE scores SET settings = 'pass@1' WHERE source_id = 'aider'")
    con.execute("UPDATE scores SET settings = 'pass@5' WHERE source_id = 'other'")
    row = claims.claims(con, model_ids=["deepseek-r1"], benchmark_id="aider-polyglot").iloc[0]
    assert row["vendor_value"] == 53.3 and pd.isna(row["independent_value"])


def test_inflation_by_lab_per_quarter(con):
    _seed(con)
    history = claims.inflation_by_lab(con)
    assert history[["org_id", "quarter", "claims"]].values.tolist() == [
        ["deepseek", "2025Q1", 2], ["meta", "2025Q2", 1]]
    assert round(history.loc[1, "mean_inflation_pct"], 2) == round(100 * 146 / 1271, 2)


def test_no_claims_gives_empty_frames(con):
    assert claims.claims(con).empty
    assert claims.claim_counts(con).iloc[0].tolist() == [0, 0, 0, 0]
