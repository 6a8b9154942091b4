#!/usr/bin/env python3
"""Writes an order-import CSV: `lines` order lines in orders of one to four lines, for customers with ids
1..customers, dated over the two years before `today`, of the demo catalogue's products on sale.

Usage: generate_orders.py LINES CUSTOMERS OUT.csv [--customer ID --orders N] [--prefix P] [--today YYYY-MM-DD]
With --customer, every order is that customer's (N orders of two lines) — the 360 page's large customer."""
import argparse
import datetime
import random

parser = argparse.ArgumentParser()
parser.add_argument("lines", type=int)
parser.add_argument("customers", type=int)
parser.add_argument("out")
parser.add_argument("--customer", type=int)
parser.add_argument("--orders", type=int, default=500)
parser.add_argument("--prefix", default="BENCH")
parser.add_argument("--today", default=datetime.date.today().isoformat())
parser.add_argument("--seed", type=int, default=16)
args = parser.parse_args()
rng = random.Random(args.seed)
today = datetime.date.fromisoformat(args.today)
# The demo catalogue sells all but every tenth product (DEMO-010, DEMO-020 … are no longer sold).
skus = [f"DEMO-{i:03d}" for i in range(1, 51) if i % 10 != 0]
channels = ["直销", "网店", "微信", "电话", "代理商"]
payments = ["银行转账", "支付宝", "微信支付", "现金"]

with open(args.out, "w", encoding="utf-8", newline="") as out:
    out.write("订单号,客户,下单日期,产品编号,数量,折扣,渠道,付款方式,状态\n")
    written, number = 0, 0
    target = args.orders * 2 if args.customer else args.lines
    rows = []
    while written < target:
        number += 1
        customer = args.customer or rng.randint(1, args.customers)
        day = (today - datetime.timedelta(days=rng.randint(1, 729))).isoformat()
        count = 2 if args.customer else rng.randint(1, 4)
        count = min(count, target - written)
        channel, payment = rng.choice(channels), rng.choice(payments)
        for _ in range(count):
            discount = "10%" if rng.random() < 0.2 else ""
            rows.append(f"{args.prefix}-{number:08d},{customer},{day},{rng.choice(skus)},{rng.randint(1, 10)},{discount},{channel},{payment},completed\n")
        written += count
        if len(rows) >= 100_000:
            out.writelines(rows)
            rows = []
    out.writelines(rows)
