"""Vectara hallucination leaderboard README: table by header names, percent strings, dates."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.apis import vectara
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_display_names(fixture_bytes):
    parsed = run(vectara, fixture_bytes("vectara-README.md"), observed_on=date(2025, 7, 24))
    assert len(parsed.records) == 4 and parsed.errors == [] and parsed.as_of == date(2025, 7, 16)
    gpt4o = by_name(parsed, "OpenAI GPT-4o")[0]
    assert gpt4o.scores[0]["benchmark_id"] == "vectara-hallucination-rate"
    assert gpt4o.scores[0]["value"] == 1.5 and gpt4o.scores[0]["reported_on"] == date(2025, 7, 16)
    assert gpt4o.extra == {"factual_consistency_rate": 98.5, "answer_rate": 100.0,
                           "average_summary_length_words": 77.8}
    assert gpt4o.org_hint is None
    assert by_name(parsed, "Anthropic Claude-3-opus")[0].scores[0]["value"] == 10.1  # link text kept


def test_fixture_org_slash_names(fixture_bytes):
    parsed = run(vectara, fixture_bytes("vectara-README-2026.md"))
    assert parsed.as_of == date(2026, 3, 10)
    lite = by_name(parsed, "google/gemini-2.5-flash-lite")[0]
    assert lite.org_hint == "google" and lite.scores[0]["value"] == 3.3


def test_columns_are_read_by_name(fixture_bytes):
    text = fixture_bytes("vectara-README-2026.md").decode()
    text = text.replace("|Model|Hallucination Rate|Factual Consistency Rate|",
                        "|Model|Factual Consistency Rate|Hallucination Rate|")
    text = text.replace("|3.3 %|96.7 %|", "|96.7 %|3.3 %|")
    parsed = run(vectara, text.encode())
    assert by_name(parsed, "google/gemini-2.5-flash-lite")[0].scores[0]["value"] == 3.3


def test_no_date_falls_back_to_observed_on(fixture_bytes):
    text = fixture_bytes("vectara-README-2026.md").decode().replace("Last updated on March 10, 2026", "")
    assert run(vectara, text.encode(), observed_on=date(2026, 4, 1)).as_of == date(2026, 4, 1)


@pytest.mark.parametrize("old, new, problem", [
    ("|3.3 %|", "|N/A|", "hallucination_rate"), ("|3.3 %|", "|NaN %|", "hallucination_rate"),
    ("|3.3 %|96.7 %|99.5 %|95.7|", "|3.3 %|96.7 %|99.5 %|", "row: 4 cells"),
])
def test_schema_drift(fixture_bytes, old, new, problem):
    text = fixture_bytes("vectara-README-2026.md").decode().replace(old, new, 1)
    parsed = run(vectara, text.encode())
    assert len(parsed.records) == 2 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("vectara record 0 (google/gemini-2.5-flash-lite): ")
    assert problem in parsed.errors[0]


@pytest.mark.parametrize("body, kind", [(b"# Leaderboard\n\nComing soon.", "schema"),
                                        (b"\xff\xfe\x00bad", "not_json")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(vectara, body)
    assert info.value.kind == kind


@pytest.mark.parametrize("name, count, as_of, model, rate", [
    ("README.2024-01-19.md", 18, date(2024, 1, 19), "GPT 4 Turbo", 3.0),
    ("README.2025-07-24.md", 146, date(2025, 7, 16), "Google Gemini-2.0-Flash-001", 0.7),
    ("README.2026-03-10.md", 96, date(2026, 3, 10), "antgroup/finix_s1_32b", 1.8),
])
def test_realdata_versions(real_file, name, count, as_of, model, rate):
    parsed = run(vectara, real_file(f"vectara-hallucination/{name}").read_bytes())
    assert (len(parsed.records), len(parsed.errors), parsed.as_of) == (count, 0, as_of)
    assert by_name(parsed, model)[0].scores[0]["value"] == rate
