"""The typed records passed between layers (parse -> extract -> decide -> store).

Parsers return these; `registry.store` writes them. Timestamps are naive UTC datetimes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

EVENT_KINDS = ("release", "open_weights", "api", "pricing", "deprecation", "benchmark", "promise", "other")
ACCESS_VALUES = ("open_weights", "api", "private_preview", "product_only", "unreleased")
STATUS_VALUES = ("announced", "preview", "ga", "deprecated", "retired")
MEASURED_BY = ("vendor", "independent")
PROMISE_STATUSES = ("open", "kept", "partly_kept", "broken", "withdrawn")


@dataclass(frozen=True)
class Item:
    """One news entry or page item, as parsed (identity decided by the parser)."""

    item_id: str
    source_id: str
    key_kind: str  # guid | link | hash
    url: str | None
    title: str
    summary_text: str
    published_at: datetime | None
    date_flag: str | None  # None | missing | future | naive | unparsable
    content_hash: str


@dataclass(frozen=True)
class Event:
    item_id: str
    kind: str
    model_id: str | None = None
    org_id: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Score:
    model_id: str
    benchmark_id: str
    value: float
    measured_by: str
    source_id: str
    source_url: str | None = None
    settings: str | None = None
    variant_note: str | None = None
    source_model_name: str | None = None
    reported_on: date | None = None
    item_id: str | None = None


@dataclass(frozen=True)
class Terms:
    """One provider's observed terms for a model (prices in USD per million tokens)."""

    model_id: str
    provider: str
    source_id: str
    source_model_name: str | None = None
    input_usd_per_mtok: float | None = None
    output_usd_per_mtok: float | None = None
    cached_input_usd_per_mtok: float | None = None
    context_tokens: int | None = None
    max_output_tokens: int | None = None
    fine_tuning: bool | None = None
    rate_limits: str | None = None
    availability: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class NameCandidate:
    """A model-like name a source used that did not resolve to a registry model."""

    source_id: str
    name: str
    reason: str
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class PromiseCandidate:
    item_id: str
    sentence: str
    org_id: str | None = None
    model_id: str | None = None
    url: str | None = None


@dataclass
class Extraction:
    """What extract() found in one item."""

    item_id: str
    kinds: list[str] = field(default_factory=list)
    model_ids: list[str] = field(default_factory=list)
    org_ids: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    promise_candidates: list[PromiseCandidate] = field(default_factory=list)
    name_candidates: list[NameCandidate] = field(default_factory=list)
