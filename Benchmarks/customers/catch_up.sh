#!/usr/bin/env bash
# Lists and searches while the server builds a large import's indexes (IndexCatchUp), then after.
# Not part of CI. Needs the files `run.sh` leaves in its work directory (empty.sqlite, customers.csv).
# Usage: GUANXI_BIN=… BENCH_WORK=<run.sh's work directory> Benchmarks/customers/catch_up.sh
# The import is stopped as soon as its rows are committed, so the catch-up is left to the server, which starts it
# at once; each wrk run (5 s) prints how many catch-up steps were still pending when it began.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
: "${GUANXI_BIN:?the guanxi executable}" "${BENCH_WORK:?the work directory of run.sh}"
WORK="$BENCH_WORK/catch-up"
rm -rf "$WORK" && mkdir -p "$WORK"
cp "$BENCH_WORK/empty.sqlite" "$WORK/guanxi.sqlite"
export GUANXI_DATA_DIR="$WORK" GUANXI_ADMIN_PASSWORD=bench-admin-password LOG_LEVEL=warning
pending() { sqlite3 "$WORK/guanxi.sqlite" "SELECT (SELECT COUNT(*) FROM deferred_indexes) + (SELECT COUNT(*) FROM search_index_pauses)"; }

stdbuf -oL "$GUANXI_BIN" import customers "$BENCH_WORK/customers.csv" > "$WORK/import.out" 2>&1 &
IMPORT=$!
until grep -q "Imported:" "$WORK/import.out"; do sleep 0.2; done
kill -9 $IMPORT; wait $IMPORT 2>/dev/null || true
grep -o "Imported.*" "$WORK/import.out"
echo "catch-up steps pending: $(pending)"

source "$HERE/serve.sh"
run() {
  local before figures
  before=$(pending)
  figures=$(wrk -t2 -c16 -d5s --latency -H "$AUTH" "$URL/api/v1/customers?$1" | grep -E "50%|99%|Requests/sec" | tr -s " " | tr "\n" " ")
  echo "$(date +%T) pending $before: $1: $figures"
}
HUAXIN="limit=50&q=%E5%8D%8E%E4%BF%A1%E7%A7%91"
for query in "owner_id=$OWNER&limit=50" "$HUAXIN" "owner_id=$OWNER&limit=50" "limit=50&q=acme" "owner_id=$OWNER&limit=50"; do run "$query"; done
for _ in $(seq 1 300); do [ "$(pending)" = 0 ] && break; sleep 1; done
echo "$(date +%T) caught up; then:"
run "owner_id=$OWNER&limit=50"
run "$HUAXIN"
