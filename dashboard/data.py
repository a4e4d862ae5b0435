"""The only bridge from the dashboard to `registry.queries`.

Each query opens its own short-lived read-only connection to `served.duckdb`
(`registry.snapshot.open_served`: external access off, configuration locked) and closes it.
In the app, results (never connections) are cached with `st.cache_data`, keyed on the
snapshot's version, so a newly published snapshot is read on the next rerun.
"""
from __future__ import annotations

import inspect
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from registry import config, queries, snapshot
from registry.errors import LedgerError
from registry.store import utcnow

LOAD_COMMAND = "python -m registry load"


class SnapshotUnavailable(LedgerError):
    """No readable served snapshot."""


def served_path(data_dir: str | Path | None = None) -> Path:
    return config.paths(data_dir).served


def version(path: Path | None = None) -> str:
    return snapshot.version(path or served_path())


def _query(name: str):
    fn = getattr(queries, name, None)
    if name.startswith("_") or name not in queries.__all__ or not inspect.isfunction(fn):
        raise KeyError(f"unknown query {name!r}")
    return fn


def run(name: str, *, path: Path | None = None, **params: Any) -> Any:
    """Call `registry.queries.<name>` on a fresh read-only connection (uncached)."""
    fn = _query(name)
    path = path or served_path()
    try:
        con = snapshot.open_served(path)
    except LedgerError as exc:
        raise SnapshotUnavailable(str(exc)) from exc
    except duckdb.Error as exc:
        raise SnapshotUnavailable(f"cannot open {path}: {exc}") from exc
    try:
        return fn(con, **params)
    finally:
        con.close()


def _run_frozen(name: str, path: str, snapshot_version: str, params: tuple[tuple[str, Any], ...]) -> Any:
    return run(name, path=Path(path), **dict(params))


_cached = None  # st.cache_data wrapper, made on first use so the CLI never creates it


def load(name: str, **params: Any) -> Any:
    """`run`, cached per (query, parameters, snapshot version) for the Streamlit app."""
    global _cached
    if _cached is None:
        import streamlit as st  # imported here: the CLI and benchmarks do not need it

        _cached = st.cache_data(max_entries=1024, ttl=6 * 3600, show_spinner=False)(_run_frozen)
    path = served_path()
    return _cached(name, str(path), version(path), tuple(sorted(params.items())))


def now_hour() -> datetime:
    """The current UTC time truncated to the hour: "now" for queries, stable for caching."""
    return utcnow().replace(minute=0, second=0, microsecond=0)


def check_snapshot() -> datetime | None:
    """The snapshot's publication time; raises SnapshotUnavailable when missing or unreadable."""
    path = served_path()
    if not path.exists():
        raise SnapshotUnavailable(f"no snapshot at {path}")
    try:
        return load("snapshot_published_at")
    except duckdb.Error as exc:
        raise SnapshotUnavailable(f"{path} is not a readable Frontier Ledger snapshot: {exc}") from exc
