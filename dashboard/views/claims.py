"""Claims: vendor-claimed vs independently measured scores, the gap, and variant flags."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui

LIMIT = 500


def render() -> None:
    published = ui.require_snapshot()
    ui.header("Claims", "What vendors say their models score, beside what independent evaluators measured",
              published)
    models = data.load("model_names")
    labels = ui.model_labels(models)
    benches = data.load("benchmarks")
    bench_names = dict(zip(benches["benchmark_id"], benches["name"]))
    with st.container(horizontal=True):
        chosen = st.multiselect("Models", list(labels), format_func=labels.get, key="models",
                                bind="query-params", placeholder="All models", width=520)
        bench = st.selectbox("Benchmark", list(bench_names), index=None, format_func=bench_names.get,
                             key="benchmark", bind="query-params", placeholder="All benchmarks", width=320)
    claims = data.load("claims", model_ids=chosen or None, benchmark_id=bench, limit=LIMIT)
    if claims.empty:
        ui.empty("No vendor claims yet: vendor scores come from data/curated/scores.yaml "
                 "(`measured_by: vendor`) and from announcements.")
        return
    counts = data.load("claim_counts", model_ids=chosen or None, benchmark_id=bench).iloc[0]
    with st.container(horizontal=True):
        st.metric("Vendor claims", int(counts.claims), border=True)
        st.metric("Independently checked", int(counts.checked), border=True)
        st.metric("Vendor number higher", int(counts.vendor_higher), border=True)
        st.metric("Variant not the shipped model", int(counts.variants), border=True,
                  help="The vendor benchmarked a different artifact than the released model")
    ui.chart("claims-gap", claims, published,
             empty="None of these claims has an independent measurement yet.")
    st.subheader("All claims" if len(claims) < LIMIT else f"The {LIMIT} largest gaps")
    view = claims.assign(flag=claims["is_variant"].map({True: "⚠ variant", False: ""}))
    ui.table(view, ["model", "benchmark", "vendor_value", "independent_value", "gap", "gap_pct", "unit",
                    "flag", "variant_note", "vendor_settings", "vendor_reported_on", "vendor_source_url",
                    "independent_source_id", "independent_source_url"],
             links=("vendor_source_url", "independent_source_url"), key="claims")


if __name__ == "__main__":
    render()
