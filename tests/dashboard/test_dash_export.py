"""Exports: every listed chart writes PNG, SVG, HTML and CSV from the CLI on the fixture
snapshot, each carrying title, sources and as-of time (one kaleido server per session)."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
import pytest
from dash_helpers import ROOT

from dashboard import charts, export
from dashboard.__main__ import main

needs_chromium = pytest.mark.skipif(not export.images_available(), reason="no Chromium for kaleido")


@pytest.fixture(scope="module", autouse=True)
def _one_kaleido_server():
    yield
    export.shutdown()


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_list_names_every_chart():
    result = _cli("--list")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == charts.names()


@needs_chromium
def test_cli_process_writes_png_and_csv_and_exits_cleanly(ledger_dir, tmp_path):
    result = _cli("run-history", "--out", str(tmp_path / "r.png"), "--out", str(tmp_path / "r.csv"),
                  env={"LEDGER_DATA_DIR": str(ledger_dir)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
@pytest.mark.parametrize("name", charts.names())
def test_chart_exports_all_four_formats(ledger_dir, tmp_path, name, capsys):
    outs = [tmp_path / f"{name}.{fmt}" for fmt in export.FORMATS]
    args = ["export", name, "--data-dir", str(ledger_dir)] + [a for out in outs for a in ("--out", str(out))]
    assert main(args) == 0
    png, svg, html, csv = (out.read_bytes() for out in outs)
    chart = charts.get(name)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.lstrip().startswith(b"<svg") and b"Frontier Ledger" in svg
    assert b"plotly" in html and b"Data as of" in html and chart.title.encode() in html
    lines = csv.decode().splitlines()
    assert lines[0] == f"# Frontier Ledger: {chart.title}" and lines[1].startswith("# sources: ")
    assert lines[2].startswith("# as of: 20") and "," in lines[3]
    assert not pd.read_csv(io.StringIO(csv.decode()), skiprows=3).empty
    assert capsys.readouterr().out.count("wrote ") == 4


def test_csv_options_filter_the_data(ledger_dir, tmp_path):
    out = tmp_path / "claims.csv"
    assert main(["export", "claims-gap", "--benchmark", "gpqa-diamond", "--models", "gpt-5,Claude Opus 4.1",
                 "--data-dir", str(ledger_dir), "--out", str(out)]) == 0
    frame = pd.read_csv(out, skiprows=3)
    assert set(frame["benchmark_id"]) == {"gpqa-diamond"} and set(frame["model_id"]) == {"gpt-5", "claude-opus-4.1"}
    out = tmp_path / "releases.csv"
    assert main(["export", "releases-timeline", "--since", "2026-01-01", "--data-dir", str(ledger_dir),
                 "--out", str(out)]) == 0
    assert len(pd.read_csv(out, skiprows=3)) == 3


def test_csv_cells_are_formula_neutralised(tmp_path):
    meta = export.Meta("t", "s", None)
    text = export.to_csv(pd.DataFrame({"title": ["=1+1", "ok"]}), meta)
    assert text.splitlines()[3:] == ["title", "'=1+1", "ok"]


@pytest.mark.parametrize(("args", "message"), [
    (["nope", "--out", "x.csv"], "unknown chart"),
    (["run-history", "--out", "x.pdf"], "use .png, .svg, .html or .csv"),
    (["compare-benchmarks", "--models", "gpt-5,not-a-model", "--out", "x.csv"], "unknown model(s): not-a-model"),
])
def test_cli_errors_are_one_line(ledger_dir, tmp_path, capsys, args, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main(["export", *args, "--data-dir", str(ledger_dir)]) == 2
    assert message in capsys.readouterr().err


def test_cli_without_snapshot(tmp_path, capsys):
    assert main(["export", "run-history", "--data-dir", str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 2
    assert "no snapshot" in capsys.readouterr().err


def test_images_fail_fast_without_chromium(ledger_dir, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    fig = charts.get("run-history").build(pd.DataFrame())
    meta = export.Meta("t", "s", None)
    with pytest.raises(export.ExportError, match="needs Chromium"):
        export.to_png(fig, meta)
    assert "plotly" in export.to_html(fig, meta)  # HTML and CSV need no browser
