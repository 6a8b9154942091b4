"""Sales in the browser: an opportunity moved on the pipeline board with the card's own form, and the sales report
with its figures and chart for an order whose amounts are known to the fen."""

import uuid

from playwright.sync_api import expect

from test_confirmations import API
from test_web import sign_in, switch_language

from conftest import ADMIN_PASSWORD


def test_pipeline_card_moves_and_the_report_shows_the_order(server, new_page, screenshot):
    api = API(server)
    tag = uuid.uuid4().hex[:6]
    customer = api.create("/customers", {"name": f"华信科技{tag}"})
    product = api.create("/products", {"sku": f"SKU{tag}", "name": "服务器", "list_price": 120, "unit_cost": 70,
                                       "tax_rate": 13})
    opportunity = api.create("/opportunities", {"customer_id": customer, "title": f"机房扩容{tag}", "amount": 50000})
    stages = api.send("GET", "/pipeline-stages")["items"]
    open_stages = [stage for stage in stages if not stage["is_won"] and not stage["is_lost"]]
    api.send("POST", "/orders", {"customer_id": customer, "ordered_at": "2026-03-05T10:00:00+08:00", "status": "confirmed",
                                 "lines": [{"product_id": product, "quantity": 2}]})

    page = new_page("zh-CN")
    sign_in(page, "admin", ADMIN_PASSWORD)
    switch_language(page, "zh-CN")
    page.goto("/pipeline")
    card = page.locator(f"#card-{opportunity}")
    expect(card).to_contain_text(f"机房扩容{tag}")
    card.locator("select[name=stage_id]").select_option(str(open_stages[1]["id"]))
    card.locator("button[type=submit]").click()
    expect(page.locator(".notice")).to_contain_text(f"机房扩容{tag}")
    moved = api.send("GET", f"/opportunities/{opportunity}")
    assert moved["stage_id"] == open_stages[1]["id"]

    page.goto("/reports/sales?period=month&from=2026-03-01&to=2026-03-31")
    # 2 × ¥120.00 with 13 % VAT included: ¥212.39 net, cost ¥140.00, profit ¥72.39.
    expect(page.locator("#stat-revenue")).to_contain_text("¥212.39")
    expect(page.locator("#stat-gross-profit")).to_contain_text("¥72.39")
    expect(page.locator("#report-svg rect.bar")).to_have_count(2)
    expect(page.locator("#report-table")).to_contain_text("2026-03")
    screenshot(page, "sales-report-zh")
