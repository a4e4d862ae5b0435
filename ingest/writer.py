"""The writer session shared by `ingest run`, `seed`, `replay` and the daemon:

    take the single-writer lock -> open the ledger (a corrupt WAL is moved aside)
    -> replay archived payloads newer than each source's last recorded run -> ... -> close

and `replay`, which re-parses archived payloads through the normal pipeline.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ingest import archive, stages
from ingest.lock import writer_lock
from ingest.pipeline import RunResult, publish_served, run_source
from registry import recovery
from registry.config import Paths

log = logging.getLogger("ingest")
PUBLISH_EVERY_S = 60.0


@dataclass
class Session:
    con: duckdb.DuckDBPyConnection
    paths: Paths
    recovered: list[RunResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def replay(con: duckdb.DuckDBPyConnection, source: Any, payloads: Iterable[archive.Archived], *,
           paths: Paths, **kwargs: Any) -> list[RunResult]:
    """Re-parse archived payloads in fetch order; content already stored is not a new revision."""
    results = []
    for payload in payloads:
        body = payload.read()
        results.append(run_source(con, source, paths=paths, from_bytes=body, from_url=payload.url,
                                  replay=True, publish=False,
                                  now=payload.last_fetched_at or payload.fetched_at, **kwargs))
    return results


def recover(con: duckdb.DuckDBPyConnection, sources: Sequence[Any], paths: Paths) -> list[RunResult]:
    """Replay payloads fetched after each source's last recorded run (a lost WAL, a killed run)."""
    by_id = {s.id: s for s in sources}
    results: list[RunResult] = []
    for source_id, payloads in recovery.lost_payloads(con, paths.raw_dir).items():
        source = by_id.get(source_id)
        if source is None:
            log.warning("source=%s has %d unrecorded archived payload(s) but is no longer configured",
                        source_id, len(payloads))
            continue
        log.warning("source=%s replaying %d archived payload(s) missing from the ledger", source_id, len(payloads))
        results.extend(replay(con, source, payloads, paths=paths))
    if results:
        publish_served(con, paths)
    return results


@contextmanager
def session(paths: Paths, sources: Sequence[Any] = (), *, recover_lost: bool = True) -> Iterator[Session]:
    """Hold the writer lock and an open, recovered ledger for the block."""
    with writer_lock(paths.lock_file):
        opened = recovery.open_writer(paths)
        current = Session(opened.con, paths, notes=list(opened.notes))
        try:
            if opened.aborted_runs:
                current.notes.append(f"{opened.aborted_runs} unfinished run(s) marked aborted")
            if recover_lost and (sources or opened.moved_wal):
                current.recovered = recover(opened.con, sources, paths)
            yield current
        finally:
            stages.forget_resolver(opened.con)
            try:
                opened.con.close()
            except duckdb.Error as exc:
                log.error("closing the ledger failed: %s", exc)


def run_sources(
    con: duckdb.DuckDBPyConnection,
    sources: Iterable[Any],
    *,
    paths: Paths,
    payloads: Mapping[str, Sequence[bytes | tuple[bytes, str]]] | None = None,
    on_result: Callable[[RunResult], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    publish_every_s: float = PUBLISH_EVERY_S,
    **kwargs: Any,
) -> list[RunResult]:
    """Run each source in turn; one failure never stops the others. Publishes once at the end.

    Without `payloads` every source is fetched; with it, each source is run once per payload
    given for it (`--from`, `seed`: bytes, or (bytes, source_url)), in order, and sources
    without one are left out. A long batch also publishes every `publish_every_s` seconds, so the
    dashboard sees progress."""
    results = []
    published_at = time.monotonic()
    for source in sources:
        given: Sequence = [None] if payloads is None else payloads.get(source.id, ())
        for payload in given:
            if should_stop():
                break
            body, url = payload if isinstance(payload, tuple) else (payload, None)
            result = run_source(con, source, paths=paths, from_bytes=body, from_url=url, publish=False, **kwargs)
            results.append(result)
            if on_result:
                on_result(result)
            if time.monotonic() - published_at > publish_every_s:
                publish_served(con, paths)
                published_at = time.monotonic()
    if results:
        publish_served(con, paths)
    return results
