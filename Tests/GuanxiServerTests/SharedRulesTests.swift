import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

/// One value a record's rules refuse, and the field it is refused in (named alike by the form, the API and the
/// import's header).
struct RefusedValue: Sendable, CustomTestStringConvertible {
    /// How the JSON API takes a value that is not a plain string.
    enum JSONValue: Sendable {
        case int(Int)
        case list([String])
        case string(String)

        var object: Any {
            switch self {
            case .int(let value): value
            case .list(let values): values
            case .string(let value): value
            }
        }
    }

    let kind: ImportKind
    let field: String
    /// The value as the form and the file carry it.
    let value: String
    /// The value in the API's JSON, when not `value` as a string.
    var json: JSONValue?
    let why: String

    var testDescription: String { "\(kind.rawValue).\(field): \(why)" }

    static func long(_ count: Int, _ character: Character = "长") -> String { String(repeating: character, count: count) }

    /// Five years after the test clock's start: further ahead than an interaction may be dated.
    static let farAhead = Date(timeIntervalSince1970: 1_790_000_000 + 5 * 365 * 86_400)
}

/// The cases run one after another: each starts an application, and two dozen at once crowd a small database server.
@Suite("One set of rules for forms, API and imports", .serialized)
struct SharedRulesTests {
    static let cases: [RefusedValue] = [
        // Products (ProductCatalog.checked).
        .init(kind: .products, field: "sku", value: RefusedValue.long(65, "S"), why: "a SKU of 65 characters"),
        .init(kind: .products, field: "name", value: RefusedValue.long(201), why: "a name of 201 characters"),
        .init(kind: .products, field: "category", value: RefusedValue.long(101), why: "a category of 101 characters"),
        .init(kind: .products, field: "unit", value: RefusedValue.long(101), why: "a unit of 101 characters"),
        .init(kind: .products, field: "brand", value: RefusedValue.long(101), why: "a brand of 101 characters"),
        .init(kind: .products, field: "manufacturer", value: RefusedValue.long(101), why: "a manufacturer of 101 characters"),
        // Contacts (ContactBook.checked).
        .init(kind: .contacts, field: "wechat_id", value: RefusedValue.long(101, "w"), why: "a WeChat id of 101 characters"),
        .init(kind: .contacts, field: "title", value: RefusedValue.long(101), why: "a title of 101 characters"),
        .init(kind: .contacts, field: "name", value: RefusedValue.long(201), why: "a name of 201 characters"),
        .init(kind: .contacts, field: "mobile", value: "call me", why: "a mobile number without digits"),
        .init(kind: .contacts, field: "email", value: "not-an-email", why: "an e-mail address without @"),
        .init(kind: .contacts, field: "birthday", value: "2024-02-30", why: "a day the calendar lacks"),
        // Interactions (InteractionLog.checked).
        .init(kind: .interactions, field: "subject", value: RefusedValue.long(201), why: "a subject of 201 characters"),
        .init(kind: .interactions, field: "outcome", value: RefusedValue.long(201), why: "an outcome of 201 characters"),
        .init(kind: .interactions, field: "notes", value: RefusedValue.long(20_001, "n"), why: "notes of 20,001 characters"),
        .init(kind: .interactions, field: "queue_wait_seconds", value: "10", json: .int(10), why: "a queue wait on an outbound phone call"),
        .init(kind: .interactions, field: "occurred_at",
              value: WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!).inputDateTime(RefusedValue.farAhead),
              json: .string(ISO8601DateFormatter().string(from: RefusedValue.farAhead)), why: "five years ahead"),
        // Customers (CustomerRules).
        .init(kind: .customers, field: "name", value: RefusedValue.long(201), why: "a name of 201 characters"),
        .init(kind: .customers, field: "industry", value: RefusedValue.long(501), why: "an industry of 501 characters"),
        .init(kind: .customers, field: "address", value: RefusedValue.long(501), why: "an address of 501 characters"),
        .init(kind: .customers, field: "phone", value: "abc", why: "a phone number without digits"),
        .init(kind: .customers, field: "email", value: "not-an-email", why: "an e-mail address without @"),
        .init(kind: .customers, field: "tags", value: RefusedValue.long(41, "t"), json: .list([RefusedValue.long(41, "t")]),
              why: "a tag of 41 characters"),
    ]

    /// Each kind's values in one application (a fresh database per value would cost a schema each).
    @Test("A value a record's rules refuse is refused by the web form, the JSON API and the CSV import alike, naming the field and writing nothing",
          arguments: ImportKind.allCases)
    func refusedEverywhere(_ kind: ImportKind) async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let browser = Browser(app)
            _ = try await browser.signIn()
            // Contacts and interactions belong to a customer; it is there before, and is all there is after.
            var customerID: Int?
            if kind == .contacts || kind == .interactions {
                let customer = try await admin.send(.POST, "/api/v1/customers", json: ["name": "规则测试公司"])
                customerID = try #require(customer.object?["id"] as? Int)
            }
            let paths = Self.paths(kind, customerID: customerID)
            for refused in Self.cases where refused.kind == kind {
                try await Self.check(refused, paths: paths, browser: browser, admin: admin, customerID: customerID)
            }
        }
    }

    /// One refused value through the form, the API and the import.
    static func check(_ refused: RefusedValue, paths: Paths, browser: Browser, admin: APIClient, customerID: Int?) async throws {
        // The web form: the page again, the field's message beside it.
        var form = paths.form
        form[refused.field] = refused.value
        let page = try await browser.post(paths.web, form)
        #expect(page.status == .unprocessableEntity, "\(refused)")
        #expect(page.html.contains("id=\"error-\(refused.field)\""), "the form names \(refused.field)")
        #expect(try await Self.written(refused.kind, admin, customerID) == 0)

        // The API: 422 naming the field.
        var body = paths.json
        body[refused.field] = refused.json?.object ?? refused.value
        let answer = try await admin.send(.POST, paths.api, json: body)
        #expect(answer.status == .unprocessableEntity, "\(refused)")
        let message = try #require(answer.errorFields[refused.field], "the API names \(refused.field): \(answer.errorFields)")
        #expect(try await Self.written(refused.kind, admin, customerID) == 0)
        // The form says what the API says (where the text needs no escaping in HTML).
        if !message.contains(where: { "&<>\"'".contains($0) }) {
            #expect(page.html.contains("id=\"error-\(refused.field)\">\(message)</p>"), "the form says \(message)")
        }

        // The import: the line and the column, for the same reason, and nothing written.
        var row = paths.row
        row[refused.field] = refused.value
        let header = row.keys.sorted()
        let csv = header.joined(separator: ",") + "\n"
            + header.map { "\"" + row[$0]!.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
        let report = try await admin.send(.POST, "/api/v1/imports/\(refused.kind.rawValue)", bytes: Array(csv.utf8), contentType: "text/csv")
        #expect(report.status == .ok)
        #expect(report.object?["written_rows"] as? Int == 0, "\(refused)")
        let problems = (report.object?["problems"] as? [[String: Any]]) ?? []
        #expect(problems.count == 1, "\(refused): one problem: \(problems)")
        #expect(problems.first?["line"] as? Int == 2, "\(refused)")
        #expect(problems.first?["column"] as? String == refused.field, "\(refused)")
        #expect(problems.first?["message"] as? String == message, "\(refused): the import says what the API says")
        #expect(try await Self.written(refused.kind, admin, customerID) == 0)
    }

    @Test("The values just inside each limit are taken by the form, the API and the import", arguments: [ImportKind.products, .contacts, .interactions])
    func limitsAreInclusive(_ kind: ImportKind) async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let browser = Browser(app)
            _ = try await browser.signIn()
            var customerID: Int?
            if kind != .products {
                let customer = try await admin.send(.POST, "/api/v1/customers", json: ["name": "规则测试公司"])
                customerID = try #require(customer.object?["id"] as? Int)
            }
            let paths = Self.paths(kind, customerID: customerID)
            let longest: [String: String] = switch kind {
            case .products: ["category": RefusedValue.long(100), "unit": RefusedValue.long(100), "brand": RefusedValue.long(100),
                             "manufacturer": RefusedValue.long(100)]
            case .contacts: ["wechat_id": RefusedValue.long(100, "w"), "title": RefusedValue.long(100)]
            default: ["subject": RefusedValue.long(200), "outcome": RefusedValue.long(200)]
            }
            // Each path writes one record; SKUs differ so the catalog takes all three.
            for (index, path) in ["web", "api", "import"].enumerated() {
                var values = paths.form.merging(longest) { $1 }
                if kind == .products { values["sku"] = RefusedValue.long(63, "S") + String(index) }
                switch path {
                case "web":
                    let page = try await browser.post(paths.web, values)
                    #expect(page.status == .seeOther, "the form takes the longest values")
                case "api":
                    var body = paths.json.merging(longest) { $1 }
                    if kind == .products { body["sku"] = values["sku"]! }
                    #expect(try await admin.send(.POST, paths.api, json: body).status == .created)
                default:
                    let row = paths.row.merging(longest) { $1 }.merging(kind == .products ? ["sku": values["sku"]!] : [:]) { $1 }
                    let header = row.keys.sorted()
                    let csv = header.joined(separator: ",") + "\n" + header.map { row[$0]! }.joined(separator: ",") + "\n"
                    let report = try await admin.send(.POST, "/api/v1/imports/\(kind.rawValue)", bytes: Array(csv.utf8), contentType: "text/csv")
                    #expect(report.object?["written_rows"] as? Int == 1, "\(String(describing: report.object?["problems"]))")
                }
                #expect(try await Self.written(kind, admin, customerID) == index + 1, "\(path) wrote one")
            }
        }
    }

    /// Where each kind's web form, API and import go, and the other values a record needs.
    struct Paths {
        let web: String
        let api: String
        var form: [String: String]
        var json: [String: Any]
        var row: [String: String]
    }

    static func paths(_ kind: ImportKind, customerID: Int?) -> Paths {
        let customer = customerID.map(String.init) ?? ""
        switch kind {
        case .products:
            return Paths(web: "/products", api: "/api/v1/products", form: ["sku": "P-1", "name": "传感器", "active": "true"],
                         json: ["sku": "P-1", "name": "传感器"], row: ["sku": "P-1", "name": "传感器"])
        case .contacts:
            return Paths(web: "/customers/\(customer)/contacts", api: "/api/v1/customers/\(customer)/contacts", form: ["name": "李娜"],
                         json: ["name": "李娜"], row: ["customer": customer, "name": "李娜"])
        case .interactions:
            return Paths(web: "/customers/\(customer)/interactions", api: "/api/v1/customers/\(customer)/interactions",
                         form: ["channel": "phone", "direction": "outbound", "subject": "电话"],
                         json: ["channel": "phone", "direction": "outbound", "subject": "电话"],
                         row: ["customer": customer, "channel": "phone", "direction": "outbound", "occurred_at": "2026-09-01 10:00", "subject": "电话"])
        case .customers:
            return Paths(web: "/customers", api: "/api/v1/customers", form: ["name": "规则测试公司"], json: ["name": "规则测试公司"],
                         row: ["name": "规则测试公司"])
        case .orders:
            return Paths(web: "/orders", api: "/api/v1/orders", form: ["customer_id": customer],
                         json: ["customer_id": customerID ?? 0, "lines": [["description": "服务", "quantity": 1, "unit_price": 10]]],
                         row: ["order_number": "X-1", "customer": customer, "ordered_at": "2026-09-01", "description": "服务", "quantity": "1"])
        }
    }

    /// How many records of the kind there are (for contacts and interactions: at the test's customer).
    static func written(_ kind: ImportKind, _ admin: APIClient, _ customerID: Int?) async throws -> Int {
        switch kind {
        case .products: try await admin.send(.GET, "/api/v1/products?limit=100").items.count
        case .contacts: try await admin.send(.GET, "/api/v1/customers/\(customerID ?? 0)/contacts").items.count
        case .interactions: try await admin.send(.GET, "/api/v1/customers/\(customerID ?? 0)/interactions").items.count
        case .customers: try #require(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int)
        case .orders: try await admin.send(.GET, "/api/v1/orders?limit=500").items.count
        }
    }
}
