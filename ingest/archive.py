"""Content-addressed raw payload archive, so any source can be re-parsed (`python -m ingest replay`).

Layout: `<raw_dir>/<source_id>/<sha256[:2]>/<sha256>.gz` plus a sidecar `<sha256>.json`
(url, fetched_at of the first fetch, last_fetched_at, content_type, size; UTC ISO times). An identical payload
is stored once; fetching it again only touches the sidecar. Writes are atomic (tmp + replace).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from registry.errors import LedgerError
from registry.store import utcnow

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


@dataclass(frozen=True)
class Archived:
    source_id: str
    sha256: str
    path: Path
    url: str | None
    fetched_at: datetime | None
    last_fetched_at: datetime | None
    content_type: str | None
    size: int

    def read(self) -> bytes:
        with gzip.open(self.path, "rb") as fh:
            return fh.read()


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _source_dir(raw_dir: Path, source_id: str) -> Path:
    if not _SAFE_ID.match(source_id) or ".." in source_id:
        raise LedgerError(f"unsafe source id for the archive: {source_id!r}")
    return raw_dir / source_id


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _read_meta(sidecar: Path) -> dict:
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _load(gz_path: Path, source_id: str) -> Archived:
    meta = _read_meta(gz_path.with_suffix(".json"))
    return Archived(
        source_id=source_id,
        sha256=gz_path.name.removesuffix(".gz"),
        path=gz_path,
        url=meta.get("url"),
        fetched_at=_when(meta.get("fetched_at")),
        last_fetched_at=_when(meta.get("last_fetched_at")),
        content_type=meta.get("content_type"),
        size=int(meta.get("size") or 0),
    )


def archive(
    raw_dir: Path,
    source_id: str,
    body: bytes,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    content_type: str | None = None,
) -> Archived:
    """Store `body` once under its SHA-256; return where it lives."""
    digest = content_hash(body)
    folder = _source_dir(raw_dir, source_id) / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    gz_path = folder / f"{digest}.gz"
    sidecar = gz_path.with_suffix(".json")
    when = (fetched_at or utcnow()).isoformat()
    meta = _read_meta(sidecar) if gz_path.exists() else {}
    if not gz_path.exists():
        _write_atomic(gz_path, gzip.compress(body, compresslevel=6, mtime=0))
    meta.setdefault("fetched_at", when)
    meta.update(last_fetched_at=when, size=len(body), url=url or meta.get("url"),
                content_type=content_type or meta.get("content_type"))
    _write_atomic(sidecar, json.dumps(meta, sort_keys=True).encode("utf-8"))
    return _load(gz_path, source_id)


def archived_sources(raw_dir: Path) -> list[str]:
    if not raw_dir.is_dir():
        return []
    return sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and _SAFE_ID.match(p.name))


def iter_archived(raw_dir: Path, source_id: str) -> Iterator[Archived]:
    """Every payload archived for a source, least recently fetched first (replay order)."""
    folder = _source_dir(raw_dir, source_id)
    if not folder.is_dir():
        return iter(())
    found = [_load(p, source_id) for p in folder.glob("??/*.gz")]
    found.sort(key=lambda a: (a.last_fetched_at or a.fetched_at or datetime.min, a.sha256))
    return iter(found)
