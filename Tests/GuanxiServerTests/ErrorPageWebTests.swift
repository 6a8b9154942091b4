import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Error pages")
struct ErrorPageWebTests {
    /// The CSRF token the page's first form carries.
    static func formToken(_ html: String) -> String? {
        guard let start = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @Test("An unknown path shows the signed-in frame, a working language switch and a not-found title")
    func unknownPath() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            try await browser.signIn()
            let page = try await browser.get("/tasks/5")
            #expect(page.status == .notFound)
            #expect(page.html.contains("id=\"nav-dashboard\""))
            #expect(page.html.contains("<title>Not found"))
            #expect(!page.html.contains("Something is not right"))
            let token = try #require(Self.formToken(page.html))
            #expect(!token.isEmpty)
            #expect(token == browser.cookies["gx_csrf"])
            let switched = try await browser.post("/language", ["language": "zh-CN", "return_to": "/tasks/5", "_csrf": token])
            #expect(switched.status == .seeOther)
            let chinese = try await browser.get("/tasks/5")
            #expect(chinese.html.contains("页面或记录不存在"))
            // A missing record says the same.
            #expect(try await browser.get("/customers/999999").html.contains("页面或记录不存在"))
        }
    }

    @Test("A first visit to an unknown path gets a CSRF cookie matching its language switch")
    func unknownPathFirstVisit() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app)
            let page = try await browser.get("/no-such-page")
            #expect(page.status == .notFound)
            let token = try #require(Self.formToken(page.html))
            #expect(!token.isEmpty)
            #expect(browser.cookies["gx_csrf"] == token)
            let switched = try await browser.post("/language", ["language": "en", "return_to": "/login", "_csrf": token])
            #expect(switched.status == .seeOther)
        }
    }
}
