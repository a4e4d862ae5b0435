"""Dashboard query benchmark at 10x scale: p50/p95 per view query, ratio to a raw-SQL baseline,
and first page render time via AppTest. Prints figures; asserts nothing.

    .venv/bin/python bench/dashboard.py [--data-dir DIR] [--rebuild] [--repeat N] [--no-render]

The synthetic snapshot (>= 1M items and events, 20k models, 1M scores, 200k terms rows) is
built with DuckDB `range()` inserts into a migrated database, published like the real one,
and cached in DIR (default: $TMPDIR/ledger-bench) between runs.
Baseline: a fresh read-only connection plus `SELECT max(col)` over the query's main table,
i.e. the cost of opening the snapshot and scanning one column of the data the query reads.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard_data import build  # noqa: E402
from registry import queries, snapshot  # noqa: E402
from registry.store import utcnow  # noqa: E402

TARGET_P95_MS = 300


def plan(now) -> dict[str, list[tuple[str, dict, str]]]:
    """Per view: (query, kwargs, main table for the baseline), as the views call them."""
    today, some = now.date(), ["m00042", "m01042", "m02042", "m03042"]
    return {
        "overview": [("kpis", {"now": now}, "models"), ("freshness", {}, "runs"),
                     ("change_counts", {"now": now}, "scores"),
                     ("changes", {"since": now - timedelta(days=7), "now": now}, "scores")],
        "releases": [("releases", {}, "models"), ("flagship_cadence", {}, "models"),
                     ("lab_cadence_summary", {"today": today}, "models"), ("release_lags", {}, "models"),
                     ("open_share_by_quarter", {}, "models")],
        "compare": [("model_names", {}, "models"), ("default_compare_models", {}, "models"),
                    ("compare_scores", {"model_ids": some}, "scores"),
                    ("price_performance", {"model_ids": some}, "api_terms"),
                    ("current_terms", {"model_ids": some}, "api_terms")],
        "claims": [("benchmarks", {}, "scores"), ("claims", {}, "scores")],
        "terms": [("providers", {}, "api_terms"), ("current_terms", {}, "api_terms"),
                  ("price_changed_models", {}, "api_terms"), ("terms_history", {"model_ids": some}, "api_terms"),
                  ("terms_changes", {"limit": 300}, "api_terms")],
        "open_weights": [("open_share_by_lab", {}, "models"), ("promises", {"today": today}, "promises"),
                         ("promise_kept_rate", {}, "promises"), ("promise_updates", {}, "promise_updates")],
        "news": [("orgs", {}, "orgs"), ("event_kinds", {}, "events"), ("events_feed", {}, "items"),
                 ("events_feed", {"text": "open weights"}, "items"),
                 ("events_feed", {"org_ids": ["org007"], "kinds": ["release"]}, "items")],
        "model": [("model_detail", {"model_id": some[0]}, "models"),
                  ("model_aliases", {"model_id": some[0]}, "model_aliases"),
                  ("access_history", {"model_id": some[0]}, "access_history"),
                  ("terms_history", {"model_ids": some[:1]}, "api_terms"),
                  ("model_scores", {"model_id": some[0]}, "scores"),
                  ("events_feed", {"model_ids": some[:1], "limit": 100}, "items"),
                  ("promises", {"today": today, "model_id": some[0]}, "promises")],
        "sources": [("source_health", {"now": now}, "runs"), ("runs_daily", {"since": today - timedelta(days=30)}, "runs"),
                    ("runs", {"limit": 200}, "runs"), ("review_names", {}, "review_names"),
                    ("promise_candidates", {}, "promise_candidates"), ("quarantine", {}, "quarantine")],
    }


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _query(served: Path, name: str, kwargs: dict):
    def call():
        con = snapshot.open_served(served)
        try:
            getattr(queries, name)(con, **kwargs)
        finally:
            con.close()
    return call


def _baseline(served: Path, table: str):
    column = {"models": "released_on", "scores": "value", "api_terms": "input_usd_per_mtok", "items": "published_at",
              "runs": "started_at", "events": "kind"}.get(table, "rowid")

    def call():
        con = snapshot.open_served(served)
        try:
            con.execute(f'SELECT max("{column}") FROM "{table}"').fetchall()
        finally:
            con.close()
    return call


def bench_queries(served: Path, repeat: int) -> list[float]:
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    baselines: dict[str, float] = {}
    worst = []
    print(f"{'view':<13}{'query':<24}{'p50 ms':>8}{'p95 ms':>8}{'base ms':>9}{'ratio':>7}")
    for view, calls in plan(now).items():
        for name, kwargs, table in calls:
            if table not in baselines:
                baselines[table] = statistics.median(_timed(_baseline(served, table), repeat))
            times = _timed(_query(served, name, kwargs), repeat)
            p50, p95 = statistics.median(times), _pct(times, 0.95)
            worst.append(p95)
            flag = "  <-- over target" if p95 > TARGET_P95_MS else ""
            label = name + ("*" if kwargs.get("text") or kwargs.get("org_ids") else "")
            print(f"{view:<13}{label:<24}{p50:>8.1f}{p95:>8.1f}{baselines[table]:>9.1f}{p50 / baselines[table]:>7.1f}{flag}")
    return worst


def bench_render(data_dir: Path) -> None:
    """First render of every page via AppTest with an empty cache, then a warm rerun."""
    os.environ["LEDGER_DATA_DIR"] = str(data_dir)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    print(f"\n{'page':<14}{'first render s':>15}{'warm rerun s':>14}")
    for page in ["overview", "releases", "compare", "claims", "terms", "open_weights", "news", "model", "sources"]:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.switch_page(f"dashboard/views/{page}.py")
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        start = time.perf_counter()
        at.run()
        warm = time.perf_counter() - start
        problem = f"  exception: {at.exception[0].value[:80]}" if at.exception else ""
        print(f"{page:<14}{first:>15.2f}{warm:>14.2f}{problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "ledger-bench")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic snapshot")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-render", action="store_true", help="skip the AppTest page renders")
    parser.add_argument("--no-queries", action="store_true", help="skip the query timings")
    args = parser.parse_args()
    served = args.data_dir / "served.duckdb"
    if args.rebuild or not served.exists():
        start = time.perf_counter()
        counts = build(args.data_dir)
        print(f"built {served} in {time.perf_counter() - start:.0f}s: "
              + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    if not args.no_queries:
        worst = bench_queries(served, args.repeat)
        print(f"\nworst p95 {max(worst):.0f} ms (target {TARGET_P95_MS} ms); "
              f"{sum(p > TARGET_P95_MS for p in worst)} of {len(worst)} queries over target")
    if not args.no_render:
        bench_render(args.data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
