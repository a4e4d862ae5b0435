#!/usr/bin/env bash
# `make run`: build the database from curated data when absent, then serve the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DATA_DIR="${LEDGER_DATA_DIR:-data}"
if [ ! -f "$DATA_DIR/served.duckdb" ]; then
  "$PY" -m registry load
fi
exec "$PY" -m streamlit run app.py --server.port "${LEDGER_PORT:-8501}" --server.headless true \
  --browser.gatherUsageStats false
