"""The promise ledger: evaluate open promises' predicates against the registry.

A promise's status is the status of its latest update (curated or automatic). Automatic
updates only move a promise forward (open -> kept); evidence that later disappears never
silently flips a kept promise back.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from registry import store

AUTO_SOURCE = "auto"

_FAMILY_MATCH = "(lower(m.family) = lower($family) OR lower(m.name) LIKE lower($family) || '%')"

_OPEN_WEIGHTS_RELEASE = f"""
    SELECT m.model_id, coalesce(a.valid_from, m.weights_on, m.released_on) AS on_date,
           coalesce(a.evidence, a.source_url, m.source_url) AS evidence_url, a.source_id
    FROM models m
    LEFT JOIN access_history a ON a.model_id = m.model_id AND a.access = 'open_weights'
    WHERE m.org_id = $org_id AND {_FAMILY_MATCH}
      AND (a.model_id IS NOT NULL OR m.access = 'open_weights')
      AND coalesce(a.valid_from, m.weights_on, m.released_on) > $after
    ORDER BY on_date, (a.source_id = 'curated') DESC LIMIT 1
"""

_MODEL_RELEASED = f"""
    SELECT m.model_id, m.released_on AS on_date, m.source_url AS evidence_url, m.source_id
    FROM models m
    WHERE m.org_id = $org_id AND {_FAMILY_MATCH} AND m.released_on > $after
      AND coalesce(m.status, '') IN ('preview', 'ga', 'deprecated', 'retired', 'discovered')
    ORDER BY m.released_on LIMIT 1
"""

_WEIGHTS_PUBLISHED = """
    SELECT a.model_id, a.valid_from AS on_date, coalesce(a.evidence, a.source_url) AS evidence_url, a.source_id
    FROM access_history a WHERE a.model_id = $model_id AND a.access = 'open_weights'
    ORDER BY a.valid_from LIMIT 1
"""

_API_GA = """
    SELECT t.model_id, CAST(t.valid_from AS DATE) AS on_date, t.source_url AS evidence_url, t.source_id
    FROM api_terms t WHERE t.model_id = $model_id AND coalesce(t.availability, 'ga') = 'ga'
    ORDER BY t.valid_from LIMIT 1
"""

PREDICATES = {
    "open_weights_release": (_OPEN_WEIGHTS_RELEASE, ("org_id", "family", "after")),
    "model_released": (_MODEL_RELEASED, ("org_id", "family", "after")),
    "weights_published": (_WEIGHTS_PUBLISHED, ("model_id",)),
    "api_ga": (_API_GA, ("model_id",)),
}


@dataclass(frozen=True)
class Evidence:
    model_id: str
    on: date
    url: str | None
    source_id: str | None


def evaluate(con: duckdb.DuckDBPyConnection, predicate: dict) -> Evidence | None:
    """The earliest evidence satisfying a predicate, or None."""
    sql, params = PREDICATES[predicate["kind"]]
    args = {name: predicate[name] for name in params}
    if "after" in args:
        args["after"] = date.fromisoformat(str(args["after"]))
    row = con.execute(sql, args).fetchone()
    return Evidence(*row) if row else None


def resolve_all(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> int:
    """Record a `kept` update for every open promise whose predicate now holds; return how many."""
    open_promises = con.execute(
        "SELECT promise_id, predicate FROM promises WHERE status = 'open'"
    ).fetchall()
    updates = []
    for promise_id, predicate in open_promises:
        evidence = evaluate(con, json.loads(predicate))
        if evidence is not None:
            updates.append({
                "promise_id": promise_id, "status": "kept", "changed_on": evidence.on,
                "evidence_url": evidence.url, "source_id": AUTO_SOURCE,
                "note": f"auto: {evidence.model_id} satisfies the predicate (source {evidence.source_id})",
            })
    written = store.upsert(con, "promise_updates", pd.DataFrame(updates),
                           ["promise_id", "changed_on", "status"], run_id, update=False)
    sync_status(con)
    return written


def sync_status(con: duckdb.DuckDBPyConnection) -> None:
    """Set each promise's status to that of its latest update (automatic ones win ties)."""
    con.execute(
        """
        UPDATE promises SET status = latest.status
        FROM (
            SELECT promise_id, arg_max(status, (changed_on, source_id = 'auto')) AS status
            FROM promise_updates GROUP BY promise_id
        ) latest
        WHERE promises.promise_id = latest.promise_id AND promises.status IS DISTINCT FROM latest.status
        """
    )

