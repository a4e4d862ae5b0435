"""Storage faults and operations: kill -9 mid-run, a locked ledger, disk full, torn WAL, backups."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from ingest import pipeline, stages
from ingest.__main__ import EXIT_LOCKED, main
from ingest.writer import session
from registry import backup, config, recovery, snapshot, store
from tests.conftest import ROOT
from tests.test_cli_ingest import env  # noqa: F401 - fixture
from tests.test_pipeline import FEED_V1, FEED_V2, make_source, rss

COMMITTED = make_source("committed", "https://openai.com/news/rss.xml")
PARTIAL = make_source("partial", "https://openai.com/index/rss.xml")

CHILD = textwrap.dedent("""
    import sys, time
    from ingest import pipeline, stages
    from registry import config, news, store
    from tests.test_ops import COMMITTED, PARTIAL
    from tests.test_pipeline import FEED_V1, FEED_V2
    stages.extract = lambda con, items, org_id: {}
    paths = config.paths(sys.argv[1])
    con = store.open_writer(paths.ledger)
    con.execute("PRAGMA wal_autocheckpoint='1GB'")   # keep the commit in the WAL (RELIABILITY E3)
    pipeline.run_source(con, COMMITTED, paths=paths, from_bytes=FEED_V1, min_free_bytes=0)
    print("COMMITTED", flush=True)
    if sys.argv[2] == "midrun":  # the second run stalls inside its transaction
        original = news.store_news
        def stall(*args, **kwargs):
            written = original(*args, **kwargs)
            print("MIDRUN", flush=True)
            time.sleep(60)
            return written
        news.store_news = stall
        pipeline.run_source(con, PARTIAL, paths=paths, from_bytes=FEED_V2, min_free_bytes=0)
    time.sleep(60)
""")


@pytest.fixture
def paths(tmp_path, monkeypatch):
    monkeypatch.setattr(stages, "extract", lambda con, items, org_id: {})
    monkeypatch.setenv("LEDGER_MIN_FREE_MB", "0")
    return config.paths(tmp_path / "data")


def kill_child_after(data_dir: Path, mode: str, marker: str) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), mode], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            if line.strip() == marker:
                break
        else:
            pytest.fail(f"child ended early: {child.stderr.read()[-2000:]}")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)


@pytest.fixture(scope="module")
def killed_midrun(tmp_path_factory) -> Path:
    """A data dir left by a writer killed (-9) in the middle of its second source's run."""
    data_dir = tmp_path_factory.mktemp("killed") / "data"
    kill_child_after(data_dir, "midrun", "MIDRUN")
    return data_dir


@pytest.fixture
def killed(killed_midrun, paths) -> config.Paths:
    shutil.copytree(killed_midrun, paths.data_dir)
    return paths


def counts(paths: config.Paths) -> dict[str, int]:
    con = duckdb.connect(str(paths.ledger))
    try:
        rows = con.execute("SELECT source_id, count(*) FROM items GROUP BY ALL").fetchall()
        runs = con.execute("SELECT source_id, count(*) FROM runs GROUP BY ALL").fetchall()
        return {**{f"items:{s}": n for s, n in rows}, **{f"runs:{s}": n for s, n in runs}}
    finally:
        con.close()


def test_kill_9_mid_run_keeps_commits_drops_the_partial_run_and_recovers(killed):
    paths = killed
    assert recovery.wal_path(paths.ledger).exists()          # the commit only lives in the WAL
    assert counts(paths) == {"items:committed": 2, "runs:committed": 1}   # partial run absent
    with session(paths, [COMMITTED, PARTIAL]) as current:  # start-up replays the unrecorded payload
        assert [(r.source_id, r.items_new) for r in current.recovered] == [("partial", 2)]
        again = pipeline.run_source(current.con, PARTIAL, paths=paths, from_bytes=FEED_V2, min_free_bytes=0)
        assert (again.items_new, again.items_changed) == (0, 0)                 # idempotent
    assert counts(paths)["items:partial"] == 2


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_a_torn_or_corrupt_wal_is_moved_aside_and_the_archive_replayed(killed, damage):
    paths = killed
    wal = recovery.wal_path(paths.ledger)
    size = wal.stat().st_size
    with wal.open("r+b") as fh:
        if damage == "flip":
            fh.seek(size // 2)
            chunk = fh.read(64)
            fh.seek(size // 2)
            fh.write(bytes(b ^ 0xFF for b in chunk))
        else:
            fh.truncate(size // 3)
    with session(paths, [COMMITTED, PARTIAL]) as current:
        items = dict(current.con.execute("SELECT source_id, count(*) FROM items GROUP BY ALL").fetchall())
        assert items == {"committed": 2, "partial": 2}          # restored from data/raw
        assert {r.source_id for r in current.recovered} >= {"partial"}
    moved = list(paths.data_dir.glob("ledger.duckdb.wal.corrupt-*"))
    if damage == "flip":
        assert len(moved) == 1 and any("corrupt WAL" in n for n in current.notes)


def test_a_locked_ledger_is_lock_held_and_readers_keep_the_snapshot(env, capsys):  # noqa: F811
    paths = config.paths()
    con = store.open_writer(paths.ledger)
    pipeline.run_source(con, make_source("openai-news", "https://openai.com/news/rss.xml"), paths=paths,
                        from_bytes=FEED_V1, min_free_bytes=0)
    con.close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('HELD', flush=True); "
                               "time.sleep(60)", str(paths.ledger)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        saved = env / "openai-news.xml"
        saved.write_bytes(FEED_V2)
        assert main(["run", "--from", str(saved)]) == EXIT_LOCKED
        assert "error: lock_held:" in capsys.readouterr().err
        reader = snapshot.open_served(paths.served)
        assert reader.execute("SELECT count(*) FROM items").fetchall() == [(2,)]
        reader.close()
    finally:
        holder.kill()
        holder.wait()


def _mount_tmpfs(target: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    target.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(target)],
                          capture_output=True)
    return done.returncode == 0


def test_disk_full_fails_cleanly_and_keeps_old_data(tmp_path, monkeypatch):
    monkeypatch.setattr(stages, "extract", lambda con, items, org_id: {})
    monkeypatch.delenv("LEDGER_MIN_FREE_MB", raising=False)  # the default floor (200 MiB) applies
    small = tmp_path / "small"
    if not _mount_tmpfs(small):
        pytest.skip("needs root and permission to mount a 3 MB tmpfs")
    try:
        paths = config.paths(small / "data")
        con = store.open_writer(paths.ledger)
        source = make_source("openai-news", "https://openai.com/news/rss.xml")
        assert pipeline.run_source(con, source, paths=paths, from_bytes=FEED_V1, min_free_bytes=0).status == "ok"
        guarded = pipeline.run_source(con, source, paths=paths, from_bytes=FEED_V2)   # default threshold
        assert (guarded.status, guarded.error_kind) == ("skipped", "disk_full")
        fd = os.open(small / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.statvfs(small).f_bavail * os.statvfs(small).f_frsize > 64 * 1024:
                os.write(fd, bytes(4096))
        except OSError:
            pass
        finally:
            os.close(fd)
        big = rss(*[(f"e{i}", f"Entry {i} " + "word " * 50, "summary " * 200) for i in range(300)])
        result = pipeline.run_source(con, source, paths=paths, from_bytes=big, min_free_bytes=0, publish=False)
        assert (result.status, result.error_kind) == ("error", "disk_full")
        con.close()
        (small / "filler").unlink()
        reopened = store.open_writer(paths.ledger)
        assert reopened.execute("SELECT count(*) FROM items").fetchall() == [(2,)]
        reopened.close()
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_backup_and_restore_into_a_fresh_directory(paths, tmp_path):
    con = store.open_writer(paths.ledger)
    for n, body in enumerate((FEED_V1, FEED_V2)):
        pipeline.run_source(con, COMMITTED, paths=paths, from_bytes=body, min_free_bytes=0)
    expected = store.table_counts(con, ["items", "item_revisions", "runs", "sources", "schema_migrations"])
    con.close()
    made = [backup.backup(paths, keep=2, now=store.utcnow().replace(year=2000 + n)) for n in range(3)]
    assert [p.name for p in sorted(paths.backups_dir.iterdir())] == [m.path.name for m in made[1:]]
    assert made[-1].pruned == [made[0].path]
    target = config.paths(tmp_path / "restored")
    restored = backup.restore(made[-1].path, target)
    assert {t: restored[t] for t in expected} == expected
    reader = snapshot.open_served(target.served)
    assert reader.execute("SELECT count(*) FROM items").fetchall() == [(expected["items"],)]
    reader.close()
    with pytest.raises(Exception, match="already exists"):
        backup.restore(made[-1].path, target)
