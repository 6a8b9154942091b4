#!/usr/bin/env bash
# Sales benchmark (issue 16) with the million-customer backup and restore (issue 17): the demo with its orders,
# backup and restore of it, order lists, a 360 page of a customer with 500 orders, a year's report by month × region,
# a team's pipeline board, server memory, and an order import into the restored copy.
# Not part of CI. Usage: Benchmarks/sales/run.sh
# Environment: GUANXI_BIN (default: release build, built here when unset), CUSTOMERS=1000000, IMPORT_LINES=10000000,
# DURATION=10s, WARMUP=3s, CONNECTIONS=16, THREADS=2, BENCH_WORK (default a new temporary directory),
# SKIP_IMPORT=1, SKIP_BACKUP=1. A second run on the same BENCH_WORK keeps its demo and restored copy.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CUSTOMERS="${CUSTOMERS:-1000000}"
IMPORT_LINES="${IMPORT_LINES:-10000000}"
DURATION="${DURATION:-10s}"
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
DB="$GUANXI_DATA_DIR/guanxi.sqlite"
sql() { python3 -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone())' "$@"; }
seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$2"; }

if [ ! -f "$DB" ]; then
  echo "== guanxi demo --customers $CUSTOMERS"
  /usr/bin/time -f "demo: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" demo --customers "$CUSTOMERS" 2>"$WORK/demo.err" | tee "$WORK/demo.out"
  tr '\r' '\n' < "$WORK/demo.err" | grep -v "customers$" || true
fi
echo "database: $(du -sh "$GUANXI_DATA_DIR" | cut -f1); orders $(sql "$DB" 'SELECT COUNT(*) FROM orders'), lines $(sql "$DB" 'SELECT COUNT(*) FROM order_lines'), opportunities $(sql "$DB" 'SELECT COUNT(*) FROM opportunities')"

if [ "${SKIP_BACKUP:-}" != 1 ]; then
  rm -rf "$WORK/demo.backup" "$WORK/restored"
  echo "== guanxi backup (server stopped)"
  /usr/bin/time -f "backup: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" backup --output "$WORK/demo.backup"
  ls -la "$WORK/demo.backup"
  echo "== guanxi restore into an empty data directory"
  GUANXI_DATA_DIR="$WORK/restored" /usr/bin/time -f "restore: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" restore "$WORK/demo.backup"
  echo "restored: orders $(sql "$WORK/restored/guanxi.sqlite" 'SELECT COUNT(*) FROM orders'), lines $(sql "$WORK/restored/guanxi.sqlite" 'SELECT COUNT(*) FROM order_lines'), revenue $(sql "$WORK/restored/guanxi.sqlite" 'SELECT SUM(revenue) FROM customer_sales') against $(sql "$DB" 'SELECT SUM(revenue) FROM customer_sales') in the demo"
fi

# The 360 page's large customer: the first demo customer gets 500 more orders of two lines.
BIG=$(sql "$DB" 'SELECT MIN(id) FROM customers WHERE deleted_at IS NULL')
if [ "$(sql "$DB" "SELECT COUNT(*) FROM orders WHERE customer_id = $BIG")" -lt 500 ]; then
  python3 "$HERE/generate_orders.py" 0 "$CUSTOMERS" "$WORK/big-customer.csv" --customer "$BIG" --orders 500 --prefix BIG
  "$GUANXI_BIN" import orders "$WORK/big-customer.csv" 2>/dev/null | tail -1
fi
echo "customer $BIG has $(sql "$DB" "SELECT COUNT(*) FROM orders WHERE customer_id = $BIG") orders"

source "$ROOT/Benchmarks/customers/serve.sh"
TEAM=$(sql "$DB" "SELECT team_id FROM users WHERE username = 'sales001'")
OPEN=$(sql "$DB" "SELECT COUNT(*) FROM opportunities o JOIN users u ON u.id = o.owner_id JOIN pipeline_stages s ON s.id = o.stage_id WHERE u.team_id = $TEAM AND NOT s.is_won AND NOT s.is_lost")
echo "team $TEAM (sales001's) has $OPEN open opportunities"
# A browser session for the pages: the login form with its CSRF cookie.
COOKIE=$(python3 - "$URL" "$GUANXI_ADMIN_PASSWORD" <<'PY'
import http.cookiejar, sys, urllib.parse, urllib.request
url, password = sys.argv[1:3]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
opener.open(url + "/login").read()
csrf = next(c.value for c in jar if c.name == "gx_csrf")
body = urllib.parse.urlencode({"_csrf": csrf, "username": "admin", "password": password}).encode()
opener.open(url + "/login", body).read()
print("; ".join(f"{c.name}={c.value}" for c in jar if c.name in ("gx_session", "gx_csrf")))
PY
)
read -r OWNER_PAGE OWNER_AFTER ALL_AFTER < <(python3 - "$URL" "$TOKEN" "$OWNER" <<'PY'
import json, sys, urllib.request
url, token, owner = sys.argv[1:4]
def get(path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(request))
after, page = "", 1
while page < 1000:
    nxt = get(f"/api/v1/orders?owner_id={owner}&limit=50" + (f"&after={after}" if after else ""))["next"]
    if not nxt:
        break
    after, page = nxt, page + 1
all_after = ""
for _ in range(999):
    all_after = get("/api/v1/orders?limit=50" + (f"&after={all_after}" if all_after else ""))["next"]
print(page, after or "-", all_after)
PY
)
echo "owner $OWNER (sales001): deepest order page $OWNER_PAGE; everyone's page 1000 reached"

run() {
  local label=$1 path=$2 header=$3
  echo "== $label: GET $path"
  curl -sf -o /dev/null -w "  status %{http_code}, %{size_download} bytes\n" "$URL$path" -H "$header"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3s}" -H "$header" "$URL$path" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$URL$path" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|errors"
}
YEAR_TO=$(date +%F); YEAR_FROM=$(date -d "$YEAR_TO -364 days" +%F)
run "order list, first page, by owner" "/api/v1/orders?owner_id=$OWNER&limit=50" "$AUTH"
[ "$OWNER_AFTER" != "-" ] && run "order list, page $OWNER_PAGE (the owner's deepest), by owner" "/api/v1/orders?owner_id=$OWNER&limit=50&after=$OWNER_AFTER" "$AUTH"
run "order list, page 1000, everyone" "/api/v1/orders?limit=50&after=$ALL_AFTER" "$AUTH"
run "360 page of the customer with 500+ orders" "/customers/$BIG" "Cookie: $COOKIE"
run "customer's orders, first page (API)" "/api/v1/customers/$BIG/orders?limit=50" "$AUTH"
run "sales report, one year by month × region" "/api/v1/reports/sales?group_by=month,region&from=$YEAR_FROM&to=$YEAR_TO" "$AUTH"
run "pipeline board of team $TEAM ($OPEN open)" "/pipeline?team_id=$TEAM" "Cookie: $COOKIE"
run "pipeline board, everyone" "/pipeline" "Cookie: $COOKIE"
echo "server memory after the load:"
grep -E "VmHWM|VmRSS" /proc/$SERVER/status
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

[ "${SKIP_IMPORT:-}" = 1 ] && exit 0
echo "== import of $IMPORT_LINES order lines into the restored copy"
if [ ! -f "$WORK/restored/guanxi.sqlite" ]; then mkdir -p "$WORK/restored"; cp "$DB" "$WORK/restored/"; fi
export GUANXI_DATA_DIR="$WORK/restored"
python3 "$HERE/generate_orders.py" "$IMPORT_LINES" "$CUSTOMERS" "$WORK/orders.csv"
ls -la "$WORK/orders.csv"
START=$(date +%s.%N)
/usr/bin/time -f "import: %e s wall, %U s user, %M KB max RSS" "$GUANXI_BIN" import orders "$WORK/orders.csv" 2>"$WORK/import.err" | tee "$WORK/import.out"
END=$(date +%s.%N)
tr '\r' '\n' < "$WORK/import.err" | grep -v "rows checked$" || true
python3 - "$IMPORT_LINES" "$WORK/import.out" <<'PY'
import re, sys
lines, out = int(sys.argv[1]), open(sys.argv[2]).read()
committed = float(re.search(r"Imported: .*, ([0-9.]+) s\)", out).group(1))
print(f"order import: {lines:,} lines committed after {committed:.1f} s = {lines / committed:,.0f} lines/s")
PY
echo "process wall $(seconds "$START" "$END") s"
