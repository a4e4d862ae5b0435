"""The 10x synthetic snapshot for bench/dashboard.py, generated inside DuckDB with range().

Scale: 200 orgs, 20k models, 1M scores, 200k api_terms rows, 40k perf rows, 1M items and
1M events, 200k runs, plus promises and review queues. Deterministic (setseed).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from registry import schema, snapshot

KINDS = "['release','open_weights','api','pricing','deprecation','benchmark','promise','other']"
ACCESS = "['open_weights','api','api','private_preview','product_only','unreleased']"
CATS = "['reasoning','coding','math','knowledge','agentic','safety','hallucination','multimodal','writing','preference']"
WORDS = "['open','weights','model','release','price','cut','API','benchmark','reasoning','agent','launch','preview']"

TABLES = {
    "orgs": """SELECT 'org' || lpad(i::VARCHAR, 3, '0'), 'Lab ' || i, 'US', 'https://lab' || i || '.example',
                      'lab', 'https://lab' || i || '.example', 'bench', NULL FROM range(200) t(i)""",
    "models": f"""SELECT 'm' || lpad(i::VARCHAR, 5, '0'), 'org' || lpad((i % 200)::VARCHAR, 3, '0'), 'Model ' || i,
                  'Family ' || (i // 10), DATE '2019-01-01' + (i * 7919 % 2880)::INT,
                  CASE WHEN i % 3 = 0 THEN DATE '2019-01-01' + (i * 7919 % 2880)::INT - (i % 40)::INT END,
                  CASE WHEN i % 2 = 0 THEN DATE '2019-01-01' + (i * 7919 % 2880)::INT + (i % 30)::INT END,
                  CASE WHEN i % 5 = 0 THEN DATE '2019-01-01' + (i * 7919 % 2880)::INT + (i % 90)::INT END,
                  'ga', {ACCESS}[1 + i % 6], ['api'], 'proprietary',
                  CASE WHEN i % 4 = 0 THEN ['text', 'image'] ELSE ['text'] END, ['text'], [], 128000 + i,
                  8192, NULL, NULL, i % 10 = 0, 'high', NULL, 'https://example.org/m' || i, 'bench', NULL
                  FROM range(20000) t(i)""",
    "model_aliases": """SELECT 'src' || (i % 10), 'alias-' || i, 'm' || lpad((i % 20000)::VARCHAR, 5, '0'), 'exact',
                        NULL, NULL FROM range(40000) t(i)""",
    "access_history": f"""SELECT 'm' || lpad((i % 20000)::VARCHAR, 5, '0'), {ACCESS}[1 + (i + i // 20000) % 6], NULL,
                          DATE '2019-01-01' + (i // 20000 * 400 + i % 300)::INT, NULL, NULL, 'bench', NULL, NULL, NULL
                          FROM range(25000) t(i)""",
    "benchmarks": f"""SELECT 'b' || i, 'Bench ' || i, {CATS}[1 + i % 10], 'percent', true, 0, 100, NULL, NULL, 'bench',
                      NULL FROM range(60) t(i)""",
    "scores": """SELECT 'sc' || i, 'm' || lpad((hash(i) % 20000)::VARCHAR, 5, '0'), 'b' || (hash(i + 7) % 60)::BIGINT,
                 (hash(i + 3) % 1000) / 10.0, CASE WHEN i % 20 = 0 THEN 'vendor' ELSE 'independent' END, NULL,
                 CASE WHEN i % 997 = 0 THEN 'experimental variant' END, NULL, 'src' || (i % 10), NULL,
                 DATE '2020-01-01' + (hash(i + 5) % 2500)::INT, TIMESTAMP '2020-01-01' + to_seconds((hash(i + 5) % 2500) * 86400 + 3600),
                 NULL, NULL FROM range(1000000) t(i)""",
    "api_terms": """SELECT 'm' || lpad((i // 10)::VARCHAR, 5, '0'), 'prov' || ((i % 10) // 5 + (i // 10) % 20), NULL,
                    1.0 + (i % 5) * -0.15 + (i // 10) % 7, 4.0 + (i % 5) * -0.5 + (i // 10) % 9, NULL,
                    128000, 8192, i % 3 = 0, NULL, 'ga',
                    TIMESTAMP '2023-01-01' + to_days(((i // 10) % 300 + (i % 5) * 90)::INT),
                    CASE WHEN i % 5 < 4 THEN TIMESTAMP '2023-01-01' + to_days(((i // 10) % 300 + (i % 5 + 1) * 90)::INT) END,
                    TIMESTAMP '2026-01-01', 'src' || (i % 10 // 5), NULL, NULL FROM range(200000) t(i)""",
    "perf": """SELECT 'm' || lpad((i % 20000)::VARCHAR, 5, '0'), 'prov' || (i // 20000), 0.5 + (i % 7) / 10.0,
               20 + i % 400, TIMESTAMP '2026-01-01' + to_days((i % 100)::INT), 'bench', NULL, NULL FROM range(40000) t(i)""",
    "items": f"""SELECT 'it' || i, 'src' || (i % 300), 'link', 'https://news.example/' || i,
                 {WORDS}[1 + i % 12] || ' ' || {WORDS}[1 + (i // 12) % 12] || ' Model ' || (i % 20000) || ' ' || {WORDS}[1 + (i // 144) % 12],
                 'Summary of item ' || i || ': ' || {WORDS}[1 + (i // 7) % 12] || ' and ' || {WORDS}[1 + (i // 3) % 12],
                 TIMESTAMP '2023-06-01' + to_seconds(i * 97), NULL, TIMESTAMP '2023-06-01' + to_seconds(i * 97),
                 NULL, 'h' || i, 1, NULL FROM range(1000000) t(i)""",
    "events": f"""SELECT 'ev' || i, 'it' || i, {KINDS}[1 + (hash(i) % 8)::BIGINT],
                  CASE WHEN i % 5 <> 0 THEN 'm' || lpad((i % 20000)::VARCHAR, 5, '0') END,
                  'org' || lpad((i % 200)::VARCHAR, 3, '0'), 0.9, NULL, NULL FROM range(1000000) t(i)""",
    "promises": """SELECT 'p' || i, 'org' || lpad((i % 200)::VARCHAR, 3, '0'), DATE '2023-01-01' + (i % 1000)::INT, NULL,
                   'Statement ' || i, CASE WHEN i % 3 = 0 THEN 'model:m' || lpad((i * 10)::VARCHAR, 5, '0')
                   ELSE 'org:org' || lpad((i % 200)::VARCHAR, 3, '0') END, '{}',
                   DATE '2024-01-01' + (i % 900)::INT, ['open','kept','partly_kept','broken','withdrawn'][1 + i % 5],
                   NULL, 'bench', NULL FROM range(2000) t(i)""",
    "promise_updates": """SELECT 'p' || (i % 2000), ['open','kept','broken'][1 + i // 2000], DATE '2023-01-01' + (i % 1000 + i // 2000 * 50)::INT,
                          'https://evidence.example/' || i, 'note ' || i, 'bench', NULL FROM range(5000) t(i)""",
    "sources": """SELECT 'src' || i, 'feed', 'https://src' || i || '.example', NULL, NULL, NULL, NULL,
                  TIMESTAMP '2026-11-01', TIMESTAMP '2026-11-01' - to_hours((i % 100)::INT), TIMESTAMP '2026-11-02',
                  i % 7, CASE WHEN i % 7 > 0 THEN 'HTTP 503' END, NULL, 3600 FROM range(300) t(i)""",
    "runs": """SELECT 'r' || i, 'src' || (i % 300), TIMESTAMP '2026-06-01' + to_seconds(i * 60),
               TIMESTAMP '2026-06-01' + to_seconds(i * 60 + 5), ['ok','ok','not_modified','error'][1 + i % 4],
               20, i % 3, 0, 10, NULL, NULL, 200 FROM range(200000) t(i)""",
    "review_names": """SELECT 'src' || (i % 10), 'name-' || i, 'no alias', NULL, TIMESTAMP '2026-01-01',
                       TIMESTAMP '2026-01-01' + to_hours(i), 1 + i % 9, NULL FROM range(5000) t(i)""",
    "promise_candidates": """SELECT 'pc' || i, 'it' || i, NULL, NULL, 'We will open-source model ' || i, NULL,
                             TIMESTAMP '2026-01-01' + to_hours(i), 'new', NULL FROM range(10000) t(i)""",
    "quarantine": """SELECT 'q' || i, 'api_terms', 'src1', 'm00001', 'input_usd_per_mtok', 0.0, 1.0, 'drop', NULL,
                     TIMESTAMP '2026-01-01' + to_hours(i), NULL FROM range(2000) t(i)""",
}


def build(data_dir: Path) -> dict[str, int]:
    """Write data_dir/bench-ledger.duckdb and publish data_dir/served.duckdb; return row counts."""
    data_dir.mkdir(parents=True, exist_ok=True)
    ledger = data_dir / "bench-ledger.duckdb"
    ledger.unlink(missing_ok=True)
    con = duckdb.connect(str(ledger))
    try:
        schema.migrate(con)
        con.execute("SELECT setseed(0.42)")
        for table, select in TABLES.items():
            con.execute(f"INSERT INTO {table} {select}")
        snapshot.publish(con, data_dir / "served.duckdb")
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
        ledger.unlink(missing_ok=True)
