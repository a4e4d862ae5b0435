"""What `python -m ingest` shows: a progress bar, a run summary table, the source health table."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest import decide, stages
from ingest.pipeline import RunResult
from registry import snapshot, store
from registry.config import Paths

_STYLE = {"ok": "green", "not_modified": "dim", "skipped": "yellow", "error": "bold red"}
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[RunResult], None]]:
    """A progress bar on stderr (hidden when not a terminal); yields the per-run callback."""
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("ingesting", total=total)

        def advance(result: RunResult) -> None:
            progress.update(task, description=result.source_id, advance=1)

        yield advance


def print_results(results: Sequence[RunResult]) -> None:
    if not results:
        return
    table = Table(title="ingest runs", title_justify="left")
    for name in ("source", "status", "seen", "new", "changed", "rows", "error"):
        table.add_column(name, justify="right" if name in ("seen", "new", "changed", "rows") else "left")
    for r in results:
        error = _error_text(r.error_kind, r.error)
        table.add_row(r.source_id, f"[{_STYLE.get(r.status, '')}]{r.status}[/]", str(r.items_seen),
                      str(r.items_new), str(r.items_changed), str(r.rows_written), error[:120])
    out.print(table)
    totals = {s: sum(r.status == s for r in results) for s in ("ok", "not_modified", "skipped", "error")}
    out.print(" ".join(f"{k}={v}" for k, v in totals.items())
              + f" new={sum(r.items_new for r in results)} changed={sum(r.items_changed for r in results)}")


def _read_sources(paths: Paths) -> pd.DataFrame:
    """The sources table from the served snapshot (the daemon may hold the ledger), else the ledger."""
    empty = pd.DataFrame(columns=["source_id", "kind", "last_ok_at", "next_check_at", "error_count",
                                  "last_error_kind", "last_error", "last_run_at", "interval_s"])
    for path, opener in ((paths.served, snapshot.open_served),
                         (paths.ledger, lambda p: duckdb.connect(str(p), read_only=True))):
        if not path.exists():
            continue
        try:
            con = opener(path)
        except duckdb.Error:
            continue
        try:
            return con.execute(f"SELECT {', '.join(empty.columns)} FROM sources").df()
        except duckdb.Error:
            return empty
        finally:
            con.close()
    return empty


def health_frame(paths: Paths, configured: Sequence[Any], now: datetime | None = None) -> pd.DataFrame:
    """Configured sources joined with their recorded health, with `stale` computed now."""
    now = now or store.utcnow()
    recorded = {r["source_id"]: r for r in _read_sources(paths).to_dict(orient="records")}
    rows = []
    for source in configured:
        r = recorded.get(source.id, {})
        clean = {k: (None if pd.isna(v) else v) for k, v in r.items()} if r else {}
        interval = clean.get("interval_s") or stages.interval_s(source)
        rows.append({
            "source_id": source.id, "kind": source.kind,
            "last_ok_at": clean.get("last_ok_at"), "next_check_at": clean.get("next_check_at"),
            "error_count": int(clean.get("error_count") or 0), "last_error_kind": clean.get("last_error_kind"),
            "last_error": clean.get("last_error"), "last_run_at": clean.get("last_run_at"),
            "interval_s": int(interval),
            "stale": decide.is_stale(clean.get("last_ok_at"), interval, now, last_run_at=clean.get("last_run_at")),
        })
    return pd.DataFrame(rows)


def is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, dict)) and bool(pd.isna(value)))


def _when(value: Any) -> str:
    return "never" if is_missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _error_text(kind: Any, message: Any) -> str:
    kind, message = ("" if is_missing(kind) else str(kind)), ("" if is_missing(message) else str(message))
    if not kind:
        return message
    return message if message.startswith(f"{kind}:") else f"{kind}: {message}".rstrip(": ")


def print_health(frame: pd.DataFrame) -> None:
    table = Table(title="sources (times UTC)", title_justify="left")
    for name in ("source", "kind", "last success", "next check", "errors", "last error", "stale"):
        table.add_column(name, justify="right" if name == "errors" else "left")
    for row in frame.to_dict(orient="records"):
        error = _error_text(row["last_error_kind"], row["last_error"])
        stale = "[bold red]STALE[/]" if row["stale"] else ""
        errors = f"[red]{row['error_count']}[/]" if row["error_count"] else "0"
        table.add_row(row["source_id"], row["kind"], _when(row["last_ok_at"]), _when(row["next_check_at"]),
                      errors, error[:100], stale)
    out.print(table)
    if frame.empty:
        out.print("no sources configured")
