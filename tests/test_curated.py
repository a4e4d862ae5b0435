"""Curated files: valid data loads idempotently; every kind of bad input is one clear line."""
import shutil
import subprocess
import sys

import pytest

from registry import curated
from tests.conftest import FIXTURES, ROOT

COUNTED = ["orgs", "models", "model_aliases", "benchmarks", "scores", "promises", "promise_updates", "access_history"]


@pytest.fixture
def curated_copy(tmp_path):
    target = tmp_path / "curated"
    shutil.copytree(FIXTURES / "curated", target)
    return target


def _counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


def test_fixture_set_is_valid():
    result = curated.check(FIXTURES / "curated")
    assert result.errors == []
    assert [len(result.rows[f]) for f in ("orgs.yaml", "models.yaml", "aliases.yaml")] == [2, 3, 3]


def test_load_twice_changes_nothing(curated_con):
    before = _counts(curated_con)
    assert before == {"orgs": 2, "models": 3, "model_aliases": 3, "benchmarks": 2, "scores": 2,
                      "promises": 1, "promise_updates": 1, "access_history": 3}
    written = curated.load(curated_con, curated.check(FIXTURES / "curated"))
    assert set(written.values()) == {0}
    assert _counts(curated_con) == before
    assert curated_con.execute("SELECT count(*) FROM runs WHERE source_id = 'curated'").fetchone()[0] == 2


def test_muse_spark_is_loaded_as_curated(curated_con):
    row = curated_con.execute(
        "SELECT org_id, released_on::VARCHAR, access, modalities_in, reasoning_modes, predecessor_id "
        "FROM models WHERE model_id = 'muse-spark'").fetchone()
    assert row == ("meta", "2026-04-08", "private_preview", ["text", "image"], ["instant", "thinking"], "llama-4-maverick")
    status = curated_con.execute(
        "SELECT status, changed_on::VARCHAR FROM promise_updates WHERE promise_id = 'meta-open-source-future-muse'"
    ).fetchall()
    assert status == [("open", "2026-04-08")]


BREAKAGES = [
    ("models.yaml", "  org_id: openai\n  name: GPT-4o", "  org_id: closedai\n  name: GPT-4o",
     "models.yaml: row 3: org_id: unknown org 'closedai'"),
    ("models.yaml", "released_on: 2024-05-13", "released_on: 13/05/2024",
     "models.yaml: row 3 (gpt-4o): released_on: Input should be a valid date"),
    ("models.yaml", "access: api", "access: sort-of-open",
     "models.yaml: row 3 (gpt-4o): access: Input should be"),
    ("orgs.yaml", "- org_id: openai", "- org_id: meta\n  name: Meta again\n  country: US\n"
     "  homepage: https://meta.com\n  source_url: https://meta.com\n- org_id: openai",
     "orgs.yaml: row 2: duplicate org_id meta (first at row 1)"),
    ("aliases.yaml", "model_id: gpt-4o\n  source_url: https://openrouter.ai",
     "model_id: gpt-5o\n  source_url: https://openrouter.ai",
     "aliases.yaml: row 2: model_id: unknown model 'gpt-5o'"),
    ("scores.yaml", "source_url: https://openai.com/index/hello-gpt-4o/", "source_url: ftp://openai.com/x",
     "scores.yaml: row 2 (gpt-4o): source_url: Value error, must be an http(s) URL"),
    ("orgs.yaml", "- org_id: meta\n  name: Meta", "- org_id: meta\n  name: [Meta",
     "orgs.yaml: line"),
]


@pytest.mark.parametrize("filename,old,new,expected", BREAKAGES)
def test_each_breakage_is_one_clear_line(curated_copy, filename, old, new, expected):
    path = curated_copy / filename
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = curated.check(curated_copy)
    assert len(result.errors) == 1, result.errors
    assert result.errors[0].startswith(expected)
    assert "\n" not in result.errors[0]
    with pytest.raises(ValueError):
        curated.load(None, result)


def test_cli_check_rejects_a_broken_copy_and_loads_nothing(curated_copy, tmp_path):
    path = curated_copy / "models.yaml"
    path.write_text(path.read_text().replace("access: api", "access: kinda"))
    env = {"LEDGER_CURATED_DIR": str(curated_copy), "PATH": "/usr/bin:/bin"}
    check = subprocess.run([sys.executable, "-m", "registry", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0].startswith("models.yaml: row 3 (gpt-4o): access:")
    load = subprocess.run([sys.executable, "-m", "registry", "--data-dir", str(tmp_path / "d"), "load"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert load.returncode == 1
    assert "nothing loaded" in load.stderr
    assert not (tmp_path / "d" / "ledger.duckdb").exists()


def test_cli_load_publishes_a_served_snapshot(tmp_path):
    env = {"LEDGER_CURATED_DIR": str(FIXTURES / "curated"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "registry", "--data-dir", str(tmp_path), "load"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "models 3 (3 written)" in out.stdout
    assert (tmp_path / "served.duckdb").exists()


def test_on_and_no_stay_strings_in_yaml():
    from registry import yamlio
    assert yamlio.load("- {on: 2026-04-08, answer: no, flag: true}") == [
        {"on": __import__("datetime").date(2026, 4, 8), "answer": "no", "flag": True}
    ]
