"""ingest.pipeline over a loopback server: ingest, idempotency, revisions, errors, backoff, guards."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from ingest import archive, pipeline, stages
from ingest.writer import run_sources
from ingest.sources import Schedule, Source
from registry import config, health, news, snapshot, store
from tests.hostile_server import OK_RSS, serve

RSS_ITEM = """<item><title>{title}</title><link>https://openai.com/index/{slug}/</link>
<guid isPermaLink="true">https://openai.com/index/{slug}/</guid><description>{summary}</description>
<pubDate>Mon, 14 Apr 2025 10:00:00 GMT</pubDate></item>"""


def rss(*entries: tuple[str, str, str]) -> bytes:
    body = "".join(RSS_ITEM.format(slug=s, title=t, summary=d) for s, t, d in entries)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>OpenAI News</title>'
            f"<link>https://openai.com/news</link><description>news</description>{body}</channel></rss>").encode()


FEED_V1 = rss(("gpt-4-1", "Introducing GPT-4.1 in the API", "Three new models in the API."),
              ("o3", "Introducing OpenAI o3 and o4-mini", "Our smartest models yet."))
FEED_V2 = rss(("gpt-4-1", "Introducing GPT-4.1 in the API", "Three new models in the API: GPT-4.1, mini and nano."),
              ("o3", "Introducing OpenAI o3 and o4-mini", "Our smartest models yet."))


def make_source(source_id: str, url: str, kind: str = "feed", interval_s: int = 3600, **extra) -> Source:
    """A Source without the 5-minute minimum interval (tests run on short schedules)."""
    fields = dict(id=source_id, kind=kind, url=url, org=extra.pop("org", "openai"),
                  schedule=Schedule(interval_s=interval_s), jitter_s=0, selectors=None, max_entries=500,
                  api_key_env=None)
    fields.update(extra)
    return Source.model_construct(**fields)


def extraction_available() -> bool:
    try:
        import ingest.extract  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def paths(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", "127.0.0.1")
    if not extraction_available():  # until ingest.extract lands, extraction finds nothing
        monkeypatch.setattr(stages, "extract", lambda con, items, org_id: {})
    return config.paths(tmp_path / "data")


@pytest.fixture
def writer(paths):
    con = store.open_writer(paths.ledger)
    yield con
    con.close()


def count(con, table: str, where: str = "true") -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def run(con, source, paths, **kwargs):
    return pipeline.run_source(con, source, paths=paths, min_free_bytes=0, **kwargs)


def versioned(*bodies: bytes):
    """A route serving bodies[0], then bodies[1], ... (the last one repeats)."""
    return lambda h, n: h.reply(200, bodies[min(n, len(bodies)) - 1])


def test_a_good_feed_is_ingested_archived_recorded_and_published(paths, writer):
    with serve() as server:
        result = run(writer, make_source("openai-news", server.url("/ok")), paths)
    assert (result.status, result.items_new, result.items_seen) == ("ok", 2, 2)
    assert count(writer, "items") == 2 and count(writer, "item_revisions") == 2
    assert writer.execute("SELECT status, items_new FROM runs").fetchall() == [("ok", 2)]
    state = health.get(writer, "openai-news")
    assert state.error_count == 0 and state.last_ok_at is not None
    assert state.content_hash == archive.content_hash(OK_RSS)
    assert [a.sha256 for a in archive.iter_archived(paths.raw_dir, "openai-news")] == [state.content_hash]
    reader = snapshot.open_served(paths.served)   # staleness is queryable by readers
    assert reader.execute("SELECT source_id, is_stale FROM source_health").fetchall() == [("openai-news", False)]
    reader.close()
    assert "source=openai-news" in result.log_line() and "status=ok" in result.log_line()


def test_unchanged_upstream_inserts_nothing(paths, writer):
    with serve() as server:
        etag_source = make_source("etag-feed", server.url("/etag"))
        same_source = make_source("same-feed", server.url("/ok"))
        first = [run(writer, s, paths) for s in (etag_source, same_source)]
        rows = count(writer, "items"), count(writer, "item_revisions")
        second = [run(writer, s, paths) for s in (etag_source, same_source)]
        assert server.requests[-2][1].get("If-None-Match") == '"v1"'  # conditional GET sent
    assert [r.status for r in first] == ["ok", "ok"]
    assert [r.status for r in second] == ["not_modified", "not_modified"]
    assert [r.http_status for r in second] == [304, 200]       # 304, then identical content hash
    assert (count(writer, "items"), count(writer, "item_revisions")) == rows
    assert count(writer, "runs", "status = 'not_modified'") == 2


def test_a_changed_entry_becomes_revision_two_and_nothing_is_deleted(paths, writer):
    with serve({"/feed": versioned(FEED_V1, FEED_V2, rss(("o3", "Introducing OpenAI o3 and o4-mini",
                                                          "Our smartest models yet.")))}) as server:
        source = make_source("openai-news", server.url("/feed"))
        results = [run(writer, source, paths) for _ in range(3)]
    assert [(r.items_new, r.items_changed) for r in results] == [(2, 0), (0, 1), (0, 0)]
    revisions = writer.execute(
        "SELECT revision, summary_text FROM item_revisions WHERE item_id IN "
        "(SELECT item_id FROM items WHERE url LIKE '%gpt-4-1%') ORDER BY revision").fetchall()
    assert [r[0] for r in revisions] == [1, 2] and "nano" in revisions[1][1]
    assert count(writer, "items") == 2  # the entry missing from the third fetch is kept
    assert writer.execute("SELECT max(revision) FROM items").fetchone()[0] == 2


@pytest.mark.parametrize(("route", "kind"), [
    ("/wrong-ctype", "not_a_feed"), ("/500", "http_5xx"), ("/410", "http_4xx"), ("/429", "rate_limited"),
])
def test_failures_are_recorded_with_their_kind_and_old_data_kept(paths, writer, route, kind):
    with serve({"/feed": versioned(FEED_V1)}) as server:
        source = make_source("openai-news", server.url("/feed"))
        assert run(writer, source, paths).status == "ok"
        failing = make_source("openai-news", server.url(route))
        result = run(writer, failing, paths)
    assert (result.status, result.error_kind) == ("error", kind)
    assert count(writer, "items") == 2
    state = health.get(writer, "openai-news")
    assert (state.error_count, state.last_error_kind) == (1, kind)
    assert state.last_ok_at is not None
    run_row = writer.execute("SELECT status, error_kind, error FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    assert run_row[:2] == ("error", kind) and run_row[2]
    if route == "/429":  # Retry-After: 120 honoured
        assert state.next_check_at >= state.last_run_at + timedelta(seconds=119)


def test_a_hanging_server_is_bounded_by_the_deadline_and_others_continue(paths, writer, monkeypatch):
    monkeypatch.setenv("LEDGER_FETCH_DEADLINE_S", "1.5")
    with serve() as server:
        hanging = make_source("hanging", server.url("/hang"))
        good = make_source("good", server.url("/ok"))
        started = time.monotonic()
        results = run_sources(writer, [hanging, good], paths=paths, min_free_bytes=0)
        elapsed = time.monotonic() - started
    assert elapsed < 8
    assert [(r.source_id, r.status) for r in results] == [("hanging", "error"), ("good", "ok")]
    assert results[0].error_kind in ("timeout", "deadline")


def test_a_parser_bug_is_an_error_for_that_source_only(paths, writer, monkeypatch):
    real_parse = stages.parse

    def broken(source, body, url, now):
        if source.id == "broken":
            raise ZeroDivisionError("boom")
        return real_parse(source, body, url, now)

    monkeypatch.setattr(stages, "parse", broken)
    with serve() as server:
        results = run_sources(writer, [make_source("broken", server.url("/ok")),
                                                make_source("good", server.url("/ok"))],
                                       paths=paths, min_free_bytes=0)
    assert [(r.status, r.error_kind) for r in results] == [("error", "bug"), ("ok", None)]
    assert count(writer, "items", "source_id = 'broken'") == 0  # rolled back
    assert "ZeroDivisionError" in results[0].error


def test_backoff_grows_with_errors_and_resets_on_success(paths, writer):
    with serve() as server:
        failing = make_source("flaky", server.url("/500"))
        delays = []
        for _ in range(4):
            result = run(writer, failing, paths)
            state = health.get(writer, "flaky")
            delays.append((state.next_check_at - state.last_run_at).total_seconds())
            assert result.error_kind == "http_5xx"
        assert health.get(writer, "flaky").error_count == 4
        ceilings = [min(900, 3600) * 2**n for n in range(4)]
        assert all(60 <= d <= c + 1 for d, c in zip(delays, ceilings))
        run(writer, make_source("flaky", server.url("/ok")), paths)
    state = health.get(writer, "flaky")
    assert (state.error_count, state.last_error, state.last_error_kind) == (0, None, None)
    assert abs((state.next_check_at - state.last_ok_at).total_seconds() - 3600) < 1


def test_a_source_without_its_api_key_is_skipped_not_failed(paths, writer, monkeypatch):
    monkeypatch.delenv("ARTIFICIAL_ANALYSIS_API_KEY", raising=False)
    source = make_source("artificial-analysis", "https://artificialanalysis.ai/api/v2/data/llms/models",
                         kind="artificial-analysis", api_key_env="ARTIFICIAL_ANALYSIS_API_KEY")
    result = run(writer, source, paths)
    assert (result.status, result.error_kind) == ("skipped", "missing_api_key")
    assert "ARTIFICIAL_ANALYSIS_API_KEY" in result.error
    state = health.get(writer, "artificial-analysis")
    assert state.error_count == 0 and state.last_error_kind == "missing_api_key"


def test_low_disk_skips_the_run_with_disk_full(paths, writer):
    with serve() as server:
        result = pipeline.run_source(writer, make_source("openai-news", server.url("/ok")), paths=paths,
                                     min_free_bytes=2**62)
        assert server.hits["/ok"] == 0
    assert (result.status, result.error_kind) == ("skipped", "disk_full")
    assert count(writer, "items") == 0


def test_payload_bytes_replace_the_fetch_and_replay_adds_no_revisions(paths, writer):
    source = make_source("openai-news", "https://openai.com/news/rss.xml")
    assert run(writer, source, paths, from_bytes=FEED_V1).items_new == 2
    assert run(writer, source, paths, from_bytes=FEED_V2).items_changed == 1
    again = [run(writer, source, paths, from_bytes=a.read(), replay=True)
             for a in archive.iter_archived(paths.raw_dir, "openai-news")]
    assert [(r.status, r.items_new, r.items_changed) for r in again] == [("ok", 0, 0), ("ok", 0, 0)]
    assert count(writer, "item_revisions") == 3
    assert news.stored_items(writer, "openai-news")  # known hashes are read back


def test_extraction_results_are_stored_with_the_items(paths, writer, monkeypatch):
    from registry.records import Event, Extraction, NameCandidate, PromiseCandidate, Score

    def fake_extract(con, items, org_id):
        out = {}
        for item in items:
            out[item.item_id] = Extraction(
                item.item_id, kinds=["release"], model_ids=["gpt-4.1"],
                events=[Event(item.item_id, "release", "gpt-4.1", "openai", 0.9)],
                scores=[Score("gpt-4.1", "swe-bench-verified", 54.6, "vendor", "openai-news", item_id=item.item_id)],
                promise_candidates=[PromiseCandidate(item.item_id, "We plan to open-source it.", "openai")],
                name_candidates=[NameCandidate("openai-news", "GPT-4.1 nano", "unknown model")])
        return out

    monkeypatch.setattr(stages, "extract", fake_extract)
    source = make_source("openai-news", "https://openai.com/news/rss.xml")
    run(writer, source, paths, from_bytes=FEED_V1)
    assert count(writer, "events") == 2 and count(writer, "scores") == 2
    assert count(writer, "promise_candidates") == 2
    assert writer.execute("SELECT seen_count FROM review_names").fetchall() == [(1,)]
    run(writer, source, paths, from_bytes=FEED_V2)  # one changed item: extracted again
    assert writer.execute("SELECT seen_count FROM review_names").fetchall() == [(2,)]
    assert count(writer, "events") == 2  # same event ids: no duplicates
