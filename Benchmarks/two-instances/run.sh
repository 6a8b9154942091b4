#!/usr/bin/env bash
# Two `guanxi serve` instances on one PostgreSQL database behind nginx (Debian's package), under `wrk -c32` for
# DURATION (default 60 s): four in five requests read the customer list, one in five creates a customer. Reports
# the requests, their latency and any answer of 500 or above; that each scheduled job ran once across the two
# instances (their logs); and that a browser session made on one instance is valid on the other.
#
# Needs the local PostgreSQL of scripts/test (started by it) and: apt-get install nginx wrk.
# Environment: GUANXI_BIN (default: the debug build), DURATION (60s), CUSTOMERS (demo size, 2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${GUANXI_BIN:-.build/debug/guanxi}
duration=${DURATION:-60s}
customers=${CUSTOMERS:-2000}
work=$(mktemp -d)
pids=()
as_postgres() { (cd / && su postgres -s /bin/sh -c "$*"); }
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    as_postgres "psql -qc 'DROP DATABASE IF EXISTS guanxi_bench'" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

as_postgres "psql -qc 'DROP DATABASE IF EXISTS guanxi_bench'" 2>/dev/null
as_postgres "psql -qc 'CREATE DATABASE guanxi_bench OWNER guanxi'"
export DATABASE_URL=postgres://guanxi:guanxi@127.0.0.1:5432/guanxi_bench
export GUANXI_ADMIN_PASSWORD=admin-secret-2024 GUANXI_DEMO_PASSWORD=demo-secret-2024 GUANXI_BCRYPT_COST=4
export GUANXI_RATE_LIMIT_TOKEN=0 GUANXI_RATE_LIMIT_ADDRESS=0 LOG_LEVEL=info GUANXI_DATA_DIR=$work/data
mkdir -p "$GUANXI_DATA_DIR"
"$bin" demo --customers "$customers" >"$work/demo.log" 2>&1

for port in 18101 18102; do
    PORT=$port "$bin" serve >"$work/serve-$port.log" 2>&1 &
    pids+=($!)
done
for port in 18101 18102; do
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
done

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    upstream guanxi { server 127.0.0.1:18101; server 127.0.0.1:18102; keepalive 32; }
    server {
        listen 127.0.0.1:18100;
        location / {
            proxy_pass http://guanxi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18100/health >/dev/null && break; sleep 0.1; done

GUANXI_TOKEN=$(curl -sf -X POST http://127.0.0.1:18100/api/v1/auth/token -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$GUANXI_ADMIN_PASSWORD\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
export GUANXI_TOKEN
before=$(as_postgres "psql -tAc 'SELECT COUNT(*) FROM customers' guanxi_bench")
echo "--- wrk -t2 -c32 -d$duration through nginx to two instances ($customers demo customers)"
wrk -t2 -c32 -d"$duration" --latency -s Benchmarks/two-instances/mix.lua http://127.0.0.1:18100/ | grep -vE '^\s+(50|75|90|99)%' || true
after=$(as_postgres "psql -tAc 'SELECT COUNT(*) FROM customers' guanxi_bench")
echo "customers created: $((after - before))"

echo "--- scheduled jobs: runs logged by each instance"
for job in "housekeeping removed" "follow-up rules created"; do
    a=$(grep -c "$job" "$work/serve-18101.log" || true)
    b=$(grep -c "$job" "$work/serve-18102.log" || true)
    echo "$job: $a + $b = $((a + b))"
done

echo "--- a browser session made on one instance, used on the other"
jar=$work/cookies
curl -sf -c "$jar" http://127.0.0.1:18101/login >/dev/null
csrf=$(awk '$6 == "gx_csrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -X POST http://127.0.0.1:18101/login \
    --data-urlencode "username=admin" --data-urlencode "password=$GUANXI_ADMIN_PASSWORD" --data-urlencode "_csrf=$csrf" --data-urlencode "next=/"
echo "dashboard on 18101: $(curl -s -b "$jar" -o /dev/null -w '%{http_code}' http://127.0.0.1:18101/)," \
    "on 18102: $(curl -s -b "$jar" -o /dev/null -w '%{http_code}' http://127.0.0.1:18102/)"
