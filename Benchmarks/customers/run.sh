#!/usr/bin/env bash
# Customer-core benchmark (issue 4): demo data, list/search latency under load, CSV import, server memory.
# Not part of CI. Usage: Benchmarks/customers/run.sh
# Environment: GUANXI_BIN (default: release build, built here when unset), CUSTOMERS=1000000, IMPORT_ROWS=1000000,
# DURATION=20s, WARMUP=3s (unmeasured, per URL), CONNECTIONS=16, THREADS=2, BENCH_WORK (data directory; default a new temporary one), SKIP_IMPORT=1.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CUSTOMERS="${CUSTOMERS:-1000000}"
IMPORT_ROWS="${IMPORT_ROWS:-1000000}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
if [ -z "${GUANXI_BIN:-}" ]; then
  (cd "$ROOT" && swift build -c release --product guanxi)
  GUANXI_BIN="$ROOT/.build/release/guanxi"
fi
[ -x "$GUANXI_BIN" ] || { echo "no executable at $GUANXI_BIN" >&2; exit 1; }
need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2"; }; }
need wrk wrk
need curl curl
need /usr/bin/time time

WORK="${BENCH_WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
echo "data in $WORK; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
export GUANXI_ADMIN_PASSWORD=bench-admin-password GUANXI_DEMO_PASSWORD=bench-demo-password LOG_LEVEL=warning
export GUANXI_DATA_DIR="$WORK/demo"

echo "== guanxi demo --customers $CUSTOMERS"
START=$(date +%s.%N)
/usr/bin/time -f "demo: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" demo --customers "$CUSTOMERS" 2>"$WORK/demo.err" | tee "$WORK/demo.out"
END=$(date +%s.%N)
tr '\r' '\n' < "$WORK/demo.err" | grep -v "customers$" || true
python3 - "$START" "$END" "$WORK/demo.out" <<'PY'
import re, sys
start, end, out = float(sys.argv[1]), float(sys.argv[2]), open(sys.argv[3]).read()
m = re.search(r"Added (\d+) customers, (\d+) contacts, (\d+) interactions, (\d+) tasks", out)
customers, contacts, interactions, tasks = map(int, m.groups())
wall = end - start
rows = customers + contacts + interactions + tasks
print(f"demo: {wall:.1f} s wall; {customers / wall:,.0f} customers/s; {rows:,} rows (customers, contacts, interactions, tasks) = {rows / wall:,.0f} rows/s")
PY
du -sh "$GUANXI_DATA_DIR"

source "$HERE/serve.sh"
# Cursors: the owner's list walked page by page (up to page 1000; a rep owns about CUSTOMERS / 200 customers, so at
# 50 per page the walk usually ends earlier, at the owner's last page), and page 1000 of everyone's list.
read -r OWNER_PAGE OWNER_AFTER ALL_AFTER < <(python3 - "$URL" "$TOKEN" "$OWNER" <<'PY'
import json, sys, urllib.request
url, token, owner = sys.argv[1:4]
def get(path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(request))
after, page = "", 1
while page < 1000:
    nxt = get(f"/api/v1/customers?owner_id={owner}&limit=50" + (f"&after={after}" if after else ""))["next"]
    if not nxt:
        break
    after, page = nxt, page + 1
all_after, all_page = "", 1
while all_page < 1000:
    all_after = get("/api/v1/customers?limit=500" + (f"&after={all_after}" if all_after else ""))["next"]
    all_page += 10
# all_after now ends page 990 of 50; ten more pages of 50 make page 1000's cursor.
for _ in range(9):
    all_after = get(f"/api/v1/customers?limit=50&after={all_after}")["next"]
print(page, after or "-", all_after)
PY
)
echo "owner $OWNER (sales001): deepest page measured $OWNER_PAGE; everyone's page 1000 cursor $ALL_AFTER"

run() {
  local label=$1 path=$2
  echo "== $label: GET $path"
  curl -sf "$URL$path" -H "$AUTH" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  items on the page:", len(d["items"]))'
  # A short unmeasured run first: the server has just started on a database straight from disk, and the first
  # seconds of the first URL measured reading pages into memory rather than answering requests.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3s}" -H "$AUTH" "$URL$path" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$URL$path" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|errors"
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
run "(a) list, first page, by owner" "/api/v1/customers?owner_id=$OWNER&limit=50"
[ "$OWNER_AFTER" != "-" ] && run "(b) list, page $OWNER_PAGE (the owner's last), by owner" "/api/v1/customers?owner_id=$OWNER&limit=50&after=$OWNER_AFTER"
run "(b') list, page 1000, everyone" "/api/v1/customers?limit=50&after=$ALL_AFTER"
run "(c) search, Chinese 3 characters" "/api/v1/customers?limit=50&q=$(enc 华信科)"
run "(c') search, Chinese 4 characters (rare)" "/api/v1/customers?limit=50&q=$(enc 锦程德润)"
run "(d) search, Latin" "/api/v1/customers?limit=50&q=acme"
run "(e) search, Chinese 2-character name" "/api/v1/customers?limit=50&q=$(enc 王伟)"
run "(e') search, Chinese 2 characters (rare)" "/api/v1/customers?limit=50&q=$(enc 锦程)"
run "search within one owner's customers (owner filter + Chinese)" "/api/v1/customers?owner_id=$OWNER&limit=50&q=$(enc 科技有)"
echo "server memory after the load:"
grep -E "VmHWM|VmRSS" /proc/$SERVER/status
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

[ "${SKIP_IMPORT:-}" = 1 ] && exit 0
echo "== import of $IMPORT_ROWS customers into a fresh database (demo users only, owners are the demo reps)"
export GUANXI_DATA_DIR="$WORK/import"
"$GUANXI_BIN" demo --customers 0 > /dev/null 2>&1
cp "$GUANXI_DATA_DIR/guanxi.sqlite" "$WORK/empty.sqlite"
OWNERS=$(seq -f "sales%03g" 1 4)
python3 "$HERE/generate_customers.py" "$IMPORT_ROWS" "$WORK/customers.csv" $OWNERS
ls -la "$WORK/customers.csv"
START=$(date +%s.%N)
/usr/bin/time -f "import: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" import customers "$WORK/customers.csv" \
  2>"$WORK/import.err" | tee "$WORK/import.out"
END=$(date +%s.%N)
tr '\r' '\n' < "$WORK/import.err" | grep -v "rows checked$" || true
# The import prints when its rows are committed (checked, written, listed and searchable) and, for a load at least
# as large as the table, how long building the indexes took after that (see IndexCatchUp).
python3 - "$START" "$END" "$IMPORT_ROWS" "$WORK/import.out" <<'PY'
import re, sys
start, end, rows, out = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), open(sys.argv[4]).read()
committed = float(re.search(r"Imported: .*, ([0-9.]+) s\)", out).group(1))
indexed = re.search(r"Indexed: .*\(([0-9.]+) s\)", out)
print(f"import: rows committed after {committed:.1f} s = {rows / committed:,.0f} rows/s", end="")
print(f"; indexes built in {float(indexed.group(1)):.1f} s more" if indexed else "", end="")
print(f"; process wall {end - start:.1f} s")
PY

# The floor: the database alone, doing what the import's writer does (the same rows, the customers table's indexes,
# the trigram index filled once, the tags) with no application code — rows copied from the imported database into
# a copy of the empty one. "LIMIT -1" keeps SQLite from copying the source's index pages wholesale (its transfer
# optimisation), which an import cannot do either.
need sqlite3 sqlite3
echo "== the database alone: the same $IMPORT_ROWS rows by INSERT … SELECT into an empty database of the same schema"
cp "$WORK/empty.sqlite" "$WORK/floor.sqlite"
COLUMNS_LIST="id, kind, name, industry, region, address, phone, email, website, source, owner_id, stage, custom_fields, annual_category_spend, marketing_consent, name_key, phone_key, email_key, search_text, created_by_id, version, created_at, updated_at"
sqlite3 "$WORK/floor.sqlite" <<SQL | grep -v "^wal$"
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;
ATTACH '$WORK/import/guanxi.sqlite' AS imported;
.timer on
BEGIN;
INSERT INTO search_index_pauses (first_customer_id) VALUES (1);
INSERT INTO customers ($COLUMNS_LIST) SELECT $COLUMNS_LIST FROM imported.customers LIMIT -1;
INSERT INTO customer_tags SELECT * FROM imported.customer_tags LIMIT -1;
INSERT INTO customer_fts (rowid, search_text) SELECT id, search_text FROM customers;
DELETE FROM search_index_pauses;
COMMIT;
SQL
echo "(the lines above: pause, customers with their indexes, tags, trigram index, end of pause, commit)"

