"""`python -m registry load | check | publish | backup | restore`."""
from __future__ import annotations

import argparse
import sys

from registry import config, curated, promises, snapshot, store
from registry.errors import LedgerError

COUNTED = ["orgs", "models", "model_aliases", "benchmarks", "scores", "promises", "promise_updates", "access_history"]


def _validated() -> curated.Curated | None:
    """Check the curated files, printing one line per problem; None when any is bad."""
    result = curated.check(config.curated_dir())
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} problem(s); nothing loaded", file=sys.stderr)
        return None
    return result


def _check(args: argparse.Namespace) -> int:
    result = _validated()
    if result is None:
        return 1
    counts = ", ".join(f"{len(rows)} {name.removesuffix('.yaml')}" for name, rows in result.rows.items())
    print(f"ok: {counts}")
    return 0


def _load(args: argparse.Namespace) -> int:
    result = _validated()
    if result is None:
        return 1
    paths = config.paths(args.data_dir)
    con = store.open_writer(paths.ledger)
    try:
        written = curated.load(con, result)
        promises.resolve_all(con)
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


def _backup(args: argparse.Namespace) -> int:
    from registry import backup

    result = backup.backup(config.paths(args.data_dir), keep=args.keep)
    rows = sum(result.tables.values())
    print(f"backed up {result.source.name} ({len(result.tables)} tables, {rows} rows) to {result.path}")
    for path in result.pruned:
        print(f"pruned old backup {path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from registry import backup

    target = config.paths(args.restore_data_dir or args.data_dir)
    counts = backup.restore(backup.find(args.dir, config.paths(args.data_dir)), target)
    print(f"restored {sum(counts.values())} rows in {len(counts)} tables into {target.ledger}")
    print(f"published {target.served}")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    """One model_id (or `unresolved`) per name, from the published snapshot; nothing is written."""
    import duckdb

    from registry.resolve import Resolver

    paths = config.paths(args.data_dir)
    db = next((p for p in (paths.served, paths.ledger) if p.exists()), None)
    if db is None:
        raise LedgerError(f"no database in {paths.data_dir}: run `python -m registry load` first")
    con = duckdb.connect(str(db), read_only=True)
    try:
        resolver = Resolver.from_db(con, provisional=False)
        for name in args.names:
            print(resolver.resolve(args.source, name).model_id or "unresolved")
    finally:
        con.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m registry", description="Frontier Ledger registry")
    parser.add_argument("--data-dir", help="data directory (default: $LEDGER_DATA_DIR or ./data)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/curated/*.yaml").set_defaults(func=_check)
    sub.add_parser("load", help="load curated data into ledger.duckdb, then publish").set_defaults(func=_load)
    sub.add_parser("publish", help="publish served.duckdb from ledger.duckdb").set_defaults(func=_publish)
    bak = sub.add_parser("backup", help="EXPORT DATABASE into data/backups/<timestamp>/, keeping the newest N")
    bak.add_argument("--keep", type=int, default=7, help="complete backups to keep (default 7)")
    bak.set_defaults(func=_backup)
    res = sub.add_parser("restore", help="IMPORT DATABASE from a backup folder into a new data directory")
    res.add_argument("dir", metavar="DIR", help="a backup folder (or its timestamp name under data/backups)")
    res.add_argument("--data-dir", dest="restore_data_dir", metavar="NEW",
                     help="the (new, empty) data directory to restore into")
    res.set_defaults(func=_restore)
    rsv = sub.add_parser("resolve", help="print the model_id each NAME resolves to (or 'unresolved')")
    rsv.add_argument("--source", required=True, help="the source that uses these names, e.g. openrouter")
    rsv.add_argument("names", nargs="+", metavar="NAME")
    rsv.set_defaults(func=_resolve)
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
