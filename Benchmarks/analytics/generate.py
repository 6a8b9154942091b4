"""Synthetic transaction logs for the analytics benchmark (fixed seeds).

clv: N customers from the BG/NBD + Gamma-Gamma processes (weeks: r=0.25, alpha=4, a=0.8, b=2.5;
spend p=6, q=4, v=15), first purchases spread over 2023, observation end 2024-06-30.
rfm: M transactions over customers 1..M/10, random days in 2023-2024, rows grouped by customer
and date (the order of a typical export).
usage: generate.py clv N OUT.csv | generate.py rfm M OUT.csv
"""
import sys
import numpy as np
import pandas as pd

def clv_log(n, out, seed=20240605):
    g = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01")
    end_day = (np.datetime64("2024-06-30") - start).astype(int)
    first = g.integers(0, 365, n)
    T = (end_day - first) / 7.0
    lam = g.gamma(0.25, 1 / 4.0, n)
    p = g.beta(0.8, 2.5, n)
    nu = g.gamma(4.0, 1 / 15.0, n)
    cust, days, amount = [np.arange(n)], [first], [g.gamma(6.0, 1, n) / nu]
    t = np.zeros(n)
    active = np.arange(n)
    while active.size:
        t[active] += g.exponential(1.0, active.size) / lam[active]
        active = active[t[active] <= T[active]]
        cust.append(active)
        days.append(first[active] + np.floor(t[active] * 7).astype(int))
        amount.append(g.gamma(6.0, 1, active.size) / nu[active])
        active = active[g.random(active.size) >= p[active]]
    df = pd.DataFrame({"c": np.concatenate(cust) + 1, "d": np.concatenate(days), "amount": np.concatenate(amount)})
    df = df.sort_values(["c", "d"], kind="stable")
    df["date"] = (start + df["d"].to_numpy().astype("timedelta64[D]")).astype(str)
    df[["c", "date", "amount"]].rename(columns={"c": "customer_id"}).to_csv(out, index=False, float_format="%.2f")
    print(f"{n} customers, {len(df)} rows -> {out}")

def rfm_log(m, out, seed=20240606):
    g = np.random.default_rng(seed)
    cust = g.integers(1, m // 10 + 1, m)
    day = g.integers(0, 730, m)
    order = np.lexsort((day, cust))
    dates = (np.datetime64("2023-01-01") + day[order].astype("timedelta64[D]")).astype(str)
    pd.DataFrame({"customer_id": cust[order], "date": dates, "amount": g.gamma(2.0, 20.0, m)}).to_csv(out, index=False, float_format="%.2f")
    print(f"{m} rows -> {out}")

if __name__ == "__main__":
    kind, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    (clv_log if kind == "clv" else rfm_log)(size, out)
