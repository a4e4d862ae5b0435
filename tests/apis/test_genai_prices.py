"""genai-prices: price histories (dated blocks), daily windows, tiered prices, v1/v2/YAML."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import genai_prices
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_history_periods(fixture_bytes):
    parsed = run(genai_prices, fixture_bytes("genai-prices-data.json"))
    assert len(parsed.records) == 8 and parsed.errors == []
    before, after = by_name(parsed, "o3", "openai")
    assert (before.terms["input_usd_per_mtok"], before.terms["output_usd_per_mtok"]) == (10, 40)
    assert before.extra["valid_to"] == date(2025, 6, 10) and "valid_from" not in before.extra
    assert (after.terms["input_usd_per_mtok"], after.terms["output_usd_per_mtok"]) == (2, 8)
    assert after.extra["valid_from"] == date(2025, 6, 10) and "valid_to" not in after.extra
    assert after.extra["match_equals"] == ["o3", "o3-2025-04-16"]


def test_fixture_tiers_windows_and_flat_prices(fixture_bytes):
    parsed = run(genai_prices, fixture_bytes("genai-prices-data.json"))
    tiered, flat = by_name(parsed, "claude-sonnet-4-6", "anthropic")
    assert tiered.terms["input_usd_per_mtok"] == 3 and tiered.terms["context_tokens"] == 1_000_000
    assert tiered.extra["price_tiers"]["output_mtok"] == [{"start_tokens": 200000, "usd_per_mtok": 22.5}]
    assert tiered.extra["valid_to"] == date(2026, 3, 13) and "price_tiers" not in flat.extra
    off_peak, peak = by_name(parsed, "deepseek-chat", "deepseek")
    assert off_peak.terms["input_usd_per_mtok"] == 0.135 and "daily_window" not in off_peak.extra
    assert peak.extra["daily_window"] == "00:30:00Z-16:30:00Z" and peak.terms["input_usd_per_mtok"] == 0.27
    sonnet = by_name(parsed, "claude-3-5-sonnet", "anthropic")[0]
    assert sonnet.terms["cached_input_usd_per_mtok"] == 0.3
    assert sonnet.extra["other_prices"] == {"cache_write_mtok": 3.75}


def test_fixture_provider_yaml(fixture_bytes):
    parsed = run(genai_prices, fixture_bytes("genai-prices-x_ai.yml"))
    assert [r.source_name for r in parsed.records] == ["grok-2-1212", "grok-3"]
    grok2 = parsed.records[0]
    assert grok2.provider == "x-ai" and grok2.extra["deprecated"] is True
    assert grok2.extra["prices_checked"] == date(2025, 7, 12)
    assert grok2.extra["match_equals"] == ["grok-2-1212", "grok-2", "grok-2-latest"]


@pytest.mark.parametrize("mutate, problem", [
    (lambda p: p[1]["models"][1].update(prices={"input_mtok": "NaN"}), "prices.input_mtok"),
    (lambda p: p[1]["models"][1].update(prices={"input_mtok": {"tiers": []}}), "without base"),
    (lambda p: p[1]["models"][1].update(prices="2.5"), "prices"),
    (lambda p: p[1]["models"][1].pop("id"), "id"),
    (lambda p: p[1]["models"][1].update(prices=[{"constraint": "always"}]), "prices"),
])
def test_schema_drift(fixture_bytes, mutate, problem):
    providers = json.loads(fixture_bytes("genai-prices-data.json"))
    mutate(providers)
    parsed = run(genai_prices, json.dumps(providers).encode())
    assert len(parsed.records) == 7 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("genai_prices record 3 (") and problem in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"{", "not_json"), (b'{"x": 1}', "schema"), (b"[]", "empty"),
                                        (b'[{"id": "openai", "models": []}]', "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(genai_prices, body)
    assert info.value.kind == kind


@pytest.mark.parametrize("name, records", [
    ("data-v2.json", 1466 + 15), ("data-v1-frozen.json", 1442 + 9), ("openai.yml", 89),
    ("anthropic.yml", 26), ("google.yml", 49), ("x_ai.yml", 17),
])
def test_realdata_counts(real_file, name, records):
    parsed = run(genai_prices, real_file(f"genai-prices/{name}").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (records, 0)


def test_realdata_v2_histories(real_file):
    parsed = run(genai_prices, real_file("genai-prices/data-v2.json").read_bytes())
    dated = [r for r in parsed.records if "valid_from" in r.extra]
    assert len(dated) == 13
    future = sorted({r.extra["valid_from"] for r in dated if r.extra["valid_from"] > date(2026, 8, 21)})
    assert future == [date(2026, 9, 1), date(2027, 1, 1)]
    _, cut = by_name(parsed, "o3", "openai")
    assert (cut.extra["valid_from"], cut.terms["input_usd_per_mtok"], cut.terms["output_usd_per_mtok"]) == \
        (date(2025, 6, 10), 2, 8)
    now, later = by_name(parsed, "claude-sonnet-5", "anthropic")
    assert (now.terms["input_usd_per_mtok"], later.terms["input_usd_per_mtok"]) == (2, 3)
    assert later.extra["valid_from"] == date(2026, 9, 1)
