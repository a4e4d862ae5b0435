"""Import the real LiteLLM, OpenRouter and Hugging Face Hub snapshots through the adapters and
`registry.structured.store_parsed` into a fresh registry; print throughput and how long an
identical second import takes as a fraction of the first (it must write nothing).

    python bench/structured.py [--realdata DIR] [--no-curated]

Figures only, never timed asserts. The registry is in memory and loaded with data/curated unless
--no-curated; each import builds its resolver from the database, as a pipeline run would.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.apis import parser_for  # noqa: E402
from registry import config, curated, schema, store  # noqa: E402
from registry.resolve import Resolver  # noqa: E402
from registry.structured import observed_at_for, store_parsed  # noqa: E402

SNAPSHOTS = [  # (kind, source_id, path under realdata, date of the snapshot)
    ("litellm", "litellm", "litellm/model_prices_and_context_window.2025-07-22.json", date(2025, 7, 22)),
    ("litellm", "litellm", "litellm/model_prices_and_context_window.2026-07-24.json", date(2026, 7, 24)),
    ("openrouter", "openrouter", "openrouter/openrouter-models.2026-02-27.json", date(2026, 2, 27)),
    ("openrouter", "openrouter", "openrouter/openrouter-models.2026-05-01.json", date(2026, 5, 1)),
    ("hf_hub", "hf-hub", "hf-hub/hf-api-models-snapshot.2026-08-07.json", date(2026, 8, 7)),
    ("hf_hub", "hf-hub", "hf-hub/hf-api-models-snapshot.2026-08-20.json", date(2026, 8, 20)),
]


def import_one(con: duckdb.DuckDBPyConnection, realdata: Path, kind: str, source_id: str, path: str,
               on: date) -> tuple[float, int, dict]:
    """Parse and store one snapshot in one transaction; return (seconds, records, counts)."""
    started = time.perf_counter()
    body = (realdata / path).read_bytes()
    parsed = parser_for(kind)(body, source_id=source_id, source_url=f"file:{path}")
    con.execute("BEGIN")
    run_id = store.start_run(con, source_id)
    counts = store_parsed(con, parsed, source_id=source_id, source_url=f"file:{path}", run_id=run_id,
                          resolver=Resolver.from_db(con), observed_at=observed_at_for(parsed, on))
    store.finish_run(con, run_id, "ok", items_seen=len(parsed.records), rows_written=counts["rows_written"])
    con.execute("COMMIT")
    return time.perf_counter() - started, len(parsed.records), counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata"
    parser.add_argument("--realdata", type=Path, default=Path(default))
    parser.add_argument("--no-curated", action="store_true", help="start from an empty registry")
    args = parser.parse_args(argv)
    if not args.realdata.is_dir():
        print(f"no real data at {args.realdata}; set REALDATA_DIR")
        return 1
    con = duckdb.connect()
    schema.migrate(con)
    checked = curated.check(config.curated_dir())
    if not args.no_curated and not checked.errors:
        curated.load(con, checked)
    models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    print(f"registry: {models} models before import ({'curated' if models else 'empty'})")
    print(f"{'snapshot':<58}{'records':>8}{'rows':>7}{'s':>7}{'rec/s':>8}{'rows/s':>8}"
          f"{'again s':>9}{'again/first':>12}{'again rows':>11}")
    totals = [0.0, 0, 0, 0.0]
    for kind, source_id, path, on in SNAPSHOTS:
        first, records, counts = import_one(con, args.realdata, kind, source_id, path, on)
        again, _, repeat = import_one(con, args.realdata, kind, source_id, path, on)
        rows = counts["rows_written"]
        totals = [totals[0] + first, totals[1] + records, totals[2] + rows, totals[3] + again]
        print(f"{path:<58}{records:>8}{rows:>7}{first:>7.2f}{records / first:>8.0f}{rows / first:>8.0f}"
              f"{again:>9.2f}{again / first:>12.2f}{repeat['rows_written']:>11}")
    first, records, rows, again = totals
    print(f"{'total':<58}{records:>8}{rows:>7}{first:>7.2f}{records / first:>8.0f}{rows / first:>8.0f}"
          f"{again:>9.2f}{again / first:>12.2f}")
    history = con.execute("SELECT count(*) FROM api_terms WHERE valid_to IS NOT NULL").fetchall()[0][0]
    print(f"api_terms rows closed by a later snapshot (price/limit history): {history}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
