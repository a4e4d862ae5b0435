"""Promise auto-resolution, overdue logic and kept-rate arithmetic on the curated fixture set."""
from datetime import date

import pandas as pd

from registry import curated, promises, queries, store
from tests.conftest import FIXTURES

HF_URL = "https://huggingface.co/facebook/Muse-Spark-Open"


def _status(con, promise_id="meta-open-source-future-muse"):
    return con.execute("SELECT status FROM promises WHERE promise_id = ?", [promise_id]).fetchone()[0]


def _publish_muse_weights(con, released="2026-09-01", family="Muse"):
    model = {"model_id": "muse-spark-open", "org_id": "meta", "name": "Muse Spark Open", "family": family,
             "released_on": released, "status": "discovered", "access": "open_weights", "source_id": "hf-hub",
             "source_url": HF_URL}
    store.upsert(con, "models", pd.DataFrame([model]), ["model_id"], "run-hf")
    access = {"model_id": "muse-spark-open", "access": "open_weights", "license": "other",
              "valid_from": released, "evidence": HF_URL, "source_id": "hf-hub", "source_url": HF_URL}
    store.upsert(con, "access_history", pd.DataFrame([access]), ["model_id", "source_id", "valid_from"], "run-hf")


def test_muse_promise_stays_open_without_open_weights(curated_con):
    assert promises.resolve_all(curated_con) == 0
    assert _status(curated_con) == "open"


def test_open_weights_for_the_family_flip_the_promise_to_kept_with_evidence(curated_con):
    _publish_muse_weights(curated_con)
    assert promises.resolve_all(curated_con) == 1
    assert _status(curated_con) == "kept"
    row = curated_con.execute(
        "SELECT status, changed_on::VARCHAR, evidence_url, source_id FROM promise_updates "
        "WHERE promise_id = 'meta-open-source-future-muse' ORDER BY changed_on").fetchall()
    assert row == [("open", "2026-04-08", "https://ai.meta.com/blog/", "curated"),
                   ("kept", "2026-09-01", HF_URL, "auto")]


def test_weights_published_before_the_promise_do_not_count(curated_con):
    _publish_muse_weights(curated_con, released="2026-03-01")
    assert promises.resolve_all(curated_con) == 0
    assert _status(curated_con) == "open"


def test_other_families_do_not_count(curated_con):
    _publish_muse_weights(curated_con, family="Llama 5")
    curated_con.execute("UPDATE models SET name = 'Llama 5' WHERE model_id = 'muse-spark-open'")
    assert promises.resolve_all(curated_con) == 0


def test_kept_survives_removal_of_evidence_and_curated_reload(curated_con):
    _publish_muse_weights(curated_con)
    promises.resolve_all(curated_con)
    curated_con.execute("DELETE FROM access_history WHERE source_id = 'hf-hub'")
    curated_con.execute("UPDATE models SET access = 'private_preview' WHERE model_id = 'muse-spark-open'")
    curated.load(curated_con, curated.check(FIXTURES / "curated"))  # YAML still says open
    assert _status(curated_con) == "kept"
    assert promises.resolve_all(curated_con) == 0
    assert _status(curated_con) == "kept"


def test_overdue_only_after_the_due_date(curated_con):
    curated_con.execute("UPDATE promises SET due_on = DATE '2026-10-08'")
    before = queries.promises(curated_con, today=date(2026, 10, 8))
    after = queries.promises(curated_con, today=date(2026, 10, 9))
    assert before.loc[0, ["is_overdue", "age_days"]].tolist() == [False, 183]
    assert after.loc[0, ["is_overdue", "age_days"]].tolist() == [True, 184]
    curated_con.execute("UPDATE promises SET status = 'kept'")
    assert bool(queries.promises(curated_con, today=date(2026, 10, 9)).loc[0, "is_overdue"]) is False


def test_kept_rate_arithmetic(con):
    store.upsert(con, "orgs", pd.DataFrame([{"org_id": "xai", "name": "xAI"}]), ["org_id"])
    rows = [("p1", "kept"), ("p2", "kept"), ("p3", "broken"), ("p4", "partly_kept"), ("p5", "open"), ("p6", "withdrawn")]
    frame = pd.DataFrame([{"promise_id": p, "org_id": "xai", "status": s} for p, s in rows])
    store.upsert(con, "promises", frame, ["promise_id"])
    rate = queries.promise_kept_rate(con).iloc[0]
    assert rate[["promises", "kept", "partly_kept", "broken", "open", "withdrawn"]].tolist() == [6, 2, 1, 1, 1, 1]
    assert rate["kept_rate_pct"] == 62.5  # (2 + 0.5) / 4 resolved


def test_api_ga_and_weights_published_predicates(curated_con):
    assert promises.evaluate(curated_con, {"kind": "weights_published", "model_id": "llama-4-maverick"}).on == date(2025, 4, 5)
    assert promises.evaluate(curated_con, {"kind": "weights_published", "model_id": "muse-spark"}) is None
    assert promises.evaluate(curated_con, {"kind": "api_ga", "model_id": "gpt-4o"}) is None
    terms = {"model_id": "gpt-4o", "provider": "openai", "source_id": "openrouter", "valid_from": "2024-05-13 00:00:00",
             "observed_at": "2024-05-13 00:00:00", "availability": "ga", "source_url": "https://openrouter.ai/openai/gpt-4o"}
    store.upsert(con := curated_con, "api_terms", pd.DataFrame([terms]), ["model_id", "provider", "source_id", "valid_from"])
    found = promises.evaluate(con, {"kind": "api_ga", "model_id": "gpt-4o"})
    assert (found.on, found.url) == (date(2024, 5, 13), "https://openrouter.ai/openai/gpt-4o")
