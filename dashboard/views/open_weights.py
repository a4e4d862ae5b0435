"""Open weights: open-weight share per lab over time, the promise ledger and kept rate per lab."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui

STATUSES = ["open", "kept", "partly_kept", "broken", "withdrawn"]


def render() -> None:
    published = ui.require_snapshot()
    today = data.now_hour().date()
    ui.header("Open weights", "Who publishes weights, and whether labs keep their promises", published)
    ui.chart("open-share-by-lab", data.load("open_share_by_lab"), published,
             empty="No released models yet: `python -m registry load`.")

    st.subheader("Promise ledger")
    status = st.pills("Status", STATUSES, selection_mode="multi", key="status", bind="query-params",
                      format_func=lambda s: s.replace("_", " "))
    ledger = data.load("promises", today=today)
    if status:
        ledger = ledger[ledger["status"].isin(status)]
    if ledger.empty:
        ui.empty("No promises recorded: add them to data/curated/promises.yaml, then `python -m registry load`.")
    else:
        overdue = int(ledger["is_overdue"].sum())
        st.caption(f"{len(ledger)} promises · {overdue} open past their due date")
        view = ledger.assign(overdue=ledger["is_overdue"].map({True: "⚠ overdue", False: ""}))
        ui.table(view, ["org", "statement", "status", "overdue", "made_on", "due_on", "age_days",
                        "last_update_on", "last_note", "evidence_url", "source_url"],
                 links=("evidence_url", "source_url"), key="ledger")

    left, right = st.columns([3, 2], gap="large")
    with left:
        ui.chart("promise-kept-rate", data.load("promise_kept_rate"), published,
                 empty="No promises recorded yet.")
    with right:
        st.markdown("**Status changes**")
        ui.table(data.load("promise_updates"), ["changed_on", "org", "status", "note", "evidence_url"],
                 links=("evidence_url",), key="updates")


if __name__ == "__main__":
    render()
