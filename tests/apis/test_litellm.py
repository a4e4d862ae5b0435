"""LiteLLM price map: text modes only, per-token -> per-Mtok, tiers, deprecation, drift."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import litellm
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_records_and_skips(fixture_bytes):
    parsed = run(litellm, fixture_bytes("litellm-prices.json"))
    names = sorted(r.source_name for r in parsed.records)
    assert names == ["bedrock/us-east-1/anthropic.claude-3-5-sonnet-20240620-v1:0",
                     "claude-3-opus-20240229", "gemini-2.5-pro", "gpt-3.5-turbo-instruct", "gpt-4o"]
    assert parsed.errors == [] and parsed.as_of == date(2026, 7, 24)


def test_fixture_literal_terms(fixture_bytes):
    parsed = run(litellm, fixture_bytes("litellm-prices.json"))
    gpt4o = by_name(parsed, "gpt-4o")[0]
    assert gpt4o.provider == "openai"
    assert gpt4o.terms["input_usd_per_mtok"] == 2.5 and gpt4o.terms["output_usd_per_mtok"] == 10.0
    assert gpt4o.terms["cached_input_usd_per_mtok"] == 1.25
    assert (gpt4o.terms["context_tokens"], gpt4o.terms["max_output_tokens"]) == (128000, 16384)
    assert gpt4o.extra["tiered_prices_usd_per_mtok"] == {"input_usd_per_mtok_batches": 1.25,
                                                         "output_usd_per_mtok_batches": 5.0}
    assert gpt4o.extra["capabilities"] == ["function_calling", "prompt_caching", "vision"]
    bedrock = by_name(parsed, "bedrock/us-east-1/anthropic.claude-3-5-sonnet-20240620-v1:0")[0]
    assert bedrock.provider == "bedrock" and bedrock.terms["input_usd_per_mtok"] == 3.0
    assert bedrock.terms["output_usd_per_mtok"] == 15.0
    opus = by_name(parsed, "claude-3-opus-20240229")[0]
    assert opus.deprecated_on == date(2026, 5, 1) and opus.terms["output_usd_per_mtok"] == 75.0
    assert opus.extra["cache_write_usd_per_mtok"] == 18.75
    gemini = by_name(parsed, "gemini-2.5-pro")[0]
    assert gemini.extra["tiered_prices_usd_per_mtok"] == {
        "input_usd_per_mtok_above_200k_tokens": 2.5, "output_usd_per_mtok_above_200k_tokens": 15.0}
    assert by_name(parsed, "gpt-3.5-turbo-instruct")[0].extra["mode"] == "completion"


def _drift(fixture_bytes, name, **changes):
    data = json.loads(fixture_bytes("litellm-prices.json"))
    data[name].update(changes)
    return run(litellm, json.dumps(data).encode())


@pytest.mark.parametrize("changes, field", [
    ({"input_cost_per_token": "NaN"}, "input_cost_per_token"),
    ({"input_cost_per_token": "cheap"}, "input_cost_per_token"),
    ({"max_input_tokens": {"value": 128000}}, "max_input_tokens"),
    ({"litellm_provider": None}, "litellm_provider"),
    ({"deprecation_date": "soon"}, "deprecation_date"),
    ({"input_cost_per_token_above_200k_tokens": "x"}, "input_cost_per_token_above_200k_tokens"),
])
def test_schema_drift_is_one_error_line(fixture_bytes, changes, field):
    parsed = _drift(fixture_bytes, "gpt-4o", **changes)
    assert len(parsed.records) == 4 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("litellm record 1 (gpt-4o): ")
    assert field in parsed.errors[0]


def test_strings_for_numbers_are_read(fixture_bytes):
    parsed = _drift(fixture_bytes, "gpt-4o", input_cost_per_token="2.5e-06", max_input_tokens="128000")
    gpt4o = by_name(parsed, "gpt-4o")[0]
    assert gpt4o.terms["input_usd_per_mtok"] == 2.5 and gpt4o.terms["context_tokens"] == 128000


@pytest.mark.parametrize("body, kind", [
    (b"not json", "not_json"), (b"[]", "schema"), (b'{"sample_spec": {"mode": "chat"}}', "empty"),
    (b'{"text-embedding-3-small": {"mode": "embedding", "litellm_provider": "openai"}}', "empty"),
])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(litellm, body)
    assert info.value.kind == kind


def test_realdata_2026(real_file):
    parsed = run(litellm, real_file("litellm/model_prices_and_context_window.2026-07-24.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (2406, 0)
    assert parsed.as_of == date(2026, 7, 24)
    modes = [r.extra["mode"] for r in parsed.records]
    assert (modes.count("chat"), modes.count("responses"), modes.count("completion")) == (2285, 85, 36)
    gpt4o = by_name(parsed, "gpt-4o")[0]
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"],
            gpt4o.terms["cached_input_usd_per_mtok"]) == (2.5, 10.0, 1.25)
    assert gpt4o.extra["tiered_prices_usd_per_mtok"]["input_usd_per_mtok_priority"] == 4.25
    assert by_name(parsed, "claude-3-opus-20240229")[0].deprecated_on == date(2026, 5, 1)
    grok = by_name(parsed, "xai/grok-4-fast-reasoning")[0]
    assert grok.terms["context_tokens"] == 2_000_000  # written as 2000000.0 in the file
    assert len(by_name(parsed, "bedrock/us-gov-east-1/anthropic.claude-3-5-sonnet-20240620-v1:0")) == 1


def test_realdata_2025(real_file):
    parsed = run(litellm, real_file("litellm/model_prices_and_context_window.2025-07-22.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (997, 0)
    assert parsed.as_of == date(2025, 7, 22)
    gpt4o = by_name(parsed, "gpt-4o")[0]
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"]) == (2.5, 10.0)
