"""News: a searchable, filterable feed of events (what fetched items say happened)."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui

LIMIT = 300


def render() -> None:
    published = ui.require_snapshot()
    ui.header("News", "Events extracted from lab blogs, feeds and leaderboards; titles shown as plain text",
              published)
    orgs = data.load("orgs")
    org_names = dict(zip(orgs["org_id"], orgs["name"]))
    labels = ui.model_labels(data.load("model_names"))
    kinds = data.load("event_kinds")["kind"].tolist()
    text = st.text_input("Search titles and summaries", key="q", bind="query-params",
                         placeholder="e.g. open weights, price, Muse", icon=":material/search:")
    with st.container(horizontal=True):
        labs = st.multiselect("Labs", list(org_names), format_func=org_names.get, key="labs",
                              bind="query-params", placeholder="All labs", width=300)
        models = st.multiselect("Models", list(labels), format_func=labels.get, key="models",
                                bind="query-params", placeholder="All models", width=300)
        kind = st.multiselect("Kinds", kinds, key="kinds", bind="query-params", placeholder="All kinds", width=260)
        since = st.date_input("From", value=None, key="from", bind="query-params", width=150)
        until = st.date_input("To", value=None, key="to", bind="query-params", width=150)
    feed = data.load("events_feed", text=text or None, org_ids=labs or None, model_ids=models or None,
                     kinds=kind or None, since=since, until=until, limit=LIMIT)
    if feed.empty:
        if any([text, labs, models, kind, since, until]):
            ui.empty("No events match these filters.")
        else:
            ui.empty("No news yet: run `python -m ingest run SOURCE` for a feed source "
                     "(list them with `python -m ingest sources`).")
        return
    st.caption(f"{len(feed)} newest matching events" + (f" (first {LIMIT})" if len(feed) == LIMIT else "")
               + " · select a row for details")
    state = ui.table(feed, ["published_at", "kind", "title", "model", "org", "source_id", "url"], links=("url",),
                     key="feed", on_select="rerun", selection_mode="single-row")
    rows = getattr(getattr(state, "selection", None), "rows", None) or []
    if rows:
        item = feed.iloc[rows[0]]
        with st.container(border=True):
            st.text(item["title"])
            st.caption(f"{item['kind']} · {item['source_id']} · {item['published_at']:%Y-%m-%d %H:%M} UTC")
            st.text(item["summary_text"] or "")
            ui.link("Open the source", item["url"])


if __name__ == "__main__":
    render()
