"""One source run, as a pipeline (after lemon24/reader's `_update`):

    guard (api key, free disk) -> fetch (conditional GET; or bytes given by `--from`/replay)
    -> archive raw bytes (content hash) -> unchanged body? stop
    -> parse (feed | page | structured adapter) -> extract (news items)
    -> decide (new / changed / unchanged) -> store, ONE transaction:
       data rows + the `runs` row + source health
    -> publish served.duckdb

A failure anywhere rolls the data back, then records the run as an error and the source's backoff
in a second small transaction; the previously stored data stay as they were. Many sources run
through `ingest.writer.run_sources`, where one failure never stops the others. Offline imports
(`from_bytes`: `--from`, `seed`, replay) are recorded in `runs` but leave the source's live
health (validators, last success, backoff) alone: `python -m ingest sources` shows the network.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from ingest import archive, decide, stages
from registry import health, news, promises, snapshot, store
from registry.config import Paths

log = logging.getLogger("ingest")
DEFAULT_MIN_FREE_MB = 200


def required_free_bytes() -> int:
    """Below this much free space in the data directory a run is skipped (`disk_full`)."""
    return int(float(os.environ.get("LEDGER_MIN_FREE_MB") or DEFAULT_MIN_FREE_MB) * 2**20)


class RunFailed(Exception):
    """A stage failed in an expected way: `kind` is recorded in runs.error_kind."""

    def __init__(self, kind: str, message: str, http_status: int | None = None,
                 retry_after_s: float | None = None):
        super().__init__(message)
        self.kind, self.message = kind, message
        self.http_status, self.retry_after_s = http_status, retry_after_s


@dataclass
class RunResult:
    source_id: str
    status: str                      # ok | not_modified | error | skipped
    run_id: str | None = None
    items_seen: int = 0
    items_new: int = 0
    items_changed: int = 0
    rows_written: int = 0
    error_kind: str | None = None
    error: str | None = None
    http_status: int | None = None
    duration_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_failure(self) -> bool:
        return self.status == "error"

    def log_line(self) -> str:
        parts = [f"source={self.source_id}", f"run={self.run_id or '-'}", f"status={self.status}",
                 f"seen={self.items_seen}", f"new={self.items_new}", f"changed={self.items_changed}",
                 f"rows={self.rows_written}", f"error_kind={self.error_kind or '-'}",
                 f"duration_s={self.duration_s:.2f}"]
        if self.error:
            parts.append(f'error="{self.error[:300]}"'.replace("\n", " "))
        return " ".join(parts)


@dataclass
class Payload:
    body: bytes
    url: str | None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    http_status: int | None = None


def free_bytes(path: os.PathLike) -> int:
    return shutil.disk_usage(path).free


def _guard(source: Any, paths: Paths, offline: bool, min_free: int) -> RunFailed | None:
    """A reason not to attempt the run at all (status `skipped`), or None."""
    key_env = getattr(source, "api_key_env", None)
    if not offline and key_env and not os.environ.get(key_env):
        return RunFailed("missing_api_key", f"skipped: set {key_env} to enable this source")
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    free = free_bytes(paths.data_dir)
    if free < min_free:
        return RunFailed("disk_full", f"skipped: only {free // 2**20} MiB free in {paths.data_dir} "
                                      f"(need {min_free // 2**20} MiB; LEDGER_MIN_FREE_MB)")
    return None


def fetch_payload(source: Any, state: health.Health) -> Payload | None:
    """Conditional GET through the one fetch function; None when not modified."""
    from ingest.fetch import fetch

    result = fetch(source.url, etag=state.etag, last_modified=state.last_modified,
                   kind=stages.fetch_kind(source), deadline_s=stages.deadline_s(source),
                   headers=stages.auth_headers(source))
    if result.status == "not_modified":
        return None
    if result.status != "fetched":
        raise RunFailed(result.error_kind or "fetch", result.error or "fetch failed",
                        result.http_status, result.retry_after_s)
    return Payload(result.body, result.final_url or source.url, result.etag, result.last_modified,
                   result.content_type, result.http_status)


def _store_structured(con, source, payload: Payload, run_id: str, now: datetime) -> RunResult:
    from registry.structured import store_parsed

    parsed = stages.parse(source, payload.body, payload.url, now)
    counts = store_parsed(con, parsed, source_id=source.id, source_url=payload.url, run_id=run_id,
                          resolver=stages.resolver_for(con), observed_at=now)
    counts = {k: int(v) for k, v in (counts or {}).items() if isinstance(v, (int, float))}
    new = sum(counts.get(k, 0) for k in ("terms_opened", "scores", "perf", "access_history", "models"))
    changed = counts.get("terms_closed", 0) + counts.get("terms_closed_missing", 0)
    if parsed.errors:
        log.warning("source=%s rejected=%d first=%r", source.id, len(parsed.errors), parsed.errors[0][:200])
    return RunResult(source.id, "ok", run_id, items_seen=len(parsed.records), items_new=new,
                     items_changed=changed, rows_written=counts.get("rows_written", sum(counts.values())),
                     counts=counts)


def _store_news(con, source, payload: Payload, run_id: str, now: datetime, replay: bool) -> RunResult:
    items = stages.parse(source, payload.body, payload.url, now)
    decisions = decide.decide_items(news.stored_items(con, source.id), items, replay=replay)
    fresh = [d.item for d in decisions if d.action != decide.UNCHANGED]
    extractions = stages.extract(con, fresh, org_id=stages.org_of(source)) if fresh else {}
    counts = news.store_news(con, decisions, extractions, source_id=source.id, source_url=payload.url,
                             run_id=run_id, now=now)
    tally = decide.count(decisions)
    return RunResult(source.id, "ok", run_id, items_seen=len(decisions), items_new=tally[decide.NEW],
                     items_changed=tally[decide.CHANGED], rows_written=sum(counts.values()), counts=counts)


def _classify(exc: BaseException) -> RunFailed:
    if isinstance(exc, RunFailed):
        return exc
    text = f"{type(exc).__name__}: {exc}"
    kind = getattr(exc, "kind", None)
    if isinstance(kind, str):
        return RunFailed(kind, str(exc))
    if isinstance(exc, OSError) and exc.errno == 28 or "No space left" in text or "disk is full" in text.lower():
        return RunFailed("disk_full", text)
    if isinstance(exc, duckdb.Error):
        return RunFailed("storage", text)
    return RunFailed("bug", text)


def _record_failure(con, source, failure: RunFailed, state: health.Health, now: datetime,
                    status: str, live: bool) -> RunResult:
    """Second transaction: the run row, and for live runs the backoff (offline imports leave the
    source's health alone). A failure that cannot even be recorded is logged."""
    run_id = None
    try:
        con.execute("BEGIN")
        run_id = store.start_run(con, source.id)
        store.finish_run(con, run_id, status, error_kind=failure.kind, error=failure.message[:2000],
                         http_status=failure.http_status)
        interval = stages.interval_s(source)
        if live and status == "skipped":
            health.record_skip(con, source.id, now=now, kind=failure.kind, message=failure.message,
                               next_check_at=decide.next_check_at(now, min(interval, 900)))
        elif live:
            errors = state.error_count + 1
            health.record_error(con, source.id, now=now, error_count=errors, kind=failure.kind,
                                message=failure.message,
                                next_check_at=decide.next_check_at(now, interval, error_count=errors,
                                                                   retry_after_s=failure.retry_after_s))
        con.execute("COMMIT")
    except duckdb.FatalException:
        raise
    except duckdb.Error as exc:
        _rollback(con)
        run_id = None
        log.error("source=%s could not record its failure: %s", source.id, exc)
    return RunResult(source.id, status, run_id, error_kind=failure.kind, error=failure.message,
                     http_status=failure.http_status)


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def run_source(
    con: duckdb.DuckDBPyConnection,
    source: Any,
    *,
    paths: Paths,
    from_bytes: bytes | None = None,
    from_url: str | None = None,
    now: datetime | None = None,
    replay: bool = False,
    publish: bool = True,
    min_free_bytes: int | None = None,
    fetcher: Callable[[Any, health.Health], Payload | None] | None = None,
) -> RunResult:
    """Run one source end to end; never raises for a source-level failure (see RunResult)."""
    started = time.monotonic()
    now = now or store.utcnow()
    health.register(con, source.id, kind=source.kind, url=source.url, org_id=stages.org_of(source),
                    interval_s=stages.interval_s(source))
    state = health.get(con, source.id)
    offline = Payload(from_bytes, from_url or source.url) if from_bytes is not None else None
    result = _attempt(con, source, paths, offline, now, replay, state,
                      required_free_bytes() if min_free_bytes is None else min_free_bytes, fetcher or fetch_payload)
    result.duration_s = time.monotonic() - started
    if publish:
        publish_served(con, paths)
    (log.warning if result.status == "error" else log.info)(result.log_line())
    return result


def _attempt(con, source, paths, offline: Payload | None, now, replay, state, min_free, fetcher) -> RunResult:
    live = offline is None
    guard = _guard(source, paths, not live, min_free)
    if guard is not None:
        return _record_failure(con, source, guard, state, now, "skipped", live)
    try:
        payload = fetcher(source, state) if live else offline
        if payload is None:
            return _record_unchanged(con, source, now, None, live)
        digest = archive.archive(paths.raw_dir, source.id, payload.body, url=payload.url, fetched_at=now,
                                 content_type=payload.content_type).sha256
        if digest == state.content_hash and not replay:
            return _record_unchanged(con, source, now, payload, live)
        return _store(con, source, payload, digest, now, replay=replay, live=live)
    except duckdb.FatalException:
        raise
    except Exception as exc:  # a failing source never stops the others
        return _record_failure(con, source, _classify(exc), state, now, "error", live)


def _store(con, source, payload: Payload, digest: str, now: datetime, *, replay: bool, live: bool) -> RunResult:
    """The one transaction: data rows, the run row, and (live runs) the source's health."""
    con.execute("BEGIN")
    try:
        run_id = store.start_run(con, source.id)
        if stages.is_structured(source):
            result = _store_structured(con, source, payload, run_id, now)
        else:
            result = _store_news(con, source, payload, run_id, now, replay)
        result.rows_written += promises.resolve_all(con, run_id)  # open promises whose predicate now holds
        result.http_status = payload.http_status
        store.finish_run(con, run_id, "ok", items_seen=result.items_seen, items_new=result.items_new,
                         items_changed=result.items_changed, rows_written=result.rows_written,
                         http_status=payload.http_status)
        if live:
            health.record_ok(con, source.id, now=now, etag=payload.etag, last_modified=payload.last_modified,
                             content_hash=digest,
                             next_check_at=decide.next_check_at(now, stages.interval_s(source)))
        con.execute("COMMIT")
        return result
    except BaseException:
        _rollback(con)
        stages.forget_resolver(con)
        raise


def _record_unchanged(con, source, now: datetime, payload: Payload | None, live: bool) -> RunResult:
    """304, or a body identical to the last one: nothing inserted but the run row and health."""
    http_status = payload.http_status if payload else 304
    con.execute("BEGIN")
    try:
        run_id = store.start_run(con, source.id)
        store.finish_run(con, run_id, "not_modified", http_status=http_status)
        if live:
            health.record_ok(con, source.id, now=now, content_hash=None,
                             etag=payload.etag if payload else None,
                             last_modified=payload.last_modified if payload else None,
                             next_check_at=decide.next_check_at(now, stages.interval_s(source)))
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise
    return RunResult(source.id, "not_modified", run_id, http_status=http_status)


def publish_served(con: duckdb.DuckDBPyConnection, paths: Paths) -> bool:
    """Publish the snapshot; a failure is logged, never fatal for the run (readers keep the old one)."""
    try:
        health.ensure_view(con)
        snapshot.publish(con, paths.served)
        return True
    except duckdb.FatalException:
        raise
    except Exception as exc:
        log.error("publish failed, readers keep the previous snapshot: %s: %s", type(exc).__name__, exc)
        return False
