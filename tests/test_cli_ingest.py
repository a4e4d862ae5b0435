"""`python -m ingest ...`: run (live and --from), seed, sources, replay, extract; exit codes."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from ingest import payload_files
from ingest.__main__ import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, build_parser, main
from ingest.lock import writer_lock
from registry import config
from tests.conftest import ROOT
from tests.hostile_server import serve
from tests.test_pipeline import FEED_V1, FEED_V2

SAMPLES = ROOT / "data" / "samples"


def write_sources(path: Path, entries: list[dict]) -> Path:
    lines = ["sources:"]
    for entry in entries:
        lines.append(f"  - id: {entry['id']}")
        lines += [f"    {k}: {v}" for k, v in entry.items() if k != "id"]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("LEDGER_MIN_FREE_MB", "0")
    monkeypatch.setenv("LEDGER_SOURCES", str(write_sources(tmp_path / "sources.yaml", [
        {"id": "openai-news", "kind": "feed", "url": "https://openai.com/news/rss.xml", "org": "openai"},
        {"id": "openai-news.archive", "kind": "feed", "url": "https://openai.com/news/archive.xml"},
        {"id": "aider-polyglot", "kind": "aider",
         "url": "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/polyglot_leaderboard.yml"},
    ])))
    return tmp_path


def ledger_rows(env: Path, sql: str):
    con = duckdb.connect(str(config.paths().served), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_help_documents_every_command_and_the_file_rule(capsys):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == {"run", "seed", "sources", "replay", "extract", "schedule"}
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = capsys.readouterr().out
    assert "<source_id>" in text and "exactly one SOURCE" in text and "lock_held" in text


def test_file_names_map_to_sources(tmp_path):
    sources = [SimpleNamespace(id=i, kind=k) for i, k in (
        ("openai-news", "feed"), ("openai-news.archive", "feed"), ("aider-polyglot", "aider"),
        ("litellm-prices", "litellm"), ("epoch-ai-models", "epoch"))]
    for name in ("openai-news.xml", "openai-news.archive.2025.xml", "openai-news-rss.2025-07-26.xml",
                 "aider-polyglot/board.yml", "aider/edit_leaderboard.yml", "litellm/prices.2026-07-24.json",
                 "litellm/prices.2025-07-22.json", "epoch-ai/all_ai_models.csv", "README.md", "stranger.json",
                 ".hidden", "feeds/unknown.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    mapping = payload_files.map_files(tmp_path, sources)
    assert {k: [p.name for p in v] for k, v in mapping.by_source.items()} == {
        "openai-news": ["openai-news-rss.2025-07-26.xml", "openai-news.xml"],
        "openai-news.archive": ["openai-news.archive.2025.xml"],
        "aider-polyglot": ["board.yml", "edit_leaderboard.yml"],       # by folder id, by folder kind
        "litellm-prices": ["prices.2025-07-22.json", "prices.2026-07-24.json"],   # oldest snapshot first
        "epoch-ai-models": ["all_ai_models.csv"]}
    assert sorted(p.name for p in mapping.unmatched) == ["stranger.json", "unknown.xml"]
    board = "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/polyglot_leaderboard.yml"
    edit, own = mapping.by_source["aider-polyglot"][1], mapping.by_source["openai-news"][1]
    assert mapping.source_url(edit, board) == board.replace("polyglot_leaderboard", "edit_leaderboard")
    assert mapping.source_url(mapping.by_source["litellm-prices"][1], "https://x.test/a/prices.json") == \
        "https://x.test/a/prices.json"                                 # date stamp removed
    assert mapping.source_url(own, "https://openai.com/news/rss.xml") == "https://openai.com/news/rss.xml"
    single = payload_files.map_files(tmp_path / "stranger.json", sources, ["openai-news"])
    assert list(single.by_source) == ["openai-news"]


def test_run_from_a_file_ingests_it_and_again_adds_nothing(env, capsys):
    saved = env / "openai-news.xml"
    saved.write_bytes(FEED_V1)
    assert main(["run", "--from", str(saved)]) == EXIT_OK
    assert "openai-news" in capsys.readouterr().out
    assert ledger_rows(env, "SELECT count(*) FROM items") == [(2,)]
    assert main(["run", "--from", str(saved)]) == EXIT_OK
    assert ledger_rows(env, "SELECT count(*), max(revision) FROM items") == [(2, 1)]
    renamed = env / "todays-download.rss"
    renamed.write_bytes(FEED_V2)
    assert main(["run", "openai-news", "--from", str(renamed)]) == EXIT_OK   # any name with one SOURCE
    assert ledger_rows(env, "SELECT max(revision) FROM items") == [(2,)]
    health = ledger_rows(env, "SELECT last_ok_at, error_count FROM sources WHERE source_id = 'openai-news'")
    assert health == [(None, 0)]  # offline imports leave the live health alone


def test_usage_errors_are_one_line_with_exit_code_2(env, capsys):
    assert main(["run", "no-such-source"]) == EXIT_USAGE
    assert capsys.readouterr().err.strip().count("\n") == 0
    stranger = env / "stranger.xml"
    stranger.write_bytes(FEED_V1)
    assert main(["run", "--from", str(stranger)]) == EXIT_USAGE
    assert "no configured source" in capsys.readouterr().err
    assert main(["run", "--from", str(env / "missing.xml")]) == EXIT_USAGE


def test_live_run_reports_failures_with_exit_code_1_and_sources_shows_them(env, monkeypatch, capsys):
    with serve() as server:
        monkeypatch.setenv("LEDGER_SOURCES", str(write_sources(env / "live.yaml", [
            {"id": "good-feed", "kind": "feed", "url": server.url("/ok")},
            {"id": "challenge", "kind": "feed", "url": server.url("/wrong-ctype")},
        ])))
        assert main(["run"]) == EXIT_FAILED
    out = capsys.readouterr().out
    assert "not_a_feed" in out and "good-feed" in out
    assert main(["sources", "--json"]) == EXIT_OK
    rows = {r["source_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["challenge"]["last_error_kind"] == "not_a_feed" and rows["challenge"]["stale"] is True
    assert rows["good-feed"]["error_count"] == 0 and rows["good-feed"]["stale"] is False
    assert main(["sources"]) == EXIT_OK
    assert "STALE" in capsys.readouterr().out


def test_seed_imports_every_sample_to_its_source(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEDGER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LEDGER_SOURCES", raising=False)
    assert main(["seed", str(SAMPLES)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "ignored" not in captured.err
    assert "error=0" in captured.out
    assert ledger_rows(tmp_path, "SELECT count(*) FROM items")[0][0] >= 15
    statuses = ledger_rows(tmp_path, "SELECT status, count(*) FROM runs GROUP BY ALL")
    assert dict(statuses) == {"ok": len([p for p in SAMPLES.iterdir() if p.name != "README.md"])}
    assert main(["seed", str(SAMPLES)]) == EXIT_OK
    assert "new=0 changed=0" in capsys.readouterr().out


def test_replay_reparses_the_archive_without_new_revisions(env, capsys):
    for n, body in enumerate((FEED_V1, FEED_V2)):
        saved = env / f"openai-news.{n}.xml"
        saved.write_bytes(body)
        assert main(["run", "--from", str(saved)]) == EXIT_OK
    capsys.readouterr()
    assert main(["replay"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("openai-news") == 2 and "new=0 changed=0" in out
    assert ledger_rows(env, "SELECT count(*) FROM item_revisions") == [(3,)]


def test_extract_prints_one_json_line_per_entry_and_writes_nothing(env, monkeypatch, capsys):
    curated = env / "curated"  # the curated set without its 500 KB alias list (slow YAML), for speed
    curated.mkdir()
    for path in (ROOT / "data" / "curated").glob("*.yaml"):
        text = "[]\n" if path.name == "aliases.yaml" else path.read_text()
        (curated / path.name).write_text(text)
    monkeypatch.setenv("LEDGER_CURATED_DIR", str(curated))
    assert main(["extract", str(SAMPLES / "openai-news.xml"), "--json"]) == EXIT_OK
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 5 and all("kinds" in entry for entry in lines)
    assert not (env / "data").exists()


def test_a_held_writer_lock_is_a_clear_lock_held_error(env, capsys):
    paths = config.paths()
    saved = env / "openai-news.xml"
    saved.write_bytes(FEED_V1)
    with writer_lock(paths.lock_file):
        assert main(["run", "--from", str(saved)]) == EXIT_LOCKED
    err = capsys.readouterr().err
    assert err.startswith("error: lock_held:") and "already running (pid" in err
