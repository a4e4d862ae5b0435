"""ingest.text: clean text (D1, C9), safe links (D2), dates (C7, C8) and stable keys."""
from __future__ import annotations

from datetime import datetime

import pytest

from ingest.text import (
    clean_text, content_hash, find_date_text, flag_future, parse_date_text, safe_link, stable_hash, unique_keys,
)

# D2: only http(s) links survive, whatever a browser would forgive.
SAFE_LINK_CASES = [
    ("https://openai.com/index/gpt-4-1/", "https://openai.com/index/gpt-4-1/"),
    ("HTTPS://OpenAI.com/x", "https://OpenAI.com/x"),
    ("  https://www.anthropic.com/news/claude-4 \n", "https://www.anthropic.com/news/claude-4"),
    ("http://example.com/a b", "http://example.com/a%20b"),
    ('https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"),
    ("https://b\u00fccher.example/", "https://b\u00fccher.example/"),
    ("https://example.com/?a=1&amp;b=2", "https://example.com/?a=1&amp;b=2"),  # checked decoded, kept as given
    ("https://example.com/?a=1&copy=2", "https://example.com/?a=1&copy=2"),
    ("https://exa\u200bmple.com/", "https://example.com/"),
    ("\x00https://example.com/", "https://example.com/"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("  javascript:alert(1)", None),
    ("jav&#x09;ascript:alert(1)", None),
    ("jav&#9;ascript:alert(1)", None),
    ("jav\tascript:alert(1)", None),
    ("java\nscript:alert(1)", None),
    ("&#106;avascript:alert(1)", None),
    ("javascript&colon;alert(1)", None),
    ("&amp;#106;avascript:alert(1)", None),
    ("vbscript:msgbox(1)", None),
    ("VBScript:msgbox(1)", None),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", None),
    ("file:///etc/passwd", None),
    ("ftp://example.com/file", None),
    ("//evil.example/x", None),
    ("/news/claude-4", None),
    ("http:evil.example", None),
    ("https://", None),
    ("http://[::1", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("url, expected", SAFE_LINK_CASES)
def test_safe_link(url, expected):
    assert safe_link(url) == expected


CLEAN_TEXT_CASES = [
    ("<p>Introducing <b>GPT-4.1</b> in the API</p>", "Introducing GPT-4.1 in the API"),
    ("<p>first</p><p>second</p>", "first second"),
    ("AT&amp;T &lt;3", "AT&T <3"),
    ("<p>1 < 2 and 3 > 2</p>", "1 < 2 and 3 > 2"),
    ("<script>alert(1)</script>Hello", "Hello"),
    ("<img src=x onerror=alert(1)>Hi", "Hi"),
    ("<svg onload=alert(1)>x</svg>", "x"),
    ("<iframe src=//evil.example></iframe>Hi", "Hi"),
    ("<style>p{color:red}</style><form><input value=v></form>ok", "ok"),
    ("<a href=\"javascript:alert(1)\">click</a>", "click"),
    ("Claude\u202e 4", "Claude 4"),                 # bidi override
    ("&#8238;reversed", "reversed"),                # ... also when written as an entity
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("nul\x00and\x0bvt", "nulandvt"),
    ("lone\ud800surrogate", "lonesurrogate"),
    ("Cafe\u0301", "Caf\u00e9"),                    # NFC
    ("  many   spaces\n\tand lines ", "many spaces and lines"),
    (None, ""),
    ("", ""),
]


@pytest.mark.parametrize("raw, expected", CLEAN_TEXT_CASES)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_clean_text_caps_length_with_an_ellipsis():
    capped = clean_text("word " * 200, 300)
    assert len(capped) == 300
    assert capped.endswith("\u2026")


DATE_CASES = [
    ("2025-04-14T17:00:00Z", datetime(2025, 4, 14, 17, 0), None),
    ("2025-04-14T10:00:00-07:00", datetime(2025, 4, 14, 17, 0), None),
    ("2025-04-14T17:00:00", datetime(2025, 4, 14, 17, 0), "naive"),
    ("Mon, 14 Apr 2025 17:00:00 GMT", datetime(2025, 4, 14, 17, 0), None),
    ("Jan 30, 2026", datetime(2026, 1, 30), None),
    ("September 25, 2024", datetime(2024, 9, 25), None),
    ("Sept 5, 2025", datetime(2025, 9, 5), None),
    ("July 09, 2025", datetime(2025, 7, 9), None),
    ("2025/01/20", datetime(2025, 1, 20), None),
    ("2025-04-29 00:00:00 +0800 +0800", datetime(2025, 4, 28, 16, 0), None),
    ("31 Feb 25:61 XYZ", None, "unparsable"),
    ("1899-01-01", None, "unparsable"),
    ("", None, "missing"),
    (None, None, "missing"),
]


@pytest.mark.parametrize("text, expected, flag", DATE_CASES)
def test_parse_date_text(text, expected, flag):
    assert parse_date_text(text) == (expected, flag)


def test_find_date_text_in_link_text():
    assert find_date_text("DeepSeek-R1 Release 2025/01/20") == "2025/01/20"
    assert find_date_text("Announcements Nov 24, 2025 Introducing Claude Opus 4.5") == "Nov 24, 2025"
    assert find_date_text("Introducing Claude Opus 4.5") is None


def test_flag_future_only_beyond_a_day():
    now = datetime(2025, 8, 7, 12, 0)
    assert flag_future(datetime(2035, 1, 1), None, now) == "future"
    assert flag_future(datetime(2025, 8, 8, 11, 0), None, now) is None
    assert flag_future(None, "missing", now) == "missing"


def test_stable_keys_are_literal_and_repeat_safe():
    assert stable_hash("openai-news", "guid\x1fhttps://openai.com/index/gpt-4-1/") == "ce5d432090ba75d2"
    assert unique_keys(["a", "b", "a", "a"]) == ["a", "b", "a#2", "a#3"]
    assert len(content_hash("Introducing GPT-4.1 in the API", "https://openai.com/index/gpt-4-1/", "")) == 64
    assert content_hash("t", None, "s") != content_hash("t", None, "s2")


# ---- properties ---------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from ingest.text import strip_invisible  # noqa: E402


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_clean_text_never_keeps_tags_controls_or_bidi(raw):
    cleaned = clean_text(raw, 200)
    assert len(cleaned) <= 200
    assert cleaned == strip_invisible(cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), st.builds(lambda s, t: s + ":" + t,
                                      st.sampled_from(["javascript", "jav\tascript", "JAVASCRIPT", "data", "vbscript",
                                                       "http", "https", "file", " javascript"]), st.text())))
def test_safe_link_only_ever_returns_http(url):
    link = safe_link(url)
    assert link is None or link.startswith(("http://", "https://"))
