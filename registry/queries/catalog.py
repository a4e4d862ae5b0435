"""Models, orgs, benchmarks and one model's identity records."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

# The Compare page's default: Muse Spark and three peers, when present.
PREFERRED_COMPARE = ("muse-spark", "gpt-5", "claude-opus-4.1", "gemini-2.5-pro")


def models(con: duckdb.DuckDBPyConnection, org_id: str | None = None) -> pd.DataFrame:
    """Every model with its org name, newest first."""
    return con.execute(
        """
        SELECT m.model_id, m.name, coalesce(o.name, m.org_id) AS org, m.org_id, m.family,
               m.released_on, m.announced_on, m.api_on, m.weights_on, m.status, m.access,
               m.license, m.modalities_in, m.modalities_out, m.reasoning_modes, m.channels,
               m.context_tokens, m.max_output_tokens, m.parameters_b, m.predecessor_id,
               m.is_flagship, m.source_url
        FROM models m LEFT JOIN orgs o USING (org_id)
        WHERE $org::VARCHAR IS NULL OR m.org_id = $org
        ORDER BY m.released_on DESC NULLS LAST, m.name
        """,
        {"org": org_id},
    ).df()


def model_names(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """model_id, name and org name of every model, newest first (for pickers and labels)."""
    return con.execute(
        """
        SELECT m.model_id, m.name, coalesce(o.name, m.org_id) AS org
        FROM models m LEFT JOIN orgs o USING (org_id)
        ORDER BY m.released_on DESC NULLS LAST, m.name
        """
    ).df()


def orgs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Orgs with their model counts, most models first."""
    return con.execute(
        """
        SELECT o.org_id, o.name, o.country, o.kind, o.homepage, count(m.model_id) AS models
        FROM orgs o LEFT JOIN models m USING (org_id)
        GROUP BY ALL ORDER BY models DESC, o.name
        """
    ).df()


def benchmarks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Benchmarks with how many scores each has."""
    return con.execute(
        """
        WITH n AS (SELECT benchmark_id, count(*) AS scores FROM scores GROUP BY ALL)
        SELECT b.benchmark_id, b.name, b.category, b.unit, b.higher_is_better, b.scale_min,
               b.scale_max, b.description, b.source_url, coalesce(n.scores, 0) AS scores
        FROM benchmarks b LEFT JOIN n USING (benchmark_id)
        ORDER BY b.category, b.name
        """
    ).df()


def default_compare_models(con: duckdb.DuckDBPyConnection, n: int = 4) -> list[str]:
    """Muse Spark plus its usual peers when present, topped up with the newest flagships."""
    present = {r[0] for r in con.execute(
        "SELECT model_id FROM models WHERE list_contains($ids, model_id)",
        {"ids": list(PREFERRED_COMPARE)},
    ).fetchall()}
    chosen = [m for m in PREFERRED_COMPARE if m in present]
    newest = con.execute(
        """
        SELECT model_id FROM models
        WHERE NOT list_contains($chosen, model_id)
        ORDER BY is_flagship DESC, released_on DESC NULLS LAST, model_id LIMIT $n
        """,
        {"chosen": chosen or [""], "n": n},
    ).fetchall()
    chosen += [r[0] for r in newest]
    return chosen[:n]


def model_detail(con: duckdb.DuckDBPyConnection, model_id: str) -> pd.DataFrame:
    """One model's identity row (empty when unknown), with org and predecessor names."""
    return con.execute(
        """
        SELECT m.*, coalesce(o.name, m.org_id) AS org, o.homepage AS org_homepage,
               p.name AS predecessor
        FROM models m LEFT JOIN orgs o USING (org_id)
        LEFT JOIN models p ON p.model_id = m.predecessor_id
        WHERE m.model_id = $id
        """,
        {"id": model_id},
    ).df()


def model_aliases(con: duckdb.DuckDBPyConnection, model_id: str) -> pd.DataFrame:
    """The names each source uses for a model (the crosswalk)."""
    return con.execute(
        """
        SELECT source_id, alias, match_kind, source_url FROM model_aliases
        WHERE model_id = $id ORDER BY source_id, alias
        """,
        {"id": model_id},
    ).df()


def access_history(con: duckdb.DuckDBPyConnection, model_id: str) -> pd.DataFrame:
    """A model's access and license over time, oldest first."""
    return con.execute(
        """
        SELECT valid_from, valid_to, access, license, evidence, source_id, source_url, observed_at
        FROM access_history WHERE model_id = $id ORDER BY valid_from, source_id
        """,
        {"id": model_id},
    ).df()


def snapshot_published_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the served snapshot was published (None for an unpublished database)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'snapshot_meta'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("SELECT max(published_at) FROM snapshot_meta").fetchone()
    return row[0] if row else None
