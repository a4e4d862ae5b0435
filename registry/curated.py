"""Validate and load data/curated/*.yaml: all files valid, or nothing is loaded."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from registry import promises, store, yamlio
from registry.curated_models import FILES, ModelRow, PromiseRow

SOURCE_ID = "curated"


@dataclass
class Curated:
    rows: dict[str, list[BaseModel]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    declared: dict[str, set[str] | None] = field(default_factory=dict)  # ids per file, None if unreadable


def _label(row: object, n: int, key: str) -> str:
    ident = row.get(key) if isinstance(row, dict) else None
    return f"row {n}" + (f" ({ident})" if ident else "")


def _read(path: Path, model: type[BaseModel], key: str, out: Curated) -> None:
    name = path.name
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where else ""
        out.errors.append(f"{name}:{line} malformed YAML: {getattr(exc, 'problem', exc)}")
        out.declared[name] = None
        return
    if not isinstance(data, list):
        out.errors.append(f"{name}: expected a list of rows, got {type(data).__name__}")
        out.declared[name] = None
        return
    # ids declared even by invalid rows, so one bad row does not cascade into "unknown id" lines
    out.declared[name] = {str(r.get(key)) for r in data if isinstance(r, dict) and r.get(key) is not None}
    rows = out.rows.setdefault(name, [])
    for n, raw in enumerate(data, start=1):
        try:
            rows.append(model.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"]) or "row"
            value = err.get("input")
            shown = f" (got {value!r})" if not isinstance(value, (dict, list)) else ""
            out.errors.append(f"{name}: {_label(raw, n, key)}: {loc}: {err['msg']}{shown}")


def _check_unique(out: Curated, name: str, key: tuple[str, ...]) -> None:
    seen: dict[tuple, int] = {}
    for n, row in enumerate(out.rows.get(name, []), start=1):
        ident = tuple(getattr(row, k) for k in key)
        if ident in seen:
            out.errors.append(f"{name}: row {n}: duplicate {'/'.join(key)} {'/'.join(ident)} (first at row {seen[ident]})")
        seen.setdefault(ident, n)


def _check_refs(out: Curated) -> None:
    orgs = out.declared.get("orgs.yaml")
    models = out.declared.get("models.yaml")
    benches = out.declared.get("benchmarks.yaml")
    refs = {
        "models.yaml": [("org_id", orgs), ("predecessor_id", models)],
        "aliases.yaml": [("model_id", models)],
        "scores.yaml": [("model_id", models), ("benchmark_id", benches)],
        "promises.yaml": [("org_id", orgs)],
    }
    for name, checks in refs.items():
        for n, row in enumerate(out.rows.get(name, []), start=1):
            for attr, known in checks:
                value = getattr(row, attr)
                if known is not None and value is not None and value not in known:
                    out.errors.append(f"{name}: row {n}: {attr}: unknown {attr.removesuffix('_id').replace('predecessor', 'model')} {value!r}")


def check(directory: Path) -> Curated:
    """Parse and validate every curated file; `errors` holds one line per problem."""
    out = Curated()
    for name, (model, key) in FILES.items():
        path = directory / name
        if not path.exists():
            out.errors.append(f"{name}: missing file in {directory}")
            continue
        _read(path, model, key, out)
    for name, key in [("orgs.yaml", ("org_id",)), ("models.yaml", ("model_id",)),
                      ("aliases.yaml", ("source_id", "alias")), ("benchmarks.yaml", ("benchmark_id",)),
                      ("promises.yaml", ("promise_id",))]:
        _check_unique(out, name, key)
    _check_refs(out)
    return out


def _frame(rows: list[BaseModel], drop: set[str] = frozenset()) -> pd.DataFrame:
    return pd.DataFrame([r.model_dump(exclude=drop) for r in rows])


def _access_rows(models: list[ModelRow]) -> pd.DataFrame:
    return pd.DataFrame([
        {"model_id": m.model_id, "access": m.access, "license": m.license,
         "valid_from": m.weights_on or m.released_on, "evidence": "curated model record",
         "source_id": SOURCE_ID, "source_url": m.source_url}
        for m in models
    ])


def _promise_frames(promises: list[PromiseRow]) -> tuple[pd.DataFrame, pd.DataFrame]:
    heads = pd.DataFrame([
        {**p.model_dump(exclude={"updates", "predicate", "confidence"}),
         "predicate": json.dumps(p.predicate, default=str, sort_keys=True), "source_id": SOURCE_ID}
        for p in promises
    ])
    updates = pd.DataFrame([
        {"promise_id": p.promise_id, "status": u.status, "changed_on": u.on,
         "evidence_url": u.evidence_url, "note": u.note, "source_id": SOURCE_ID}
        for p in promises for u in p.updates
    ])
    return heads, updates


def _score_frame(rows: list[BaseModel]) -> pd.DataFrame:
    frame = _frame(rows, {"confidence"}).assign(source_id=SOURCE_ID)
    frame["score_id"] = [
        store.stable_id("curated", r.model_id, r.benchmark_id, r.measured_by, r.settings, r.reported_on, r.source_url)
        for r in rows
    ]
    return frame


def load(con: duckdb.DuckDBPyConnection, curated: Curated) -> dict[str, int]:
    """Upsert validated curated rows in one transaction; return rows written per table."""
    if curated.errors:
        raise ValueError("refusing to load curated data with errors")
    rows = curated.rows
    models = rows["models.yaml"]
    heads, updates = _promise_frames(rows["promises.yaml"])
    aliases = _frame(rows["aliases.yaml"], {"confidence"}).assign(match_kind="curated")
    plan = [
        ("orgs", _frame(rows["orgs.yaml"], {"confidence"}).assign(source_id=SOURCE_ID), ["org_id"]),
        ("models", _frame(models).assign(source_id=SOURCE_ID), ["model_id"]),
        ("model_aliases", aliases, ["source_id", "alias"]),
        ("access_history", _access_rows(models), ["model_id", "source_id", "valid_from"]),
        ("benchmarks", _frame(rows["benchmarks.yaml"], {"confidence"}).assign(source_id=SOURCE_ID), ["benchmark_id"]),
        ("scores", _score_frame(rows["scores.yaml"]), ["score_id"]),
        ("promises", heads, ["promise_id"]),
        ("promise_updates", updates, ["promise_id", "changed_on", "status"]),
    ]
    con.execute("BEGIN")
    try:
        run_id = store.start_run(con, SOURCE_ID)
        written = {table: store.upsert(con, table, frame, key, run_id) for table, frame, key in plan}
        promises.sync_status(con)  # automatic updates recorded earlier keep their effect
        store.finish_run(con, run_id, "ok", items_seen=sum(len(f) for _, f, _ in plan),
                         rows_written=sum(written.values()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written
