"""Backups with DuckDB's EXPORT / IMPORT DATABASE (RELIABILITY E9).

`backup`: EXPORT DATABASE (Parquet) into `data/backups/<UTC timestamp>/`, written under a
`.partial` name and renamed when complete; only the newest `keep` complete backups are kept.
The ledger is exported when it can be opened; while the daemon holds it, the served snapshot
(a consistent copy published after every job) is exported instead.

`restore`: IMPORT DATABASE into a fresh data directory, then migrate and publish its snapshot.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from registry import schema, snapshot, store
from registry.config import Paths
from registry.errors import LedgerError

DEFAULT_KEEP = 7
_SNAPSHOT_ONLY = ("snapshot_meta",)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    source: Path
    tables: dict[str, int]
    pruned: list[Path]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                       "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()
    return [r[0] for r in rows if r[0] not in _SNAPSHOT_ONLY]


def _open_for_export(paths: Paths) -> tuple[duckdb.DuckDBPyConnection, Path]:
    if paths.ledger.exists():
        try:
            return duckdb.connect(str(paths.ledger), read_only=True), paths.ledger
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise LedgerError(f"cannot open {paths.ledger}: {exc}") from exc
    if paths.served.exists():
        return duckdb.connect(str(paths.served), read_only=True), paths.served
    raise LedgerError(f"nothing to back up in {paths.data_dir}: no ledger.duckdb or served.duckdb")


def prune(backups_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups; return what was removed."""
    complete = sorted(p for p in backups_dir.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
    doomed = complete[:-keep] if keep > 0 else complete
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def backup(paths: Paths, *, keep: int = DEFAULT_KEEP, now: datetime | None = None) -> BackupResult:
    con, source = _open_for_export(paths)
    stamp = f"{(now or store.utcnow()):%Y%m%dT%H%M%S}"
    target = paths.backups_dir / stamp
    partial = target.with_name(stamp + ".partial")
    if target.exists():
        raise LedgerError(f"{target} already exists; try again in a second")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    try:
        counts = store.table_counts(con, _tables(con))
        con.execute(f"EXPORT DATABASE {_quote(partial)} (FORMAT parquet)")
    except duckdb.Error as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise LedgerError(f"backup failed: {exc}") from exc
    finally:
        con.close()
    partial.rename(target)
    return BackupResult(target, source, counts, prune(paths.backups_dir, keep))


def find(name: str, paths: Paths) -> Path:
    """A backup folder given as a path, or as a timestamp name under data/backups."""
    given = Path(name)
    return given if given.exists() or given.is_absolute() else paths.backups_dir / name


def restore(backup_dir: Path, target: Paths) -> dict[str, int]:
    """Import a backup into an empty data directory; return row counts per table."""
    if not (backup_dir / "schema.sql").is_file():
        raise LedgerError(f"{backup_dir} is not a backup (no schema.sql)")
    if target.ledger.exists():
        raise LedgerError(f"{target.ledger} already exists; restore into a new --data-dir")
    target.data_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target.ledger))
    try:
        con.execute(f"IMPORT DATABASE {_quote(backup_dir.resolve())}")
        for table in _SNAPSHOT_ONLY:
            con.execute(f'DROP TABLE IF EXISTS "{table}"')
        schema.migrate(con)
        snapshot.publish(con, target.served)
        return store.table_counts(con, _tables(con))
    except duckdb.Error as exc:
        con.close()
        for leftover in (target.ledger, target.ledger.with_name(target.ledger.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise LedgerError(f"restore failed: {exc}") from exc
    finally:
        try:
            con.close()
        except duckdb.Error:
            pass
