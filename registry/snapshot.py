"""Publish `served.duckdb` atomically, and open it read-only for readers."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from registry.errors import LedgerError
from registry.store import utcnow


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def publish(con: duckdb.DuckDBPyConnection, served: Path) -> Path:
    """Copy the writer's database into a new file, then `os.replace` it over `served`.

    Readers see either the old snapshot or the new one, never a partial file.
    """
    served.parent.mkdir(parents=True, exist_ok=True)
    tmp = served.with_name(f".{served.name}.{os.getpid()}.tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    source_db = con.execute("SELECT current_database()").fetchone()[0]
    alias = "publish_target"
    con.execute(f"ATTACH {_quote(tmp)} AS {alias}")
    try:
        con.execute(f'COPY FROM DATABASE "{source_db}" TO {alias}')
        con.execute(f"CREATE TABLE {alias}.snapshot_meta (published_at TIMESTAMP)")
        con.execute(f"INSERT INTO {alias}.snapshot_meta VALUES (?)", [utcnow()])
    except BaseException:
        con.execute(f"DETACH {alias}")
        tmp.unlink(missing_ok=True)
        raise
    con.execute(f"DETACH {alias}")
    os.replace(tmp, served)
    return served


def open_served(served: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access disabled (one per query)."""
    if not served.exists():
        raise LedgerError(f"no snapshot at {served}: run `python -m registry load` first")
    return duckdb.connect(
        str(served),
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


def version(served: Path) -> str:
    """A cheap identity of the current snapshot file, for cache keys."""
    try:
        st = served.stat()
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
