"""models.dev: repository archive (TOML merge), built api.json, single TOML files."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from ingest.apis import models_dev
from ingest.apis._common import PayloadError
from tests.apis.conftest import FIXTURES, by_name, run, tar_gz_of

ARCHIVE_URL = "https://codeload.github.com/anomalyco/models.dev/tar.gz/refs/heads/dev"


def test_fixture_archive_merges_base_models():
    parsed = run(models_dev, tar_gz_of(FIXTURES / "models-dev"), ARCHIVE_URL)
    assert parsed.errors == []
    assert sorted((r.provider or "-", r.source_name) for r in parsed.records) == [
        ("-", "deepseek/deepseek-r1"), ("-", "google/gemini-2.5-pro"),
        ("deepseek", "deepseek-reasoner"), ("google", "gemini-2.5-pro"), ("openai", "gpt-4o")]
    gemini = by_name(parsed, "gemini-2.5-pro", "google")[0]
    assert gemini.terms == {"provider": "google", "input_usd_per_mtok": 1.25, "output_usd_per_mtok": 10.0,
                            "cached_input_usd_per_mtok": 0.125, "context_tokens": 1_048_576,
                            "max_output_tokens": 65_536, "source_model_name": "gemini-2.5-pro",
                            "source_url": ARCHIVE_URL}
    assert gemini.org_hint == "google" and gemini.released_on == date(2025, 6, 17)
    assert gemini.access["access"] == "api"
    assert gemini.extra["price_tiers"] == [{"tier": {"size": 200000}, "input": 2.5, "output": 15.0,
                                            "cache_read": 0.25}]
    assert gemini.scores[0]["benchmark_id"] == "aider-polyglot"
    assert gemini.scores[0]["measured_by"] == "independent"
    assert gemini.scores[0]["source_url"] == "https://aider.chat/docs/leaderboards/"


def test_fixture_base_model_omit_and_open_weights():
    parsed = run(models_dev, tar_gz_of(FIXTURES / "models-dev"), ARCHIVE_URL)
    reasoner = by_name(parsed, "deepseek-reasoner", "deepseek")[0]
    assert reasoner.display_name == "DeepSeek Reasoner" and reasoner.scores == []  # benchmarks omitted
    assert reasoner.terms["context_tokens"] == 64000 and reasoner.terms["input_usd_per_mtok"] == 0.55
    assert reasoner.access == {"access": "open_weights", "license": None, "valid_from": date(2025, 1, 1),
                               "evidence": "models.dev open_weights = true; "
                                           "weights: https://huggingface.co/deepseek-ai/DeepSeek-R1"}
    assert reasoner.extra["release_date_month_only"] is True
    r1 = by_name(parsed, "deepseek/deepseek-r1")[0]
    assert r1.terms is None and r1.scores[0]["measured_by"] == "vendor"  # a model card claim
    assert r1.scores[0]["benchmark_id"] == "gpqa-diamond" and r1.scores[0]["value"] == 71.5


def test_fixture_zip_archive_and_missing_base():
    buffer = io.BytesIO()
    folder = FIXTURES / "models-dev"
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.toml")):
            if "models/google" in str(path.relative_to(folder)) and "providers" not in str(path):
                continue  # drop the base of google/gemini-2.5-pro
            archive.write(path, "models.dev-dev/" + str(path.relative_to(folder)))
    parsed = run(models_dev, buffer.getvalue(), ARCHIVE_URL)
    assert len(parsed.records) == 3
    assert parsed.errors == ["models_dev record 1 (google/gemini-2.5-pro): base_model: "
                             "'google/gemini-2.5-pro' not found in models/"]


def test_fixture_api_json(fixture_bytes):
    parsed = run(models_dev, fixture_bytes("models-dev-api.json"), "https://models.dev/api.json")
    assert len(parsed.records) == 2 and parsed.errors == []
    mini = by_name(parsed, "gpt-4o-mini", "openai")[0]
    assert mini.terms["input_usd_per_mtok"] == 0.15 and mini.terms["cached_input_usd_per_mtok"] == 0.075
    assert by_name(parsed, "open-mistral-7b", "mistral")[0].access["access"] == "open_weights"


def test_single_toml_placed_by_url(fixture_bytes):
    body = fixture_bytes("models-dev/providers/openai/models/gpt-4o.toml")
    parsed = run(models_dev, body, "https://raw.githubusercontent.com/anomalyco/models.dev/dev/"
                                   "providers/openai/models/gpt-4o.toml")
    gpt4o = parsed.records[0]
    assert (gpt4o.provider, gpt4o.source_name) == ("openai", "gpt-4o")
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"]) == (2.5, 10.0)


@pytest.mark.parametrize("old, new, problem", [
    ("input = 2.50", 'input = "two fifty"', "cost.input"),
    ('release_date = "2024-05-13"', 'release_date = "May 2024ish"', "release_date"),
    ("context = 128_000", 'context = { tokens = 128000 }', "limit.context"),
])
def test_schema_drift(fixture_bytes, old, new, problem):
    body = fixture_bytes("models-dev/providers/openai/models/gpt-4o.toml").decode().replace(old, new)
    with pytest.raises(PayloadError) as info:
        run(models_dev, body.encode(), "https://x.test/providers/openai/models/gpt-4o.toml")
    assert info.value.kind == "schema" and problem in str(info.value)


@pytest.mark.parametrize("body, url, kind", [
    (b"name = ", "https://x.test/providers/a/models/b.toml", "not_json"),
    (b'name = "x"', "https://x.test/README.toml", "schema"),
    (b'{"openai": {"models": []}}', None, "schema"),
    (b"\x1f\x8b\x08garbage", None, "not_json"),
])
def test_unusable_payloads(body, url, kind):
    with pytest.raises(PayloadError) as info:
        run(models_dev, body, url)
    assert info.value.kind == kind


def test_realdata_repository_tree(real_file):
    parsed = run(models_dev, tar_gz_of(real_file("models-dev")), ARCHIVE_URL)
    assert (len(parsed.records), len(parsed.errors)) == (437, 0)
    model_level = [r for r in parsed.records if r.provider is None]
    assert len(model_level) == 231
    assert sum(r.access["access"] == "open_weights" for r in model_level) == 108
    assert sum(len(r.scores) for r in model_level) == 288
    gpt4o = by_name(parsed, "gpt-4o", "openai")[0]
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["cached_input_usd_per_mtok"]) == (2.5, 1.25)
    gemini = by_name(parsed, "gemini-2.5-pro", "google")[0]
    assert gemini.terms["context_tokens"] == 1_048_576 and gemini.released_on == date(2025, 6, 17)
