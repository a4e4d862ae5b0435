"""`python -m ingest run | seed | sources | replay | extract | schedule` (see --help)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

import duckdb

from ingest import payload_files
from ingest.lock import AlreadyRunning
from registry import config, store
from registry.errors import LedgerError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
EPILOG = f"""exit codes: 0 ok, 1 a source failed, 2 bad arguments or configuration,
3 lock_held (another writer holds data/ledger.duckdb).

--from PATH / seed DIR: which source a payload file belongs to
{payload_files.__doc__.split("The rule (also printed by `--help`):", 1)[1].strip()}
"""


def _setup_logging(verbose: bool, daemon: bool = False) -> None:
    level = logging.INFO if (verbose or daemon) else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(message)s" if daemon else "%(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _sources():
    from ingest.sources import load_sources

    try:
        return load_sources(config.sources_file())
    except LedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - a config problem is a one-line error
        raise LedgerError(f"{config.sources_file()}: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc


def _select(sources, names):
    by_id = {s.id: s for s in sources}
    unknown = [n for n in names if n not in by_id]
    if unknown:
        raise LedgerError(f"unknown source(s): {', '.join(unknown)} (see `python -m ingest sources`)")
    return [by_id[n] for n in names] if names else list(sources)


def _ingest(args, sources, payloads: dict | None, configured) -> int:
    from ingest import cli_view
    from ingest.writer import run_sources, session

    paths = config.paths(args.data_dir)
    total = len(sources) if payloads is None else sum(len(payloads.get(s.id, ())) for s in sources)
    with session(paths, configured) as current:
        for note in current.notes:
            print(f"recovery: {note}", file=sys.stderr)
        if current.recovered:
            print(f"recovery: replayed {len(current.recovered)} archived payload(s)", file=sys.stderr)
        with cli_view.progress_bar(total) as advance:
            results = run_sources(current.con, sources, paths=paths, payloads=payloads, on_result=advance)
    cli_view.print_results(results)
    return EXIT_FAILED if any(r.status == "error" or r.error_kind == "disk_full" for r in results) else EXIT_OK


def _read_payloads(path: Path, sources, selected, verbose: bool = False) -> dict[str, list[tuple[bytes, str]]]:
    """Per source id, its payload files' (bytes, provenance URL) in ingest order."""
    mapping = payload_files.map_files(path, sources, selected)
    shown = mapping.unmatched if verbose else mapping.unmatched[:5]
    for file in shown:
        print(f"ignored {file}: no configured source matches its name", file=sys.stderr)
    if len(mapping.unmatched) > len(shown):
        print(f"ignored {len(mapping.unmatched) - len(shown)} more file(s) matching no source (-v lists them)",
              file=sys.stderr)
    if not mapping.by_source:
        raise LedgerError(f"{path}: no payload file maps to a configured source")
    urls = {s.id: s.url for s in sources}
    return {sid: [(f.read_bytes(), mapping.source_url(f, urls[sid])) for f in files]
            for sid, files in mapping.by_source.items()}


def cmd_run(args) -> int:
    everything = _sources()
    chosen = _select(everything, args.sources)
    if args.from_path is None:
        return _ingest(args, chosen, None, everything)
    payloads = _read_payloads(Path(args.from_path), everything, args.sources, args.verbose)
    return _ingest(args, [s for s in everything if s.id in payloads], payloads, everything)


def cmd_seed(args) -> int:
    folder = Path(args.dir or os.environ.get("SEED_DIR") or config.samples_dir())
    everything = _sources()
    payloads = _read_payloads(folder, everything, [], args.verbose)
    return _ingest(args, [s for s in everything if s.id in payloads], payloads, everything)


def cmd_replay(args) -> int:
    from ingest import archive, cli_view
    from ingest.pipeline import publish_served
    from ingest.writer import replay, session

    paths = config.paths(args.data_dir)
    everything = _sources()
    chosen = _select(everything, args.sources) if args.sources else \
        [s for s in everything if s.id in archive.archived_sources(paths.raw_dir)]
    results = []
    with session(paths, everything, recover_lost=False) as current:
        for source in chosen:
            payloads = list(archive.iter_archived(paths.raw_dir, source.id))
            results += replay(current.con, source, payloads[-1:] if args.latest else payloads, paths=paths)
        if results:
            publish_served(current.con, paths)
    cli_view.print_results(results)
    if not results:
        print("nothing archived to replay", file=sys.stderr)
    return EXIT_FAILED if any(r.status == "error" for r in results) else EXIT_OK


def cmd_sources(args) -> int:
    from ingest import cli_view

    paths = config.paths(args.data_dir)
    configured = _sources()
    frame = cli_view.health_frame(paths, configured)
    if args.json:
        for row in frame.to_dict(orient="records"):
            clean = {k: (None if cli_view.is_missing(v) else v) for k, v in row.items()}
            print(json.dumps(clean, default=str))
    else:
        cli_view.print_health(frame)
    return EXIT_OK


def cmd_extract(args) -> int:
    from ingest.extract import extract_file

    path = Path(args.file)
    if not path.is_file():
        raise LedgerError(f"no such file: {path}")
    source_id = args.source or path.name.split(".")[0]
    for entry in extract_file(path.read_bytes(), source_id):
        if args.json:
            print(json.dumps(entry, default=str, ensure_ascii=False))
        else:
            title = str(entry.get("title") or entry.get("item_id") or "")[:90]
            kinds = ",".join(entry.get("kinds") or []) or "-"
            models = ",".join(entry.get("model_ids") or []) or "-"
            print(f"{kinds:<24} {models:<40} {title}")
    return EXIT_OK


def cmd_schedule(args) -> int:
    from ingest.scheduler import Daemon

    return Daemon(config.paths(args.data_dir), _sources()).run()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Frontier Ledger ingestion",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="data directory (default: $LEDGER_DATA_DIR or ./data)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every run as key=value lines")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    run = add("run", cmd_run, "fetch and ingest sources now (all, or the SOURCEs named)")
    run.add_argument("sources", nargs="*", metavar="SOURCE")
    run.add_argument("--from", dest="from_path", metavar="PATH",
                     help="ingest a saved payload file, or a folder of them, instead of fetching")
    seed = add("seed", cmd_seed, "ingest every payload file in DIR (default $SEED_DIR or data/samples)")
    seed.add_argument("dir", nargs="?", metavar="DIR")
    src = add("sources", cmd_sources, "source health: last success, next check, errors, stale flag")
    src.add_argument("--json", action="store_true", help="one JSON object per source")
    rep = add("replay", cmd_replay, "re-parse archived raw payloads (all sources, or those named)")
    rep.add_argument("sources", nargs="*", metavar="SOURCE")
    rep.add_argument("--latest", action="store_true", help="only the newest payload of each source")
    ext = add("extract", cmd_extract, "print what extraction finds in a saved feed/page (no DB writes)")
    ext.add_argument("file", metavar="FILE")
    ext.add_argument("--source", help="source id for the file (default: its name before the first dot)")
    ext.add_argument("--json", action="store_true", help="one JSON line per entry")
    add("schedule", cmd_schedule, "run the ingest daemon (one job per source; Ctrl-C or SIGTERM stops it)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose, daemon=args.command == "schedule")
    try:
        return args.func(args)
    except (AlreadyRunning, store.LockHeld) as exc:
        print(f"error: lock_held: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except duckdb.FatalException as exc:  # RELIABILITY E6: the database invalidated itself
        print(f"error: storage: {str(exc).splitlines()[0]} (the ledger was closed; free disk space and "
              f"rerun, start-up recovery replays what was lost)", file=sys.stderr)
        return EXIT_FAILED
    except LedgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m ingest extract FILE --json | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
