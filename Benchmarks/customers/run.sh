#!/usr/bin/env bash
# Customer-core benchmark (issue 4): demo data, list/search latency under load, CSV import, server memory.
# Not part of CI. Usage: Benchmarks/customers/run.sh   (env: GUANXI_BIN, CUSTOMERS=1000000, IMPORT_ROWS=1000000,
# DURATION=20s, CONNECTIONS=16)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GUANXI_BIN="${GUANXI_BIN:-$ROOT/.build/release/guanxi}"
CUSTOMERS="${CUSTOMERS:-1000000}"
IMPORT_ROWS="${IMPORT_ROWS:-1000000}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
[ -x "$GUANXI_BIN" ] || { echo "build first: swift build -c release --product guanxi (or set GUANXI_BIN)" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }

WORK="${BENCH_WORK:-$(mktemp -d)}"
echo "data in $WORK"
export GUANXI_ADMIN_PASSWORD=bench-admin-password GUANXI_DEMO_PASSWORD=bench-demo-password LOG_LEVEL=warning
export GUANXI_DATA_DIR="$WORK/demo"

echo "== guanxi demo --customers $CUSTOMERS"
/usr/bin/time -f "demo: %e s wall, %M KB max RSS" "$GUANXI_BIN" demo --customers "$CUSTOMERS" 2>&1 | tr '\r' '\n' | grep -v "customers$" || true
du -sh "$GUANXI_DATA_DIR"

PORT="${PORT:-18080}"
"$GUANXI_BIN" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$GUANXI_ADMIN_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"
OWNER=$(curl -sf "$URL/api/v1/users?limit=500" -H "$AUTH" | python3 -c 'import json,sys; print(next(u["id"] for u in json.load(sys.stdin)["items"] if u["username"]=="sales001"))')
# The cursor of page 1000 (50 per page) of the owner's list, found by walking the pages.
AFTER=$(python3 - "$URL" "$TOKEN" "$OWNER" <<'PY'
import json, sys, urllib.request
url, token, owner = sys.argv[1:4]
after = ""
for _ in range(999):
    request = urllib.request.Request(f"{url}/api/v1/customers?owner_id={owner}&limit=50" + (f"&after={after}" if after else ""),
                                     headers={"Authorization": "Bearer " + token})
    after = json.load(urllib.request.urlopen(request))["next"]
    if not after:
        break
print(after or "")
PY
)
echo "owner $OWNER; page-1000 cursor: ${AFTER:-none (fewer pages)}"

run() {
  local label=$1 path=$2
  echo "== $label: GET $path"
  curl -sf "$URL$path" -H "$AUTH" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  items:", len(d["items"]))'
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$URL$path" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx"
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
run "list, first page, by owner" "/api/v1/customers?owner_id=$OWNER&limit=50"
[ -n "$AFTER" ] && run "list, page 1000, by owner" "/api/v1/customers?owner_id=$OWNER&limit=50&after=$AFTER"
run "list, first page, everyone" "/api/v1/customers?limit=50"
run "search, Chinese 3 characters" "/api/v1/customers?limit=50&q=$(enc 华信星)"
run "search, Chinese 4 characters (rare)" "/api/v1/customers?limit=50&q=$(enc 锦程德润)"
run "search, Latin" "/api/v1/customers?limit=50&q=acme"
run "search, Chinese 2 characters" "/api/v1/customers?limit=50&q=$(enc 王伟)"
run "search, Chinese 2 characters (rare)" "/api/v1/customers?limit=50&q=$(enc 锦程)"
run "search as a sales rep's scope (owner filter + Chinese)" "/api/v1/customers?owner_id=$OWNER&limit=50&q=$(enc 科技有)"
grep -E "VmHWM|VmRSS" /proc/$SERVER/status
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

echo "== import of $IMPORT_ROWS customers"
python3 "$HERE/generate_customers.py" "$IMPORT_ROWS" "$WORK/customers.csv" admin
ls -la "$WORK/customers.csv"
export GUANXI_DATA_DIR="$WORK/import"
"$GUANXI_BIN" migrate >/dev/null
/usr/bin/time -f "import: %e s wall, %M KB max RSS" "$GUANXI_BIN" import customers "$WORK/customers.csv" 2>&1 | tr '\r' '\n' | grep -v "rows checked$" || true
echo "== dry run of the same file into the filled database (every row a duplicate)"
/usr/bin/time -f "dry run: %e s wall, %M KB max RSS" "$GUANXI_BIN" import customers "$WORK/customers.csv" --dry-run 2>&1 | tr '\r' '\n' | tail -3 || true
