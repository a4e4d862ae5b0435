"""Compare: 2-8 models side by side: benchmarks, price/performance frontiers, terms."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui

CATEGORIES = ["reasoning", "coding", "math", "knowledge", "agentic", "safety", "hallucination",
              "multimodal", "writing", "preference"]


def render() -> None:
    published = ui.require_snapshot()
    ui.header("Compare", "Pick 2 to 8 models; vendor claims and independent measurements are kept apart",
              published)
    models = data.load("model_names")
    labels = ui.model_labels(models)
    chosen = st.multiselect("Models", list(labels), default=data.load("default_compare_models"),
                            format_func=labels.get, max_selections=8, key="models", bind="query-params")
    if len(chosen) < 2:
        st.warning("Pick at least two models to compare.", icon=":material/warning:")
    if not chosen:
        return
    categories = st.pills("Categories", CATEGORIES, selection_mode="multi", key="categories",
                          bind="query-params", help="Leave empty for all categories")
    ui.model_links(chosen, labels)

    scores = data.load("compare_scores", model_ids=chosen, categories=categories or None)
    ui.chart("compare-benchmarks", scores, published,
             empty="No scores for these models yet: scores come from data/curated/scores.yaml and "
                   "`python -m ingest run artificial-analysis`.")

    st.subheader("Price and performance")
    frontier = data.load("price_performance", model_ids=chosen)
    if frontier.empty:
        ui.empty("No prices yet: run `python -m ingest run openrouter`.")
    else:
        st.caption("Priced models with the best scores are drawn too; the selected ones are larger.")
        ui.chart("intelligence-vs-price", frontier, published,
                 empty="No intelligence-index scores for priced models yet.")
        ui.chart("speed-vs-price", frontier, published, empty="No speed measurements yet.")

    st.subheader("Terms side by side")
    terms = data.load("current_terms", model_ids=chosen)
    missing = [labels[m] for m in chosen if m not in set(terms["model_id"])]
    if not terms.empty:
        ui.table(terms, ["model", "provider", "input_usd_per_mtok", "output_usd_per_mtok",
                         "cached_input_usd_per_mtok", "context_tokens", "max_output_tokens", "fine_tuning",
                         "access", "valid_from", "source_url"], links=("source_url",), key="terms")
    if missing:
        ui.empty("No public API terms for " + ", ".join(missing) + " (not sold through an API, or not "
                 "collected yet: `python -m ingest run openrouter`).")


if __name__ == "__main__":
    render()
