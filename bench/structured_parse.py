"""Throughput of the structured-source adapters on the real snapshots (records per second).

Usage: python bench/structured_parse.py [repeats]   (REALDATA_DIR overrides ../shared/realdata)
Prints figures only; it asserts nothing about timing.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.apis import hf_hub, litellm, openrouter  # noqa: E402

SNAPSHOTS = [
    (litellm, "litellm/model_prices_and_context_window.2026-07-24.json"),
    (litellm, "litellm/model_prices_and_context_window.2025-07-22.json"),
    (openrouter, "openrouter/openrouter-models.2026-05-01.json"),
    (openrouter, "openrouter/openrouter-models.2026-02-27.json"),
    (openrouter, "openrouter/scraped-openrouter_models.2025-10-25.json"),
    (hf_hub, "hf-hub/hf-api-models-snapshot.2026-08-07.json"),
    (hf_hub, "hf-hub/hf-trending-cache.json"),
]


def measure(adapter, body: bytes, repeats: int) -> tuple[int, int, float]:
    """(records, errors, best seconds) over `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        parsed = adapter.parse(body, source_id="bench", source_url=None)
        best = min(best, time.perf_counter() - start)
    return len(parsed.records), len(parsed.errors), best


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    realdata = Path(os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata")
    if not realdata.is_dir():
        print(f"real data not found at {realdata}; set REALDATA_DIR")
        return 1
    print(f"{'adapter':<12} {'snapshot':<52} {'MiB':>6} {'records':>8} {'errors':>6} "
          f"{'best ms':>8} {'records/s':>10}")
    totals: dict[str, list[float]] = {}
    for adapter, relative in SNAPSHOTS:
        path = realdata / relative
        if not path.exists():
            print(f"(missing {relative})")
            continue
        body = path.read_bytes()
        records, errors, seconds = measure(adapter, body, repeats)
        name = adapter.__name__.rsplit(".", 1)[-1]
        totals.setdefault(name, [0, 0.0])
        totals[name][0] += records
        totals[name][1] += seconds
        print(f"{name:<12} {Path(relative).name:<52} {len(body) / 2**20:6.2f} {records:8d} "
              f"{errors:6d} {seconds * 1000:8.1f} {records / seconds:10.0f}")
    print()
    for name, (records, seconds) in totals.items():
        print(f"{name:<12} overall {records / seconds:10.0f} records/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
