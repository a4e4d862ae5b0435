"""Releases: timeline by lab, flagship cadence, announcement -> API -> weights lags, open share."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui


def render() -> None:
    published = ui.require_snapshot()
    now = data.now_hour()
    ui.header("Releases", "Who released what, when, and how openly", published)
    orgs = data.load("orgs")
    names = dict(zip(orgs["org_id"], orgs["name"]))
    with st.container(horizontal=True):
        labs = st.multiselect("Labs", list(names), format_func=names.get, key="labs", bind="query-params",
                              placeholder="All labs", width=520)
        since = st.date_input("Released since", value=None, key="since", bind="query-params", width=200)
    filters = {"org_ids": labs or None, "since": since}

    timeline = data.load("releases", **filters)
    if timeline.empty:
        ui.empty("No releases yet: load the curated models with `python -m registry load`.")
        return
    ui.chart("releases-timeline", timeline, published)

    st.subheader("Cadence per lab")
    ui.chart("flagship-cadence", data.load("flagship_cadence", **filters), published,
             empty="Cadence needs two flagship releases from one lab (mark them `is_flagship: true`).")
    summary = data.load("lab_cadence_summary", today=now.date())
    if labs:
        summary = summary[summary["org_id"].isin(labs)]
    summary = summary.rename(columns={"latest": "latest_flagship", "latest_on": "released_on"})
    ui.table(summary, ["org", "flagships", "median_gap_days", "last_gap_days", "latest_flagship", "released_on",
                       "days_since_latest"], key="cadence")
    st.caption("Gaps are days between a lab's consecutive flagship releases.")

    st.subheader("From announcement to API and weights")
    ui.chart("release-lags", data.load("release_lags", **filters), published,
             empty="No announcement, API or weights dates recorded (announced_on / api_on / weights_on).")

    st.subheader("Open vs closed, per quarter")
    ui.chart("open-share-quarterly", data.load("open_share_by_quarter", **filters), published)


if __name__ == "__main__":
    render()
