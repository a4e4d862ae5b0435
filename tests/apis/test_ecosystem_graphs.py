"""Ecosystem Graphs asset YAML: models only, {explanation, value} fields, access mapping."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from ingest.apis import ecosystem_graphs as eg
from ingest.apis._common import PayloadError
from tests.apis.conftest import by_name, run


def test_fixture_assets(fixture_bytes):
    parsed = run(eg, fixture_bytes("ecosystem-graphs-assets.yaml"))
    assert len(parsed.records) == 6 and parsed.errors == []  # the PMD dataset is skipped
    llama = by_name(parsed, "Llama 2")[0]
    assert llama.org_hint == "meta" and llama.released_on == date(2023, 7, 18)
    assert llama.access["access"] == "open_weights" and llama.access["license"] == "custom"
    assert llama.access["evidence"].startswith("ecosystem-graphs access open: Model weights can")
    opt = by_name(parsed, "OPT")[0]
    assert opt.access["access"] == "api" and opt.access["license"] == "OPT-175B License"
    assert "requires manual approval" in opt.access["evidence"]
    clova = by_name(parsed, "HyperCLOVA")[0]
    assert clova.access["access"] == "unreleased" and clova.org_hint == "naver"
    assert clova.access["evidence"] == ("ecosystem-graphs access closed (read as unreleased: no outside "
                                        "access): The model is not available for download or direct API use")
    assert by_name(parsed, "InstructGPT")[0].access["access"] == "product_only"
    hermes = by_name(parsed, "OpenHermes 2.5 Mistral")[0]
    assert hermes.org_hint == "nous-research" and hermes.access["license"] == "Apache 2.0"
    you = by_name(parsed, "You model")[0]
    assert you.released_on is None and you.access["valid_from"] is None


@pytest.mark.parametrize("change, field", [
    ({"access": "sometimes"}, "access"), ({"name": None}, "name"),
    ({"created_date": {"value": "last spring"}}, "created_date"), ({"organization": ["Meta"]}, "organization"),
])
def test_schema_drift(fixture_bytes, change, field):
    assets = yaml.safe_load(fixture_bytes("ecosystem-graphs-assets.yaml"))
    assets[0].update(change)
    parsed = run(eg, yaml.safe_dump(assets).encode())
    assert len(parsed.records) == 5 and len(parsed.errors) == 1
    assert parsed.errors[0].startswith("ecosystem_graphs record 0 (") and field in parsed.errors[0]


def test_bare_year_is_kept_in_extra(fixture_bytes):
    assets = yaml.safe_load(fixture_bytes("ecosystem-graphs-assets.yaml"))
    assets[0]["created_date"] = 2022
    llama = by_name(run(eg, yaml.safe_dump(assets).encode()), "Llama 2")[0]
    assert llama.released_on is None and llama.extra["created_year"] == 2022


@pytest.mark.parametrize("body, kind", [(b"", "empty"), (b"name: x", "schema"), (b"- [a", "not_json"),
                                        (b"- type: dataset\n  name: PMD\n", "empty")])
def test_unusable_payloads(body, kind):
    with pytest.raises(PayloadError) as info:
        run(eg, body)
    assert info.value.kind == kind


def test_realdata_all_asset_files(real_file):
    folder = real_file("ecosystem-graphs/assets")
    records, errors, without_models = [], [], 0
    for path in sorted(folder.glob("*.yaml")):
        try:
            parsed = run(eg, path.read_bytes())
        except PayloadError as exc:
            assert exc.kind == "empty"
            without_models += 1
            continue
        records += parsed.records
        errors += parsed.errors
    assert (len(records), len(errors), without_models) == (429, 0, 44)
    accesses = [r.access["access"] for r in records]
    assert {a: accesses.count(a) for a in set(accesses)} == {
        "open_weights": 272, "api": 68, "unreleased": 87, "product_only": 2}
    sonnet = [r for r in records if r.source_name == "Claude 3.5 Sonnet"][0]
    assert sonnet.released_on is None and "June 20" in sonnet.extra["created_date_note"]
