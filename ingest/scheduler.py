"""`python -m ingest schedule`: the ingest daemon (APScheduler 3.x, in its own process).

- one job per source (interval or cron trigger, jitter), `coalesce=True`, `max_instances=1`,
  `misfire_grace_time`; a single worker thread, so jobs run one after another on one writer
  connection (guarded by a lock as well);
- each job checks the source's persisted `next_check_at` (`is_due`), so backoff after errors and
  Retry-After survive restarts, and re-times itself to that moment after running;
- the single-instance `flock` (ingest.lock) is taken before anything else: a second daemon exits
  at once with "already running (pid N)";
- SIGTERM/SIGINT set a stop flag checked by jobs; the daemon exits within STOP_GRACE_S, abandoning
  a fetch in flight (its transaction never committed, so nothing partial is stored);
- every job publishes served.duckdb; log lines are `key=value` (see RunResult.log_line).
"""
from __future__ import annotations

import logging
import os
import random
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import duckdb
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ingest import decide, stages
from ingest.pipeline import run_source
from ingest.writer import session
from registry import health, recovery, store
from registry.config import Paths

log = logging.getLogger("ingest")
STOP_GRACE_S = 4.0
MISFIRE_GRACE_S = 15 * 60
STARTUP_STAGGER_S = 2.0


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday) as names: APScheduler 3 counts 0 as Monday."""
    if field in ("*", "?") or not any(ch.isdigit() for ch in field):
        return field
    days: list[str] = []
    for part in field.split(","):
        span, _, step = part.partition("/")
        if span == "*":
            low, high = 0, 6
        elif "-" in span:
            low, high = (int(x) for x in span.split("-", 1))
        else:
            low = high = int(span)
        days += [_DAYS[d] for d in range(low, high + 1, int(step or 1))]
    return ",".join(dict.fromkeys(days))


def trigger_for(source: Any):
    """An interval trigger or a cron trigger (standard crontab meaning), in UTC, with jitter."""
    cron = stages.cron_of(source)
    jitter = stages.jitter_s(source)
    if cron:
        minute, hour, day, month, weekday = cron.split()
        return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=crontab_weekdays(weekday),
                           timezone=timezone.utc, jitter=jitter)
    return IntervalTrigger(seconds=stages.interval_s(source), timezone=timezone.utc, jitter=jitter)


class Daemon:
    def __init__(self, paths: Paths, sources: Sequence[Any], *, min_free_bytes: int | None = None):
        self.paths, self.sources = paths, {s.id: s for s in sources}
        self.min_free_bytes = min_free_bytes
        self.stop = threading.Event()
        self.db_lock = threading.Lock()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.exit_code = 0
        self.scheduler = BackgroundScheduler(
            timezone=timezone.utc,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_S},
        )
        self.scheduler.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)

    # ---------------------------------------------------------------- jobs
    def job(self, source_id: str) -> None:
        if self.stop.is_set():
            return
        with self.db_lock:
            if self.stop.is_set() or self.con is None:
                return
            source = self.sources[source_id]
            now = store.utcnow()
            state = health.get(self.con, source_id)
            if not decide.is_due(state.next_check_at, now):
                log.info("source=%s status=deferred next_check_at=%s", source_id, state.next_check_at.isoformat())
                self._retime(source_id, state.next_check_at)
                return
            try:
                run_source(self.con, source, paths=self.paths, min_free_bytes=self.min_free_bytes)
            except duckdb.FatalException as exc:
                self._reopen(exc)
                return
            self._retime(source_id, health.get(self.con, source_id).next_check_at)

    def _retime(self, source_id: str, next_check_at: datetime | None) -> None:
        """Run the job next at the persisted next check (backoff), not just the trigger's time."""
        if next_check_at is None or self.stop.is_set():
            return
        job = self.scheduler.get_job(source_id)
        when = _aware(next_check_at) + timedelta(seconds=random.uniform(0, stages.jitter_s(self.sources[source_id]) or 0))
        if job is not None and job.next_run_time is not None and job.next_run_time != when:
            job.modify(next_run_time=max(when, datetime.now(timezone.utc) + timedelta(seconds=1)))

    def _reopen(self, exc: BaseException) -> None:
        """E6: a fatal storage error invalidates the connection; close, reopen, or give up."""
        log.error("status=fatal_storage error=%r: closing and reopening the ledger", str(exc)[:300])
        stages.forget_resolver(self.con)
        try:
            self.con.close()
        except duckdb.Error:
            pass
        try:
            self.con = recovery.open_writer(self.paths).con
        except Exception as again:  # noqa: BLE001 - exit non-zero so a supervisor restarts us
            log.error("status=fatal_storage reopen failed: %s; stopping", again)
            self.con, self.exit_code = None, 3
            self.stop.set()

    def _on_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_ERROR:
            log.error("source=%s status=job_error error=%r", event.job_id, str(event.exception)[:300])
        elif event.code == EVENT_JOB_MISSED:
            log.warning("source=%s status=missed scheduled=%s", event.job_id, event.scheduled_run_time)
        else:
            log.warning("source=%s status=max_instances (previous run still going)", event.job_id)

    # ---------------------------------------------------------------- lifecycle
    def _add_jobs(self) -> None:
        now = datetime.now(timezone.utc)
        for n, (source_id, source) in enumerate(sorted(self.sources.items())):
            state = health.get(self.con, source_id)
            first = now + timedelta(seconds=STARTUP_STAGGER_S * n / max(len(self.sources), 1))
            if state.next_check_at is not None:
                first = max(first, _aware(state.next_check_at))
            self.scheduler.add_job(self.job, trigger_for(source), args=[source_id], id=source_id,
                                   name=source_id, replace_existing=True, next_run_time=first)

    def _handle_signal(self, signum: int, frame: Any) -> None:
        log.info("status=stopping signal=%s", signal.Signals(signum).name)
        self.stop.set()

    def run(self, *, install_signals: bool = True, exit_hard: bool = True) -> int:
        """Block until SIGTERM/SIGINT (or `stop` is set); return the exit code.

        `exit_hard`: when a job is still in flight after STOP_GRACE_S, leave with os._exit
        (the daemon process); tests running the daemon in a thread pass False."""
        if install_signals:
            signal.signal(signal.SIGTERM, self._handle_signal)
            signal.signal(signal.SIGINT, self._handle_signal)
        with session(self.paths, list(self.sources.values())) as current:
            for note in current.notes:
                log.warning("status=recovery note=%r", note)
            self.con = current.con
            for source_id, source in self.sources.items():
                health.register(self.con, source_id, kind=source.kind, url=source.url,
                                org_id=stages.org_of(source), interval_s=stages.interval_s(source))
            self._add_jobs()
            self.scheduler.start()
            log.info("status=started pid=%d sources=%d data_dir=%s", os.getpid(), len(self.sources),
                     self.paths.data_dir)
            while not self.stop.wait(0.2):
                pass
            return self._shutdown(exit_hard)

    def _shutdown(self, exit_hard: bool) -> int:
        self.scheduler.shutdown(wait=False)
        if not self.db_lock.acquire(timeout=STOP_GRACE_S):
            # A job is still inside a fetch: its transaction is uncommitted, so leaving now loses
            # nothing. The worker thread is not a daemon thread; exit the process directly.
            log.warning("status=stopped pid=%d abandoned a job in flight", os.getpid())
            if exit_hard:
                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(self.exit_code)
            self.db_lock.acquire()
        con, self.con = self.con, None
        self.db_lock.release()
        if con is not None:
            try:
                con.execute("CHECKPOINT")
            except duckdb.Error as exc:
                log.warning("checkpoint at stop failed: %s", exc)
        log.info("status=stopped pid=%d", os.getpid())
        return self.exit_code
