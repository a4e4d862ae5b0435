#!/usr/bin/env bash
# `make run`: build the database when absent (curated data, then data/samples, then $SEED_DIR if
# set), start the ingest daemon and the dashboard (port $LEDGER_PORT, default 8501); Ctrl-C or
# SIGTERM stops both. Safe to run again: an existing database is kept, a folder already seeded is
# not seeded twice, and a daemon already running elsewhere is left alone (the dashboard still starts).
# Offline, live sources fail with clear errors: see `.venv/bin/python -m ingest sources`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export LEDGER_DATA_DIR="${LEDGER_DATA_DIR:-data}"
DATA_DIR="$LEDGER_DATA_DIR"
SEEDED="$DATA_DIR/raw/.seeded-folders"   # folders already imported, one path a line (raw/ is git-ignored)
mkdir -p "$DATA_DIR/raw"

seed() {  # seed FOLDER: import its payload files once (a failing file is reported, not fatal)
  local dir
  dir="$(cd "$1" && pwd)"
  if grep -qxF "$dir" "$SEEDED" 2>/dev/null; then return 0; fi
  echo "== seeding $dir"
  if "$PY" -m ingest seed "$dir"; then :; else
    echo "warning: some payloads in $dir were not ingested (see the table above)" >&2
  fi
  echo "$dir" >> "$SEEDED"
}

if [ ! -f "$DATA_DIR/ledger.duckdb" ]; then
  echo "== building $DATA_DIR/ledger.duckdb from data/curated"
  "$PY" -m registry load
  rm -f "$SEEDED"
fi
seed data/samples
if [ -n "${SEED_DIR:-}" ]; then
  if [ -d "$SEED_DIR" ]; then seed "$SEED_DIR"; else echo "warning: SEED_DIR=$SEED_DIR is not a folder" >&2; fi
fi
if [ ! -f "$DATA_DIR/served.duckdb" ]; then
  "$PY" -m registry publish
fi

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done  # each child's group
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
set -m  # each background job leads its own process group, so `kill -- -PID` reaches its children

"$PY" -m ingest schedule &
daemon=$!
pids+=("$daemon")
"$PY" -m streamlit run app.py --server.port "${LEDGER_PORT:-8501}" --server.headless true \
  --browser.gatherUsageStats false &
dashboard=$!
pids+=("$dashboard")
echo "== dashboard: http://localhost:${LEDGER_PORT:-8501}   source health: $PY -m ingest sources   (Ctrl-C stops both)"

while kill -0 "$dashboard" 2>/dev/null; do
  wait -n "${pids[@]}" 2>/dev/null || true
  if [ -n "$daemon" ] && ! kill -0 "$daemon" 2>/dev/null; then
    echo "note: the ingest daemon is not running here (another one may hold $DATA_DIR/writer.lock);" \
         "the dashboard keeps serving the last snapshot" >&2
    daemon=""
  fi
done
