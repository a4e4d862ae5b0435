"""Third-party text stays inert (RELIABILITY D1, D2, D4, D5, D6)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import ROOT, default_page, texts

from dashboard import data
from dashboard.safe import chart_text, display_frame, md_escape, neutralize_formula, safe_link
from tests.fixtures.snapshot_builder import HOSTILE_H1, HOSTILE_TITLE


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=1", "http://example.org", "HTTPS://EXAMPLE.ORG/x", "  https://example.org/x  ",
])
def test_safe_link_keeps_http_urls(url):
    assert safe_link(url) == url.strip()


def test_safe_link_decodes_entities():
    assert safe_link("https://a.example/?x=1&amp;y=2") == "https://a.example/?x=1&y=2"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "jav\tascript:alert(1)",
    "jav&#x09;ascript:alert(1)", "java\nscript:alert(1)", "&#106;avascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,x", "file:///etc/passwd", "//evil.example/x",
    "/relative/path", "https://", "http:///nohost", "https://exa mple.org", "https://example.org/\u200bx",
    "", None, 42, "x" * 3000,
])
def test_safe_link_rejects_everything_else(url):
    assert safe_link(url) is None


@pytest.mark.parametrize("text", [HOSTILE_TITLE, HOSTILE_H1, ":red[alert] :material/home: $x^2$ <b>b</b>",
                                  "| a | b |\n|---|---|", "* item", "1. item", "`code`", "~~x~~"])
def test_md_escape_leaves_no_markdown_syntax(text):
    escaped = md_escape(text)
    unescaped = re.sub(r"\\.", "", escaped)  # drop every escaped character
    assert not re.search(r"[\[\]()#*_`<>!|:$~\\-]", unescaped)
    assert "\n" not in escaped


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (-3.5, -3.5), (None, None),
])
def test_neutralize_formula(value, expected):
    assert neutralize_formula(value) == expected


def test_display_frame_neutralises_text_and_filters_links():
    frame = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "ok"], "url": ["javascript:alert(1)", "https://a.example"],
                          "value": [-1.0, 2.0], "tags": [["a", "=b"], ["c"]]})
    out = display_frame(frame, link_columns=("url",))
    assert out["title"].tolist() == ["'=cmd|' /C calc'!A0", "ok"]
    assert pd.isna(out["url"][0]) and out["url"][1] == "https://a.example"
    assert out["value"].tolist() == [-1.0, 2.0]
    assert out["tags"].tolist() == ["a, =b", "c"]
    assert frame["title"][0].startswith("=")  # the input is not modified


def test_chart_text_is_literal_for_plotly():
    assert chart_text('<a href="javascript:x">y</a>') == '&lt;a href="javascript:x"&gt;y&lt;/a&gt;'


def test_hostile_news_titles_render_only_as_table_cells(ledger_dir):
    at = default_page("news")
    feed = at.dataframe[0].value
    assert HOSTILE_TITLE in set(feed["title"]) and HOSTILE_H1 in set(feed["title"])
    hostile = feed[feed["title"] == HOSTILE_TITLE].iloc[0]
    assert pd.isna(hostile["url"])  # javascript: link dropped, not rendered
    rendered = "\n".join(texts(at))
    assert "<script>" not in rendered and "127.0.0.1:1" not in rendered and "javascript:" not in rendered
    assert not at.get("html") and not at.get("image")


def test_hostile_candidates_on_sources_page_are_inert(ledger_dir):
    at = default_page("sources")
    candidates = next(d.value for d in at.dataframe if "sentence" in d.value.columns)
    row = candidates[candidates["sentence"] == HOSTILE_TITLE].iloc[0]
    assert pd.isna(row["url"])
    assert "<script>" not in "\n".join(texts(at))


def test_hostile_titles_never_reach_markdown_anywhere(ledger_dir):
    for view in ("overview", "news", "model", "sources", "claims"):
        at = default_page(view)
        for element in list(at.markdown) + list(at.caption) + list(at.title):
            assert "<script>" not in element.value and "](" not in element.value.replace("\\](", "")


def _project_sources() -> list[Path]:
    skip = {".venv", "tests", ".git", "node_modules"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_project_code_uses_unsafe_html():
    offenders = []
    for path in _project_sources():
        text = path.read_text(encoding="utf-8")
        if re.search(r"unsafe_allow_html\s*=\s*True", text) or re.search(r"\bst\.html\s*\(", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_only_public_query_functions_are_reachable():
    with pytest.raises(KeyError):
        data.run("__import__")
    with pytest.raises(KeyError):
        data.run("duckdb")
