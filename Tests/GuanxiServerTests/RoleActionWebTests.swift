import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Actions offered by role")
struct RoleActionWebTests {
    @Test("The customer page offers 'done' only on tasks the user may complete")
    func doneOnlyWhereAllowed() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let due = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!).inputDateTime(clock.now().addingTimeInterval(86_400))
            #expect(try await rep.post("/tasks", ["customer_id": String(east1), "title": "寄样品", "due_at": due, "priority": "normal",
                                                  "return_to": "/customers/\(east1)"]).status == .seeOther)
            #expect(try await rep.get("/customers/\(east1)").html.contains("/done\""))
            for name in ["service1", "marketing1", "analyst1"] {
                let other = Browser(app)
                try await other.signIn(name, TestCompany.password)
                let page = try await other.get("/customers/\(east1)")
                #expect(page.status == .ok, "\(name)")
                #expect(page.html.contains("寄样品"), "\(name)")
                #expect(!page.html.contains("/done\""), "\(name) is offered an action that would be refused")
            }
            let manager = Browser(app)
            try await manager.signIn("manager1", TestCompany.password)
            #expect(try await manager.get("/customers/\(east1)").html.contains("/done\""))
        }
    }

    @Test("The overdue task list offers 'done' only on tasks the user may complete")
    func overdueListDoneOnlyWhereAllowed() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let due = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!).inputDateTime(clock.now().addingTimeInterval(3600))
            #expect(try await rep.post("/tasks", ["customer_id": String(east1), "title": "催收货款", "due_at": due, "priority": "high",
                                                  "return_to": "/tasks"]).status == .seeOther)
            clock.advance(2 * 3600)
            #expect(try await rep.get("/tasks?view=overdue").html.contains("/done\""))
            let service = Browser(app)
            try await service.signIn("service1", TestCompany.password)
            let list = try await service.get("/tasks?view=overdue")
            #expect(list.html.contains("催收货款"))
            #expect(!list.html.contains("/done\""))
            let manager = Browser(app)
            try await manager.signIn("manager1", TestCompany.password)
            #expect(try await manager.get("/tasks?view=overdue").html.contains("/done\""))
        }
    }

    @Test("A service agent who creates a customer owns it and may edit it")
    func serviceEditsWhatItCreated() async throws {
        try await withGuanxi { app, _ in
            _ = try await TestCompany.make(app)
            let service = Browser(app)
            try await service.signIn("service1", TestCompany.password)
            let created = try await service.post("/customers", ["name": "来电新客户", "kind": "company", "stage": "lead"])
            #expect(created.status == .seeOther)
            let location = try #require(created.location?.split(separator: "?").first.map(String.init))
            let page = try await service.get(location)
            #expect(page.html.contains("id=\"edit-customer\""))
            let form = try await service.get(location + "/edit")
            #expect(form.status == .ok)
            let version = try #require(form.html.range(of: #"name="version" value="\d+""#, options: .regularExpression)
                .map { String(form.html[$0]).filter(\.isNumber) })
            let updated = try await service.post(location, ["name": "来电新客户（已核实）", "kind": "company", "stage": "prospect", "version": version])
            #expect(updated.status == .seeOther)
            #expect(try await service.get(location).html.contains("来电新客户（已核实）"))
        }
    }
}
