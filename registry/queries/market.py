"""Benchmark scores, price/performance and vendor claims versus independent measurements."""
from __future__ import annotations

import duckdb
import pandas as pd

INTELLIGENCE = "aa-intelligence-index"



def _placeholders(prefix: str, values: list[str]) -> str:
    """`$m0, $m1, ...`: an IN list DuckDB can push into the table scan (NULL when empty)."""
    return ", ".join(f"${prefix}{n}" for n in range(len(values))) or "NULL"


def _named(prefix: str, values: list[str]) -> dict[str, str]:
    return {f"{prefix}{n}": v for n, v in enumerate(values)}


def _latest(where: str) -> str:
    """The latest score per (model, benchmark, measured_by) among rows matching `where`: newest
    reported_on, then observed_at, then score_id; an aggregate (cheaper than a window)."""
    return f"""
        SELECT model_id, benchmark_id, measured_by,
               arg_max({{'value': value, 'settings': settings, 'variant_note': variant_note,
                         'source_id': source_id, 'source_url': source_url, 'reported_on': reported_on}},
                       {{'r': coalesce(reported_on, DATE '0001-01-01'),
                         'o': coalesce(observed_at, TIMESTAMP '0001-01-01'), 'id': score_id}}) AS s
        FROM scores WHERE {where} GROUP BY ALL
    """


def compare_scores(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str], categories: list[str] | None = None,
    benchmark_id: str | None = None,
) -> pd.DataFrame:
    """Latest vendor and independent score per selected model and benchmark."""
    return con.execute(
        f"""
        WITH l AS ({_latest(f"model_id IN ({_placeholders('m', model_ids)}) AND ($bench::VARCHAR IS NULL OR benchmark_id = $bench)")})
        SELECT m.model_id, m.name AS model, coalesce(o.name, m.org_id) AS org, m.org_id,
               b.benchmark_id, b.name AS benchmark, b.category, b.unit, b.higher_is_better,
               l.s.value, l.measured_by, l.s.settings, l.s.variant_note, l.s.reported_on, l.s.source_id,
               l.s.source_url, list_position($models, m.model_id) AS pick
        FROM l JOIN models m USING (model_id) LEFT JOIN orgs o ON o.org_id = m.org_id
        JOIN benchmarks b USING (benchmark_id)
        WHERE $cats::VARCHAR[] IS NULL OR list_contains($cats, b.category)
        ORDER BY b.category, b.name, list_position($models, m.model_id), l.measured_by DESC
        """,
        {"models": list(model_ids), "cats": categories, "bench": benchmark_id, **_named("m", model_ids)},
    ).df()


def model_scores(con: duckdb.DuckDBPyConnection, model_id: str) -> pd.DataFrame:
    """Every score reported for one model, with its provenance."""
    return con.execute(
        """
        SELECT b.category, b.name AS benchmark, s.value, b.unit, s.measured_by, s.settings,
               s.variant_note, s.reported_on, s.observed_at, s.source_id, s.source_url,
               s.benchmark_id
        FROM scores s JOIN benchmarks b USING (benchmark_id)
        WHERE s.model_id = $id
        ORDER BY b.category, b.name, s.measured_by DESC, s.reported_on DESC NULLS LAST
        """,
        {"id": model_id},
    ).df()


def price_performance(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str] | None = None,
    benchmark_id: str = INTELLIGENCE, limit: int = 400,
) -> pd.DataFrame:
    """Per priced model: cheapest current blended price (3:1 input:output), a score and speed.

    The score prefers an independent measurement; `measured_by` says which one was used.
    `is_selected` marks `model_ids` so charts can highlight them among the other priced
    models: the selected ones always, plus up to `limit` others, best scored first.
    """
    return con.execute(
        f"""
        WITH price AS (
            SELECT model_id, arg_min(provider, blended) AS provider,
                   min(blended) AS blended_usd_per_mtok,
                   arg_min(input_usd_per_mtok, blended) AS input_usd_per_mtok,
                   arg_min(output_usd_per_mtok, blended) AS output_usd_per_mtok
            FROM (SELECT *, (3 * input_usd_per_mtok + output_usd_per_mtok) / 4 AS blended
                  FROM api_terms
                  WHERE valid_to IS NULL AND input_usd_per_mtok IS NOT NULL
                    AND output_usd_per_mtok IS NOT NULL)
            WHERE blended > 0
            GROUP BY model_id
        ), score AS (
            SELECT model_id, arg_min(s.value, measured_by <> 'independent') AS score,
                   arg_min(measured_by, measured_by <> 'independent') AS measured_by
            FROM ({_latest("benchmark_id = $bench")}) GROUP BY model_id
        ), speed AS (
            SELECT model_id, median(tps) AS output_tokens_per_s, median(ttft) AS ttft_s
            FROM (SELECT model_id, provider, arg_max(output_tokens_per_s, measured_at) AS tps,
                         arg_max(ttft_s, measured_at) AS ttft
                  FROM perf GROUP BY model_id, provider)
            GROUP BY model_id
        )
        , ranked AS (
            SELECT p.*, sc.score, sc.measured_by, sp.output_tokens_per_s, sp.ttft_s,
                   coalesce(list_contains($models, p.model_id), false) AS is_selected,
                   row_number() OVER (ORDER BY sc.score DESC NULLS LAST, sp.output_tokens_per_s DESC NULLS LAST,
                                      p.model_id) AS rank
            FROM price p LEFT JOIN score sc USING (model_id) LEFT JOIN speed sp USING (model_id)
        )
        SELECT m.model_id, m.name AS model, coalesce(o.name, m.org_id) AS org, m.org_id, m.access,
               r.provider, r.blended_usd_per_mtok, r.input_usd_per_mtok, r.output_usd_per_mtok,
               r.score, r.measured_by, r.output_tokens_per_s, r.ttft_s, r.is_selected
        FROM ranked r JOIN models m USING (model_id) LEFT JOIN orgs o ON o.org_id = m.org_id
        WHERE r.is_selected OR r.rank <= $limit
        ORDER BY r.blended_usd_per_mtok, m.name
        """,
        {"bench": benchmark_id, "models": model_ids, "limit": limit},
    ).df()
