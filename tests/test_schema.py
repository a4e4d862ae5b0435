import duckdb
import pytest

from registry import schema

DESIGN_TABLES = {
    "orgs", "models", "model_aliases", "access_history", "api_terms", "perf", "benchmarks",
    "scores", "items", "events", "promises", "promise_updates", "sources", "runs",
}


def test_migrate_creates_every_design_table(con):
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert DESIGN_TABLES <= tables
    assert {"review_names", "promise_candidates", "quarantine", "schema_migrations"} <= tables


def test_migrate_twice_is_a_noop(con):
    before = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert schema.migrate(con) == len(schema.MIGRATIONS)
    after = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert before == after == [(1, "core_tables"), (2, "review_queues")]


def test_newer_database_is_refused_with_one_line(con):
    con.execute("INSERT INTO schema_migrations VALUES (99, 'from_the_future', now()::TIMESTAMP)")
    with pytest.raises(schema.SchemaTooNew) as exc:
        schema.migrate(con)
    message = str(exc.value)
    assert "\n" not in message
    assert "version 99 is newer than this code (knows 2)" in message


def test_failed_migration_leaves_nothing_half_applied(monkeypatch):
    fresh = duckdb.connect()
    broken = schema.MIGRATIONS + [("broken", "CREATE TABLE ok_table (a INT); CREATE TABLE bad (")]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(duckdb.Error):
        schema.migrate(fresh)
    tables = {r[0] for r in fresh.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "ok_table" not in tables
    assert fresh.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 2
