"""Overview figures (KPIs, freshness, recent changes) and operations (sources, runs, review)."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

# One row per recent change of any kind: new models, price changes, new scores, access
# changes and promise updates, each with a one-line detail.
_CHANGES = """
    SELECT m.released_on::TIMESTAMP AS changed_at, 'new model' AS kind, m.model_id,
           m.name AS model, m.org_id, coalesce(m.access, '?') || ' · ' || coalesce(m.status, '?')
           AS detail, m.source_url
    FROM models m WHERE m.released_on >= $since::DATE AND m.released_on <= $now::DATE
    UNION ALL
    SELECT valid_from, 'price change', model_id, NULL, NULL,
           provider || ': input ' || printf('$%.2f', prev_in) || ' → ' || printf('$%.2f', input_usd_per_mtok)
           || ', output ' || printf('$%.2f', prev_out) || ' → ' || printf('$%.2f', output_usd_per_mtok)
           || ' per Mtok', source_url
    FROM (SELECT *, lag(input_usd_per_mtok) OVER w AS prev_in, lag(output_usd_per_mtok) OVER w AS prev_out
          FROM api_terms a SEMI JOIN (SELECT DISTINCT model_id, provider, source_id FROM api_terms
                                      WHERE valid_from >= $since) k USING (model_id, provider, source_id)
          WINDOW w AS (PARTITION BY model_id, provider, source_id ORDER BY valid_from))
    WHERE valid_from >= $since AND valid_from <= $now
      AND (prev_in IS DISTINCT FROM input_usd_per_mtok OR prev_out IS DISTINCT FROM output_usd_per_mtok)
      AND (prev_in IS NOT NULL OR prev_out IS NOT NULL)
    UNION ALL
    SELECT coalesce(s.observed_at, s.reported_on::TIMESTAMP), 'new score', s.model_id, NULL, NULL,
           b.name || ': ' || s.value || ' (' || s.measured_by || ', ' || s.source_id || ')', s.source_url
    FROM scores s JOIN benchmarks b USING (benchmark_id)
    WHERE coalesce(s.observed_at, s.reported_on::TIMESTAMP) >= $since
      AND coalesce(s.observed_at, s.reported_on::TIMESTAMP) <= $now
    UNION ALL
    SELECT valid_from::TIMESTAMP, 'access change', model_id, NULL, NULL,
           prev_access || ' → ' || access || coalesce(' (' || license || ')', ''), source_url
    FROM (SELECT *, lag(access) OVER (PARTITION BY model_id ORDER BY valid_from) AS prev_access
          FROM access_history)
    WHERE valid_from >= $since::DATE AND valid_from <= $now::DATE AND prev_access <> access
    UNION ALL
    SELECT u.changed_on::TIMESTAMP, 'promise update', NULL, NULL, p.org_id,
           u.status || ': ' || coalesce(u.note, p.statement), u.evidence_url
    FROM promise_updates u JOIN promises p USING (promise_id)
    WHERE u.changed_on >= $since::DATE AND u.changed_on <= $now::DATE
"""
CHANGE_KINDS = ("new model", "price change", "new score", "access change", "promise update")


def changes(
    con: duckdb.DuckDBPyConnection, *, since: datetime, now: datetime, limit: int = 500
) -> pd.DataFrame:
    """Everything that changed between `since` and `now`, newest first."""
    return con.execute(
        f"""
        SELECT c.changed_at, c.kind, coalesce(c.model, m.name) AS model,
               coalesce(o.name, c.org_id, m.org_id) AS org, c.detail, c.source_url, c.model_id
        FROM ({_CHANGES}) c LEFT JOIN models m ON m.model_id = c.model_id
        LEFT JOIN orgs o ON o.org_id = coalesce(c.org_id, m.org_id)
        ORDER BY c.changed_at DESC, c.kind, model
        LIMIT $limit
        """,
        {"since": since, "now": now, "limit": limit},
    ).df()


def change_counts(con: duckdb.DuckDBPyConnection, *, now: datetime) -> pd.DataFrame:
    """Per change kind: how many in the last 7 and 30 days (every kind listed)."""
    return con.execute(
        f"""
        WITH c AS ({_CHANGES})
        SELECT k.kind,
               count(c.kind) FILTER (WHERE c.changed_at >= $now::TIMESTAMP - INTERVAL 7 DAY) AS last_7_days,
               count(c.kind) AS last_30_days
        FROM unnest($kinds) AS k(kind) LEFT JOIN c USING (kind)
        GROUP BY k.kind ORDER BY list_position($kinds, k.kind)
        """,
        {"since": now - pd.Timedelta(days=30), "now": now, "kinds": list(CHANGE_KINDS)},
    ).df()


def kpis(con: duckdb.DuckDBPyConnection, *, now: datetime) -> pd.DataFrame:
    """One row: models tracked, labs, open-weight share of released models, source health."""
    return con.execute(
        """
        WITH m AS (
            SELECT count(*) AS models, count(DISTINCT org_id) AS labs,
                   round(100.0 * count(*) FILTER (WHERE access = 'open_weights')
                         / nullif(count(*) FILTER (WHERE coalesce(access, '') <> 'unreleased'), 0), 1)
                       AS open_weight_share_pct
            FROM models
        ), s AS (
            SELECT count(*) AS sources,
                   count(*) FILTER (WHERE last_ok_at IS NOT NULL AND coalesce(error_count, 0) = 0
                       AND date_diff('second', last_ok_at, $now) <= 2 * coalesce(interval_s, 86400))
                       AS sources_healthy
            FROM sources
        )
        SELECT * FROM m, s
        """,
        {"now": now},
    ).df()


def freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: snapshot publication time, the last successful run and the last run."""
    return con.execute(
        """
        SELECT (SELECT max(published_at) FROM snapshot_meta) AS published_at,
               (SELECT max(finished_at) FROM runs WHERE status IN ('ok', 'not_modified'))
                   AS last_ok_run_at,
               (SELECT arg_max(source_id, finished_at) FROM runs
                WHERE status IN ('ok', 'not_modified')) AS last_ok_source,
               (SELECT max(started_at) FROM runs) AS last_run_at
        """
    ).df()


def source_health(con: duckdb.DuckDBPyConnection, *, now: datetime) -> pd.DataFrame:
    """Per source: last success, next check, errors, and `is_stale` when no success in 2x its
    interval (1 day when unset); runs and failed runs over the last 7 days."""
    return con.execute(
        """
        WITH r AS (
            SELECT source_id, arg_max(status, started_at) AS last_run_status,
                   count(*) FILTER (WHERE started_at >= $now::TIMESTAMP - INTERVAL 7 DAY) AS runs_7d,
                   count(*) FILTER (WHERE started_at >= $now::TIMESTAMP - INTERVAL 7 DAY
                                    AND status = 'error') AS errors_7d
            FROM runs GROUP BY source_id
        )
        SELECT s.source_id, s.kind, s.org_id, s.last_ok_at, s.next_check_at, s.last_run_at,
               coalesce(s.error_count, 0) AS error_count, s.last_error_kind, s.last_error,
               s.interval_s, r.last_run_status, coalesce(r.runs_7d, 0) AS runs_7d,
               coalesce(r.errors_7d, 0) AS errors_7d,
               s.last_ok_at IS NULL
                   OR date_diff('second', s.last_ok_at, $now) > 2 * coalesce(s.interval_s, 86400)
                   AS is_stale,
               s.url
        FROM sources s LEFT JOIN r USING (source_id)
        ORDER BY is_stale DESC, error_count DESC, s.source_id
        """,
        {"now": now},
    ).df()


def runs(
    con: duckdb.DuckDBPyConnection, *, source_id: str | None = None, since: date | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Ingestion runs, newest first."""
    return con.execute(
        """
        SELECT started_at, source_id, status, date_diff('millisecond', started_at, finished_at) / 1000.0
               AS seconds, items_seen, items_new, items_changed, rows_written, http_status,
               error_kind, error, run_id
        FROM runs
        WHERE ($source::VARCHAR IS NULL OR source_id = $source)
          AND ($since::DATE IS NULL OR started_at >= $since)
        ORDER BY started_at DESC LIMIT $limit
        """,
        {"source": source_id, "since": since, "limit": limit},
    ).df()


def runs_daily(con: duckdb.DuckDBPyConnection, *, since: date | None = None) -> pd.DataFrame:
    """Runs per day and status (for the run-history chart)."""
    return con.execute(
        """
        SELECT started_at::DATE AS day, coalesce(status, 'running') AS status, count(*) AS runs,
               sum(items_new) AS items_new
        FROM runs WHERE $since::DATE IS NULL OR started_at >= $since
        GROUP BY ALL ORDER BY day, status
        """,
        {"since": since},
    ).df()


def review_names(con: duckdb.DuckDBPyConnection, *, limit: int = 500) -> pd.DataFrame:
    """Names sources used that did not resolve to a model, most seen first."""
    return con.execute(
        """
        SELECT name, source_id, reason, candidates, seen_count, first_seen_at, last_seen_at
        FROM review_names ORDER BY seen_count DESC, last_seen_at DESC NULLS LAST LIMIT $limit
        """,
        {"limit": limit},
    ).df()


def promise_candidates(con: duckdb.DuckDBPyConnection, *, limit: int = 500) -> pd.DataFrame:
    """Sentences that look like promises, awaiting review, newest first."""
    return con.execute(
        """
        SELECT c.found_at, c.review_status, c.org_id, c.model_id, c.sentence, c.url, c.item_id,
               c.candidate_id
        FROM promise_candidates c
        ORDER BY c.review_status = 'new' DESC, c.found_at DESC NULLS LAST LIMIT $limit
        """,
        {"limit": limit},
    ).df()


def quarantine(con: duckdb.DuckDBPyConnection, *, limit: int = 500) -> pd.DataFrame:
    """Values held back as implausible, newest first."""
    return con.execute(
        """
        SELECT observed_at, table_name, source_id, model_id, field, previous_value, value, reason,
               quarantine_id
        FROM quarantine ORDER BY observed_at DESC NULLS LAST LIMIT $limit
        """,
        {"limit": limit},
    ).df()
