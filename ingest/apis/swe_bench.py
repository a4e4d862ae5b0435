"""SWE-bench `leaderboards.json` -> independent scores for the model behind each agent system.

Entries are agent systems; the model appears only in `tags` ("Model: x", "Org: y"). With one
model tag the record is named after that model; with none or several (ensembles) it is named
after the system and the tags go to extra. Verified and Lite give scores; the other boards
(bash-only, Test, Multimodal) give records with their result in extra only.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    Number, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, build_all,
    compact, finish, load_json, slugify,
)

BENCHMARKS = {"verified": "swe-bench-verified", "lite": "swe-bench-lite"}


class _Result(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: Text
    resolved: Number
    date: OptDate = None
    folder: OptText = None
    cost: OptNumber = None
    instance_cost: OptNumber = None
    os_model: bool | None = None
    os_system: bool | None = None
    checked: bool | str | None = None
    tags: list[str] = []
    warning: OptText = None


def _tag_values(tags: list[str], key: str) -> list[str]:
    prefix = key.lower() + ":"
    return [t.split(":", 1)[1].strip() for t in tags
            if t.lower().startswith(prefix) and t.split(":", 1)[1].strip()]


def _builder(board: str):
    benchmark = BENCHMARKS.get(board.lower())

    def build(raw: Any) -> SourceRecord:
        result = _Result.model_validate(raw)
        models = _tag_values(result.tags, "Model")
        orgs = _tag_values(result.tags, "Org")
        settings = f"scaffold: {result.name}"
        scores, extra = [], compact({
            "leaderboard": board, "system": result.name, "folder": result.folder,
            "model_tags": models or None, "org_tags": orgs or None,
            "system_tags": _tag_values(result.tags, "System") or None,
            "cost_usd": result.cost, "instance_cost_usd": result.instance_cost,
            "os_model": result.os_model, "os_system": result.os_system,
            "checked": result.checked, "warning": result.warning,
            "is_ensemble": len(models) > 1 or None,
        })
        if benchmark:
            scores.append({"benchmark_id": benchmark, "value": result.resolved,
                           "measured_by": "independent", "settings": settings,
                           "reported_on": result.date,
                           "variant_note": f"ensemble of {len(models)} models"
                           if len(models) > 1 else None})
        else:
            extra["resolved_percent"] = result.resolved
            extra["reported_on"] = result.date
        name = models[0] if len(models) == 1 else result.name
        return SourceRecord(source_name=name, display_name=name,
                            org_hint=slugify(orgs[0]) if len(orgs) == 1 else None,
                            scores=scores, extra=extra)

    return build


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse all leaderboards of the file; record n counts across boards in file order."""
    data = load_json(body)
    boards = data.get("leaderboards") if isinstance(data, dict) else data
    if not isinstance(boards, list) or not all(isinstance(b, dict) for b in boards):
        raise PayloadError("schema", "expected {leaderboards: [{name, results: [...]}]}")
    records, errors, offset = [], [], 0
    for board in boards:
        results = board.get("results")
        if not isinstance(results, list):
            errors.append(f"{source_id} leaderboard {board.get('name')!r}: results: not a list")
            continue
        rows = ((offset + n, r.get("name") if isinstance(r, dict) else None, r)
                for n, r in enumerate(results))
        built, failed = build_all(rows, _builder(str(board.get("name") or "")), source_id,
                                  source_url)
        records += built
        errors += failed
        offset += len(results)
    return finish(records, errors, source_id)
