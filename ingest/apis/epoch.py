"""Epoch AI CSV exports -> SourceRecords. The file kind is told by its header:

- models (`all_ai_models`, `notable_ai_models`): organization, publication date, parameters and
  "Model accessibility" -> access;
- Epoch Capabilities Index (`ECI Score`): `epoch-capabilities-index` scores (empty = no score);
- Benchmarking Hub runs (`Best score (across scorers)`): independent percent scores per run;
- Benchmarking Hub model versions (`Version release date`): API id -> model name and date.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ingest.apis._common import (
    Number, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect,
    compact, fraction_to_percent, read_csv, slugify,
)

ACCESS = {
    "open weights (unrestricted)": "open_weights",
    "open weights (restricted use)": "open_weights",
    "open weights (non-commercial)": "open_weights",
    "api access": "api",
    "hosted access (no api)": "product_only",
    "unreleased": "unreleased",
}
_BENCHMARKS = [  # (task regex, benchmark_id)
    (r"gpqa diamond", "gpqa-diamond"), (r"math level 5", "math-level-5"),
    (r"otis mock aime", "otis-mock-aime"), (r"swe-bench verified", "swe-bench-verified"),
    (r"frontiermath-tier-4", "frontiermath-tier-4"), (r"frontiermath", "frontiermath"),
]


def _alias(name: str) -> Any:
    return Field(None, validation_alias=name)


class _ModelRow(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: Text = Field(validation_alias="Model")
    organization: OptText = _alias("Organization")
    published: OptDate = _alias("Publication date")
    parameters: OptNumber = _alias("Parameters")
    compute: OptNumber = _alias("Training compute (FLOP)")
    accessibility: OptText = _alias("Model accessibility")
    domain: OptText = _alias("Domain")
    confidence: OptText = _alias("Confidence")
    link: OptText = _alias("Link")
    base_model: OptText = _alias("Base model")
    frontier: OptText = _alias("Frontier model")


class _EciRow(_ModelRow):
    model: Text = Field(validation_alias="Model version")
    published: OptDate = _alias("Release date")
    eci: OptNumber = _alias("ECI Score")
    model_name: OptText = _alias("Model name")
    display: OptText = _alias("Display name")


class _RunRow(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: Text
    task: Text
    best: Number = Field(validation_alias="Best score (across scorers)")
    scores: OptText = _alias("Scores")
    started_at: OptText = None
    status: OptText = _alias("Status")
    run_id: OptText = _alias("id")
    log: OptText = _alias("log viewer")


class _VersionRow(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Text
    model: OptText = _alias("Model")
    released: OptDate = _alias("Version release date")
    hf_developer: OptText = _alias("Hugging Face developer id")
    display: OptText = _alias("Display name")


def _orgs(text: str | None) -> list[str]:
    return [o.strip() for o in (text or "").split(",") if o.strip()]


def _access(row: _ModelRow, observed_on: date | None) -> dict | None:
    if not row.accessibility:
        return None
    access = ACCESS.get(row.accessibility.lower())
    if access is None:
        return None
    return {"access": access, "license": None, "valid_from": row.published or observed_on,
            "evidence": f"Epoch AI model accessibility: {row.accessibility}"}


def _model_record(row: _ModelRow, observed_on: date | None, **more: Any) -> SourceRecord:
    orgs = _orgs(row.organization)
    extra = compact({
        "organizations": orgs if len(orgs) > 1 else None, "accessibility": row.accessibility,
        "parameters_b": round(row.parameters / 1e9, 4) if row.parameters else None,
        "training_compute_flop": row.compute, "domain": row.domain, "confidence": row.confidence,
        "link": row.link, "base_model": row.base_model, "frontier_model": row.frontier,
    })
    return SourceRecord(source_name=row.model, org_hint=slugify(orgs[0]) if orgs else None,
                        access=_access(row, observed_on), released_on=row.published,
                        extra=extra, **more)


def _started_on(text: str | None) -> date | None:
    """'17 November 2025 4:28pm' -> 2025-11-17."""
    match = re.match(r"\s*(\d{1,2} [A-Za-z]+ \d{4})", text or "")
    return datetime.strptime(match.group(1), "%d %B %Y").date() if match else None


def _benchmark_id(task: str) -> str:
    lowered = task.lower()
    return next((b for pattern, b in _BENCHMARKS if re.match(pattern, lowered)), slugify(task))


def _builder(kind: str, observed_on: date | None):
    def build(raw: dict) -> SourceRecord | None:
        if not any(v.strip() for v in raw.values()):
            return None  # blank line at the end of an export
        if kind == "eci":
            row = _EciRow.model_validate(raw)
            scores = [] if row.eci is None else [{
                "benchmark_id": "epoch-capabilities-index", "value": row.eci,
                "measured_by": "independent", "reported_on": observed_on}]
            record = _model_record(row, observed_on, display_name=row.display, scores=scores)
            record.extra.update(compact({"model_name": row.model_name}))
            return record
        if kind == "runs":
            run = _RunRow.model_validate(raw)
            if run.status and run.status.lower() != "success":
                return None
            score = {"benchmark_id": _benchmark_id(run.task),
                     "value": fraction_to_percent(run.best), "measured_by": "independent",
                     "settings": f"Epoch Benchmarking Hub: {run.task}",
                     "reported_on": _started_on(run.started_at)}
            return SourceRecord(source_name=run.model, scores=[score], extra=compact({
                "run_id": run.run_id, "scorer_scores": run.scores, "log_viewer": run.log}))
        if kind == "versions":
            version = _VersionRow.model_validate(raw)
            return SourceRecord(source_name=version.id,
                                display_name=version.display or version.model,
                                org_hint=slugify(version.hf_developer),
                                released_on=version.released,
                                extra=compact({"model": version.model}))
        return _model_record(_ModelRow.model_validate(raw), observed_on)

    return build


def _kind(header: list[str]) -> str:
    if "ECI Score" in header:
        return "eci"
    if "Best score (across scorers)" in header:
        return "runs"
    if "Version release date" in header:
        return "versions"
    if "Model" in header and "Publication date" in header:
        return "models"
    raise PayloadError("schema", f"not a known Epoch export (columns: {header[:6]})")


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse one Epoch CSV export; n in error lines is the data row (0 = first after header)."""
    rows = read_csv(body)
    if not rows:
        raise PayloadError("empty", "CSV has no data rows")
    kind = _kind(list(rows[0]))
    name_key = {"eci": "Model version", "runs": "model", "versions": "id"}.get(kind, "Model")
    named = ((n, r.get(name_key), r) for n, r in enumerate(rows))
    return collect(named, _builder(kind, observed_on), source_id, source_url)
