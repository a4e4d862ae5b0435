"""The Muse promise end to end: curated as open; an hf-hub snapshot with Muse weights marks it kept."""
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import FIXTURES, ROOT

PROMISE = "meta-muse-open-source-future-versions"
SNAPSHOTS = FIXTURES / "acceptance"


def _cli(*args, data_dir):
    env = {"PATH": "/usr/bin:/bin", "LEDGER_DATA_DIR": str(data_dir), "HOME": str(data_dir)}
    out = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def _promise(data_dir):
    con = duckdb.connect(str(data_dir / "served.duckdb"), read_only=True)
    try:
        status = con.execute("SELECT status FROM promises WHERE promise_id = ?", [PROMISE]).fetchone()[0]
        updates = con.execute(
            "SELECT status, changed_on::VARCHAR, evidence_url, source_id FROM promise_updates "
            "WHERE promise_id = ? ORDER BY changed_on", [PROMISE]).fetchall()
        discovered = con.execute("SELECT count(*) FROM models WHERE model_id = 'sam2-hiera-large'").fetchone()[0]
    finally:
        con.close()
    return status, updates, discovered


@pytest.mark.timeout(180)
def test_hf_hub_snapshot_with_muse_weights_keeps_the_promise(tmp_path):
    _cli("registry", "load", data_dir=tmp_path)
    status, updates, _ = _promise(tmp_path)
    assert status == "open"
    assert updates == [("open", "2026-04-08", "https://ai.meta.com/blog/introducing-muse-spark-msl/", "curated")]

    _cli("ingest", "run", "hf-hub-meta-models", "--from", str(SNAPSHOTS / "hf-hub-meta-models.muse-open.json"),
         data_dir=tmp_path)
    status, updates, discovered = _promise(tmp_path)
    assert status == "kept"
    assert updates[-1] == ("kept", "2026-08-09", "https://huggingface.co/meta-models/Muse-Glimmer-30B", "auto")
    assert discovered == 0  # a segmentation repo is not a language model

    _cli("ingest", "run", "hf-hub-meta-models", "--from", str(SNAPSHOTS / "hf-hub-meta-models.muse-removed.json"),
         data_dir=tmp_path)
    _cli("registry", "load", data_dir=tmp_path)
    status, later, _ = _promise(tmp_path)
    assert status == "kept"
    assert later == updates
