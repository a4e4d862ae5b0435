"""models.dev -> SourceRecords: serving terms per provider model, and model-level facts.

Three payloads are accepted:
- the built `api.json` (`{provider: {models: {model_id: {...}}}}`, already merged);
- a repository archive (`.tar.gz` or `.zip`, as GitHub serves it): `providers/<p>/models/<id>.toml`
  files are merged over the `models/<lab>/<id>.toml` they name in `base_model` (keys listed in
  `base_model_omit` are dropped from the base), and every `models/<lab>/<id>.toml` is also a
  record of its own (named `<lab>/<id>`) carrying release date, open weights and benchmarks;
- a single TOML file, placed by the path in `source_url`.
Costs are USD per million tokens; dates may be month-only (`2025-04` -> first of the month).
"""
from __future__ import annotations

import io
import re
import tarfile
import tomllib
import zipfile
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.apis._common import (
    OptCount, OptDate, OptNumber, OptText, ParsedSource, PayloadError, SourceRecord, build_all,
    compact, finish, load_json, slugify, to_date, to_number,
)

MAX_MEMBERS = 50_000
MAX_TOML_BYTES = 1_000_000
_PROVIDER_PATH = re.compile(r"(?:^|/)providers/([^/]+)/models/(.+)\.toml$")
_MODEL_PATH = re.compile(r"(?:^|/)models/([^/]+)/(.+)\.toml$")
_INDEPENDENT_HOSTS = ("openrouter.ai", "artificialanalysis.ai", "labs.scale.com", "aider.chat",
                      "swebench.com", "lmarena.ai", "epoch.ai", "livebench.ai", "vals.ai")
_BENCHMARK_IDS = {"humanity-s-last-exam": "hle", "swe-bench-pro": "swe-bench-pro",
                  "artificial-analysis-coding-index": "aa-coding-index",
                  "artificial-analysis-intelligence-index": "aa-intelligence-index",
                  "artificial-analysis-coding-agent-index": "aa-coding-agent-index"}


class _Cost(BaseModel):
    model_config = ConfigDict(extra="ignore")
    input: OptNumber = None
    output: OptNumber = None
    cache_read: OptNumber = None
    cache_write: OptNumber = None
    tiers: list[dict] = []


class _Limit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    context: OptCount = None
    input: OptCount = None
    output: OptCount = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: OptText = None
    family: OptText = None
    release_date: OptDate = None
    last_updated: OptDate = None
    knowledge: OptText = None
    open_weights: bool | None = None
    status: OptText = None
    reasoning: bool | None = None
    tool_call: bool | None = None
    cost: _Cost | None = None
    limit: _Limit | None = None
    modalities: dict[str, list[str]] | None = None
    benchmarks: list[dict] = []
    weights: list[dict] = []
    license: OptText = None


def _benchmark_scores(benchmarks: list[dict]) -> list[dict]:
    scores = []
    for b in benchmarks:
        value = to_number(b.get("score"))
        if value is None or not b.get("name"):
            continue
        slug = slugify(str(b["name"]).replace("τ", "tau").replace("SWE Bench", "SWE-Bench")) or ""
        slug = _BENCHMARK_IDS.get(slug, slug)
        if b.get("version") and not slug.endswith(str(b["version"])):
            slug = f"{slug}-{b['version']}"
        cited = str(b.get("source") or "")
        host = re.sub(r"^https?://(www\.)?", "", cited).split("/")[0]
        settings = "; ".join(f"{k}: {b[k]}" for k in ("metric", "harness", "dataset", "variant")
                             if b.get(k))
        scores.append({"benchmark_id": slug, "value": value,
                       "measured_by": "independent" if host.endswith(_INDEPENDENT_HOSTS)
                       else "vendor", "settings": settings or None,
                       "reported_on": to_date(b.get("date")),
                       "source_url": cited or None})
    return scores


def _access(model: _Model) -> dict | None:
    if model.open_weights is None:
        return None
    urls = [w.get("url") for w in model.weights if isinstance(w, dict) and w.get("url")]
    evidence = "models.dev open_weights = " + str(model.open_weights).lower()
    if urls:
        evidence += f"; weights: {urls[0]}"
    return {"access": "open_weights" if model.open_weights else "api", "license": model.license,
            "valid_from": model.release_date, "evidence": evidence}


def _record(name: str, provider: str | None, org: str | None, raw: dict) -> SourceRecord:
    model = _Model.model_validate(raw)
    terms = None
    if provider is not None:
        cost, limit = model.cost or _Cost(), model.limit or _Limit()
        terms = {"provider": provider, "input_usd_per_mtok": cost.input,
                 "output_usd_per_mtok": cost.output, "cached_input_usd_per_mtok": cost.cache_read,
                 "context_tokens": limit.context, "max_output_tokens": limit.output}
    modalities = model.modalities or {}
    extra = compact({
        "family": model.family, "knowledge_cutoff": model.knowledge, "status": model.status,
        "last_updated": model.last_updated, "reasoning": model.reasoning,
        "tool_call": model.tool_call, "modalities_in": modalities.get("input"),
        "modalities_out": modalities.get("output"),
        "cache_write_usd_per_mtok": model.cost.cache_write if model.cost else None,
        "price_tiers": (model.cost.tiers or None) if model.cost else None,
        "base_model": raw.get("base_model"),
        "release_date_month_only": bool(re.fullmatch(r"\d{4}-\d{2}", str(raw.get("release_date"))))
        or None,
    })
    return SourceRecord(source_name=name, display_name=model.name, org_hint=org, provider=provider,
                        terms=terms, scores=_benchmark_scores(model.benchmarks),
                        access=_access(model), released_on=model.release_date,
                        deprecated_on=None, extra=extra)


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _archive_files(body: bytes) -> dict[str, bytes]:
    """The .toml members of a tar(.gz) or zip archive, by path."""
    files: dict[str, bytes] = {}
    buffer = io.BytesIO(body)
    if zipfile.is_zipfile(buffer):
        with zipfile.ZipFile(buffer) as archive:
            infos = archive.infolist()[:MAX_MEMBERS]
            for info in infos:
                if info.filename.endswith(".toml") and info.file_size <= MAX_TOML_BYTES:
                    files[info.filename] = archive.read(info)
        return files
    try:
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as archive:
            for count, member in enumerate(archive):
                if count >= MAX_MEMBERS:
                    break
                if (member.isfile() and member.name.endswith(".toml")
                        and member.size <= MAX_TOML_BYTES):
                    files[member.name] = archive.extractfile(member).read()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise PayloadError("not_json", f"not a models.dev archive: {exc}") from None
    return files


def _from_archive(body: bytes, source_id: str, source_url: str | None) -> ParsedSource:
    files = _archive_files(body)
    bases: dict[str, tuple[str, bytes]] = {}
    serving: list[tuple[str, str, str, bytes]] = []
    for path in sorted(files):
        if match := _PROVIDER_PATH.search(path):
            serving.append((path, match.group(1), match.group(2), files[path]))
        elif match := _MODEL_PATH.search(path):
            bases[f"{match.group(1)}/{match.group(2)}"] = (path, files[path])
    if not serving and not bases:
        raise PayloadError("schema", "archive has no providers/*/models or models/* TOML files")

    def base_of(ref: str) -> dict:
        if ref not in bases:
            raise ValueError(f"base_model: {ref!r} not found in models/")
        return tomllib.loads(bases[ref][1].decode())

    def build_serving(item: tuple[str, str, str, bytes]) -> SourceRecord:
        _, provider, model_id, text = item
        own = tomllib.loads(text.decode())
        ref = own.get("base_model")
        merged = own
        if isinstance(ref, str):
            omit = own.get("base_model_omit", [])
            base = {k: v for k, v in base_of(ref).items() if k not in omit}
            merged = _merge(base, own)
        org = ref.split("/")[0] if isinstance(ref, str) else None
        return _record(model_id, provider, org, merged)

    def build_base(item: tuple[str, tuple[str, bytes]]) -> SourceRecord:
        ref, (_, text) = item
        return _record(ref, None, ref.split("/")[0], tomllib.loads(text.decode()))

    rows = [(n, f"{item[1]}/{item[2]}", item) for n, item in enumerate(serving)]
    records, errors = build_all(rows, build_serving, source_id, source_url)
    base_rows = [(len(serving) + n, ref, (ref, v)) for n, (ref, v) in enumerate(bases.items())]
    more, more_errors = build_all(base_rows, build_base, source_id, source_url)
    return finish(records + more, errors + more_errors, source_id)


def _from_api_json(data: Any, source_id: str, source_url: str | None) -> ParsedSource:
    if not isinstance(data, dict) or not all(
            isinstance(p, dict) and isinstance(p.get("models"), dict) for p in data.values()):
        raise PayloadError("schema", "expected {provider: {models: {id: {...}}}}")
    rows = [(n, f"{pid}/{mid}", (pid, mid, m)) for n, (pid, mid, m) in enumerate(
        (pid, mid, m) for pid, p in data.items() for mid, m in p["models"].items())]
    records, errors = build_all(rows, lambda r: _record(r[1], r[0], None, r[2]), source_id,
                                source_url)
    return finish(records, errors, source_id)


def _from_toml(body: bytes, source_id: str, source_url: str | None) -> ParsedSource:
    try:
        raw = tomllib.loads(body.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise PayloadError("not_json", f"not TOML: {type(exc).__name__}: {exc}") from None
    path = (source_url or "").split("?")[0]
    if match := _PROVIDER_PATH.search(path):
        provider, name, org = match.group(1), match.group(2), None
    elif match := _MODEL_PATH.search(path):
        provider, name, org = None, f"{match.group(1)}/{match.group(2)}", match.group(1)
    else:
        raise PayloadError("schema", "one TOML file needs a providers/ or models/ source_url path")
    records, errors = build_all([(0, name, raw)], lambda r: _record(name, provider, org, r),
                                source_id, source_url)
    return finish(records, errors, source_id)


def parse(body: bytes, *, source_id: str, source_url: str | None,
          observed_on: date | None = None) -> ParsedSource:
    """Parse api.json, a repository archive, or one TOML file."""
    head = body.lstrip()[:1]
    if head == b"{":
        return _from_api_json(load_json(body), source_id, source_url)
    if body[:2] == b"\x1f\x8b" or body[:4] == b"PK\x03\x04" or body[257:262] == b"ustar":
        return _from_archive(body, source_id, source_url)
    return _from_toml(body, source_id, source_url)
