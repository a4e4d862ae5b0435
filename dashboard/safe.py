"""Inert text helpers: third-party text is shown as text, links only when http(s).

- `safe_link(url)` returns a cleaned http(s) URL or None (RELIABILITY D2).
- `md_escape(text)` backslash-escapes everything Markdown or Streamlit would interpret (D4).
- `neutralize_formula(value)` / `display_frame(df)` prefix spreadsheet formulas with `'` (D6)
  and keep only safe links in link columns, for `st.dataframe` and CSV exports.
- `chart_text(value)` escapes `<`, `>` and `&` so plotly shows labels literally.
"""
from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

_ALLOWED_SCHEMES = {"http", "https"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_URL = 2048


def _has_control_or_space(text: str) -> bool:
    return any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def safe_link(url: object) -> str | None:
    """The URL when its scheme is http or https and it has a host; otherwise None.

    HTML entities are decoded first (feeds carry `&amp;` and `jav&#x09;ascript:`); any
    whitespace or control character left inside the URL rejects it, since browsers strip
    them and a scheme could hide behind them.
    """
    if not isinstance(url, str):
        return None
    text = html.unescape(url).strip()
    if not text or len(text) > _MAX_URL or _has_control_or_space(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.hostname:
        return None
    return text


def md_escape(text: object) -> str:
    """Text safe to embed in `st.markdown`: Markdown, HTML, emoji shortcodes, LaTeX and
    Streamlit directives (`:red[...]`) all appear literally; newlines become spaces."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def neutralize_formula(value: object) -> object:
    """Prefix strings a spreadsheet would evaluate (`= + - @`, tab, CR) with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object


def display_frame(frame: pd.DataFrame, link_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy fit for `st.dataframe` or CSV: formulas neutralised in text columns, link
    columns reduced to safe http(s) URLs (None otherwise), list cells joined with ', '."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if column in link_columns:
            out[column] = series.map(safe_link).astype(object)
        elif series.dtype == object and series.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[column] = series.map(_join_list)
        elif _is_text(series):
            out[column] = series.map(neutralize_formula)
    return out


def _join_list(value: object) -> object:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return neutralize_formula(", ".join(str(v) for v in value))
    return neutralize_formula(value)


def chart_text(value: object) -> object:
    """A label plotly renders literally (it interprets a small HTML subset, links included)."""
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def chart_frame(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """A copy with the given text columns made literal for plotly."""
    out = frame.copy()
    for column in columns:
        if column in out.columns and _is_text(out[column]):
            out[column] = out[column].map(chart_text)
    return out
