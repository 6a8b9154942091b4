import Fluent
import Foundation
import GuanxiCore
@testable import GuanxiStore
import SQLKit
import Testing
import Vapor
@testable import GuanxiServer

@Suite("Customer list reads")
struct CustomerListReadTests {
    /// A customer with no optional value and one with every optional value set (in the trash, merged into the first).
    static func storeBareAndFull(_ app: Application, clock: TestClock) async throws -> (bare: Customer, full: Customer) {
        let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
        let now = clock.now()
        func stored(_ name: String, _ fill: (Customer) -> Void) async throws -> Customer {
            let customer = Customer()
            customer.kind = .company
            customer.name = name
            customer.industry = ""; customer.region = ""; customer.address = ""; customer.phone = ""
            customer.email = ""; customer.website = ""; customer.source = ""
            customer.stage = .lead
            customer.customFieldsJSON = "{}"
            customer.marketingConsent = false
            customer.searchText = name.lowercased()
            customer.version = 1
            customer.createdAt = now
            customer.updatedAt = now
            fill(customer)
            try await customer.create(on: app.db)
            return customer
        }
        let bare = try await stored("空白客户") { _ in }
        let full = try await stored("王\"伟\" \\ 全字段\n公司") { customer in
            customer.kind = .person
            customer.industry = "制造业"
            customer.region = "上海"
            customer.address = "徐汇区 1 号"
            customer.phone = "+86 138 0000 0000"
            customer.email = "w@x.cn"
            customer.website = "https://x.cn/a?b=c"
            customer.source = "展会"
            customer.$owner.id = admin.id
            customer.stage = .customer
            customer.customFields = ["税号": "9111", "a\"b": "c"]
            customer.annualCategorySpend = 12_345_678
            customer.marketingConsent = true
            customer.lastInteractionAt = Date(timeIntervalSince1970: 1_789_000_000.25)
            customer.deletedAt = Date(timeIntervalSince1970: 1_789_500_000.5)
            customer.mergedIntoID = bare.id
            customer.$createdBy.id = admin.id
            customer.version = 7
            customer.createdAt = Date(timeIntervalSince1970: -86_401)
            customer.updatedAt = Date(timeIntervalSince1970: 1_790_000_000.75)
        }
        return (bare, full)
    }

    @Test("A listed customer reads as the stored model does, with every optional value set and with none")
    func recordsMatchModels() async throws {
        try await withGuanxi { app, clock in
            let (bare, full) = try await Self.storeBareAndFull(app, clock: clock)
            let book = app.guanxi.customers(on: app.db)
            let live = try await book.list(CustomerFilter(), after: nil, limit: 10, by: .commandLine)
            let trash = try await book.list(CustomerFilter(deleted: true), after: nil, limit: 10, by: .commandLine)
            let bareModel = try #require(try await Customer.find(bare.id, on: app.db))
            let fullModel = try #require(try await Customer.find(full.id, on: app.db))
            #expect(live.items == [try CustomerRecord(bareModel)])
            #expect(trash.items == [try CustomerRecord(fullModel)])

            let record = try #require(trash.items.first)
            #expect(record.kind == .person && record.stage == .customer && record.marketingConsent)
            #expect(record.ownerID != nil && record.ownerID == record.createdByID && record.mergedIntoID == bare.id)
            #expect(record.customFields == ["税号": "9111", "a\"b": "c"])
            #expect(record.annualCategorySpend == 12_345_678 && record.version == 7)
            #expect(record.lastInteractionAt == Date(timeIntervalSince1970: 1_789_000_000.25))
            #expect(record.deletedAt == Date(timeIntervalSince1970: 1_789_500_000.5))
            #expect(record.createdAt == Date(timeIntervalSince1970: -86_401))
            let empty = try #require(live.items.first)
            #expect(empty.ownerID == nil && empty.createdByID == nil && empty.mergedIntoID == nil && empty.annualCategorySpend == nil)
            #expect(empty.lastInteractionAt == nil && empty.deletedAt == nil && empty.customFields.isEmpty)

            var exported: [CustomerRecord] = []
            try await book.forEach(CustomerFilter(deleted: true), by: .commandLine) { records in exported += records }
            #expect(exported == trash.items)
        }
    }

    @Test("The list, the export and the single customer answer the same JSON for the same customer")
    func listMatchesSingleCustomer() async throws {
        try await withGuanxi { app, clock in
            let (bare, full) = try await Self.storeBareAndFull(app, clock: clock)
            let fullID = try full.requireID()
            try await app.db.sql().insert(into: "customer_tags").columns("customer_id", "tag")
                .values(SQLBind(fullID), SQLBind("vip")).values(SQLBind(fullID), SQLBind("重点")).run()
            let client = try await APIClient.signIn(app)
            for (id, query) in [(try bare.requireID(), ""), (fullID, "deleted=true")] {
                let single = try #require(try await client.send(.GET, "/api/v1/customers/\(id)").object as? NSDictionary)
                let listed = try await client.send(.GET, "/api/v1/customers?\(query)").items
                #expect(listed.count == 1)
                #expect(listed.first.map(NSDictionary.init(dictionary:)) == single)
                let exported = try await client.send(.GET, "/api/v1/customers/export?format=json&\(query)").json as? [[String: Any]]
                #expect(exported?.count == 1)
                #expect(exported?.first.map(NSDictionary.init(dictionary:)) == single)
            }
            let tagged = try await client.send(.GET, "/api/v1/customers/\(fullID)")
            #expect(tagged.object?["tags"] as? [String] == ["vip", "重点"])
            #expect(tagged.object?["annual_category_spend"] as? Double == 123_456.78)
        }
    }
}
