"""simonw/llm-prices vendor files: one record per price period, open-ended null dates."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import llm_prices
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_periods(fixture_bytes):
    parsed = run(llm_prices, fixture_bytes("llm-prices-openai.json"))
    assert len(parsed.records) == 4 and parsed.errors == []
    gpt4o = by_name(parsed, "gpt-4o")[0]
    assert gpt4o.provider == "openai" and gpt4o.org_hint == "openai" and gpt4o.display_name == "GPT-4o"
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"],
            gpt4o.terms["cached_input_usd_per_mtok"]) == (2.5, 10, 1.25)
    assert gpt4o.extra == {}
    new, old = by_name(parsed, "o3")
    assert new.extra == {"valid_from": date(2025, 6, 10), "price_period": 0}
    assert old.extra == {"valid_to": date(2025, 6, 10), "price_period": 1}
    assert old.terms["input_usd_per_mtok"] == 10
    assert by_name(parsed, "text-davinci-003")[0].terms["cached_input_usd_per_mtok"] is None


@pytest.mark.parametrize("change, problem", [
    ({"input": "NaN"}, "price_history.0.input"), ({"input": "two"}, "price_history.0.input"),
    ({"from_date": "June"}, "price_history.0.from_date"),
    ({"from_date": "2026-01-01", "to_date": "2025-01-01"}, "before from_date"),
])
def test_schema_drift(fixture_bytes, change, problem):
    data = json.loads(fixture_bytes("llm-prices-openai.json"))
    data["models"][0]["price_history"][0].update(change)
    parsed = run(llm_prices, json.dumps(data).encode())
    assert len(parsed.records) == 3 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("llm_prices record 0 (gpt-4o): ") and problem in parsed.errors[0]


def test_missing_output_price_is_an_error_but_null_is_allowed(fixture_bytes):
    data = json.loads(fixture_bytes("llm-prices-openai.json"))
    del data["models"][0]["price_history"][0]["output"]
    data["models"][2]["price_history"][0]["output"] = None
    parsed = run(llm_prices, json.dumps(data).encode())
    assert len(parsed.errors) == 1 and "output: Field required" in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"<html>", "not_json"), (b'{"models": []}', "schema"),
                                        (b'{"vendor": "x", "models": []}', "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(llm_prices, body)
    assert info.value.kind == kind


def test_realdata_vendor_files(real_file):
    folder = real_file("llm-prices/data")
    parsed = {p.stem: run(llm_prices, p.read_bytes()) for p in sorted(folder.glob("*.json"))}
    assert sum(len(p.records) for p in parsed.values()) == 148
    assert sum(len(p.errors) for p in parsed.values()) == 0
    assert {k: len(p.records) for k, p in parsed.items()}["openai"] == 50
    muse = by_name(parsed["meta-ai"], "muse-spark-1.2")[0]
    assert (muse.terms["input_usd_per_mtok"], muse.terms["output_usd_per_mtok"]) == (1.25, 4.25)
    before, after = by_name(parsed["openai"], "gpt-5.6-luna")
    assert (before.terms["input_usd_per_mtok"], before.extra["valid_to"]) == (1.0, date(2026, 7, 30))
    assert (after.terms["input_usd_per_mtok"], after.extra["valid_from"]) == (0.2, date(2026, 7, 30))
