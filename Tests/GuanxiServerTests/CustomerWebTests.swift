import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Customer pages")
struct CustomerWebTests {
    @Test("Pages obey access: others' customers are missing, read-only ones cannot be edited, lists and exports show only what one may see")
    func pageAccess() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let west1 = try #require(company.customers["west-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            #expect(try await rep.get("/customers/\(east1)").status == .ok)
            #expect(try await rep.get("/customers/\(west1)").status == .notFound)
            #expect(try await rep.get("/customers/\(west1)/edit").status == .notFound)
            #expect(try await rep.post("/customers/\(west1)", ["name": "hijack", "version": "1"]).status == .notFound)
            #expect(try await rep.post("/customers/\(west1)/delete", [:]).status == .notFound)
            #expect(try await rep.post("/customers/\(west1)/contacts", ["name": "x"]).status == .notFound)
            let list = try await rep.get("/customers")
            #expect(list.html.contains("客户 east-1"))
            #expect(!list.html.contains("客户 west-1"))
            let export = try await rep.get("/customers/export")
            #expect(export.html.contains("客户 east-1"))
            #expect(!export.html.contains("客户 west-1"))

            let service = Browser(app)
            try await service.signIn("service1", TestCompany.password)
            let page = try await service.get("/customers/\(west1)")
            #expect(page.status == .ok)
            #expect(page.html.contains("id=\"read-only\""))
            #expect(!page.html.contains("id=\"edit-customer\""))
            #expect(try await service.get("/customers/\(west1)/edit").status == .forbidden)
            #expect(try await service.post("/customers/\(west1)", ["name": "x", "version": "1"]).status == .forbidden)
            // Service agents log calls on any customer they can see.
            let logged = try await service.post("/customers/\(west1)/interactions", [
                "channel": "call_center", "direction": "inbound", "subject": "来电咨询", "queue_wait_seconds": "20",
            ])
            #expect(logged.status == .seeOther)
            #expect(try await service.get("/customers/\(west1)").html.contains("来电咨询"))
            #expect(try await service.get("/import").status == .forbidden)
        }
    }

    @Test("The customer list offers the pinyin sort and shows Chinese and Latin names in reading order")
    func pinyinSortPage() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let api = company.client("sales1")
            for name in ["张伟", "Acme Trading", "北京华信科技有限公司"] {
                #expect(try await api.send(.POST, "/api/v1/customers", json: ["name": name]).status == .created)
            }
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let page = try await rep.get("/customers?sort=pinyin")
            #expect(page.html.contains("<option value=\"pinyin\" selected"))
            // acme < bei (北京) < ke (客户 east-1) < zhang (张伟)
            let positions = try ["Acme Trading", "北京华信科技有限公司", "客户 east-1", "张伟"].map { name in
                try #require(page.html.range(of: name)?.lowerBound, "\(name) missing")
            }
            #expect(positions == positions.sorted())
            let reversed = try await rep.get("/customers?sort=-pinyin")
            #expect(try #require(reversed.html.range(of: "张伟")?.lowerBound) < (try #require(reversed.html.range(of: "Acme Trading")?.lowerBound)))
        }
    }

    @Test("Administrators download a customer's personal data and erase it from the customer page; others see neither")
    func personalDataPage() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            #expect(!(try await rep.get("/customers/\(east1)")).html.contains("id=\"erase-personal-data\""))
            #expect(try await rep.get("/customers/\(east1)/personal-data").status == .forbidden)
            #expect(try await rep.post("/customers/\(east1)/erase", [:]).status == .forbidden)

            let admin = Browser(app)
            try await admin.signIn("admin", adminPassword)
            let page = try await admin.get("/customers/\(east1)")
            #expect(page.html.contains("id=\"erase-personal-data\""))
            let download = try await admin.get("/customers/\(east1)/personal-data")
            #expect(download.status == .ok)
            #expect(download.html.contains("客户 east-1"))
            let erased = try await admin.post("/customers/\(east1)/erase", [:])
            #expect(erased.status == .seeOther)
            let after = try await admin.get(erased.location ?? "")
            #expect(after.html.contains("The personal data of customer \(east1) was erased."))
            #expect(!after.html.contains("客户 east-1"))
        }
    }

    @Test("An interaction is corrected or deleted from the customer's timeline by whoever may change it")
    func interactionEditing() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            #expect(try await rep.post("/customers/\(east1)/interactions", [
                "channel": "visit", "direction": "outbound", "subject": "上门拜访", "duration_minutes": "45", "notes": "带了样品",
            ]).status == .seeOther)
            let listed = try await company.client("sales1").send(.GET, "/api/v1/customers/\(east1)/interactions")
            let id = try #require(listed.items.first?["id"] as? Int)
            #expect(try await rep.get("/customers/\(east1)").html.contains("href=\"/interactions/\(id)/edit\""))

            let form = try await rep.get("/interactions/\(id)/edit")
            #expect(form.status == .ok)
            #expect(form.html.contains("上门拜访") && form.html.contains("value=\"45\""))
            // A bad value comes back on the form with the field named, and nothing changes.
            let refused = try await rep.post("/interactions/\(id)", [
                "version": "1", "channel": "visit", "direction": "outbound", "subject": "上门拜访", "duration_minutes": "很久",
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("很久"))
            let saved = try await rep.post("/interactions/\(id)", [
                "version": "1", "channel": "visit", "direction": "outbound", "subject": "上门拜访（已签约）", "duration_minutes": "60",
                "notes": "带了样品",
            ])
            #expect(saved.status == .seeOther)
            let page = try await rep.get("/customers/\(east1)")
            #expect(page.html.contains("上门拜访（已签约）"))
            // The form kept the version: saving the old version again is refused as stale.
            #expect(try await rep.post("/interactions/\(id)", ["version": "1", "channel": "visit", "subject": "x"]).status == .conflict)

            // Someone who cannot see the customer finds nothing; someone who only reads it may not change it.
            let other = Browser(app)
            try await other.signIn("sales3", TestCompany.password)
            #expect(try await other.get("/interactions/\(id)/edit").status == .notFound)
            let reader = Browser(app)
            try await reader.signIn("marketing1", TestCompany.password)
            #expect(!(try await reader.get("/customers/\(east1)")).html.contains("href=\"/interactions/\(id)/edit\""))
            #expect(try await reader.post("/interactions/\(id)/delete", [:]).status == .forbidden)

            #expect(try await rep.post("/interactions/\(id)/delete", [:]).status == .seeOther)
            #expect(!(try await rep.get("/customers/\(east1)")).html.contains("上门拜访"))
        }
    }

    @Test("A refused customer form keeps the values and names the field; a duplicate asks before creating")
    func formErrorsAndDuplicates() async throws {
        try await withGuanxi { app, _ in
            let browser = Browser(app, acceptLanguage: "zh-CN")
            try await browser.signIn()
            let bad = try await browser.post("/customers", ["name": "华信", "email": "nope", "annual_category_spend": "1.234"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.html.contains("id=\"error-email\""))
            #expect(bad.html.contains("id=\"error-annual_category_spend\""))
            #expect(bad.html.contains("value=\"华信\""))
            #expect(try await Customer.query(on: app.db).count() == 0)

            let created = try await browser.post("/customers", ["name": "北京华信科技有限公司", "phone": "010-88881234"])
            #expect(created.status == .seeOther)
            let again = try await browser.post("/customers", ["name": "北京华信科技 有限公司"])
            #expect(again.status == .conflict)
            #expect(again.html.contains("id=\"duplicate-warning\""))
            #expect(again.html.contains("name=\"allow_duplicate\" value=\"true\""))
            let confirmed = try await browser.post("/customers", ["name": "北京华信科技 有限公司", "allow_duplicate": "true"])
            #expect(confirmed.status == .seeOther)
            #expect(try await Customer.query(on: app.db).count() == 2)

            let badTask = try await browser.post("/tasks", ["title": "", "due_at": "2026-13-01T10:00", "return_to": "/tasks"])
            #expect(badTask.status == .unprocessableEntity)
            #expect(badTask.html.contains("id=\"error-title\""))
            #expect(badTask.html.contains("id=\"error-due_at\""))
        }
    }

    @Test("Due reminders show on every page until the task is done")
    func reminderBar() async throws {
        try await withGuanxi { app, clock in
            let browser = Browser(app)
            try await browser.signIn()
            let format = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
            let created = try await browser.post("/tasks", [
                "title": "Call back", "due_at": format.inputDateTime(clock.now() + 7200), "remind_at": format.inputDateTime(clock.now() + 3600),
                "return_to": "/tasks",
            ])
            #expect(created.status == .seeOther)
            #expect(!(try await browser.get("/").html.contains("reminder-bar")))
            clock.advance(3700)
            #expect(try await browser.get("/").html.contains("reminder-bar"))
            let task = try #require(try await FollowUpTask.query(on: app.db).first())
            #expect(try await browser.post("/tasks/\(task.requireID())/done", ["return_to": "/tasks"]).status == .seeOther)
            #expect(!(try await browser.get("/customers").html.contains("reminder-bar")))
        }
    }

    @Test("A task can be rescheduled, reprioritised, reopened and deleted from its page; others find no page")
    func taskEditing() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let format = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
            #expect(try await rep.post("/tasks", ["customer_id": String(east1), "title": "送样品", "due_at": format.inputDateTime(clock.now() + 86_400),
                                                   "return_to": "/customers/\(east1)"]).status == .seeOther)
            let task = try #require(try await FollowUpTask.query(on: app.db).filter(\.$title == "送样品").first())
            let id = try task.requireID()
            #expect(try await rep.get("/customers/\(east1)").html.contains("href=\"/tasks/\(id)/edit"))
            #expect(try await rep.get("/tasks").html.contains("href=\"/tasks/\(id)/edit"))
            let form = try await rep.get("/tasks/\(id)/edit")
            #expect(form.status == .ok)
            #expect(form.html.contains("送样品") && form.html.contains("data-confirm=\""))
            // A bad time comes back on the form, named, and nothing changes.
            let refused = try await rep.post("/tasks/\(id)", ["version": "1", "title": "送样品", "due_at": "明天", "priority": "high", "status": "open"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("明天"))
            let later = clock.now() + 3 * 86_400
            let saved = try await rep.post("/tasks/\(id)", ["version": "1", "title": "送样品和报价", "notes": "带合同", "due_at": format.inputDateTime(later),
                                                             "remind_at": format.inputDateTime(later - 3600), "priority": "high", "status": "open"])
            #expect(saved.status == .seeOther)
            let changed = try #require(try await FollowUpTask.find(id, on: app.db))
            #expect(changed.title == "送样品和报价" && changed.notes == "带合同" && changed.priority == .high)
            #expect(abs(changed.dueAt.timeIntervalSince(later)) < 60)
            #expect(changed.remindAt != nil)
            // The version the form carried is now stale.
            #expect(try await rep.post("/tasks/\(id)", ["version": "1", "title": "x", "due_at": format.inputDateTime(later), "status": "open"]).status == .conflict)
            // Someone who cannot see the customer finds no page.
            let other = Browser(app)
            try await other.signIn("sales3", TestCompany.password)
            #expect(try await other.get("/tasks/\(id)/edit").status == .notFound)
            #expect(try await other.post("/tasks/\(id)/delete", [:]).status == .notFound)
            #expect(try await rep.post("/tasks/\(id)/delete", [:]).status == .seeOther)
            #expect(try await FollowUpTask.find(id, on: app.db) == nil)
        }
    }
}

@Suite("Customer JSON")
struct CustomerJSONTests {
    @Test("The hand-written list JSON says exactly what the generic encoder says, for awkward values too")
    func sameAsEncoder() throws {
        let customer = Customer()
        customer.id = 42
        customer.kind = .person
        customer.name = "王\"伟\" \\ back\nslash\t\u{01}"
        customer.industry = ""
        customer.region = "上海"
        customer.address = "徐汇区 1 号"
        customer.phone = "+86 138"
        customer.email = "w@x.cn"
        customer.website = "https://x.cn/a?b=c"
        customer.source = "展会"
        customer.$owner.id = 7
        customer.stage = .prospect
        customer.customFields = ["税号": "9111", "a\"b": "c"]
        customer.annualCategorySpend = 12_345_678
        customer.marketingConsent = true
        customer.lastInteractionAt = Date(timeIntervalSince1970: -86_401)
        customer.deletedAt = nil
        customer.mergedIntoID = nil
        customer.version = 3
        customer.createdAt = Date(timeIntervalSince1970: 1_795_000_000.75)
        customer.updatedAt = Date(timeIntervalSince1970: 951_782_400)  // 2000-02-29
        let fast = CustomerJSON.oneResponse(try CustomerRecord(customer), tags: ["vip", "重点"]).body.data ?? Data()
        let generic = try JSONEncoder.api.encode(CustomerBody(customer: customer, tags: ["vip", "重点"]))
        let left = try #require(JSONSerialization.jsonObject(with: fast) as? NSDictionary)
        let right = try #require(JSONSerialization.jsonObject(with: generic) as? NSDictionary)
        #expect(left == right)
        #expect(left["updated_at"] as? String == "2000-02-29T00:00:00Z")
        #expect(left["last_interaction_at"] as? String == "1969-12-30T23:59:59Z")
    }

    // From 1583 on: before the Gregorian reform Foundation writes Julian calendar dates.
    @Test("Dates across centuries and numbers of every length are written as the generic encoder writes them")
    func datesAndNumbers() throws {
        let customer = Customer()
        customer.kind = .company
        customer.name = "甲"; customer.industry = ""; customer.region = ""; customer.address = ""
        customer.phone = ""; customer.email = ""; customer.website = "https://x.cn/a/b"; customer.source = ""
        customer.stage = .lead
        customer.customFieldsJSON = "{}"
        customer.marketingConsent = false
        let instants: [TimeInterval] = [-5_000_000_000, -2_208_988_800.5, -1, 0, 0.999, 59, 3_599, 86_399, 951_868_799,
                                        1_790_000_000.75, 4_102_444_800, 253_402_300_799]
        let numbers: [Int64] = [1, 9, 10, 99, 100, 12_345, 1_000_000, Int64(Int32.max), Int64.max]
        for (index, instant) in instants.enumerated() {
            let number = numbers[index % numbers.count]
            customer.id = number
            customer.version = Int(number % 1_000_000)
            customer.$owner.id = number
            customer.mergedIntoID = index % 2 == 0 ? nil : number
            customer.annualCategorySpend = index % 3 == 0 ? nil : -number / 7
            customer.createdAt = Date(timeIntervalSince1970: instant)
            customer.updatedAt = Date(timeIntervalSince1970: instant)
            customer.lastInteractionAt = index % 2 == 0 ? Date(timeIntervalSince1970: instant) : nil
            let fast = CustomerJSON.oneResponse(try CustomerRecord(customer), tags: []).body.data ?? Data()
            let generic = try JSONEncoder.api.encode(CustomerBody(customer: customer, tags: []))
            let left = try #require(JSONSerialization.jsonObject(with: fast) as? NSDictionary)
            let right = try #require(JSONSerialization.jsonObject(with: generic) as? NSDictionary)
            #expect(left == right, "\(instant) \(number)")
        }
    }
}
