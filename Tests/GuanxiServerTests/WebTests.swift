import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

/// A minimal browser: keeps cookies and sends forms with the CSRF token, as a real page would.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var acceptLanguage: String

    init(_ app: Application, acceptLanguage: String = "en-US,en;q=0.9") {
        self.app = app
        self.acceptLanguage = acceptLanguage
    }

    struct Page {
        let status: HTTPStatus
        let location: String?
        let html: String
        var headers = HTTPHeaders()
    }

    func get(_ path: String) async throws -> Page { try await send(.GET, path, form: nil) }

    func post(_ path: String, _ form: [String: String], includeCSRF: Bool = true) async throws -> Page {
        var fields = form
        if includeCSRF, fields["_csrf"] == nil { fields["_csrf"] = cookies["gx_csrf"] ?? "" }
        return try await send(.POST, path, form: fields)
    }

    private func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws -> Page {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .accept, value: "text/html")
        headers.replaceOrAdd(name: .acceptLanguage, value: acceptLanguage)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body: ByteBuffer?
        if let form {
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            body = ByteBuffer(string: encoded)
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), value = String(pair[1])
            if value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(status: response.status, location: response.headers.first(name: .location), html: response.body.string,
                    headers: response.headers)
    }

    /// Loads the login page (for the CSRF cookie) and signs in.
    @discardableResult
    func signIn(_ username: String = "admin", _ password: String = adminPassword) async throws -> Page {
        _ = try await get("/login")
        return try await post("/login", ["username": username, "password": password, "next": "/"])
    }
}

@Suite("Web interface")
struct WebTests {
    @Test("Sign in, see the dashboard, sign out")
    func signInAndOut() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            let anonymous = try await browser.get("/")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix("/login") == true)

            let wrong = try await browser.signIn("admin", "not-the-password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.html.contains("Wrong username or password."))  // anonymous: the browser's English

            let signedIn = try await browser.signIn()
            #expect(signedIn.status == .seeOther)
            #expect(browser.cookies["gx_session"] != nil)
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            // The first admin never chose a language, so the browser's (English) applies.
            #expect(dashboard.html.contains("Welcome, Administrator"))

            let out = try await browser.post("/logout", [:])
            #expect(out.location == "/login")
            // The message shows once, on the page the sign-out led to, and is gone on the next.
            #expect(try await browser.get("/login").html.contains("You have signed out."))
            #expect(try await !browser.get("/login").html.contains("You have signed out."))
            #expect(try await browser.get("/").status == .seeOther)

            let admin = try await APIClient.signIn(app)
            let sessions = try await admin.send(.GET, "/api/v1/audit?entity=user&entity_id=1")
            #expect(sessions.items.compactMap { $0["action"] as? String }.prefix(2) == ["logout", "login"])
        }
    }

    @Test("A link cannot make a page show a message: notices come only from the change that made them")
    func craftedNoticeShowsNothing() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let crafted = try await browser.get("/admin/users?notice=userCreated&name=Your+account+is+locked,+call+400-000")
            #expect(crafted.status == .ok)
            #expect(!crafted.html.contains("call 400-000") && !crafted.html.contains("class=\"notice\""))
            // A forged flash cookie with an unknown key is no message either.
            browser.cookies["gx_flash"] = "notAKey.x"
            #expect(try await !browser.get("/admin/users").html.contains("class=\"notice\""))
            let created = try await browser.post("/admin/users", ["username": "li.wei", "display_name": "李伟", "role": "sales",
                                                                  "password": "li-wei-password-1"])
            #expect(created.location == "/admin/users")
            #expect(browser.cookies["gx_flash"] != nil)
            #expect(try await browser.get("/admin/users").html.contains("User li.wei created."))
            #expect(browser.cookies["gx_flash"] == nil)
        }
    }

    @Test("Session cookies are HttpOnly and SameSite=Lax")
    func cookieFlags() async throws {
        try await withGuanxi { app, _ in
            _ = try await app.testing().sendRequest(.GET, "/login")
            let browser = Browser(app)
            _ = try await browser.get("/login")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: "gx_csrf=\(browser.cookies["gx_csrf"] ?? "")")
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            let body = ByteBuffer(string: "username=admin&password=\(adminPassword)&_csrf=\(browser.cookies["gx_csrf"] ?? "")")
            let response = try await app.testing().sendRequest(.POST, "/login", headers: headers, body: body)
            let session = try #require(response.headers[.setCookie].first { $0.hasPrefix("gx_session=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(!session.contains("Secure"))

            // Behind a TLS-terminating proxy the cookie is marked Secure.
            headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
            let proxied = try await app.testing().sendRequest(.POST, "/login", headers: headers, body: body)
            let secureSession = try #require(proxied.headers[.setCookie].first { $0.hasPrefix("gx_session=") })
            #expect(secureSession.contains("Secure"))
        }
    }

    @Test("A form posted without the CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let forged = try await browser.post("/admin/teams", ["name": "Forged", "_csrf": "0000000000000000000000000000000000000000"])
            #expect(forged.status == .forbidden)
            let teams = try await browser.get("/admin/teams")
            #expect(!teams.html.contains("Forged"))
            let genuine = try await browser.post("/admin/teams", ["name": "华南团队"])
            #expect(genuine.status == .seeOther)
            #expect(try await browser.get("/admin/teams").html.contains("华南团队"))
        }
    }

    @Test("A bad email is shown next to the field, the values are kept, and fixing it creates the user")
    func userFormValidation() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let form = ["username": "chen.jing", "display_name": "陈静", "email": "chen.jing@", "role": "sales", "team_id": "",
                        "language": "zh-CN", "active": "true", "password": "long-enough-pw"]
            let refused = try await browser.post("/admin/users", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("id=\"error-email\">Not a valid email address."))
            #expect(refused.html.contains("value=\"陈静\""))
            var fixed = form
            fixed["email"] = "chen.jing@example.com"
            let created = try await browser.post("/admin/users", fixed)
            #expect(created.status == .seeOther)
            let list = try await browser.get(try #require(created.location))
            #expect(list.html.contains("data-username=\"chen.jing\""))
            #expect(list.html.contains("User chen.jing created."))
        }
    }

    @Test("Non-administrators cannot open or post to the administration pages")
    func rolesInUI() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            #expect(try await admin.send(.POST, "/api/v1/users", json: ["username": "rep", "display_name": "Rep", "role": "sales", "password": "long-enough-pw"]).status == .created)
            let browser = Browser(app)
            try await browser.signIn("rep", "long-enough-pw")
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(!dashboard.html.contains("id=\"nav-users\""))
            for path in ["/admin/users", "/admin/users/new", "/admin/teams", "/admin/audit", "/admin/users/1/edit"] {
                let page = try await browser.get(path)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.html.contains("id=\"error-page\""))
            }
            let post = try await browser.post("/admin/users", ["username": "sneaky", "display_name": "S", "role": "admin", "password": "long-enough-pw"])
            #expect(post.status == .forbidden)
            #expect(try await admin.send(.GET, "/api/v1/users").items.count == 2)
        }
    }

    @Test("The language follows Accept-Language, then the switcher, which is saved on the account")
    func languages() async throws {
        try await withGuanxi { app, _ in
            let chineseBrowser = Browser(app, acceptLanguage: "zh-CN,zh;q=0.9")
            let login = try await chineseBrowser.get("/login")
            #expect(login.html.contains("<html lang=\"zh-CN\">"))
            #expect(login.html.contains("登录关系 CRM"))

            let englishBrowser = Browser(app, acceptLanguage: "en-GB,en;q=0.8")
            #expect(try await englishBrowser.get("/login").html.contains("Sign in to Guanxi"))
            let switched = try await englishBrowser.post("/language", ["language": "zh-CN", "return_to": "/login"])
            #expect(switched.location == "/login")
            #expect(try await englishBrowser.get("/login").html.contains("登录关系 CRM"))

            let browser = Browser(app, acceptLanguage: "en-US")
            try await browser.signIn()
            // No choice saved yet: the browser's language.
            #expect(try await browser.get("/").html.contains("Welcome, Administrator"))
            let admin = try await APIClient.signIn(app)
            #expect(try await admin.send(.GET, "/api/v1/users/1").object?["language"] is NSNull)
            _ = try await browser.post("/language", ["language": "zh-CN", "return_to": "/account"])
            #expect(try await browser.get("/account").html.contains("修改密码"))
            #expect(try await admin.send(.GET, "/api/v1/users/1").object?["language"] as? String == "zh-CN")
            // The saved choice follows the account to another browser.
            let otherBrowser = Browser(app, acceptLanguage: "en-US")
            try await otherBrowser.signIn()
            #expect(try await otherBrowser.get("/").html.contains("欢迎，Administrator"))
        }
    }

    @Test("Changing one's password needs the old one and at least 10 characters")
    func changePassword() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let wrongOld = try await browser.post("/account/password", ["old_password": "nope", "new_password": "brand-new-password"])
            #expect(wrongOld.status == .unprocessableEntity)
            #expect(wrongOld.html.contains("id=\"error-old_password\""))
            let tooShort = try await browser.post("/account/password", ["old_password": adminPassword, "new_password": "short"])
            #expect(tooShort.html.contains("id=\"error-new_password\""))
            let done = try await browser.post("/account/password", ["old_password": adminPassword, "new_password": "brand-new-password"])
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/account").status == .ok)
            #expect(try await APIClient(app).send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": adminPassword]).status == .unauthorized)
            #expect(try await APIClient(app).send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": "brand-new-password"]).status == .created)
        }
    }

    @Test("The audit log page lists writes and filters them")
    func auditPage() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            _ = try await browser.post("/admin/teams", ["name": "West"])
            let all = try await browser.get("/admin/audit")
            #expect(all.html.contains("<code>name</code>: ∅ → West"))
            let usersOnly = try await browser.get("/admin/audit?entity=user")
            #expect(!usersOnly.html.contains("→ West"))
            #expect(usersOnly.html.contains("<code>username</code>: ∅ → admin"))
        }
    }
}
