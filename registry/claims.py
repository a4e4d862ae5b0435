"""The claim audit: each vendor claim beside the latest comparable independent measurement.

Settings strings are reduced to the dimensions that make two numbers comparable (tool use,
attempts such as pass@k, reasoning effort); two scores are comparable unless both pin a
dimension to different values. All of it is set-based SQL, so the audit scales with the data.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from registry.snapshot import has_table


def _profile(col: str) -> dict[str, str]:
    text = f"lower(coalesce({col}, ''))"
    return {
        "tools": (f"CASE WHEN regexp_matches({text}, '\\bno tools?\\b|\\bwithout tools\\b|\\bno tool use\\b') THEN 'no' "
                  f"WHEN regexp_matches({text}, '\\bwith tools\\b|\\btool use\\b|\\bwith python\\b|\\bwith search\\b') "
                  "THEN 'yes' END"),
        "attempts": (f"coalesce(nullif(regexp_extract({text}, 'pass@(\\d+)', 1), ''), "
                     f"nullif(regexp_extract({text}, '(\\d+)\\s*attempts?', 1), ''), "
                     f"nullif(regexp_extract({text}, 'best of (\\d+)', 1), ''), "
                     f"CASE WHEN {text} LIKE '%majority%' OR {text} LIKE '%cons@%' THEN 'many' END)"),
        "effort": (f"nullif(regexp_extract({text}, "
                   "'(?:reasoning|effort)[\\s:=_-]*(minimal|low|medium|high|xhigh)', 1), '')"),
    }


def comparable_sql(a: str, b: str) -> str:
    """SQL that is true when settings columns `a` and `b` do not pin any dimension differently."""
    pa, pb = _profile(a), _profile(b)
    return " AND ".join(f"({pa[k]} IS NULL OR {pb[k]} IS NULL OR {pa[k]} = {pb[k]})" for k in pa)


def is_comparable(a: str | None, b: str | None) -> bool:
    """The same rule for two settings strings (for checks and tests)."""
    return bool(duckdb.execute(f"SELECT {comparable_sql('$a', '$b')}", {"a": a, "b": b}).fetchone()[0])


_ORDER = ("{'r': coalesce(reported_on, DATE '0001-01-01'), 'o': coalesce(observed_at, TIMESTAMP '0001-01-01'),"
          " 'id': score_id}")
_PAYLOAD = ("{'value': value, 'settings': settings, 'variant_note': variant_note, 'source_id': source_id,"
            " 'source_url': source_url, 'reported_on': reported_on, 'source_model_name': source_model_name}")
_VARIANT = "'experimental|\\bexp\\b|-exp-|preview|chat-tuned|checkpoint'"

_PAIRS = f"""
    WITH v AS (  -- the latest vendor claim per (model, benchmark)
        SELECT model_id, benchmark_id, arg_max({_PAYLOAD}, {_ORDER}) AS vs
        FROM __SCORES__
        WHERE measured_by = 'vendor' __FILTERS__
        GROUP BY ALL
    ), i AS (  -- the latest comparable independent measurement of each claim
        SELECT v.model_id, v.benchmark_id,
               arg_max({{'value': s.value, 'settings': s.settings, 'variant_note': s.variant_note,
                         'source_id': s.source_id, 'source_url': s.source_url, 'reported_on': s.reported_on,
                         'source_model_name': s.source_model_name}},
                       {{'r': coalesce(s.reported_on, DATE '0001-01-01'),
                         'o': coalesce(s.observed_at, TIMESTAMP '0001-01-01'), 'id': s.score_id}}) AS isc
        FROM v JOIN __SCORES__ s ON s.model_id = v.model_id AND s.benchmark_id = v.benchmark_id
        WHERE s.measured_by = 'independent' AND {comparable_sql('v.vs.settings', 's.settings')}
        GROUP BY ALL
    )
    SELECT v.model_id, v.benchmark_id, v.vs, i.isc
    FROM v LEFT JOIN i ON i.model_id = v.model_id AND i.benchmark_id = v.benchmark_id
"""
_FILTERS = ("($models::VARCHAR[] IS NULL OR list_contains($models, model_id))"
            " AND ($bench::VARCHAR IS NULL OR benchmark_id = $bench)")


def claim_pairs_sql(scores: str = "scores") -> str:
    """Every (model, benchmark) vendor claim with its comparable independent measurement, unfiltered.

    `snapshot.publish` stores this as `claim_pairs`: a claim's pair depends only on the scores of
    its own (model, benchmark), so filtering the stored table equals filtering the claims first.
    """
    return _PAIRS.replace("__SCORES__", scores).replace("__FILTERS__", "") + "ORDER BY v.model_id, v.benchmark_id"


_AUDIT = f"""
    WITH p AS (__PAIRS__), c AS (
        SELECT p.model_id, p.benchmark_id, p.vs, p.isc,
               CASE WHEN b.higher_is_better THEN p.vs.value - p.isc.value
                    ELSE p.isc.value - p.vs.value END AS gap,
               p.vs.variant_note IS NOT NULL OR p.isc.variant_note IS NOT NULL
                 OR coalesce(regexp_matches(lower(p.vs.source_model_name), {_VARIANT}), false)
                 OR coalesce(regexp_matches(lower(p.isc.source_model_name), {_VARIANT}), false) AS is_variant,
               b.name AS benchmark, b.category, b.unit
        FROM p JOIN benchmarks b ON b.benchmark_id = p.benchmark_id
    )
"""


def _audit(con: duckdb.DuckDBPyConnection) -> str:
    """The audit CTEs, reading the published `claim_pairs` table when the snapshot has one."""
    if has_table(con, "claim_pairs"):
        pairs = f"SELECT model_id, benchmark_id, vs, isc FROM claim_pairs WHERE {_FILTERS}"
    else:
        pairs = _PAIRS.replace("__SCORES__", "scores").replace("__FILTERS__", "AND " + _FILTERS)
    return _AUDIT.replace("__PAIRS__", pairs)


def claims(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str] | None = None,
    benchmark_id: str | None = None, limit: int = 500,
) -> pd.DataFrame:
    """Each vendor claim beside the latest comparable independent measurement, biggest
    relative gaps first (at most `limit`; `claim_counts` gives totals).

    `gap` is signed so that positive means the vendor's number is the more flattering one
    (lower-is-better benchmarks flip it); `gap_pct` is relative to the independent value;
    `is_variant` flags a benchmarked artifact that is not the shipped model.
    """
    return con.execute(
        _audit(con) + """
        SELECT m.model_id, m.name AS model, coalesce(o.name, m.org_id) AS org, m.org_id,
               c.benchmark_id, c.benchmark, c.category, c.unit,
               c.vs.value AS vendor_value, c.isc.value AS independent_value, c.gap,
               round(100.0 * c.gap / nullif(abs(c.isc.value), 0), 1) AS gap_pct,
               coalesce(c.vs.variant_note, c.isc.variant_note) AS variant_note, c.is_variant,
               c.vs.settings AS vendor_settings, c.isc.settings AS independent_settings,
               c.vs.reported_on AS vendor_reported_on, c.isc.reported_on AS independent_reported_on,
               c.vs.source_url AS vendor_source_url, c.isc.source_id AS independent_source_id,
               c.isc.source_url AS independent_source_url
        FROM c JOIN models m USING (model_id) LEFT JOIN orgs o ON o.org_id = m.org_id
        ORDER BY abs(c.gap / nullif(abs(c.isc.value), 0)) DESC NULLS LAST, m.name, c.benchmark
        LIMIT $limit
        """,
        {"models": model_ids, "bench": benchmark_id, "limit": limit},
    ).df()


def claim_counts(
    con: duckdb.DuckDBPyConnection, *, model_ids: list[str] | None = None, benchmark_id: str | None = None
) -> pd.DataFrame:
    """One row: vendor claims, how many were independently checked, how many of those the
    vendor's number flatters, and how many concern a variant rather than the shipped model."""
    return con.execute(
        _audit(con) + """
        SELECT count(*) AS claims, count(isc) AS checked, count(*) FILTER (WHERE gap > 0) AS vendor_higher,
               count(*) FILTER (WHERE is_variant) AS variants
        FROM c
        """,
        {"models": model_ids, "bench": benchmark_id},
    ).df()


def inflation_by_lab(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per lab and quarter of the claim: audited claims and mean inflation in percent."""
    return con.execute(
        _audit(con) + """
        SELECT m.org_id, coalesce(o.name, m.org_id) AS org,
               strftime(c.vs.reported_on, '%Y') || 'Q' || quarter(c.vs.reported_on) AS quarter,
               count(*) AS claims, avg(100.0 * c.gap / nullif(abs(c.isc.value), 0)) AS mean_inflation_pct
        FROM c JOIN models m USING (model_id) LEFT JOIN orgs o ON o.org_id = m.org_id
        WHERE c.isc IS NOT NULL
        GROUP BY ALL ORDER BY org, quarter
        """,
        {"models": None, "bench": None},
    ).df()
