"""Load and validate ingest/sources.yaml: THE list of sources.

Each source needs `id`, `kind` and `url`; `org`, `schedule`, `jitter_s`, `selectors`, `max_entries`
and `api_key_env` are optional. Defaults are filled per kind (feed every hour, page every 6 hours,
structured sources daily). Any problem is a `SourcesError` with one line naming the source.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from registry.config import sources_file
from registry.errors import LedgerError

TEXT_KINDS = ("feed", "page")
STRUCTURED_KINDS = ("openrouter", "litellm", "hf-hub", "artificial-analysis", "lmarena", "aider", "swe-bench",
                    "vectara", "epoch", "ecosystem-graphs", "genai-prices", "llm-prices", "models-dev")
SourceKind = Literal["feed", "page", "openrouter", "litellm", "hf-hub", "artificial-analysis", "lmarena", "aider",
                     "swe-bench", "vectara", "epoch", "ecosystem-graphs", "genai-prices", "llm-prices", "models-dev"]
DEFAULT_INTERVAL_S = {"feed": 3600, "page": 6 * 3600}
STRUCTURED_INTERVAL_S = 24 * 3600
MIN_INTERVAL_S = 300
SELECTOR_KEYS = ("item", "title", "link", "date", "summary")
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)
_CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z?]+$")


class SourcesError(LedgerError):
    """sources.yaml is unreadable or a source in it is invalid."""


class Schedule(BaseModel):
    """When a source is due: every `interval_s` seconds, or on a 5-field `cron` expression (UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    interval_s: int | None = None
    cron: str | None = None


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
    kind: SourceKind
    url: str
    org: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    schedule: Schedule = Schedule()
    jitter_s: int | None = Field(default=None, ge=0, le=6 * 3600)
    selectors: dict[str, str] | None = None
    max_entries: int = Field(default=500, ge=1, le=5000)
    api_key_env: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9_]*$")

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https"):
            raise ValueError(f"scheme {parts.scheme or '(none)'!r} not allowed, only http/https")
        if not parts.hostname:
            raise ValueError("URL has no host")
        if parts.username or parts.password:
            raise ValueError("credentials in the URL are not allowed (use api_key_env)")
        return url.strip()

    @field_validator("schedule", mode="before")
    @classmethod
    def _parse_schedule(cls, value) -> Schedule:
        if value is None or isinstance(value, Schedule):
            return value or Schedule()
        if not isinstance(value, dict) or set(value) - {"interval", "cron"} or len(value) != 1:
            raise ValueError("schedule must be {interval: 2h} or {cron: '0 6 * * *'}")
        if "interval" in value:
            return Schedule(interval_s=parse_interval(value["interval"]))
        return Schedule(cron=_check_cron(value["cron"]))

    @field_validator("selectors")
    @classmethod
    def _check_selectors(cls, selectors: dict[str, str] | None) -> dict[str, str] | None:
        if selectors is None:
            return None
        unknown = set(selectors) - set(SELECTOR_KEYS)
        if unknown or "item" not in selectors:
            raise ValueError(f"selectors need 'item' and may have title/link/date/summary (got {sorted(selectors)})")
        for key, css in selectors.items():
            try:
                BeautifulSoup("", "html.parser").css.compile(css)
            except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
                raise ValueError(f"selector {key}={css!r} is not valid CSS: {str(exc).splitlines()[0]}") from exc
        return selectors

    @model_validator(mode="after")
    def _fill_defaults(self) -> "Source":
        if self.selectors and self.kind != "page":
            raise ValueError("selectors are only for kind: page")
        schedule = self.schedule
        if schedule.interval_s is None and schedule.cron is None:
            schedule = Schedule(interval_s=DEFAULT_INTERVAL_S.get(self.kind, STRUCTURED_INTERVAL_S))
            object.__setattr__(self, "schedule", schedule)
        if self.jitter_s is None:
            jitter = min(600, (schedule.interval_s or STRUCTURED_INTERVAL_S) // 10)
            object.__setattr__(self, "jitter_s", jitter)
        return self

    @property
    def is_structured(self) -> bool:
        return self.kind in STRUCTURED_KINDS


def parse_interval(value: str | int) -> int:
    """'90s', '15m', '2h', '1d', '1h30m' or a number of seconds -> seconds (at least 5 minutes)."""
    if isinstance(value, bool):
        raise ValueError(f"interval {value!r} is not a duration")
    if isinstance(value, int):
        seconds = value
    else:
        match = _DURATION.match(str(value))
        if not match or not any(match.groups()):
            raise ValueError(f"interval {value!r} is not a duration like 90s, 15m, 2h or 1d")
        d, h, m, s = (int(g or 0) for g in match.groups())
        seconds = ((d * 24 + h) * 60 + m) * 60 + s
    if seconds < MIN_INTERVAL_S:
        raise ValueError(f"interval {value!r} is shorter than {MIN_INTERVAL_S // 60} minutes")
    return seconds


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read, validate and default every source; raise SourcesError naming the first bad one."""
    path = Path(path) if path else sources_file()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourcesError(f"{path}: cannot read sources ({str(exc).splitlines()[0]})") from exc
    entries = document.get("sources") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: expected a top-level 'sources:' list")
    sources, seen = [], set()
    for position, entry in enumerate(entries, start=1):
        name = entry.get("id", f"#{position}") if isinstance(entry, dict) else f"#{position}"
        if not isinstance(entry, dict):
            raise SourcesError(f"{path}: source {name}: expected a mapping")
        try:
            source = Source.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "source"
            message = first["msg"].removeprefix("Value error, ")
            raise SourcesError(f"{path}: source {name!r}: {where}: {message}") from None
        if source.id in seen:
            raise SourcesError(f"{path}: source {source.id!r}: duplicate id")
        seen.add(source.id)
        sources.append(source)
    return sources


def source_by_id(sources: list[Source], source_id: str) -> Source:
    for source in sources:
        if source.id == source_id:
            return source
    raise SourcesError(f"no source with id {source_id!r}")


def _check_cron(expression) -> str:
    fields = str(expression).split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
        raise ValueError(f"cron {expression!r} must have 5 fields: minute hour day month weekday")
    return " ".join(fields)
