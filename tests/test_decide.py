"""ingest.decide: pure rules for items (new / changed / unchanged) and for scheduling."""
from datetime import datetime, timedelta

import pytest

from ingest import decide
from ingest.decide import CHANGED, NEW, UNCHANGED, Stored
from registry.records import Item

NOW = datetime(2026, 4, 8, 12, 0, 0)


def item(item_id: str, content: str) -> Item:
    return Item(item_id=item_id, source_id="s", key_kind="guid", url=None, title=content, summary_text="",
                published_at=None, date_flag=None, content_hash=f"h-{content}")


@pytest.mark.parametrize(
    ("stored", "parsed", "expected"),
    [
        ({}, item("a", "v1"), (NEW, 1)),
        ({"a": Stored("h-v1", 1)}, item("a", "v1"), (UNCHANGED, 1)),
        ({"a": Stored("h-v1", 1)}, item("a", "v2"), (CHANGED, 2)),
        ({"a": Stored("h-v2", 4)}, item("a", "v3"), (CHANGED, 5)),
        ({"a": Stored("h-x", decide.MAX_REVISIONS)}, item("a", "y"), (UNCHANGED, decide.MAX_REVISIONS)),
    ],
)
def test_items_are_new_changed_or_unchanged(stored, parsed, expected):
    [decision] = decide.decide_items(stored, [parsed])
    assert (decision.action, decision.revision) == expected


def test_repeated_item_id_keeps_the_first_entry():
    decisions = decide.decide_items({}, [item("a", "first"), item("a", "second"), item("b", "x")])
    assert [(d.item.item_id, d.item.title) for d in decisions] == [("a", "first"), ("b", "x")]
    assert decide.count(decisions) == {NEW: 2, CHANGED: 0, UNCHANGED: 0}


def test_replay_of_older_content_is_not_a_change():
    stored = {"a": Stored("h-v2", 2, frozenset({"h-v1", "h-v2"}))}
    assert decide.decide_items(stored, [item("a", "v1")], replay=True)[0].action == UNCHANGED
    assert decide.decide_items(stored, [item("a", "v1")])[0].action == CHANGED  # live: content went back


def test_success_schedules_one_interval_ahead():
    assert decide.next_check_at(NOW, 3600) == NOW + timedelta(hours=1)


def test_backoff_ceiling_grows_exponentially_to_the_cap():
    ceilings = [decide.backoff_ceiling_s(n, 3600) for n in range(1, 12)]
    assert ceilings[:4] == [900, 1800, 3600, 7200]
    assert ceilings == sorted(ceilings)
    assert ceilings[-1] == decide.BACKOFF_CAP_S
    assert decide.backoff_ceiling_s(1, 60) == 60            # a short interval retries sooner
    assert decide.backoff_ceiling_s(10_000, 60) == decide.BACKOFF_CAP_S  # never overflows, never disabled


def test_backoff_uses_full_jitter_with_a_floor():
    top = lambda lo, hi: hi  # noqa: E731
    bottom = lambda lo, hi: lo  # noqa: E731
    assert decide.next_check_at(NOW, 3600, error_count=3, uniform=top) == NOW + timedelta(seconds=3600)
    assert decide.next_check_at(NOW, 3600, error_count=3, uniform=bottom) == NOW + timedelta(seconds=60)
    for _ in range(200):
        delay = (decide.next_check_at(NOW, 3600, error_count=2) - NOW).total_seconds()
        assert 60 <= delay <= 1800


@pytest.mark.parametrize(("retry_after", "expected_s"), [
    (120, 120), (7200, 7200), (99_999_999, decide.RETRY_AFTER_CAP_S), (None, 60),
])
def test_retry_after_is_honoured_and_capped(retry_after, expected_s):
    when = decide.next_check_at(NOW, 3600, error_count=1, retry_after_s=retry_after, uniform=lambda lo, hi: lo)
    assert when == NOW + timedelta(seconds=expected_s)


def test_is_due():
    assert decide.is_due(None, NOW)
    assert decide.is_due(NOW, NOW)
    assert not decide.is_due(NOW + timedelta(seconds=1), NOW)


def test_stale_after_twice_the_interval_without_success():
    assert not decide.is_stale(NOW - timedelta(hours=2), 3600, NOW)
    assert decide.is_stale(NOW - timedelta(hours=2, seconds=1), 3600, NOW)
    assert decide.is_stale(None, 3600, NOW, last_run_at=NOW)        # tried, never succeeded
    assert not decide.is_stale(None, 3600, NOW)                     # never tried yet


def test_a_persistent_failure_backs_off_to_the_cap_and_keeps_polling():
    """RELIABILITY A8/F8: 404/410 for days: the interval grows to the cap, polling continues."""
    now, errors, delays = NOW, 0, []
    for _ in range(15):
        errors += 1
        nxt = decide.next_check_at(now, 3600, error_count=errors, uniform=lambda lo, hi: hi)
        delays.append((nxt - now).total_seconds())
        now = nxt
    assert delays == sorted(delays)
    assert delays[-1] == decide.BACKOFF_CAP_S
    assert decide.next_check_at(now, 3600, error_count=0) == now + timedelta(hours=1)  # reset on success
