"""Hugging Face Hub model listings -> SourceRecords with open-weights access.

Accepts the `/api/models` list (bare, or wrapped as `{date, models: [...]}` by snapshotters) and
the trending API's `{repo_id: {repoData: {...}}}` map. A public repo means open weights: access
`open_weights`, valid from `createdAt`, evidence the repo URL. The license comes from a
`license:<id>` tag or `cardData.license`.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from ingest.apis._common import (
    OptCount, OptDate, OptText, ParsedSource, PayloadError, SourceRecord, Text, collect, compact,
    load_json, to_date,
)

HUB = "https://huggingface.co/"


class _Author(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: OptText = None
    fullname: OptText = None


class _Repo(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    id: Text = Field(validation_alias=AliasChoices("id", "modelId"))
    author: OptText = None
    author_data: _Author | None = Field(None, validation_alias="authorData")
    created_at: OptDate = Field(None, validation_alias="createdAt")
    last_modified: OptDate = Field(None, validation_alias="lastModified")
    downloads: OptCount = None
    likes: OptCount = None
    gated: bool | str | None = None
    private: bool | None = None
    disabled: bool | None = None
    pipeline_tag: OptText = None
    library_name: OptText = None
    tags: list[str] = []
    card_data: dict | None = Field(None, validation_alias="cardData")
    num_parameters: OptCount = Field(None, validation_alias="numParameters")
    inference_providers: list[dict] | None = Field(
        None, validation_alias="availableInferenceProviders")


def _license(repo: _Repo) -> str | None:
    for tag in repo.tags:
        if tag.startswith("license:"):
            return tag.removeprefix("license:") or None
    value = (repo.card_data or {}).get("license")
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def _record(raw: Any) -> SourceRecord | None:
    if isinstance(raw, dict) and isinstance(raw.get("repoData"), dict):
        raw = raw["repoData"]  # trending API shape
    repo = _Repo.model_validate(raw)
    if repo.private:
        return None
    author = repo.author or (repo.id.partition("/")[0] if "/" in repo.id else None)
    url = HUB + repo.id
    gated = repo.gated not in (None, False, "false")
    access = {
        "access": "open_weights", "license": _license(repo), "valid_from": repo.created_at,
        "evidence": url + (" (gated: accept terms to download)" if gated else ""),
    }
    providers = sorted({p.get("provider") for p in repo.inference_providers or []
                        if isinstance(p, dict) and p.get("provider")})
    extra = compact({
        "repo_url": url, "gated": repo.gated if gated else False, "downloads": repo.downloads,
        "likes": repo.likes, "pipeline_tag": repo.pipeline_tag, "library_name": repo.library_name,
        "last_modified": repo.last_modified, "disabled": repo.disabled or None,
        "parameters_b": round(repo.num_parameters / 1e9, 3) if repo.num_parameters else None,
        "inference_providers": providers or None,
        "author_fullname": repo.author_data.fullname if repo.author_data else None,
    })
    return SourceRecord(source_name=repo.id, display_name=repo.id.rpartition("/")[2],
                        org_hint=author.lower() if author else None, access=access,
                        released_on=repo.created_at, extra=extra)


def _rows(data: Any) -> tuple[list, date | None]:
    if isinstance(data, list):
        return data, None
    if isinstance(data, dict) and isinstance(data.get("models"), list):
        try:
            return data["models"], to_date(data.get("date"))
        except ValueError:
            return data["models"], None
    if isinstance(data, dict) and data and all(isinstance(v, dict) and "repoData" in v
                                               for v in data.values()):
        return list(data.values()), None
    raise PayloadError("schema", "expected a list of repos, {models: [...]}, or {id: {repoData}}")


def _name_of(raw: Any) -> Any:
    if isinstance(raw, dict):
        inner = raw.get("repoData") if isinstance(raw.get("repoData"), dict) else raw
        return inner.get("id") or inner.get("modelId")
    return None


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse a Hub model list; as_of is the snapshot's `date` when wrapped."""
    rows, as_of = _rows(load_json(body))
    return collect(((n, _name_of(r), r) for n, r in enumerate(rows)), _record, source_id,
                   source_url, as_of=as_of)
