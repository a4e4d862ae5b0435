"""Release charts: timeline, flagship cadence, announcement lags, open-weight share."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.style import (
    ACCESS_COLORS, ACCESS_LABELS, MODALITY_SYMBOLS, apply_layout, empty_figure, org_color_map,
)
from dashboard.safe import chart_frame


def releases_timeline(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No releases with a known date yet.")
    data = chart_frame(df, ("name", "org", "license"))
    orgs = data.groupby("org")["released_on"].count().sort_values().index.tolist()
    fig = go.Figure()
    trace = go.Scattergl if len(data) > 1500 else go.Scatter  # WebGL keeps big timelines responsive
    for access, part in data.groupby(data["access"].fillna("unknown"), sort=False):
        fig.add_trace(trace(
            x=part["released_on"], y=part["org"], mode="markers", name=ACCESS_LABELS.get(access, access),
            legendgroup="access", legendgrouptitle_text="Access today",
            marker={"color": ACCESS_COLORS.get(access, "#7f7f7f"), "size": 13, "opacity": 0.9,
                    "symbol": [MODALITY_SYMBOLS.get(m, "x") for m in part["modality"]],
                    "line": {"width": 1, "color": "white"}},
            customdata=part[["name", "modality", "license"]].fillna("–").values,
            hovertemplate="<b>%{customdata[0]}</b><br>%{x|%Y-%m-%d} · %{y}<br>input: %{customdata[1]}"
                          "<br>license: %{customdata[2]}<extra></extra>",
        ))
    for modality in dict.fromkeys(data["modality"]):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=modality, legendgroup="modality",
                        legendgrouptitle_text="Input", marker={"color": "#888", "size": 11,
                                                               "symbol": MODALITY_SYMBOLS.get(modality, "x")})
    fig.update_yaxes(categoryorder="array", categoryarray=orgs, showgrid=True, gridcolor="#eee")
    fig.update_xaxes(title_text="Released", gridcolor="#f3f3f3")
    return apply_layout(fig, title, "Colour: access today · symbol: input modality",
                        height=max(360, 34 * len(orgs) + 170))


def flagship_cadence(df: pd.DataFrame, title: str) -> go.Figure:
    data = df.dropna(subset=["days_since_previous"]) if not df.empty else df
    if data.empty:
        return empty_figure(title, "Cadence needs at least two flagship releases from one lab.")
    data = chart_frame(data, ("name", "org", "previous_model"))
    fig = px.line(
        data, x="released_on", y="days_since_previous", color="org", markers=True,
        text="name" if len(data) <= 25 else None, hover_name="name",
        color_discrete_map=org_color_map(data), hover_data={"previous_model": True},
        labels={"released_on": "Flagship released", "days_since_previous": "Days since previous flagship",
                "org": "Lab", "previous_model": "Previous"},
    )
    fig.update_traces(textposition="top center", marker={"size": 10}, textfont={"size": 11})
    fig.update_traces(cliponaxis=False, selector={"type": "scatter"})  # WebGL traces (>1000 points) clip anyway
    apply_layout(fig, title, "Each point is a flagship release; height is the wait since the lab's previous one")
    start, end = pd.Timestamp(data["released_on"].min()), pd.Timestamp(data["released_on"].max())
    pad = max((end - start) * 0.08, pd.Timedelta(days=20))
    fig.update_xaxes(range=[start - pad, end + pad], gridcolor="#f3f3f3")
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee")
    return fig


_LAGS = {"announce_to_release_days": "to release", "announce_to_api_days": "to API",
         "announce_to_weights_days": "to weights"}
_LAG_COLORS = {"to release": "#457b9d", "to API": "#e9a23b", "to weights": "#2a9d8f"}


def release_lags(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No announcement, API or weights dates recorded yet.")
    data = chart_frame(df, ("name", "org"))
    long = data.melt(id_vars=["name", "org"], value_vars=list(_LAGS), var_name="lag", value_name="days")
    long = long.dropna(subset=["days"])
    long["lag"] = long["lag"].map(_LAGS)
    lagging = long.groupby("name")["days"].max()
    keep = lagging[lagging > 0].index if (lagging > 0).any() else lagging.index
    long = long[long["name"].isin(keep)].head(60)
    fig = px.bar(long, y="name", x="days", color="lag", orientation="h", barmode="group",
                 color_discrete_map=_LAG_COLORS, hover_data={"org": True}, text="days",
                 labels={"name": "", "days": "Days after announcement", "lag": ""})
    fig.update_traces(textposition="outside", cliponaxis=False)
    apply_layout(fig, title, "Days from announcement to release, API and weights (models with any delay)",
                 height=max(320, 22 * len(long) + 180))
    fig.update_yaxes(autorange="reversed")
    return fig


def open_share_quarterly(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No released models yet.")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_bar(x=df["quarter"], y=df["closed"], name="closed (API, preview, product)",
                marker_color=ACCESS_COLORS["api"], opacity=0.75)
    fig.add_bar(x=df["quarter"], y=df["open_weights"], name="open weights",
                marker_color=ACCESS_COLORS["open_weights"])
    fig.add_scatter(x=df["quarter"], y=df["open_share_pct"], name="open share (%)", mode="lines+markers",
                    line={"color": "#264653", "width": 2}, secondary_y=True)
    fig.update_layout(barmode="stack")
    apply_layout(fig, title, "Releases per quarter by access today; line: open-weight share")
    fig.update_yaxes(title_text="Releases", secondary_y=False)
    fig.update_yaxes(title_text="Open share (%)", range=[0, 105], secondary_y=True, showgrid=False,
                     tickmode="linear", tick0=0, dtick=25)
    fig.update_xaxes(type="category")
    return fig


def open_share_by_lab(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No released models yet.")
    data = chart_frame(df, ("org",))
    share = data.pivot_table(index="org", columns="year", values="open_share_pct")
    label = data.assign(label=data["open_weights"].astype(str) + "/" + data["releases"].astype(str))
    text = label.pivot_table(index="org", columns="year", values="label", aggfunc="first")
    fig = go.Figure(go.Heatmap(
        z=share.values, x=[str(c) for c in share.columns], y=share.index.tolist(),
        text=text.reindex_like(share).fillna("").values, texttemplate="%{text}", zmin=0, zmax=100,
        colorscale=[[0, "#e8eef4"], [0.5, "#8ecae6"], [1, "#2a9d8f"]],
        colorbar={"title": {"text": "open %"}}, hovertemplate="%{y} %{x}: %{z:.0f}% open<extra></extra>",
        xgap=2, ygap=2,
    ))
    apply_layout(fig, title, "Share of each lab's releases per year with open weights (cells: open/all)",
                 height=max(320, 36 * len(share) + 170))
    fig.update_yaxes(autorange="reversed")
    return fig
