"""The customer journeys in a real browser: a sales rep working in Chinese (customer, contact, call, reminder,
my tasks) and an administrator importing a GB18030 file with a bad row, fixing it and finding the new customer."""

import json
import re
import urllib.request

from playwright.sync_api import expect

from conftest import ADMIN_PASSWORD
from test_web import sign_in

REP_PASSWORD = "rep-password-2024"


def api(server, method, path, body=None, token=None):
    request = urllib.request.Request(server + "/api/v1" + path, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(request, data=data, timeout=10) as response:
        return json.loads(response.read() or b"null")


def ensure_rep(server, username):
    token = api(server, "POST", "/auth/token", {"username": "admin", "password": ADMIN_PASSWORD})["token"]
    existing = [user["username"] for user in api(server, "GET", "/users?limit=500", token=token)["items"]]
    if username not in existing:
        api(server, "POST", "/users", {"username": username, "display_name": "李明", "role": "sales", "password": REP_PASSWORD},
            token=token)


def test_sales_rep_works_a_customer_in_chinese(new_page, server, screenshot):
    ensure_rep(server, "liming")
    page = new_page("zh-CN")
    sign_in(page, "liming", REP_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.click("#nav-customers")
    page.click("#new-customer")
    page.fill("#f-name", "杭州西湖茶业有限公司")
    page.fill("#f-phone", "0571-8765-4321")
    page.fill("#f-email", "bad-email")
    page.click("#save-customer")
    # A bad e-mail is named next to the field, in Chinese, and the typed values stay.
    expect(page.locator("#error-email")).to_be_visible()
    expect(page.locator("#f-name")).to_have_value("杭州西湖茶业有限公司")
    page.fill("#f-email", "info@xihutea.cn")
    page.fill("#f-tags", "重点客户, 茶叶")
    page.click("#save-customer")
    expect(page.locator("h1")).to_have_text("杭州西湖茶业有限公司")
    expect(page.locator(".notice")).to_contain_text("已创建客户")

    page.click("#add-contact summary")
    page.fill("#contact-form #f-name", "陈静")
    page.fill("#contact-form #f-title", "采购经理")
    page.fill("#contact-form #f-mobile", "13912345678")
    page.click("#save-contact")
    expect(page.locator("#contacts-table")).to_contain_text("陈静")

    page.click("#log-interaction summary")
    page.select_option("#interaction-form #f-channel", "phone")
    page.fill("#interaction-form #f-subject", "确认春茶报价")
    page.fill("#interaction-form #f-duration_minutes", "12")
    page.select_option("#interaction-form #f-contact_id", label="陈静")
    page.click("#save-interaction")
    expect(page.locator("#timeline-list")).to_contain_text("确认春茶报价")
    expect(page.locator("#timeline-list")).to_contain_text("陈静")

    page.click("#add-task summary")
    page.fill("#task-form #f-title", "周五回电确认订单")
    # The reminder is due at once, so the reminder bar appears.
    page.fill("#task-form #f-remind_at", page.input_value("#interaction-form #f-occurred_at"))
    page.click("#save-task")
    expect(page.locator("#open-tasks")).to_contain_text("周五回电确认订单")
    expect(page.locator("#reminder-bar")).to_be_visible()
    screenshot(page, "customer-360-zh")

    page.click("#nav-tasks")
    expect(page.locator("#tasks-table")).to_contain_text("周五回电确认订单")
    expect(page.locator("#tasks-table")).to_contain_text("杭州西湖茶业有限公司")
    page.click("#reminder-bar a")
    expect(page.locator("#tasks-table")).to_contain_text("周五回电确认订单")
    screenshot(page, "my-tasks-zh")

    # The customer is found by a Chinese substring of its name and by its contact.
    page.click("#nav-customers")
    page.fill("#f-q", "西湖茶")
    page.click("#apply-filters")
    expect(page.locator("#customers-table .customer-link")).to_have_text(["杭州西湖茶业有限公司"])
    page.fill("#f-q", "陈静")
    page.click("#apply-filters")
    expect(page.locator("#customers-table .customer-link")).to_have_count(1)


IMPORT_CSV = (
    "客户名称,电话,负责人,阶段,标签\n"
    "北京华信科技有限公司,010-88881234,admin,客户,vip\n"
    "上海星辰贸易有限公司,021-65551234,nobody,线索,\n"
    "广州白云物流有限公司,020-12345678,admin,潜在客户,\n"
)


def import_file(page, tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("gb18030"))
    page.goto("/import")
    page.select_option("#f-kind", "customers")
    page.set_input_files("#f-file", str(path))
    page.click("#start-import")
    # The job page refreshes while the import runs and then shows the result.
    expect(page.locator("#import-result")).to_be_visible(timeout=30_000)


def test_admin_imports_a_gb18030_file_fixes_the_bad_row_and_finds_the_customer(new_page, screenshot, tmp_path):
    page = new_page("zh-CN")
    sign_in(page, "admin", ADMIN_PASSWORD)

    import_file(page, tmp_path, "客户.csv", IMPORT_CSV)
    expect(page.locator("#import-summary")).to_contain_text("未导入任何数据")
    problems = page.locator("#import-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")
    expect(problems.first).to_contain_text("负责人")
    expect(problems.first).to_contain_text("nobody")
    expect(page.locator("#rows-written")).to_have_text("0")
    screenshot(page, "import-report-zh")

    page.goto("/customers?q=" + "华信科")
    expect(page.locator("#customers-table .customer-link")).to_have_count(0)

    import_file(page, tmp_path, "客户-修正.csv", IMPORT_CSV.replace("nobody", "admin"))
    expect(page.locator("#import-summary")).to_contain_text("已导入 3 行")
    expect(page.locator("#rows-written")).to_have_text("3")

    page.click("#nav-customers")
    page.fill("#f-q", "华信科")
    page.click("#apply-filters")
    expect(page.locator("#customers-table .customer-link")).to_have_text(["北京华信科技有限公司"])
    page.click("#customers-table .customer-link")
    expect(page.locator("h1")).to_have_text("北京华信科技有限公司")
    expect(page.locator("#profile")).to_contain_text("010-88881234")
    screenshot(page, "customer-list-zh")
    assert re.search(r"/customers/\d+$", page.url)
