# Sourced by the customer benchmarks: starts `guanxi serve` on GUANXI_DATA_DIR and signs in as the administrator.
# Needs GUANXI_BIN, GUANXI_ADMIN_PASSWORD and WORK; sets SERVER (its pid, killed on exit), URL, TOKEN, AUTH and
# OWNER (the id of the demo rep sales001).
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
"$GUANXI_BIN" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$GUANXI_ADMIN_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"
OWNER=$(curl -sf "$URL/api/v1/users?limit=500" -H "$AUTH" | python3 -c 'import json,sys; print(next(u["id"] for u in json.load(sys.stdin)["items"] if u["username"]=="sales001"))')
