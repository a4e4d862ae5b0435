"""LMArena: catalog leaderboards (text, vision, image), the Elo history CSV, scatterplot prices."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.apis import lmarena
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run

TEXT_URL = "https://raw.githubusercontent.com/lmarena/arena-catalog/main/data/leaderboard-text.json"


def test_fixture_text_leaderboard(fixture_bytes):
    parsed = run(lmarena, fixture_bytes("lmarena-leaderboard-text.json"), TEXT_URL,
                 observed_on=date(2025, 6, 1))
    assert len(parsed.records) == 4 and parsed.errors == []
    gemini = by_name(parsed, "gemini-2.5-pro")[0]
    assert gemini.scores == [{"benchmark_id": "lmarena-text", "value": 1460.1,
                              "measured_by": "independent", "settings": "category: full",
                              "reported_on": date(2025, 6, 1), "source_model_name": "gemini-2.5-pro",
                              "source_url": TEXT_URL}]
    assert gemini.extra["rating_ci95"] == [1455.3, 1465.0]
    assert gemini.extra["category_ratings"] == {"coding": 1471.2}
    llama = by_name(parsed, "llama-3.1-405b-instruct-bf16")[0]
    assert "category_ratings" not in llama.extra and llama.scores[0]["value"] == 1335.6


def test_arena_kind_from_url_or_categories(fixture_bytes):
    body = fixture_bytes("lmarena-leaderboard-text.json")
    vision = run(lmarena, body, "https://x.test/data/leaderboard-vision.json")
    assert vision.records[0].scores[0]["benchmark_id"] == "lmarena-vision"
    image = run(lmarena, body, "https://x.test/data/leaderboard-image.json")
    assert image.records[0].scores == [] and image.records[0].extra["rating"] == 1460.1
    data = json.loads(body)
    data["ocr"] = data.pop("coding")
    guessed = run(lmarena, json.dumps(data).encode(), None)
    assert guessed.records[0].extra["arena"] == "vision"


def test_fixture_history_csv(fixture_bytes):
    parsed = run(lmarena, fixture_bytes("lmarena-history.csv"))
    assert len(parsed.records) == 4 and parsed.errors == [] and parsed.as_of == date(2024, 7, 26)
    opus = by_name(parsed, "claude-3-opus-20240229")[0]
    assert [(s["reported_on"], s["value"]) for s in opus.scores] == [
        (date(2024, 3, 7), 1233.2), (date(2024, 7, 26), 1248.1)]
    assert len(by_name(parsed, "gpt-4-0314")[0].scores) == 3


def test_history_csv_drift(fixture_bytes):
    text = fixture_bytes("lmarena-history.csv").decode()
    text = text.replace("1186.7", "NaN").replace("20240726", "2024-13-45")
    parsed = run(lmarena, text.encode())
    assert parsed.errors == [
        "lmarena record 2 (2024-13-45): date: month must be in 1..12",
        "lmarena record 0 (gpt-4-0314): not a finite number: 'NaN'"]
    assert sorted(r.source_name for r in parsed.records) == [
        "claude-3-opus-20240229", "vicuna-13b"]


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["full"]["gemini-2.5-pro"].update(rating="high"), "rating"),
    (lambda d: d["full"]["gemini-2.5-pro"].pop("rating"), "rating"),
    (lambda d: d["full"].update({"gemini-2.5-pro": 1460.1}), "gemini-2.5-pro"),
])
def test_catalog_drift(fixture_bytes, mutate, field):
    data = json.loads(fixture_bytes("lmarena-leaderboard-text.json"))
    mutate(data)
    parsed = run(lmarena, json.dumps(data).encode(), TEXT_URL)
    assert len(parsed.records) == 3 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("lmarena record 0 (gemini-2.5-pro): ")


@pytest.mark.parametrize("body, kind", [(b'{"full": [1, 2]}', "schema"), (b"{}", "empty"),
                                        (b"", "empty"), (b"{broken", "not_json")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(lmarena, body)
    assert info.value.kind == kind


def test_realdata_catalog(real_file):
    text = run(lmarena, real_file("lmarena/arena-catalog-leaderboard-text.json").read_bytes(), TEXT_URL)
    assert (len(text.records), len(text.errors)) == (282, 0)
    assert by_name(text, "gemini-3-pro")[0].scores[0]["value"] == 1486.6027120272704
    assert len(by_name(text, "gemini-3-pro")[0].extra["category_ratings"]) == 28
    vision_path = real_file("lmarena/arena-catalog-leaderboard-vision.json")
    vision = run(lmarena, vision_path.read_bytes(), "https://x.test/" + vision_path.name)
    assert (len(vision.records), len(vision.errors)) == (87, 0)
    assert by_name(vision, "gemini-3-pro")[0].scores[0] == {
        "benchmark_id": "lmarena-vision", "value": 1330.1328842114663, "measured_by": "independent",
        "settings": "category: full", "reported_on": None, "source_model_name": "gemini-3-pro",
        "source_url": "https://x.test/arena-catalog-leaderboard-vision.json"}
    image_path = real_file("lmarena/arena-catalog-leaderboard-image.json")
    image = run(lmarena, image_path.read_bytes(), "https://x.test/" + image_path.name)
    assert (len(image.records), sum(len(r.scores) for r in image.records)) == (34, 0)


def test_realdata_history_and_scatterplot(real_file):
    history = run(lmarena, real_file("lmarena/lmarena-history-result.csv").read_bytes())
    assert (len(history.records), len(history.errors)) == (227, 0)
    assert history.as_of == date(2025, 2, 27)
    gpt4 = by_name(history, "gpt-4-0314")[0]
    assert (gpt4.scores[0]["reported_on"], gpt4.scores[0]["value"]) == (date(2023, 12, 6), 1124.9588260120663)
    prices = run(lmarena, real_file("lmarena/arena-catalog-scatterplot-data.json").read_bytes())
    assert (len(prices.records), len(prices.errors)) == (141, 0)
    gpt4o = by_name(prices, "chatgpt-4o-latest-20241120")[0]
    assert (gpt4o.terms["input_usd_per_mtok"], gpt4o.terms["output_usd_per_mtok"]) == (2.5, 10.0)
    assert gpt4o.org_hint == "openai" and gpt4o.extra["license"] == "Proprietary"
