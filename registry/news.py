"""Writes for news sources: items, item_revisions, events, scores from claims, promise
candidates and names for review. Called inside the pipeline's one transaction per source run.

Nothing is deleted: a changed item gets a new revision row and its `items` row points at it.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime

import duckdb
import pandas as pd

from ingest.decide import CHANGED, NEW, UNCHANGED, ItemDecision, Stored
from registry import store
from registry.records import Extraction

_ITEM_COLS = ("item_id", "source_id", "key_kind", "url", "title", "summary_text", "published_at",
              "date_flag", "content_hash")


def stored_items(con: duckdb.DuckDBPyConnection, source_id: str) -> dict[str, Stored]:
    """Every stored item of a source with its current hash, revision and all hashes it has had."""
    rows = con.execute(
        "SELECT i.item_id, i.content_hash, i.revision, list(r.content_hash) "
        "FROM items i LEFT JOIN item_revisions r USING (item_id) "
        "WHERE i.source_id = ? GROUP BY ALL",
        [source_id],
    ).fetchall()
    return {
        item_id: Stored(content_hash, int(revision), frozenset(h for h in hashes or () if h))
        for item_id, content_hash, revision, hashes in rows
    }


class _Registered:
    """`con.register` a frame under a unique name for the duration of a block."""

    def __init__(self, con: duckdb.DuckDBPyConnection, frame: pd.DataFrame):
        self.con, self.frame, self.name = con, frame, f"_f_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        self.con.register(self.name, self.frame)
        return self.name

    def __exit__(self, *exc: object) -> None:
        self.con.unregister(self.name)


def _item_rows(decisions: Iterable[ItemDecision]) -> list[dict]:
    return [{**{c: getattr(d.item, c) for c in _ITEM_COLS}, "revision": d.revision} for d in decisions]


def _write_items(con: duckdb.DuckDBPyConnection, decisions: Sequence[ItemDecision], run_id: str,
                 now: datetime) -> int:
    new = [d for d in decisions if d.action == NEW]
    changed = [d for d in decisions if d.action == CHANGED]
    unchanged = [d for d in decisions if d.action == UNCHANGED]
    written = 0
    if new:
        frame = pd.DataFrame(_item_rows(new)).assign(first_seen_at=now, last_seen_at=now)
        written += store.upsert(con, "items", frame, ["item_id"], run_id, update=False)
    if changed:
        with _Registered(con, pd.DataFrame(_item_rows(changed))) as view:
            con.execute(
                f"UPDATE items SET url = f.url, title = f.title, summary_text = f.summary_text, "
                f"published_at = CAST(f.published_at AS TIMESTAMP), date_flag = f.date_flag, "
                f"content_hash = f.content_hash, revision = f.revision, key_kind = f.key_kind, "
                f"last_seen_at = ?, run_id = ? FROM {view} f WHERE items.item_id = f.item_id",
                [now, run_id],
            )
        written += len(changed)
    if unchanged:
        ids = pd.DataFrame({"item_id": [d.item.item_id for d in unchanged]})
        with _Registered(con, ids) as view:
            con.execute(f"UPDATE items SET last_seen_at = ? WHERE item_id IN (SELECT item_id FROM {view})", [now])
    revisions = [
        {"item_id": d.item.item_id, "revision": d.revision, "title": d.item.title,
         "summary_text": d.item.summary_text, "url": d.item.url, "published_at": d.item.published_at,
         "content_hash": d.item.content_hash, "seen_at": now}
        for d in new + changed
    ]
    if revisions:
        written += store.upsert(con, "item_revisions", pd.DataFrame(revisions), ["item_id", "revision"],
                                run_id, update=False)
    return written


def _write_review_names(con: duckdb.DuckDBPyConnection, rows: list[dict], run_id: str, now: datetime) -> int:
    if not rows:
        return 0
    frame = pd.DataFrame(rows).drop_duplicates(subset=["source_id", "name"], keep="last")
    with _Registered(con, frame) as view:
        result = con.execute(
            f"INSERT INTO review_names (source_id, name, reason, candidates, first_seen_at, last_seen_at, "
            f"seen_count, run_id) SELECT source_id, name, reason, candidates, ?, ?, 1, ? FROM {view} "
            f"ON CONFLICT (source_id, name) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, "
            f"seen_count = review_names.seen_count + 1, reason = EXCLUDED.reason, "
            f"candidates = EXCLUDED.candidates",
            [now, now, run_id],
        ).fetchall()
    return int(result[0][0]) if result else 0


def store_news(
    con: duckdb.DuckDBPyConnection,
    decisions: Sequence[ItemDecision],
    extractions: Mapping[str, Extraction],
    *,
    source_id: str,
    source_url: str | None,
    run_id: str,
    now: datetime,
) -> dict[str, int]:
    """Write one run's items and what was extracted from the new and changed ones; rows per table."""
    written = {"items": _write_items(con, decisions, run_id, now)}
    events, scores, promises, names = [], [], [], []
    for extraction in extractions.values():
        for e in extraction.events:
            events.append({"event_id": store.stable_id(e.item_id, e.kind, e.model_id, e.org_id),
                           "item_id": e.item_id, "kind": e.kind, "model_id": e.model_id,
                           "org_id": e.org_id, "confidence": e.confidence, "occurred_at": now})
        for s in extraction.scores:
            row = asdict(s)
            row.update(score_id=store.stable_id(s.source_id, s.item_id, s.model_id, s.benchmark_id,
                                                s.settings, s.variant_note),
                       source_url=s.source_url or source_url, observed_at=now)
            scores.append(row)
        for p in extraction.promise_candidates:
            promises.append({"candidate_id": store.stable_id(p.item_id, p.sentence), "item_id": p.item_id,
                             "org_id": p.org_id, "model_id": p.model_id, "sentence": p.sentence,
                             "url": p.url, "found_at": now})
        for n in extraction.name_candidates:
            names.append({"source_id": n.source_id or source_id, "name": n.name, "reason": n.reason,
                          "candidates": ", ".join(n.candidates) or None})
    written["events"] = store.upsert(con, "events", pd.DataFrame(events), ["event_id"], run_id)
    written["scores"] = store.upsert(con, "scores", pd.DataFrame(scores), ["score_id"], run_id)
    written["promise_candidates"] = store.upsert(
        con, "promise_candidates", pd.DataFrame(promises), ["candidate_id"], run_id, update=False)
    written["review_names"] = _write_review_names(con, names, run_id, now)
    return written
