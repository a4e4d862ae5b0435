"""Storing a parsed structured source: resolution, terms/scores/perf/access, idempotent re-import,
schema drift, and real price-change histories from the LiteLLM and OpenRouter snapshots."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ingest.apis import parser_for
from ingest.apis._common import ParsedSource, SourceRecord
from registry.resolve import Resolver
from registry.structured import observed_at_for, store_parsed

DAY1, DAY2, DAY3 = datetime(2026, 2, 27), datetime(2026, 5, 1), datetime(2026, 6, 1)
TABLES = ["api_terms", "scores", "perf", "access_history", "quarantine", "models", "model_aliases",
          "review_names"]


def snapshot(price: float = 2.5, license: str = "llama-4-community", score: float = 1280.0) -> ParsedSource:
    return ParsedSource(records=[
        SourceRecord("openai/gpt-4o", display_name="OpenAI: GPT-4o", provider="openrouter",
                     terms={"provider": "openrouter", "input_usd_per_mtok": price,
                            "output_usd_per_mtok": 10.0, "context_tokens": 128000},
                     perf={"ttft_s": 0.4, "output_tokens_per_s": 90.0}),
        SourceRecord("openai/gpt-4o:free", provider="openrouter",
                     terms={"provider": "openrouter", "input_usd_per_mtok": 0.0}),
        SourceRecord("meta-llama/Llama-4-Maverick-17B-128E-Instruct", org_hint="meta-llama",
                     access={"access": "open_weights", "license": license, "valid_from": date(2025, 4, 5),
                             "evidence": "https://huggingface.co/meta-llama/Llama-4-Maverick"}),
        SourceRecord("gpt-4o-2024-08-06", scores=[
            {"benchmark_id": "gpqa-diamond", "value": 51.0, "measured_by": "independent",
             "settings": "0-shot", "reported_on": date(2026, 2, 1)},
            {"benchmark_id": "lmarena-text", "value": score, "measured_by": "independent",
             "reported_on": date(2026, 2, 1)}]),
        SourceRecord("acme-labs/unheard-of-model-7b", org_hint="acme-labs",
                     terms={"provider": "openrouter", "input_usd_per_mtok": 0.1}),
        SourceRecord("Some Agent + Another Model", scores=[
            {"benchmark_id": "gpqa-diamond", "value": 40.0, "measured_by": "independent"}]),
    ], errors=[], as_of=date(2026, 2, 27))


def store(con, parsed: ParsedSource, when: datetime, run: str = "r", **kw) -> dict:
    return store_parsed(con, parsed, source_id="openrouter", source_url="https://openrouter.ai/api/v1/models",
                        run_id=run, resolver=Resolver.from_db(con), observed_at=when, **kw)


def test_store_a_parsed_source(curated_con) -> None:
    counts = store(curated_con, snapshot(), DAY1)
    assert counts["names_curated"] == 1 and counts["names_exact"] == 1  # "gpt-4o-2024-08-06": litellm's alias
    assert counts["names_provisional"] == 1 and counts["names_unresolved"] == 1
    terms = curated_con.execute("SELECT model_id, provider, source_model_name, input_usd_per_mtok FROM api_terms "
                                "ORDER BY model_id").fetchall()
    assert terms == [("gpt-4o", "openrouter", "openai/gpt-4o", 2.5),          # plainest name won over ":free"
                     ("unheard-of-model-7b", "openrouter", "acme-labs/unheard-of-model-7b", 0.1)]
    assert curated_con.execute("SELECT org_id, status FROM models WHERE model_id = 'unheard-of-model-7b'"
                               ).fetchone() == ("acme-labs", "discovered")
    scores = curated_con.execute("SELECT model_id, benchmark_id, value, measured_by, source_model_name "
                                 "FROM scores WHERE source_id = 'openrouter' ORDER BY value").fetchall()
    assert scores == [("gpt-4o", "gpqa-diamond", 51.0, "independent", "gpt-4o-2024-08-06"),
                      ("gpt-4o", "lmarena-text", 1280.0, "independent", "gpt-4o-2024-08-06")]
    assert curated_con.execute("SELECT model_id, ttft_s, measured_at FROM perf").fetchall() == [
        ("gpt-4o", 0.4, DAY1)]
    assert curated_con.execute(
        "SELECT access, license, valid_from, valid_to, evidence FROM access_history "
        "WHERE source_id = 'openrouter'").fetchall() == [
        ("open_weights", "llama-4-community", date(2025, 4, 5), None,
         "https://huggingface.co/meta-llama/Llama-4-Maverick")]
    assert curated_con.execute("SELECT name FROM review_names").fetchall() == [("Some Agent + Another Model",)]


def test_reimporting_the_same_snapshot_writes_nothing(curated_con) -> None:
    first = store(curated_con, snapshot(), DAY1)
    before = {t: curated_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    second = store(curated_con, snapshot(), DAY1, run="r2")
    assert first["rows_written"] > 0 and second["rows_written"] == 0
    assert all(second.get(t, 0) == 0 for t in TABLES)
    assert {t: curated_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES} == before


def test_later_snapshot_records_changes_as_history(curated_con) -> None:
    store(curated_con, snapshot(), DAY1)
    counts = store(curated_con, snapshot(price=2.0, license="llama-4-community-v2", score=1290.0), DAY2)
    assert (counts["terms_closed"], counts["terms_opened"]) == (1, 1)
    assert curated_con.execute(
        "SELECT input_usd_per_mtok, valid_from, valid_to FROM api_terms WHERE model_id = 'gpt-4o' "
        "ORDER BY valid_from").fetchall() == [(2.5, DAY1, DAY2), (2.0, DAY2, None)]
    access = curated_con.execute("SELECT license, valid_from, valid_to FROM access_history "
                                 "WHERE source_id = 'openrouter' ORDER BY valid_from").fetchall()
    assert access == [("llama-4-community", date(2025, 4, 5), date(2026, 5, 1)),
                      ("llama-4-community-v2", date(2026, 5, 1), None)]
    assert counts["scores"] == 1  # the changed Elo for the same (model, benchmark, day, name) is updated
    assert store(curated_con, snapshot(price=2.0, license="llama-4-community-v2", score=1290.0), DAY3,
                 run="r3")["access_history"] == 0  # identical state is not re-recorded


def test_schema_drift_keeps_the_valid_subset_and_closes_nothing(curated_con) -> None:
    store(curated_con, snapshot(), DAY1)
    drifted = ParsedSource(records=[SourceRecord(
        "openai/gpt-4o", provider="openrouter", terms={"provider": "openrouter", "input_usd_per_mtok": None,
                                                       "new_field_nobody_knows": "x"})],
        errors=["openrouter record 1 (anthropic/claude): pricing.prompt: not a number: 'NaN'"],
        as_of=None)
    counts = store(curated_con, drifted, DAY2)
    assert counts["rejected"] == 1 and counts.get("terms_closed_missing", 0) == 0
    open_rows = curated_con.execute("SELECT model_id, input_usd_per_mtok FROM api_terms "
                                    "WHERE valid_to IS NULL ORDER BY model_id").fetchall()
    assert open_rows == [("gpt-4o", None), ("unheard-of-model-7b", 0.1)]  # nothing else closed


def test_implausible_score_is_quarantined(curated_con) -> None:
    parsed = ParsedSource(records=[SourceRecord("gpt-4o", scores=[
        {"benchmark_id": "gpqa-diamond", "value": 140.0, "measured_by": "independent"}])],
        errors=[], as_of=None)
    counts = store(curated_con, parsed, DAY1)
    assert counts["quarantine"] == 1 and counts["scores"] == 0


def test_observed_at_comes_from_the_snapshot() -> None:
    assert observed_at_for(ParsedSource([], [], date(2025, 7, 22))) == datetime(2025, 7, 22)
    assert observed_at_for(ParsedSource([], [], None), date(2026, 5, 1)) == datetime(2026, 5, 1)


# ------------------------------------------------------------------ real snapshots (REALDATA_DIR)

def _import(con, realdata: Path, kind: str, path: str, source_id: str, on: date, run: str) -> dict:
    parsed = parser_for(kind)((realdata / path).read_bytes(), source_id=source_id, source_url=f"file:{path}")
    return store_parsed(con, parsed, source_id=source_id, source_url=f"file:{path}", run_id=run,
                        resolver=Resolver.from_db(con), observed_at=observed_at_for(parsed, on))


def _history(con, source_id: str, alias: str, provider: str) -> list[tuple]:
    model_id = con.execute("SELECT model_id FROM model_aliases WHERE source_id = ? AND alias = ?",
                           [source_id, alias]).fetchone()[0]
    return con.execute(
        "SELECT input_usd_per_mtok, output_usd_per_mtok, valid_from, valid_to FROM api_terms "
        "WHERE model_id = ? AND provider = ? AND source_id = ? ORDER BY valid_from",
        [model_id, provider, source_id]).fetchall()


@pytest.mark.timeout(300)
def test_litellm_snapshots_give_real_price_histories(curated_con, realdata: Path) -> None:
    old, new = date(2025, 7, 22), date(2026, 7, 24)
    _import(curated_con, realdata, "litellm", "litellm/model_prices_and_context_window.2025-07-22.json",
            "litellm", old, "r1")
    args = ("litellm", "litellm/model_prices_and_context_window.2026-07-24.json", "litellm", new)
    counts = _import(curated_con, realdata, *args, "r2")
    assert counts["terms_closed"] > 50 and counts["terms_opened"] > 1000
    t_old, t_new = datetime(2025, 7, 22), datetime(2026, 7, 24)
    assert _history(curated_con, "litellm", "azure_ai/mistral-small-2503", "azure_ai") == [
        (1.0, 3.0, t_old, t_new), (0.1, 0.3, t_new, None)]
    assert _history(curated_con, "litellm", "deepinfra/meta-llama/Meta-Llama-3-8B-Instruct", "deepinfra") == [
        (0.08, 0.08, t_old, t_new), (0.03, 0.06, t_new, None)]
    assert _import(curated_con, realdata, *args, "r3")["rows_written"] == 0


@pytest.mark.timeout(300)
def test_openrouter_snapshots_give_real_price_histories(curated_con, realdata: Path) -> None:
    _import(curated_con, realdata, "openrouter", "openrouter/openrouter-models.2026-02-27.json",
            "openrouter", date(2026, 2, 27), "r1")
    args = ("openrouter", "openrouter/openrouter-models.2026-05-01.json", "openrouter", date(2026, 5, 1))
    _import(curated_con, realdata, *args, "r2")
    assert _history(curated_con, "openrouter", "deepseek/deepseek-r1-0528", "openrouter") == [
        (0.4, 1.75, DAY1, DAY2), (0.5, 2.15, DAY2, None)]
    assert _history(curated_con, "openrouter", "z-ai/glm-4.6", "openrouter") == [
        (0.35, 1.71, DAY1, DAY2), (0.39, 1.9, DAY2, None)]
    assert _import(curated_con, realdata, *args, "r3")["rows_written"] == 0


def test_access_change_starts_when_observed_and_same_day_fixes_rewrite(curated_con) -> None:
    store(curated_con, snapshot(), DAY1)
    store(curated_con, snapshot(license="apache-2.0"), DAY2, run="r2")
    query = "SELECT license, valid_from, valid_to FROM access_history WHERE source_id = 'openrouter' ORDER BY 2"
    assert curated_con.execute(query).fetchall() == [
        ("llama-4-community", date(2025, 4, 5), date(2026, 5, 1)), ("apache-2.0", date(2026, 5, 1), None)]
    store(curated_con, snapshot(license="mit"), DAY2, run="r3")  # corrected the same day
    assert curated_con.execute(query).fetchall()[-1] == ("mit", date(2026, 5, 1), None)
    assert len(curated_con.execute(query).fetchall()) == 2
