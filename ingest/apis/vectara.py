"""Vectara hallucination leaderboard README (markdown table) -> `vectara-hallucination-rate`.

The table is found by its header row (a cell starting with "Model" and one with "Hallucination"),
columns are read by header name so added or reordered columns do not matter, and percent
strings ("3.3 %") become numbers. Model naming changed from display names ("Google
Gemini-2.0-Flash-001") to `org/model-id`; names are kept verbatim. `as_of` is the
"Last updated on ..." date when present, else `observed_on`.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    Number, OptNumber, ParsedSource, PayloadError, SourceRecord, Text, collect, compact,
    prefix_org, to_date,
)

BENCHMARK = "vectara-hallucination-rate"
_UPDATED = re.compile(r"last updated(?: on)?[:\s]+([A-Za-z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
                      r"|\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_COLUMNS = {  # header prefix (lowercase) -> field
    "model": "model", "hallucination rate": "hallucination_rate",
    "factual consistency": "factual_consistency_rate", "answer rate": "answer_rate",
    "average summary length": "average_summary_length",
}


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: Text
    hallucination_rate: Number
    factual_consistency_rate: OptNumber = None
    answer_rate: OptNumber = None
    average_summary_length: OptNumber = None


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _cells(line: str) -> list[str]:
    """Cells of a markdown table row, with [text](url) links reduced to their text."""
    return [_LINK.sub(r"\1", c).strip() for c in line.strip().strip("|").split("|")]


def _table(text: str) -> tuple[list[str | None], list[tuple[int, list[str]]]]:
    """The leaderboard table's field names and its data rows (with line numbers)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            continue
        header = [c.lower() for c in _cells(line)]
        if not (header and header[0].startswith("model")
                and any(h.startswith("hallucination") for h in header)):
            continue
        fields = [next((f for p, f in _COLUMNS.items() if h.startswith(p)), None) for h in header]
        rows = []
        for j in range(i + 1, len(lines)):
            if not lines[j].lstrip().startswith("|"):
                break
            cells = _cells(lines[j])
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the |----|----:| separator
            rows.append((j + 1, cells))
        return fields, rows
    raise PayloadError("schema", "no markdown table with Model and Hallucination Rate columns")


def _as_of(text: str, observed_on: date | None) -> date | None:
    match = _UPDATED.search(text)
    if match:
        try:
            return to_date(match.group(1))
        except ValueError:
            pass
    return observed_on


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse the README; each table row is one record, reported on the README's date."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError("not_json", f"README is not UTF-8 text: {exc}") from None
    fields, rows = _table(text)
    as_of = _as_of(text, observed_on)

    def build(cells: list[str]) -> SourceRecord:
        if len(cells) != len(fields):
            raise ValueError(f"row: {len(cells)} cells for {len(fields)} columns")
        row = _Row.model_validate({f: c for f, c in zip(fields, cells) if f})
        score = {"benchmark_id": BENCHMARK, "value": row.hallucination_rate,
                 "measured_by": "independent", "reported_on": as_of}
        extra = compact({"factual_consistency_rate": row.factual_consistency_rate,
                         "answer_rate": row.answer_rate,
                         "average_summary_length_words": row.average_summary_length})
        return SourceRecord(source_name=row.model, display_name=row.model,
                            org_hint=prefix_org(row.model), scores=[score], extra=extra)

    def name_of(cells: list[str]) -> Any:
        return cells[0] if cells else None

    return collect(((n, name_of(c), c) for n, (_, c) in enumerate(rows)), build, source_id,
                   source_url, as_of=as_of)
