import Foundation
import Testing
import Vapor
@testable import GuanxiServer

/// A small company for access tests: two sales teams, each role once, each rep with a customer of their own.
struct TestCompany {
    let admin: APIClient
    var clients: [String: APIClient] = [:]
    var userIDs: [String: Int] = [:]
    var teamIDs: [String: Int] = [:]
    /// Customer name → id; "east-1" is owned by sales1 (team east), "east-2" by sales2 (east), "west-1" by sales3 (west).
    var customers: [String: Int] = [:]

    static let password = "a-good-password-1"

    static func make(_ app: Application) async throws -> TestCompany {
        var company = TestCompany(admin: try await APIClient.signIn(app))
        for team in ["east", "west"] {
            let created = try await company.admin.send(.POST, "/api/v1/teams", json: ["name": team])
            company.teamIDs[team] = try #require(created.object?["id"] as? Int)
        }
        let people: [(String, String, String?)] = [
            ("manager1", "manager", "east"), ("sales1", "sales", "east"), ("sales2", "sales", "east"), ("sales3", "sales", "west"),
            ("service1", "service", nil), ("marketing1", "marketing", nil), ("analyst1", "analyst", nil),
        ]
        for (name, role, team) in people {
            var body: [String: Any] = ["username": name, "display_name": name, "role": role, "password": password]
            if let team { body["team_id"] = company.teamIDs[team] }
            let created = try await company.admin.send(.POST, "/api/v1/users", json: body)
            company.userIDs[name] = try #require(created.object?["id"] as? Int)
            company.clients[name] = try await APIClient.signIn(app, username: name, password: password)
        }
        for (customer, owner) in [("east-1", "sales1"), ("east-2", "sales2"), ("west-1", "sales3")] {
            let created = try await company.client(owner).send(.POST, "/api/v1/customers", json: [
                "name": "客户 \(customer)", "phone": "021-5555-\(customer.hashValue & 0xFFF | 0x1000)", "industry": "制造业",
            ])
            #expect(created.status == .created)
            company.customers[customer] = try #require(created.object?["id"] as? Int)
        }
        return company
    }

    func client(_ name: String) -> APIClient {
        clients[name]!
    }
}
