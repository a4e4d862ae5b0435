"""Model page: identity, crosswalk ids, access and terms history, scores, news, promises."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, ui
from dashboard.safe import md_escape


def _list(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    items = value.tolist() if hasattr(value, "tolist") else value
    return ", ".join(map(str, items)) if isinstance(items, (list, tuple)) else str(items)


def _identity(m: pd.Series) -> None:
    with st.container(horizontal=True):
        st.metric("Lab", m["org"], border=True)
        st.metric("Released", f"{m['released_on']:%Y-%m-%d}" if pd.notna(m["released_on"]) else "–", border=True)
        st.metric("Access", str(m["access"]).replace("_", " "), border=True)
        st.metric("Status", str(m["status"]), border=True)
        ctx = m["context_tokens"]
        st.metric("Context", f"{int(ctx):,} tokens" if pd.notna(ctx) else "–", border=True)
    facts = {"Family": m["family"], "License": m["license"], "Input": _list(m["modalities_in"]),
             "Output": _list(m["modalities_out"]), "Reasoning modes": _list(m["reasoning_modes"]),
             "Channels": _list(m["channels"]), "Predecessor": m["predecessor"],
             "Parameters (B)": m["parameters_b"], "Announced / API / weights":
             " / ".join(f"{d:%Y-%m-%d}" if pd.notna(d) else "–" for d in (m["announced_on"], m["api_on"], m["weights_on"]))}
    st.dataframe(pd.DataFrame({"fact": list(facts), "value": [_list(v) for v in facts.values()]}),
                 hide_index=True, column_config={"fact": "", "value": ""})
    ui.link("Primary source", m["source_url"])


def render() -> None:
    published = ui.require_snapshot()
    today = data.now_hour().date()
    models = data.load("model_names")
    if models.empty:
        ui.empty("No models yet: `python -m registry load`.")
        return
    labels = ui.model_labels(models)
    default = data.load("default_compare_models")[:1]
    options = list(labels)
    model_id = st.selectbox("Model", options, index=options.index(default[0]) if default else 0,
                            format_func=labels.get, key="model", bind="query-params")
    detail = data.load("model_detail", model_id=model_id)
    m = detail.iloc[0]
    st.title(md_escape(m["name"]))
    stamp = f"{published:%Y-%m-%d %H:%M} UTC" if published else "unknown"
    st.caption(f"{md_escape(m['org'])} · model id `{model_id}` · data as of {stamp}")
    _identity(m)

    tabs = st.tabs(["Crosswalk ids", "Access history", "Terms", "Scores", "News", "Promises"])
    with tabs[0]:
        aliases = data.load("model_aliases", model_id=model_id)
        if aliases.empty:
            ui.empty("No source aliases yet: names are linked by `registry.resolve` and data/curated/aliases.yaml.")
        else:
            ui.table(aliases, links=("source_url",), key="aliases")
    with tabs[1]:
        ui.table(data.load("access_history", model_id=model_id), links=("source_url",), key="access")
    with tabs[2]:
        history = data.load("terms_history", model_ids=[model_id])
        if history.empty:
            ui.empty("No API terms for this model (not sold via API, or run `python -m ingest run openrouter`).")
        else:
            ui.chart("price-history", history, published, key="model-price-history",
                     title=f"Price history: {m['name']}")
            ui.table(history, ["provider", "valid_from", "valid_to", "input_usd_per_mtok", "output_usd_per_mtok",
                               "cached_input_usd_per_mtok", "context_tokens", "fine_tuning", "source_id",
                               "source_url"], links=("source_url",), key="terms")
    with tabs[3]:
        scores = data.load("model_scores", model_id=model_id)
        if scores.empty:
            ui.empty("No scores for this model yet.")
        else:
            ui.table(scores, ["category", "benchmark", "value", "unit", "measured_by", "settings", "variant_note",
                              "reported_on", "source_id", "source_url"], links=("source_url",), key="scores")
    with tabs[4]:
        news = data.load("events_feed", model_ids=[model_id], limit=100)
        if news.empty:
            ui.empty("No news linked to this model yet.")
        else:
            ui.table(news, ["published_at", "kind", "title", "source_id", "url"], links=("url",), key="news")
    with tabs[5]:
        promises = data.load("promises", today=today, model_id=model_id)
        if promises.empty:
            ui.empty("No promises about this model, its family or its lab.")
        else:
            ui.table(promises, ["org", "statement", "subject", "status", "made_on", "due_on", "last_note",
                                "evidence_url"], links=("evidence_url",), key="promises")


if __name__ == "__main__":
    render()
