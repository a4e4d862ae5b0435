"""ingest.pages: selectors, the generic reading (JSON-LD, dated links, OpenGraph), B9 and the real Anthropic page."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.pages import parse_page
from ingest.sources import load_sources, source_by_id

PAGES = Path(__file__).parent / "fixtures" / "pages"
ANTHROPIC_SELECTORS = source_by_id(load_sources(), "anthropic-news").selectors


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.mark.parametrize("selectors", [ANTHROPIC_SELECTORS, None], ids=["selectors", "generic"])
def test_anthropic_shaped_listing(selectors):
    items = parse_page(page("anthropic-news.html"), "anthropic-news", "https://www.anthropic.com/news",
                       selectors=selectors)
    assert [(i.title, i.url, i.published_at) for i in items] == [
        ("Claude Opus 4.1", "https://www.anthropic.com/news/claude-opus-4-1", datetime(2025, 8, 5)),
        ("Introducing Claude 4", "https://www.anthropic.com/news/claude-4", datetime(2025, 5, 22)),
        ("Claude 3.7 Sonnet and Claude Code", "https://www.anthropic.com/news/claude-3-7-sonnet", datetime(2025, 2, 24)),
        ("Introducing the Model Context Protocol", "https://www.anthropic.com/news/model-context-protocol",
         datetime(2024, 11, 25)),
        ("Introducing computer use, a new Claude 3.5 Sonnet, and Claude 3.5 Haiku",
         "https://www.anthropic.com/news/3-5-models-and-computer-use", datetime(2024, 10, 22)),
    ]
    assert items[1].summary_text == ("Claude Opus 4 and Claude Sonnet 4 set new standards for coding and "
                                     "advanced reasoning.")
    assert {i.key_kind for i in items} == {"link"}
    assert items[0].item_id == "449f618d655b5fdc"  # stable_hash(source_id, "link" + url)


def test_json_ld_item_list():
    items = parse_page(page("jsonld-blog.html"), "huggingface-blog", "https://huggingface.co/blog")
    assert [(i.key_kind, i.title, i.url, i.published_at) for i in items] == [
        ("link", "SmolLM3: smol, multilingual, long-context reasoner", "https://huggingface.co/blog/smollm3",
         datetime(2025, 7, 8)),
        ("link", "Welcome Llama 4 Maverick & Scout on Hugging Face", "https://huggingface.co/blog/llama4-release",
         datetime(2025, 4, 5)),
        ("hash", "A link that must not survive", None, None),  # javascript: link dropped, text kept
    ]


def test_open_graph_single_article():
    (item,) = parse_page(page("og-article.html"), "openai-news", "https://openai.com/index/gpt-4-1/")
    assert (item.title, item.url, item.published_at) == (
        "Introducing GPT-4.1 in the API", "https://openai.com/index/gpt-4-1/", datetime(2025, 4, 14, 17, 0))
    assert item.summary_text == "GPT-4.1, GPT-4.1 mini and GPT-4.1 nano, with a one million token context window."


def test_b12_d2_links_resolve_against_base_href_and_keep_only_http():
    items = parse_page(page("relative-links.html"), "mistral-news", "https://example.com/elsewhere")
    assert [(i.title, i.url, i.published_at) for i in items] == [
        ("Mistral Small 3.1", "https://mistral.ai/news/mistral-small-3-1", datetime(2025, 3, 17)),
        ("Medium is the new large.", "https://mistral.ai/news/mistral-medium-3", datetime(2025, 5, 7, 7, 0)),
        ("Codestral 25.01", None, datetime(2025, 1, 13)),
    ]


@pytest.mark.parametrize("selectors", [ANTHROPIC_SELECTORS, None], ids=["selectors", "generic"])
def test_b9_redesigned_page_is_extraction_empty(selectors):
    with pytest.raises(ParseError) as caught:
        parse_page(page("anthropic-news-redesign.html"), "anthropic-news", "https://www.anthropic.com/news",
                   selectors=selectors)
    assert caught.value.kind == "extraction_empty"


@pytest.mark.parametrize("body", [b"", b"<html></html>", b"\x00\xff binary", b"{\"json\": true}"])
def test_b9_nothing_to_read_is_extraction_empty(body):
    with pytest.raises(ParseError, match="extraction_empty"):
        parse_page(body, "x", "https://example.com/")


def test_max_entries_and_bytes_only():
    items = parse_page(page("anthropic-news.html"), "a", "https://www.anthropic.com/news", max_entries=2)
    assert [i.title for i in items] == ["Claude Opus 4.1", "Introducing Claude 4"]
    with pytest.raises(TypeError):
        parse_page("<html></html>", "a", "https://www.anthropic.com/news")  # type: ignore[arg-type]


# ---- the real page (skipped without REALDATA_DIR) ----------------------------------------------------

@pytest.mark.parametrize("selectors", [ANTHROPIC_SELECTORS, None], ids=["selectors", "generic"])
def test_real_anthropic_news_listing(realdata, selectors):
    body = (realdata / "html" / "anthropic-news-listing.2026-01-31.html").read_bytes()
    items = parse_page(body, "anthropic-news", "https://www.anthropic.com/news", selectors=selectors)
    assert len(items) == 15
    assert (items[1].title, items[1].url, items[1].published_at) == (
        "Introducing Claude Opus 4.5", "https://www.anthropic.com/news/claude-opus-4-5", datetime(2025, 11, 24))
    assert items[-1].title == "Introducing Labs"
    assert all(i.published_at is not None for i in items)


def test_real_truncated_anthropic_page_is_extraction_empty(realdata):
    body = (realdata / "html" / "anthropic-news-listing-TRUNCATED-5000B.2025-09-17.html").read_bytes()
    with pytest.raises(ParseError, match="extraction_empty"):
        parse_page(body, "anthropic-news", "https://www.anthropic.com/news", selectors=ANTHROPIC_SELECTORS)


def test_a_bad_selector_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_page(page("anthropic-news.html"), "a", "https://www.anthropic.com/news", selectors={"item": "a:::b"})
    assert caught.value.kind == "parse"
