#!/usr/bin/env bash
# Analytics benchmark (issue 5): guanxi analytics clv vs lifetimes 0.11.3, guanxi analytics rfm vs DuckDB.
# Not part of CI. Usage: Benchmarks/analytics/run.sh   (env: GUANXI_BIN, CUSTOMERS=1000000, RFM_ROWS=10000000,
# LIFETIMES_SAMPLE=<customers> to run lifetimes on the first customers only, LIFETIMES_TIMEOUT=3600 seconds)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GUANXI_BIN="${GUANXI_BIN:-$ROOT/.build/release/guanxi}"
CUSTOMERS="${CUSTOMERS:-1000000}"
RFM_ROWS="${RFM_ROWS:-10000000}"
LIFETIMES_TIMEOUT="${LIFETIMES_TIMEOUT:-3600}"
[ -x "$GUANXI_BIN" ] || { echo "build first: swift build -c release --product guanxi (or set GUANXI_BIN)" >&2; exit 1; }
if [ ! -x "$HERE/.venv/bin/python" ]; then
  python3 -m venv "$HERE/.venv"
  "$HERE/.venv/bin/pip" install -q "setuptools<75" "numpy<2" "scipy<1.13" "pandas<2.2" lifetimes==0.11.3 duckdb
fi
PY="$HERE/.venv/bin/python"
WORK="${BENCH_WORK:-$(mktemp -d)}"
echo "data in $WORK"
[ -f "$WORK/clv.csv" ] || "$PY" "$HERE/generate.py" clv "$CUSTOMERS" "$WORK/clv.csv"
[ -f "$WORK/rfm.csv" ] || "$PY" "$HERE/generate.py" rfm "$RFM_ROWS" "$WORK/rfm.csv"

echo "== guanxi analytics clv"
/usr/bin/time -f "guanxi clv: %e s wall, %M KB max RSS" "$GUANXI_BIN" analytics clv --transactions "$WORK/clv.csv" \
  --params-out "$WORK/guanxi_params.json" --output "$WORK/guanxi_clv.csv"

echo "== lifetimes"
timeout "$LIFETIMES_TIMEOUT" /usr/bin/time -f "lifetimes: %e s wall, %M KB max RSS" \
  "$PY" "$HERE/lifetimes_clv.py" "$WORK/clv.csv" "$WORK/lifetimes_params.json" ${LIFETIMES_SAMPLE:-} || echo "lifetimes did not finish within $LIFETIMES_TIMEOUT s"
if [ -f "$WORK/lifetimes_params.json" ] && [ -z "${LIFETIMES_SAMPLE:-}" ]; then
  "$PY" - "$WORK/guanxi_params.json" "$WORK/lifetimes_params.json" <<'PYEOF'
import json, sys
g, l = (json.load(open(p)) for p in sys.argv[1:3])
for model in ("bgnbd", "gamma_gamma"):
    for k, v in l[model].items():
        print(f"{model}.{k}: guanxi {g[model][k]:.8g} lifetimes {v:.8g} relative difference {abs(g[model][k] - v) / abs(v):.2e}")
PYEOF
fi

echo "== RFM over $RFM_ROWS rows"
/usr/bin/time -f "guanxi rfm: %e s wall, %M KB max RSS" "$GUANXI_BIN" analytics rfm --transactions "$WORK/rfm.csv" --output "$WORK/guanxi_rfm.csv"
/usr/bin/time -f "duckdb rfm: %e s wall, %M KB max RSS" "$PY" "$HERE/duckdb_rfm.py" "$WORK/rfm.csv" "$WORK/duckdb_rfm.csv"
"$PY" - "$WORK/guanxi_rfm.csv" "$WORK/duckdb_rfm.csv" <<'PYEOF'
import sys, pandas as pd
g = pd.read_csv(sys.argv[1], dtype={"customer_id": str}).set_index("customer_id").sort_index()
d = pd.read_csv(sys.argv[2], dtype={"customer_id": str}).set_index("customer_id").sort_index()
same = all((g[c] == d[c]).all() for c in ("recency_days", "frequency", "r", "f", "m"))
print(f"RFM customers {len(g)} vs {len(d)}; recency/frequency/scores identical: {same}; max monetary difference {(g.monetary - d.monetary).abs().max():.2e}")
PYEOF
