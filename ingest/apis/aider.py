"""Aider leaderboard YAML (`aider/website/_data/*_leaderboard.yml`) -> independent scores.

One record per benchmark run: `model` (free text) is the source name, the model id from
`command` (`aider --model openrouter/openai/o1`) goes to extra. The board is told by the file
name in `source_url` (polyglot, edit, refactor; qwen3 and o1 boards are polyglot runs), else by
the number of test cases (225 polyglot, 133 edit, 89 refactor).
"""
from __future__ import annotations

import shlex
from collections import Counter
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ingest.apis._common import (
    OptCount, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect,
    compact, load_yaml,
)

BOARDS = {"polyglot": "aider-polyglot", "edit": "aider-edit", "refactor": "aider-refactor"}
_BOARD_BY_CASES = {225: "polyglot", 133: "edit", 89: "refactor"}


class _Run(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    model: Text
    date: OptDate = None
    edit_format: OptText = None
    pass_rate_1: OptNumber = None
    pass_rate_2: OptNumber = None
    test_cases: OptCount = None
    total_cost: OptNumber = None
    command: OptText = None
    dirname: OptText = None
    reasoning_effort: OptText = None
    thinking_tokens: OptCount = None
    editor_model: OptText = None
    editor_edit_format: OptText = None
    released: OptDate = None
    released_commented: OptDate = Field(None, alias="_released")
    percent_cases_well_formed: OptNumber = None
    seconds_per_case: OptNumber = None
    versions: OptText = None


def _board(source_url: str | None, rows: list) -> str:
    name = (source_url or "").rsplit("/", 1)[-1].lower()
    for key in ("refactor", "polyglot", "qwen3", "edit"):
        if key in name:
            return "polyglot" if key == "qwen3" else key
    cases = Counter(r.get("test_cases") for r in rows if isinstance(r, dict))
    common = cases.most_common(1)[0][0] if cases else None
    if common not in _BOARD_BY_CASES:
        raise PayloadError("schema", f"cannot tell which Aider board this is (test_cases {common})")
    return _BOARD_BY_CASES[common]


def model_from_command(command: str | None) -> str | None:
    """'aider --model gemini/gemini-2.0-pro-exp-02-05' -> 'gemini/gemini-2.0-pro-exp-02-05'."""
    if not command:
        return None
    try:
        words = shlex.split(command.split("#", 1)[0])
    except ValueError:
        words = command.split()
    for i, word in enumerate(words):
        if word == "--model" and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--model="):
            return word.partition("=")[2]
    return None  # shorthands such as --opus changed meaning across Aider versions


def _settings(run: _Run) -> str:
    parts = [f"edit format: {run.edit_format or 'unknown'}"]
    if run.reasoning_effort:
        parts.append(f"reasoning_effort: {run.reasoning_effort}")
    if run.thinking_tokens is not None:
        parts.append(f"thinking_tokens: {run.thinking_tokens}")
    if run.editor_model:
        parts.append(f"editor: {run.editor_model} ({run.editor_edit_format or 'default'})")
    return "; ".join(parts)


def _builder(board: str):
    benchmark = BOARDS[board]
    # The refactor board only has one try per case, so its rate is pass_rate_1.
    rate_field = "pass_rate_1" if board == "refactor" else "pass_rate_2"

    def build(raw: Any) -> SourceRecord:
        run = _Run.model_validate(raw)
        rate = getattr(run, rate_field)
        if rate is None:
            raise ValueError(f"{rate_field}: missing")
        score = {"benchmark_id": benchmark, "value": rate, "measured_by": "independent",
                 "settings": _settings(run), "reported_on": run.date}
        extra = compact({
            "command_model": model_from_command(run.command), "command": run.command,
            "run": run.dirname, "total_cost_usd": run.total_cost, "test_cases": run.test_cases,
            "pass_rate_1": run.pass_rate_1 if rate_field != "pass_rate_1" else None,
            "percent_cases_well_formed": run.percent_cases_well_formed,
            "seconds_per_case": run.seconds_per_case, "aider_version": run.versions,
            "released_commented_out": run.released_commented,
        })
        return SourceRecord(source_name=run.model, display_name=run.model, scores=[score],
                            released_on=run.released, extra=extra)

    return build


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse one Aider leaderboard YAML file."""
    rows = load_yaml(body)
    if rows is None:
        raise PayloadError("empty", "empty YAML document")
    if not isinstance(rows, list):
        raise PayloadError("schema", "expected a YAML list of benchmark runs")
    names = ((n, r.get("model") if isinstance(r, dict) else None, r) for n, r in enumerate(rows))
    return collect(names, _builder(_board(source_url, rows)), source_id, source_url)

