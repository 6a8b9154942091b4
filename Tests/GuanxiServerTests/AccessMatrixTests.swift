import Foundation
import GuanxiCore
import Testing
import Vapor
@testable import GuanxiServer

/// The access matrix: every API route, called by every role on its own record, a teammate's and another team's,
/// answers as the `Reach` declared beside the route says (2xx, 403 or 404). Each call gets fresh records, so a
/// delete or a merge in one cell cannot decide another; a route without a declaration or a way to call it fails.
@Suite("Access matrix")
struct AccessMatrixTests {
    static let actors: [(name: String, role: Role)] = [
        ("admin", .admin), ("manager1", .manager), ("sales1", .sales), ("service1", .service), ("marketing1", .marketing),
        ("analyst1", .analyst),
    ]
    /// Operations that end the caller's sessions go last, so the other cells keep their tokens.
    static let last: Set<String> = ["changeOwnPassword"]

    @Test("every route × role × own / team / other record answers as its declared reach")
    func matrix() async throws {
        try await withGuanxi { app, _ in
            let world = try await MatrixWorld.make(app)
            let routes = app.guanxi.api.routes.sorted { !Self.last.contains($0.operationID) && Self.last.contains($1.operationID) }
            var undeclared: [String] = []
            var failures: [String] = []
            var cells = 0
            for route in routes {
                guard let reach = route.reach else { undeclared.append("\(route.operationID): no reach declared"); continue }
                guard let recipe = MatrixRecipes.all[route.operationID] else { undeclared.append("\(route.operationID): no recipe"); continue }
                for (actor, role) in Self.actors {
                    for ownership in reach.byOwnership ? Reach.Ownership.allCases : [.own] {
                        let cell = MatrixCell(actor: actor, role: role, ownership: ownership)
                        let call = try await recipe(world, cell)
                        let result = try await world.client(actor).send(route.method, "/api/v1" + call.path, json: call.json,
                                                                        bytes: call.bytes, contentType: call.contentType)
                        cells += 1
                        let expected = reach.outcome(for: role, on: ownership)
                        let answered: Reach.Outcome? = switch result.status.code {
                        case 200..<300: .allowed
                        case 403: .forbidden
                        case 404: .hidden
                        // A record named in the body that the caller may not see is refused as one that does not exist.
                        case 422 where result.errorFields.count == 1 && result.errorFields.values.first == "No such record.": .hidden
                        default: nil
                        }
                        if answered != expected {
                            failures.append("\(route.method) \(route.path) [\(route.operationID)] \(actor) on \(ownership): "
                                + "expected \(expected), got \(result.status.code) \(result.errorCode ?? "") \(result.errorFields)")
                        }
                    }
                }
            }
            #expect(undeclared.isEmpty, "\(undeclared.joined(separator: "\n"))")
            #expect(failures.isEmpty, "\(failures.count) of \(cells) cells:\n\(failures.joined(separator: "\n"))")
            // Every operation of the document is in the route table the matrix walked.
            #expect(routes.count >= 100 && cells > 1_000, "\(routes.count) routes, \(cells) cells")
        }
    }
}

/// One cell: who calls, and whose record the call is about.
struct MatrixCell {
    let actor: String
    let role: Role
    let ownership: Reach.Ownership

    /// The user the record belongs to: the caller, a colleague in team east, or the rep of team west.
    var owner: String {
        switch ownership {
        case .own: actor
        case .team: "sales2"
        case .other: "sales3"
        }
    }
}

/// What a cell sends (below `/api/v1`).
struct MatrixCall {
    var path: String
    var json: [String: Any]? = nil
    var bytes: [UInt8]? = nil
    var contentType = "application/json"
}

/// The company the matrix runs in (`TestCompany`, one product), and makers of fresh records for a cell.
final class MatrixWorld: @unchecked Sendable {
    let app: Application
    let company: TestCompany
    let adminID: Int
    let productID: Int
    private var serial = 0

    private init(app: Application, company: TestCompany, adminID: Int, productID: Int) {
        self.app = app
        self.company = company
        self.adminID = adminID
        self.productID = productID
    }

    static func make(_ app: Application) async throws -> MatrixWorld {
        let company = try await TestCompany.make(app)
        let users = try await company.admin.send(.GET, "/api/v1/users?limit=100").items
        let adminID = try #require(users.first { $0["username"] as? String == "admin" }?["id"] as? Int)
        let product = try await company.admin.send(.POST, "/api/v1/products", json: ["sku": "M-1", "name": "矩阵产品", "list_price": 100, "unit_cost": 60])
        return MatrixWorld(app: app, company: company, adminID: adminID, productID: try #require(product.object?["id"] as? Int))
    }

    func client(_ name: String) -> APIClient { name == "admin" ? company.admin : company.client(name) }
    func userID(_ name: String) -> Int { name == "admin" ? adminID : company.userIDs[name]! }
    func password(_ name: String) -> String { name == "admin" ? adminPassword : TestCompany.password }

    /// A number no earlier call used, for unique names.
    func next() -> Int {
        serial += 1
        return serial
    }

    /// Sends as `user` and returns the created or changed record; the set-up of a cell must succeed.
    func made(_ user: String, _ method: HTTPMethod, _ path: String, _ json: [String: Any]? = nil,
              bytes: [UInt8]? = nil, contentType: String = "application/json") async throws -> [String: Any] {
        let result = try await client(user).send(method, "/api/v1" + path, json: json, bytes: bytes, contentType: contentType)
        guard (200..<300).contains(result.status.code), let object = result.object else {
            throw MatrixSetupFailed(what: "\(user) \(method) \(path): \(result.status.code) \(result.json ?? "")")
        }
        return object
    }

    func id(_ record: [String: Any]) throws -> Int { try #require(record["id"] as? Int) }
    func version(_ record: [String: Any]) -> Int { record["version"] as? Int ?? 1 }

    // MARK: Records of a customer, made by the customer's owner

    func customer(of owner: String) async throws -> Int {
        try id(try await made("admin", .POST, "/customers", ["name": "矩阵客户 \(next())", "owner_id": userID(owner)]))
    }

    func contact(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/customers/\(try await customer(of: owner))/contacts", ["name": "联系人\(next())"])
    }

    func interaction(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/customers/\(try await customer(of: owner))/interactions", ["channel": "visit"])
    }

    func task(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/tasks", ["customer_id": try await customer(of: owner), "title": "回访\(next())", "due_at": "2030-01-02T09:00:00Z"])
    }

    func opportunity(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/opportunities", ["customer_id": try await customer(of: owner), "title": "商机\(next())", "amount": 1_000])
    }

    var lines: [[String: Any]] { [["product_id": productID, "quantity": 2]] }

    func quote(of owner: String, sent: Bool = false) async throws -> [String: Any] {
        let quote = try await made(owner, .POST, "/quotes", ["customer_id": try await customer(of: owner), "lines": lines])
        return sent ? try await made(owner, .POST, "/quotes/\(try id(quote))/send") : quote
    }

    func order(of owner: String, status: String = "confirmed") async throws -> [String: Any] {
        try await made(owner, .POST, "/orders", ["customer_id": try await customer(of: owner), "lines": lines, "status": status])
    }

    func deliveredOrder(of owner: String) async throws -> [String: Any] {
        let order = try await order(of: owner)
        return try await made(owner, .PATCH, "/orders/\(try id(order))", ["version": version(order), "status": "delivered"])
    }

    func bid(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/bids", [
            "customer_id": try await customer(of: owner), "tender_number": "ZB-\(next())", "title": "机房改造",
            "submission_deadline": "2030-10-20T10:00:00+08:00",
        ])
    }

    /// A bid of `owner`'s and an attachment on it.
    func attachment(of owner: String) async throws -> (bid: Int, attachment: Int) {
        let bid = try id(try await bid(of: owner))
        let file = try await made(owner, .POST, "/bids/\(bid)/attachments?filename=a.pdf", bytes: Array("%PDF-1.4".utf8),
                                  contentType: "application/pdf")
        return (bid, try id(file))
    }

    // MARK: Company-wide records, made by an administrator (or, for personal ones, by their owner)

    func segment(of owner: String) async throws -> [String: Any] {
        try await made(owner, .POST, "/segments", ["name": "分组\(next())", "filter": "industry=x"])
    }

    func product() async throws -> [String: Any] {
        try await made("admin", .POST, "/products", ["sku": "M-\(next() + 1)", "name": "产品\(next())"])
    }

    func followUpRule() async throws -> [String: Any] {
        try await made("admin", .POST, "/follow-up-rules", ["name": "规则\(next())", "trigger": "no_interaction", "days": 30, "task_title": "回访"])
    }

    func stage() async throws -> [String: Any] {
        let n = next()
        return try await made("admin", .POST, "/pipeline-stages", ["name_en": "Stage \(n)", "name_zh": "阶段\(n)", "position": 100 + n % 400, "probability": 40])
    }

    func team() async throws -> [String: Any] { try await made("admin", .POST, "/teams", ["name": "团队\(next())"]) }

    func salesChannel() async throws -> [String: Any] {
        let n = next()
        return try await made("admin", .POST, "/sales-channels", ["code": "channel_\(n)", "name_en": "Channel \(n)", "name_zh": "渠道\(n)"])
    }

    func user() async throws -> [String: Any] {
        let n = next()
        return try await made("admin", .POST, "/users", ["username": "user\(n)", "display_name": "用户\(n)", "role": "sales", "password": TestCompany.password])
    }

    func salesTarget(of owner: String) async throws -> [String: Any] {
        try await made("admin", .PUT, "/sales-targets", ["user_id": userID(owner), "month": "2026-\(String(format: "%02d", next() % 12 + 1))", "amount": 1_000])
    }

    /// A fresh token of `owner`'s, signed in anew.
    func token(of owner: String) async throws -> Int {
        let issued = try await APIClient(app).send(.POST, "/api/v1/auth/token", json: ["username": owner, "password": password(owner)])
        return try #require(issued.object?["id"] as? Int)
    }
}

struct MatrixSetupFailed: Error, CustomStringConvertible {
    let what: String
    var description: String { "setting up a cell failed: \(what)" }
}
