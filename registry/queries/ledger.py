"""The promise ledger: forward-looking statements by labs and what became of them."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd


def promises(
    con: duckdb.DuckDBPyConnection, *, today: date, org_ids: list[str] | None = None,
    model_id: str | None = None,
) -> pd.DataFrame:
    """Promises with age, overdue flag and latest evidence; `model_id` keeps the promises
    about that model, its family or its org."""
    return con.execute(
        """
        WITH latest AS (
            SELECT promise_id, arg_max(changed_on, changed_on) AS last_update_on,
                   arg_max(evidence_url, changed_on) AS evidence_url,
                   arg_max(note, changed_on) AS last_note, count(*) AS updates
            FROM promise_updates GROUP BY promise_id
        ), target AS (
            SELECT ['model:' || model_id, 'family:' || family, 'org:' || org_id] AS subjects,
                   org_id
            FROM models WHERE model_id = $model
        )
        SELECT p.promise_id, coalesce(o.name, p.org_id) AS org, p.org_id, p.statement,
               p.subject, p.status, p.made_on, p.due_on,
               date_diff('day', p.made_on, $today) AS age_days,
               p.status = 'open' AND p.due_on IS NOT NULL AND p.due_on < $today AS is_overdue,
               l.last_update_on, l.last_note, l.updates, l.evidence_url, p.source_url, p.speaker
        FROM promises p LEFT JOIN orgs o USING (org_id) LEFT JOIN latest l USING (promise_id)
        WHERE ($orgs::VARCHAR[] IS NULL OR list_contains($orgs, p.org_id))
          AND ($model::VARCHAR IS NULL OR EXISTS (
                SELECT 1 FROM target t WHERE list_contains(t.subjects, p.subject)))
        ORDER BY p.status = 'open' DESC, p.made_on DESC, p.promise_id
        """,
        {"today": today, "orgs": org_ids, "model": model_id},
    ).df()


def promise_updates(con: duckdb.DuckDBPyConnection, *, promise_id: str | None = None) -> pd.DataFrame:
    """Every status change with its evidence, newest first."""
    return con.execute(
        """
        SELECT u.changed_on, u.promise_id, coalesce(o.name, p.org_id) AS org, u.status, u.note,
               u.evidence_url, p.statement
        FROM promise_updates u JOIN promises p USING (promise_id) LEFT JOIN orgs o USING (org_id)
        WHERE $id::VARCHAR IS NULL OR u.promise_id = $id
        ORDER BY u.changed_on DESC, u.promise_id
        """,
        {"id": promise_id},
    ).df()


def promise_kept_rate(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per lab: promises by status and the kept rate among resolved ones (kept, partly kept as
    half, broken; open and withdrawn promises are not counted)."""
    return con.execute(
        """
        SELECT coalesce(o.name, p.org_id) AS org, p.org_id, count(*) AS promises,
               count(*) FILTER (WHERE status = 'kept') AS kept,
               count(*) FILTER (WHERE status = 'partly_kept') AS partly_kept,
               count(*) FILTER (WHERE status = 'broken') AS broken,
               count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
               count(*) FILTER (WHERE status = 'open') AS open,
               round(100.0 * (count(*) FILTER (WHERE status = 'kept')
                     + 0.5 * count(*) FILTER (WHERE status = 'partly_kept'))
                     / nullif(count(*) FILTER (WHERE status IN ('kept', 'partly_kept', 'broken')), 0), 1) AS kept_rate_pct
        FROM promises p LEFT JOIN orgs o USING (org_id)
        GROUP BY ALL ORDER BY promises DESC, org
        """
    ).df()
