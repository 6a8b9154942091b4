import Foundation
import Testing
import Vapor
@testable import GuanxiServer

@Suite("Sessions: a new id at sign-in, signing a user out everywhere, no script links from user data")
struct SessionSecurityTests {
    @Test("signing in gives a new session id and ends the one the browser brought")
    func newSessionAtSignIn() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let first = try #require(browser.cookies["gx_session"])
            // Signing in again from the same browser (or with an id someone planted in it).
            let again = try await browser.post("/login", ["username": "admin", "password": adminPassword, "next": "/"])
            #expect(again.status == .seeOther)
            let second = try #require(browser.cookies["gx_session"])
            #expect(second != first)
            #expect(try await browser.get("/").status == .ok)

            let stale = Browser(app)
            stale.cookies = browser.cookies
            stale.cookies["gx_session"] = first
            let refused = try await stale.get("/")
            #expect(refused.status == .seeOther && refused.location?.hasPrefix("/login") == true)
        }
    }

    @Test("an administrator signs a user out of every browser and token without changing the password")
    func signOutEverywhere() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let browser = Browser(app)
            try await browser.signIn("sales1", TestCompany.password)
            #expect(try await browser.get("/").status == .ok)
            #expect(try await rep.send(.GET, "/api/v1/customers").status == .ok)
            let id = company.userIDs["sales1"]!

            #expect(try await rep.send(.POST, "/api/v1/users/\(id)/sign-out").status == .forbidden)
            #expect(try await company.admin.send(.POST, "/api/v1/users/999999/sign-out").status == .notFound)
            #expect(try await company.admin.send(.POST, "/api/v1/users/\(id)/sign-out").status == .noContent)
            #expect(try await rep.send(.GET, "/api/v1/customers").status == .unauthorized)
            #expect(try await browser.get("/").location?.hasPrefix("/login") == true)
            // The password is unchanged: the user signs in again as before.
            let back = try await APIClient.signIn(app, username: "sales1", password: TestCompany.password)
            #expect(try await back.send(.GET, "/api/v1/customers").status == .ok)
            let audit = try await company.admin.send(.GET, "/api/v1/audit?entity=user&entity_id=\(id)")
            #expect(audit.items.contains { $0["action"] as? String == "revoke" })

            // The same from the user's page, behind a confirmation.
            let admin = Browser(app, acceptLanguage: "zh-CN")
            try await admin.signIn()
            let page = try await admin.get("/admin/users/\(id)/edit")
            #expect(page.html.contains("action=\"/admin/users/\(id)/sign-out\" data-confirm=\"确定结束该用户的所有登录会话和 API 令牌吗？密码保持不变。\""))
            let done = try await admin.post("/admin/users/\(id)/sign-out", [:])
            #expect(done.status == .seeOther)
            #expect(try await admin.get(done.location ?? "/").html.contains("sales1 已在所有设备上下线。"))
            #expect(try await back.send(.GET, "/api/v1/customers").status == .unauthorized)
            #expect(try await admin.get("/").status == .ok)  // the administrator's own session stays
        }
    }

    @Test("a website or any text of a customer never becomes a javascript: or data: link")
    func noScriptLinks() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let created = try await admin.send(.POST, "/api/v1/customers", json: [
                "name": "脚本测试", "website": "javascript:alert(1)", "address": "data:text/html,<script>alert(1)</script>",
            ])
            let id: Int
            if created.status == .created {
                id = try #require(created.object?["id"] as? Int)
            } else {
                // Refusing such a website outright is as good as showing it as text.
                #expect(created.errorFields["website"] != nil, "\(created.errorFields)")
                id = try #require(try await admin.send(.POST, "/api/v1/customers", json: [
                    "name": "脚本测试", "address": "data:text/html,<script>alert(1)</script>",
                ]).object?["id"] as? Int)
            }
            let browser = Browser(app)
            try await browser.signIn()
            let page = try await browser.get("/customers/\(id)")
            #expect(page.status == .ok)
            // No link, image or form target carries the customer's text (the page's own empty icon is `data:,`).
            let targets = try Regex(#"(?:href|src|action)="([^"]*)""#)
            let values = page.html.matches(of: targets).map { String($0.output[1].substring ?? "") }
            #expect(!values.isEmpty && !values.contains { $0.contains("alert(1)") || $0.lowercased().hasPrefix("javascript:") }, "\(values)")
            #expect(page.html.contains("javascript:alert(1)") || created.status != .created)  // shown as text
            #expect(!page.html.contains("<script>alert(1)</script>"))
        }
    }
}
