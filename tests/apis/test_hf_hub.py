"""Hugging Face Hub listings: open-weights access from public repos, three payload shapes."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import hf_hub
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_api_list(fixture_bytes):
    parsed = run(hf_hub, fixture_bytes("hf-hub-models.json"))
    assert len(parsed.records) == 3 and parsed.errors == [] and parsed.as_of is None
    llama = by_name(parsed, "meta-llama/Llama-3.1-405B-Instruct")[0]
    assert llama.org_hint == "meta-llama" and llama.released_on == date(2024, 7, 16)
    assert llama.access == {
        "access": "open_weights", "license": "llama3.1", "valid_from": date(2024, 7, 16),
        "evidence": "https://huggingface.co/meta-llama/Llama-3.1-405B-Instruct (gated: accept terms to download)"}
    assert llama.extra["gated"] == "manual" and llama.extra["downloads"] == 152394
    mistral = by_name(parsed, "mistralai/Mistral-7B-v0.1")[0]
    assert mistral.access["license"] == "apache-2.0" and mistral.extra["gated"] is False
    r1 = by_name(parsed, "deepseek-ai/DeepSeek-R1")[0]
    assert r1.access["license"] == "mit"  # from cardData when no license: tag
    assert r1.access["evidence"] == "https://huggingface.co/deepseek-ai/DeepSeek-R1"


def test_wrapped_snapshot_and_trending_shapes(fixture_bytes):
    models = json.loads(fixture_bytes("hf-hub-models.json"))
    wrapped = run(hf_hub, json.dumps({"date": "2026-08-07", "models": models}).encode())
    assert wrapped.as_of == date(2026, 8, 7) and len(wrapped.records) == 3
    trending = {m["id"]: {"repoData": m, "repoType": "model"} for m in models}
    assert [r.source_name for r in run(hf_hub, json.dumps(trending).encode()).records] == \
        [m["id"] for m in models]


def test_private_repos_are_not_open_weights(fixture_bytes):
    models = json.loads(fixture_bytes("hf-hub-models.json"))
    models[0]["private"] = True
    parsed = run(hf_hub, json.dumps(models).encode())
    assert len(parsed.records) == 2 and parsed.errors == []


@pytest.mark.parametrize("change, field", [
    ({"id": None}, "id"), ({"downloads": "many"}, "downloads"), ({"createdAt": "yesterday"}, "createdAt"),
    ({"tags": "license:mit"}, "tags"), ({"downloads": "NaN"}, "downloads"),
])
def test_schema_drift(fixture_bytes, change, field):
    models = json.loads(fixture_bytes("hf-hub-models.json"))
    models[1].update(change)
    parsed = run(hf_hub, json.dumps(models).encode())
    assert len(parsed.records) == 2 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("hf_hub record 1 (") and field in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"\x89PNG", "not_json"), (b'{"error": "x"}', "schema"),
                                        (b"[]", "empty"), (b'{"models": []}', "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(hf_hub, body)
    assert info.value.kind == kind


def test_realdata_snapshots(real_file):
    first = run(hf_hub, real_file("hf-hub/hf-api-models-snapshot.2026-08-07.json").read_bytes())
    later = run(hf_hub, real_file("hf-hub/hf-api-models-snapshot.2026-08-20.json").read_bytes())
    assert (len(first.records), len(first.errors), first.as_of) == (531, 0, date(2026, 8, 7))
    assert (len(later.records), len(later.errors), later.as_of) == (529, 0, date(2026, 8, 20))
    r1 = by_name(first, "deepseek-ai/DeepSeek-R1")[0]
    assert r1.extra["downloads"] == 9405763 and r1.access["valid_from"] == date(2025, 1, 20)
    assert r1.org_hint == "deepseek-ai"


def test_realdata_trending_cache(real_file):
    parsed = run(hf_hub, real_file("hf-hub/hf-trending-cache.json").read_bytes())
    assert (len(parsed.records), len(parsed.errors)) == (10, 0)
    qwen = by_name(parsed, "Qwen/Qwen3.8-27B")[0]
    assert qwen.org_hint == "qwen" and qwen.extra["parameters_b"] == 27.781
    assert qwen.extra["inference_providers"] == ["featherless-ai"]
