"""Ingest benchmark: every real feed in $REALDATA_DIR/feeds-* served from loopback, run through the
whole pipeline (fetch -> archive -> parse -> extract -> decide -> store -> publish).

Prints items/s, the pipeline's time over feedparser-only parsing of the same bytes, and the time
of unchanged re-runs as a fraction of the first run (304 with ETag; identical body, no validators).
Figures only, never asserts.   Usage: python bench/ingest.py
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from ingest.sources import Schedule, Source  # noqa: E402
from ingest.writer import run_sources, session  # noqa: E402
from registry import config  # noqa: E402


def realdata_dir() -> Path:
    return Path(os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata")


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: dict[str, bytes]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files, self.honour_etag = files, True


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def do_GET(self) -> None:  # noqa: N802
        body = self.server.files.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.server.honour_etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        if self.server.honour_etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def feed_files(root: Path) -> dict[str, Path]:
    files = sorted(p for d in root.glob("feeds-*") for p in d.iterdir() if p.suffix == ".xml")
    return {re.sub(r"[^a-z0-9]+", "-", p.stem.lower()).strip("-")[:60]: p for p in files}


def timed_runs(con, sources, paths) -> tuple[float, list]:
    started = time.perf_counter()
    results = run_sources(con, sources, paths=paths, min_free_bytes=0)
    return time.perf_counter() - started, results


def main() -> int:
    root = realdata_dir()
    files = feed_files(root)
    if not files:
        print(f"no feeds under {root}/feeds-* (set REALDATA_DIR)")
        return 1
    bodies = {f"/{sid}.xml": path.read_bytes() for sid, path in files.items()}
    os.environ["LEDGER_ALLOW_HOSTS"] = "127.0.0.1"
    logging.basicConfig(level=logging.ERROR)
    server = FeedServer(bodies)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = [Source.model_construct(id=sid, kind="feed", url=f"{base}/{sid}.xml", org=None, jitter_s=0,
                                      schedule=Schedule(interval_s=3600), selectors=None, max_entries=5000,
                                      api_key_env=None) for sid in files]

    parse_started = time.perf_counter()
    parsed_entries = sum(len(feedparser.parse(io.BytesIO(b)).entries) for b in bodies.values())
    feedparser_s = time.perf_counter() - parse_started

    with tempfile.TemporaryDirectory() as tmp:
        paths = config.paths(tmp)
        with session(paths, sources) as current:
            first_s, first = timed_runs(current.con, sources, paths)
            etag_s, second = timed_runs(current.con, sources, paths)
            server.honour_etag = False
            same_s, third = timed_runs(current.con, sources, paths)
            items = current.con.execute("SELECT count(*) FROM items").fetchall()[0][0]
    server.shutdown()

    new = sum(r.items_new for r in first)
    failed = [f"{r.source_id}: {r.error_kind}" for r in first if r.status != "ok"]
    megabytes = sum(map(len, bodies.values())) / 2**20
    print(f"feeds: {len(files)} files, {megabytes:.1f} MiB, {parsed_entries} entries per feedparser")
    print(f"first run: {first_s:.2f} s, {new} new items ({items} stored), {new / first_s:.0f} items/s, "
          f"{megabytes / first_s:.2f} MiB/s")
    print(f"feedparser alone on the same bytes: {feedparser_s:.2f} s; pipeline / feedparser = "
          f"{first_s / feedparser_s:.2f}x")
    print(f"second run, unchanged (304 via ETag): {etag_s:.2f} s = {etag_s / first_s:.1%} of the first; "
          f"statuses {sorted({r.status for r in second})}")
    print(f"third run, unchanged body without validators (content hash): {same_s:.2f} s = "
          f"{same_s / first_s:.1%} of the first; new rows {sum(r.items_new + r.items_changed for r in third)}")
    if failed:
        print(f"not ingested ({len(failed)}): " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
