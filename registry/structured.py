"""Store one parsed structured source (an `ingest.apis` ParsedSource) in the registry.

Every record's name is resolved (source name, then display name) with its org hint; then terms go
through `registry.terms` (history + quarantine), scores are screened against their benchmark's
scale and upserted by a stable score_id, perf rows are upserted, access states are recorded as
transitions (an identical state is not recorded again), and the resolver writes discovered models,
learned aliases and the review queue. Importing the same snapshot twice writes nothing the second
time. When several names of one source map to one (model, provider), the plainest name wins
(no settings suffix, no snapshot stamp, shortest; by name only), so the winner is stable over time.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from registry import store, terms
from registry.normalize import parse_name
from registry.records import Terms
from registry.resolve import Resolution, Resolver

_TERM_FIELDS = [f for f in Terms.__dataclass_fields__ if f not in ("model_id", "provider", "source_id")]


@dataclass
class _Resolved:
    record: Any
    name: str
    resolution: Resolution

    @property
    def rank(self) -> tuple:
        parts = parse_name(self.name)
        return (bool(parts.settings), parts.stamp is not None, len(self.name), self.name)


def _look(resolver: Resolver, source_id: str, rec: Any) -> Resolution:
    """Match against known models only: the source name, then the display name."""
    res = resolver.resolve(source_id, rec.source_name, org_hint=rec.org_hint, allow_provisional=False)
    if not res.is_resolved and rec.display_name and rec.display_name != rec.source_name:
        shown = resolver.resolve(source_id, rec.display_name, org_hint=rec.org_hint,
                                 allow_provisional=False)
        res = shown if shown.is_resolved else res
    return res


# Hugging Face pipeline tags of the language and multimodal models this ledger tracks; repos with
# another tag (speech recognition, embeddings, image generation...) are never discovered as models.
LANGUAGE_MODEL_TAGS = frozenset({
    "text-generation", "image-text-to-text", "any-to-any", "text2text-generation",
    "audio-text-to-text", "video-text-to-text", "image-to-text", "visual-question-answering",
})


def _in_scope(rec: Any) -> bool:
    tag = (getattr(rec, "extra", None) or {}).get("pipeline_tag")
    return tag is None or tag in LANGUAGE_MODEL_TAGS


def _resolve_all(records: list, source_id: str, resolver: Resolver, counts: Counter) -> list[_Resolved]:
    """Three passes so the outcome does not depend on record order: match known models, discover
    models for the rest, then match the still-unresolved names against the discoveries."""
    results = [_look(resolver, source_id, rec) for rec in records]
    for i, rec in enumerate(records):
        if not results[i].is_resolved and not _in_scope(rec):
            counts["names_out_of_scope"] += 1
        elif not results[i].is_resolved:
            results[i] = resolver.resolve(source_id, rec.source_name, org_hint=rec.org_hint)
            if results[i].match_kind == "provisional":
                resolver.describe(results[i].model_id, released_on=rec.released_on)
    for i, rec in enumerate(records):
        if not results[i].is_resolved:
            results[i] = _look(resolver, source_id, rec)
    out = []
    for rec, res in zip(records, results):
        if not res.is_resolved and not _in_scope(rec):
            continue
        counts[f"names_{res.match_kind}"] += 1
        if res.is_resolved:
            out.append(_Resolved(rec, rec.source_name, res))
    return out


def _plainest(rows: list[tuple[tuple, _Resolved, dict]]) -> list[tuple[_Resolved, dict]]:
    best: dict[tuple, tuple[tuple, _Resolved, dict]] = {}
    for key, item, payload in rows:
        if key not in best or item.rank < best[key][1].rank:
            best[key] = (key, item, payload)
    return [(item, payload) for _, item, payload in best.values()]


def _terms(resolved: list[_Resolved], source_id: str, source_url: str | None) -> list[Terms]:
    rows = []
    for item in resolved:
        t = item.record.terms
        if t:
            provider = t.get("provider") or item.record.provider or source_id
            rows.append(((item.resolution.model_id, provider), item, t))
    out = []
    for item, t in _plainest(rows):
        fields = {f: t.get(f) for f in _TERM_FIELDS}
        fields["source_model_name"] = fields["source_model_name"] or item.name
        fields["source_url"] = fields["source_url"] or source_url
        out.append(Terms(model_id=item.resolution.model_id, provider=t.get("provider") or
                         item.record.provider or source_id, source_id=source_id, **fields))
    return out


def _scores(resolved: list[_Resolved], source_id: str, source_url: str | None,
            observed_at: datetime) -> pd.DataFrame:
    rows = []
    for item in resolved:
        for s in item.record.scores:
            row = {
                "model_id": item.resolution.model_id, "benchmark_id": s["benchmark_id"],
                "value": s["value"], "measured_by": s.get("measured_by") or "independent",
                "settings": s.get("settings"), "variant_note": s.get("variant_note"),
                "source_model_name": s.get("source_model_name") or item.name,
                "source_id": source_id, "source_url": s.get("source_url") or source_url,
                "reported_on": s.get("reported_on"), "observed_at": observed_at,
            }
            row["score_id"] = store.stable_id(
                row["model_id"], row["benchmark_id"], row["measured_by"], source_id,
                row["settings"], row["reported_on"], row["source_model_name"])
            rows.append(row)
    return pd.DataFrame(rows)


def _keep_first_seen(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """A score's observed_at is when it was first seen: keep the stored one for known ids."""
    if frame.empty:
        return frame
    con.register("_score_ids", frame[["score_id"]])
    try:
        known = con.execute("SELECT s.score_id, s.observed_at AS seen FROM scores s "
                            "JOIN _score_ids USING (score_id)").df()
    finally:
        con.unregister("_score_ids")
    merged = frame.merge(known, on="score_id", how="left")
    merged["observed_at"] = merged["seen"].where(merged["seen"].notna(), merged["observed_at"])
    return merged.drop(columns="seen")


def _perf(resolved: list[_Resolved], source_id: str, source_url: str | None,
          observed_at: datetime) -> pd.DataFrame:
    rows = []
    for item in resolved:
        p = item.record.perf
        if p:
            provider = p.get("provider") or item.record.provider or source_id
            rows.append(((item.resolution.model_id, provider), item, {
                "model_id": item.resolution.model_id, "provider": provider,
                "ttft_s": p.get("ttft_s"), "output_tokens_per_s": p.get("output_tokens_per_s"),
                "measured_at": p.get("measured_at") or observed_at, "source_id": source_id,
                "source_url": p.get("source_url") or source_url}))
    return pd.DataFrame([payload for _, payload in _plainest(rows)])


def _access(con: duckdb.DuckDBPyConnection, resolved: list[_Resolved], source_id: str,
            source_url: str | None, observed_at: datetime, run_id: str | None) -> int:
    """Record access transitions: a state equal to the open one is skipped; a new one closes it."""
    rows = []
    for item in resolved:
        a = item.record.access
        if a and a.get("access"):
            start = a.get("valid_from") or observed_at.date()
            rows.append(((item.resolution.model_id,), item, {
                "model_id": item.resolution.model_id, "access": a["access"],
                "license": a.get("license"), "valid_from": start, "evidence": a.get("evidence"),
                "source_id": source_id, "source_url": a.get("source_url") or source_url,
                "observed_at": observed_at}))
    earliest: dict[str, dict] = {}
    for _, _, row in sorted(rows, key=lambda r: (str(r[2]["valid_from"]), r[1].rank)):
        earliest.setdefault(row["model_id"], row)
    frame = pd.DataFrame(list(earliest.values()))
    if frame.empty:
        return 0
    con.register("_access_batch", frame[["model_id", "source_id"]])
    try:
        current = con.execute(
            "SELECT h.model_id, h.access AS cur_access, h.license AS cur_license, "
            "h.valid_from AS cur_from FROM access_history h JOIN _access_batch b "
            "USING (model_id, source_id) WHERE h.valid_to IS NULL").df()
    finally:
        con.unregister("_access_batch")
    merged = frame.merge(current, on="model_id", how="left")
    has_cur = merged["cur_from"].notna()
    same = has_cur & (merged["access"] == merged["cur_access"]) & (
        (merged["license"] == merged["cur_license"]) | (merged["license"].isna() & merged["cur_license"].isna()))
    changed = merged[has_cur & ~same].copy()
    cur_from = pd.to_datetime(changed["cur_from"]).dt.date
    changed["valid_from"] = [v if v > c else max(c, observed_at.date())  # a new state starts later
                             for v, c in zip(pd.to_datetime(changed["valid_from"]).dt.date, cur_from)]
    moved = changed[changed["valid_from"] > cur_from]  # same-day corrections are rewritten in place
    written = 0
    if not moved.empty:
        con.register("_access_close", moved[["model_id", "source_id", "valid_from", "cur_from"]])
        try:
            written += int(con.execute(
                "UPDATE access_history h SET valid_to = c.valid_from FROM _access_close c "
                "WHERE h.model_id = c.model_id AND h.source_id = c.source_id "
                "AND h.valid_from = c.cur_from AND h.valid_to IS NULL").fetchall()[0][0])
        finally:
            con.unregister("_access_close")
    key = ["model_id", "source_id", "valid_from"]
    new = pd.concat([merged[~has_cur], moved])[list(frame.columns)]
    fixed = changed[changed["valid_from"] <= cur_from][list(frame.columns)]
    return (written + store.upsert(con, "access_history", new, key, run_id, update=False)
            + store.upsert(con, "access_history", fixed, key, run_id))


def store_parsed(con: duckdb.DuckDBPyConnection, parsed: Any, *, source_id: str,
                 source_url: str | None, run_id: str | None, resolver: Resolver,
                 observed_at: datetime, close_missing: bool | None = None) -> dict[str, int]:
    """Resolve and store one ParsedSource; return counts (rows written per table, name outcomes).

    `close_missing` (default: when the payload had no rejected records) closes the open terms of
    models this source no longer lists, subject to the coverage guard in `registry.terms`.
    """
    counts: Counter = Counter(records=len(parsed.records), rejected=len(parsed.errors))
    resolved = _resolve_all(parsed.records, source_id, resolver, counts)
    if close_missing is None:
        close_missing = not parsed.errors
    term_counts = terms.record_terms(con, _terms(resolved, source_id, source_url), run_id,
                                     observed_at=observed_at, close_missing=close_missing)
    counts.update({f"terms_{k}": v for k, v in term_counts.items() if k != "rows_written"})
    counts["quarantine"] = term_counts.get("quarantine_rows", 0)
    counts["api_terms"] = term_counts.get("rows_written", 0) - counts["quarantine"]
    scores = _scores(resolved, source_id, source_url, observed_at)
    scores, quarantined = terms.screen_scores(con, scores, run_id, observed_at)
    counts["quarantine"] += quarantined
    counts["scores"] = store.upsert(con, "scores", _keep_first_seen(con, scores.drop_duplicates("score_id")),
                                    ["score_id"], run_id)
    counts["perf"] = store.upsert(con, "perf", _perf(resolved, source_id, source_url, observed_at),
                                  ["model_id", "provider", "source_id", "measured_at"], run_id)
    counts["access_history"] = _access(con, resolved, source_id, source_url, observed_at, run_id)
    counts.update(resolver.record(con, run_id, seen_at=observed_at))
    counts["rows_written"] = sum(counts[t] for t in (
        "api_terms", "scores", "perf", "access_history", "quarantine", "models", "model_aliases",
        "review_names"))
    return dict(counts)


def observed_at_for(parsed: Any, fallback: date | datetime | None = None) -> datetime:
    """A snapshot's observation time: its own as_of date, else the fallback, else now."""
    when = parsed.as_of or fallback
    if when is None:
        return store.utcnow()
    return when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time())
