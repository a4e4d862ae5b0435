"""Aider leaderboards: pass rate as percent, settings from edit format and reasoning options."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from ingest.apis import aider
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run

POLYGLOT_URL = "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/polyglot_leaderboard.yml"


def test_fixture_polyglot(fixture_bytes):
    parsed = run(aider, fixture_bytes("aider-polyglot.yml"), POLYGLOT_URL)
    assert len(parsed.records) == 4 and parsed.errors == []
    sonnet = by_name(parsed, "claude-3-5-sonnet-20241022")[0]
    assert sonnet.scores[0] == {
        "benchmark_id": "aider-polyglot", "value": 51.6, "measured_by": "independent",
        "settings": "edit format: diff", "reported_on": date(2025, 1, 17),
        "source_model_name": "claude-3-5-sonnet-20241022", "source_url": POLYGLOT_URL}
    assert sonnet.extra["total_cost_usd"] == 14.4063 and sonnet.extra["pass_rate_1"] == 22.2
    o3 = by_name(parsed, "o3 (high)")[0]
    assert o3.scores[0]["settings"] == "edit format: diff; reasoning_effort: high"
    assert o3.extra["command_model"] == "o3"
    opus = by_name(parsed, "claude-opus-4-20250514 (32k thinking)")[0]
    assert opus.scores[0]["settings"] == "edit format: diff; thinking_tokens: 32000"


def test_fixture_edit_board_by_test_cases(fixture_bytes):
    parsed = run(aider, fixture_bytes("aider-edit.yml"), None)  # no URL: 133 cases -> edit
    sonnet = by_name(parsed, "claude-3-sonnet-20240229")[0]
    assert sonnet.scores[0]["benchmark_id"] == "aider-edit" and sonnet.scores[0]["value"] == 54.9
    assert sonnet.released_on == date(2024, 2, 29)
    assert "command_model" not in sonnet.extra  # `aider --sonnet` shorthand is not resolved
    gpt4o = by_name(parsed, "gpt-4o-2024-05-13")[0]
    assert gpt4o.released_on is None and gpt4o.extra["released_commented_out"] == date(2024, 5, 13)


@pytest.mark.parametrize("command, model", [
    ("aider --model openrouter/openai/o1", "openrouter/openai/o1"),
    ("aider --model openai/Qwen/Qwen2.5-Coder-32B-Instruct # via hyperbolic",
     "openai/Qwen/Qwen2.5-Coder-32B-Instruct"),
    ("aider --model=gpt-4o", "gpt-4o"), ("aider --opus", None), ("aider", None), (None, None),
])
def test_model_from_command(command, model):
    assert aider.model_from_command(command) == model


@pytest.mark.parametrize("change, field", [
    ({"pass_rate_2": "NaN"}, "pass_rate_2"), ({"pass_rate_2": None}, "pass_rate_2"),
    ({"model": None}, "model"), ({"date": "someday"}, "date"),
    ({"pass_rate_2": {"value": 51.6}}, "pass_rate_2"),
])
def test_schema_drift(fixture_bytes, change, field):
    runs = yaml.safe_load(fixture_bytes("aider-polyglot.yml"))
    runs[1].update(change)
    parsed = run(aider, yaml.safe_dump(runs).encode(), POLYGLOT_URL)
    assert len(parsed.records) == 3 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("aider record 1 (") and field in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"", "empty"), (b"key: [unclosed", "not_json"),
                                        (b"model: gpt-4o", "schema"), (b"[]", "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(aider, body, POLYGLOT_URL)
    assert info.value.kind == kind


@pytest.mark.parametrize("name, count, benchmark", [
    ("polyglot_leaderboard.yml", 69, "aider-polyglot"), ("edit_leaderboard.yml", 98, "aider-edit"),
    ("refactor_leaderboard.yml", 14, "aider-refactor"), ("qwen3_leaderboard.yml", 10, "aider-polyglot"),
    ("o1_polyglot_leaderboard.yml", 10, "aider-polyglot"),
])
def test_realdata_boards(real_file, name, count, benchmark):
    path = real_file(f"aider/{name}")
    parsed = run(aider, path.read_bytes(), "https://x.test/_data/" + name)
    assert (len(parsed.records), len(parsed.errors)) == (count, 0)
    assert {s["benchmark_id"] for r in parsed.records for s in r.scores} == {benchmark}


def test_realdata_polyglot_values(real_file):
    parsed = run(aider, real_file("aider/polyglot_leaderboard.yml").read_bytes(), POLYGLOT_URL)
    o3 = by_name(parsed, "o3 (high)")[0].scores[0]
    assert (o3["value"], o3["reported_on"]) == (81.3, date(2025, 6, 25))
    assert o3["settings"] == "edit format: diff; reasoning_effort: high"
    assert sum(1 for r in parsed.records if "thinking_tokens" in r.scores[0]["settings"]) == 5
