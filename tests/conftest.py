"""Shared fixtures: a fresh in-memory registry, the curated fixture set, REALDATA_DIR."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from registry import curated, schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def realdata_dir() -> Path:
    """The shared real-data snapshots (never copied into the project)."""
    return Path(os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata")


@pytest.fixture
def realdata() -> Path:
    path = realdata_dir()
    if not path.is_dir():
        pytest.skip(f"REALDATA_DIR not present: {path}")
    return path


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database with the current schema."""
    connection = duckdb.connect()
    schema.migrate(connection)
    yield connection
    connection.close()


@pytest.fixture
def curated_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A fresh database loaded with the small curated fixture set."""
    curated.load(con, curated.check(FIXTURES / "curated"))
    return con
