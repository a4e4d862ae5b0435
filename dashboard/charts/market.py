"""Comparison charts: benchmark small multiples, price/performance with Pareto frontier,
vendor claims versus independent measurements."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.style import (
    MODEL_PALETTE, VENDOR_PATTERN, apply_layout, dollar_ticks, empty_figure, org_color,
)
from dashboard.safe import chart_frame, chart_text

MAX_PANELS = 12


def compare_benchmarks(df: pd.DataFrame, title: str) -> go.Figure:
    """One panel per benchmark (grouped by category, own y scale); bars per model, vendor
    claims hatched and lighter, independent measurements solid."""
    if df.empty:
        return empty_figure(title, "No scores for these models yet.")
    data = chart_frame(df, ("model", "benchmark", "settings"))
    coverage = data.groupby(["category", "benchmark"])["model_id"].nunique().reset_index()
    coverage = coverage.sort_values(["model_id", "category", "benchmark"], ascending=[False, True, True])
    panels = coverage.head(MAX_PANELS).sort_values(["category", "benchmark"])[["category", "benchmark"]]
    order = data.sort_values("pick") if "pick" in data.columns else data
    models = list(dict.fromkeys(order["model"]))  # colours follow the order models were picked in
    colors = {m: MODEL_PALETTE[i % len(MODEL_PALETTE)] for i, m in enumerate(models)}
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    units = data.groupby("benchmark")["unit"].first()
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=min(0.3, 110 / (270 * rows)),
                        horizontal_spacing=0.06,
                        subplot_titles=[f"<b>{b}</b><br><span style='font-size:11px;color:#777'>{c} · {units[b]}</span>"
                                        for c, b in panels.itertuples(index=False)])
    shown: set[str] = set()
    for n, (_cat, bench) in enumerate(panels.itertuples(index=False)):
        row, col = n // cols + 1, n % cols + 1
        part = data[data["benchmark"] == bench]
        for model in models:
            for measured_by in ("independent", "vendor"):
                hit = part[(part["model"] == model) & (part["measured_by"] == measured_by)]
                if hit.empty:
                    continue
                value = float(hit["value"].iloc[0])
                is_vendor = measured_by == "vendor"
                fig.add_bar(
                    x=[model], y=[value], name=model, legendgroup=model, offsetgroup=measured_by,
                    showlegend=model not in shown, marker_color=colors[model],
                    marker_pattern_shape=VENDOR_PATTERN if is_vendor else "",
                    marker_opacity=0.55 if is_vendor else 1.0, text=[f"{value:g}"], textposition="outside",
                    cliponaxis=False, row=row, col=col,
                    hovertemplate=f"{model}<br>{bench}: %{{y}}<br>{measured_by}<extra></extra>",
                )
                shown.add(model)
    for label, pattern, opacity in (("independent measurement", "", 1.0), ("vendor claim", VENDOR_PATTERN, 0.55)):
        fig.add_bar(x=[None], y=[None], name=label, marker_color="#999", marker_pattern_shape=pattern,
                    marker_opacity=opacity, legendgroup=label, showlegend=True)
    fig.update_xaxes(showticklabels=False, categoryorder="array", categoryarray=models,
                     range=[-0.5, len(models) - 0.5])
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee")
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_annotations(font_size=12)
    apply_layout(fig, title, "Solid: independent measurement · hatched: vendor claim", height=270 * rows + 180)
    return fig.update_layout(margin={"t": 140})


def _pareto(data: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Points no other point beats on both lower `x` and higher `y`, by increasing `x`."""
    best, keep = -math.inf, []
    for idx, row in data.sort_values([x, y], ascending=[True, False]).iterrows():
        if row[y] > best:
            best = row[y]
            keep.append(idx)
    return data.loc[keep]


def _price_scatter(df: pd.DataFrame, title: str, y: str, y_label: str, subtitle: str, empty: str) -> go.Figure:
    data = df.dropna(subset=[y, "blended_usd_per_mtok"]) if not df.empty else df
    if data.empty:
        return empty_figure(title, empty)
    data = chart_frame(data, ("model", "org", "provider"))
    any_selected = bool(data["is_selected"].any())
    label_all = len(data) <= 16
    fig = go.Figure()
    for (org, org_id), part in data.groupby(["org", "org_id"], sort=True):
        selected = part["is_selected"] if any_selected else pd.Series(True, index=part.index)
        fig_text = [m if (s or label_all) else "" for m, s in zip(part["model"], selected)]
        fig.add_trace(go.Scatter(
            x=part["blended_usd_per_mtok"], y=part[y], mode="markers+text", name=org, text=fig_text,
            textposition="top center", textfont={"size": 11},
            marker={"color": org_color(org_id), "size": [15 if s else 9 for s in selected],
                    "opacity": [1.0 if s else 0.35 for s in selected], "line": {"width": 1, "color": "white"}},
            customdata=part[["model", "provider"]].values,
            hovertemplate="%{customdata[0]} (%{customdata[1]})<br>$%{x:.2f} / Mtok<br>"
                          + y_label + ": %{y}<extra></extra>",
        ))
    front = _pareto(data, "blended_usd_per_mtok", y)
    fig.add_scatter(x=front["blended_usd_per_mtok"], y=front[y], mode="lines", name="Pareto frontier",
                    line={"color": "#555", "dash": "dash", "width": 1.5, "shape": "hv"}, hoverinfo="skip")
    low, high = data["blended_usd_per_mtok"].min(), data["blended_usd_per_mtok"].max()
    fig.update_traces(cliponaxis=False, selector={"type": "scatter"})
    fig.update_xaxes(type="log", title_text="Blended price, USD per 1M tokens (3:1 input:output, log scale)",
                     gridcolor="#eee", range=[math.log10(low) - 0.25, math.log10(high) + 0.3],
                     **dollar_ticks(low, high))
    fig.update_yaxes(title_text=y_label, gridcolor="#eee")
    return apply_layout(fig, title, subtitle, height=520)


def intelligence_vs_price(df: pd.DataFrame, title: str) -> go.Figure:
    return _price_scatter(df, title, "score", "Intelligence index",
                          "Cheapest current provider per model; dashed: the Pareto frontier (nothing cheaper scores higher)",
                          "Needs current prices (api_terms) and aa-intelligence-index scores.")


def speed_vs_price(df: pd.DataFrame, title: str) -> go.Figure:
    return _price_scatter(df, title, "output_tokens_per_s", "Output tokens per second (median of providers)",
                          "Cheapest current provider per model; dashed: the Pareto frontier (nothing cheaper is faster)",
                          "Needs current prices (api_terms) and speed measurements (perf).")


def claims_gap(df: pd.DataFrame, title: str) -> go.Figure:
    """Relative gap between each vendor claim and the independent measurement (unit-free);
    a claim about a different variant than the shipped model is drawn hatched and flagged."""
    data = df.dropna(subset=["gap_pct"]) if not df.empty else df
    if data.empty:
        return empty_figure(title, "No benchmark has both a vendor claim and an independent measurement yet.")
    data = data.reindex(data["gap_pct"].abs().sort_values(ascending=False).index).head(40).iloc[::-1]
    labels = [chart_text(f"{m} · {b}") + (" ⚠ variant" if v else "")
              for m, b, v in zip(data["model"], data["benchmark"], data["is_variant"])]
    text = [f"{g:+.1f} {'pts' if u != 'elo' else 'elo'} ({vv:g} vs {iv:g})"
            for g, u, vv, iv in zip(data["gap"], data["unit"], data["vendor_value"], data["independent_value"])]
    fig = go.Figure(go.Bar(
        y=labels, x=data["gap_pct"], orientation="h", text=text, textposition="outside", cliponaxis=False,
        marker={"color": ["#e63946" if g > 0 else "#2a9d8f" for g in data["gap_pct"]],
                "pattern": {"shape": ["x" if v else "" for v in data["is_variant"]]}},
        hovertemplate="%{y}<br>vendor claim is %{x:+.1f}% vs independent<extra></extra>", showlegend=False,
    ))
    fig.add_vline(x=0, line_color="#333", line_width=1)
    low, high = min(0.0, float(data["gap_pct"].min())), max(0.0, float(data["gap_pct"].max()))
    span = max(high - low, 1.0)
    fig.update_xaxes(title_text="Vendor claim vs independent measurement (% of independent value)",
                     ticksuffix="%", gridcolor="#eee", zeroline=False,
                     range=[low - (0.45 * span if low < 0 else 0), high + 0.45 * span])
    return apply_layout(fig, title, "Red: vendor's number is more flattering · ⚠ hatched: benchmarked variant is not the shipped model",
                        height=max(320, 30 * len(data) + 170))
