import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Dashboard and audit pages")
struct DashboardWebTests {
    static let companyTime = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// The figure of the dashboard card with this label.
    static func figure(_ html: String, label: String) -> String? {
        guard let end = html.range(of: "</div><div class=\"label\">\(label)</div>") else { return nil }
        let before = html[..<end.lowerBound]
        guard let start = before.range(of: "<div class=\"value\">", options: .backwards) else { return nil }
        return String(before[start.upperBound...])
    }

    @Test("The overdue figure counts what the overdue list shows: a manager's team, a rep's own")
    func overdueFigureMatchesList() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let due = Self.companyTime.inputDateTime(clock.now().addingTimeInterval(3600))
            let created = try await rep.post("/tasks", ["customer_id": String(east1), "title": "回访报价", "due_at": due, "priority": "normal",
                                                        "return_to": "/customers/\(east1)"])
            #expect(created.status == .seeOther)
            clock.advance(3 * 3600)

            let manager = Browser(app)
            try await manager.signIn("manager1", TestCompany.password)
            #expect(try await manager.get("/tasks?view=overdue").html.contains("回访报价"))
            #expect(Self.figure(try await manager.get("/").html, label: "Overdue tasks") == "1")
            #expect(Self.figure(try await rep.get("/").html, label: "Overdue tasks") == "1")
            let west = Browser(app)
            try await west.signIn("sales3", TestCompany.password)
            #expect(Self.figure(try await west.get("/").html, label: "Overdue tasks") == "0")
        }
    }

    @Test("Recent activity names records and counts imports; it and the audit log show the company's time")
    func activityNamesAndTimes() async throws {
        try await withGuanxi { app, clock in
            _ = try await TestCompany.make(app)
            let admin = Browser(app)
            try await admin.signIn()
            let dashboard = try await admin.get("/")
            #expect(dashboard.html.contains("User analyst1"))
            #expect(!dashboard.html.contains("User #"))
            #expect(!dashboard.html.contains("UTC"))
            #expect(dashboard.html.contains(Self.companyTime.dateTime(clock.now())))

            let audit = try await admin.get("/admin/audit")
            #expect(!audit.html.contains("UTC"))
            #expect(audit.html.contains(Self.companyTime.dateTime(clock.now())))
            for entity in ["customer", "contact", "interaction", "task", "product", "segment", "follow_up_rule", "user", "team", "api_token"] {
                #expect(audit.html.contains("<option value=\"\(entity)\""), "\(entity)")
            }
            let customers = try await admin.get("/admin/audit?entity=customer")
            #expect(customers.html.contains("<option value=\"customer\" selected"))
            #expect(customers.html.contains("客户 east-1"))
        }
    }
}
