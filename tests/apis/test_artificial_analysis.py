"""Artificial Analysis models API: index scores as-is, fractions to percent, perf, median prices."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from ingest.apis import artificial_analysis as aa
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run

OBSERVED = date(2026, 6, 27)


def test_fixture_v2_page(fixture_bytes):
    parsed = run(aa, fixture_bytes("aa-models-v2.json"), observed_on=OBSERVED)
    assert len(parsed.records) == 3 and parsed.errors == []
    gemini = by_name(parsed, "gemini-2-5-pro")[0]
    assert gemini.display_name == "Gemini 2.5 Pro" and gemini.org_hint == "google"
    assert gemini.released_on == date(2025, 6, 5)
    assert gemini.scores == [{"benchmark_id": "aa-intelligence-index", "value": 27,
                              "measured_by": "independent", "reported_on": OBSERVED,
                              "source_model_name": "gemini-2-5-pro",
                              "source_url": "https://example.test/payload"}]
    assert gemini.terms["input_usd_per_mtok"] == 1.25 and gemini.terms["output_usd_per_mtok"] == 10
    assert gemini.terms["cached_input_usd_per_mtok"] == 0.13
    assert gemini.perf == {"provider": "artificial_analysis", "ttft_s": 21.5,
                           "output_tokens_per_s": 143.2, "measured_at": datetime(2026, 6, 27)}
    assert gemini.extra["partial_listing"] == "page 1 of 2"
    glm = by_name(parsed, "glm-4-5v")[0]
    assert glm.org_hint == "z-ai" and glm.display_name == "GLM-4.5V (Non-reasoning)"
    realtime = by_name(parsed, "gpt-4o-mini-realtime-dec-2024")[0]
    assert realtime.scores == [] and realtime.terms is None and realtime.perf is None


def test_fixture_per_benchmark_fractions_become_percent(fixture_bytes):
    parsed = run(aa, fixture_bytes("aa-models-per-benchmark.json"), observed_on=OBSERVED)
    o3 = by_name(parsed, "o3-mini-high")[0]
    values = {s["benchmark_id"]: s["value"] for s in o3.scores}
    assert values == {"aa-intelligence-index": 50.8, "mmlu-pro": 80.2, "gpqa-diamond": 77.3,
                      "hle": 12.3, "livecodebench": 73.4, "math-500": 98.5, "aime": 86.0}
    assert o3.org_hint == "openai"
    assert o3.perf["output_tokens_per_s"] == 152.4 and o3.perf["ttft_s"] == 33.1
    assert o3.extra["blended_usd_per_mtok"] == 1.925


@pytest.mark.parametrize("path, value, field", [
    (("evaluations", "artificial_analysis_intelligence_index"), "NaN", "evaluations"),
    (("evaluations", "artificial_analysis_intelligence_index"), {"v": 27}, "evaluations"),
    (("pricing", "price_1m_input_tokens"), "cheap", "pricing.price_1m_input_tokens"),
    (("slug",), None, "slug"),
])
def test_schema_drift(fixture_bytes, path, value, field):
    data = json.loads(fixture_bytes("aa-models-v2.json"))
    target = data["data"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    parsed = run(aa, json.dumps(data).encode())
    assert len(parsed.records) == 2 and len(parsed.errors) == 1 and field in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"Unauthorized", "not_json"),
                                        (b'{"error": "missing key"}', "schema"),
                                        (b'{"data": []}', "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(aa, body)
    assert info.value.kind == kind


def test_realdata_free_page(real_file):
    body = real_file("artificial-analysis/aa-llms-models-v2-free-page1.2026-06-27.json").read_bytes()
    parsed = run(aa, body, observed_on=OBSERVED)
    assert (len(parsed.records), len(parsed.errors)) == (200, 0)
    scored = [s for r in parsed.records for s in r.scores]
    assert len(scored) == 197 + 30 + 14  # intelligence, coding and agentic index values present
    assert sum(1 for r in parsed.records if r.perf) == 108
    glm = by_name(parsed, "glm-4-5v")[0]
    assert (glm.terms["input_usd_per_mtok"], glm.terms["output_usd_per_mtok"]) == (0.6, 1.8)
    assert glm.perf["output_tokens_per_s"] == 37.98 and glm.scores[0]["value"] == 7
