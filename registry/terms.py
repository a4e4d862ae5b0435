"""API terms as a history, plus the plausibility screen that sends outliers to `quarantine`.

One open row (valid_to NULL) per (model_id, provider, source_id). An observation that differs from
the open row closes it (valid_to = the observation's valid_from) and opens a new one; an identical
one only moves observed_at forward; an observation older than the open row is ignored (`stale`).
An empty batch never closes anything, and rows missing from a batch are closed only when asked
(`close_missing`) and the batch covers most of the source (a half-empty page is not a removal).
Implausible observations (negative price, a >= 100x price jump against the open row, token limits
<= 0) go to `quarantine` and are not written as current. Everything is set-based: one DataFrame in,
joins and bulk statements out; history batches (several valid_from per key) run one rank at a time.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from registry import store
from registry.records import Terms

KEY = ["model_id", "provider", "source_id"]
PRICES = ["input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok"]
LIMITS = ["context_tokens", "max_output_tokens"]
VALUES = PRICES + LIMITS + ["fine_tuning", "rate_limits", "availability"]
JUMP = 100.0
MIN_COVERAGE = 0.5
_DTYPES = {**{c: "float64" for c in PRICES}, **{c: "Int64" for c in LIMITS}, "fine_tuning": "boolean"}


def _frame(terms: Sequence[Terms], observed_at: datetime,
           valid_from: datetime | Sequence[datetime | None] | None) -> pd.DataFrame:
    fields = list(Terms.__dataclass_fields__)
    frame = pd.DataFrame([[getattr(t, f) for f in fields] for t in terms], columns=fields)
    frame = frame.astype(_DTYPES)
    frame["observed_at"] = pd.Timestamp(observed_at)
    starts = valid_from if isinstance(valid_from, Sequence) else [valid_from] * len(frame)
    frame["valid_from"] = pd.to_datetime(pd.Series(list(starts), index=frame.index, dtype=object))
    frame["valid_from"] = frame["valid_from"].fillna(frame["observed_at"]).astype("datetime64[us]")
    frame["observed_at"] = frame["observed_at"].astype("datetime64[us]")
    return frame.drop_duplicates(subset=KEY + ["valid_from"], keep="last")


def _problems(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per implausible field: (index, field, value, previous_value, reason)."""
    found = []
    for col in PRICES:
        neg = frame[col] < 0
        found.append(pd.DataFrame({"idx": frame.index[neg], "field": col, "value": frame[col][neg],
                                   "previous_value": np.nan, "reason": "negative price"}))
        if f"cur_{col}" in frame:
            new, old = frame[col], frame[f"cur_{col}"]
            ratio = np.maximum(new / old, old / new)
            jump = (new > 0) & (old > 0) & (ratio >= JUMP)
            found.append(pd.DataFrame({"idx": frame.index[jump], "field": col, "value": new[jump],
                                       "previous_value": old[jump],
                                       "reason": f"price changed >= {JUMP:g}x against the current row"}))
    for col in LIMITS:
        bad = frame[col].fillna(1) <= 0
        found.append(pd.DataFrame({"idx": frame.index[bad], "field": col,
                                   "value": frame[col][bad].astype("float64"),
                                   "previous_value": np.nan, "reason": "token limit <= 0"}))
    found = [f for f in found if len(f)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(
        columns=["idx", "field", "value", "previous_value", "reason"])


def quarantine(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame,
               problems: pd.DataFrame, run_id: str | None, observed_at: datetime) -> int:
    """Write one quarantine row per problem (idempotent: the same problem gets the same id)."""
    if problems.empty:
        return 0
    src = rows.loc[problems["idx"]].reset_index(drop=True)
    prob = problems.reset_index(drop=True)
    payload = src.drop(columns=[c for c in src.columns if c.startswith("cur_")]).astype(object)
    payload = payload.where(payload.notna(), None)
    out = pd.DataFrame({
        "table_name": table, "source_id": src["source_id"], "model_id": src["model_id"],
        "field": prob["field"], "value": prob["value"].astype("float64"),
        "previous_value": prob["previous_value"].astype("float64"), "reason": prob["reason"],
        "payload": [json.dumps(r, default=str, sort_keys=True) for r in payload.to_dict("records")],
        "observed_at": observed_at,
    })
    ident = src.get("provider", src.get("benchmark_id"))
    out["quarantine_id"] = [
        store.stable_id(table, s, m, i, f, v, p)
        for s, m, i, f, v, p in zip(out["source_id"], out["model_id"], ident, out["field"],
                                    out["value"], out["previous_value"])]
    return store.upsert(con, "quarantine", out, ["quarantine_id"], run_id, update=False)


def _with_current(con: duckdb.DuckDBPyConnection, batch: pd.DataFrame) -> pd.DataFrame:
    cols = ", ".join(f"c.{c} AS cur_{c}" for c in VALUES + ["valid_from", "observed_at"])
    con.register("_terms_batch", batch[KEY])
    try:
        current = con.execute(
            f"SELECT b.model_id, b.provider, b.source_id, {cols} FROM _terms_batch b "
            "JOIN api_terms c ON c.model_id = b.model_id AND c.provider = b.provider "
            "AND c.source_id = b.source_id AND c.valid_to IS NULL").df()
    finally:
        con.unregister("_terms_batch")
    merged = batch.merge(current, on=KEY, how="left")
    merged.index = batch.index
    return merged


def _same(frame: pd.DataFrame) -> pd.Series:
    same = pd.Series(True, index=frame.index)
    for col in VALUES:
        new, old = frame[col].astype(object), frame[f"cur_{col}"].astype(object)
        both_null = new.isna() & old.isna()
        same &= both_null | (new.notna() & old.notna() & (new == old).fillna(False).astype(bool))
    return same


def _update_from(con: duckdb.DuckDBPyConnection, sql: str, frame: pd.DataFrame, params: list) -> int:
    if frame.empty:
        return 0
    con.register("_terms_upd", frame)
    try:
        return int(con.execute(sql, params).fetchall()[0][0])
    finally:
        con.unregister("_terms_upd")


def _apply(con: duckdb.DuckDBPyConnection, batch: pd.DataFrame, run_id: str | None,
           counts: Counter) -> None:
    frame = _with_current(con, batch)
    has_cur = frame["cur_valid_from"].notna()
    stale = has_cur & (frame["valid_from"] < frame["cur_valid_from"])
    counts["stale"] += int(stale.sum())
    frame = frame[~stale]
    has_cur = has_cur[~stale]
    problems = _problems(frame)
    counts["quarantined"] += problems["idx"].nunique()
    counts["quarantine_rows"] += quarantine(con, "api_terms", frame, problems, run_id,
                                            frame["observed_at"].max())
    frame = frame.drop(index=problems["idx"].unique())
    has_cur = has_cur.loc[frame.index]
    same = has_cur & _same(frame)
    changed = has_cur & ~same
    closing = changed & (frame["valid_from"] > frame["cur_valid_from"])
    touch = frame[same & (frame["observed_at"] > frame["cur_observed_at"])]
    counts["touched"] += _update_from(
        con, "UPDATE api_terms t SET observed_at = u.observed_at, run_id = ? FROM _terms_upd u "
        "WHERE t.model_id = u.model_id AND t.provider = u.provider AND t.source_id = u.source_id "
        "AND t.valid_to IS NULL AND t.observed_at < u.observed_at",
        touch[KEY + ["observed_at"]], [run_id])
    counts["closed"] += _update_from(
        con, "UPDATE api_terms t SET valid_to = u.valid_from FROM _terms_upd u "
        "WHERE t.model_id = u.model_id AND t.provider = u.provider AND t.source_id = u.source_id "
        "AND t.valid_to IS NULL AND t.valid_from = u.cur_valid_from",
        frame[closing][KEY + ["valid_from", "cur_valid_from"]], [])
    opened = frame[~has_cur | changed]
    columns = list(Terms.__dataclass_fields__) + ["valid_from", "observed_at"]
    counts["opened"] += store.upsert(con, "api_terms", opened[columns],
                                     KEY + ["valid_from"], run_id)
    counts["unchanged"] += int(same.sum()) - len(touch)


def _close_missing(con: duckdb.DuckDBPyConnection, seen: pd.DataFrame, observed_at: datetime,
                   run_id: str | None, counts: Counter) -> None:
    sources = sorted(seen["source_id"].unique())
    placeholders = ", ".join("?" for _ in sources)
    con.register("_terms_seen", seen[KEY].drop_duplicates())
    try:
        missing = con.execute(
            f"SELECT t.model_id, t.provider, t.source_id, t.valid_from FROM api_terms t "
            f"ANTI JOIN _terms_seen s USING (model_id, provider, source_id) "
            f"WHERE t.valid_to IS NULL AND t.source_id IN ({placeholders}) AND t.observed_at < ?",
            [*sources, observed_at]).df()
        open_total = con.execute(
            f"SELECT count(*) FROM api_terms WHERE valid_to IS NULL AND source_id IN ({placeholders})",
            sources).fetchall()[0][0]
    finally:
        con.unregister("_terms_seen")
    if missing.empty or (open_total - len(missing)) < MIN_COVERAGE * open_total:
        counts["missing_not_closed"] += len(missing)
        return
    counts["closed_missing"] += _update_from(
        con, "UPDATE api_terms t SET valid_to = ?, run_id = ? FROM _terms_upd u "
        "WHERE t.model_id = u.model_id AND t.provider = u.provider AND t.source_id = u.source_id "
        "AND t.valid_from = u.valid_from AND t.valid_to IS NULL", missing, [observed_at, run_id])


def record_terms(con: duckdb.DuckDBPyConnection, terms: Sequence[Terms], run_id: str | None, *,
                 observed_at: datetime,
                 valid_from: datetime | Sequence[datetime | None] | None = None,
                 close_missing: bool = False) -> dict[str, int]:
    """Merge observed terms into the api_terms history; return counts per outcome.

    `valid_from` (one value, or one per term) dates a price history; it defaults to observed_at.
    Counts: opened, closed, touched (observed_at moved), unchanged, stale, quarantined
    (observations held back) and quarantine_rows (new quarantine rows), closed_missing,
    missing_not_closed, and rows_written (every row inserted or updated).
    """
    counts: Counter = Counter()
    if not terms:
        return dict(counts)  # a source that returns nothing closes nothing
    frame = _frame(terms, observed_at, valid_from)
    rank = frame.groupby(KEY, dropna=False)["valid_from"].rank(method="first")
    for step in sorted(rank.unique()):
        _apply(con, frame[rank == step], run_id, counts)
    if close_missing:
        _close_missing(con, frame, observed_at, run_id, counts)
    counts["rows_written"] = sum(counts[k] for k in ("quarantine_rows", "touched", "closed", "opened",
                                                     "closed_missing"))
    return dict(counts)


def screen_scores(con: duckdb.DuckDBPyConnection, scores: pd.DataFrame, run_id: str | None,
                  observed_at: datetime) -> tuple[pd.DataFrame, int]:
    """Split scores into plausible ones and ones outside their benchmark's scale (quarantined)."""
    if scores.empty:
        return scores, 0
    scales = con.execute("SELECT benchmark_id, scale_min, scale_max FROM benchmarks").df()
    merged = scores.merge(scales, on="benchmark_id", how="left")
    merged.index = scores.index
    value = merged["value"].astype("float64")
    above = merged["scale_max"].notna() & (value > merged["scale_max"])
    below = merged["scale_min"].notna() & (value < merged["scale_min"])
    bad = above | below
    problems = pd.DataFrame({
        "idx": scores.index[bad], "field": "value", "value": value[bad],
        "previous_value": np.where(above[bad], merged["scale_max"][bad], merged["scale_min"][bad]),
        "reason": np.where(above[bad], "score above the benchmark's scale_max",
                           "score below the benchmark's scale_min"),
    })
    written = quarantine(con, "scores", scores, problems, run_id, observed_at)
    return scores[~bad], written
