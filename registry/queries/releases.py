"""Release timeline, cadence per lab, announcement -> API -> weights lags, open share."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

# Input modality, as a label used for marker symbols.
_MODALITY = """
    CASE
        WHEN m.modalities_in IS NULL OR len(m.modalities_in) = 0 THEN 'unknown'
        WHEN list_contains(m.modalities_in, 'audio') OR list_contains(m.modalities_in, 'video')
            THEN 'text + image + audio/video'
        WHEN list_contains(m.modalities_in, 'image') THEN 'text + image'
        ELSE 'text only'
    END
"""


def releases(
    con: duckdb.DuckDBPyConnection, *, since: date | None = None, org_ids: list[str] | None = None
) -> pd.DataFrame:
    """Released models (release date known), oldest first, with an input-modality label."""
    return con.execute(
        f"""
        SELECT m.model_id, m.name, coalesce(o.name, m.org_id) AS org, m.org_id, m.released_on,
               m.access, m.status, m.is_flagship, {_MODALITY} AS modality, m.parameters_b,
               m.context_tokens, m.license, m.source_url
        FROM models m LEFT JOIN orgs o USING (org_id)
        WHERE m.released_on IS NOT NULL
          AND ($since::DATE IS NULL OR m.released_on >= $since)
          AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, m.org_id))
        ORDER BY m.released_on, m.name
        """,
        {"since": since, "orgs": org_ids},
    ).df()


def flagship_cadence(
    con: duckdb.DuckDBPyConnection, *, org_ids: list[str] | None = None, since: date | None = None
) -> pd.DataFrame:
    """Each flagship release with the days since the same lab's previous flagship."""
    return con.execute(
        """
        WITH f AS (
            SELECT m.org_id, coalesce(o.name, m.org_id) AS org, m.model_id, m.name, m.released_on,
                   lag(m.name) OVER w AS previous_model, lag(m.released_on) OVER w AS previous_on
            FROM models m LEFT JOIN orgs o USING (org_id)
            WHERE m.is_flagship AND m.released_on IS NOT NULL
              AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, m.org_id))
            WINDOW w AS (PARTITION BY m.org_id ORDER BY m.released_on, m.model_id)
        )
        SELECT *, date_diff('day', previous_on, released_on) AS days_since_previous
        FROM f WHERE $since::DATE IS NULL OR released_on >= $since
        ORDER BY org, released_on
        """,
        {"orgs": org_ids, "since": since},
    ).df()


def lab_cadence_summary(con: duckdb.DuckDBPyConnection, *, today: date) -> pd.DataFrame:
    """Per lab: flagship count, median and last gap, latest flagship and days since it."""
    return con.execute(
        """
        WITH f AS (
            SELECT m.org_id, coalesce(o.name, m.org_id) AS org, m.name, m.released_on,
                   date_diff('day', lag(m.released_on) OVER (PARTITION BY m.org_id
                       ORDER BY m.released_on, m.model_id), m.released_on) AS gap
            FROM models m LEFT JOIN orgs o USING (org_id)
            WHERE m.is_flagship AND m.released_on IS NOT NULL AND m.released_on <= $today
        )
        SELECT org, org_id, count(*) AS flagships, median(gap) AS median_gap_days,
               arg_max(gap, released_on) AS last_gap_days, arg_max(name, released_on) AS latest,
               max(released_on) AS latest_on,
               date_diff('day', max(released_on), $today) AS days_since_latest
        FROM f GROUP BY ALL ORDER BY latest_on DESC
        """,
        {"today": today},
    ).df()


def release_lags(
    con: duckdb.DuckDBPyConnection, *, org_ids: list[str] | None = None, since: date | None = None
) -> pd.DataFrame:
    """Days from announcement to release, API and weights, for models with any of those dates."""
    return con.execute(
        """
        SELECT m.model_id, m.name, coalesce(o.name, m.org_id) AS org, m.org_id,
               coalesce(m.announced_on, m.released_on) AS announced_on, m.released_on,
               m.api_on, m.weights_on, m.access,
               date_diff('day', coalesce(m.announced_on, m.released_on), m.released_on)
                   AS announce_to_release_days,
               date_diff('day', coalesce(m.announced_on, m.released_on), m.api_on)
                   AS announce_to_api_days,
               date_diff('day', coalesce(m.announced_on, m.released_on), m.weights_on)
                   AS announce_to_weights_days
        FROM models m LEFT JOIN orgs o USING (org_id)
        WHERE (m.announced_on IS NOT NULL OR m.api_on IS NOT NULL OR m.weights_on IS NOT NULL)
          AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, m.org_id))
          AND ($since::DATE IS NULL OR coalesce(m.announced_on, m.released_on) >= $since)
        ORDER BY announced_on DESC NULLS LAST, m.name
        """,
        {"orgs": org_ids, "since": since},
    ).df()


def open_share_by_quarter(
    con: duckdb.DuckDBPyConnection, *, since: date | None = None, org_ids: list[str] | None = None
) -> pd.DataFrame:
    """Released models per quarter (empty quarters included), open weights vs closed, open share."""
    return con.execute(
        """
        WITH r AS (
            SELECT date_trunc('quarter', released_on)::DATE AS quarter_start, access
            FROM models
            WHERE released_on IS NOT NULL AND coalesce(access, '') <> 'unreleased'
              AND ($since::DATE IS NULL OR released_on >= $since)
              AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, org_id))
        ), q AS (
            SELECT unnest(generate_series(min(quarter_start), max(quarter_start), INTERVAL 3 MONTH))::DATE
                AS quarter_start
            FROM r
        )
        SELECT q.quarter_start,
               strftime(q.quarter_start, '%Y') || '-Q' || quarter(q.quarter_start) AS quarter,
               count(r.access) FILTER (WHERE r.access = 'open_weights') AS open_weights,
               count(r.quarter_start) FILTER (WHERE r.access <> 'open_weights' OR r.access IS NULL) AS closed,
               count(r.quarter_start) AS releases,
               round(100.0 * count(r.access) FILTER (WHERE r.access = 'open_weights')
                     / nullif(count(r.quarter_start), 0), 1) AS open_share_pct
        FROM q LEFT JOIN r USING (quarter_start)
        GROUP BY ALL ORDER BY q.quarter_start
        """,
        {"since": since, "orgs": org_ids},
    ).df()


def open_share_by_lab(
    con: duckdb.DuckDBPyConnection, *, since: date | None = None, org_ids: list[str] | None = None,
    top: int = 15,
) -> pd.DataFrame:
    """Per lab and year: open-weight releases of all releases (the `top` busiest labs)."""
    return con.execute(
        """
        WITH r AS (
            SELECT m.org_id, coalesce(o.name, m.org_id) AS org, year(m.released_on) AS year,
                   m.access = 'open_weights' AS is_open
            FROM models m LEFT JOIN orgs o USING (org_id)
            WHERE m.released_on IS NOT NULL AND coalesce(m.access, '') <> 'unreleased'
              AND ($since::DATE IS NULL OR m.released_on >= $since)
              AND ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, m.org_id))
        ), busiest AS (
            SELECT org_id FROM r GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT $top
        )
        SELECT org, org_id, year, count(*) FILTER (WHERE is_open) AS open_weights,
               count(*) AS releases,
               round(100.0 * count(*) FILTER (WHERE is_open) / count(*), 1) AS open_share_pct
        FROM r SEMI JOIN busiest USING (org_id)
        GROUP BY ALL ORDER BY org, year
        """,
        {"since": since, "orgs": org_ids, "top": top},
    ).df()
