"""Shared look: one colour per org, per access level, per status; layout defaults."""
from __future__ import annotations

import hashlib

import plotly.graph_objects as go

FONT = "Inter, 'Noto Sans', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif"

ORG_COLORS = {
    "openai": "#10a37f", "anthropic": "#d97757", "google-deepmind": "#4285f4", "google": "#4285f4",
    "meta": "#0866ff", "deepseek": "#4d6bfe", "mistral": "#fa520f", "xai": "#111111",
    "alibaba-qwen": "#6f42c1", "microsoft": "#00a4ef", "amazon": "#ff9900", "nvidia": "#76b900",
    "cohere": "#39594d", "ai21": "#e91e63", "moonshot": "#16191e", "zhipu": "#2d5bff",
    "01-ai": "#14b8a6", "minimax": "#e0245e", "ibm": "#054ada", "apple": "#555555",
    "reka": "#8b5cf6", "tencent": "#0052d9", "baidu": "#2932e1", "bytedance": "#325ab4",
}
_FALLBACK = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363",
]
ACCESS_COLORS = {
    "open_weights": "#2a9d8f", "api": "#457b9d", "private_preview": "#e9a23b",
    "product_only": "#9d4edd", "unreleased": "#adb5bd",
}
ACCESS_LABELS = {
    "open_weights": "open weights", "api": "API", "private_preview": "private preview",
    "product_only": "product only", "unreleased": "unreleased",
}
MODALITY_SYMBOLS = {
    "text only": "circle", "text + image": "square", "text + image + audio/video": "diamond",
    "unknown": "x",
}
PROMISE_COLORS = {
    "kept": "#2a9d8f", "partly_kept": "#8ab17d", "broken": "#e63946", "withdrawn": "#adb5bd",
    "open": "#457b9d",
}
RUN_COLORS = {"ok": "#2a9d8f", "not_modified": "#8ecae6", "error": "#e63946", "running": "#e9a23b"}
MODEL_PALETTE = ["#0866ff", "#10a37f", "#d97757", "#fbbc04", "#9d4edd", "#e63946", "#17becf", "#8c564b"]
VENDOR_PATTERN = "/"


def org_color(org_id: str | None) -> str:
    """A stable colour for an org: a brand-like colour when known, else a hashed palette slot."""
    if not org_id:
        return "#7f7f7f"
    if org_id in ORG_COLORS:
        return ORG_COLORS[org_id]
    digest = int(hashlib.sha1(org_id.encode("utf-8")).hexdigest(), 16)
    return _FALLBACK[digest % len(_FALLBACK)]


def org_color_map(frame, name_col: str = "org", id_col: str = "org_id") -> dict[str, str]:
    """Display name -> colour for the orgs present in a frame."""
    pairs = frame[[name_col, id_col]].drop_duplicates() if len(frame) else []
    return {name: org_color(org) for name, org in (pairs.itertuples(index=False) if len(frame) else [])}


def apply_layout(fig: go.Figure, title: str, subtitle: str | None = None, height: int = 480) -> go.Figure:
    """Common layout: white template, readable title and subtitle, horizontal legend on top."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 19},
               **({"subtitle": {"text": subtitle, "font": {"size": 12, "color": "#555"}}} if subtitle else {})},
        font={"family": FONT, "size": 13, "color": "#222"},
        height=height,
        margin={"l": 60, "r": 30, "t": 96 if subtitle else 70, "b": 60},
        legend={"title": {"text": ""}, "font": {"size": 12}, "tracegroupgap": 4},
        hoverlabel={"font": {"family": FONT}},
        paper_bgcolor="white", plot_bgcolor="white",
    )
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    """A figure that says what is missing instead of drawing empty axes."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 15, "color": "#666"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_layout(fig, title, height=300)


def dollar_ticks(low: float, high: float) -> dict:
    """Axis settings for a log-scale price axis: 1-2-5 ticks labelled in dollars."""
    steps = [m * 10 ** e for e in range(-3, 4) for m in (1, 2, 5)]
    ticks = [t for t in steps if low / 2.5 <= t <= high * 2.5] or steps
    return {"tickvals": ticks, "ticktext": [f"${t:g}" for t in ticks]}
