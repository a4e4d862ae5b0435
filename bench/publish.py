"""Publish time for 1, 10 and 100 MB databases, with a plain file copy as the baseline."""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry import snapshot, store  # noqa: E402

ROW_BYTES = 330  # roughly what one synthetic item costs on disk, compressed


def build(path: Path, megabytes: int):
    con = store.open_writer(path)
    rows = megabytes * 1_000_000 // ROW_BYTES
    con.execute(
        """
        INSERT INTO items (item_id, source_id, url, title, summary_text, first_seen_at, content_hash)
        SELECT 'i' || i, 'src-' || (i % 30), 'https://example.test/news/' || i,
               'Headline number ' || i || ' about model ' || (i % 997),
               repeat(md5(i::VARCHAR), 12), now()::TIMESTAMP, md5(i::VARCHAR)
        FROM range(?) t(i)
        """,
        [rows],
    )
    con.execute("CHECKPOINT")
    return con


def timed(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print(f"{'target':>8} {'file MB':>8} {'publish s':>10} {'copy s':>8} {'ratio':>6}")
    for megabytes in (1, 10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            ledger = Path(tmp) / "ledger.duckdb"
            con = build(ledger, megabytes)
            size = ledger.stat().st_size / 1e6
            served = Path(tmp) / "served.duckdb"
            repeats = 5 if megabytes < 100 else 3
            publish_s = timed(lambda: snapshot.publish(con, served), repeats)
            copy_s = timed(lambda: shutil.copyfile(ledger, Path(tmp) / "copy.duckdb"), repeats)
            con.close()
            print(f"{megabytes:>6}MB {size:>8.1f} {publish_s:>10.3f} {copy_s:>8.3f} {publish_s / copy_s:>6.1f}")


if __name__ == "__main__":
    main()
