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


def test_a_rep_sells_from_opportunity_to_paid_delivered_order(server, new_page, screenshot):
    """A rep opens an opportunity, quotes two lines with a discount, sees the margin, sends and accepts the quote,
    records a payment and the delivery; another rep finds none of it; the manager sees the card on the board."""
    api = API(server)
    tag = uuid.uuid4().hex[:6]
    team = api.create("/teams", {"name": f"华东{tag}"})
    password = "rep-secret-2024"
    rep = api.create("/users", {"username": f"rep{tag}", "display_name": f"王销售{tag}", "role": "sales", "password": password,
                                "team_id": team})
    api.create("/users", {"username": f"mgr{tag}", "display_name": f"李经理{tag}", "role": "manager", "password": password,
                          "team_id": team})
    api.create("/users", {"username": f"other{tag}", "display_name": "别组销售", "role": "sales", "password": password})
    customer = api.create("/customers", {"name": f"星辰贸易{tag}", "owner_id": rep})
    first = api.create("/products", {"sku": f"A{tag}", "name": f"服务器{tag}", "list_price": 120, "unit_cost": 70, "tax_rate": 13})
    second = api.create("/products", {"sku": f"B{tag}", "name": f"网线{tag}", "list_price": 45.5, "unit_cost": 20, "tax_rate": 9})

    page = new_page("zh-CN")
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, f"rep{tag}", password)
    switch_language(page, "zh-CN")

    page.goto(f"/customers/{customer}")
    page.locator(f"a[href='/opportunities/new?customer_id={customer}']").first.click()
    page.fill("#f-title", f"机房扩容{tag}")
    page.fill("#f-amount", "50000")
    page.click("#save-opportunity")
    expect(page.locator("main")).to_contain_text(f"机房扩容{tag}")

    page.goto(f"/quotes/new?customer_id={customer}")
    page.locator("#f-opportunity_id").select_option(label=f"机房扩容{tag}")
    page.locator("#f-line_product_0").select_option(str(first))
    page.fill("#f-line_quantity_0", "3")
    page.fill("#f-line_discount_percent_0", "10")
    page.locator("#f-line_product_1").select_option(str(second))
    page.fill("#f-line_quantity_1", "0")
    page.locator("#quote-form button[type=submit]:not(.default-submit)").last.click()
    # A quantity of nothing is refused beside its field, and nothing is saved.
    expect(page.locator("#error-line_quantity_1")).to_be_visible()
    assert api.send("GET", f"/quotes?customer_id={customer}")["items"] == []
    page.fill("#f-line_quantity_1", "2")
    page.locator("#quote-form button[type=submit]:not(.default-submit)").last.click()

    # Prices include 13 % / 9 % VAT: 3 × ¥120.00 less 10 % = ¥324.00 (net ¥286.73, cost ¥210.00) and 2 × ¥45.50 =
    # ¥91.00 (net ¥83.49, cost ¥40.00): ¥415.00 gross, ¥370.22 net, margin ¥120.22 (32.47 %).
    expect(page.locator("#total-gross")).to_contain_text("415.00")
    expect(page.locator("#total-net")).to_contain_text("370.22")
    expect(page.locator("#total-cost")).to_contain_text("250.00")
    expect(page.locator("#total-margin")).to_contain_text("120.22")
    expect(page.locator("#total-margin-percent")).to_contain_text("32.47")
    quote_url = page.url
    page.click("#send-quote")
    expect(page.locator("#accept-quote")).to_be_visible()
    page.goto(quote_url + "/print")
    expect(page.locator("body")).to_contain_text("415.00")
    screenshot(page, "quote-print-zh")
    page.goto(quote_url)
    page.click("#accept-quote")
    expect(page.locator("#order-number")).to_contain_text("O-")
    order_url = page.url
    order = int(order_url.rstrip("/").split("/")[-1])

    page.fill("#f-amount", "500")
    page.click("#save-payment")
    expect(page.locator("#error-amount")).to_contain_text("415.00")  # more than is owed: refused, naming what is
    page.fill("#f-amount", "200")
    page.click("#save-payment")
    expect(page.locator("#order-paid")).to_contain_text("200.00")
    expect(page.locator("#order-outstanding")).to_contain_text("215.00")
    page.locator("#f-status").select_option("delivered")
    page.click("#save-status")
    expect(page.locator("#status-card")).to_be_visible()
    assert api.send("GET", f"/orders/{order}")["status"] == "delivered"
    screenshot(page, "order-zh")

    # Another team's rep finds neither the quote nor the order.
    other = new_page("zh-CN")
    sign_in(other, f"other{tag}", password)
    for url in (quote_url, order_url):
        response = other.goto(url)
        assert response.status == 404, url

    manager = new_page("zh-CN")
    sign_in(manager, f"mgr{tag}", password)
    switch_language(manager, "zh-CN")
    manager.goto("/pipeline")
    expect(manager.locator("main")).to_contain_text(f"机房扩容{tag}")
    screenshot(manager, "pipeline-zh")
