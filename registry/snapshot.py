"""Publish `served.duckdb` atomically, and open it read-only for readers."""
from __future__ import annotations

import os
import weakref
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
        _derive(con, source_db, alias)
        con.execute(f"CREATE TABLE {alias}.snapshot_meta (published_at TIMESTAMP)")
        con.execute(f"INSERT INTO {alias}.snapshot_meta VALUES (?)", [utcnow()])
    except BaseException:
        con.execute(f"DETACH {alias}")
        tmp.unlink(missing_ok=True)
        raise
    con.execute(f"DETACH {alias}")
    os.replace(tmp, served)
    return served


# Read-side tables derived at publish time; queries use them when present (see `has_table`).
_EVENT_FEED = """
    CREATE TABLE {target}.event_feed AS
    SELECT e.event_id, e.kind, e.model_id, e.org_id, e.confidence, i.item_id, i.source_id, i.url, i.title,
           i.summary_text, i.date_flag, coalesce(i.published_at, i.first_seen_at) AS published_at
    FROM "{source}".main.events e JOIN "{source}".main.items i USING (item_id)
    ORDER BY published_at DESC, e.event_id
"""


def _derive(con: duckdb.DuckDBPyConnection, source_db: str, target: str) -> None:
    """Create the derived read tables in the snapshot being published (from the same data)."""
    from registry.claims import claim_pairs_sql  # claims imports has_table from here

    con.execute(_EVENT_FEED.format(source=source_db.replace('"', '""'), target=target))
    con.execute(f"CREATE TABLE {target}.claim_pairs AS "
                + claim_pairs_sql(f'"{source_db.replace(chr(34), chr(34) * 2)}".main.scores'))


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection's database has table `name` (looked up once per connection)."""
    try:
        tables = _TABLES[con]
    except (KeyError, TypeError):
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = 'main'").fetchall()}
        try:
            _TABLES[con] = tables
        except TypeError:
            pass
    return name in tables


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
