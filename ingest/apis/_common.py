"""Shared pieces of the structured-source adapters: result types, coercion, validation loop.

Every adapter is a pure `parse(body, *, source_id, source_url, observed_on=None) -> ParsedSource`.
A record that fails validation becomes one line in `ParsedSource.errors`
("<source_id> record <n> (<name>): <field>: <problem>", n = position in the payload, from 0);
a payload with no usable record raises `PayloadError`.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Annotated, Any

import yaml
from pydantic import BeforeValidator, ValidationError

from registry.errors import LedgerError

PAYLOAD_ERROR_KINDS = ("not_json", "schema", "empty")


class PayloadError(LedgerError):
    """The whole payload is unusable (wrong format or shape, or no valid record)."""

    def __init__(self, kind: str, message: str):
        if kind not in PAYLOAD_ERROR_KINDS:
            raise ValueError(f"unknown payload error kind {kind!r}")
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


@dataclass
class SourceRecord:
    """One model as this source names it (names are resolved to model ids later)."""

    source_name: str
    display_name: str | None = None
    org_hint: str | None = None
    provider: str | None = None
    terms: dict | None = None
    scores: list[dict] = field(default_factory=list)
    perf: dict | None = None
    access: dict | None = None
    released_on: date | None = None
    deprecated_on: date | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class ParsedSource:
    records: list[SourceRecord]
    errors: list[str]
    as_of: date | None


# ---------------------------------------------------------------- coercion

_NUMBER_NOISE = re.compile(r"[\s$%_]")


def to_number(value: Any) -> float | None:
    """A finite float from a number or numeric string ("2.5e-06", "$3", "42 %"); "" -> None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = _NUMBER_NOISE.sub("", value)
        if text == "":
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def to_count(value: Any) -> int | None:
    """A non-negative whole number (token counts); 2000000.0 is accepted, 1.5 is not."""
    number = to_number(value)
    if number is None:
        return None
    if number < 0 or number != int(number):
        raise ValueError(f"not a whole non-negative number: {value!r}")
    return int(number)


def per_token_to_mtok(value: Any) -> float | None:
    """USD per token -> USD per million tokens, exact in decimal ("0.000003" -> 3.0)."""
    number = to_number(value)
    if number is None:
        return None
    text = _NUMBER_NOISE.sub("", value) if isinstance(value, str) else repr(number)
    return float(Decimal(text) * 1_000_000)


def fraction_to_percent(value: float | None) -> float | None:
    """0.853 -> 85.3 (rounded to 10 decimals to drop binary noise)."""
    return None if value is None else round(value * 100, 10)


_MONTHS = {m: i for i, m in enumerate(
    ("january february march april may june july august september october november december")
    .split(), start=1)}


def to_date(value: Any) -> date | None:
    """A date from date/datetime, ISO text ('2024-07-31', '2024-07-31T21:13:44.000Z'),
    'YYYY-MM' (first of month), 'yyyymmdd', or 'January 19th, 2024'; ''/'unknown' -> None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__}")
    text = value.strip()
    if text.lower() in ("", "unknown", "none", "tbd"):
        return None
    if re.fullmatch(r"\d{8}", text):
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return date(int(text[:4]), int(text[5:]), 1)
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?", text)
    if match:
        return date.fromisoformat(match.group(1))
    match = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", text)
    if match and match.group(1).lower() in _MONTHS:
        return date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    raise ValueError(f"not a date: {value!r}")


def unix_to_date(value: Any) -> date | None:
    seconds = to_number(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc).date()


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):  # YAML turns bare dates into dates even in text fields
        return value.isoformat()
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _required_text(value: Any) -> str:
    text = _text_or_none(value)
    if text is None:
        raise ValueError("empty text")
    return text


# Field types for the pydantic record models: lax about representation, strict about meaning.
Number = Annotated[float, BeforeValidator(to_number)]
OptNumber = Annotated[float | None, BeforeValidator(to_number)]
OptCount = Annotated[int | None, BeforeValidator(to_count)]
OptDate = Annotated[date | None, BeforeValidator(to_date)]
Text = Annotated[str, BeforeValidator(_required_text)]
OptText = Annotated[str | None, BeforeValidator(_text_or_none)]


def slugify(text: str | None) -> str | None:
    """'Z AI' -> 'z-ai', 'LG AI Research' -> 'lg-ai-research'."""
    if not text:
        return None
    slug = re.sub(r"[^a-z0-9.]+", "-", text.strip().lower()).strip("-.")
    return slug or None


def prefix_org(name: str) -> str | None:
    """'meta-llama/llama-3.1-405b' -> 'meta-llama'; no slash -> None."""
    head, sep, _ = name.partition("/")
    return (head.strip().lower() or None) if sep else None


# ---------------------------------------------------------------- loading

def load_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PayloadError("not_json", f"body is not JSON ({type(exc).__name__}: {exc})") from None


def load_yaml(body: bytes) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(body, Loader=loader)  # noqa: S506 (safe loader)
    except (yaml.YAMLError, RecursionError) as exc:
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise PayloadError("not_json", f"body is not YAML: {first_line}") from None


def read_csv(body: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, BOM tolerated, quoted multi-line cells kept)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError("not_json", f"body is not UTF-8 CSV: {exc}") from None
    if "\x00" in text:
        raise PayloadError("not_json", "body is binary, not CSV")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return [{(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}
                for row in reader]
    except csv.Error as exc:
        raise PayloadError("not_json", f"body is not CSV: {exc}") from None


# ---------------------------------------------------------------- validation loop

def error_line(source_id: str, n: int, name: Any, exc: Exception) -> str:
    label = str(name) if name not in (None, "") else "?"
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"]) or "record"
            parts.append(f"{loc}: {err['msg'].removeprefix('Value error, ')}")
        problem = "; ".join(parts)
    else:
        problem = str(exc) if ":" in str(exc) else f"record: {exc}"
    return f"{source_id} record {n} ({label[:120]}): {problem}"


_RECORD_ERRORS = (ValidationError, ValueError, TypeError, KeyError, AttributeError, RecursionError)
Builder = Callable[[Any], "SourceRecord | list[SourceRecord] | None"]


def build_all(rows: Iterable[tuple[int, Any, Any]], build: Builder, source_id: str,
              source_url: str | None = None) -> tuple[list[SourceRecord], list[str]]:
    """Run `build` on each (n, name, raw) row; None means skip silently; errors become lines.

    Terms and scores get `source_model_name` (the record's name) and `source_url` if unset.
    """
    records: list[SourceRecord] = []
    errors: list[str] = []
    for n, name, raw in rows:
        try:
            built = build(raw)
        except _RECORD_ERRORS as exc:
            errors.append(error_line(source_id, n, name, exc))
            continue
        if built is None:
            continue
        for record in built if isinstance(built, list) else [built]:
            _stamp(record, source_url)
            records.append(record)
    return records, errors


def finish(records: list[SourceRecord], errors: list[str], source_id: str,
           as_of: date | None = None) -> ParsedSource:
    """The ParsedSource; PayloadError 'empty' if nothing was built, 'schema' if all rows failed."""
    if not records:
        if errors:
            raise PayloadError("schema", f"all {len(errors)} records rejected; first: {errors[0]}")
        raise PayloadError("empty", f"{source_id}: no model records in payload")
    return ParsedSource(records=records, errors=errors, as_of=as_of)


def collect(rows: Iterable[tuple[int, Any, Any]], build: Builder, source_id: str,
            source_url: str | None = None, as_of: date | None = None) -> ParsedSource:
    """build_all + finish."""
    records, errors = build_all(rows, build, source_id, source_url)
    return finish(records, errors, source_id, as_of)


def _stamp(record: SourceRecord, source_url: str | None) -> None:
    for part in ([record.terms] if record.terms else []) + record.scores:
        part.setdefault("source_model_name", record.source_name)
        if part.get("source_url") is None:
            part["source_url"] = source_url


def compact(mapping: dict) -> dict:
    """Drop None values (keeps the extra dicts small)."""
    return {k: v for k, v in mapping.items() if v is not None}
