"""The ingest daemon: one job per source, backoff honoured, bounded jobs, single instance, SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import duckdb
import pytest

from ingest import scheduler
from ingest.sources import Schedule, Source
from registry import config, health, store
from tests.conftest import ROOT
from tests.hostile_server import serve
from tests.test_cli_ingest import write_sources
from tests.test_pipeline import make_source


def test_triggers_follow_the_schedule_with_jitter():
    every = scheduler.trigger_for(make_source("a", "https://x.test/feed", interval_s=600))
    assert every.interval == timedelta(seconds=600)
    cron = Source.model_construct(id="b", kind="feed", url="https://x.test/f", org=None, jitter_s=30,
                                  schedule=Schedule(cron="30 5 * * 1-5"), selectors=None, max_entries=500,
                                  api_key_env=None)
    trigger = scheduler.trigger_for(cron)
    assert trigger.jitter == 30 and "hour='5'" in str(trigger)
    assert "day_of_week='mon,tue,wed,thu,fri'" in str(trigger)   # crontab 1-5 is Monday..Friday


@pytest.mark.parametrize(("field", "names"), [
    ("*", "*"), ("1-5", "mon,tue,wed,thu,fri"), ("0", "sun"), ("7", "sun"), ("0,6", "sun,sat"),
    ("*/2", "sun,tue,thu,sat"), ("mon-fri", "mon-fri"),
])
def test_crontab_weekdays_are_translated(field, names):
    assert scheduler.crontab_weekdays(field) == names


@pytest.fixture
def daemon_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("LEDGER_FETCH_DEADLINE_S", "1")
    return config.paths(tmp_path / "data")


def run_daemon(paths, sources, seconds: float) -> scheduler.Daemon:
    daemon = scheduler.Daemon(paths, sources, min_free_bytes=0)
    thread = threading.Thread(target=daemon.run, kwargs={"install_signals": False, "exit_hard": False})
    thread.start()
    time.sleep(seconds)
    daemon.stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    return daemon


def runs_by_source(paths) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(paths.ledger), read_only=True)
    try:
        rows = con.execute("SELECT source_id, status, error_kind FROM runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple]] = {}
    for source_id, status, kind in rows:
        out.setdefault(source_id, []).append((status, kind))
    return out


def test_a_hanging_job_is_bounded_and_later_runs_still_happen(daemon_paths):
    with serve() as server:
        sources = [make_source("hanging", server.url("/hang"), interval_s=2),
                   make_source("good", server.url("/ok"), interval_s=2)]
        run_daemon(daemon_paths, sources, 7.5)
    runs = runs_by_source(daemon_paths)
    assert len(runs["hanging"]) >= 2, runs          # bounded by the fetch deadline, then retried
    assert {kind for _, kind in runs["hanging"]} <= {"timeout", "deadline"}
    assert len(runs["good"]) >= 2 and runs["good"][0] == ("ok", None)
    assert all(status == "not_modified" for status, _ in runs["good"][1:])
    assert daemon_paths.served.exists()


def test_persisted_backoff_is_honoured_across_restarts(daemon_paths):
    con = store.open_writer(daemon_paths.ledger)
    health.register(con, "backing-off", kind="feed", url="http://127.0.0.1:9/", org_id=None, interval_s=2)
    con.execute("UPDATE sources SET next_check_at = ?, error_count = 5 WHERE source_id = 'backing-off'",
                [store.utcnow() + timedelta(hours=1)])
    con.close()
    with serve() as server:
        run_daemon(daemon_paths, [make_source("backing-off", server.url("/ok"), interval_s=2)], 3.0)
        assert server.hits["/ok"] == 0
    assert health.get(duckdb.connect(str(daemon_paths.ledger)), "backing-off").error_count == 5


def _start_daemon(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", "schedule"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_second_daemon_refuses_and_sigterm_stops_within_5_seconds(tmp_path):
    with serve() as server:
        sources = write_sources(tmp_path / "sources.yaml", [
            {"id": "good", "kind": "feed", "url": server.url("/ok"), "schedule": "{interval: 5m}"},
            {"id": "hang", "kind": "feed", "url": server.url("/hang"), "schedule": "{interval: 5m}"},
        ])
        env = {**os.environ, "LEDGER_DATA_DIR": str(tmp_path / "data"), "LEDGER_SOURCES": str(sources),
               "LEDGER_ALLOW_HOSTS": "127.0.0.1", "LEDGER_FETCH_DEADLINE_S": "60", "PYTHONUNBUFFERED": "1"}
        first = _start_daemon(env)
        try:
            assert _wait_for(lambda: server.hits["/hang"] >= 1, 30), "daemon never fetched"
            second = _start_daemon(env)
            _, err = second.communicate(timeout=30)
            assert second.returncode == 3
            assert f"already running (pid {first.pid})" in err
            assert server.hits["/ok"] == 1                 # the refused daemon fetched nothing
            started = time.monotonic()
            first.send_signal(signal.SIGTERM)               # a job is stuck on /hang right now
            _, log = first.communicate(timeout=10)
            assert time.monotonic() - started < 5
            assert first.returncode == 0
        finally:
            for proc in (first,):
                if proc.poll() is None:
                    proc.kill()
    assert "source=good run=" in log and "status=ok" in log and "status=stopping" in log
    runs = runs_by_source(config.paths(tmp_path / "data"))
    assert runs == {"good": [("ok", None)]}                # the abandoned run left nothing behind
