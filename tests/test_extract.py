"""extract_item on realistic sentences, extract_file on saved feeds and pages, and the labelled real-data floor."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from ingest.extract import extract_file, extract_item
from registry.records import Event, Item, Score

from .test_model_index import make_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index():
    return make_index()


def item(title: str, summary: str = "", source_id: str = "news", url: str = "https://example.com/a") -> Item:
    return Item(item_id="i1", source_id=source_id, key_kind="link", url=url, title=title, summary_text=summary,
                published_at=datetime(2026, 4, 8, 9, 0), date_flag=None, content_hash="h")


MUSE_SPARK_LAUNCH = item(
    "Meta launches Muse Spark, its first closed model",
    "Meta launched Muse Spark on April 8, 2026 in the Meta AI app and on the web, with a private-preview API for "
    "selected partners. Unlike Llama 4 Maverick, the weights are not released. Meta hopes to open-source future "
    "versions of its Muse models.",
)


def test_the_muse_spark_launch(index):
    found = extract_item(MUSE_SPARK_LAUNCH, index)
    assert {"release", "api", "promise"} <= set(found.kinds)
    assert "open_weights" not in found.kinds
    assert found.model_ids == ["muse-spark", "llama-4-maverick"]
    assert "meta" in found.org_ids
    assert Event("i1", "release", "muse-spark", "meta", 0.95) in found.events
    [promise] = found.promise_candidates
    assert promise.sentence == "Meta hopes to open-source future versions of its Muse models."
    assert (promise.org_id, promise.model_id, promise.url) == ("meta", None, "https://example.com/a")


def test_an_independent_index_score(index):
    found = extract_item(item("Muse Spark: Meta is back", "Muse Spark scored 52 on the Artificial Analysis Intelligence Index."), index)
    assert found.scores == [Score(model_id="muse-spark", benchmark_id="aa-intelligence-index", value=52.0,
                                  measured_by="independent", source_id="news", source_url="https://example.com/a",
                                  source_model_name="Muse Spark", reported_on=date(2026, 4, 8), item_id="i1")]
    assert "benchmark" in found.kinds


@pytest.mark.parametrize("sentence,value", [
    ("GPT-4o scores 53.6% on GPQA Diamond.", 53.6),
    ("On GPQA Diamond: 53.6, GPT-4o leads.", 53.6),
    ("GPT-4o reaches a GPQA Diamond score of 53.6%.", 53.6),
])
def test_vendor_claims_in_prose(index, sentence, value):
    [score] = extract_item(item("Hello GPT-4o", sentence), index, source_org="openai").scores
    assert (score.model_id, score.benchmark_id, score.value, score.measured_by) == ("gpt-4o", "gpqa-diamond", value, "vendor")


def test_an_elo_on_lmarena_is_independent(index):
    [score] = extract_item(item("Arena", "Llama 4 Maverick reached an Elo of 1417 on LMArena."), index).scores
    assert (score.model_id, score.benchmark_id, score.value, score.measured_by) == ("llama-4-maverick", "lmarena-text", 1417.0, "independent")


def test_the_number_belongs_to_the_nearest_model_before_it(index):
    found = extract_item(item("Results", "GPT-4o scores 53.6% on GPQA Diamond, ahead of GPT-4 at 35.7%."), index)
    assert [(s.model_id, s.value) for s in found.scores] == [("gpt-4o", 53.6)]


def test_values_outside_the_scale_are_rejected(index):
    assert extract_item(item("Oops", "GPT-4o scores 153% on GPQA Diamond."), index).scores == []


def test_a_results_table_maps_one_value_per_header_model(index):
    text = ("Benchmark GPT-4o GPT-4 Llama 3.1 405B GPQA Diamond 53.6% 35.7% 51.1% MMLU (5-shot) 88.7% 86.4% - "
            "AIME 2024 9.3% 1.0% 2.0%")
    found = {(s.model_id, s.benchmark_id): (s.value, s.settings) for s in extract_item(item("Scores", text), index).scores}
    assert found[("gpt-4o", "gpqa-diamond")] == (53.6, None)
    assert found[("llama-3.1-405b", "gpqa-diamond")] == (51.1, None)
    assert found[("gpt-4", "mmlu")] == (86.4, "5-shot")
    assert ("llama-3.1-405b", "mmlu") not in found
    assert found[("gpt-4", "aime-2024")] == (1.0, None)


@pytest.mark.parametrize("title,summary,kinds", [
    ("Introducing GPT-4o mini", "GPT-4o mini is available today in the API at $0.15 per million input tokens.",
     {"release", "api", "pricing"}),
    ("Meta releases Llama 4 Maverick", "Llama 4 Maverick weights are available on Hugging Face under the Llama 4 license.",
     {"release", "open_weights"}),
    ("Deprecations", "We will retire GPT-4 in the API on June 6; developers should move to GPT-4o.", {"deprecation", "api"}),
    ("o1 in Vertex AI", "OpenAI o1 is now available to developers on Vertex AI.", {"api"}),
    ("Claude 3.5 Sonnet leads the leaderboard", "Claude 3.5 Sonnet ranks first on the LMArena leaderboard.", {"benchmark"}),
    ("Coming soon", "We plan to release the weights of Muse Spark in the coming months.", {"promise"}),
])
def test_event_kinds(index, title, summary, kinds):
    assert set(extract_item(item(title, summary), index).kinds) == kinds


@pytest.mark.parametrize("title,summary", [
    ("Introducing Claude for Teachers", "We're introducing Claude for Teachers, free access for K-12 educators."),
    ("Grok Build is now open source", "We're open-sourcing Grok Build, our coding agent and TUI."),
    ("Our position on open-weights models", "Open-weights models without dangerous capabilities are a public good."),
    ("Quake 30th anniversary", "A new episode is now available as a free update, and more is coming soon."),
    ("OpenAI appoints a retired general", "The Retired U.S. Army General joins the board."),
])
def test_look_alike_news_is_other(index, title, summary):
    found = extract_item(item(title, summary), index)
    assert found.kinds == ["other"]
    assert [(e.kind, e.model_id, e.confidence) for e in found.events] == [("other", None, 0.5)]


def test_events_carry_the_model_the_cue_is_about(index):
    found = extract_item(item("Introducing GPT-4o mini", "Like GPT-4o, it reads images."), index, source_org="openai")
    assert [(e.kind, e.model_id, e.org_id) for e in found.events] == [("release", "gpt-4o-mini", "openai")]


def test_unknown_model_names_become_candidates(index):
    found = extract_item(item("Muse Code and Muse Spark 1.2", "We're excited to release Muse Code, a coding agent powered by "
                                                              "Muse Spark 1.2, our newest model. It builds on Muse Spark."), index)
    assert found.model_ids == ["muse-spark"]
    assert [(c.name, c.reason) for c in found.name_candidates] == [("Muse Spark 1.2", "unknown_model_name")]
    assert "release" in found.kinds


def test_window_of_a_long_page_does_not_borrow_context(index):
    filler = " ".join(["Our customers value reliability."] * 40)
    found = extract_item(item("Quarterly letter", f"{filler} GPT-4o helps. {filler} We announced a partnership."), index)
    assert found.kinds == ["other"]


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Lab news</title><link>https://lab.example/</link>
<item><title>Introducing Muse Spark</title><link>https://lab.example/muse-spark</link>
<description>Muse Spark scored 52 on the Artificial Analysis Intelligence Index.</description>
<pubDate>Wed, 08 Apr 2026 09:00:00 GMT</pubDate></item>
<item><title>Office opening</title><link>https://lab.example/office</link><description>We opened an office.</description></item>
</channel></rss>"""

PAGE = b"""<!DOCTYPE html><html><head><title>GPT-4o mini</title>
<meta property="og:type" content="article"><meta property="og:title" content="Introducing GPT-4o mini">
<meta property="og:url" content="https://lab.example/gpt-4o-mini">
<meta property="og:description" content="GPT-4o mini is available in the API today.">
<meta property="article:published_time" content="2024-07-18T10:00:00Z"></head><body><p>Hi</p></body></html>"""


def test_extract_file_reads_a_feed(index):
    rows = extract_file(RSS, "lab-news", index=index, source_org="meta")
    assert [r["link"] for r in rows] == ["https://lab.example/muse-spark", "https://lab.example/office"]
    first = rows[0]
    assert set(first) == {"id", "link", "title", "kinds", "model_ids", "claims"}
    assert first["kinds"] == ["release", "benchmark"] and first["model_ids"] == ["muse-spark"]
    assert first["claims"] == [{"model_id": "muse-spark", "benchmark_id": "aa-intelligence-index", "value": 52.0,
                                "measured_by": "independent"}]
    assert rows[1]["kinds"] == ["other"]


def test_extract_file_sniffs_an_html_page(index):
    [row] = extract_file(PAGE, "lab-page", index=index, base_url="https://lab.example/")
    assert row["model_ids"] == ["gpt-4o-mini"] and {"release", "api"} <= set(row["kinds"])


def test_extract_is_fast_enough_for_a_feed(index):
    import time

    items = [MUSE_SPARK_LAUNCH] * 300
    started = time.process_time()
    for one in items:
        extract_item(one, index)
    assert time.process_time() - started < 3  # generous: about 1 ms an item on a slow shared machine


LETTER = "Dear friends, " + "I spent the weekend hiking with my family and thinking about teaching. " * 70


def test_a_digest_story_after_a_long_letter_is_read():
    index = make_index()
    found = extract_item(item("Kimi K3 Redraws the Frontier, Muse Spark Undercuts Rivals, Robots Learn to Walk",
                              LETTER + "Meta released Muse Spark, its first closed model. GPT-4o scores 53.6% on GPQA Diamond."), index)
    assert "release" in found.kinds and "benchmark" not in found.kinds
    assert found.model_ids == ["muse-spark"]  # later sentences only count for the title's models


def test_a_single_story_is_judged_by_its_lead():
    found = extract_item(item("Improving Muse Spark's safeguards", LETTER + "Muse Spark launched with several safeguards."),
                         make_index())
    assert "release" not in found.kinds


@pytest.mark.parametrize("title,kind,expected", [
    ("Gemini Robotics 2 brings whole body intelligence to robots", "release", True),  # led by a new model name
    ("Grok 4.6 on Vertex AI", "release", False),
    ("DiffusionGemma: 4x faster text generation", "release", True),
    ("Meta updated its flagship Muse Spark model", "release", True),
    ("Agentic search", "benchmark", False),
])
def test_title_launch_posts(index, title, kind, expected):
    assert (kind in extract_item(item(title), index).kinds) is expected


@pytest.mark.parametrize("summary", [
    "Agentic Search lifts correctness on financial filings from 26.7% to 86%, based on FinanceBench.",
    "It outperforms GPT-4o and Gemini 2.5 Flash on accuracy.",
    "The 3B classifier sets a new state of the art on multimodal moderation among open models.",
])
def test_benchmark_claims_without_a_known_benchmark(index, summary):
    assert "benchmark" in extract_item(item("Agentic search", summary), index).kinds


# ---- the labelled real-data set ------------------------------------------------------------------

# Achieved on the labelled set (see bench/extract_eval.py), minus a small margin: a drop below is a regression.
# (precision floor, recall floor); the held-out third was never used for tuning, so its floors are lower.
FLOORS = {
    "tune": {"release": (0.95, 0.9), "open_weights": (0.95, 0.95), "api": (0.95, 0.83), "pricing": (0.95, 0.95),
             "benchmark": (0.95, 0.95), "promise": (0.95, 0.88), "model_link": (0.97, 0.96)},
    "holdout": {"release": (0.88, 0.68), "open_weights": (0.9, 0.8), "api": (0.95, 0.85), "pricing": (0.95, 0.85),
                "benchmark": (0.85, 0.85), "promise": (0.9, 0.75), "model_link": (0.92, 0.9)},
}

def _load_bench():
    spec = importlib.util.spec_from_file_location("extract_eval", ROOT / "bench" / "extract_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extract_eval", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", ["tune", "holdout"])
def test_labelled_real_items_meet_the_floor(realdata, split):
    from registry import curated

    checked = curated.check(ROOT / "data" / "curated")
    if checked.errors:
        pytest.skip(f"data/curated does not validate yet: {checked.errors[0]}")
    bench = _load_bench()
    tally = bench.evaluate(split, root=realdata)
    report = bench.report(tally, split)
    for key, (precision, recall) in FLOORS[split].items():
        assert tally.precision(key) >= precision, f"{key} precision\n{report}"
        assert tally.recall(key) >= recall, f"{key} recall\n{report}"
