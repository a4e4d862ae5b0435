"""Dashboard test fixtures: one realistic snapshot per session (tests/fixtures/snapshot_builder),
pointed to by LEDGER_DATA_DIR, and a helper to run any view with AppTest."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dash_helpers import run_page  # noqa: E402
from tests.fixtures.snapshot_builder import build  # noqa: E402


@pytest.fixture(scope="session")
def ledger_dir(tmp_path_factory) -> Path:
    """The fixture snapshot's data directory, exported as LEDGER_DATA_DIR for the session."""
    data_dir = tmp_path_factory.mktemp("ledger")
    build(data_dir)
    previous = os.environ.get("LEDGER_DATA_DIR")
    os.environ["LEDGER_DATA_DIR"] = str(data_dir)
    yield data_dir
    if previous is None:
        os.environ.pop("LEDGER_DATA_DIR", None)
    else:
        os.environ["LEDGER_DATA_DIR"] = previous


@pytest.fixture(scope="session")
def served(ledger_dir) -> Path:
    return ledger_dir / "served.duckdb"


@pytest.fixture
def con(served):
    from registry import snapshot

    connection = snapshot.open_served(served)
    yield connection
    connection.close()


@pytest.fixture
def page(ledger_dir):
    return run_page
