"""Page widths in a real browser: a customer page with long values fits a 1280 px window, and on a 390 px phone
the navigation is a bar above the page rather than a column filling the first screen."""

from conftest import ADMIN_PASSWORD
from test_customers import api
from test_web import sign_in

LONG_WEBSITE = "https://www." + "very-long-subdomain-name-" * 4 + "example.com/path/with/many/segments"


def long_customer(server, name, mailbox):
    token = api(server, "POST", "/auth/token", {"username": "admin", "password": ADMIN_PASSWORD})["token"]
    created = api(server, "POST", "/customers", {
        "name": name, "website": LONG_WEBSITE, "annual_category_spend": 1234567.89,
        "email": mailbox + ".procurement.department.head@very-long-company-domain-name-example.com",
    }, token=token)
    return created["id"]


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_customer_page_with_long_values_fits_the_window(new_page, server, screenshot):
    customer = long_customer(server, "长字段测试有限责任公司", "wide")
    page = new_page("en-US")
    sign_in(page, "admin", ADMIN_PASSWORD)
    page.goto(f"/customers/{customer}")
    assert page.locator("#profile").is_visible()
    assert page_width(page) <= 1280
    screenshot(page, "customer-long-values-1280")


def test_narrow_window_puts_navigation_in_a_bar(new_page, server, screenshot):
    customer = long_customer(server, "窄屏测试有限责任公司", "narrow")
    page = new_page("zh-CN")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "admin", ADMIN_PASSWORD)
    page.goto(f"/customers/{customer}")
    sidebar = page.locator(".sidebar").bounding_box()
    assert sidebar["height"] < 844 / 3, sidebar
    title = page.locator(".topbar h1").bounding_box()
    # One line of title text is about 30 px; a title broken per character would be many times taller.
    assert title["height"] < 80, title
    assert page_width(page) <= 390
    screenshot(page, "customer-390")
