"""Precision and recall of the ID crosswalk on labelled name pairs.

    python bench/resolve_eval.py [--pairs tests/fixtures/crosswalk/pairs.yaml] [--show-errors]

Both names of a pair are resolved against a fresh registry loaded with the curated data
(`data/curated`, else the small test fixture set); a pair is predicted "same" when both names
resolve to one model_id (provisional models count: two unknown spellings of one model meet in one
discovered id). Figures are printed for the tuned two thirds and the held-out third (fixed by hash),
with curated aliases and with curated aliases disabled (normalisation only).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registry import config, curated, schema  # noqa: E402
from registry.resolve import Resolver  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "crosswalk" / "pairs.yaml"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def split_of(pair: dict) -> str:
    text = "|".join([pair["source_a"], pair["name_a"], pair["source_b"], pair["name_b"]])
    return "held_out" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 3 == 0 else "tuned"


def registry(curated_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory registry loaded with the curated data (falls back to the test fixture)."""
    con = duckdb.connect()
    schema.migrate(con)
    for directory in (curated_dir, config.curated_dir(), ROOT / "tests" / "fixtures" / "curated"):
        if directory is not None and directory.is_dir():
            checked = curated.check(directory)
            if not checked.errors:
                curated.load(con, checked)
                return con
    return con


def resolve_all(resolver: Resolver, names: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """Order-independent: match known models, then discover, then match against discoveries."""
    found = {n: resolver.resolve(*n, allow_provisional=False).model_id for n in names}
    for n in names:
        found[n] = found[n] or resolver.resolve(*n).model_id
    for n in names:
        found[n] = found[n] or resolver.resolve(*n, allow_provisional=False).model_id
    return found


def evaluate(con: duckdb.DuckDBPyConnection, pairs: list[dict], *, use_aliases: bool) -> dict:
    """{split: {tp, fp, fn, tn, precision, recall, errors}} plus an 'all' split."""
    resolver = Resolver.from_db(con, use_aliases=use_aliases)
    names = sorted({(p[f"source_{s}"], p[f"name_{s}"]) for p in pairs for s in "ab"})
    found = resolve_all(resolver, names)
    out: dict[str, dict] = {}
    for pair in pairs:
        a = found[(pair["source_a"], pair["name_a"])]
        b = found[(pair["source_b"], pair["name_b"])]
        predicted = a is not None and a == b
        cell = ("tp" if pair["same"] else "fp") if predicted else ("fn" if pair["same"] else "tn")
        for split in (split_of(pair), "all"):
            stats = out.setdefault(split, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "errors": []})
            stats[cell] += 1
            if cell in ("fp", "fn") and split != "all":
                stats["errors"].append((cell, pair["name_a"], a, pair["name_b"], b))
    for stats in out.values():
        predicted, actual = stats["tp"] + stats["fp"], stats["tp"] + stats["fn"]
        stats["precision"] = stats["tp"] / predicted if predicted else 1.0
        stats["recall"] = stats["tp"] / actual if actual else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--curated", type=Path, default=None, help="curated directory")
    parser.add_argument("--show-errors", action="store_true", help="list false merges and misses (tuned split)")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    con = registry(args.curated)
    models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    print(f"{len(pairs)} pairs ({sum(p['same'] for p in pairs)} same), registry of {models} curated models")
    print(f"{'mode':<24}{'split':<10}{'pairs':>6}{'precision':>11}{'recall':>8}{'fp':>5}{'fn':>5}")
    for label, use_aliases in (("curated aliases", True), ("normalisation only", False)):
        result = evaluate(con, pairs, use_aliases=use_aliases)
        for split in ("tuned", "held_out", "all"):
            s = result[split]
            n = s["tp"] + s["fp"] + s["fn"] + s["tn"]
            print(f"{label:<24}{split:<10}{n:>6}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['fp']:>5}{s['fn']:>5}")
        if args.show_errors:
            for error in result["tuned"]["errors"]:
                print("   ", *error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
