"""Pydantic rows for each curated file (data/curated/*.yaml)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from registry.records import ACCESS_VALUES, MEASURED_BY, PROMISE_STATUSES, STATUS_VALUES

SLUG = r"^[a-z0-9][a-z0-9.\-]*$"


def _http_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
Slug = Annotated[str, Field(pattern=SLUG)]
Modality = Literal["text", "image", "audio", "video", "file"]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    source_url: HttpUrl
    confidence: Literal["high", "low"] = "high"


class OrgRow(Row):
    org_id: Slug
    name: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    homepage: HttpUrl
    kind: Literal["lab", "big_tech", "startup", "nonprofit", "academic"] | None = None


class ModelRow(Row):
    model_id: Slug
    org_id: Slug
    name: str
    family: str
    released_on: date
    announced_on: date | None = None
    api_on: date | None = None
    weights_on: date | None = None
    status: Literal[STATUS_VALUES]  # type: ignore[valid-type]
    access: Literal[ACCESS_VALUES]  # type: ignore[valid-type]
    channels: list[Literal["api", "consumer_app", "private_preview_api", "cloud", "weights"]] = []
    license: str | None = None
    modalities_in: list[Modality] = Field(min_length=1)
    modalities_out: list[Modality] = Field(min_length=1)
    reasoning_modes: list[str] = []
    context_tokens: int | None = Field(default=None, gt=0)
    max_output_tokens: int | None = Field(default=None, gt=0)
    parameters_b: float | None = Field(default=None, gt=0)
    predecessor_id: Slug | None = None
    is_flagship: bool = False
    notes: str | None = None


class AliasRow(Row):
    source_id: Slug
    alias: str = Field(min_length=1)
    model_id: Slug


class BenchmarkRow(Row):
    benchmark_id: Slug
    name: str
    category: Literal["reasoning", "coding", "math", "knowledge", "agentic", "safety",
                      "hallucination", "multimodal", "writing", "preference"]
    unit: Literal["percent", "index", "elo", "rate_percent", "score", "minutes"]
    higher_is_better: bool
    scale_min: float | None = None
    scale_max: float | None = None
    description: str | None = None


class ScoreRow(Row):
    model_id: Slug
    benchmark_id: Slug
    value: float
    measured_by: Literal[MEASURED_BY]  # type: ignore[valid-type]
    settings: str | None = None
    variant_note: str | None = None
    reported_on: date


class PromiseUpdateRow(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    status: Literal[PROMISE_STATUSES]  # type: ignore[valid-type]
    on: date
    evidence_url: HttpUrl
    note: str | None = None


class PromiseRow(Row):
    promise_id: Slug
    org_id: Slug
    made_on: date
    speaker: str | None = None
    statement: str
    subject: Annotated[str, Field(pattern=r"^(org|family|model):.+$")]
    predicate: dict[str, Any]
    due_on: date | None = None
    status: Literal[PROMISE_STATUSES]  # type: ignore[valid-type]
    updates: list[PromiseUpdateRow] = Field(min_length=1)

    @field_validator("predicate")
    @classmethod
    def _known_predicate(cls, value: dict[str, Any]) -> dict[str, Any]:
        kinds = {"open_weights_release", "weights_published", "api_ga", "model_released"}
        if value.get("kind") not in kinds:
            raise ValueError(f"kind must be one of {sorted(kinds)}")
        return value


FILES: dict[str, tuple[type[Row], str]] = {
    "orgs.yaml": (OrgRow, "org_id"),
    "models.yaml": (ModelRow, "model_id"),
    "aliases.yaml": (AliasRow, "alias"),
    "benchmarks.yaml": (BenchmarkRow, "benchmark_id"),
    "scores.yaml": (ScoreRow, "model_id"),
    "promises.yaml": (PromiseRow, "promise_id"),
}
