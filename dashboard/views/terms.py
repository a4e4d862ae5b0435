"""Terms: current prices and limits (filterable), price history per model and provider, change log."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui

CONTEXTS = {"any": None, "32k": 32_000, "128k": 128_000, "200k": 200_000, "1M": 1_000_000}
NO_TERMS = "No terms yet: run `python -m ingest run openrouter` (or another terms source)."


def render() -> None:
    published = ui.require_snapshot()
    ui.header("Terms", "Prices in USD per million tokens; every value keeps its source and period", published)
    provider_list = data.load("providers")["provider"].tolist()
    if not provider_list:
        ui.empty(NO_TERMS)
        return
    with st.container(horizontal=True, vertical_alignment="bottom"):
        providers = st.multiselect("Providers", provider_list, key="providers", bind="query-params",
                                   placeholder="All providers", width=420)
        context = st.selectbox("Min context", list(CONTEXTS), key="min_context", bind="query-params", width=140)
        fine_tuning = st.toggle("Fine-tuning offered", key="fine_tuning", bind="query-params")
        open_weights = st.toggle("Open weights only", key="open_weights", bind="query-params")
    current = data.load("current_terms", providers=providers or None, min_context=CONTEXTS.get(context),
                        fine_tuning=True if fine_tuning else None, open_weights=True if open_weights else None)
    st.caption(f"{len(current)} current offers; blended = (3 × input + output) / 4")
    if current.empty:
        ui.empty("No current terms match these filters.")
    else:
        ui.table(current, ["model", "org", "provider", "input_usd_per_mtok", "output_usd_per_mtok",
                           "cached_input_usd_per_mtok", "blended_usd_per_mtok", "context_tokens",
                           "max_output_tokens", "fine_tuning", "access", "rate_limits", "valid_from",
                           "source_id", "source_url"], links=("source_url",), key="current")

    st.subheader("Price history")
    models = data.load("model_names")
    labels = ui.model_labels(models)
    chosen = st.multiselect("Models", list(labels), default=data.load("price_changed_models")[:4],
                            format_func=labels.get, max_selections=8, key="models", bind="query-params")
    if chosen:
        history = data.load("terms_history", model_ids=chosen, providers=providers or None)
        ui.chart("price-history", history, published, empty="No terms history for these models yet.")

    st.subheader("Change log")
    changes = data.load("terms_changes", model_ids=chosen or None, limit=300)
    if changes.empty:
        ui.empty(NO_TERMS)
    else:
        ui.table(changes, ["changed_at", "model", "provider", "change", "input_before", "input_after",
                           "output_before", "output_after", "context_before", "context_after", "source_id",
                           "source_url"], links=("source_url",), key="changelog")


if __name__ == "__main__":
    render()
