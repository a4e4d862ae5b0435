"""Precision and recall of ingest.extract on the hand-labelled real feed entries, plus throughput.

    python bench/extract_eval.py [--split tune|holdout|all] [--errors] [--throughput]

Labels: tests/fixtures/labelled/events.yaml (labels only; texts are read from REALDATA_DIR, default
<repo>/../shared/realdata, through ingest.feeds.parse_feed). The index is built from data/curated.
Model-link recall counts only labelled ids that exist in the registry; the others are reported as
"not in registry" (nothing could link them).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from ingest.extract import curated_index, extract_item  # noqa: E402
from ingest.feeds import parse_feed  # noqa: E402
from ingest.text import stable_hash  # noqa: E402
from registry.records import EVENT_KINDS  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "labelled" / "events.yaml"
# The org a pipeline source for each file would carry (ingest/sources.yaml `org`); news aggregators have none.
FILE_ORGS = {
    "0xsmw-feed_anthropic_news": "anthropic", "0xsmw-feed_xai_news": "xai", "0xsmw-feed_mistral_news": "mistral",
    "0xsmw-feed_openai_research": "openai", "openai-news-rss": "openai", "google-deepmind-blog-rss": "google-deepmind",
    "google-blog-technology-ai-rss": "google-deepmind", "leontloveless-deepmind-blog": "google-deepmind",
    "ainewsdirect-meta_ai_news": "meta", "ainewsdirect-deepseek_news": "deepseek", "ainewsdirect-moonshot_blog": "moonshot",
    "ainewsdirect-z_ai_blog": "zhipu", "ainewsdirect-minimax_blog": "minimax", "ainewsdirect-anthropic_news": "anthropic",
}


def realdata_dir() -> Path:
    return Path(os.environ.get("REALDATA_DIR") or ROOT.parent / "shared" / "realdata")


def source_of(file: str) -> tuple[str, str | None]:
    """(source_id, org) for a realdata file: the file stem up to its first dot."""
    source_id = Path(file).name.split(".")[0]
    return source_id, FILE_ORGS.get(source_id.rsplit(".", 1)[0])


@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    unlinkable: int = 0
    items: int = 0
    errors: list[str] = field(default_factory=list)

    def precision(self, key: str) -> float | None:
        n = self.tp[key] + self.fp[key]
        return self.tp[key] / n if n else None

    def recall(self, key: str) -> float | None:
        n = self.tp[key] + self.fn[key]
        return self.tp[key] / n if n else None


def load_items(root: Path, files: set[str]) -> dict[tuple[str, str], object]:
    """(file, entry id or link) -> Item, for every entry of the labelled files."""
    found = {}
    for file in sorted(files):
        source_id, _ = source_of(file)
        for item in parse_feed((root / file).read_bytes(), source_id):
            found[(file, item.item_id)] = item
            if item.url:
                found.setdefault((file, item.url), item)
    return found


def _item_for(items, file: str, key: str):
    source_id, _ = source_of(file)
    for candidate in (key, stable_hash(source_id, f"guid\x1f{key}"), stable_hash(source_id, f"link\x1f{key}")):
        if (file, candidate) in items:
            return items[(file, candidate)]
    raise KeyError(f"{file}: no entry {key!r}")


def evaluate(split: str = "tune", root: Path | None = None, index=None) -> Tally:
    """Compare extract_item with the labels of one split (tune, holdout or all)."""
    root = root or realdata_dir()
    index = index or curated_index(str(ROOT / "data" / "curated"))
    labels = [row for row in yaml.safe_load(LABELS.read_text(encoding="utf-8")) if split == "all" or row["split"] == split]
    items = load_items(root, {row["file"] for row in labels})
    tally = Tally()
    for row in labels:
        item = _item_for(items, row["file"], row["entry_id_or_link"])
        found = extract_item(item, index, source_org=source_of(row["file"])[1])
        tally.items += 1
        expected, got = set(row["kinds"]), set(found.kinds)
        for kind in EVENT_KINDS:
            _count(tally, kind, kind in expected, kind in got)
        linkable = {m for m in row["model_ids"] if m in index.models}
        tally.unlinkable += len(set(row["model_ids"]) - linkable)
        for model_id in linkable | set(found.model_ids):
            _count(tally, "model_link", model_id in linkable, model_id in found.model_ids)
        if expected != got or linkable != set(found.model_ids):
            tally.errors.append(f"{row['file']} {row['entry_id_or_link']}\n   {item.title[:100]}\n"
                                f"   kinds want {sorted(expected)} got {sorted(got)}; models want {sorted(linkable)} got {found.model_ids}")
    return tally


def _count(tally: Tally, key: str, wanted: bool, got: bool) -> None:
    if wanted and got:
        tally.tp[key] += 1
    elif got:
        tally.fp[key] += 1
    elif wanted:
        tally.fn[key] += 1


def report(tally: Tally, title: str) -> str:
    def fmt(value):
        return "  n/a" if value is None else f"{value:5.2f}"

    lines = [f"{title}: {tally.items} items", f"{'kind':<13} {'prec':>5} {'rec':>5}  tp  fp  fn"]
    for key in (*EVENT_KINDS, "model_link"):
        lines.append(f"{key:<13} {fmt(tally.precision(key))} {fmt(tally.recall(key))} {tally.tp[key]:3} {tally.fp[key]:3} {tally.fn[key]:3}")
    lines.append(f"labelled model ids not in the registry (not counted): {tally.unlinkable}")
    return "\n".join(lines)


def throughput(root: Path | None = None, index=None, processes: int = 1) -> tuple[int, float, float]:
    """(items, items/s by the wall clock, items/s per busy core by CPU time) over every real feed entry (feeds-*/).

    The CPU figure is the fair one on a loaded machine: wall time counts time spent waiting for a core."""
    root = root or realdata_dir()
    index = index or curated_index(str(ROOT / "data" / "curated"))
    items = []
    for path in sorted(root.glob("feeds-*/*.xml")):
        try:
            items += [(item, source_of(str(path))[1]) for item in parse_feed(path.read_bytes(), source_of(str(path))[0])]
        except Exception:  # noqa: BLE001 - feeds-odd holds an empty feed on purpose
            continue
    wall, cpu = time.perf_counter(), os.times()
    if processes == 1:
        for item, org in items:
            extract_item(item, index, source_org=org)
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pool.starmap(_extract_one, items, chunksize=64)
            pool.close()
            pool.join()
    wall, end = time.perf_counter() - wall, os.times()
    busy = sum(end[:4]) - sum(cpu[:4])  # user + system, this process and its children
    return len(items), len(items) / wall, len(items) / busy * processes


def _extract_one(item, org):
    return extract_item(item, curated_index(str(ROOT / "data" / "curated")), source_org=org).kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune", choices=["tune", "holdout", "all"])
    parser.add_argument("--errors", action="store_true", help="list every item that differs from its label")
    parser.add_argument("--throughput", action="store_true")
    args = parser.parse_args(argv)
    if not realdata_dir().is_dir():
        print(f"REALDATA_DIR not found: {realdata_dir()}")
        return 1
    tally = evaluate(args.split)
    print(report(tally, f"split={args.split}"))
    if args.errors:
        print("\n".join(tally.errors))
    if args.throughput:
        for processes in (1, 2):
            n, wall, cpu = throughput(processes=processes)
            print(f"throughput, {processes} process(es): {n} items, {wall:,.0f} items/s wall clock, "
                  f"{cpu:,.0f} items/s by CPU time ({os.getloadavg()[0]:.1f} load average)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
