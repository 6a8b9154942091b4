import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Customer trash pages")
struct CustomerTrashWebTests {
    @Test("A trashed customer opens with a banner and a restore button for those who may restore it, and is missing for everyone else")
    func trashedCustomerPage() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            #expect(try await rep.post("/customers/\(east1)/delete", [:]).status == .seeOther)

            let page = try await rep.get("/customers/\(east1)")
            #expect(page.status == .ok)
            #expect(page.html.contains("id=\"deleted-banner\""))
            #expect(page.html.contains("id=\"restore-customer\""))
            #expect(page.html.contains(WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!).dateTime(clock.now())))
            #expect(!page.html.contains("id=\"edit-customer\""))
            #expect(!page.html.contains("id=\"interaction-form\""))

            // Read-only and unrelated users see no trace of it.
            for name in ["service1", "sales3"] {
                let other = Browser(app)
                try await other.signIn(name, TestCompany.password)
                #expect(try await other.get("/customers/\(east1)").status == .notFound, "\(name)")
            }

            let restored = try await rep.post("/customers/\(east1)/restore", [:])
            #expect(restored.status == .seeOther)
            let live = try await rep.get("/customers/\(east1)")
            #expect(!live.html.contains("id=\"deleted-banner\""))
            #expect(live.html.contains("id=\"edit-customer\""))
        }
    }

    @Test("The trash lists when each customer was deleted, restores from the row, keeps searching in the trash and names merges")
    func trashList() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let survivor = try await company.client("sales1").send(.POST, "/api/v1/customers", json: ["name": "合并目标公司"])
            let survivorID = try #require(survivor.object?["id"] as? Int)
            let duplicate = try await company.client("sales1").send(.POST, "/api/v1/customers", json: ["name": "重复公司"])
            let duplicateID = try #require(duplicate.object?["id"] as? Int)
            #expect(try await rep.post("/customers/\(survivorID)/merge", ["duplicate_id": String(duplicateID)]).status == .seeOther)
            #expect(try await rep.post("/customers/\(east1)/delete", [:]).status == .seeOther)

            let trash = try await rep.get("/customers?deleted=true")
            #expect(trash.status == .ok)
            #expect(trash.html.contains("action=\"/customers/\(east1)/restore\""))
            #expect(trash.html.contains("action=\"/customers/\(duplicateID)/restore\""))
            #expect(trash.html.contains("<a href=\"/customers/\(survivorID)\">#\(survivorID)</a>"))
            #expect(trash.html.contains("Moved to trash"))
            #expect(trash.html.contains("<input type=\"hidden\" name=\"deleted\" value=\"true\">"))
            #expect(!trash.html.contains("id=\"save-segment\""))
            #expect(!trash.html.contains("id=\"new-customer\""))
            let searched = try await rep.get("/customers?deleted=true&q=east")
            #expect(searched.html.contains("客户 east-1"))
            #expect(!searched.html.contains("合并目标公司"))

            let merged = try await rep.get("/customers/\(duplicateID)")
            #expect(merged.status == .ok)
            #expect(merged.html.contains("id=\"merged-into\""))
            #expect(merged.html.contains("href=\"/customers/\(survivorID)\""))

            #expect(try await rep.post("/customers/\(east1)/restore", [:]).status == .seeOther)
            #expect(!(try await rep.get("/customers?deleted=true")).html.contains("action=\"/customers/\(east1)/restore\""))
            let list = try await rep.get("/customers")
            #expect(list.html.contains("id=\"save-segment\""))
            #expect(list.html.contains("id=\"open-trash\""))
        }
    }
}
