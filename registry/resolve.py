"""The ID crosswalk: any source's name for a model -> canonical model_id.

Order: the source's curated aliases; curated aliases of any source, then model ids and names
(exact, case-insensitive); then normalised keys (`registry.normalize`, matched by `KeyIndex`): keys
of a model's own id and name win over its aliases', curated models win over `discovered` ones.
A name that still matches nothing becomes a provisional model (`status = 'discovered'`) when it is
a clean model name and its maker is known (hint, prefix or family word); otherwise it is
`unresolved`, or `ambiguous` when several models matched. `record()` writes what was learned:
discovered models, non-curated aliases and the review queue (`review_names`).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from registry import store
from registry.normalize import (
    FLEX, RELAXABLE, YYMM, NameParts, is_model_like, one_version_more, org_id_for, parse_name, same_month,
    stamp_month,
)

MATCH_KINDS = ("curated", "exact", "normalized", "provisional", "unresolved", "ambiguous")
DISCOVERED = "discovered"


@dataclass(frozen=True)
class _Entry:  # base: tokens without a YYMM point-release token; when: (year, month) of release
    model_id: str
    base: frozenset[str]
    when: tuple[int | None, int] | None
    params: float | None
    stamped: bool = False


class KeyIndex:
    """Keys of known models (primary: their own id and name; secondary: their aliases)."""

    def __init__(self) -> None:
        self._keys: dict[bool, dict[str, set[str]]] = {True: defaultdict(set), False: defaultdict(set)}
        self._entries: dict[str, list[_Entry]] = defaultdict(list)
        self._by_token: dict[str, set[str]] = defaultdict(set)
        self._discovered: set[str] = set()

    def add(self, model_id: str, parts: NameParts, *, primary: bool, released_on: date | None = None,
            parameters_b: float | None = None, discovered: bool = False) -> None:
        if not parts.tokens:
            return
        self._discovered.update([model_id] if discovered else [])
        self._keys[primary][parts.strict_key].add(model_id)
        if primary:
            yymm = next((t for t in parts.tokens if YYMM.match(t)), None)
            base = frozenset(t for t in parts.tokens if t != yymm)
            when = stamp_month(parts.stamp or yymm, released_on)
            self._entries[model_id].append(_Entry(model_id, base, when, parameters_b, bool(parts.stamp or yymm)))
            for tok in base:
                self._by_token[tok].add(model_id)

    def knows(self, parts: NameParts) -> bool:
        return bool(self._key(parts.strict_key))

    def _key(self, key: str | None) -> set[str]:
        return set(self._keys[True].get(key) or self._keys[False].get(key) or ()) if key else set()

    def _around(self, tokens: frozenset[str]) -> list[_Entry]:
        ids = set.intersection(*(self._by_token.get(t, set()) for t in tokens)) if tokens else set()
        return [e for m in ids for e in self._entries[m]]

    def _dated(self, parts: NameParts) -> set[str]:
        """A stamped name ("mistral-large-2407", "DeepSeek-R1 (May 2025)") -> the sibling released
        that month, allowing one extra version token ("mistral-large-2")."""
        yymm = next((t for t in parts.tokens if YYMM.match(t)), None)
        want = stamp_month(parts.stamp or yymm, None)
        if want is None:
            return set()
        base = frozenset(t for t in parts.tokens if t != yymm)
        core = frozenset(t for t in base if not FLEX.match(t))
        return {e.model_id for e in self._around(core) if e.when and same_month(e.when, want)
                and (base <= e.base or not any(FLEX.match(t) for t in e.base)) and one_version_more(e.base - base)}

    def _sized(self, parts: NameParts) -> set[str]:
        """Size/context tokens on one side only, when the family has a single size here."""
        tokens = frozenset(parts.tokens)
        sizes = {t for t in tokens if FLEX.match(t)}
        core = tokens - sizes
        family = [e for e in self._around(core) if e.model_id not in self._discovered and e.base - core
                  and all(FLEX.match(t) for t in e.base - core)]
        if not sizes:
            return {e.model_id for e in family} if len({e.model_id for e in family}) == 1 else set()
        if family:
            return set()
        found = set()
        for e in self._around(core):
            nums = [float(t[:-1]) for t in sizes if re.fullmatch(r"\d+(?:\.\d+)?b", t)]
            active = not any(t[0] == "a" for t in sizes) and all(n < e.params for n in nums) if e.params else False
            if e.base == core and (not e.params or not nums or active or
                                   any(abs(n - e.params) <= 0.15 * e.params for n in nums)):
                found.add((e.model_id, e.stamped))
        plain = {m for m, stamped in found if not stamped}
        return plain or {m for m, _ in found}

    def find(self, parts: NameParts, prefer: Callable[[set[str]], set[str]]) -> tuple[set[str], str]:
        """Model ids for a name, and the step that found them: strict key, then without channel
        words, then a dated sibling, then stamp-free, then both, then size-flexible. Only the strict
        key, or dropping a full-date snapshot stamp, may land on a discovered (unchecked) model:
        "o1-preview" or "deepseek-r1-0528" must not fold into an unchecked "o1" or "deepseek-r1"."""
        relaxed = [t for t in parts.tokens if t not in RELAXABLE]
        loose = " ".join(sorted(relaxed)) if relaxed and len(relaxed) < len(parts.tokens) else None
        steps = [("strict", lambda: self._key(parts.strict_key)),
                 ("relaxed", lambda: self._key(loose and loose + (f" @{parts.stamp}" if parts.stamp else ""))),
                 ("dated", lambda: self._dated(parts)),
                 ("loose", lambda: self._key(parts.key if parts.stamp and not parts.is_sticky else None)),
                 ("relaxed", lambda: self._key(loose if parts.stamp and not parts.is_sticky else None)),
                 ("sized", lambda: self._sized(parts))]
        full_date = bool(parts.stamp) and len(parts.stamp) == 8 and not parts.stamp.endswith("00")
        numbered = set(parts.tokens) - set(relaxed) <= {"001", "002", "003"}  # Gemini "-001"
        trusted = {"strict"} | ({"loose"} if full_date else set()) | ({"relaxed"} if numbered else set())
        for step, look in steps:
            ids = look()
            if step not in trusted or (step == "relaxed" and parts.stamp and not full_date):
                ids -= self._discovered
            ids = prefer(ids)
            if ids:
                return ids, step
        return set(), ""


@dataclass(frozen=True)
class Resolution:
    model_id: str | None
    match_kind: str
    candidates: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def is_resolved(self) -> bool:
        return self.model_id is not None


class Resolver:
    """Resolve names against the registry; remembers what it decided until `record()`."""

    def __init__(self, models: pd.DataFrame, aliases: pd.DataFrame, orgs: set[str], *,
                 use_aliases: bool = True, provisional: bool = True):
        self.use_aliases, self.provisional, self.orgs = use_aliases, provisional, set(orgs)
        self.discovered: set[str] = set()
        self.model_ids: set[str] = set()
        self._index = KeyIndex()
        self._exact, self._spellings, self._any_alias = defaultdict(set), defaultdict(set), defaultdict(set)
        self._source_alias: dict[tuple[str, str], str] = {}
        self._curated_keys: set[tuple[str, str]] = set()
        self._cache: dict[tuple, Resolution] = {}
        self._new_models: dict[str, dict] = {}  # discovered in this run, written by record()
        self._pending: dict[tuple[str, str], Resolution] = {}  # decisions for record()
        for row in models.to_dict("records"):
            known = {k: (row.get(k) if pd.notna(row.get(k)) else None) for k in ("released_on", "parameters_b")}
            self._add_model(row["model_id"], row.get("name"), row.get("status") == DISCOVERED, **known)
        for row in aliases[aliases["match_kind"] == "curated"].to_dict("records"):
            self._curated_keys.add((row["source_id"], row["alias"]))
            if use_aliases and row["model_id"] in self.model_ids:
                self._source_alias[(row["source_id"], row["alias"])] = row["model_id"]
                self._any_alias[row["alias"].lower()].add(row["model_id"])
                self._index.add(row["model_id"], parse_name(row["alias"]), primary=False)

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection, *, use_aliases: bool = True,
                provisional: bool = True) -> Resolver:
        models = con.execute("SELECT model_id, name, status, released_on, parameters_b FROM models").df()
        aliases = con.execute("SELECT source_id, alias, model_id, match_kind FROM model_aliases").df()
        orgs = {r[0] for r in con.execute("SELECT org_id FROM orgs").fetchall()}
        return cls(models, aliases, orgs, use_aliases=use_aliases, provisional=provisional)

    def _add_model(self, model_id: str, name: str | None, discovered: bool,
                   released_on: object = None, parameters_b: object = None) -> None:
        self.model_ids.add(model_id)
        if discovered:
            self.discovered.add(model_id)
        for text in {model_id, name or model_id}:
            self._exact[text.lower()].add(model_id)
            self._spellings[model_id].add(text.lower())
            self._index.add(model_id, parse_name(text), primary=True, discovered=discovered,
                            released_on=released_on, parameters_b=parameters_b)

    def _prefer(self, ids: set[str]) -> set[str]:
        return {m for m in ids if m not in self.discovered} or ids

    def resolve(self, source_id: str, name: str, *, org_hint: str | None = None,
                allow_provisional: bool = True) -> Resolution:
        """Resolve one name; with `allow_provisional=False` nothing is discovered, and a failure
        is not remembered for the review queue."""
        cache_key = (source_id, name, org_hint)
        if cache_key in self._cache:
            return self._cache[cache_key]
        result = self._resolve(source_id, name.strip(), org_hint, allow_provisional)
        if result.model_id:  # failures are not cached: a later discovery may resolve them
            self._cache[cache_key] = result
        if result.match_kind != "curated" and name.strip() and (allow_provisional or result.model_id):
            self._pending[(source_id, name.strip())] = result
        return result

    def _resolve(self, source_id: str, name: str, org_hint: str | None,
                 allow_provisional: bool) -> Resolution:
        if not name:
            return Resolution(None, "unresolved", reason="empty name")
        if (source_id, name) in self._source_alias:
            return Resolution(self._source_alias[(source_id, name)], "curated")
        for table in ((self._any_alias,) if self.use_aliases else ()) + (self._exact,):
            ids = self._prefer(table.get(name.lower(), set()))
            if ids:
                return Resolution(next(iter(ids)), "exact") if len(ids) == 1 else \
                    Resolution(None, "ambiguous", tuple(sorted(ids)), "exact name of several models")
        parts = parse_name(name)
        if parts.is_multi:
            return Resolution(None, "unresolved", reason="names several models")
        ids, step = self._index.find(parts, self._prefer)
        if ids:
            return Resolution(next(iter(ids)), "normalized") if len(ids) == 1 else \
                Resolution(None, "ambiguous", tuple(sorted(ids)), f"{step} key matches several models")
        return self._provisional(source_id, parts, org_hint) if allow_provisional else \
            Resolution(None, "unresolved", reason="no match")

    def _provisional(self, source_id: str, parts: NameParts, org_hint: str | None) -> Resolution:
        if not (self.provisional and is_model_like(parts)):
            return Resolution(None, "unresolved", reason="not a clean model name")
        org_id = org_id_for(parts, org_hint, self.orgs)
        if not org_id:
            return Resolution(None, "unresolved", reason="maker unknown")
        base = [i for i in (parts.slug, "-".join(parts.tokens)) if i]
        stamped = [f"{i}-{parts.stamp}" for i in base if parts.stamp and not parts.is_sticky]
        snapshot = parts.stamp and len(parts.stamp) == 8 and not parts.stamp.endswith("00")
        ids = base + stamped if snapshot or not stamped else stamped  # "-0528" may be a release
        model_id = next((i for i in ids if i not in self.model_ids and self._fits(i, parts)), None)
        if not model_id:
            return Resolution(None, "unresolved", tuple(ids), "no free provisional id")
        name = parts.raw.strip().rpartition("/")[2]
        self._add_model(model_id, name, discovered=True)
        self._new_models[model_id] = {
            "model_id": model_id, "org_id": org_id, "name": name, "status": DISCOVERED,
            "confidence": "low", "source_id": source_id,
            "notes": f"discovered from {source_id} name {parts.raw!r}",
        }
        return Resolution(model_id, "provisional")

    def _fits(self, model_id: str, parts: NameParts) -> bool:
        """A new id must parse back to the name's key and must not collide with a known key."""
        own = parse_name(model_id)
        return (own.key == parts.key or own.strict_key == parts.strict_key) and not self._index.knows(own)

    def describe(self, model_id: str, **fields: object) -> None:
        """Fill empty fields (released_on, ...) of a model discovered in this run."""
        model = self._new_models.get(model_id)
        if model is not None:
            model.update({k: v for k, v in fields.items() if v is not None and model.get(k) is None})

    def record(self, con: duckdb.DuckDBPyConnection, run_id: str | None, *,
               seen_at: datetime | None = None) -> dict[str, int]:
        """Persist discovered models, learned aliases and review rows; return rows written."""
        seen_at = seen_at or store.utcnow()
        aliases, reviews = [], []
        for (source_id, name), res in self._pending.items():
            if res.model_id and (source_id, name) not in self._curated_keys:
                kind = "exact" if name.lower() in self._spellings[res.model_id] else "normalized"
                aliases.append({"source_id": source_id, "alias": name, "model_id": res.model_id,
                                "match_kind": kind})
            elif not res.model_id:
                reviews.append({"source_id": source_id, "name": name,
                                "reason": f"{res.match_kind}: {res.reason}",
                                "candidates": json.dumps(list(res.candidates))})
        written = {
            "models": store.upsert(con, "models", pd.DataFrame(list(self._new_models.values())),
                                   ["model_id"], run_id, update=False),
            "model_aliases": store.upsert(con, "model_aliases", pd.DataFrame(aliases),
                                          ["source_id", "alias"], run_id),
            "review_names": _record_reviews(con, pd.DataFrame(reviews), run_id, seen_at),
        }
        self._pending.clear(), self._new_models.clear()
        return written


def _record_reviews(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, run_id: str | None,
                    seen_at: datetime) -> int:
    """New names are inserted; a known name is rewritten only when its reason or candidates change."""
    if frame.empty:
        return 0
    con.register("_review_batch", frame)
    try:
        known = con.execute(
            "SELECT r.source_id, r.name, r.reason AS old_reason, r.candidates AS old_candidates "
            "FROM review_names r JOIN _review_batch b USING (source_id, name)").df()
    finally:
        con.unregister("_review_batch")
    merged = frame.merge(known, on=["source_id", "name"], how="left")
    is_new = merged["old_reason"].isna()
    changed = ~is_new & ((merged["reason"] != merged["old_reason"])
                         | (merged["candidates"] != merged["old_candidates"]))
    new = merged[is_new][list(frame.columns)].assign(first_seen_at=seen_at, last_seen_at=seen_at)
    upd = merged[changed][list(frame.columns)].assign(last_seen_at=seen_at)
    return (store.upsert(con, "review_names", new, ["source_id", "name"], run_id, update=False)
            + store.upsert(con, "review_names", upd, ["source_id", "name"], run_id))
