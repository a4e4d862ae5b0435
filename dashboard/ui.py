"""Shared view helpers: snapshot guard, charts with export buttons, inert tables, labels.

Third-party text reaches the page only through `st.dataframe` (inert cells), `st.text`, or
`st.markdown` after `safe.md_escape`; links only via LinkColumn / `st.link_button` after
`safe.safe_link`.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import charts, data, export
from dashboard.safe import display_frame, md_escape, safe_link

MODEL_PAGE = "dashboard/views/model.py"
_HOST = r"https?://(?:www\.)?([^/?#]+)"
_LABELS = {"usd_per_mtok": "$/Mtok", "pct": "%", "_on": "", "_at": "", "_id": "", "_s": " (s)"}


def require_snapshot() -> datetime | None:
    """Stop the page with a clear message when there is no readable snapshot."""
    try:
        return data.check_snapshot()
    except data.SnapshotUnavailable as exc:
        st.error(f"No data to show yet: {md_escape(exc)}", icon=":material/database_off:")
        st.markdown(
            "Build the database from the curated facts, then reload this page:\n\n"
            f"```\n{data.LOAD_COMMAND}\n```\n"
            "or collect live data with `python -m ingest run SOURCE` (see `python -m ingest sources`). "
            "The dashboard reads `served.duckdb` in `$LEDGER_DATA_DIR` (default `data/`)."
        )
        st.stop()


def header(title: str, caption: str, published: datetime | None) -> None:
    st.title(title)
    stamp = f"{published:%Y-%m-%d %H:%M} UTC" if published else "unknown"
    st.caption(f"{caption} · data as of {stamp}")


def ago(moment: object, now: datetime) -> str:
    """'3 h ago', '2 d ago' or 'never'."""
    if moment is None or pd.isna(moment):
        return "never"
    seconds = (pd.Timestamp(now) - pd.Timestamp(moment)).total_seconds()
    if seconds < 3600:
        return f"{max(seconds, 0) / 60:.0f} min ago"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h ago"
    return f"{seconds / 86400:.0f} d ago"


def _label(column: str) -> str:
    text = column
    for suffix, replacement in _LABELS.items():
        if text.endswith(suffix):
            text = text[: -len(suffix)] + replacement
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _column_config(frame: pd.DataFrame, links: Iterable[str]) -> dict:
    config: dict = {}
    for column in frame.columns:
        label = _label(column)
        if column in links:
            config[column] = st.column_config.LinkColumn(label, display_text=_HOST)
        elif column.endswith("usd_per_mtok") or column.endswith(("_before", "_after")) and "put" in column:
            config[column] = st.column_config.NumberColumn(label, format="$%.2f")
        elif "context" in column or column.endswith("tokens"):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif column.endswith("_at") and pd.api.types.is_datetime64_any_dtype(frame[column]):
            config[column] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
        elif column.endswith("_on") and pd.api.types.is_datetime64_any_dtype(frame[column]):
            config[column] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif column.endswith("_pct"):
            config[column] = st.column_config.NumberColumn(label, format="%.1f%%")
        else:
            config[column] = st.column_config.Column(label)
    return config


def table(frame: pd.DataFrame, columns: list[str] | None = None, links: Iterable[str] = (),
          key: str | None = None, height: int | str = "auto", **kwargs) -> object:
    """An inert table: formula-neutralised text, only http(s) links, friendly headers."""
    links = tuple(c for c in links if c in frame.columns)
    shown = frame[[c for c in (columns or frame.columns) if c in frame.columns]]
    shown = display_frame(shown, links)
    return st.dataframe(shown, hide_index=True, column_config=_column_config(shown, links), key=key,
                        height=height, **kwargs)


def link(label: str, url: object) -> None:
    """A link button when the URL is http(s); otherwise the URL as plain text."""
    safe = safe_link(url)
    if safe:
        st.link_button(label, safe, icon=":material/open_in_new:")
    elif url:
        st.text(f"{label} (not a web link, shown as text): {url}")


def chart(name: str, frame: pd.DataFrame, published: datetime | None, *, title: str | None = None,
          key: str | None = None, empty: str | None = None) -> None:
    """A named chart with PNG / SVG / HTML / CSV downloads (generated when clicked)."""
    spec = charts.get(name)
    if frame.empty and empty:
        st.info(empty, icon=":material/info:")
        return
    figure = spec.build(frame, title)
    key = key or name
    st.plotly_chart(figure, theme=None, key=f"chart-{key}", config={"displaylogo": False})
    meta = export.Meta(title or spec.title, charts.sources_of(spec, frame), published)
    stamp = f"{published:%Y%m%d}" if published else "undated"
    images = export.images_available()
    with st.container(horizontal=True, gap="small"):
        for fmt in export.FORMATS:
            is_image = fmt in ("png", "svg")
            st.download_button(
                fmt.upper(), data=_deferred(fmt, figure, frame, meta), file_name=f"{name}-{stamp}.{fmt}",
                mime=export.MIME[fmt], key=f"dl-{key}-{fmt}", on_click="ignore", icon=":material/download:",
                disabled=is_image and not images, type="tertiary",
                help=("PNG/SVG export needs Chromium on the server" if is_image and not images
                      else f"Download as {fmt.upper()} with title, sources and as-of date"),
            )


def _deferred(fmt: str, figure, frame: pd.DataFrame, meta: export.Meta):
    return lambda: export.render(fmt, figure, frame, meta)


def model_labels(models: pd.DataFrame) -> dict[str, str]:
    """model_id -> a unique display label (name, or 'name (org)' when names collide)."""
    counts = models["name"].value_counts()
    labels: dict[str, str] = {}
    used: set[str] = set()
    for mid, name, org in zip(models["model_id"], models["name"], models["org"]):
        label = name if counts[name] == 1 else f"{name} ({org})"
        label = label if label not in used else f"{label} [{mid}]"
        labels[mid] = label
        used.add(label)
    return labels


def model_links(model_ids: Iterable[str], labels: dict[str, str]) -> None:
    """Page links to each model's page."""
    with st.container(horizontal=True, gap="small"):
        for mid in model_ids:
            st.page_link(MODEL_PAGE, label=labels.get(mid, mid), icon=":material/arrow_outward:",
                         query_params={"model": labels.get(mid, mid)})


def empty(message: str) -> None:
    st.info(message, icon=":material/info:")
