"""The `sources` table: each configured source and its health (validators, backoff, last error).

Also a `source_health` view with an `is_stale` flag (no success in 2x the interval), so the
dashboard and users can query staleness directly from the served snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from ingest.decide import STALE_FACTOR

_VIEW = f"""
CREATE OR REPLACE VIEW source_health AS
SELECT s.*,
       CASE WHEN s.last_ok_at IS NULL THEN s.last_run_at IS NOT NULL
            WHEN s.interval_s IS NULL THEN false
            ELSE s.last_ok_at < now()::TIMESTAMP - to_seconds({STALE_FACTOR} * s.interval_s)
       END AS is_stale
FROM sources s
"""


@dataclass(frozen=True)
class Health:
    source_id: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    last_run_at: datetime | None = None
    last_ok_at: datetime | None = None
    next_check_at: datetime | None = None
    error_count: int = 0
    last_error: str | None = None
    last_error_kind: str | None = None
    interval_s: int | None = None


_FIELDS = ("etag", "last_modified", "content_hash", "last_run_at", "last_ok_at", "next_check_at",
           "error_count", "last_error", "last_error_kind", "interval_s")


def ensure_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_VIEW)


def register(con: duckdb.DuckDBPyConnection, source_id: str, *, kind: str | None, url: str | None,
             org_id: str | None, interval_s: int | None) -> None:
    """Insert or refresh a source's configuration; its health columns are left alone."""
    con.execute(
        "INSERT INTO sources (source_id, kind, url, org_id, interval_s) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (source_id) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url, "
        "org_id = EXCLUDED.org_id, interval_s = EXCLUDED.interval_s",
        [source_id, kind, url, org_id, interval_s],
    )


def get(con: duckdb.DuckDBPyConnection, source_id: str) -> Health:
    rows = con.execute(
        f"SELECT {', '.join(_FIELDS)} FROM sources WHERE source_id = ?", [source_id]
    ).fetchall()  # fetchall: a half-read result blocks register/unregister in duckdb 2.0
    if not rows:
        return Health(source_id)
    row = rows[0]
    values = dict(zip(_FIELDS, row))
    values["error_count"] = values["error_count"] or 0
    return Health(source_id, **values)


def record_ok(con: duckdb.DuckDBPyConnection, source_id: str, *, now: datetime, next_check_at: datetime,
              etag: str | None, last_modified: str | None, content_hash: str | None) -> None:
    """A success (fetched or not modified): validators kept, errors reset."""
    con.execute(
        "UPDATE sources SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
        "content_hash = coalesce(?, content_hash), last_run_at = ?, last_ok_at = ?, next_check_at = ?, "
        "error_count = 0, last_error = NULL, last_error_kind = NULL WHERE source_id = ?",
        [etag, last_modified, content_hash, now, now, next_check_at, source_id],
    )


def record_error(con: duckdb.DuckDBPyConnection, source_id: str, *, now: datetime, next_check_at: datetime,
                 error_count: int, kind: str, message: str) -> None:
    """A failure: error count and backoff persisted; validators and last success kept."""
    con.execute(
        "UPDATE sources SET last_run_at = ?, next_check_at = ?, error_count = ?, last_error = ?, "
        "last_error_kind = ? WHERE source_id = ?",
        [now, next_check_at, error_count, message[:2000], kind, source_id],
    )


def record_skip(con: duckdb.DuckDBPyConnection, source_id: str, *, now: datetime,
                next_check_at: datetime | None, kind: str, message: str) -> None:
    """Not attempted (missing API key, low disk): no backoff, the reason visible."""
    con.execute(
        "UPDATE sources SET last_run_at = ?, next_check_at = coalesce(?, next_check_at), "
        "last_error = ?, last_error_kind = ? WHERE source_id = ?",
        [now, next_check_at, message[:2000], kind, source_id],
    )


def table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every source with its health and stale flag, failing and stale first."""
    ensure_view(con)
    return con.execute(
        "SELECT source_id, kind, last_ok_at, next_check_at, error_count, last_error_kind, last_error, "
        "is_stale, last_run_at, interval_s FROM source_health "
        "ORDER BY is_stale DESC, error_count DESC, source_id"
    ).df()
