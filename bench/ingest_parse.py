"""Benchmark: parse every real feed with parse_feed and with plain feedparser on the same bytes.

    .venv/bin/python bench/ingest_parse.py [--repeat 3]

Prints per-file figures, items per second, and the ratio of parse_feed time to raw
feedparser.parse(BytesIO(body)) time (default options), plus the ratio to feedparser with the
options parse_feed uses (no sanitizing, no relative-URI rewriting), i.e. the cost of our cleaning
and identity work. Figures only: no timed asserts.
REALDATA_DIR defaults to ../shared/realdata next to the repository.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from ingest.errors import ParseError  # noqa: E402
from ingest.feeds import feedparser_parse, parse_feed  # noqa: E402


def best_of(repeat: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per file (default 3)")
    args = parser.parse_args()
    realdata = Path(os.environ.get("REALDATA_DIR", ROOT.parent / "shared" / "realdata"))
    files = sorted(p for p in realdata.glob("feeds-*/*") if p.is_file())
    if not files:
        print(f"no feeds under {realdata}/feeds-* (set REALDATA_DIR)")
        return 0
    total_ours = total_raw = total_lean = 0.0
    total_items = total_bytes = 0
    print(f"{'file':58} {'KiB':>7} {'items':>6} {'ours ms':>8} {'raw ms':>8} {'ratio':>6}")
    for path in files:
        body = path.read_bytes()
        raw_s, _ = best_of(args.repeat, lambda: feedparser.parse(io.BytesIO(body)))
        lean_s, _ = best_of(args.repeat, lambda: feedparser_parse(body))

        def ours():
            try:
                return parse_feed(body, "bench")
            except ParseError:
                return []

        ours_s, items = best_of(args.repeat, ours)
        total_ours, total_raw, total_lean = total_ours + ours_s, total_raw + raw_s, total_lean + lean_s
        total_items, total_bytes = total_items + len(items), total_bytes + len(body)
        name = f"{path.parent.name}/{path.name}"[:58]
        print(f"{name:58} {len(body) / 1024:7.1f} {len(items):6d} {ours_s * 1e3:8.1f} {raw_s * 1e3:8.1f} "
              f"{ours_s / raw_s if raw_s else 0:6.2f}")
    print(f"\n{len(files)} files, {total_bytes / 1024 / 1024:.1f} MiB, {total_items} items")
    print(f"parse_feed: {total_ours:.2f} s total, {total_items / total_ours:,.0f} items/s, "
          f"{total_bytes / 1024 / 1024 / total_ours:.1f} MiB/s")
    print(f"feedparser (defaults): {total_raw:.2f} s total; with parse_feed's options: {total_lean:.2f} s")
    print(f"ratio parse_feed / feedparser = {total_ours / total_raw:.2f} "
          f"(/ feedparser with the same options = {total_ours / total_lean:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
