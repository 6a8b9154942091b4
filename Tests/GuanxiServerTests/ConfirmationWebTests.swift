import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Confirmations before destructive actions")
struct ConfirmationWebTests {
    @Test("Deleting a contact, a segment or a follow-up rule asks first, as deleting a customer does")
    func deletesAskFirst() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let admin = Browser(app)
            try await admin.signIn()
            #expect(try await admin.post("/customers/\(east1)/contacts", ["name": "王经理"]).status == .seeOther)
            #expect(try await admin.post("/segments", ["name": "华东", "filter": "region=华东"]).status == .seeOther)
            #expect(try await admin.post("/rules", ["name": "三十天未联系", "trigger": "no_interaction", "days": "30",
                                                   "task_title": "回访", "priority": "normal"]).status == .seeOther)

            let customerPage = try await admin.get("/customers/\(east1)")
            let contactLink = try #require(customerPage.html.range(of: #"/contacts/\d+/edit"#, options: .regularExpression))
            let contactPage = try await admin.get(String(customerPage.html[contactLink]))
            #expect(contactPage.html.contains("data-confirm=\"Delete this contact? This cannot be undone.\""))
            let segments = try await admin.get("/segments")
            #expect(segments.html.contains("data-confirm=\"Delete this segment? Its customers are kept.\""))
            let rules = try await admin.get("/rules")
            #expect(rules.html.contains("data-confirm=\"Delete this follow-up rule? Tasks it already created are kept.\""))
        }
    }

    @Test("A question with an apostrophe is an escaped attribute, and no page runs inline script")
    func questionsAreAttributes() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let admin = Browser(app)
            try await admin.signIn()
            let page = try await admin.get("/customers/\(east1)")
            // The English erase question holds an apostrophe; as an attribute it is escaped and cannot end a script.
            #expect(page.html.contains("action=\"/customers/\(east1)/erase\" data-confirm=\"Erase this customer&#39;s"))
            let policy = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            for path in ["/", "/customers", "/customers/\(east1)", "/tasks", "/segments", "/rules", "/products", "/import",
                         "/admin/users", "/admin/teams", "/admin/audit", "/account"] {
                let html = try await admin.get(path).html
                #expect(!html.contains("onsubmit=") && !html.contains("onclick=") && !html.contains(" style=\""), "\(path)")
                let scripts = html.components(separatedBy: "<script").dropFirst()
                #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/assets/app.js\" defer></script>") }, "\(path)")
            }
            let script = try await admin.get("/assets/app.js")
            #expect(script.headers.contentType?.subType == "javascript")
            #expect(script.html.contains("data-confirm"))
        }
    }
}
