"""The web interface driven in a real browser: sign-in in both languages, user administration with a form
error, a non-administrator's view, language switching, teams and the audit log."""

import re

import pytest
from playwright.sync_api import expect

from conftest import ADMIN_PASSWORD

TEXT = {
    "en": {
        "locale": "en-US",
        "welcome_admin": "Welcome, Administrator",
        "wrong_password": "Wrong username or password.",
        "signed_out": "You have signed out.",
        "sign_in": "Sign in",
        "nav_dashboard": "Dashboard",
        "forbidden": "You do not have permission to do this.",
    },
    "zh-CN": {
        "locale": "zh-CN",
        "welcome_admin": "欢迎，Administrator",
        "wrong_password": "用户名或密码错误。",
        "signed_out": "您已退出登录。",
        "sign_in": "登录",
        "nav_dashboard": "工作台",
        "forbidden": "您没有执行此操作的权限。",
    },
}


def html_lang(page):
    return expect(page.locator("html"))


def sign_in(page, username, password):
    page.goto("/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("#login-submit")


def switch_language(page, language):
    """Uses the language switch on the current page unless the page is already in that language."""
    if page.locator("html").get_attribute("lang") != language:
        page.click(f"#lang-{language}")
    html_lang(page).to_have_attribute("lang", language)


def sign_out(page, language):
    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator(".notice")).to_contain_text(TEXT[language]["signed_out"])


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_admin_signs_in_in_the_browser_language(new_page, screenshot, language):
    text = TEXT[language]
    page = new_page(text["locale"])

    page.goto("/login")
    html_lang(page).to_have_attribute("lang", language)
    expect(page.locator("#login-submit")).to_have_text(text["sign_in"])
    screenshot(page, f"login-{language}")

    sign_in(page, "admin", "not-the-password")
    html_lang(page).to_have_attribute("lang", language)
    expect(page.locator(".banner.error")).to_have_text(text["wrong_password"])
    screenshot(page, f"login-error-{language}")

    page.fill("#f-username", "admin")
    page.fill("#f-password", ADMIN_PASSWORD)
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"/$"))
    # After sign-in the account's saved language applies; make it the one under test.
    switch_language(page, language)
    expect(page.locator("#welcome")).to_have_text(text["welcome_admin"])
    expect(page.locator("#nav-dashboard")).to_contain_text(text["nav_dashboard"])
    for nav in ("#nav-users", "#nav-teams", "#nav-audit", "#nav-account"):
        expect(page.locator(nav)).to_be_visible()
    screenshot(page, f"dashboard-{language}")
    sign_out(page, language)


def test_language_without_a_choice_falls_back_to_chinese_and_the_switch_is_remembered(new_page):
    page = new_page("fr-FR")
    page.goto("/login")
    html_lang(page).to_have_attribute("lang", "zh-CN")

    page.click("#lang-en")
    html_lang(page).to_have_attribute("lang", "en")
    expect(page.locator("#login-submit")).to_have_text("Sign in")
    page.reload()
    html_lang(page).to_have_attribute("lang", "en")


def test_admin_creates_a_user_who_signs_in_without_admin_rights(new_page, screenshot):
    page = new_page("en-US")
    sign_in(page, "admin", ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    switch_language(page, "en")

    page.click("#nav-users")
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    page.click("#new-user")
    expect(page).to_have_url(re.compile(r"/admin/users/new$"))

    page.fill("#f-username", "li.wei")
    page.fill("#f-display_name", "Li Wei 李伟")
    page.fill("#f-email", "li.wei-at-example.com")
    page.select_option("#f-role", "sales")
    page.select_option("#f-language", "en")
    page.fill("#f-password", "sales-password-1")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.click("#save-user")
    assert posted.value.status == 422
    expect(page.locator("#error-email")).to_have_text("Not a valid email address.")
    expect(page.locator("#f-username")).to_have_value("li.wei")
    expect(page.locator("#f-display_name")).to_have_value("Li Wei 李伟")
    expect(page.locator("#f-email")).to_have_value("li.wei-at-example.com")
    expect(page.locator("#f-role")).to_have_value("sales")
    screenshot(page, "user-form-error-en")

    page.fill("#f-email", "li.wei@example.com")
    if page.locator("#f-password").input_value() == "":
        page.fill("#f-password", "sales-password-1")
    page.click("#save-user")
    expect(page).to_have_url(re.compile(r"/admin/users(\?|$)"))
    expect(page.locator(".notice")).to_contain_text("User li.wei created.")
    row = page.locator('#users-table tr[data-username="li.wei"]')
    expect(row).to_contain_text("li.wei@example.com")
    expect(row).to_contain_text("Sales rep")
    screenshot(page, "users-list-en")
    sign_out(page, "en")

    # The new user: no administration in the navigation, and a 403 page at /admin/users.
    sign_in(page, "li.wei", "sales-password-1")
    expect(page).to_have_url(re.compile(r"/$"))
    html_lang(page).to_have_attribute("lang", "en")
    expect(page.locator("#welcome")).to_have_text("Welcome, Li Wei 李伟")
    expect(page.locator("#nav-dashboard")).to_be_visible()
    expect(page.locator("#nav-account")).to_be_visible()
    expect(page.locator("#nav-users")).to_have_count(0)
    expect(page.locator("#nav-audit")).to_have_count(0)

    response = page.goto("/admin/users")
    assert response.status == 403
    expect(page.locator("#error-page")).to_contain_text(TEXT["en"]["forbidden"])
    expect(page.locator("#users-table")).to_have_count(0)
    screenshot(page, "forbidden-en")

    # Switching the language changes the page and is saved on the account.
    page.goto("/")
    page.click("#lang-zh-CN")
    html_lang(page).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#welcome")).to_have_text("欢迎，Li Wei 李伟")
    expect(page.locator("#nav-dashboard")).to_contain_text("工作台")
    screenshot(page, "dashboard-sales-zh-CN")
    response = page.goto("/admin/users")
    assert response.status == 403
    expect(page.locator("#error-page")).to_contain_text(TEXT["zh-CN"]["forbidden"])
    screenshot(page, "forbidden-zh-CN")
    page.goto("/")
    sign_out(page, "zh-CN")

    other_browser = new_page("en-US")
    sign_in(other_browser, "li.wei", "sales-password-1")
    expect(other_browser).to_have_url(re.compile(r"/$"))
    html_lang(other_browser).to_have_attribute("lang", "zh-CN")
    # Signed out, this browser has no language cookie: the login page follows its Accept-Language again.
    sign_out(other_browser, "en")


def test_account_page_changes_the_password(new_page, screenshot):
    admin = new_page("en-US")
    sign_in(admin, "admin", ADMIN_PASSWORD)
    switch_language(admin, "en")
    admin.goto("/admin/users/new")
    admin.fill("#f-username", "wang.fang")
    admin.fill("#f-display_name", "Wang Fang")
    admin.select_option("#f-role", "service")
    admin.select_option("#f-language", "en")
    admin.fill("#f-password", "first-password-1")
    admin.click("#save-user")
    expect(admin.locator('#users-table tr[data-username="wang.fang"]')).to_be_visible()

    page = new_page("en-US")
    sign_in(page, "wang.fang", "first-password-1")
    page.click("#nav-account")
    expect(page).to_have_url(re.compile(r"/account$"))
    # The account page has its own language switch besides the one in the header.
    expect(page.locator("main .lang-switch")).to_be_visible()
    page.fill("#f-old_password", "first-password-1")
    page.fill("#f-new_password", "second-password-2")
    page.click("#change-password")
    expect(page.locator(".notice")).to_contain_text("Your password has been changed.")
    screenshot(page, "account-en")
    page.locator("main .lang-switch button[value=zh-CN]").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    html_lang(page).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#change-password")).to_be_visible()

    other = new_page("en-US")
    sign_in(other, "wang.fang", "first-password-1")
    expect(other.locator(".banner.error")).to_have_text(TEXT["en"]["wrong_password"])
    other.fill("#f-username", "wang.fang")
    other.fill("#f-password", "second-password-2")
    other.click("#login-submit")
    # The language chosen on the account page was saved on the account.
    expect(other.locator("#welcome")).to_have_text("欢迎，Wang Fang")


def test_admin_creates_a_team_and_reads_the_audit_log(new_page, screenshot):
    page = new_page("zh-CN")
    sign_in(page, "admin", ADMIN_PASSWORD)
    switch_language(page, "zh-CN")

    page.click("#nav-teams")
    expect(page).to_have_url(re.compile(r"/admin/teams$"))
    page.click("#new-team")
    page.fill("#f-name", "华东销售部")
    page.click("#save-team")
    expect(page).to_have_url(re.compile(r"/admin/teams(\?|$)"))
    expect(page.locator(".notice")).to_contain_text("华东销售部")
    expect(page.locator("main")).to_contain_text("华东销售部")
    screenshot(page, "teams-zh-CN")

    page.click("#nav-audit")
    expect(page).to_have_url(re.compile(r"/admin/audit"))
    expect(page.locator("#audit-table")).to_contain_text("华东销售部")
    screenshot(page, "audit-zh-CN")
