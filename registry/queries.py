"""Named read functions -> DataFrame. All dashboard SQL lives here, parameterised."""
from __future__ import annotations

import duckdb
import pandas as pd


def models(con: duckdb.DuckDBPyConnection, org_id: str | None = None) -> pd.DataFrame:
    """Every model with its org name, newest first."""
    return con.execute(
        """
        SELECT m.model_id, m.name, o.name AS org, m.org_id, m.family, m.released_on, m.status,
               m.access, m.license, m.modalities_in, m.modalities_out, m.reasoning_modes,
               m.context_tokens, m.predecessor_id, m.is_flagship, m.source_url
        FROM models m LEFT JOIN orgs o USING (org_id)
        WHERE ?::VARCHAR IS NULL OR m.org_id = ?
        ORDER BY m.released_on DESC NULLS LAST, m.name
        """,
        [org_id, org_id],
    ).df()


def snapshot_published_at(con: duckdb.DuckDBPyConnection) -> pd.Timestamp | None:
    row = con.execute("SELECT max(published_at) FROM snapshot_meta").fetchone()
    return row[0] if row else None
