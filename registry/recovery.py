"""Writer start-up: open the ledger even when its WAL is torn or corrupt, and say what was lost.

DuckDB 2.0.1 silently drops a torn WAL tail, but raises "Failure while replaying WAL file" on a
corrupt entry. Then the WAL is moved aside (`ledger.duckdb.wal.corrupt-<ts>`) with a loud error,
the database reopened at its last checkpoint, and the caller replays the raw archive. Either way,
`lost_runs` compares the archive with the `runs` table: a payload fetched after a source's last
recorded run was lost (or never committed) and is replayed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from registry import store
from registry.config import Paths
from registry.errors import LedgerError

log = logging.getLogger("ingest")


@dataclass
class Opened:
    con: duckdb.DuckDBPyConnection
    moved_wal: Path | None = None
    aborted_runs: int = 0
    notes: list[str] = field(default_factory=list)


def wal_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".wal")


def _is_wal_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "wal" in text and ("replay" in text or "corrupt" in text or "checksum" in text)


def move_wal_aside(ledger: Path, now: datetime | None = None) -> Path:
    wal = wal_path(ledger)
    target = wal.with_name(f"{wal.name}.corrupt-{(now or store.utcnow()):%Y%m%dT%H%M%S}")
    wal.rename(target)
    return target


def open_writer(paths: Paths) -> Opened:
    """Open the writer database, moving a corrupt WAL aside once. LockHeld passes through."""
    try:
        con = store.open_writer(paths.ledger)
        moved = None
    except store.LockHeld:
        raise
    except (duckdb.Error, duckdb.FatalException) as exc:
        if not (_is_wal_failure(exc) and wal_path(paths.ledger).exists()):
            raise LedgerError(f"cannot open {paths.ledger}: {type(exc).__name__}: {exc}") from exc
        moved = move_wal_aside(paths.ledger)
        log.error(
            "!!! CORRUPT WAL: %s could not be replayed (%s). Moved it to %s; the database is back at its "
            "last checkpoint. Ingested payloads since then are replayed from the raw archive; curated "
            "data loaded since then needs `python -m registry load` again.",
            paths.ledger, str(exc).splitlines()[0][:300], moved,
        )
        try:
            con = store.open_writer(paths.ledger)
        except duckdb.Error as again:
            raise LedgerError(f"cannot open {paths.ledger} even without its WAL: {again}") from again
    aborted = con.execute(
        "UPDATE runs SET status = 'aborted', finished_at = coalesce(finished_at, started_at), "
        "error = coalesce(error, 'the writer stopped before this run finished') WHERE status = 'running'"
    ).fetchall()
    opened = Opened(con, moved, int(aborted[0][0]) if aborted else 0)
    if moved:
        opened.notes.append(f"corrupt WAL moved to {moved}")
    return opened


def last_runs(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """The start of each source's most recent recorded run."""
    return dict(con.execute("SELECT source_id, max(started_at) FROM runs GROUP BY source_id").fetchall())


def lost_payloads(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> dict[str, list]:
    """Per source, archived payloads fetched after its last recorded run (oldest first)."""
    from ingest.archive import archived_sources, iter_archived

    recorded = last_runs(con)
    lost: dict[str, list] = {}
    for source_id in archived_sources(raw_dir):
        since = recorded.get(source_id)
        newer = [a for a in iter_archived(raw_dir, source_id)
                 if a.last_fetched_at is not None and (since is None or a.last_fetched_at > since)]
        if newer:
            lost[source_id] = newer
    return lost
