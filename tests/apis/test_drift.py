"""Property tests shared by all adapters (RELIABILITY B8): arbitrary payloads never crash a parser,
and corrupting one field of one record costs at most that record."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.apis import (
    PARSERS, aider, artificial_analysis, genai_prices, hf_hub, litellm, llm_prices, openrouter,
    swe_bench,
)
from ingest.apis._common import ParsedSource, PayloadError
from tests.apis.conftest import FIXTURES

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(parse, body: bytes) -> ParsedSource | PayloadError:
    try:
        return parse(body, source_id="drift", source_url="https://x.test/data.json")
    except PayloadError as exc:
        return exc


@pytest.mark.parametrize("kind", sorted(PARSERS))
@SETTINGS
@given(body=st.binary(max_size=200))
def test_random_bytes_give_result_or_payload_error(kind, body):
    outcome = _outcome(PARSERS[kind], body)
    assert isinstance(outcome, (ParsedSource, PayloadError))


@pytest.mark.parametrize("kind", sorted(PARSERS))
@SETTINGS
@given(value=JSON_VALUES)
def test_random_json_gives_result_or_payload_error(kind, value):
    outcome = _outcome(PARSERS[kind], json.dumps(value).encode())
    assert isinstance(outcome, (ParsedSource, PayloadError))
    if isinstance(outcome, ParsedSource):
        assert outcome.records  # a result always has at least one record


# (adapter, fixture, path to the list or mapping of records inside the payload)
CORRUPTIBLE = [
    (openrouter, "openrouter-models.json", ("data",)),
    (litellm, "litellm-prices.json", ()),
    (hf_hub, "hf-hub-models.json", ()),
    (artificial_analysis, "aa-models-v2.json", ("data",)),
    (swe_bench, "swe-bench-leaderboards.json", ("leaderboards", 1, "results")),
    (genai_prices, "genai-prices-data.json", (1, "models")),
    (llm_prices, "llm-prices-openai.json", ("models",)),
]


@pytest.mark.parametrize("adapter, name, path", CORRUPTIBLE,
                         ids=[c[0].__name__.rsplit(".", 1)[-1] for c in CORRUPTIBLE])
@SETTINGS
@given(data=st.data())
def test_one_corrupted_field_costs_at_most_its_record(adapter, name, path, data):
    payload = json.loads((FIXTURES / name).read_bytes())
    container = payload
    for step in path:
        container = container[step]
    keys = list(container) if isinstance(container, dict) else list(range(len(container)))
    key = data.draw(st.sampled_from([k for k in keys if isinstance(container[k], dict)]))
    record = container.pop(key) if isinstance(container, dict) else container.pop(key)
    others = adapter.parse(json.dumps(payload).encode(), source_id="drift", source_url=None)
    field = data.draw(st.sampled_from(sorted(record)))
    record[field] = data.draw(JSON_VALUES)
    if isinstance(container, dict):
        container[key] = record
    else:
        container.insert(key, record)
    parsed = adapter.parse(json.dumps(payload).encode(), source_id="drift", source_url=None)
    assert len(parsed.errors) <= 1
    assert all(r in parsed.records for r in others.records)  # every other record is untouched


def test_aider_yaml_garbage_is_payload_error():
    with pytest.raises(PayloadError):
        aider.parse(b"\t- : : [", source_id="drift", source_url=None)


@pytest.mark.parametrize("kind", sorted(PARSERS))
@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 100_000, b"- " * 50_000 + b"x"],
                         ids=["json-lists", "json-objects", "yaml-lists"])
def test_pathological_nesting_is_payload_error(kind, body):
    with pytest.raises(PayloadError):
        PARSERS[kind](body, source_id="drift", source_url=None)
