"""SWE-bench leaderboards: model from tags, scaffold in settings, Verified/Lite scored."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from ingest.apis import swe_bench
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_boards(fixture_bytes):
    parsed = run(swe_bench, fixture_bytes("swe-bench-leaderboards.json"))
    assert len(parsed.records) == 4 and parsed.errors == []
    sonnet = by_name(parsed, "claude-3-5-sonnet-20241022")[0]
    assert sonnet.scores[0] == {
        "benchmark_id": "swe-bench-verified", "value": 53.0, "measured_by": "independent",
        "settings": "scaffold: OpenHands + CodeAct v2.1 (claude-3-5-sonnet-20241022)",
        "reported_on": date(2024, 10, 29), "variant_note": None,
        "source_model_name": "claude-3-5-sonnet-20241022", "source_url": "https://example.test/payload"}
    assert sonnet.org_hint == "openhands"
    ensemble = by_name(parsed, "TRAE + Doubao-Seed-Code")[0]
    assert ensemble.extra["model_tags"] == ["Doubao-Seed-Code", "Doubao-Seed-1.6"]
    assert ensemble.scores[0]["variant_note"] == "ensemble of 2 models"
    lite = by_name(parsed, "gpt-4-1106-preview")[0]
    assert lite.scores[0]["benchmark_id"] == "swe-bench-lite" and lite.scores[0]["value"] == 18.0
    bash = by_name(parsed, "claude-sonnet-4-5-20250929")[0]
    assert bash.scores == [] and bash.extra["resolved_percent"] == 70.6
    assert bash.extra["leaderboard"] == "bash-only"


@pytest.mark.parametrize("change, field", [
    ({"resolved": "NaN"}, "resolved"), ({"resolved": None}, "resolved"),
    ({"tags": "Model: x"}, "tags"), ({"date": "2025-02-30"}, "date"),
])
def test_schema_drift(fixture_bytes, change, field):
    data = json.loads(fixture_bytes("swe-bench-leaderboards.json"))
    data["leaderboards"][1]["results"][1].update(change)
    parsed = run(swe_bench, json.dumps(data).encode())
    assert len(parsed.records) == 3 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("swe_bench record 2 (OpenHands") and field in parsed.errors[0]


def test_board_without_results_list_is_reported(fixture_bytes):
    data = json.loads(fixture_bytes("swe-bench-leaderboards.json"))
    data["leaderboards"][2]["results"] = {"oops": True}
    parsed = run(swe_bench, json.dumps(data).encode())
    assert parsed.errors == ["swe_bench leaderboard 'Lite': results: not a list"]


@pytest.mark.parametrize("body, kind", [(b"[", "not_json"), (b'{"leaderboards": 3}', "schema"),
                                        (b'{"leaderboards": []}', "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(swe_bench, body)
    assert info.value.kind == kind


def test_realdata(real_file):
    parsed = run(swe_bench, real_file("swe-bench/leaderboards.2025-11-19.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (301, 0)
    benchmarks = Counter(s["benchmark_id"] for r in parsed.records for s in r.scores)
    assert benchmarks == {"swe-bench-verified": 151, "swe-bench-lite": 84}
    top = max((s["value"], r.source_name) for r in parsed.records for s in r.scores
              if s["benchmark_id"] == "swe-bench-verified")
    assert top == (78.8, "TRAE + Doubao-Seed-Code")
    sonnet4 = [r for r in by_name(parsed, "claude-sonnet-4-20250514")
               if r.scores and r.scores[0]["value"] == 76.8]
    assert sonnet4[0].scores[0]["settings"] == \
        "scaffold: EPAM AI/Run Developer Agent v20250719 + Claude 4 Sonnet"
