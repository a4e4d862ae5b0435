"""Epoch AI CSV exports: models (access), ECI scores, Benchmarking Hub runs, model versions."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.apis import epoch
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_models_table(fixture_bytes):
    parsed = run(epoch, fixture_bytes("epoch-notable-models.csv"))
    assert len(parsed.records) == 5 and parsed.errors == []
    llama = by_name(parsed, "Llama 3.1-405B")[0]
    assert llama.org_hint == "meta-ai" and llama.released_on == date(2024, 7, 23)
    assert llama.access == {"access": "open_weights", "license": None, "valid_from": date(2024, 7, 23),
                            "evidence": "Epoch AI model accessibility: Open weights (restricted use)"}
    assert llama.extra["parameters_b"] == 405.0 and llama.extra["training_compute_flop"] == 3.8e25
    assert by_name(parsed, "Grok-3")[0].access["access"] == "product_only"
    assert by_name(parsed, "GPT-4o")[0].access["access"] == "api"
    assert by_name(parsed, "Chinchilla")[0].access["access"] == "unreleased"
    evo = by_name(parsed, "Evo 2 40B")[0]
    assert evo.org_hint == "arc-institute"
    assert evo.extra["organizations"] == ["Arc Institute", "Stanford University", "NVIDIA"]


def test_fixture_eci(fixture_bytes):
    parsed = run(epoch, fixture_bytes("epoch-eci.csv"), observed_on=date(2026, 3, 9))
    assert len(parsed.records) == 3 and parsed.errors == []
    gpt = by_name(parsed, "gpt-5.4-2026-03-05_high")[0]
    assert gpt.display_name == "GPT-5.4 (high)" and gpt.access is None
    assert gpt.scores[0]["benchmark_id"] == "epoch-capabilities-index"
    assert gpt.scores[0]["value"] == 155.973919568783
    assert by_name(parsed, "gpt-5.3-codex")[0].extra["model_name"] == "GPT-5.3 Codex"  # newline dropped
    llama = by_name(parsed, "Llama-3.1-405B-Instruct")[0]
    assert llama.scores == [] and llama.access["access"] == "open_weights"


def test_fixture_benchmark_runs(fixture_bytes):
    parsed = run(epoch, fixture_bytes("epoch-benchmark-runs.csv"))
    values = {(r.source_name, s["benchmark_id"]): (s["value"], s["reported_on"])
              for r in parsed.records for s in r.scores}
    assert values == {
        ("gpt-5.1_medium", "gpqa-diamond"): (85.0, date(2025, 11, 17)),
        ("claude-2.0", "gpqa-diamond"): (34.6590909091, date(2025, 11, 16)),
        ("o4-mini-2025-04-16_high", "frontiermath"): (19.0, date(2025, 11, 16)),
    }
    assert by_name(parsed, "o4-mini-2025-04-16_high")[0].scores[0]["settings"] == \
        "Epoch Benchmarking Hub: FrontierMath-2025-02-28-Private"


@pytest.mark.parametrize("old, new, problem", [
    ("405000000000.0", "four hundred billion", "Parameters"),
    ("2024-07-23", "23/07/2024", "Publication date"),
    ("Llama 3.1-405B,", ",", "Model"),
])
def test_schema_drift(fixture_bytes, old, new, problem):
    text = fixture_bytes("epoch-notable-models.csv").decode().replace(old, new, 1)
    parsed = run(epoch, text.encode())
    assert len(parsed.records) == 4 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("epoch record 0 (") and problem in parsed.errors[0]


def test_unknown_accessibility_is_kept_without_access(fixture_bytes):
    text = fixture_bytes("epoch-notable-models.csv").decode().replace("API access", "Coming soon")
    gpt = by_name(run(epoch, text.encode()), "GPT-4o")[0]
    assert gpt.access is None and gpt.extra["accessibility"] == "Coming soon"


@pytest.mark.parametrize("body, kind", [
    (b"", "empty"), (b"Organization,Country\n Meta AI,US\n", "schema"),
    (b"Model,Publication date\n", "empty"), (b"\x00\x01\x02", "not_json"),
])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(epoch, body)
    assert info.value.kind == kind


@pytest.mark.parametrize("name, records, errors", [
    ("all_ai_models.2025-03.csv", 2225, 3), ("notable_ai_models.2025-02-24.csv", 895, 0),
    ("epoch_capabilities_index.2026-03-09.csv", 583, 0),
    ("epoch_capabilities_index-with-2-manual-rows.2026-04-10.csv", 585, 0),
    ("benchmarking-hub-runs.csv", 336, 0), ("benchmarking-hub-model-versions.csv", 246, 0),
    ("benchmark-stitching/benchmarks_runs.csv", 541, 0),
    ("benchmark-stitching/model_versions.csv", 574, 0),
])
def test_realdata_counts(real_file, name, records, errors):
    parsed = run(epoch, real_file(f"epoch-ai/{name}").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (records, errors)


def test_realdata_values(real_file):
    models = run(epoch, real_file("epoch-ai/all_ai_models.2025-03.csv").read_bytes())
    assert all(": Model: " in e for e in models.errors)  # three rows with no model name
    llama = by_name(models, "Llama 3.1-405B")[0]
    assert llama.access["access"] == "open_weights" and llama.extra["parameters_b"] == 405.0
    accesses = [r.access["access"] for r in models.records if r.access]
    assert (accesses.count("open_weights"), accesses.count("unreleased")) == (373 + 125 + 107, 442)
    eci = run(epoch, real_file("epoch-ai/epoch_capabilities_index-with-2-manual-rows.2026-04-10.csv").read_bytes())
    muse = by_name(eci, "muse-spark-2026-04-08")[0]
    assert muse.scores[0]["value"] == 154.0 and muse.org_hint == "meta-ai"
    assert muse.released_on == date(2026, 4, 8) and muse.extra["confidence"] == "Unverified"
    assert sum(1 for r in eci.records if r.scores) == 585 - 285
