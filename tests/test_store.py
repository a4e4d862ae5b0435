import pandas as pd

from registry import store


def _orgs(*rows):
    return pd.DataFrame([dict(org_id=o, name=n, country="US", homepage="https://x.test") for o, n in rows])


def test_upsert_inserts_then_is_idempotent(con):
    frame = _orgs(("meta", "Meta"), ("openai", "OpenAI"))
    assert store.upsert(con, "orgs", frame, ["org_id"], "run-1") == 2
    assert store.upsert(con, "orgs", frame, ["org_id"], "run-2") == 0
    assert con.execute("SELECT DISTINCT run_id FROM orgs").fetchall() == [("run-1",)]


def test_upsert_updates_only_changed_rows_and_stamps_run(con):
    store.upsert(con, "orgs", _orgs(("meta", "Meta"), ("openai", "OpenAI")), ["org_id"], "run-1")
    written = store.upsert(con, "orgs", _orgs(("meta", "Meta Platforms"), ("openai", "OpenAI")), ["org_id"], "run-2")
    assert written == 1
    rows = con.execute("SELECT org_id, name, run_id FROM orgs ORDER BY org_id").fetchall()
    assert rows == [("meta", "Meta Platforms", "run-2"), ("openai", "OpenAI", "run-1")]


def test_duplicate_keys_within_a_batch_keep_the_last(con):
    frame = _orgs(("meta", "Meta"), ("meta", "Meta AI"))
    assert store.upsert(con, "orgs", frame, ["org_id"], "run-1") == 1
    assert con.execute("SELECT name FROM orgs").fetchall() == [("Meta AI",)]


def test_list_and_date_columns_round_trip(con):
    frame = pd.DataFrame([{
        "model_id": "muse-spark", "org_id": "meta", "name": "Muse Spark",
        "released_on": "2026-04-08", "modalities_in": ["text", "image"], "context_tokens": None,
    }])
    store.upsert(con, "models", frame, ["model_id"], "run-1")
    row = con.execute("SELECT released_on::VARCHAR, modalities_in, context_tokens FROM models").fetchone()
    assert row == ("2026-04-08", ["text", "image"], None)


def test_runs_are_recorded(con):
    run_id = store.start_run(con, "curated")
    store.finish_run(con, run_id, "ok", items_seen=3, rows_written=2)
    assert con.execute("SELECT source_id, status, items_seen, rows_written FROM runs").fetchall() == [
        ("curated", "ok", 3, 2)
    ]
    assert con.execute("SELECT finished_at >= started_at FROM runs").fetchone()[0] is True
