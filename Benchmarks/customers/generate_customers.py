"""Writes a customer CSV for the import benchmark: mixed Chinese and Latin names, phones, e-mails, owners, tags.

Usage: generate_customers.py ROWS FILE [OWNER ...]   (deterministic: fixed seed)
"""
import random
import sys

rows, path, owners = int(sys.argv[1]), sys.argv[2], sys.argv[3:] or ["admin"]
random.seed(2026)
cities = "北京 上海 广州 深圳 杭州 成都 武汉 南京 西安 苏州".split()
words = "华信 星辰 东方 金桥 宏达 远航 汇通 嘉禾 鼎盛 瑞丰 新源 博远 天成 中和 恒泰 永安".split()
trades = "科技 贸易 物流 电子 机械 医药 食品 建材".split()
latin = "Acme Globex Initech Umbrella Stark Wayne Hooli Vandelay".split()
stages = ["线索", "潜在客户", "客户", "lead", "prospect", "customer"]
with open(path, "w", encoding="utf-8", newline="") as out:
    out.write("客户名称,电话,邮箱,地区,行业,负责人,阶段,标签,年采购额\n")
    for i in range(1, rows + 1):
        if i % 7 == 0:
            name = f"\"{random.choice(latin)} Trading {i} Co., Ltd.\""
        else:
            name = f"{random.choice(cities)}{random.choice(words)}{random.choice(words)}{random.choice(trades)}{i}有限公司"
        # Distinct numbers, so the import's duplicate checks (which the benchmark keeps on) find nothing to refuse.
        phone = f"1{random.choice('3589')}{i:09d}"
        tags = random.choice(["", "", "vip", "\"vip,重点客户\"", "新客户"])
        spend = "" if i % 3 else f"{random.randrange(1000, 10**7)}.{random.randrange(100):02d}"
        out.write(f"{name},{phone},info{i}@corp{i % 9973}.example.cn,{random.choice(cities)},{random.choice(trades)},"
                  f"{random.choice(owners)},{random.choice(stages)},{tags},{spend}\n")
