"""`python -m dashboard export --list` and `python -m dashboard export CHART --out FILE...`.

Reads `served.duckdb` from --data-dir, $LEDGER_DATA_DIR or ./data. The output format follows
the file suffix (.png, .svg, .html, .csv); repeat --out to write several formats at once.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard import charts, data, export
from registry.errors import LedgerError


def _list() -> int:
    width = max(len(n) for n in charts.names())
    for chart in charts.CHARTS.values():
        params = " ".join(f"--{p}" for p in chart.params) or "-"
        print(f"{chart.name:<{width}}  {chart.page:<13}  {chart.title}  [{params}]")
    return 0


def _resolve_models(raw: str | None, path: Path) -> list[str] | None:
    if not raw:
        return None
    wanted = [m.strip() for m in raw.split(",") if m.strip()]
    known = data.run("model_names", path=path)
    by_key = {str(k).lower(): mid for mid, name in zip(known["model_id"], known["name"]) for k in (mid, name)}
    missing = [m for m in wanted if m.lower() not in by_key]
    if missing:
        raise LedgerError(f"unknown model(s): {', '.join(missing)} (use model ids such as "
                          f"{', '.join(known['model_id'].head(3))})")
    return [by_key[m.lower()] for m in wanted]


def export_chart(name: str, outs: list[Path], *, path: Path, models: str | None = None,
                 benchmark: str | None = None, since: date | None = None) -> list[Path]:
    """Build one named chart from the snapshot at `path` and write it to each of `outs`."""
    chart = charts.get(name)
    if not path.exists():
        raise LedgerError(f"no snapshot at {path}: run `{data.LOAD_COMMAND}` first")
    model_ids = _resolve_models(models, path)
    if chart.needs_models and not model_ids:
        model_ids = data.run(chart.default_models, path=path) or data.run("default_compare_models", path=path)
    kwargs = charts.query_kwargs(chart, models=model_ids, benchmark=benchmark, since=since)
    if chart.needs_models:
        kwargs["model_ids"] = model_ids
    frame = data.run(chart.query, path=path, **kwargs)
    title = chart.title + (f" — {benchmark}" if benchmark and "benchmark" in chart.params else "")
    meta = export.Meta(title, charts.sources_of(chart, frame), data.run("snapshot_published_at", path=path))
    figure = chart.build(frame, title)
    return [export.write(out, figure, frame, meta) for out in outs]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Frontier Ledger dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser(
        "export", help="write a chart as PNG, SVG, HTML or CSV",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Every export names its title, sources and data as-of time: a footer in PNG/SVG/HTML,\n"
               "and three '# ' comment lines before the header in CSV (read with pandas.read_csv(f, skiprows=3)).\n"
               "PNG/SVG need Chromium (kaleido); HTML is self-contained (plotly.js inlined).\n"
               "example: python -m dashboard export compare-benchmarks --models muse-spark,gpt-5 --out cmp.png",
    )
    exp.add_argument("chart", nargs="?", help="chart name (see --list)")
    exp.add_argument("--list", action="store_true", help="list chart names and their parameters")
    exp.add_argument("--models", help="comma-separated model ids (default: a sensible selection)")
    exp.add_argument("--benchmark", help="benchmark id, e.g. gpqa-diamond")
    exp.add_argument("--since", type=date.fromisoformat, help="only data from this date (YYYY-MM-DD)")
    exp.add_argument("--out", action="append", type=Path, default=[],
                     help="output file; the suffix picks the format (.png .svg .html .csv); repeatable")
    exp.add_argument("--data-dir", help="data directory (default: $LEDGER_DATA_DIR or ./data)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list:
        return _list()
    if not args.chart or not args.out:
        parser.error("give a chart name and at least one --out FILE (or --list)")
    try:
        written = export_chart(args.chart, args.out, path=data.served_path(args.data_dir),
                               models=args.models, benchmark=args.benchmark, since=args.since)
    except (LedgerError, KeyError) as exc:
        print(f"error: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        export.shutdown()  # close Chromium before exit so its profile directory can be removed
    sys.exit(code)
