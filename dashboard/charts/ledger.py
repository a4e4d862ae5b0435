"""Histories: price steps per model and provider, promise outcomes per lab, ingestion runs."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.charts.style import PROMISE_COLORS, RUN_COLORS, apply_layout, dollar_ticks, empty_figure
from dashboard.safe import chart_frame


def _price_steps(df: pd.DataFrame) -> pd.DataFrame:
    """One point per period start, plus an end point so the last step has a length."""
    data = chart_frame(df, ("model", "provider"))
    sources = data.groupby(["model", "provider"])["source_id"].transform("nunique")
    data["series"] = data["model"] + " · " + data["provider"]
    data.loc[sources > 1, "series"] += " (" + data["source_id"] + ")"
    horizon = max(pd.Timestamp(data["observed_at"].max()), pd.Timestamp(data["valid_from"].max()))
    points = []
    for series, part in data.sort_values("valid_from").groupby("series", sort=False):
        for row in part.itertuples(index=False):
            points.append((series, row.valid_from, row.input_usd_per_mtok, row.output_usd_per_mtok))
        last = part.iloc[-1]
        end = last["valid_to"] if pd.notna(last["valid_to"]) else horizon
        points.append((series, end, last["input_usd_per_mtok"], last["output_usd_per_mtok"]))
    steps = pd.DataFrame(points, columns=["series", "date", "input", "output"])
    return steps.melt(id_vars=["series", "date"], var_name="price", value_name="usd_per_mtok")


def price_history(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No terms history for these models yet.")
    steps = _price_steps(df)
    fig = px.line(steps, x="date", y="usd_per_mtok", color="series", facet_row="price", line_shape="hv",
                  markers=True, category_orders={"price": ["input", "output"]},
                  labels={"date": "", "usd_per_mtok": "USD / 1M tokens", "series": "", "price": ""})
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1] + " price"))
    prices = steps["usd_per_mtok"].dropna()
    prices = prices[prices > 0]
    if not prices.empty:
        fig.update_yaxes(**dollar_ticks(float(prices.min()), float(prices.max())))
    fig.update_yaxes(matches=None, type="log", gridcolor="#eee")
    return apply_layout(fig, title, "Step chart, log scale: each step is a terms period (valid_from → valid_to)",
                        height=560)


def promise_kept_rate(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No promises recorded yet (data/curated/promises.yaml).")
    data = chart_frame(df, ("org",)).iloc[::-1]
    fig = go.Figure()
    for status in ("kept", "partly_kept", "broken", "withdrawn", "open"):
        fig.add_bar(y=data["org"], x=data[status], name=status.replace("_", " "), orientation="h",
                    marker_color=PROMISE_COLORS[status])
    rates = [f"{r:.0f}% kept" if pd.notna(r) else "none resolved" for r in data["kept_rate_pct"]]
    fig.add_scatter(y=data["org"], x=data["promises"], text=rates, mode="text", textposition="middle right",
                    showlegend=False, hoverinfo="skip")
    fig.update_traces(cliponaxis=False)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Promises", dtick=1, gridcolor="#eee", range=[0, data["promises"].max() * 1.45])
    return apply_layout(fig, title, "Kept rate counts partly kept as half, among resolved promises",
                        height=max(300, 40 * len(data) + 170))


def run_history(df: pd.DataFrame, title: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, "No ingestion runs yet: run `python -m ingest run SOURCE`.")
    fig = px.bar(df, x="day", y="runs", color="status", color_discrete_map=RUN_COLORS,
                 labels={"day": "", "runs": "Runs", "status": ""},
                 category_orders={"status": ["ok", "not_modified", "error", "running"]})
    fig.update_yaxes(gridcolor="#eee")
    return apply_layout(fig, title, "Ingestion runs per day by outcome", height=360)
