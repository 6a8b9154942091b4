"""lifetimes 0.11.3 on the same log: summary + BG/NBD fit + Gamma-Gamma fit + CLV for all customers.
usage: lifetimes_clv.py LOG.csv PARAMS_OUT.json [SAMPLE_CUSTOMERS]"""
import json, sys, time, warnings
import numpy as np, pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
warnings.simplefilter("ignore")
t0 = time.time()
tx = pd.read_csv(sys.argv[1], dtype={"customer_id": str})
if len(sys.argv) > 3:
    keep = tx["customer_id"].drop_duplicates().iloc[: int(sys.argv[3])]
    tx = tx[tx["customer_id"].isin(set(keep))]
tx["date"] = pd.to_datetime(tx["date"])
s = summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="amount",
                                       observation_period_end=tx["date"].max(), freq="D")
s["recency"] /= 7.0
s["T"] /= 7.0
t1 = time.time()
bg = BetaGeoFitter().fit(s.frequency, s.recency, s["T"])
rep = s[(s.frequency > 0) & (s.monetary_value > 0)]
gg = GammaGammaFitter().fit(rep.frequency, rep.monetary_value)
clv = gg.customer_lifetime_value(bg, s.frequency, s.recency, s["T"], s.monetary_value, time=12, discount_rate=0.01, freq="W")
ey = bg.conditional_expected_number_of_purchases_up_to_time(39, s.frequency, s.recency, s["T"])
t2 = time.time()
json.dump({"bgnbd": {k: float(v) for k, v in bg.params_.items()}, "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
           "customers": int(len(s)), "equity": float(np.sum(clv)), "seconds_summary": t1 - t0, "seconds_fit_predict": t2 - t1,
           "seconds_total": t2 - t0}, open(sys.argv[2], "w"), indent=1)
print(f"lifetimes: {len(s)} customers, summary {t1 - t0:.1f} s, fit+CLV {t2 - t1:.1f} s, total {t2 - t0:.1f} s")
