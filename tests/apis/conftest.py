"""Shared helpers for the structured-source adapter tests.

`fixture_bytes` reads the hand-written payloads in tests/fixtures/apis; `real_file` finds a file
among the real public snapshots (`$REALDATA_DIR`, default `<repo>/../shared/realdata`) and skips
the test cleanly when it is absent.
"""
from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "apis"


def realdata_dir() -> Path:
    return Path(os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata")


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()
    return read


@pytest.fixture
def real_file():
    """Path of a file under the real-data folder, or skip."""
    def path(relative: str) -> Path:
        full = realdata_dir() / relative
        if not full.exists():
            pytest.skip(f"real data not available: {full}")
        return full
    return path


def run(adapter, body: bytes, source_url: str | None = "https://example.test/payload", **kw):
    """Call an adapter the way the pipeline does."""
    return adapter.parse(body, source_id=adapter.__name__.rsplit(".", 1)[-1],
                         source_url=source_url, **kw)


def by_name(parsed, name: str, provider: str | None = None):
    """The records with this source name (and provider, when given)."""
    found = [r for r in parsed.records
             if r.source_name == name and (provider is None or r.provider == provider)]
    assert found, f"no record named {name!r}"
    return found


def tar_gz_of(folder: Path, prefix: str = "models.dev-dev/") -> bytes:
    """A GitHub-style tarball of a folder (for the models.dev archive adapter)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.add(path, arcname=prefix + str(path.relative_to(folder)))
    return buffer.getvalue()
