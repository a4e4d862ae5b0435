"""API terms: current prices and limits, their history and a change log."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd


def providers(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Providers with their count of current terms rows, most first."""
    return con.execute(
        """
        SELECT provider, count(*) AS models FROM api_terms WHERE valid_to IS NULL
        GROUP BY provider ORDER BY models DESC, provider
        """
    ).df()


def current_terms(
    con: duckdb.DuckDBPyConnection, *, providers: list[str] | None = None,
    min_context: int | None = None, fine_tuning: bool | None = None,
    open_weights: bool | None = None, model_ids: list[str] | None = None, limit: int = 2000,
) -> pd.DataFrame:
    """Terms in force now (open-ended rows), cheapest blended price first.

    `fine_tuning=True` keeps rows offering fine-tuning; `open_weights=True` keeps models
    whose weights are published (False keeps the others); None means no filter.
    """
    return con.execute(
        """
        SELECT m.name AS model, coalesce(o.name, m.org_id) AS org, t.provider,
               t.input_usd_per_mtok, t.output_usd_per_mtok, t.cached_input_usd_per_mtok,
               (3 * t.input_usd_per_mtok + t.output_usd_per_mtok) / 4 AS blended_usd_per_mtok,
               coalesce(t.context_tokens, m.context_tokens) AS context_tokens,
               t.max_output_tokens, t.fine_tuning, t.rate_limits, t.availability,
               m.access, t.valid_from, t.observed_at, t.source_id, t.source_url, t.model_id,
               t.source_model_name
        FROM api_terms t JOIN models m USING (model_id) LEFT JOIN orgs o ON o.org_id = m.org_id
        WHERE t.valid_to IS NULL
          AND ($providers::VARCHAR[] IS NULL OR list_contains($providers, t.provider))
          AND ($min_ctx::BIGINT IS NULL
               OR coalesce(t.context_tokens, m.context_tokens) >= $min_ctx)
          AND ($ft::BOOLEAN IS NULL OR coalesce(t.fine_tuning, false) = $ft)
          AND ($ow::BOOLEAN IS NULL OR (m.access = 'open_weights') = $ow)
          AND ($models::VARCHAR[] IS NULL OR list_contains($models, t.model_id))
        ORDER BY blended_usd_per_mtok NULLS LAST, m.name, t.provider
        LIMIT $limit
        """,
        {"providers": providers, "min_ctx": min_context, "ft": fine_tuning, "ow": open_weights,
         "models": model_ids, "limit": limit},
    ).df()


def price_changed_models(con: duckdb.DuckDBPyConnection, n: int = 4) -> list[str]:
    """Models whose prices changed most often (the price-history chart's default)."""
    rows = con.execute(
        """
        SELECT model_id FROM (
            SELECT model_id, count(*) - count(DISTINCT provider || source_id) AS changes,
                   max(valid_from) AS last_change
            FROM api_terms GROUP BY model_id)
        WHERE changes > 0 ORDER BY changes DESC, last_change DESC, model_id LIMIT $n
        """,
        {"n": n},
    ).fetchall()
    return [r[0] for r in rows]


def terms_history(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str], providers: list[str] | None = None,
    since: date | None = None,
) -> pd.DataFrame:
    """Every terms period of the given models, oldest first (for step charts)."""
    return con.execute(
        """
        SELECT m.name AS model, t.model_id, t.provider, t.source_id, t.valid_from, t.valid_to,
               t.input_usd_per_mtok, t.output_usd_per_mtok, t.cached_input_usd_per_mtok,
               t.context_tokens, t.fine_tuning, t.availability, t.observed_at, t.source_url
        FROM api_terms t JOIN models m USING (model_id)
        WHERE list_contains($models, t.model_id)
          AND ($providers::VARCHAR[] IS NULL OR list_contains($providers, t.provider))
          AND ($since::DATE IS NULL OR coalesce(t.valid_to, DATE '9999-12-31') >= $since)
        ORDER BY m.name, t.provider, t.source_id, t.valid_from
        """,
        {"models": list(model_ids), "providers": providers, "since": since},
    ).df()


def terms_changes(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str] | None = None,
    since: date | None = None, limit: int = 500,
) -> pd.DataFrame:
    """A change log of terms: listings, price cuts and rises, context and other changes."""
    return con.execute(
        """
        WITH recent AS (  -- the newest periods first, then the history of just their series
            SELECT model_id, provider, source_id, valid_from FROM api_terms
            WHERE ($models::VARCHAR[] IS NULL OR list_contains($models, model_id))
              AND ($since::DATE IS NULL OR valid_from >= $since)
            ORDER BY valid_from DESC LIMIT $limit
        ), t AS (
            SELECT a.*, lag(input_usd_per_mtok) OVER w AS prev_input,
                   lag(output_usd_per_mtok) OVER w AS prev_output,
                   lag(context_tokens) OVER w AS prev_context,
                   row_number() OVER w AS nth
            FROM api_terms a SEMI JOIN (SELECT DISTINCT model_id, provider, source_id FROM recent) k
                USING (model_id, provider, source_id)
            WINDOW w AS (PARTITION BY model_id, provider, source_id ORDER BY valid_from)
        )
        SELECT t.valid_from AS changed_at, m.name AS model, t.provider,
               CASE WHEN t.nth = 1 THEN 'listed'
                    WHEN t.input_usd_per_mtok < t.prev_input OR t.output_usd_per_mtok < t.prev_output
                        THEN 'price cut'
                    WHEN t.input_usd_per_mtok > t.prev_input OR t.output_usd_per_mtok > t.prev_output
                        THEN 'price increase'
                    WHEN t.context_tokens IS DISTINCT FROM t.prev_context THEN 'context change'
                    ELSE 'terms change' END AS change,
               t.prev_input AS input_before, t.input_usd_per_mtok AS input_after,
               t.prev_output AS output_before, t.output_usd_per_mtok AS output_after,
               t.prev_context AS context_before, t.context_tokens AS context_after,
               t.source_id, t.source_url, t.model_id
        FROM t SEMI JOIN recent USING (model_id, provider, source_id, valid_from)
        JOIN models m USING (model_id)
        ORDER BY t.valid_from DESC, m.name, t.provider
        LIMIT $limit
        """,
        {"models": model_ids, "since": since, "limit": limit},
    ).df()
