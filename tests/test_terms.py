"""api_terms as a history (open/close, observed_at, stale, missing) and the quarantine (B9, B10)."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from registry.records import Terms
from registry.terms import record_terms, screen_scores

T1, T2, T3 = datetime(2025, 7, 22), datetime(2025, 8, 1), datetime(2026, 7, 24)


def gpt(price: float = 2.5, out: float = 10.0, **kw) -> Terms:
    return Terms("gpt-4o", "openai", "litellm", input_usd_per_mtok=price, output_usd_per_mtok=out,
                 context_tokens=kw.pop("context_tokens", 128_000), **kw)


def rows(con, model: str = "gpt-4o") -> list[tuple]:
    return con.execute(
        "SELECT input_usd_per_mtok, output_usd_per_mtok, valid_from, valid_to, observed_at FROM api_terms "
        "WHERE model_id = ? ORDER BY valid_from", [model]).fetchall()


def test_first_observation_opens_a_row(con) -> None:
    counts = record_terms(con, [gpt()], "r1", observed_at=T1)
    assert counts["opened"] == 1 and counts["rows_written"] == 1
    assert rows(con) == [(2.5, 10.0, T1, None, T1)]


def test_identical_observation_only_moves_observed_at(con) -> None:
    record_terms(con, [gpt()], "r1", observed_at=T1)
    assert record_terms(con, [gpt()], "r1", observed_at=T1)["rows_written"] == 0  # same snapshot
    counts = record_terms(con, [gpt()], "r2", observed_at=T2)
    assert (counts["touched"], counts["opened"], counts["rows_written"]) == (1, 0, 1)
    assert rows(con) == [(2.5, 10.0, T1, None, T2)]


def test_a_change_closes_the_open_row_and_opens_a_new_one(con) -> None:
    record_terms(con, [gpt()], "r1", observed_at=T1)
    counts = record_terms(con, [gpt(2.0, 8.0)], "r2", observed_at=T3)
    assert (counts["closed"], counts["opened"]) == (1, 1)
    assert rows(con) == [(2.5, 10.0, T1, T3, T1), (2.0, 8.0, T3, None, T3)]
    assert con.execute("SELECT count(*) FROM api_terms WHERE valid_to IS NULL").fetchone() == (1,)


def test_an_older_observation_is_stale_and_changes_nothing(con) -> None:
    record_terms(con, [gpt(2.0, 8.0)], "r1", observed_at=T3)
    counts = record_terms(con, [gpt()], "r0", observed_at=T1)
    assert counts["stale"] == 1 and counts["rows_written"] == 0
    assert rows(con) == [(2.0, 8.0, T3, None, T3)]


def test_an_empty_batch_never_closes_rows(con) -> None:
    record_terms(con, [gpt()], "r1", observed_at=T1)
    assert record_terms(con, [], "r2", observed_at=T3, close_missing=True) == {}
    assert rows(con)[0][3] is None


def test_missing_models_close_only_when_the_batch_covers_the_source(con) -> None:
    models = [Terms(f"m{i}", "p", "s", input_usd_per_mtok=1.0) for i in range(10)]
    record_terms(con, models, "r1", observed_at=T1)
    half_page = record_terms(con, models[:3], "r2", observed_at=T2, close_missing=True)
    assert half_page["missing_not_closed"] == 7 and "closed_missing" not in half_page
    most = record_terms(con, models[:8], "r3", observed_at=T3, close_missing=True)
    assert most["closed_missing"] == 2
    closed = con.execute("SELECT model_id, valid_to FROM api_terms WHERE valid_to IS NOT NULL "
                         "ORDER BY model_id").fetchall()
    assert closed == [("m8", T3), ("m9", T3)]


def test_dated_price_history_in_one_batch(con) -> None:
    history = [gpt(5.0, 15.0), gpt(2.5, 10.0), gpt(2.5, 10.0)]
    starts = [datetime(2024, 5, 13), datetime(2024, 8, 6), datetime(2024, 10, 1)]
    counts = record_terms(con, history, "r1", observed_at=T3, valid_from=starts)
    assert (counts["opened"], counts["closed"]) == (2, 1)
    assert rows(con) == [(5.0, 15.0, starts[0], starts[1], T3), (2.5, 10.0, starts[1], None, T3)]
    assert record_terms(con, history, "r1", observed_at=T3, valid_from=starts)["rows_written"] == 0


def test_duplicate_keys_in_a_batch_are_deduplicated(con) -> None:
    counts = record_terms(con, [gpt(1.0), gpt(2.0)], "r1", observed_at=T1)
    assert counts["opened"] == 1 and rows(con)[0][0] == 2.0


def test_implausible_values_are_quarantined_not_current(con) -> None:
    record_terms(con, [gpt(), Terms("cheap", "p", "s", input_usd_per_mtok=0.2)], "r1", observed_at=T1)
    bad = [gpt(250.0, 10.0),                                          # 100x jump
           Terms("cheap", "p", "s", input_usd_per_mtok=0.001),         # 200x drop
           Terms("neg", "p", "s", input_usd_per_mtok=-1.0),            # negative
           Terms("ctx", "p", "s", input_usd_per_mtok=1.0, context_tokens=0)]
    counts = record_terms(con, bad, "r2", observed_at=T3)
    assert (counts["quarantined"], counts["opened"], counts["closed"]) == (4, 0, 0)
    assert rows(con) == [(2.5, 10.0, T1, None, T1)]  # still the current row
    found = con.execute("SELECT model_id, field, value, previous_value, reason FROM quarantine "
                        "ORDER BY model_id").fetchall()
    assert found == [
        ("cheap", "input_usd_per_mtok", 0.001, 0.2, "price changed >= 100x against the current row"),
        ("ctx", "context_tokens", 0.0, None, "token limit <= 0"),
        ("gpt-4o", "input_usd_per_mtok", 250.0, 2.5, "price changed >= 100x against the current row"),
        ("neg", "input_usd_per_mtok", -1.0, None, "negative price"),
    ]
    assert record_terms(con, bad, "r3", observed_at=T3)["rows_written"] == 0  # same problems, same ids
    assert con.execute("SELECT count(*) FROM api_terms WHERE model_id IN ('neg', 'ctx')").fetchone() == (0,)


def test_a_99x_change_is_accepted(con) -> None:
    record_terms(con, [gpt(1.0)], "r1", observed_at=T1)
    assert record_terms(con, [gpt(99.0)], "r2", observed_at=T3)["opened"] == 1


def test_scores_outside_the_benchmark_scale_are_quarantined(curated_con) -> None:
    scores = pd.DataFrame([
        {"score_id": "a", "model_id": "gpt-4o", "benchmark_id": "gpqa-diamond", "value": 140.0, "source_id": "s"},
        {"score_id": "b", "model_id": "gpt-4o", "benchmark_id": "gpqa-diamond", "value": 53.6, "source_id": "s"},
        {"score_id": "c", "model_id": "gpt-4o", "benchmark_id": "gpqa-diamond", "value": -3.0, "source_id": "s"},
        {"score_id": "d", "model_id": "gpt-4o", "benchmark_id": "no-scale-known", "value": 1e6, "source_id": "s"},
    ])
    kept, written = screen_scores(curated_con, scores, "r1", T1)
    assert list(kept["score_id"]) == ["b", "d"] and written == 2
    reasons = [r[0] for r in curated_con.execute("SELECT reason FROM quarantine ORDER BY value").fetchall()]
    assert reasons == ["score below the benchmark's scale_min", "score above the benchmark's scale_max"]
    assert screen_scores(curated_con, scores, "r2", T1)[1] == 0
