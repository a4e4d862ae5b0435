"""OpenRouter /api/v1/models: per-token price strings, variants, envelopes, the pt-BR scrape."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import openrouter
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_prices_are_usd_per_mtok(fixture_bytes):
    parsed = run(openrouter, fixture_bytes("openrouter-models.json"))
    assert len(parsed.records) == 4 and parsed.errors == []
    gpt4o = by_name(parsed, "openai/gpt-4o")[0]
    assert gpt4o.terms["input_usd_per_mtok"] == 2.5
    assert gpt4o.terms["output_usd_per_mtok"] == 10.0
    assert gpt4o.terms["cached_input_usd_per_mtok"] == 1.25
    assert gpt4o.terms["context_tokens"] == 128000 and gpt4o.terms["max_output_tokens"] == 16384
    assert gpt4o.provider == "openrouter" and gpt4o.org_hint == "openai"
    assert gpt4o.released_on == date(2024, 5, 13)
    assert gpt4o.extra["modalities_in"] == ["text", "image", "file"]
    assert gpt4o.extra["other_prices_per_unit"] == {"web_search": 0.01}


def test_fixture_variable_price_and_free_variant(fixture_bytes):
    parsed = run(openrouter, fixture_bytes("openrouter-models.json"))
    auto = by_name(parsed, "openrouter/auto")[0]
    assert auto.terms["input_usd_per_mtok"] is None and auto.terms["output_usd_per_mtok"] is None
    assert auto.extra["variable_pricing"] == ["prompt", "completion"]
    assert "hugging_face_id" not in auto.extra  # "" is no id
    free = by_name(parsed, "meta-llama/llama-3.3-70b-instruct:free")[0]
    assert free.extra["variant"] == "free" and free.terms["input_usd_per_mtok"] == 0.0
    llama = by_name(parsed, "meta-llama/llama-3.1-405b-instruct")[0]
    assert llama.org_hint == "meta-llama" and llama.terms["input_usd_per_mtok"] == 0.8
    assert llama.extra["top_provider_context_length"] == 32768
    assert llama.extra["hugging_face_id"] == "meta-llama/Meta-Llama-3.1-405B-Instruct"


def test_bare_array_equals_envelope(fixture_bytes):
    data = json.loads(fixture_bytes("openrouter-models.json"))
    bare = run(openrouter, json.dumps(data["data"]).encode())
    wrapped = run(openrouter, fixture_bytes("openrouter-models.json"))
    assert bare.records == wrapped.records


def test_fixture_scraped_ptbr_table(fixture_bytes):
    parsed = run(openrouter, fixture_bytes("openrouter-scraped.json"))
    assert len(parsed.records) == 3 and parsed.errors == []
    mini = by_name(parsed, "openai/gpt-4o-mini")[0]
    assert mini.terms["input_usd_per_mtok"] == 0.15 and mini.terms["output_usd_per_mtok"] == 0.6
    assert mini.terms["context_tokens"] == 128000 and mini.display_name == "GPT-4o-mini"
    flash = by_name(parsed, "google/gemini-2.5-flash")[0]
    assert flash.terms["context_tokens"] == 1048576 and flash.terms["output_usd_per_mtok"] == 2.5
    unknown = by_name(parsed, "qwen/qwen3-vl-32b-instruct")[0]
    assert unknown.terms["input_usd_per_mtok"] is None


def _drifted(fixture_bytes, mutate):
    data = json.loads(fixture_bytes("openrouter-models.json"))
    mutate(data["data"])
    return run(openrouter, json.dumps(data).encode())


@pytest.mark.parametrize("mutate, field", [
    (lambda rows: rows[0]["pricing"].update(prompt="NaN"), "pricing.prompt"),
    (lambda rows: rows[0]["pricing"].update(prompt="three dollars"), "pricing.prompt"),
    (lambda rows: rows[0]["pricing"].update(prompt={"usd": "0.0000025"}), "pricing.prompt"),
    (lambda rows: rows[0].pop("pricing"), "pricing"),
    (lambda rows: rows[0].update(id=None), "id"),
    (lambda rows: rows[0].update(context_length="lots"), "context_length"),
])
def test_schema_drift_rejects_one_record(fixture_bytes, mutate, field):
    parsed = _drifted(fixture_bytes, mutate)
    assert len(parsed.records) == 3 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("openrouter record 0 (")
    assert f"): {field}" in parsed.errors[0]


def test_schema_drift_tolerated_when_meaning_is_clear(fixture_bytes):
    def mutate(rows):
        rows[0]["pricing"]["prompt"] = 0.0000025  # a number instead of a string
        rows[0]["context_length"] = "128000"
        rows[0]["architecture"] = None
        rows[0]["surprise"] = {"nested": [1, 2]}
    parsed = _drifted(fixture_bytes, mutate)
    assert parsed.errors == []
    assert by_name(parsed, "openai/gpt-4o")[0].terms["input_usd_per_mtok"] == 2.5


@pytest.mark.parametrize("body, kind", [
    (b"<html>Just a moment...</html>", "not_json"), (b"", "not_json"),
    (b'{"error": "rate limited"}', "schema"), (b'{"data": []}', "empty"), (b"[1, 2, 3]", "schema"),
])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(openrouter, body)
    assert info.value.kind == kind


def test_realdata_envelope_snapshot(real_file):
    parsed = run(openrouter, real_file("openrouter/openrouter-models.2026-02-27.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (344, 0)
    variable = [r.source_name for r in parsed.records if r.extra.get("variable_pricing")]
    assert sorted(variable) == ["openrouter/auto", "openrouter/bodybuilder"]
    seed = by_name(parsed, "bytedance-seed/seed-2.0-mini")[0]
    assert seed.terms["input_usd_per_mtok"] == 0.1 and seed.terms["output_usd_per_mtok"] == 0.4
    assert seed.released_on == date(2026, 2, 26)


def test_realdata_bare_array_snapshot(real_file):
    parsed = run(openrouter, real_file("openrouter/openrouter-models.2026-05-01.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (371, 0)
    gpt4o = by_name(parsed, "openai/gpt-4o")[0]
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"]) == (2.5, 10.0)
    assert sum(1 for r in parsed.records if r.extra.get("variant") == "free") == 29
    jamba = by_name(parsed, "ai21/jamba-large-1.7")[0]
    assert (jamba.terms["input_usd_per_mtok"], jamba.terms["output_usd_per_mtok"]) == (2.0, 8.0)
    assert jamba.extra["hugging_face_id"] == "ai21labs/AI21-Jamba-Large-1.7"


def test_realdata_scraped_table(real_file):
    parsed = run(openrouter, real_file("openrouter/scraped-openrouter_models.2025-10-25.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (552, 2)
    assert "'0100% off'" in parsed.errors[0]  # "$0" and "100% off" glued together by the scraper
    minimax = by_name(parsed, "minimax/minimax-m2:free")[0]
    assert minimax.terms["context_tokens"] == 204800 and minimax.terms["input_usd_per_mtok"] == 0.0


@pytest.mark.parametrize("cell, value", [
    ("$0,05", 0.05), ("$1.234,50", 1234.5), ("1.048.576", 1048576), ("204.800", 204800),
    ("$0.05", 0.05), ("$0.138", 0.138), ("$15", 15), ("--", None),
])
def test_scraped_number_cells(cell, value):
    assert openrouter._ptbr_number(cell) == value
