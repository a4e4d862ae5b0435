"""ingest.sources: validation of sources.yaml, and an offline fixture for every feed and page source."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ingest.feeds import parse_feed
from ingest.pages import parse_page
from ingest.sources import STRUCTURED_KINDS, Source, SourcesError, load_sources, parse_interval

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = load_sources()

# source id -> (items in its fixture, first title, first date). Fixtures: tests/fixtures/{feeds,pages}/<id>.*
EXPECTED = {
    "openai-news": (4, "Introducing GPT-5", datetime(2025, 8, 7, 17, 0)),
    "google-deepmind-blog": (3, "Genie 3: A new frontier for world models", datetime(2025, 8, 5, 14, 0)),
    "google-ai-blog": (3, "Gemini 2.5: Our most intelligent AI model", datetime(2025, 3, 25, 17, 0)),
    "microsoft-ai-blog": (2, "Microsoft Build 2025: The age of AI agents and building the open agentic web",
                          datetime(2025, 5, 19, 15, 0)),
    "nvidia-blog": (2, "What Is Retrieval-Augmented Generation, aka RAG?", datetime(2023, 11, 15, 16, 0)),
    "aws-ml-blog": (2, "DeepSeek-R1 model now available in Amazon Bedrock Marketplace and Amazon SageMaker JumpStart",
                    datetime(2025, 1, 30, 19, 0)),
    "huggingface-blog": (3, "SmolLM3: smol, multilingual, long-context reasoner", datetime(2025, 7, 8)),
    "anthropic-news": (5, "Claude Opus 4.1", datetime(2025, 8, 5)),
    "meta-ai-blog": (3, "The Llama 4 herd: The beginning of a new era of natively multimodal AI innovation",
                     datetime(2025, 4, 5)),
    "mistral-news": (3, "Medium is the new large.", datetime(2025, 5, 7)),
    "xai-news": (3, "Grok 4", datetime(2025, 7, 9)),
    "deepseek-news": (4, "DeepSeek-R1-0528 Release", datetime(2025, 5, 28)),
    "qwen-blog": (3, "Qwen3: Think Deeper, Act Faster", datetime(2025, 4, 29)),
    "techcrunch-ai": (2, "OpenAI\u2019s new GPT-4.1 AI models focus on coding", datetime(2025, 4, 14, 17, 30)),
    "the-verge-ai": (2, "OpenAI releases GPT-5 to all ChatGPT users", datetime(2025, 8, 7, 17, 0)),
    "ars-technica-ai": (2, "Anthropic releases Claude Opus 4 and Claude Sonnet 4", datetime(2025, 5, 22, 16, 45)),
    "venturebeat-ai": (2, "Alibaba launches Qwen3, a family of open-weight hybrid reasoning models",
                       datetime(2025, 4, 29, 2, 0)),
    "hn-llm": (2, "The Llama 4 herd: The beginning of a new era of natively multimodal AI innovation",
               datetime(2025, 4, 5, 18, 33)),
    "arxiv-cs-cl": (2, "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
                    datetime(2025, 1, 22, 5, 0)),
    "simon-willison": (2, "Initial impressions of Llama 4", datetime(2025, 4, 5, 22, 0)),
}
TEXT_SOURCES = [s for s in SOURCES if s.kind in ("feed", "page")]


@pytest.mark.parametrize("source", TEXT_SOURCES, ids=lambda s: s.id)
def test_every_feed_and_page_source_parses_its_fixture(source):
    if source.kind == "feed":
        body = (FIXTURES / "feeds" / f"{source.id}.xml").read_bytes()
        items = parse_feed(body, source.id, now=datetime(2025, 9, 1), max_entries=source.max_entries)
    else:
        body = (FIXTURES / "pages" / f"{source.id}.html").read_bytes()
        items = parse_page(body, source.id, source.url, selectors=source.selectors, max_entries=source.max_entries)
    count, title, published_at = EXPECTED[source.id]
    assert (len(items), items[0].title, items[0].published_at) == (count, title, published_at)
    assert all(i.url and i.url.startswith(("https://", "http://")) for i in items)
    assert all(i.date_flag is None for i in items)


def test_the_configured_sources():
    assert len(SOURCES) >= 28
    assert {s.id for s in TEXT_SOURCES} == set(EXPECTED)  # a new feed or page needs a fixture here
    urls = {s.url for s in SOURCES}
    for required in ("https://openai.com/news/rss.xml", "https://huggingface.co/blog/feed.xml",
                     "https://www.anthropic.com/news", "https://ai.meta.com/blog/", "https://mistral.ai/news",
                     "https://x.ai/news", "https://qwenlm.github.io/blog/", "https://hnrss.org/newest?q=LLM",
                     "https://rss.arxiv.org/rss/cs.CL", "https://openrouter.ai/api/v1/models",
                     "https://models.dev/api.json", "https://artificialanalysis.ai/api/v2/data/llms/models"):
        assert required in urls
    assert set(STRUCTURED_KINDS) <= {s.kind for s in SOURCES}
    assert {s.org for s in SOURCES} >= {"openai", "anthropic", "google-deepmind", "meta", "mistral", "xai",
                                        "deepseek", "alibaba-qwen", "microsoft", "nvidia", "amazon", "huggingface"}
    aa = next(s for s in SOURCES if s.kind == "artificial-analysis")
    assert aa.api_key_env == "ARTIFICIAL_ANALYSIS_API_KEY"


def test_defaults_per_kind():
    by_id = {s.id: s for s in SOURCES}
    assert (by_id["openai-news"].schedule.interval_s, by_id["openai-news"].jitter_s) == (3600, 360)
    assert by_id["meta-ai-blog"].schedule.interval_s == 6 * 3600
    assert by_id["models-dev"].schedule.interval_s == 24 * 3600
    assert (by_id["arxiv-cs-cl"].schedule.cron, by_id["arxiv-cs-cl"].schedule.interval_s) == ("30 5 * * 1-5", None)
    assert by_id["openai-news"].max_entries == 500 and by_id["models-dev"].is_structured


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.com/", "ftp://example.com/f",
                                 "data:text/xml,<rss/>", "javascript:alert(1)", "/relative/path",
                                 "https://user:secret@example.com/feed.xml"])
def test_a12_non_http_urls_are_rejected_naming_the_source(tmp_path, url):
    path = write(tmp_path, f"sources:\n  - id: evil-feed\n    kind: feed\n    url: '{url}'\n")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert "'evil-feed'" in message and "url" in message and "\n" not in message


@pytest.mark.parametrize("entry, fragment", [
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n  - id: src\n    kind: feed\n    url: https://y.test/\n",
     "duplicate id"),
    ("  - id: src\n    kind: podcast\n    url: https://x.test/\n", "kind"),
    ("  - id: src\n    kind: feed\n", "url"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    colour: red\n", "colour"),
    ("  - id: Bad Id\n    kind: feed\n    url: https://x.test/\n", "id"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    schedule: {interval: soon}\n", "not a duration"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    schedule: {interval: 30s}\n", "shorter than 5 minutes"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    schedule: {cron: '0 6 * *'}\n", "5 fields"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    schedule: {interval: 1h, cron: '0 6 * * *'}\n",
     "schedule must be"),
    ("  - id: src\n    kind: feed\n    url: https://x.test/\n    selectors: {item: article}\n", "only for kind: page"),
    ("  - id: src\n    kind: page\n    url: https://x.test/\n    selectors: {title: h2}\n", "need 'item'"),
    ("  - id: src\n    kind: page\n    url: https://x.test/\n    selectors: {item: 'a:::b'}\n", "not valid CSS"),
    ("  - id: src\n    kind: openrouter\n    url: https://x.test/\n    api_key_env: my-key\n", "api_key_env"),
    ("  - just a string\n", "expected a mapping"),
])
def test_invalid_sources_give_one_line_errors(tmp_path, entry, fragment):
    with pytest.raises(SourcesError) as caught:
        load_sources(write(tmp_path, "sources:\n" + entry))
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["", "sources: 3\n", "- id: a\n", "sources: [\n"])
def test_unreadable_files_are_sources_errors(tmp_path, text):
    with pytest.raises(SourcesError):
        load_sources(write(tmp_path, text))


def test_missing_file_is_a_sources_error(tmp_path):
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")


def test_ledger_sources_env_is_honoured(tmp_path, monkeypatch):
    path = write(tmp_path, "sources:\n  - id: only-one\n    kind: feed\n    url: https://openai.com/news/rss.xml\n")
    monkeypatch.setenv("LEDGER_SOURCES", str(path))
    assert [s.id for s in load_sources()] == ["only-one"]


@pytest.mark.parametrize("text, seconds", [("90m", 5400), ("2h", 7200), ("1d", 86400), ("1h30m", 5400),
                                           ("300s", 300), (3600, 3600), ("2H", 7200)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


def test_sources_are_frozen():
    with pytest.raises(Exception):
        SOURCES[0].url = "file:///etc/passwd"  # type: ignore[misc]
    assert isinstance(SOURCES[0], Source)
