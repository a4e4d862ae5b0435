"""`python -m registry load | check | publish`."""
from __future__ import annotations

import argparse
import sys

from registry import config, curated, snapshot, store
from registry.errors import LedgerError

COUNTED = ["orgs", "models", "model_aliases", "benchmarks", "scores", "promises", "promise_updates", "access_history"]


def _check(args: argparse.Namespace) -> int:
    result = curated.check(config.curated_dir())
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} problem(s); nothing loaded", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(rows)} {name.removesuffix('.yaml')}" for name, rows in result.rows.items())
    print(f"ok: {counts}")
    return 0


def _load(args: argparse.Namespace) -> int:
    result = curated.check(config.curated_dir())
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} problem(s); nothing loaded", file=sys.stderr)
        return 1
    paths = config.paths(args.data_dir)
    con = store.open_writer(paths.ledger)
    try:
        written = curated.load(con, result)
        snapshot.publish(con, paths.served)
        counts = store.table_counts(con, COUNTED)
    finally:
        con.close()
    print("loaded curated data: " + ", ".join(f"{t} {n} ({written.get(t, 0)} written)" for t, n in counts.items()))
    print(f"published {paths.served}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    paths = config.paths(args.data_dir)
    con = store.open_writer(paths.ledger)
    try:
        snapshot.publish(con, paths.served)
    finally:
        con.close()
    print(f"published {paths.served}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m registry", description="Frontier Ledger registry")
    parser.add_argument("--data-dir", help="data directory (default: $LEDGER_DATA_DIR or ./data)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/curated/*.yaml").set_defaults(func=_check)
    sub.add_parser("load", help="load curated data into ledger.duckdb, then publish").set_defaults(func=_load)
    sub.add_parser("publish", help="publish served.duckdb from ledger.duckdb").set_defaults(func=_publish)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LedgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
