"""Paths and settings, from LEDGER_* environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def ledger(self) -> Path:
        return self.data_dir / "ledger.duckdb"

    @property
    def served(self) -> Path:
        return self.data_dir / "served.duckdb"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "writer.lock"


def paths(data_dir: str | os.PathLike | None = None) -> Paths:
    """Resolve the data directory: argument, then LEDGER_DATA_DIR, then ./data."""
    chosen = data_dir or os.environ.get("LEDGER_DATA_DIR") or ROOT / "data"
    return Paths(Path(chosen).resolve())


def curated_dir() -> Path:
    return Path(os.environ.get("LEDGER_CURATED_DIR") or ROOT / "data" / "curated")


def sources_file() -> Path:
    return Path(os.environ.get("LEDGER_SOURCES") or ROOT / "ingest" / "sources.yaml")


def samples_dir() -> Path:
    return ROOT / "data" / "samples"
