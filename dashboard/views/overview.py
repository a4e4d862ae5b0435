"""Overview: KPIs, data freshness, and what changed in the last 7 or 30 days."""
from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from dashboard import data, ui

WINDOWS = {"7 days": 7, "30 days": 30}
EARLIEST = datetime(2000, 1, 1)
KIND_HELP = {
    "new model": "models released in the window", "price change": "API price changes (any provider)",
    "new score": "benchmark scores first observed", "access change": "access or license changes",
    "promise update": "status changes in the promise ledger",
}


def render() -> None:
    published = ui.require_snapshot()
    now = data.now_hour()
    ui.header("Frontier Ledger", "AI model releases, API terms, benchmark scores and promises, with provenance",
              published)

    k = data.load("kpis", now=now).iloc[0]
    share = f"{k.open_weight_share_pct:.1f}%" if k.open_weight_share_pct == k.open_weight_share_pct else "–"
    with st.container(horizontal=True):
        st.metric("Models tracked", int(k.models), border=True)
        st.metric("Labs", int(k.labs), border=True)
        st.metric("Open-weight share", share, border=True, help="Released models whose weights are published")
        st.metric("Sources healthy", f"{int(k.sources_healthy)} / {int(k.sources)}", border=True,
                  help="Succeeded within twice their check interval, with no errors since")

    fresh = data.load("freshness").iloc[0]
    age_days = (now - published).days if published else None
    with st.container(horizontal=True):
        st.metric("Snapshot published", ui.ago(published, now), border=True,
                  help=f"{published:%Y-%m-%d %H:%M} UTC" if published else None)
        st.metric("Last successful run", ui.ago(fresh.last_ok_run_at, now), border=True,
                  help=f"source: {fresh.last_ok_source}" if fresh.last_ok_source else "no successful run yet")
    if age_days is not None and age_days >= 2:
        st.warning(f"The snapshot is {age_days} days old: is the ingest scheduler running? "
                   "Start it with `python -m ingest schedule`.", icon=":material/schedule:")

    st.subheader("What changed")
    choice = st.segmented_control("Window", list(WINDOWS), default="7 days", key="window",
                                  bind="query-params", required=True)
    days = WINDOWS.get(choice or "7 days", 7)
    counts = data.load("change_counts", now=now)
    column = "last_7_days" if days == 7 else "last_30_days"
    with st.container(horizontal=True):
        for row in counts.itertuples(index=False):
            st.metric(row.kind.capitalize() + "s", int(getattr(row, column)), border=True, help=KIND_HELP[row.kind])
    changes = data.load("changes", since=now - timedelta(days=days), now=now)
    if changes.empty:
        ui.empty(f"Nothing changed in the last {days} days. Scheduled ingestion (`python -m ingest schedule`) "
                 "publishes new data as sources change. The latest recorded changes:")
        latest = data.load("changes", since=EARLIEST, now=now, limit=25)
        ui.table(latest, ["changed_at", "kind", "model", "org", "detail", "source_url"], links=("source_url",),
                 key="latest_changes")
    else:
        ui.table(changes, ["changed_at", "kind", "model", "org", "detail", "source_url"], links=("source_url",),
                 key="changes")


if __name__ == "__main__":
    render()
