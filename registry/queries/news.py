"""The event feed: what fetched items say happened, with their sources."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from registry.snapshot import has_table

_FEED = """
    WITH i AS (
        SELECT item_id, source_id, url, title, summary_text, date_flag,
               coalesce(published_at, first_seen_at) AS published_at
        FROM items
        WHERE {window}
          ($since::DATE IS NULL OR coalesce(published_at, first_seen_at) >= $since)
          AND ($until::DATE IS NULL OR coalesce(published_at, first_seen_at) < $until::DATE + INTERVAL 1 DAY)
          AND ($q::VARCHAR IS NULL OR contains(lower(title), $q) OR contains(lower(summary_text), $q))
    ), e AS (
        SELECT * FROM events
        WHERE ($kinds::VARCHAR[] IS NULL OR list_contains($kinds, kind))
          AND ($models::VARCHAR[] IS NULL OR list_contains($models, model_id))
          AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, org_id))
    )
    SELECT i.published_at, e.kind, i.title, m.name AS model, coalesce(o.name, e.org_id) AS org,
           i.source_id, i.url, i.summary_text, e.confidence, i.date_flag, e.model_id, e.org_id,
           i.item_id, e.event_id
    FROM e JOIN i USING (item_id)
    LEFT JOIN models m ON m.model_id = e.model_id LEFT JOIN orgs o ON o.org_id = e.org_id
    ORDER BY i.published_at DESC, e.event_id
    LIMIT $limit
"""
# The newest `$window` items by publication date, plus every undated item (row ids only).
_WINDOW = """rowid IN ((SELECT rowid FROM items ORDER BY published_at DESC NULLS LAST LIMIT $window)
                   UNION ALL (SELECT rowid FROM items WHERE published_at IS NULL)) AND"""

# The same feed over `event_feed`, the events-join-items table `snapshot.publish` derives.
_DERIVED_FEED = """
    SELECT f.published_at, f.kind, f.title, m.name AS model, coalesce(o.name, f.org_id) AS org,
           f.source_id, f.url, f.summary_text, f.confidence, f.date_flag, f.model_id, f.org_id,
           f.item_id, f.event_id
    FROM (SELECT * FROM event_feed
          WHERE ($since::DATE IS NULL OR published_at >= $since)
            AND ($until::DATE IS NULL OR published_at < $until::DATE + INTERVAL 1 DAY)
            AND ($q::VARCHAR IS NULL OR contains(lower(title), $q) OR contains(lower(summary_text), $q))
            AND ($kinds::VARCHAR[] IS NULL OR list_contains($kinds, kind))
            AND ($models::VARCHAR[] IS NULL OR list_contains($models, model_id))
            AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, org_id))
          ORDER BY published_at DESC, event_id LIMIT $limit) f
    LEFT JOIN models m ON m.model_id = f.model_id LEFT JOIN orgs o ON o.org_id = f.org_id
    ORDER BY f.published_at DESC, f.event_id
"""


def event_kinds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Event kinds with their counts."""
    return con.execute(
        "SELECT kind, count(*) AS events FROM events GROUP BY kind ORDER BY events DESC, kind"
    ).df()


def events_feed(
    con: duckdb.DuckDBPyConnection, *, text: str | None = None, org_ids: list[str] | None = None,
    model_ids: list[str] | None = None, kinds: list[str] | None = None,
    since: date | None = None, until: date | None = None, limit: int = 300,
) -> pd.DataFrame:
    """Newest events first, filtered; `text` is a case-insensitive substring of title or summary.

    `published_at` falls back to when the item was first seen when the source gave no date.
    Unless a model or lab filter makes the event side small, only the newest items are read first
    (4x the limit, widened 8x at a time until enough events match or every item was read):
    the feed is a top-N, and filtering and joining every item costs far more. When every item
    must be read and the snapshot has the derived `event_feed` table, that is read instead.
    """
    needle = text.strip().lower() if text and text.strip() else None
    params = {"kinds": kinds, "models": model_ids, "orgs": org_ids, "since": since, "until": until,
              "q": needle, "limit": limit}
    total = con.execute("SELECT count(*) FROM items").fetchone()[0]
    window = None if (model_ids or org_ids) else limit * 4
    while True:
        if window is not None and window >= total:
            window = None
        if window is None and has_table(con, "event_feed"):  # every item: read the derived join
            return con.execute(_DERIVED_FEED, params).df()
        sql = _FEED.format(window=_WINDOW if window else "")
        frame = con.execute(sql, {**params, "window": window} if window else params).df()
        if window is None or len(frame) >= limit:
            return frame
        window *= 8
