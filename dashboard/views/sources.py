"""Sources: health per source, run history, and the review queues."""
from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dashboard import data, ui


def render() -> None:
    published = ui.require_snapshot()
    now = data.now_hour()
    ui.header("Sources", "Is every source being checked, and what is waiting for review", published)
    health = data.load("source_health", now=now)
    if health.empty:
        ui.empty("No sources recorded yet: run `python -m ingest run SOURCE` (see `python -m ingest sources`).")
    else:
        with st.container(horizontal=True):
            st.metric("Sources", len(health), border=True)
            st.metric("Stale", int(health["is_stale"].sum()), border=True,
                      help="No success within twice the source's check interval")
            st.metric("With errors", int((health["error_count"] > 0).sum()), border=True)
        view = health.assign(stale=health["is_stale"].map({True: "⚠ stale", False: "ok"}))
        ui.table(view, ["source_id", "stale", "kind", "last_ok_at", "next_check_at", "error_count",
                        "last_error_kind", "last_error", "last_run_status", "runs_7d", "errors_7d", "interval_s",
                        "url"], links=("url",), key="health")

    st.subheader("Run history")
    ui.chart("run-history", data.load("runs_daily", since=(now - timedelta(days=30)).date()), published,
             empty="No ingestion runs in the last 30 days.")
    source = st.selectbox("Source", health["source_id"].tolist(), index=None, key="source", bind="query-params",
                          placeholder="All sources", width=300)
    ui.table(data.load("runs", source_id=source, limit=200), key="runs", height=320)

    st.subheader("Review queues")
    names, candidates, held = st.tabs(["Unresolved names", "Promise candidates", "Quarantine"])
    queues = [(names, "review_names", (), "No unresolved model names."),
              (candidates, "promise_candidates", ("url",), "No promise candidates."),
              (held, "quarantine", (), "Nothing in quarantine.")]
    for tab, query, links, nothing in queues:
        with tab:
            frame = data.load(query)
            if frame.empty:
                ui.empty(nothing)
            else:
                ui.table(frame, links=links, key=query)


if __name__ == "__main__":
    render()
