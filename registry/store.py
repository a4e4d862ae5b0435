"""Writes: bulk, idempotent upserts through DataFrames, every row stamped with its run."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from registry import schema
from registry.errors import LedgerError


class LockHeld(LedgerError):
    """Another process holds the writer database."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def stable_id(*parts: object, length: int = 16) -> str:
    """A short deterministic id from the given parts."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def open_writer(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the writer database and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise LockHeld(f"{path} is locked by another process (is an ingest daemon running?)") from exc
        raise
    schema.migrate(con)
    return con


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not rows:
        raise LedgerError(f"unknown table {table}")
    return dict(rows)


def to_frame(rows: Iterable[object]) -> pd.DataFrame:
    """Records (dataclasses or dicts) to a DataFrame."""
    dicts = [asdict(r) if is_dataclass(r) else dict(r) for r in rows]  # type: ignore[arg-type]
    return pd.DataFrame(dicts)


def upsert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    key: Sequence[str],
    run_id: str | None = None,
    *,
    update: bool = True,
) -> int:
    """Insert rows, updating existing keys only when a value differs; return rows written.

    Keys are deduplicated within the batch (last wins). Columns absent from the frame
    keep their defaults; `run_id` is stamped on written rows when the table has it.
    """
    if frame.empty:
        return 0
    types = _column_types(con, table)
    frame = frame.drop_duplicates(subset=list(key), keep="last")
    if "run_id" in types and run_id is not None:
        frame = frame.assign(run_id=run_id)
    cols = [c for c in frame.columns if c in types]
    select = ", ".join(f'CAST("{c}" AS {types[c]}) AS "{c}"' for c in cols)
    col_list = ", ".join(f'"{c}"' for c in cols)
    values = [c for c in cols if c not in key and c != "run_id"]
    if update and values:
        changed = " OR ".join(f'"{table}"."{c}" IS DISTINCT FROM EXCLUDED."{c}"' for c in values)
        assign = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in values + (["run_id"] if "run_id" in cols else []))
        conflict = f"DO UPDATE SET {assign} WHERE {changed}"
    else:
        conflict = "DO NOTHING"
    keys = ", ".join(f'"{k}"' for k in key)
    view = f"_batch_{uuid.uuid4().hex[:8]}"
    con.register(view, frame[cols])
    try:
        result = con.execute(
            f'INSERT INTO "{table}" ({col_list}) SELECT {select} FROM {view} '
            f"ON CONFLICT ({keys}) {conflict}"
        ).fetchone()
    finally:
        con.unregister(view)
    return int(result[0]) if result else 0


def start_run(con: duckdb.DuckDBPyConnection, source_id: str) -> str:
    run_id = f"{utcnow():%Y%m%dT%H%M%S}-{source_id}-{uuid.uuid4().hex[:6]}"
    con.execute(
        "INSERT INTO runs (run_id, source_id, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, source_id, utcnow()],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    *,
    items_seen: int = 0,
    items_new: int = 0,
    items_changed: int = 0,
    rows_written: int = 0,
    error_kind: str | None = None,
    error: str | None = None,
    http_status: int | None = None,
) -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, items_seen = ?, items_new = ?, "
        "items_changed = ?, rows_written = ?, error_kind = ?, error = ?, http_status = ? "
        "WHERE run_id = ?",
        [utcnow(), status, items_seen, items_new, items_changed, rows_written,
         error_kind, error, http_status, run_id],
    )


def table_counts(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        types = _column_types(con, table)  # validates the name against the catalog
        if types:
            counts[table] = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    return counts
