"""Publishing: readers in another process never see an error or a partial snapshot."""
import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from registry import snapshot, store
from registry.errors import LedgerError
from tests.conftest import ROOT

READER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from registry.snapshot import open_served
    served, stop = Path(sys.argv[1]), Path(sys.argv[2])
    reads = errors = partial = 0
    print("ready", flush=True)
    while not stop.exists():
        try:
            con = open_served(served)
            orgs, claimed = con.execute(
                "SELECT (SELECT count(*) FROM orgs), (SELECT coalesce(sum(rows_written), 0) FROM runs)"
            ).fetchone()
            con.close()
            reads += 1
            partial += orgs != claimed
        except Exception as exc:
            errors += 1
            print("error:", exc, file=sys.stderr)
    print(reads, errors, partial)
""")


def _publish_batches(con, served, batches, size=50, first=0):
    for batch in range(first, first + batches):
        con.execute("BEGIN")
        run_id = store.start_run(con, "test")
        frame = pd.DataFrame([{"org_id": f"org-{batch}-{i}", "name": f"Org {i}"} for i in range(size)])
        written = store.upsert(con, "orgs", frame, ["org_id"], run_id)
        store.finish_run(con, run_id, "ok", rows_written=written)
        con.execute("COMMIT")
        snapshot.publish(con, served)


@pytest.mark.timeout(120)
def test_reader_never_errors_or_sees_a_partial_snapshot(tmp_path):
    con = store.open_writer(tmp_path / "ledger.duckdb")
    served, stop = tmp_path / "served.duckdb", tmp_path / "stop"
    _publish_batches(con, served, 1)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(served), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"
        _publish_batches(con, served, 20, first=1)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    reads, errors, partial = map(int, out.split())
    assert (errors, partial) == (0, 0), err
    assert reads >= 10
    final = snapshot.open_served(served)
    assert final.execute("SELECT count(*) FROM orgs").fetchone()[0] == 21 * 50
    assert list(tmp_path.glob(".served*")) == []


def test_served_connection_is_read_only_and_sandboxed(tmp_path):
    con = store.open_writer(tmp_path / "ledger.duckdb")
    snapshot.publish(con, tmp_path / "served.duckdb")
    reader = snapshot.open_served(tmp_path / "served.duckdb")
    for sql in ["INSERT INTO orgs (org_id, name) VALUES ('x', 'y')",
                "SELECT * FROM read_text('/etc/hostname')",
                "SET enable_external_access = true"]:
        with pytest.raises(Exception):
            reader.execute(sql)


def test_missing_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(LedgerError, match="no snapshot at .*python -m registry load"):
        snapshot.open_served(tmp_path / "served.duckdb")


def test_version_changes_on_publish(tmp_path):
    con = store.open_writer(tmp_path / "ledger.duckdb")
    served = tmp_path / "served.duckdb"
    assert snapshot.version(served) == "missing"
    snapshot.publish(con, served)
    first = snapshot.version(served)
    snapshot.publish(con, served)
    assert snapshot.version(served) != first


def test_writer_lock_held_by_another_process_is_a_clear_error(tmp_path):
    path = tmp_path / "ledger.duckdb"
    store.open_writer(path).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(store.LockHeld, match="locked by another process"):
            store.open_writer(path)
    finally:
        holder.kill()
        holder.wait()


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return a.astype(str).equals(b.astype(str))


def test_publish_derives_read_tables_and_queries_give_the_same_results(tmp_path):
    """`event_feed` and `claim_pairs` exist only in the published snapshot; the queries read them
    there and fall back to the base tables elsewhere, with identical results."""
    from registry import claims, queries
    from tests.fixtures.snapshot_builder import build
    from tests.test_claims import _seed

    served = build(tmp_path)
    writer = duckdb.connect(str(tmp_path / "ledger.duckdb"), read_only=True)
    reader = snapshot.open_served(served)
    assert not snapshot.has_table(writer, "event_feed") and not snapshot.has_table(writer, "claim_pairs")
    assert snapshot.has_table(reader, "event_feed") and snapshot.has_table(reader, "claim_pairs")
    assert reader.execute("SELECT count(*) FROM event_feed").fetchone() == \
        reader.execute("SELECT count(*) FROM events JOIN items USING (item_id)").fetchone()
    org, model, kind = reader.execute("SELECT org_id, model_id, kind FROM events WHERE org_id IS NOT NULL "
                                      "AND model_id IS NOT NULL LIMIT 1").fetchone()
    for kwargs in [{}, {"org_ids": [org]}, {"org_ids": [org], "kinds": [kind]}, {"model_ids": [model], "limit": 5},
                   {"org_ids": [org], "text": "a"}, {"org_ids": ["no-such-lab"]}]:
        assert _frames_equal(queries.events_feed(writer, **kwargs), queries.events_feed(reader, **kwargs)), kwargs
    for name in ("claims", "claim_counts", "inflation_by_lab"):
        assert _frames_equal(getattr(claims, name)(writer), getattr(claims, name)(reader)), name
    writer.close()
    reader.close()

    con = store.open_writer(tmp_path / "claims.duckdb")  # settings that pin dimensions differently
    _seed(con)
    snapshot.publish(con, tmp_path / "claims-served.duckdb")
    reader = snapshot.open_served(tmp_path / "claims-served.duckdb")
    for kwargs in [{}, {"model_ids": ["deepseek-r1"]}, {"benchmark_id": "lmarena-text"}, {"model_ids": ["nobody"]}]:
        assert _frames_equal(claims.claims(con, **kwargs), claims.claims(reader, **kwargs)), kwargs
        assert _frames_equal(claims.claim_counts(con, **kwargs), claims.claim_counts(reader, **kwargs)), kwargs
    assert len(claims.claims(reader)) == 3
