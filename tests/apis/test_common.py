"""Coercion helpers and the validation loop shared by all adapters."""
from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.apis import PARSERS, parser_for
from ingest.apis._common import (
    PayloadError, SourceRecord, collect, per_token_to_mtok, to_count, to_date, to_number,
)


@pytest.mark.parametrize("raw, expected", [
    ("0.000003", 3.0), ("0.0000025", 2.5), (2.5e-06, 2.5), (1e-05, 10.0), ("0", 0.0),
    (0, 0.0), ("1.25e-07", 0.125), (7.5e-05, 75.0), (None, None),
])
def test_per_token_to_mtok_is_exact(raw, expected):
    assert per_token_to_mtok(raw) == expected


@pytest.mark.parametrize("raw", ["NaN", "nan", "inf", "-Infinity", "abc", "1,5", True, {"v": 1}, [1]])
def test_to_number_rejects_non_numbers(raw):
    with pytest.raises(ValueError):
        to_number(raw)


def test_to_number_accepts_decorated_strings():
    assert to_number("$3") == 3.0
    assert to_number("42 %") == 42.0
    assert to_number("1_000_000") == 1_000_000.0
    assert to_number("") is None


def test_to_count_accepts_whole_floats_only():
    assert to_count(2000000.0) == 2_000_000
    with pytest.raises(ValueError):
        to_count(1.5)
    with pytest.raises(ValueError):
        to_count(-1)


@pytest.mark.parametrize("raw, expected", [
    ("2024-07-31T21:13:44.000Z", date(2024, 7, 31)), ("20230508", date(2023, 5, 8)),
    ("2025-04", date(2025, 4, 1)), ("January 19th, 2024", date(2024, 1, 19)),
    ("March 10, 2026", date(2026, 3, 10)), ("unknown", None), ("", None),
])
def test_to_date_formats(raw, expected):
    assert to_date(raw) == expected


def test_to_date_rejects_garbage():
    with pytest.raises(ValueError):
        to_date("next tuesday")


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_per_token_to_mtok_matches_float_math(value):
    assert math.isclose(per_token_to_mtok(value), value * 1_000_000, rel_tol=1e-12, abs_tol=1e-9)


def test_collect_keeps_valid_rows_and_formats_errors():
    def build(raw):
        return SourceRecord(source_name=raw["name"], terms={"provider": "x"})
    parsed = collect([(0, "a", {"name": "a"}), (1, "b", {}), (2, None, None)], build, "src",
                     "https://example.test/")
    assert [r.source_name for r in parsed.records] == ["a"]
    assert parsed.records[0].terms == {"provider": "x", "source_model_name": "a",
                                       "source_url": "https://example.test/"}
    assert parsed.errors[0].startswith("src record 1 (b): ")
    assert parsed.errors[1].startswith("src record 2 (?): ")


def test_collect_all_rejected_is_schema_error_and_nothing_is_empty():
    with pytest.raises(PayloadError) as info:
        collect([(0, "a", None)], lambda raw: raw["x"], "src")
    assert info.value.kind == "schema"
    with pytest.raises(PayloadError) as info:
        collect([], lambda raw: raw, "src")
    assert info.value.kind == "empty"


def test_registry_lists_every_adapter_and_accepts_hyphenated_kinds():
    assert sorted(PARSERS) == sorted([
        "openrouter", "litellm", "hf_hub", "artificial_analysis", "lmarena", "aider", "swe_bench",
        "vectara", "epoch", "ecosystem_graphs", "genai_prices", "llm_prices", "models_dev"])
    assert parser_for("hf-hub") is PARSERS["hf_hub"]
    with pytest.raises(KeyError, match="known"):
        parser_for("rss")
