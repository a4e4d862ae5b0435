"""Map saved payload files to sources, for `python -m ingest run --from PATH` and `seed DIR`.

The rule (also printed by `--help`):

1. a file named `<source_id>` then `.`, `-` or `_` and anything (`openai-news.xml`,
   `openrouter-models.2026-07-24.json`, `openai-news-rss.2025-07-26.xml`): that source;
   the longest matching id wins.
2. a file under a top-level folder named like that (`<source_id>/...`): that source.
3. a file under a top-level folder named after a source *kind* (`litellm/`, `hf-hub/`,
   `epoch-ai/` for kind `epoch`): the first source of that kind in sources.yaml.
4. with exactly one SOURCE named on the command line, a single file of any name is that
   source's; so is every file of a folder when none of them maps by rules 1-3.

Hidden files (`.x`, `_x`) and README.md / MANIFEST.md / LICENSE are skipped; files mapping
to no source are listed and ignored. One source's files are ingested in name order, so dated
snapshots apply oldest first. A file found under a folder (rules 2-3) keeps its upstream name,
which some parsers read (Aider's board, LMArena's arena): its source_url is the source's URL
with the last path segment replaced by the file's path in the folder, date stamps removed
(`edit_leaderboard.yml`, `model_prices_and_context_window.2026-07-24.json` -> `...window.json`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from registry.errors import LedgerError

_SKIPPED_NAMES = {"readme.md", "readme.txt", "readme", "manifest.md", "license", "license.md", "notice"}
_SEPARATORS = (".", "-", "_")
_STAMP = re.compile(r"\.\d{4}-\d{2}(?:-\d{2})?(?=\.[^.]+$)")


@dataclass
class Mapping:
    by_source: dict[str, list[Path]] = field(default_factory=dict)
    unmatched: list[Path] = field(default_factory=list)    # no configured source by that name
    unselected: list[Path] = field(default_factory=list)   # another source's, not among those named
    upstream_names: dict[Path, str] = field(default_factory=dict)  # folder-mapped file -> its path there

    def add(self, source_id: str, path: Path, upstream_name: str | None = None) -> None:
        self.by_source.setdefault(source_id, []).append(path)
        if upstream_name:
            self.upstream_names[path] = upstream_name

    def source_url(self, path: Path, url: str) -> str:
        """The provenance URL for one file (see the module docstring)."""
        name = self.upstream_names.get(path)
        parts = urlsplit(url)
        head, _, last = parts.path.rpartition("/")
        if not name or parts.query or "." not in last:
            return url
        return urlunsplit(parts._replace(path=f"{head}/{_STAMP.sub('', name)}"))


def _is_payload(path: Path) -> bool:
    return path.is_file() and not path.name.startswith((".", "_")) and path.name.lower() not in _SKIPPED_NAMES


def _named_like(name: str, key: str) -> bool:
    return name == key or (name.startswith(key) and name[len(key)] in _SEPARATORS)


def source_for_name(name: str, source_ids: Iterable[str]) -> str | None:
    """Rules 1-2: the longest id that the name is, or starts with followed by `.`, `-` or `_`."""
    matches = [sid for sid in source_ids if _named_like(name, sid)]
    return max(matches, key=len) if matches else None


def source_for_kind(folder: str, sources: Sequence[Any]) -> str | None:
    """Rule 3: the first source whose kind names the folder."""
    kinds = [s.kind for s in sources if _named_like(folder, s.kind)]
    if not kinds:
        return None
    kind = max(kinds, key=len)
    return next(s.id for s in sources if s.kind == kind)


def map_files(path: Path, sources: Sequence[Any], selected: Sequence[str] = ()) -> Mapping:
    """Assign every payload file under `path` (or `path` itself) to a configured source.

    `sources` are objects with `id` and `kind` (ingest.sources.Source)."""
    if not path.exists():
        raise LedgerError(f"no such file or folder: {path}")
    ids = [s.id for s in sources]
    mapping = Mapping()
    if path.is_file():
        sid = selected[0] if len(selected) == 1 else source_for_name(path.name, ids)
        if sid is None:
            raise LedgerError(f"{path.name}: no configured source is named like this file "
                              f"(name it <source_id>.<ext>, or give exactly one SOURCE)")
        mapping.add(sid, path)
        return mapping
    for file in sorted(p for p in path.rglob("*") if _is_payload(p)):
        parts = file.relative_to(path).parts
        sid, upstream = source_for_name(file.name, ids), None
        if sid is None and len(parts) > 1:
            sid = source_for_name(parts[0], ids) or source_for_kind(parts[0], sources)
            upstream = "/".join(parts[1:])
        if sid is None:
            mapping.unmatched.append(file)
        else:
            mapping.add(sid, file, upstream)
    if selected:
        mapping.unselected = [f for sid, fs in mapping.by_source.items() if sid not in selected for f in fs]
        mapping.by_source = {sid: fs for sid, fs in mapping.by_source.items() if sid in selected}
        if len(selected) == 1 and not mapping.by_source and mapping.unmatched:
            mapping.by_source = {selected[0]: sorted(mapping.unmatched)}
            mapping.unmatched = []
    for files in mapping.by_source.values():
        files.sort(key=lambda p: p.name)
    return mapping
