"""Ordered migrations, recorded in `schema_migrations`; a newer database is refused.

Timestamps (`*_at`) are naive UTC TIMESTAMPs; dates end in `_on`. Every row written by a
run carries its `run_id` (see `runs`).
"""
from __future__ import annotations

import duckdb

from registry.errors import LedgerError


class SchemaTooNew(LedgerError):
    """The database was written by a newer Frontier Ledger than this code."""


_CORE = """
CREATE TABLE orgs (
    org_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, country VARCHAR, homepage VARCHAR,
    kind VARCHAR, source_url VARCHAR, source_id VARCHAR, run_id VARCHAR
);
CREATE TABLE models (
    model_id VARCHAR PRIMARY KEY, org_id VARCHAR NOT NULL, name VARCHAR NOT NULL, family VARCHAR,
    released_on DATE, announced_on DATE, api_on DATE, weights_on DATE,
    status VARCHAR, access VARCHAR, channels VARCHAR[], license VARCHAR,
    modalities_in VARCHAR[], modalities_out VARCHAR[], reasoning_modes VARCHAR[],
    context_tokens BIGINT, max_output_tokens BIGINT, parameters_b DOUBLE,
    predecessor_id VARCHAR, is_flagship BOOLEAN DEFAULT false, confidence VARCHAR,
    notes VARCHAR, source_url VARCHAR, source_id VARCHAR, run_id VARCHAR
);
CREATE TABLE model_aliases (
    source_id VARCHAR NOT NULL, alias VARCHAR NOT NULL, model_id VARCHAR NOT NULL,
    match_kind VARCHAR NOT NULL, source_url VARCHAR, run_id VARCHAR,
    PRIMARY KEY (source_id, alias)
);
CREATE TABLE access_history (
    model_id VARCHAR NOT NULL, access VARCHAR NOT NULL, license VARCHAR,
    valid_from DATE NOT NULL, valid_to DATE, evidence VARCHAR,
    source_id VARCHAR NOT NULL, source_url VARCHAR, observed_at TIMESTAMP, run_id VARCHAR,
    PRIMARY KEY (model_id, source_id, valid_from)
);
CREATE TABLE api_terms (
    model_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, source_model_name VARCHAR,
    input_usd_per_mtok DOUBLE, output_usd_per_mtok DOUBLE, cached_input_usd_per_mtok DOUBLE,
    context_tokens BIGINT, max_output_tokens BIGINT, fine_tuning BOOLEAN, rate_limits VARCHAR,
    availability VARCHAR, valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP,
    observed_at TIMESTAMP NOT NULL, source_id VARCHAR NOT NULL, source_url VARCHAR, run_id VARCHAR,
    PRIMARY KEY (model_id, provider, source_id, valid_from)
);
CREATE TABLE perf (
    model_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, ttft_s DOUBLE, output_tokens_per_s DOUBLE,
    measured_at TIMESTAMP NOT NULL, source_id VARCHAR NOT NULL, source_url VARCHAR, run_id VARCHAR,
    PRIMARY KEY (model_id, provider, source_id, measured_at)
);
CREATE TABLE benchmarks (
    benchmark_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, category VARCHAR NOT NULL,
    unit VARCHAR NOT NULL, higher_is_better BOOLEAN NOT NULL, scale_min DOUBLE, scale_max DOUBLE,
    description VARCHAR, source_url VARCHAR, source_id VARCHAR, run_id VARCHAR
);
CREATE TABLE scores (
    score_id VARCHAR PRIMARY KEY, model_id VARCHAR NOT NULL, benchmark_id VARCHAR NOT NULL,
    value DOUBLE NOT NULL, measured_by VARCHAR NOT NULL, settings VARCHAR, variant_note VARCHAR,
    source_model_name VARCHAR, source_id VARCHAR NOT NULL, source_url VARCHAR,
    reported_on DATE, observed_at TIMESTAMP, item_id VARCHAR, run_id VARCHAR
);
CREATE TABLE items (
    item_id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, key_kind VARCHAR, url VARCHAR,
    title VARCHAR, summary_text VARCHAR, published_at TIMESTAMP, date_flag VARCHAR,
    first_seen_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP, content_hash VARCHAR NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1, run_id VARCHAR
);
CREATE TABLE item_revisions (
    item_id VARCHAR NOT NULL, revision INTEGER NOT NULL, title VARCHAR, summary_text VARCHAR,
    url VARCHAR, published_at TIMESTAMP, content_hash VARCHAR NOT NULL, seen_at TIMESTAMP,
    run_id VARCHAR, PRIMARY KEY (item_id, revision)
);
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY, item_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    model_id VARCHAR, org_id VARCHAR, confidence DOUBLE, occurred_at TIMESTAMP, run_id VARCHAR
);
CREATE TABLE promises (
    promise_id VARCHAR PRIMARY KEY, org_id VARCHAR NOT NULL, made_on DATE, speaker VARCHAR,
    statement VARCHAR, subject VARCHAR, predicate JSON, due_on DATE, status VARCHAR NOT NULL,
    source_url VARCHAR, source_id VARCHAR, run_id VARCHAR
);
CREATE TABLE promise_updates (
    promise_id VARCHAR NOT NULL, status VARCHAR NOT NULL, changed_on DATE NOT NULL,
    evidence_url VARCHAR, note VARCHAR, source_id VARCHAR, run_id VARCHAR,
    PRIMARY KEY (promise_id, changed_on, status)
);
CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY, kind VARCHAR, url VARCHAR, org_id VARCHAR,
    etag VARCHAR, last_modified VARCHAR, content_hash VARCHAR, last_run_at TIMESTAMP,
    last_ok_at TIMESTAMP, next_check_at TIMESTAMP, error_count INTEGER DEFAULT 0,
    last_error VARCHAR, last_error_kind VARCHAR, interval_s INTEGER
);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP, status VARCHAR, items_seen INTEGER DEFAULT 0,
    items_new INTEGER DEFAULT 0, items_changed INTEGER DEFAULT 0, rows_written INTEGER DEFAULT 0,
    error_kind VARCHAR, error VARCHAR, http_status INTEGER
);
"""

_REVIEW = """
CREATE TABLE review_names (
    source_id VARCHAR NOT NULL, name VARCHAR NOT NULL, reason VARCHAR, candidates VARCHAR,
    first_seen_at TIMESTAMP, last_seen_at TIMESTAMP, seen_count INTEGER DEFAULT 1, run_id VARCHAR,
    PRIMARY KEY (source_id, name)
);
CREATE TABLE promise_candidates (
    candidate_id VARCHAR PRIMARY KEY, item_id VARCHAR NOT NULL, org_id VARCHAR, model_id VARCHAR,
    sentence VARCHAR NOT NULL, url VARCHAR, found_at TIMESTAMP, review_status VARCHAR DEFAULT 'new',
    run_id VARCHAR
);
CREATE TABLE quarantine (
    quarantine_id VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, source_id VARCHAR,
    model_id VARCHAR, field VARCHAR, value DOUBLE, previous_value DOUBLE, reason VARCHAR,
    payload JSON, observed_at TIMESTAMP, run_id VARCHAR
);
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("core_tables", _CORE),
    ("review_queues", _REVIEW),
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration number (0 for an empty database)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply pending migrations, each atomically; return the resulting version."""
    version = current_version(con)
    if version > len(MIGRATIONS):
        raise SchemaTooNew(
            f"database schema version {version} is newer than this code "
            f"(knows {len(MIGRATIONS)}): upgrade Frontier Ledger or use another LEDGER_DATA_DIR"
        )
    for number, (name, sql) in enumerate(MIGRATIONS[version:], start=version + 1):
        con.execute("BEGIN")
        try:
            for statement in filter(str.strip, sql.split(";")):
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [number, name]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
